"""The cluster of this kernel: start, scale, adapt, stop, and a snapshot of how it is now.

The cluster shown is one this kernel started (``start``), or one made elsewhere and taken over
with ``adopt``: a cluster or client made in a cell (``adoption``), a client connected to a
scheduler by address (``connecting``). The snapshot's ``origin`` and ``capabilities`` say which,
and what can be done with it.

The controller leaves ``cluster`` and ``client`` in the user's namespace exactly as the seed
set-up code does, and reads the cluster itself for every snapshot, so a cell that calls
``cluster.scale()`` or ``cluster.close()`` directly is noticed too.

Operations run on the kernel's main thread (a comm message or a magic, one at a time, like a
cell); what they change, and the snapshot, are ``state.ClusterState``'s.

The variables this extension puts into the kernel's environment and the workers' are kept by
``profiles.environment.LayeredEnvironment`` (given by the agent): the controller tells it when
a cluster starts and goes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import one_sentence
from ..protocol import ProtocolError
from . import kinds, sites
from .options import check_site_env
from .reading import capabilities, kind_of, safe_read, worker_totals
from .releasing import close_quietly, spec_clusters
from .state import LIVE, ClusterState

if TYPE_CHECKING:
    from ..protocol import Adapt, Capability, Kind, SiteSpec
    from .plan import StartPlan

_log = logging.getLogger(__name__)
_ALL_ACTIONS: list[Capability] = ["scale", "adapt", "stop"]


class Controller(ClusterState):
    """The operations on this kernel's cluster: start, adopt, take over, scale, adapt, stop."""

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
        check_site_env(site_id, spec["env"])
        if workers is None and adapt is None:  # the request said neither: the site's default
            workers, adapt = spec["workers"], spec["adapt"]
        from .plan import StartPlan

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
        before = spec_clusters()
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
            close_quietly(client, cluster, *(spec_clusters() - before))
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
            if self._status in LIVE and not (replace and self._origin != "started"):
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
            close_quietly(client, cluster)
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
            close_quietly(client, cluster)
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
                logging.getLogger(__name__).warning(
                    "Stopping the cluster at exit failed", exc_info=True
                )

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

    def _try(self, prefix: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProtocolError as exc:
            raise ProtocolError(exc.type, self.hide_secrets(exc.message)) from None
        except Exception as exc:
            raise ProtocolError("failed", one_sentence(prefix, exc, self.hide_secrets)) from None
