"""What the controller knows of this kernel's cluster, and the snapshot of it (``snapshot``).

The state is guarded by a lock that is never held while a cluster starts or stops:
``snapshot()`` may be called from the agent's watcher thread. The operations that change it
are ``controller.Controller``'s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

from ..protocol import ProtocolError
from . import kinds
from .reading import (
    adaptive_bounds,
    dashboard_link,
    lifecycle,
    other_clients,
    safe_read,
    scheduler_address,
    worker_totals,
)
from .releasing import close_quietly

if TYPE_CHECKING:
    from ..protocol import Adapt, Capability, Kind, Origin, ProfileSummary, Snapshot, Status

    class EnvironmentLayers(Protocol):
        """What the controller needs of the variables it puts into the kernel and the workers
        (``profiles.environment.LayeredEnvironment``)."""

        def set_site_env(self, env: Mapping[str, str]) -> None: ...
        def cluster_gone(self) -> None: ...
        def register_plugins(self, client: Any) -> None: ...
        def set_profile_env(self, env: Mapping[str, str], unset: Iterable[str]) -> Any: ...
        def update_workers(self, client: Any, update: Any) -> None: ...
        def hide_secrets(self, message: str) -> str: ...


LIVE: frozenset[Status] = frozenset({"starting", "running", "stopping"})


class ClusterState:
    """This kernel's cluster as the controller knows it, and how it is now (``snapshot``)."""

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
        return self.status in LIVE

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
        close_quietly(orphan)
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
        live = status in LIVE
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
        if self._kind != "jobqueue" or self._status not in LIVE:
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

    def holds(self, thing: Any) -> bool:
        """Whether ``thing`` (a cluster or a client) is the one shown now."""
        with self._lock:
            return thing is not None and (thing is self._cluster or thing is self._client)

    @property
    def origin(self) -> Origin | None:
        """How the live cluster came here (None when there is none, a closed one reaped)."""
        self._reap_quietly()
        with self._lock:
            return self._origin if self._status in LIVE else None

    @property
    def cluster_name(self) -> str | None:
        """The live cluster's ``name`` attribute (a gateway cluster's name), else None."""
        with self._lock:
            cluster = self._cluster if self._status in LIVE else None
        name = safe_read(lambda c: c.name, cluster)
        return name if isinstance(name, str) else None

    def hide_secrets(self, text: str) -> str:
        """``text`` without any part of the applied profile's secret values (see
        ``credentials.hide_secret_values``): for every message, output and log line."""
        return self._env.hide_secrets(text)

    # -----------------------------------------------------------------------------------------

    def require_not_live(self) -> None:
        """Refuse (``conflict``) while a cluster is starting, running or stopping here."""
        self._reap_quietly()
        with self._lock:
            if self._status in LIVE:
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
        close_quietly(orphan)

    def _forget(self, status: Status) -> None:
        self._cluster = self._client = None
        self._origin, self._capabilities, self._dashboard_link = None, [], None
        self._status = status
        self._requested, self._adapt = 0, None
        if status != "failed":
            self._error = None
        self._env.cluster_gone()
