"""The cluster of this kernel: start, scale, adapt, stop, and a snapshot of how it is now.

The controller leaves ``cluster`` and ``client`` in the user's namespace exactly as the seed
set-up code does, and reads the cluster itself for every snapshot, so a cell that calls
``cluster.scale()`` or ``cluster.close()`` directly is noticed too.

Operations run on the kernel's main thread (a comm message or a magic, one at a time, like a
cell); ``snapshot()`` may also be called from the agent's watcher thread, so state is guarded
by a lock that is never held while a cluster starts or stops.
"""

from __future__ import annotations

import math
import os
import threading

from . import kinds, sites
from .protocol import ProtocolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Mapping, MutableMapping
    from typing import Any

    from .protocol import Adapt, Kind, ProfileSummary, SiteSpec, Snapshot, Status

#: Name of the nanny plugin that sets the workers' environment (one per cluster, replaced).
ENV_PLUGIN_NAME = "jupyterlab-dask-clusters-environ"
#: How an adaptive maximum of "no limit" (``cluster.adapt()`` without one) is reported.
UNBOUNDED = 2**31 - 1

_LIVE: frozenset[Status] = frozenset({"starting", "running", "stopping"})


class StartPlan:
    """A start that passed every check; nothing has been changed yet."""

    __slots__ = ("adapt", "options", "site_id", "spec", "workers")

    def __init__(
        self,
        site_id: str,
        spec: SiteSpec,
        options: dict[str, Any],
        workers: int | None,
        adapt: Adapt | None,
    ) -> None:
        self.site_id = site_id
        self.spec = spec
        self.options = options
        self.workers = workers
        self.adapt = adapt


class Controller:
    def __init__(self, namespace: MutableMapping[str, Any] | None = None) -> None:
        #: Where ``cluster`` and ``client`` go: the IPython user namespace in a kernel.
        self.namespace: MutableMapping[str, Any] = {} if namespace is None else namespace
        #: Called (without arguments) when a long operation begins: ``starting``, ``stopping``.
        self.on_change: Callable[[], None] = lambda: None
        #: The applied AWS profile, for the snapshot.
        self.profile: Callable[[], ProfileSummary | None] = lambda: None

        self._lock = threading.RLock()
        self._status: Status = "none"
        self._site_id: str | None = None
        self._kind: Kind | None = None
        self._error: str | None = None
        self._cluster: Any = None
        self._client: Any = None
        # What was asked, for clusters that do not expose it (a gateway's live in its server).
        self._requested = 0
        self._adapt: Adapt | None = None
        self._worker_env: dict[str, str] = {}
        self._env_plugin = False  # whether this cluster has our Environ plugin
        self._seq = 0
        self._last = self._describe()

    # -----------------------------------------------------------------------------------------
    # State
    # -----------------------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        with self._lock:
            return self._status

    @property
    def live(self) -> bool:
        """Whether there is a cluster starting, running or stopping (worth watching)."""
        return self.status in _LIVE

    def snapshot(self) -> Snapshot:
        """The state now. ``seq`` increases only when something differs from the last one."""
        with self._lock:
            orphan = self._reap()
            body = self._describe()
            if body != self._last:
                self._seq += 1
                self._last = body
            snapshot: Snapshot = {"seq": self._seq, **body}  # type: ignore[typeddict-item]
        _close_quietly(orphan)
        return snapshot

    def _reap(self) -> Any:
        """If the cluster was closed behind our back (``cluster.close()`` in a cell), forget it
        and hand back our client to close; the user's variables are left as they are."""
        if self._status != "running" or _lifecycle(self._cluster) != "closed":
            return None
        client = self._client
        self._forget("stopped")
        return client

    def _describe(self) -> dict[str, Any]:
        status = self._status
        cluster = self._cluster if status in _LIVE else None
        if cluster is not None and status == "running" and _lifecycle(cluster) == "stopping":
            status = "stopping"
        workers = _ready_workers(cluster)
        adapt = self._adapt
        if cluster is not None and hasattr(cluster, "_adaptive"):
            # distributed clusters adapt in the kernel: read it, so cluster.adapt() in a cell shows.
            adapt = _adaptive_bounds(cluster._adaptive)
        return {
            "status": status,
            "site": self._site_id if status not in ("none", "stopped") else None,
            "kind": self._kind if status not in ("none", "stopped") else None,
            "name": _safe(repr, cluster),
            "dashboard_link": _safe(lambda c: c.dashboard_link or None, cluster),
            "workers": {
                "ready": len(workers),
                "requested": self._requested_workers(cluster, adapt, len(workers)),
            },
            "threads": sum(int(w.get("nthreads") or 0) for w in workers),
            "memory": sum(int(w.get("memory_limit") or 0) for w in workers),
            "adapt": adapt,
            "error": self._error if status == "failed" else None,
            "profile": self.profile(),
        }

    def _requested_workers(self, cluster: Any, adapt: Adapt | None, ready: int) -> int:
        if cluster is None:
            return self._requested if self._status == "starting" else 0
        plan = _safe(lambda c: len(c.plan), cluster)
        if plan is not None:  # SpecCluster: the worker spec, which adaptivity also drives
            return plan
        return ready if adapt else self._requested

    # -----------------------------------------------------------------------------------------
    # Operations
    # -----------------------------------------------------------------------------------------

    def plan_start(
        self,
        site_id: str,
        spec: SiteSpec,
        *,
        workers: int | None = None,
        adapt: Adapt | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> StartPlan:
        """Check a start without changing anything: ``conflict`` if a cluster is live,
        ``invalid`` for a kind that is unavailable or an option its constructor lacks."""
        self._require_not_live()
        reason = kinds.unavailable_reason(spec)
        if reason:
            raise ProtocolError("invalid", f"Site {site_id!r} cannot start here: {reason}")
        resolved = sites.site_options(site_id, spec, options)
        if workers is None and adapt is None:  # the request said neither: the site's default
            workers, adapt = spec["workers"], spec["adapt"]
        return StartPlan(site_id, spec, resolved, workers, adapt)

    def start(self, plan: StartPlan) -> None:
        """Build the cluster, connect a client, size it, and put ``cluster`` and ``client``
        into the namespace. On failure everything made is closed and the status is
        ``failed``; raises ``ProtocolError`` (``failed``, or ``invalid`` for an option only
        the backend could check)."""
        spec = plan.spec
        self._require_not_live()
        with self._lock:
            self._status, self._error = "starting", None
            self._site_id, self._kind = plan.site_id, spec["kind"]
            self._requested = plan.workers or (plan.adapt["minimum"] if plan.adapt else 0)
            self._adapt = plan.adapt
        self.on_change()

        cluster = client = None
        try:
            kind = kinds.get_kind(spec["kind"])
            # The site's variables are not secret: the kernel gets them, and with it every
            # worker that starts from the kernel's environment.
            os.environ.update(spec["env"])
            if kind.workers_inherit_env:
                initial = plan.adapt["minimum"] if plan.adapt else plan.workers
            else:
                initial = 0
            cluster = kind.build(spec, plan.options, initial)

            from distributed import Client

            client = Client(cluster)
            if not kind.workers_inherit_env:
                env = {**spec["env"], **self._worker_env}
                if env:  # before any worker starts, so that every one of them has it
                    _register_env(client, env)
                    self._env_plugin = True
                if plan.workers:
                    cluster.scale(plan.workers)
            if plan.adapt:
                cluster.adapt(minimum=plan.adapt["minimum"], maximum=plan.adapt["maximum"])
        except BaseException as exc:
            _close_quietly(client, cluster)
            if isinstance(exc, ProtocolError):
                error = exc
            else:
                error = ProtocolError("failed", one_sentence("The cluster did not start", exc))
            with self._lock:
                self._forget("failed")
                self._error = error.message
            if isinstance(exc, Exception):
                raise error from None
            raise  # KeyboardInterrupt (an interrupted kernel) and friends go on as they are

        with self._lock:
            self._cluster, self._client, self._status = cluster, client, "running"
        self.namespace["cluster"] = cluster
        self.namespace["client"] = client

    def scale(self, workers: int) -> None:
        """A fixed number of workers (adaptivity, if on, is switched off)."""
        cluster = self._running_cluster("scale")
        adaptive = getattr(cluster, "_adaptive", None)
        if adaptive is not None:
            adaptive.stop(reason="scaled to a fixed size")
        # (A gateway switches its own adaptivity off when asked to scale.)
        _try("The cluster did not scale", cluster.scale, workers)
        with self._lock:
            self._requested, self._adapt = workers, None

    def adapt(self, minimum: int, maximum: int) -> None:
        """Let the cluster size itself between ``minimum`` and ``maximum`` workers."""
        cluster = self._running_cluster("adapt")
        _try("The cluster did not adapt", cluster.adapt, minimum=minimum, maximum=maximum)
        with self._lock:
            self._adapt = {"minimum": minimum, "maximum": maximum}

    def stop(self) -> None:
        """Close the client and the cluster; remove ``cluster``/``client`` from the namespace
        if they still are the objects the start put there."""
        self._running_cluster("stop")
        with self._lock:
            self._status = "stopping"
            cluster, client = self._cluster, self._client
        self.on_change()
        try:
            _close_quietly(client, cluster)
        finally:
            with self._lock:
                self._forget("stopped")
            for name, value in (("client", client), ("cluster", cluster)):
                if self.namespace.get(name) is value:
                    del self.namespace[name]

    def set_worker_env(self, env: Mapping[str, str]) -> None:
        """Environment variables every worker of this kernel's cluster must have, now and
        later (credentials). The kernel is expected to have them already (workers of local
        and jobqueue sites start from its environment); a running cluster gets them through
        distributed's ``Environ`` nanny plugin, which restarts its workers and reaches every
        worker added later. A new gateway cluster gets the plugin before its first worker.

        An empty ``env`` unregisters the plugin, so that workers added later do not get the
        old values; running workers keep them (a nanny cannot unset what it has set):
        restart the cluster to drop them there."""
        env = {str(k): str(v) for k, v in env.items()}
        with self._lock:
            changed = env != self._worker_env
            self._worker_env = env
            client = self._client if self._status == "running" else None
        if not changed or client is None:
            return
        if env:
            _try("The workers' environment could not be updated", _register_env, client, env)
            self._env_plugin = True
        elif self._env_plugin:
            _try(
                "The workers' environment could not be updated",
                client.unregister_worker_plugin,
                ENV_PLUGIN_NAME,
                nanny=True,
            )
            self._env_plugin = False

    # -----------------------------------------------------------------------------------------

    def _require_not_live(self) -> None:
        self._reap_quietly()
        with self._lock:
            if self._status in _LIVE:
                raise ProtocolError(
                    "conflict",
                    f"A cluster is already {self._status} in this kernel; stop it first.",
                )

    def _running_cluster(self, op: str) -> Any:
        self._reap_quietly()
        with self._lock:
            if self._status != "running":
                raise ProtocolError("conflict", f"There is no running cluster to {op}.")
            return self._cluster

    def _reap_quietly(self) -> None:
        with self._lock:
            orphan = self._reap()
        _close_quietly(orphan)

    def _forget(self, status: Status) -> None:
        self._cluster = self._client = None
        self._env_plugin = False
        self._status = status
        self._requested, self._adapt = 0, None
        if status != "failed":
            self._error = None


# ---------------------------------------------------------------------------------------------
# Reading a cluster (distributed's or a gateway's; both keep ``scheduler_info``)
# ---------------------------------------------------------------------------------------------


def _lifecycle(cluster: Any) -> str:
    status = getattr(cluster, "status", None)
    name = getattr(status, "name", status)  # distributed's Status enum, or a gateway's string
    if name in ("closed", "failed"):
        return "closed"
    if name == "closing":
        return "stopping"
    return "running"


def _ready_workers(cluster: Any) -> list[dict[str, Any]]:
    workers = _safe(lambda c: list(c.scheduler_info.get("workers", {}).values()), cluster)
    return workers or []


def _adaptive_bounds(adaptive: Any) -> Adapt | None:
    if adaptive is None or getattr(adaptive, "state", None) not in ("starting", "running"):
        return None
    maximum = adaptive.maximum
    if isinstance(maximum, float) and math.isinf(maximum):
        maximum = UNBOUNDED
    return {"minimum": int(adaptive.minimum), "maximum": int(maximum)}


def _safe(read: Callable[[Any], Any], cluster: Any) -> Any:
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


# ---------------------------------------------------------------------------------------------
# Acting on one
# ---------------------------------------------------------------------------------------------


def _log() -> logging.Logger:
    import logging  # only when something goes wrong: logging is slow to import

    return logging.getLogger(__name__)


def _register_env(client: Any, env: Mapping[str, str]) -> None:
    from distributed.diagnostics.plugin import Environ

    client.register_plugin(Environ(dict(env)), name=ENV_PLUGIN_NAME)


def _close_quietly(*things: Any) -> None:
    """Close clients and clusters, in order, logging (not raising) what goes wrong."""
    for thing in things:
        if thing is None:
            continue
        try:
            thing.close()
        except Exception:
            _log().warning("Closing %s failed", type(thing).__name__, exc_info=True)


def _try(prefix: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return func(*args, **kwargs)
    except ProtocolError:
        raise
    except Exception as exc:
        raise ProtocolError("failed", one_sentence(prefix, exc)) from None


def one_sentence(prefix: str, exc: BaseException) -> str:
    """One sentence for the user: ``prefix: first line of the error.``"""
    lines = str(exc).strip().splitlines()
    text = lines[0].strip() if lines else type(exc).__name__
    if len(text) > 300:
        text = text[:297] + "…"
    return f"{prefix}: {text.rstrip('.')}."
