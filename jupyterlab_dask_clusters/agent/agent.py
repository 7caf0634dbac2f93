"""The agent: answers requests over the comm ``jupyterlab-dask-clusters`` and pushes a state
snapshot to every open comm after every change, whoever made it (the panel, a magic, a cell
calling ``cluster.scale``, workers arriving).

Parameters never travel as code: every request is JSON, checked by ``protocol.parse_request``;
what each operation does is in ``ops``. Importing this module is cheap (no dask, no IPython,
no comm): it happens in every kernel the panel looks at.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

from .. import gateway, jobqueue  # noqa: F401 - the features register their kinds of site
from ..cluster import adoption
from ..cluster.controller import Controller
from ..errors import one_sentence, shorten
from ..profiles.environment import LayeredEnvironment
from ..profiles.ops import ProfileOps
from ..protocol import (
    ProtocolError,
    error_response,
    ok_response,
    parse_request,
    request_id,
    state_message,
)
from .ops import Operations
from .warmup import Warmup

if TYPE_CHECKING:
    from ..codegen.ops import CodeOps
    from ..gateway.ops import GatewayOps
    from ..protocol import Result, SiteSpec

COMM_TARGET = "jupyterlab-dask-clusters"

_log = logging.getLogger(__name__)

#: Seconds between two looks at a live cluster (workers arriving, a cell scaling it).
WATCH_INTERVAL = 0.3


class Agent(Operations):
    """Requests in, responses and state pushes out; one per kernel (see ``get_agent``)."""

    def __init__(self, namespace: MutableMapping[str, Any] | None = None) -> None:
        self.controller = Controller(LayeredEnvironment, namespace)
        self.profiles = ProfileOps(self.controller)
        self.controller.profile = self.profiles.summary
        self.controller.on_change = self._on_change
        self._sites: dict[str, SiteSpec] | None = None  # see ``sites``
        self.noticer = adoption.Noticer(self.controller, self.changed)
        self.warmup = Warmup()

        self._comms: dict[str, Any] = {}
        self._publish_lock = threading.Lock()
        self._pushed_seq = self.controller.snapshot()["seq"]  # the initial state is no change
        self._watch_lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._stop_watching = threading.Event()
        self._ops = self._operations()

    @functools.cached_property
    def gateway(self) -> GatewayOps:
        """The Dask Gateway operations: imported when a gateway site first needs them."""
        from ..gateway.ops import GatewayOps

        return GatewayOps(self.controller, lambda: self.sites)

    @functools.cached_property
    def code(self) -> CodeOps:
        """Reproducible code and the work a stop would drop: imported when first needed."""
        from ..codegen.ops import CodeOps

        return CodeOps(self.controller, self.profiles)

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
            _log.warning(
                "The %s operation failed:\n%s", _op_name(data), hide(traceback.format_exc())
            )
            raise ProtocolError("failed", one_sentence("The operation failed", exc, hide)) from None
        finally:
            self.publish()
            self._watch_if_needed()

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
                    _log.debug("Could not push state to comm %s", comm.comm_id, exc_info=True)

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
                _log.warning("Watching the cluster failed", exc_info=True)
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


def _op_name(data: object) -> str:
    op = data.get("op") if isinstance(data, dict) else None
    return op if isinstance(op, str) else "unknown"
