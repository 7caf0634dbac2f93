"""What the kernel's machine holds and what one worker of a local site takes: the panel warns,
quietly, before a local start that asks for more threads or memory than the machine has
(``src/cluster/capacity.ts`` does the sum for the size typed)."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from .options import size_in_bytes

if TYPE_CHECKING:
    from ..protocol import Machine, SiteSpec, WorkerSize


def machine_cpus() -> int:
    """The cores ``{"$cpu_count": true}`` stands for (the seed code's ``os.cpu_count()``)."""
    return os.cpu_count() or 1


def machine() -> Machine:
    """This host's cores and memory in bytes (None when psutil cannot tell)."""
    memory = None
    with contextlib.suppress(ImportError, OSError):
        import psutil  # distributed's own dependency

        memory = int(psutil.virtual_memory().total)
    return {"cpus": machine_cpus(), "memory": memory}


def worker_size(spec: SiteSpec) -> WorkerSize | None:
    """A local site's threads and memory limit per worker, as configured (None each where
    LocalCluster shares the machine out itself); None for the other kinds, whose workers run
    elsewhere."""
    if spec["kind"] != "local":
        return None
    options = spec["options"]
    return {
        "threads": _threads(options.get("threads_per_worker")),
        "memory": _memory(options.get("memory_limit")),
    }


def _threads(value: Any) -> int | None:
    if value == {"$cpu_count": True}:
        return machine_cpus()
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _memory(value: Any) -> int | None:
    """A memory limit in bytes; ``"auto"``, a fraction of the machine or anything unreadable
    leave the share to LocalCluster."""
    if value == "auto":  # dask is not imported to read that
        return None
    found = size_in_bytes(value)
    return int(found) if found is not None and found > 1 else None
