"""Talking to a Dask Gateway (configured by dask config, as on Nebari) within a time limit:
its options, this user's clusters, connecting to one and shutting one down.

Every call to the gateway's API is bounded by ``TIMEOUT`` and its failures become one clear
sentence (``ProtocolError``): unreachable, credentials refused, a value refused. Nothing here
creates a cluster; ``kind.py`` does, after the same checks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import one_sentence
from ..protocol import ProtocolError

if TYPE_CHECKING:
    from ..protocol import GatewayCluster

    T = TypeVar("T")

#: Seconds one call to the gateway's API may take: an unreachable gateway or one that does
#: not answer is reported well within the 10 s a user waits for the panel.
TIMEOUT = 8.0


@contextlib.contextmanager
def open_gateway() -> Iterator[Any]:
    """``dask_gateway.Gateway()`` from dask config (``gateway.address``, ``gateway.auth``…),
    closed when the block ends (its HTTP session and its event loop's thread)."""
    from dask_gateway import Gateway

    try:
        gateway = Gateway()
    except Exception as exc:
        raise ProtocolError(
            "failed", one_sentence("The Dask Gateway is not configured in this kernel", exc)
        ) from None
    try:
        yield gateway
    finally:
        _close(gateway)


def _close(gateway: Any) -> None:
    try:
        gateway.close()
    except Exception:
        logging.getLogger(__name__).warning("Closing the Dask Gateway client failed", exc_info=True)
    _disarm(gateway)


def _disarm(gateway: Any) -> None:
    """dask-gateway closes a Gateway again when it is collected, which fails once it is closed
    (and may then wait on a stopped loop), printing a traceback into whichever cell runs at
    that moment: leave nothing for that to close."""
    vars(gateway).pop("_loop_runner", None)


def disarm_closed_cluster(thing: Any) -> None:
    """The same for the Gateway of a ``GatewayCluster`` once the cluster is closed."""
    from dask_gateway import GatewayCluster

    if isinstance(thing, GatewayCluster) and thing.status == "closed":
        _disarm(thing.gateway)


def call(gateway: Any, make: Callable[[], Awaitable[T]], doing: str) -> T:
    """Run ``make()`` (one of the gateway's coroutines) on its loop, within ``TIMEOUT``."""

    async def bounded() -> T:
        return await asyncio.wait_for(make(), TIMEOUT)

    where = f"The Dask Gateway at {gateway.address}"
    try:
        return gateway.sync(bounded)
    except (asyncio.TimeoutError, TimeoutError):
        raise ProtocolError(
            "failed", f"{where} did not answer within {TIMEOUT:g} s ({doing})."
        ) from None
    except ValueError as exc:  # 404/422: the gateway's own words (unknown cluster, bad value)
        raise ProtocolError("invalid", one_sentence(f"{where} refused {doing}", exc)) from None
    except Exception as exc:
        raise ProtocolError("failed", _explain(where, doing, exc)) from None


def _explain(where: str, doing: str, exc: Exception) -> str:
    status = getattr(exc, "status", None)  # aiohttp.ClientResponseError
    if status in (401, 403):
        return (
            f"{where} refused the credentials (HTTP {status}) while {doing}: "
            "check gateway.auth in the dask config."
        )
    if isinstance(status, int):
        return f"{where} answered HTTP {status} while {doing}."
    if isinstance(exc, OSError) or type(exc).__module__.startswith("aiohttp"):
        return one_sentence(f"{where} cannot be reached ({doing})", exc)
    return one_sentence(f"{where} failed while {doing}", exc)


def cluster_options(gateway: Any) -> Any:
    """The gateway's ``Options`` (with the dask config's ``gateway.cluster.options`` applied,
    as ``Gateway.cluster_options()`` does)."""

    async def fetch() -> Any:
        return await gateway._cluster_options(use_local_defaults=True)

    return call(gateway, fetch, "reading its cluster options")


def _scalar_options(options: dict[str, Any]) -> dict[str, Any]:
    """A cluster's options as the browser may see them: no mappings (``environment_vars``
    of a cluster started by other code may hold secrets)."""
    return {k: v for k, v in options.items() if isinstance(v, (str, int, float, bool))}


def list_clusters(gateway: Any, current: str | None) -> list[GatewayCluster]:
    """This user's pending and running clusters, oldest first, with their number of workers
    where the scheduler's dashboard answers (else None)."""

    async def fetch() -> list[GatewayCluster]:
        reports = await gateway._clusters()
        counts = await asyncio.gather(*(_worker_count(gateway, r) for r in reports))
        pairs = zip(reports, counts)  # gather keeps one result per report (no strict= on 3.9)
        return [_summary(report, workers, current) for report, workers in pairs]

    clusters = call(gateway, fetch, "listing the clusters")
    return sorted(clusters, key=lambda c: (c["started"] or 0, c["name"]))


async def _worker_count(gateway: Any, report: Any) -> int | None:
    link = report.dashboard_link
    if report.status.name != "RUNNING" or not link or not link.endswith("/status"):
        return None
    try:
        resp = await gateway._request("GET", link[: -len("status")] + "json/counts.json")
        return int((await resp.json())["workers"])
    except Exception:
        return None


def _summary(report: Any, workers: int | None, current: str | None) -> GatewayCluster:
    started = report.start_time.timestamp() if report.start_time else None
    link = report.dashboard_link
    return {
        "name": report.name,
        "status": report.status.name.lower(),
        "workers": workers,
        "started": started,
        "dashboard_link": link if link and link.startswith(("http://", "https://")) else None,
        "options": _scalar_options(dict(report.options or {})),
        "current": report.name == current,
    }


def shutdown(gateway: Any, name: str) -> None:
    """Stop the cluster ``name`` on the gateway (its workers and scheduler go)."""

    async def stop() -> None:
        await gateway._cluster_report(name)  # an unknown name is refused, not ignored
        await gateway._stop_cluster(name)

    call(gateway, stop, f"shutting down {name!r}")


def submit(gateway: Any, options: Any) -> str:
    """Submit a new cluster with ``options``; its name (it is pending from now on).

    A submission cut short (an interrupt, the time limit) may still have reached the gateway:
    it is then awaited within ``TIMEOUT`` and the cluster it made shut down."""
    submitted: list[asyncio.Future[str]] = []

    async def submitting() -> str:
        submitted.append(asyncio.ensure_future(gateway._submit(options)))
        return await asyncio.shield(submitted[0])  # cutting this short leaves the POST going

    try:
        return call(gateway, submitting, "submitting a cluster")
    except (Exception, KeyboardInterrupt) as exc:
        if submitted and not _kernel_exiting(exc):
            _withdraw(gateway, submitted[0])
        raise


def _withdraw(gateway: Any, submission: asyncio.Future[str]) -> None:
    async def withdraw() -> None:
        try:
            name = await asyncio.wait_for(submission, TIMEOUT)
        except BaseException:  # refused, cut off or never answered: nothing was made
            return
        await asyncio.wait_for(gateway._stop_cluster(name), TIMEOUT)

    try:
        gateway.sync(withdraw)
    except Exception:
        logging.getLogger(__name__).warning("Withdrawing a submission failed", exc_info=True)


def wait_until_running(name: str) -> Any:
    """A ``GatewayCluster`` for the submitted cluster ``name`` once it runs.

    From then on it is this kernel's: closing it (Stop, or the kernel shutting down normally,
    when dask-gateway closes its clusters) shuts it down. A start that fails, or that the user
    interrupts (Stop while starting), shuts the pending cluster down; a kernel that exits or
    restarts meanwhile leaves it on the gateway, where Gateway clusters lists it (connect to
    it or shut it down there).
    """
    from dask_gateway import GatewayCluster

    try:
        cluster = GatewayCluster.from_name(name, shutdown_on_close=False)
    except (Exception, KeyboardInterrupt) as exc:  # failed, or Stop while starting
        if not _kernel_exiting(exc):
            with contextlib.suppress(ProtocolError), open_gateway() as gateway:
                shutdown(gateway, name)
        raise
    cluster.shutdown_on_close = True
    return cluster


def _kernel_exiting(exc: BaseException, grace: float = 1.0) -> bool:
    """Whether an interrupt is the start of a kernel shutdown or restart (jupyter_client
    interrupts a kernel, then asks it to shut down): a pending cluster then stays on the
    gateway to be found again, while the user's own interrupt (Stop) withdraws it."""
    if not isinstance(exc, KeyboardInterrupt):
        return False
    import time

    try:
        from IPython import get_ipython
    except ImportError:  # not in a kernel: nothing restarts it
        return False
    shell = get_ipython()
    deadline = time.monotonic() + grace
    while shell is not None and time.monotonic() < deadline:
        if shell.exit_now:  # set by the kernel's shutdown_request handler
            return True
        time.sleep(0.05)
    return False


def connect(gateway: Any, name: str) -> Any:
    """A ``GatewayCluster`` for the running cluster ``name``, which this kernel then owns:
    closing it (Stop, or the kernel shutting down normally) shuts it down."""
    from dask_gateway import GatewayCluster

    report = call(gateway, lambda: gateway._cluster_report(name), f"finding {name!r}")
    if report.status.name != "RUNNING":
        raise ProtocolError(
            "conflict",
            f"The gateway cluster {name!r} is {report.status.name.lower()}, not running; "
            "connect once it runs.",
        )
    try:
        return GatewayCluster.from_name(name, shutdown_on_close=True)
    except Exception as exc:
        raise ProtocolError("failed", one_sentence(f"Connecting to {name!r} failed", exc)) from None
