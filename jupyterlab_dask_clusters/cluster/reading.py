"""Reading a cluster object (distributed's or a gateway's; both keep ``scheduler_info``), or a
client without one, for the snapshot. Every read is safe: a cluster that cannot be read reads as
nothing. No read talks to the scheduler: clusters and clients keep what they read themselves."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..protocol import Adapt, Capability, Kind

#: How an adaptive maximum of "no limit" (``cluster.adapt()`` without one) is reported.
UNBOUNDED = 2**31 - 1


def lifecycle(cluster: Any) -> str:
    """``running``, ``stopping`` or ``closed`` (a failed cluster is closed)."""
    status = getattr(cluster, "status", None)
    name = getattr(status, "name", status)  # distributed's Status enum, or a gateway's string
    if name in ("closed", "failed"):
        return "closed"
    if name == "closing":
        return "stopping"
    return "running"


def ready_workers(cluster: Any) -> list[dict[str, Any]]:
    """The scheduler's worker entries (``nthreads``, ``memory_limit``, …); none for no cluster."""
    workers = safe_read(lambda c: list(c.scheduler_info.get("workers", {}).values()), cluster)
    return workers or []


def worker_totals(cluster: Any, client: Any) -> tuple[int, int, int]:
    """Ready workers, threads and memory (bytes): from the cluster's worker entries, else from
    the totals a client refreshes on its own (``distributed.client.scheduler-info-interval``)."""
    if cluster is not None:
        workers = ready_workers(cluster)
        return (
            len(workers),
            sum(int(w.get("nthreads") or 0) for w in workers),
            sum(int(w.get("memory_limit") or 0) for w in workers),
        )
    identity = safe_read(lambda c: dict(c._scheduler_identity), client) or {}
    return (
        int(identity.get("n_workers") or 0),
        int(identity.get("total_threads") or 0),
        int(identity.get("total_memory") or 0),
    )


def scheduler_address(client: Any) -> str | None:
    """The scheduler address a client talks to."""
    return safe_read(lambda c: c.scheduler.address or None, client)


def capabilities(cluster: Any) -> list[Capability]:
    """What the panel can do with a cluster made elsewhere: ``scale`` and ``adapt`` when its
    class implements them (distributed's base ``Cluster.scale`` only raises), ``stop`` always
    (for a client without a cluster manager, stop closes the client)."""
    if cluster is None:
        return ["stop"]
    scale = getattr(type(cluster), "scale", None)
    base = _base_cluster_class()
    if scale is None or (base is not None and scale is base.scale):
        return ["stop"]
    return (
        ["scale", "adapt", "stop"]
        if callable(getattr(cluster, "adapt", None))
        else [
            "scale",
            "stop",
        ]
    )


def kind_of(cluster: Any) -> Kind:
    """The kind of site a cluster made elsewhere looks like, by its class's module."""
    module = type(cluster).__module__
    if module.startswith("dask_gateway"):
        return "gateway"
    if module.startswith("dask_jobqueue"):
        return "jobqueue"
    if module.startswith("distributed.deploy.local"):
        return "local"
    return "class"


def _base_cluster_class() -> Any:
    try:
        from distributed.deploy.cluster import Cluster
    except ImportError:
        return None
    return Cluster


def adaptive_bounds(adaptive: Any) -> Adapt | None:
    """The bounds of distributed's ``cluster._adaptive`` while it runs, else None."""
    if adaptive is None or getattr(adaptive, "state", None) not in ("starting", "running"):
        return None
    maximum = adaptive.maximum
    if isinstance(maximum, float) and math.isinf(maximum):
        maximum = UNBOUNDED
    return {"minimum": int(adaptive.minimum), "maximum": int(maximum)}


def safe_read(read: Callable[[Any], Any], cluster: Any) -> Any:
    """``read(cluster)``, or None when there is no cluster or it cannot be read."""
    if cluster is None:
        return None
    for _ in range(3):
        try:
            return read(cluster)
        except RuntimeError:  # a dict changed size under us (the cluster's thread): read again
            continue
        except Exception:
            return None
    return None


def dashboard_link(cluster: Any) -> str | None:
    """``cluster.dashboard_link``, or None when it has none.

    distributed formats ``distributed.dashboard.link`` with the kernel's environment, so a
    JupyterHub-style ``{JUPYTERHUB_SERVICE_PREFIX}proxy/{port}/status`` raises ``KeyError``
    in a kernel without that variable (a plain Jupyter server). The link is then formatted
    with the missing names empty (``proxy/8787/status``), relative to the server's base URL
    like the hub's, rather than lost.
    """
    try:
        return cluster.dashboard_link or None
    except KeyError:
        return _link_with_missing_names_empty(cluster)


def _link_with_missing_names_empty(cluster: Any) -> str | None:
    import collections
    import os
    from urllib.parse import urlsplit

    import dask

    port = cluster.scheduler_info["services"]["dashboard"]
    host = urlsplit(cluster.scheduler_address).hostname
    tls = dask.config.get("distributed.scheduler.dashboard.tls.cert", None)
    names = collections.defaultdict(
        str, os.environ, scheme="https" if tls else "http", host=host, port=port
    )
    return dask.config.get("distributed.dashboard.link").format_map(names) or None


def other_clients(shown: Any) -> int:
    """How many live default-able clients there are besides ``shown``."""
    if "distributed" not in sys.modules:
        return 0
    clients = getattr(sys.modules.get("distributed.client"), "_global_clients", None)
    if not clients:
        return 0
    for _ in range(3):  # read from the watcher thread: a cell may add a client meanwhile
        try:
            live = {id(c) for c in list(clients.values()) if getattr(c, "status", "") != "closed"}
        except RuntimeError:
            continue
        live.discard(id(shown))
        return len(live)
    return 0
