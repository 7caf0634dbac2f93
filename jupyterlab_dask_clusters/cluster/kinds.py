"""How each kind of site builds a cluster: ``local``, ``gateway``, ``jobqueue``, ``class``.

A kind knows three things: which package it needs (checked without importing it), which
option names its constructor accepts (so a typo is refused before anything starts), and how
to build the cluster. Dask and friends are imported only inside ``build``/``option_names``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from ..protocol import ProtocolError
from .options import MANAGED_OPTIONS

if TYPE_CHECKING:
    from ..protocol import SiteSpec

    class ClusterKind(Protocol):
        """What the controller needs of a kind (see ``local``, ``gateway``, ``jobqueue``)."""

        #: the import name the kind needs in the kernel, and the name to pip-install it by
        package: str
        distribution: str
        #: True when new workers start from the kernel's environment (local processes, sbatch), so
        #: variables set in the kernel reach them without a plugin. A kind whose workers do not
        #: inherit it builds an empty cluster, which the controller scales after registering the
        #: workers' environment plugin.
        workers_inherit_env: bool

        def option_names(self, spec: SiteSpec) -> frozenset[str] | None:
            """The options the constructor accepts; None when only the cluster backend knows."""

        def check_values(self, options: dict[str, Any]) -> None:
            """Optional: raise ``ProtocolError`` (``invalid``) for a value the constructor
            would refuse, before anything starts."""

        def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
            """Build and return a started cluster with ``workers`` workers (None: its default;
            ignored by kinds whose workers do not inherit the kernel's environment)."""

        def warm(self, spec: SiteSpec) -> None:
            """Optional: import what ``build`` will need, without starting anything (run in
            the agent's warm-up thread, see ``agent.warmup``)."""

        def prime(self, spec: SiteSpec) -> None:
            """Optional: after ``warm``, do what only a process's first ``build`` does
            (compile patterns, read metadata), without starting anything."""


#: Kind name → what makes it. ``local`` and ``class`` are the core's own; the other kinds are
#: registered by their feature (``gateway/``, ``jobqueue/``), which the agent imports.
_KINDS: dict[str, Callable[[], ClusterKind]] = {}


def register_kind(name: str, make: Callable[[], ClusterKind]) -> None:
    """Make ``get_kind(name)`` return ``make()``: ``make`` imports the kind's module when first
    called, so that `import jupyterlab_dask_clusters.agent` stays cheap."""
    _KINDS[name] = make


def get_kind(name: str) -> ClusterKind:
    make = _KINDS.get(name)
    if make is None:
        raise ProtocolError("invalid", f"Unknown kind of site {name!r}.")
    return make()


def _local() -> ClusterKind:
    from .local import LocalKind

    return LocalKind()


def _class() -> ClusterKind:
    from .cls import ClassKind

    return ClassKind()


register_kind("local", _local)
register_kind("class", _class)


def unavailable_reason(spec: SiteSpec) -> str | None:
    """Why a site cannot start in this kernel, or None. Does not import the kind's package."""
    if spec["kind"] == "class":
        from .cls import unavailable_reason as class_unavailable_reason

        return class_unavailable_reason(spec)
    kind = get_kind(spec["kind"])
    if importlib.util.find_spec(kind.package) is None:
        return f"The package {kind.distribution} is not installed in this kernel."
    own_check = getattr(kind, "unavailable_reason", None)  # e.g. a job queue's submit command
    return own_check(spec) if own_check else None


def missing_options(spec: SiteSpec) -> list[str]:
    """The required options of an available site that have no value in this kernel (a job
    queue's account, say): the user must give them before a start can work."""
    own_check = getattr(get_kind(spec["kind"]), "missing_options", None)
    return own_check(spec) if own_check else []


def check_option_names(site_id: str, spec: SiteSpec, names: list[str]) -> None:
    """Refuse option names the site's constructor does not accept, naming the closest one."""
    allowed = get_kind(spec["kind"]).option_names(spec)
    if allowed is None:
        return
    for name in names:
        if name in allowed:
            continue
        if name in MANAGED_OPTIONS:
            raise ProtocolError(
                "invalid",
                f"The option {name!r} is set by the number of workers or adapt bounds, "
                "not as an option.",
            )
        import difflib

        close = difflib.get_close_matches(name, sorted(allowed), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ProtocolError("invalid", f"Unknown option {name!r} for site {site_id!r}{hint}.")


def check_option_values(spec: SiteSpec, options: dict[str, Any]) -> None:
    """Refuse, in one line, a value the site's constructor would refuse (kinds that know)."""
    check = getattr(get_kind(spec["kind"]), "check_values", None)
    if check is not None:
        check(options)
