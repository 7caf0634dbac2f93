"""The variables this extension puts into the kernel's environment, and from there into the
workers' and nannies'.

Two layers over what the kernel had: the live cluster's site variables (``SiteSpec.env``, from
start to stop) and the applied AWS profile's (from Apply to Clear; they win over the site's).
Each change re-applies both layers over the kernel's original environment, so taking one away
puts back exactly what was there, and each change reaches the workers too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import one_sentence
from ..protocol import ProtocolError

if TYPE_CHECKING:
    import threading

    from .credentials import EnvironmentOverlay
    from .worker_update import WorkerUpdate

#: Names of the nanny plugins that set the workers' environment (distributed's ``Environ``):
#: the AWS profile's variables (replaced on every Apply, unregistered on Clear) and the site's
#: (registered at start for workers that do not start from the kernel's environment).
ENV_PLUGIN_NAME = "jupyterlab-dask-clusters-environ"
SITE_ENV_PLUGIN_NAME = "jupyterlab-dask-clusters-site-environ"


class LayeredEnvironment:
    """The site and profile layers over the kernel's own environment, and shipping them to a
    cluster's processes.

    Shares the controller's lock: a cluster found closed by the snapshot (another thread)
    takes its site variables away. The lock is never held while talking to a cluster.
    """

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._overlay: EnvironmentOverlay | None = None  # on os.environ, made on first use
        self._site_env: dict[str, str] = {}
        self._profile_env: dict[str, str] = {}
        self._profile_unset: tuple[str, ...] = ()
        self._profile_plugin = False  # whether the cluster has our profile's Environ plugin

    # -----------------------------------------------------------------------------------------
    # The kernel
    # -----------------------------------------------------------------------------------------

    def set_site_env(self, env: Mapping[str, str]) -> None:
        """A starting cluster's site variables. They are not secret: the kernel has them until
        the cluster goes, and with it every worker that starts from the kernel's environment."""
        with self._lock:
            self._site_env = dict(env)
            self._apply()

    def cluster_gone(self) -> None:
        """The cluster stopped, failed or was closed: its site variables leave the kernel."""
        with self._lock:
            self._profile_plugin = False
            if self._site_env:
                self._site_env = {}
                self._apply()

    def set_profile_env(
        self, env: Mapping[str, str], unset: Iterable[str] = ()
    ) -> WorkerUpdate | None:
        """The applied AWS profile's variables: set ``env`` and remove ``unset`` in the kernel;
        an empty ``env`` and ``unset`` (Clear) takes them back. Returns what a running
        cluster's processes then need (:meth:`update_workers`), or None when nothing changed.
        Raises ValueError for an unusable name or value, and then changes nothing."""
        env = {str(k): str(v) for k, v in env.items()}
        unset = tuple(dict.fromkeys(str(k) for k in unset if k not in env))
        with self._lock:
            previous = (self._profile_env, self._profile_unset)
            self._profile_env, self._profile_unset = env, unset
            try:
                self._apply()
            except BaseException:  # the overlay changed nothing
                self._profile_env, self._profile_unset = previous
                raise
            if (env, unset) == previous:
                return None
            touched = {*previous[0], *previous[1], *env, *unset}
            # The nannies' env: nothing of the profile (the plugin adds the new values).
            nanny_env = {k: None if k in unset else self._site_env.get(k) for k in touched}
            processes = {k: os.environ.get(k) for k in touched}  # as the kernel has them now
        from .worker_update import WorkerUpdate

        return WorkerUpdate(env, nanny_env, processes, previous[0])

    def hide_secrets(self, message: str, *more: Mapping[str, str]) -> str:
        """``message`` with every secret value of the profile (and of ``more``) replaced by
        ``<hidden>``: an error from distributed or a gateway may quote what it was given."""
        from .credentials import hide_secret_values

        return hide_secret_values(message, self._profile_env, *more)

    def _apply(self) -> None:
        """Put the site's and the profile's variables over the kernel's own environment
        (raises ValueError for an unusable name or value, and then changes nothing)."""
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
    # A cluster's processes
    # -----------------------------------------------------------------------------------------

    def register_plugins(self, client: Any) -> None:
        """For a cluster whose workers do not start from the kernel's environment: register
        both layers as Environ plugins, before any worker starts, so that every one has them."""
        with self._lock:
            site_env, profile_env = dict(self._site_env), dict(self._profile_env)
        if site_env:
            _register_env(client, site_env, SITE_ENV_PLUGIN_NAME)
        if profile_env:
            _register_env(client, profile_env, ENV_PLUGIN_NAME)
            self._profile_plugin = True

    def update_workers(self, client: Any, update: WorkerUpdate) -> None:
        """Bring a running cluster's processes in line with a profile change. Raises
        ``ProtocolError`` (``failed``) when they could not be updated.

        Workers that start later get the variables from the kernel (local processes, batch
        jobs) or from the ``Environ`` nanny plugin (any site). ``Environ`` reaches running
        workers only by restarting them, which loses the results they hold, and a nanny
        cannot unset a variable, so the plugin is registered without a restart and every
        variable the old or new profile touches is put into
        the cluster's processes as the kernel now has it (its value, or none), by
        ``client.run``: in each worker process, in each nanny's ``env`` (what the workers it
        restarts get on top of its own environment: dropped there, unless the site sets it)
        and in each nanny process's own environment when that is not the kernel (a batch
        job's nanny started from the kernel's old environment). Neither Apply nor Clear
        restarts a worker: the new keys are in (the old ones gone from) running workers,
        workers their nannies restart, and workers added later. The values travel inside the
        function (a closure), not as its arguments, so distributed's logs of a failed ``run``
        cannot show them. Known limits: a variable the profile touched gets the kernel's value
        in the workers, also where the worker had one of its own before; and distributed's debug
        logging (``distributed.core`` at DEBUG) traces every message on the wire, the pickled
        plugin and function with the values included.
        """
        message = None
        try:
            self._update_workers(client, update)
        except Exception as exc:
            message = one_sentence("The workers' environment could not be updated", exc)
            message = self.hide_secrets(message, update.previous_env)
        if message is not None:  # raised here, so that it carries no exception with a secret
            raise ProtocolError("failed", message)

    def _update_workers(self, client: Any, update: WorkerUpdate) -> None:
        if not update.env and self._profile_plugin:
            # First, so that no worker added from now on gets the old values.
            client.unregister_worker_plugin(ENV_PLUGIN_NAME, nanny=True)
            self._profile_plugin = False
        kernel_pid = os.getpid()
        client.run(_environ_update(update.nanny_env, update.processes, kernel_pid), nanny=True)
        client.run(_environ_update(None, update.processes, kernel_pid))
        if update.env:  # for workers the nannies start from now on; running ones have them
            _register_env(client, update.env, ENV_PLUGIN_NAME, restart=False)
            self._profile_plugin = True


def _register_env(client: Any, env: Mapping[str, str], name: str, *, restart: bool = True) -> None:
    """Register ``env`` as an ``Environ`` nanny plugin. ``restart=False`` keeps running
    workers (and the results they hold) as they are: ``Environ`` restarts every worker by
    default, which a running cluster's data does not survive."""
    from distributed.diagnostics.plugin import Environ

    plugin = Environ(dict(env))
    if not restart:
        plugin.restart = False  # an instance attribute: it travels with the pickled plugin
    if hasattr(client, "register_plugin"):
        client.register_plugin(plugin, name=name)
    else:  # distributed < 2023.9.2, which a kernel may have (supported.py)
        client.register_worker_plugin(plugin, name=name, nanny=True)


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
