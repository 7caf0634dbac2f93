"""Reading a cluster object (distributed's or a gateway's; both keep ``scheduler_info``) for
the snapshot. Every read is safe: a cluster that cannot be read reads as nothing."""

from __future__ import annotations

import math

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from .protocol import Adapt

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
