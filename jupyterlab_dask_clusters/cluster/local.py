"""Kind ``local``: ``distributed.LocalCluster`` in the kernel's host, as the seed code does."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .options import WHOLE, ValueCheck, parameter_names, refuse_wrong_values, size
from .warming import import_scheduler_modules, prime_scheduler

if TYPE_CHECKING:
    from ..protocol import SiteSpec

# Worker-side parameters LocalCluster fills in itself; setting them would detach the workers.
_WORKER_INTERNALS = frozenset({"scheduler_ip", "scheduler_port", "scheduler_file", "nanny"})


@functools.cache
def _option_names() -> frozenset[str]:
    from distributed import LocalCluster, Nanny, Worker

    # LocalCluster passes its **worker_kwargs on to the Nanny (processes) or the Worker.
    names = parameter_names(LocalCluster.__init__, Nanny.__init__, Worker.__init__)
    return names - _WORKER_INTERNALS


def _memory_limit(value: Any) -> bool:
    return value is None or value == "auto" or size(value)


#: Checks of the values users set most, made before anything starts.
_VALUE_CHECKS: dict[str, ValueCheck] = {
    "threads_per_worker": WHOLE,
    "memory_limit": (_memory_limit, 'a size such as "4GB", a number of bytes, "auto" or null'),
    "processes": (lambda value: isinstance(value, bool), "true or false"),
}


class LocalKind:
    package = "distributed"
    distribution = "distributed"
    workers_inherit_env = True  # worker processes are spawned from the kernel

    def option_names(self, spec: SiteSpec) -> frozenset[str]:
        return _option_names()

    def check_values(self, options: dict[str, Any]) -> None:
        refuse_wrong_values(options, _VALUE_CHECKS)

    def warm(self, spec: SiteSpec) -> None:
        import_scheduler_modules()
        _option_names()

    def prime(self, spec: SiteSpec) -> None:
        prime_scheduler()
        if spec["options"].get("processes", True) is not False:
            # Worker processes start multiprocessing's resource tracker, a small process that
            # lives as long as the kernel; started now, it does not compete with the first
            # workers for the CPU (~50 ms of a first start on 2 cores).
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()

    def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
        from distributed import LocalCluster

        # n_workers=None keeps LocalCluster's own sizing (e.g. cpu_count // threads_per_worker),
        # exactly what `LocalCluster(threads_per_worker=…)` in the seed code gives.
        return LocalCluster(n_workers=workers, **options)
