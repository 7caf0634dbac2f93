"""Checks of what a site gives its kind's constructor, made before anything starts: the option
names it takes, the option values users set most (a wrong value otherwise fails inside a worker
process or a batch job, with a traceback spilled into the cell; one rule per sort of value, for
every kind of site), and the site's environment variables."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ..protocol import ProtocolError

#: A check of one option's value, and what the value must be (said when it is refused).
ValueCheck = tuple["Callable[[Any], bool]", str]


def whole_at_least_one(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def size_in_bytes(value: Any) -> float | None:
    """A number of bytes, or a size dask reads (``"4GB"``, ``"512 MiB"``), in bytes; None
    when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    from dask.utils import parse_bytes

    try:
        parsed = parse_bytes(value)
    except ValueError:
        return None
    return parsed if parsed >= 0 else None


def size(value: Any) -> bool:
    """A number of bytes, or a size dask reads (``"4GB"``, ``"512 MiB"``)."""
    return size_in_bytes(value) is not None


WHOLE = (whole_at_least_one, "a whole number of at least 1")
SIZE = (size, 'a size such as "4GB" or a number of bytes')


def or_null(check: ValueCheck) -> ValueCheck:
    """``check``, or no value (the cluster's own default)."""
    valid, expected = check
    return (lambda value: value is None or valid(value), f"{expected}, or null")


def refuse_wrong_values(options: Mapping[str, Any], checks: Mapping[str, ValueCheck]) -> None:
    """Refuse (``invalid``, one line naming the option, the value and what is expected) the
    first option whose value fails its check."""
    for name, (valid, expected) in checks.items():
        if name in options and not valid(options[name]):
            raise ProtocolError(
                "invalid",
                f"The option {name!r} cannot be {json.dumps(options[name])}: "
                f"it must be {expected}.",
            )


#: Constructor arguments the controller sets itself (sizing, event loop), never options.
MANAGED_OPTIONS = frozenset({"n_workers", "loop", "asynchronous", "start", "ip"})


def parameter_names(*callables: Any) -> frozenset[str]:
    """Keyword parameter names of ``callables``, without ``self``, ``*args``, ``**kwargs``."""
    import inspect

    names: set[str] = set()
    for func in callables:
        for param in inspect.signature(func).parameters.values():
            if param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
                names.add(param.name)
    names.discard("self")
    return frozenset(names - MANAGED_OPTIONS)


def check_site_env(site_id: str, env: Mapping[str, str]) -> None:
    """Refuse (``invalid``) a site variable that no environment can hold."""
    for name, value in env.items():
        if not name or "=" in name or "\x00" in name or "\x00" in value:
            raise ProtocolError(
                "invalid",
                f"Site {site_id!r} has an environment variable {name!r} that cannot be set.",
            )
