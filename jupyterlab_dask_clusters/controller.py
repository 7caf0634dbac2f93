"""The cluster of this kernel: start, scale, adapt, stop, and a snapshot of how it is now.

The cluster shown is one this kernel started (``start``), or one made elsewhere and taken over
with ``adopt``: a cluster or client made in a cell (``adoption``), a client connected to a
scheduler by address (``connecting``). The snapshot's ``origin`` and ``capabilities`` say which,
and what can be done with it.

The controller leaves ``cluster`` and ``client`` in the user's namespace exactly as the seed
set-up code does, and reads the cluster itself for every snapshot, so a cell that calls
``cluster.scale()`` or ``cluster.close()`` directly is noticed too.

Operations run on the kernel's main thread (a comm message or a magic, one at a time, like a
cell); ``snapshot()`` may also be called from the agent's watcher thread, so state is guarded
by a lock that is never held while a cluster starts or stops.

The variables this extension puts into the kernel's environment and the workers' are kept by
``profiles.environment.LayeredEnvironment`` (given by the agent): the controller tells it when
a cluster starts and goes.
"""

from __future__ import annotations

import threading

from . import kinds, sites
from .adoption import other_clients
from .cluster_reading import (
    adaptive_bounds,
    capabilities,
    dashboard_link,
    kind_of,
    lifecycle,
    safe_read,
    scheduler_address,
    worker_totals,
)
from .errors import one_sentence
from .protocol import ProtocolError
from .releasing import release_closed_servers

TYPE_CHECKING = False
if TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Iterable, Mapping, MutableMapping
    from typing import Any, Protocol

    from .protocol import (
        Adapt,
        Capability,
        Kind,
        Origin,
        ProfileSummary,
        SiteSpec,
        Snapshot,
        Status,
    )

    class EnvironmentLayers(Protocol):
        """What the controller needs of the variables it puts into the kernel and the workers
        (``profiles.environment.LayeredEnvironment``)."""

        def set_site_env(self, env: Mapping[str, str]) -> None: ...
        def cluster_gone(self) -> None: ...
        def register_plugins(self, client: Any) -> None: ...
        def set_profile_env(self, env: Mapping[str, str], unset: Iterable[str]) -> Any: ...
        def update_workers(self, client: Any, update: Any) -> None: ...
        def hide_secrets(self, message: str) -> str: ...


_LIVE: frozenset[Status] = frozenset({"starting", "running", "stopping"})
_ALL_ACTIONS: list[Capability] = ["scale", "adapt", "stop"]


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
    def __init__(
        self,
        layers: Callable[[threading.RLock], EnvironmentLayers],
        namespace: MutableMapping[str, Any] | None = None,
    ) -> None:
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
        #: How the cluster came here, what can be done with it, and (for a client without a
        #: cluster manager) its dashboard, read once: asking a bare scheduler is a round trip.
        self._origin: Origin | None = None
        self._capabilities: list[Capability] = []
        self._dashboard_link: str | None = None
        # What was asked, for clusters that do not expose it (a gateway's live in its server).
        self._requested = 0
        self._adapt: Adapt | None = None
        self._queue: str | None = None  # a jobqueue site's queue ("slurm", …), for its jobs
        self._jobs: Any = None  # the jobqueue kind's JobReader, made when first needed
        # The site's and the profile's variables in the kernel and the workers
        # (``profiles.environment.LayeredEnvironment``, given by the agent).
        self._env = layers(self._lock)
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

    @property
    def client(self) -> Any:
        """The client of the running cluster, else None."""
        with self._lock:
            return self._client if self._status == "running" else None

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
        and hand back our client to close; the user's variables are left as they are. A client
        without a cluster manager goes when it is closed."""
        if self._status != "running" or lifecycle(self._watched()) != "closed":
            return None
        client = self._client if self._origin == "started" else None  # only ours
        self._forget("stopped")
        return client

    def _watched(self) -> Any:
        return self._cluster if self._cluster is not None else self._client

    def _describe(self) -> dict[str, Any]:
        status = self._status
        live = status in _LIVE
        cluster = self._cluster if live else None
        client = self._client if live else None
        if status == "running" and lifecycle(self._watched()) == "stopping":
            status = "stopping"
        ready, threads, memory = worker_totals(cluster, client)
        adapt = self._adapt
        if cluster is not None and hasattr(cluster, "_adaptive"):
            # distributed clusters adapt in the kernel: read it, so cluster.adapt() in a cell shows.
            adapt = adaptive_bounds(cluster._adaptive)
        return {
            "status": status,
            "site": self._site_id if status not in ("none", "stopped") else None,
            "kind": self._kind if status not in ("none", "stopped") else None,
            "name": safe_read(repr, cluster) if cluster is not None else scheduler_address(client),
            "dashboard_link": (
                safe_read(dashboard_link, cluster)
                if cluster is not None
                else self._dashboard_link
                if client is not None
                else None
            ),
            "workers": {
                "ready": ready,
                "requested": self._requested_workers(cluster, adapt, ready),
            },
            "threads": threads,
            "memory": memory,
            "adapt": adapt,
            "error": self._error if status == "failed" else None,
            "profile": self.profile(),
            "origin": self._origin if live else None,
            "capabilities": list(self._capabilities) if live else [],
            "other_clients": other_clients(client) if live else 0,
            "jobs": self._read_jobs(cluster),
        }

    def _read_jobs(self, cluster: Any) -> list[Any] | None:
        """A jobqueue cluster's batch jobs while it is live; None for other kinds."""
        if self._kind != "jobqueue" or self._status not in _LIVE:
            return None
        if cluster is None:
            return []
        if self._jobs is None:  # the kind's feature knows how to read its jobs
            self._jobs = kinds.get_kind("jobqueue").job_reader()  # type: ignore[attr-defined]
        return self._jobs.jobs(cluster, self._queue or "")

    def _requested_workers(self, cluster: Any, adapt: Adapt | None, ready: int) -> int:
        if cluster is None:
            if self._status == "starting":
                return self._requested
            return ready if self._client is not None else 0  # a bare scheduler: what it has
        plan = safe_read(lambda c: len(c.plan), cluster)
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
        self.require_not_live()
        reason = kinds.unavailable_reason(spec)
        if reason:
            raise ProtocolError("invalid", f"Site {site_id!r} cannot start here: {reason}")
        prepare = getattr(kinds.get_kind(spec["kind"]), "prepare", None)
        if prepare is not None:  # a kind with its own checks (a job queue's account, interface)
            resolved = prepare(site_id, spec, options)
        else:
            resolved = sites.site_options(site_id, spec, options)
        sites.check_site_env(site_id, spec["env"])
        if workers is None and adapt is None:  # the request said neither: the site's default
            workers, adapt = spec["workers"], spec["adapt"]
        return StartPlan(site_id, spec, resolved, workers, adapt)

    def start(self, plan: StartPlan) -> None:
        """Build the cluster, connect a client, size it, and put ``cluster`` and ``client``
        into the namespace. On failure everything made is closed and the status is
        ``failed``; raises ``ProtocolError`` (``failed``, or ``invalid`` for an option only
        the backend could check)."""
        spec = plan.spec
        self.require_not_live()
        with self._lock:
            self._status, self._error = "starting", None
            self._site_id, self._kind = plan.site_id, spec["kind"]
            self._queue = spec.get("jobqueue")
            self._requested = plan.workers or (plan.adapt["minimum"] if plan.adapt else 0)
            self._adapt = plan.adapt
            self._origin, self._capabilities = "started", list(_ALL_ACTIONS)
        self.on_change()

        cluster = client = None
        before = _spec_clusters()
        try:
            kind = kinds.get_kind(spec["kind"])
            self._env.set_site_env(spec["env"])
            if kind.workers_inherit_env:
                initial = plan.adapt["minimum"] if plan.adapt else plan.workers
            else:
                initial = 0
            cluster = kind.build(spec, plan.options, initial)

            from distributed import Client

            client = Client(cluster)
            if not kind.workers_inherit_env:
                self._env.register_plugins(client)  # before the first worker starts
                if plan.workers:
                    cluster.scale(plan.workers)
            if plan.adapt:
                cluster.adapt(minimum=plan.adapt["minimum"], maximum=plan.adapt["maximum"])
        except BaseException as exc:
            # An interrupt inside the constructor leaves a cluster nobody holds: close it too.
            _close_quietly(client, cluster, *(_spec_clusters() - before))
            explain = getattr(kinds.get_kind(spec["kind"]), "describe_failure", None)
            explained = explain(exc) if explain is not None else None
            if isinstance(exc, ProtocolError):
                error = ProtocolError(exc.type, self.hide_secrets(exc.message))
            elif isinstance(exc, KeyboardInterrupt):
                error = ProtocolError("failed", "The start was interrupted.")
            else:
                message = explained or one_sentence(
                    "The cluster did not start", exc, self.hide_secrets
                )
                error = ProtocolError("failed", self.hide_secrets(message))
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

    def adopt(
        self,
        cluster: Any,
        client: Any,
        *,
        site_id: str | None = None,
        kind: Kind | None = None,
        bind: bool = False,
        replace: bool = False,
    ) -> None:
        """Take over a cluster and/or client made elsewhere (a cell, a gateway's cluster found
        by name, a scheduler address): shown and acted on like one this kernel started. With
        no ``cluster`` it is a client of a bare scheduler: no scale or adapt, and stop closes
        only the client. ``kind`` defaults to what the cluster's class says; ``bind`` puts
        ``cluster``/``client`` into the namespace; ``replace`` lets go (without closing) of
        another adopted one shown now. A cluster this kernel started is never replaced
        (``conflict``)."""
        if cluster is None and client is None:
            raise ValueError("adopt needs a cluster or a client")
        self._reap_quietly()
        with self._lock:
            if self._status in _LIVE and not (replace and self._origin != "started"):
                raise ProtocolError(
                    "conflict",
                    f"A cluster is already {self._status} in this kernel; stop it first.",
                )
            self._forget("none")
            self._cluster, self._client, self._status = cluster, client, "running"
            self._site_id = site_id
            self._kind = kind if kind is not None or cluster is None else kind_of(cluster)
            self._origin = "adopted" if cluster is not None else "connected"
            self._capabilities = capabilities(cluster)
            self._dashboard_link = (
                None if cluster is not None else safe_read(lambda c: c.dashboard_link, client)
            )
            ready, _, _ = worker_totals(cluster, client)
            self._requested = ready
        if bind:
            for name, value in (("cluster", cluster), ("client", client)):
                if value is not None:
                    self.namespace[name] = value

    def holds(self, thing: Any) -> bool:
        """Whether ``thing`` (a cluster or a client) is the one shown now."""
        with self._lock:
            return thing is not None and (thing is self._cluster or thing is self._client)

    @property
    def origin(self) -> Origin | None:
        """How the live cluster came here (None when there is none, a closed one reaped)."""
        self._reap_quietly()
        with self._lock:
            return self._origin if self._status in _LIVE else None

    def take_over(self, site_id: str, kind: Kind, make: Callable[[], Any]) -> None:
        """Make the cluster ``make()`` returns (one that already runs, e.g. on a gateway) this
        kernel's, as if it had started it (Stop shuts it down): connect a client, give its
        workers the applied profile, and put ``cluster`` and ``client`` into the namespace.
        Fails like ``start``, closing what it made."""
        self.require_not_live()
        cluster = client = None
        try:
            cluster = make()
            from distributed import Client

            client = Client(cluster)
            self._env.register_plugins(client)
        except BaseException as exc:
            _close_quietly(client, cluster)
            if isinstance(exc, ProtocolError):
                raise
            if isinstance(exc, Exception):
                message = one_sentence("Connecting to the cluster failed", exc, self.hide_secrets)
                raise ProtocolError("failed", message) from None
            raise
        with self._lock:
            self._status, self._error = "running", None
            self._site_id, self._kind = site_id, kind
            self._cluster, self._client = cluster, client
            self._origin, self._capabilities = "started", list(_ALL_ACTIONS)
            self._dashboard_link = None
            self._requested, self._adapt = worker_totals(cluster, client)[0], None
        self.namespace["cluster"] = cluster
        self.namespace["client"] = client

    @property
    def cluster_name(self) -> str | None:
        """The live cluster's ``name`` attribute (a gateway cluster's name), else None."""
        with self._lock:
            cluster = self._cluster if self._status in _LIVE else None
        name = safe_read(lambda c: c.name, cluster)
        return name if isinstance(name, str) else None

    def scale(self, workers: int) -> None:
        """A fixed number of workers (adaptivity, if on, is switched off)."""
        cluster = self._running_cluster("scale")
        adaptive = getattr(cluster, "_adaptive", None)
        if adaptive is not None:
            adaptive.stop(reason="scaled to a fixed size")
        # (A gateway switches its own adaptivity off when asked to scale.)
        kind_scale = getattr(kinds.get_kind(self._kind or "local"), "scale", None)
        if kind_scale is not None:  # a job queue waits for the queue's answer
            self._try("The cluster did not scale", kind_scale, cluster, workers)
        else:
            self._try("The cluster did not scale", cluster.scale, workers)
        with self._lock:
            self._requested, self._adapt = workers, None

    def adapt(self, minimum: int, maximum: int) -> None:
        """Let the cluster size itself between ``minimum`` and ``maximum`` workers."""
        cluster = self._running_cluster("adapt")
        self._try("The cluster did not adapt", cluster.adapt, minimum=minimum, maximum=maximum)
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
                if value is not None and self.namespace.get(name) is value:
                    del self.namespace[name]

    def stop_at_exit(self) -> None:
        """Stop a running cluster, quietly (the interpreter is exiting)."""
        if self.status == "running":
            try:
                self.stop()
            except Exception:
                _log().warning("Stopping the cluster at exit failed", exc_info=True)

    def set_profile_env(self, env: Mapping[str, str], unset: Iterable[str] = ()) -> None:
        """The applied AWS profile's variables: set ``env`` and remove ``unset`` in the kernel
        and in every worker of its cluster, now and later; an empty ``env`` and ``unset``
        (Clear) takes them back everywhere. Raises ``ProtocolError`` (``failed``) when the
        workers could not be updated; the kernel has the new variables then. How they reach
        the workers: ``LayeredEnvironment.update_workers``."""
        with self._lock:
            update = self._env.set_profile_env(env, unset)
            client = self._client if self._status == "running" else None
        if client is not None and update is not None:
            self._env.update_workers(client, update)

    def hide_secrets(self, text: str) -> str:
        """``text`` without any part of the applied profile's secret values (see
        ``credentials.hide_secret_values``): for every message, output and log line."""
        return self._env.hide_secrets(text)

    # -----------------------------------------------------------------------------------------

    def _try(self, prefix: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProtocolError as exc:
            raise ProtocolError(exc.type, self.hide_secrets(exc.message)) from None
        except Exception as exc:
            raise ProtocolError("failed", one_sentence(prefix, exc, self.hide_secrets)) from None

    def require_not_live(self) -> None:
        """Refuse (``conflict``) while a cluster is starting, running or stopping here."""
        self._reap_quietly()
        with self._lock:
            if self._status in _LIVE:
                raise ProtocolError(
                    "conflict",
                    f"A cluster is already {self._status} in this kernel; stop it first.",
                )

    def _running_cluster(self, op: Capability) -> Any:
        self._reap_quietly()
        with self._lock:
            if self._status != "running":
                raise ProtocolError("conflict", f"There is no running cluster to {op}.")
            if op not in self._capabilities:
                what = (
                    "This client is connected to a scheduler without a cluster manager"
                    if self._cluster is None
                    else f"This cluster ({type(self._cluster).__name__}) does not support it"
                )
                raise ProtocolError("conflict", f"{what}: it cannot {op} from here.")
            return self._cluster

    def _reap_quietly(self) -> None:
        with self._lock:
            orphan = self._reap()
        _close_quietly(orphan)

    def _forget(self, status: Status) -> None:
        self._cluster = self._client = None
        self._origin, self._capabilities, self._dashboard_link = None, [], None
        self._status = status
        self._requested, self._adapt = 0, None
        if status != "failed":
            self._error = None
        self._env.cluster_gone()


# ---------------------------------------------------------------------------------------------
# Acting on a cluster
# ---------------------------------------------------------------------------------------------


def _log() -> logging.Logger:
    import logging  # only when something goes wrong: logging is slow to import

    return logging.getLogger(__name__)


def _spec_clusters() -> set[Any]:
    """distributed's clusters (LocalCluster, dask-jobqueue's) alive in this kernel now."""
    import sys

    spec = sys.modules.get("distributed.deploy.spec")
    if spec is None:
        return set()
    return {c for c in list(spec.SpecCluster._instances) if c.status.name != "closed"}


def _close_quietly(*things: Any) -> None:
    """Close clients and clusters, in order, logging (not raising) what goes wrong; then let
    go of what distributed keeps of the closed servers."""
    for thing in things:
        if thing is None:
            continue
        try:
            thing.close()
        except Exception:
            _log().warning("Closing %s failed", type(thing).__name__, exc_info=True)
    if any(thing is not None for thing in things):
        release_closed_servers()
