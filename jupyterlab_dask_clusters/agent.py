"""The kernel side of the panel: one agent per kernel answering requests over the comm
``jupyterlab-dask-clusters`` and pushing a state snapshot to every open comm after every
change, whoever made it (the panel, a magic, a cell calling ``cluster.scale``, workers
arriving).

The frontend runs exactly this constant code in the kernel (silently) before opening a comm;
it loads the agent and registers the comm target (not the ``%dask_cluster`` magic: that
comes from ``%load_ext``, as it does headless), leaves no name in the user's namespace and
may run any number of times::

    import jupyterlab_dask_clusters.agent as _jdc_agent; _jdc_agent.load(); del _jdc_agent

(``BOOTSTRAP`` below; ``src/kernel/bootstrap.ts`` sends the same line.) Parameters never
travel as code: every request is JSON, checked by ``protocol.parse_request``.

Importing this module is cheap (no dask, no IPython, no comm): it happens in every kernel
the panel looks at.
"""

from __future__ import annotations

import threading

from . import __version__, gateway, jobqueue  # noqa: F401 - the features register their kinds
from .cluster import adoption, previews, sites
from .cluster.controller import Controller
from .code_ops import CodeOps
from .errors import one_sentence, shorten
from .gateway.ops import GatewayOps
from .gateway.options import set_kernel_name
from .host import host_addresses
from .origin import agent_source
from .profiles.environment import LayeredEnvironment
from .profiles.ops import ProfileOps
from .protocol import (
    PROTOCOL_VERSION,
    ProtocolError,
    error_response,
    ok_response,
    parse_request,
    request_id,
    state_message,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Mapping, MutableMapping
    from typing import Any

    from .protocol import Hello, Result, SiteSpec, Snapshot

__all__ = ["BOOTSTRAP", "COMM_TARGET", "Agent", "get_agent", "load"]

COMM_TARGET = "jupyterlab-dask-clusters"
BOOTSTRAP = "import jupyterlab_dask_clusters.agent as _jdc_agent; _jdc_agent.load(); del _jdc_agent"

#: Seconds between two looks at a live cluster (workers arriving, a cell scaling it).
WATCH_INTERVAL = 0.3


class Agent:
    """Requests in, responses and state pushes out; one per kernel (see ``get_agent``)."""

    def __init__(self, namespace: MutableMapping[str, Any] | None = None) -> None:
        self.controller = Controller(LayeredEnvironment, namespace)
        self.profiles = ProfileOps(self.controller)
        self.controller.profile = self.profiles.summary
        self.controller.on_change = self._on_change
        self.code = CodeOps(self.controller, self.profiles)
        self._sites: dict[str, SiteSpec] | None = None  # see ``sites``
        self.noticer = adoption.Noticer(self.controller, self.changed)
        self.gateway = GatewayOps(self.controller, lambda: self.sites)

        self._comms: dict[str, Any] = {}
        self._publish_lock = threading.Lock()
        self._pushed_seq = self.controller.snapshot()["seq"]  # the initial state is no change
        self._watch_lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._stop_watching = threading.Event()
        self._ops: dict[str, Callable[[dict[str, Any]], Result]] = {
            "hello": self._hello,
            "state": lambda args: self.controller.snapshot(),
            "start": self._start,
            "scale": self._scale,
            "adapt": self._adapt,
            "stop": self._stop,
            "profiles": lambda args: self.profiles.list(),
            "use_profile": self._use_profile,
            "clear_profile": self._clear_profile,
            "code": lambda args: self.code.code(),
            "work": lambda args: self.code.work(),
            "connect_scheduler": self._connect_scheduler,
            "gateway_options": lambda args: self.gateway.options(args["site"]),
            "gateway_clusters": lambda args: self.gateway.clusters(args["site"]),
            "gateway_connect": lambda args: self.gateway.connect(args["site"], args["name"]),
            "gateway_shutdown": lambda args: self.gateway.shutdown(args["site"], args["name"]),
            "site_options": lambda args: previews.site_options(
                args["site"], sites.get_site(self.sites, args["site"]), args.get("options")
            ),
            "job_script": lambda args: previews.job_script(
                args["site"], sites.get_site(self.sites, args["site"]), args.get("options")
            ),
        }

    # -----------------------------------------------------------------------------------------
    # One code path for the comm and the magic
    # -----------------------------------------------------------------------------------------

    def handle(self, data: object) -> dict[str, Any]:
        """Answer one comm message (any JSON): a response, never an exception."""
        try:
            result = self._execute(data)
        except ProtocolError as exc:
            return dict(error_response(request_id(data), exc))
        except KeyboardInterrupt:
            # The kernel was interrupted while it worked on this request (a start, say): what
            # it made is cleaned up; the request still gets its answer, or the panel waits.
            interrupted = ProtocolError("failed", "The operation was interrupted.")
            return dict(error_response(request_id(data), interrupted))
        return dict(ok_response(request_id(data), result))

    def call(self, op: str, args: Mapping[str, Any] | None = None) -> Result:
        """Run one operation for Python callers (the magic); raises ``ProtocolError``."""
        return self._execute(
            {"type": "request", "id": "python", "op": op, "args": dict(args or {})}
        )

    def _execute(self, data: object) -> Result:
        try:
            request = parse_request(data)
            return self._ops[request["op"]](request["args"])
        except ProtocolError as exc:
            # The last stop before the browser, the cell and the log: no piece of a secret,
            # and no value quoted at any length.
            message = shorten(self.controller.hide_secrets(exc.message))
            raise ProtocolError(exc.type, message) from None
        except Exception as exc:
            # Never a crashed comm: the browser gets one sentence, the log the details, both
            # scrubbed (a traceback may quote a value that holds a secret).
            import traceback

            hide = self.controller.hide_secrets
            _log().warning(
                "The %s operation failed:\n%s", _op_name(data), hide(traceback.format_exc())
            )
            raise ProtocolError("failed", one_sentence("The operation failed", exc, hide)) from None
        finally:
            self.publish()
            self._watch_if_needed()

    # -----------------------------------------------------------------------------------------
    # Operations
    # -----------------------------------------------------------------------------------------

    def _hello(self, args: dict[str, Any]) -> Hello:
        # The user's settings; what a hello does not carry stays as the last one said.
        if "sites" in args:
            self._sites = sites.merge_sites(args["sites"])
        if "profile_endpoints" in args:
            self.profiles.set_endpoint_overrides(args["profile_endpoints"])
        if "kernel_name" in args:  # the notebook's kernelspec, for a gateway's conda env
            set_kernel_name(args["kernel_name"])
        in_effect = self.sites
        return {
            "protocol": PROTOCOL_VERSION,
            "agent_version": __version__,
            "agent_source": agent_source(),
            "sites": [sites.summarize(site_id, spec) for site_id, spec in in_effect.items()],
            "detected_site": sites.detect(in_effect),
            "state": self.controller.snapshot(),
            "host_addresses": host_addresses(),
        }

    @property
    def sites(self) -> dict[str, SiteSpec]:
        """The sites in effect: built-ins < dask config ``dask-clusters.sites`` < the user's
        settings from the last hello (made when first needed: dask is not imported before)."""
        if self._sites is None:
            self._sites = sites.merge_sites(None)
        return self._sites

    def detected_site(self) -> str:
        return sites.detect(self.sites)

    def _start(self, args: dict[str, Any]) -> Snapshot:
        site_id = args["site"]
        plan = self.controller.plan_start(
            site_id,
            sites.get_site(self.sites, site_id),
            workers=args.get("workers"),
            adapt=args.get("adapt"),
            options=args.get("options"),
        )
        if "profile" in args:  # first, so that the workers start with its keys
            self.profiles.use(args["profile"])
        self.controller.start(plan)
        self.code.record_start(site_id, plan.spec, args)
        return self.controller.snapshot()

    def _scale(self, args: dict[str, Any]) -> Snapshot:
        self.controller.scale(args["workers"])
        return self.controller.snapshot()

    def _adapt(self, args: dict[str, Any]) -> Snapshot:
        self.controller.adapt(args["minimum"], args["maximum"])
        return self.controller.snapshot()

    def _stop(self, args: dict[str, Any]) -> Snapshot:
        self.controller.stop()
        return self.controller.snapshot()

    def _connect_scheduler(self, args: dict[str, Any]) -> Snapshot:
        from .cluster.connecting import connect_scheduler

        connect_scheduler(self.controller, args["address"])
        return self.controller.snapshot()

    def _use_profile(self, args: dict[str, Any]) -> Snapshot:
        self.profiles.use(args["name"], args.get("endpoint"))
        return self.controller.snapshot()

    def _clear_profile(self, args: dict[str, Any]) -> Snapshot:
        self.profiles.clear()
        return self.controller.snapshot()

    # -----------------------------------------------------------------------------------------
    # State pushes
    # -----------------------------------------------------------------------------------------

    def publish(self) -> None:
        """Push the snapshot to every open comm if it changed since the last push."""
        with self._publish_lock:
            snapshot = self.controller.snapshot()
            if snapshot["seq"] <= self._pushed_seq:
                return
            self._pushed_seq = snapshot["seq"]
            message = state_message(snapshot)
            for comm in list(self._comms.values()):
                try:
                    comm.send(message)
                except Exception:  # a comm closing under us: its close handler drops it
                    _log().debug("Could not push state to comm %s", comm.comm_id, exc_info=True)

    def _on_change(self) -> None:
        # A long operation begins (starting/stopping): show it now, and watch it.
        self.publish()
        self._watch_if_needed()

    def changed(self) -> None:
        """Something outside an operation changed the state (a cluster adopted after a cell)."""
        self._on_change()

    def _worth_watching(self) -> bool:
        return bool(self._comms) and self.controller.live

    def _watch_if_needed(self) -> None:
        """Look at the cluster every WATCH_INTERVAL while it is live and a comm is open. An
        idle kernel (no cluster, or nobody listening) runs no thread and sends nothing."""
        with self._watch_lock:
            if self._watcher is not None or not self._worth_watching():
                return
            self._watcher = threading.Thread(
                target=self._watch, name="jupyterlab-dask-clusters-watch", daemon=True
            )
            self._watcher.start()

    def _watch(self) -> None:
        while not self._stop_watching.wait(WATCH_INTERVAL):
            try:
                self.publish()
            except Exception:
                _log().warning("Watching the cluster failed", exc_info=True)
            with self._watch_lock:
                if not self._worth_watching():
                    self._watcher = None
                    return
        with self._watch_lock:
            self._watcher = None

    def close(self) -> None:
        """Stop watching (tests and interpreter shutdown); the cluster is left as it is."""
        self._stop_watching.set()
        watcher = self._watcher
        if watcher is not None:
            watcher.join()
        self._stop_watching.clear()

    # -----------------------------------------------------------------------------------------
    # Comms
    # -----------------------------------------------------------------------------------------

    def register_target(self) -> None:
        """Register the comm target with the kernel's comm manager (idempotent)."""
        import comm

        comm.get_comm_manager().register_target(COMM_TARGET, self.open_comm)

    def open_comm(self, comm: Any, open_msg: Mapping[str, Any] | None = None) -> None:
        """The comm target: keep the comm until it closes, answer its messages."""
        comm_id = comm.comm_id
        self._comms[comm_id] = comm

        def on_msg(msg: Mapping[str, Any]) -> None:
            data = msg.get("content", {}).get("data")
            comm.send(self.handle(data))

        def on_close(msg: Mapping[str, Any] | None) -> None:
            self._comms.pop(comm_id, None)

        comm.on_msg(on_msg)
        comm.on_close(on_close)
        self._watch_if_needed()

    @property
    def comms(self) -> list[Any]:
        return list(self._comms.values())


def _log() -> logging.Logger:
    import logging  # only when something goes wrong: logging is slow to import

    return logging.getLogger(__name__)


def _op_name(data: object) -> str:
    op = data.get("op") if isinstance(data, dict) else None
    return op if isinstance(op, str) else "unknown"


# ---------------------------------------------------------------------------------------------
# One agent per kernel
# ---------------------------------------------------------------------------------------------

_agent: Agent | None = None
_agent_lock = threading.Lock()


def get_agent() -> Agent:
    """This kernel's agent, bound to the IPython user namespace when there is a shell."""
    global _agent
    with _agent_lock:
        if _agent is None:
            _agent = Agent(_user_namespace())
        return _agent


def _user_namespace() -> MutableMapping[str, Any] | None:
    import sys

    if "IPython" not in sys.modules:  # not in a kernel or shell: no namespace to fill
        return None
    from IPython import get_ipython

    shell = get_ipython()
    return None if shell is None else shell.user_ns


_at_exit_registered = False


def _stop_at_exit(agent: Agent) -> None:
    """A kernel that shuts down or restarts stops its cluster first: a job queue's jobs are
    cancelled, not left waiting for a scheduler that is gone."""
    global _at_exit_registered
    if _at_exit_registered:
        return
    import atexit

    atexit.register(agent.controller.stop_at_exit)
    _at_exit_registered = True


def load() -> None:
    """What the frontend's bootstrap calls: the agent and its comm target. Idempotent;
    returns None so that the bootstrap displays nothing.

    It does not register ``%dask_cluster``: the magic comes only from
    ``%load_ext jupyterlab_dask_clusters``, so that a notebook using it runs the same in
    JupyterLab and headless (nbconvert, papermill), where no panel bootstraps the kernel. It
    does start noticing clusters made in cells (``adoption``), which costs nothing until one
    exists."""
    agent = get_agent()
    agent.register_target()
    _stop_at_exit(agent)
    import sys

    if "IPython" in sys.modules:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            agent.noticer.install(shell)
            agent.noticer.after_cell()  # a cluster made before the panel looked
