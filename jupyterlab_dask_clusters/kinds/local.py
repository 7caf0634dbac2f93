"""Kind ``local``: ``distributed.LocalCluster`` in the kernel's host, as the seed code does."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from ..protocol import ProtocolError
from . import parameter_names

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..protocol import SiteSpec

# Worker-side parameters LocalCluster fills in itself; setting them would detach the workers.
_WORKER_INTERNALS = frozenset({"scheduler_ip", "scheduler_port", "scheduler_file", "nanny"})


@functools.cache
def _option_names() -> frozenset[str]:
    from distributed import LocalCluster, Nanny, Worker

    # LocalCluster passes its **worker_kwargs on to the Nanny (processes) or the Worker.
    names = parameter_names(LocalCluster.__init__, Nanny.__init__, Worker.__init__)
    return names - _WORKER_INTERNALS


def _whole_at_least_one(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _memory(value: Any) -> bool:
    if value is None or value == "auto":
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value >= 0
    if not isinstance(value, str):
        return False
    from dask.utils import parse_bytes

    try:
        return parse_bytes(value) >= 0
    except ValueError:
        return False


#: Checks of the values users set most, made before anything starts: a wrong value otherwise
#: fails inside a worker process, with its traceback spilled into the cell.
_VALUE_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "threads_per_worker": (_whole_at_least_one, "a whole number of at least 1"),
    "memory_limit": (_memory, 'a size such as "4GB", a number of bytes, "auto" or null'),
    "processes": (lambda value: isinstance(value, bool), "true or false"),
}


class LocalKind:
    package = "distributed"
    distribution = "distributed"
    workers_inherit_env = True  # worker processes are spawned from the kernel

    def option_names(self, spec: SiteSpec) -> frozenset[str]:
        return _option_names()

    def check_values(self, options: dict[str, Any]) -> None:
        for name, (valid, expected) in _VALUE_CHECKS.items():
            if name in options and not valid(options[name]):
                raise ProtocolError(
                    "invalid",
                    f"The option {name!r} cannot be {json.dumps(options[name])}: "
                    f"it must be {expected}.",
                )

    def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
        from distributed import LocalCluster

        # n_workers=None keeps LocalCluster's own sizing (e.g. cpu_count // threads_per_worker),
        # exactly what `LocalCluster(threads_per_worker=…)` in the seed code gives.
        return LocalCluster(n_workers=workers, **options)
