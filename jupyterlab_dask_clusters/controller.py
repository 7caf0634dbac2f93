"""The cluster of this kernel: start, scale, adapt, stop, and a snapshot of how it is now.

The controller leaves ``cluster`` and ``client`` in the user's namespace exactly as the seed
set-up code does, and reads the cluster itself for every snapshot, so a cell that calls
``cluster.scale()`` or ``cluster.close()`` directly is noticed too.

Operations run on the kernel's main thread (a comm message or a magic, one at a time, like a
cell); ``snapshot()`` may also be called from the agent's watcher thread, so state is guarded
by a lock that is never held while a cluster starts or stops.

The controller also owns the variables this extension puts into the kernel's environment, in
two layers over what the kernel had: the live cluster's site variables (``SiteSpec.env``, from
start to stop) and the applied AWS profile's (``set_profile_env``, from Apply to Clear; they win
over the site's). Each change re-applies both layers over the kernel's original environment,
so taking one away puts back exactly what was there, and each change reaches the workers too.
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
    from collections.abc import Callable, Iterable, Mapping, MutableMapping
    from typing import Any

    from .protocol import Adapt, Kind, ProfileSummary, SiteSpec, Snapshot, Status

#: Names of the nanny plugins that set the workers' environment (distributed's ``Environ``):
#: the AWS profile's variables (replaced on every Apply, unregistered on Clear) and the site's
#: (registered at start for workers that do not start from the kernel's environment).
ENV_PLUGIN_NAME = "jupyterlab-dask-clusters-environ"
SITE_ENV_PLUGIN_NAME = "jupyterlab-dask-clusters-site-environ"
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
        # The kernel's environment: its own, then the live cluster's site variables, then the
        # applied profile's (set) and the variables the profile removes (unset).
        self._overlay: Any = None  # credentials.EnvironmentOverlay on os.environ, made on use
        self._site_env: dict[str, str] = {}
        self._profile_env: dict[str, str] = {}
        self._profile_unset: tuple[str, ...] = ()
        self._env_plugin = False  # whether this cluster has our profile's Environ plugin
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
        for name, value in spec["env"].items():
            if not name or "=" in name or "\x00" in name or "\x00" in value:
                raise ProtocolError(
                    "invalid",
                    f"Site {site_id!r} has an environment variable {name!r} that cannot be set.",
                )
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
            # The site's variables are not secret: the kernel gets them until the cluster stops,
            # and with it every worker that starts from the kernel's environment.
            with self._lock:
                self._site_env = dict(spec["env"])
                self._apply_kernel_env()
            if kind.workers_inherit_env:
                initial = plan.adapt["minimum"] if plan.adapt else plan.workers
            else:
                initial = 0
            cluster = kind.build(spec, plan.options, initial)

            from distributed import Client

            client = Client(cluster)
            if not kind.workers_inherit_env:
                # Before any worker starts, so that every one of them has them.
                with self._lock:
                    site_env, profile_env = dict(self._site_env), dict(self._profile_env)
                if site_env:
                    _register_env(client, site_env, SITE_ENV_PLUGIN_NAME)
                if profile_env:
                    _register_env(client, profile_env, ENV_PLUGIN_NAME)
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
                message = one_sentence("The cluster did not start", exc)
                error = ProtocolError("failed", self._hide_secrets(message))
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

    def set_profile_env(self, env: Mapping[str, str], unset: Iterable[str] = ()) -> None:
        """The applied AWS profile's variables: set ``env`` and remove ``unset`` in the kernel
        and in every worker of its cluster, now and later; an empty ``env`` and ``unset``
        (Clear) takes them back everywhere. Raises ``ProtocolError`` (``failed``) when the
        workers could not be updated; the kernel has the new variables then.

        The kernel: the profile's layer over its own environment and the site's (see the
        module's docstring). Workers that start later get the variables from the kernel
        (local processes, batch jobs) or from the ``Environ`` nanny plugin (any site).

        A running cluster: ``Environ`` reaches workers only by restarting them, and a nanny
        cannot unset a variable, so besides (un)registering the plugin every variable the
        old or new profile touches is put into the cluster's processes as the kernel now has
        it (its value, or none), by ``client.run``: in each worker process, in each nanny's
        ``env`` (what the workers it restarts get on top of its own environment: dropped
        there, unless the site sets it) and in each nanny process's own environment when that
        is not the kernel (a batch job's nanny started from the kernel's old environment).
        Clear therefore needs no restart: the old keys are gone from running workers, from
        workers their nannies restart, and from workers added later. The values travel
        inside the function (a closure), not as its arguments, so distributed's logs of a
        failed ``run`` cannot show them. Known limits: a variable the profile touched gets the
        kernel's value in the workers, also where the worker had one of its own before; and
        distributed's debug logging (``distributed.core`` at DEBUG) traces every message on
        the wire, the pickled plugin and function with the values included.
        """
        env = {str(k): str(v) for k, v in env.items()}
        unset = tuple(dict.fromkeys(str(k) for k in unset if k not in env))
        with self._lock:
            previous = (self._profile_env, self._profile_unset)
            self._profile_env, self._profile_unset = env, unset
            try:
                self._apply_kernel_env()
            except BaseException:  # the overlay changed nothing
                self._profile_env, self._profile_unset = previous
                raise
            client = self._client if self._status == "running" else None
            touched = {*previous[0], *previous[1], *env, *unset}
            # The nannies' env: nothing of the profile (the plugin adds the new values).
            nanny_env = {k: None if k in unset else self._site_env.get(k) for k in touched}
            processes = {k: os.environ.get(k) for k in touched}  # as the kernel has them now
        if client is None or (env, unset) == previous:
            return
        message = None
        try:
            self._update_workers(client, env, nanny_env, processes)
        except Exception as exc:
            message = one_sentence("The workers' environment could not be updated", exc)
            message = self._hide_secrets(message, previous[0])
        if message is not None:  # raised here, so that it carries no exception with a secret
            raise ProtocolError("failed", message)

    def _update_workers(
        self,
        client: Any,
        env: dict[str, str],
        nanny_env: dict[str, str | None],
        processes: dict[str, str | None],
    ) -> None:
        if not env and self._env_plugin:
            # First, so that no worker added from now on gets the old values.
            client.unregister_worker_plugin(ENV_PLUGIN_NAME, nanny=True)
            self._env_plugin = False
        kernel_pid = os.getpid()
        client.run(_environ_update(nanny_env, processes, kernel_pid), nanny=True)
        client.run(_environ_update(None, processes, kernel_pid))
        if env:  # restarts the workers, which then start with the new values
            _register_env(client, env, ENV_PLUGIN_NAME)
            self._env_plugin = True

    def _hide_secrets(self, message: str, *more: Mapping[str, str]) -> str:
        """``message`` with every secret value of the profile (and of ``more``) replaced by
        ``<hidden>``: an error from distributed or a gateway may quote what it was given."""
        from .credentials import SHOWN_VARS

        for env in (self._profile_env, *more):
            for key, value in env.items():
                if key not in SHOWN_VARS and value:
                    message = message.replace(value, "<hidden>")
        return message

    def _apply_kernel_env(self) -> None:
        """Put the site's and the profile's variables over the kernel's own environment
        (called with the lock held; raises ValueError for an unusable name or value, and
        then changes nothing)."""
        if self._overlay is None:
            from .credentials import EnvironmentOverlay

            self._overlay = EnvironmentOverlay()
        unset = self._profile_unset
        env = {k: v for k, v in self._site_env.items() if k not in unset}
        env.update(self._profile_env)
        if env or unset:
            self._overlay.apply_vars(env, unset)
        else:
            self._overlay.restore()

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
        if self._site_env:  # the site's variables leave the kernel with its cluster
            self._site_env = {}
            self._apply_kernel_env()


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


def _register_env(client: Any, env: Mapping[str, str], name: str) -> None:
    from distributed.diagnostics.plugin import Environ

    client.register_plugin(Environ(dict(env)), name=name)


def _environ_update(
    nanny_env: Mapping[str, str | None] | None,
    processes: Mapping[str, str | None],
    kernel_pid: int,
) -> Callable[[Any], None]:
    """A function for ``client.run`` (``dask_worker`` is the Worker, or the Nanny with
    ``nanny=True``): ``nanny_env`` goes into a nanny's ``env``, ``processes`` into the
    process's ``os.environ`` unless that process is the kernel (a LocalCluster's nannies, a
    threads-only cluster's workers), whose environment is already right. A value None removes
    the variable. Defined inside a function so that cloudpickle sends it by value: the
    workers need not have this package."""
    nanny_env = dict(nanny_env) if nanny_env is not None else None
    processes = dict(processes)

    def update(dask_worker: Any) -> None:
        import os

        targets = []
        if nanny_env is not None and isinstance(getattr(dask_worker, "env", None), dict):
            targets.append((dask_worker.env, nanny_env))
        if os.getpid() != kernel_pid:
            targets.append((os.environ, processes))
        for target, changes in targets:
            for key, value in changes.items():
                if value is None:
                    target.pop(key, None)
                else:
                    target[key] = value

    return update


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
