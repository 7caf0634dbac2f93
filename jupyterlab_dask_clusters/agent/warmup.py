"""Warming what a start will need, once the panel has attached to this kernel (its hello):
the imports of the detected site's kind and, for a gateway, its options; in a background
thread, so that the kernel goes on running cells and answering interrupts meanwhile.

Nothing is started, and a kernel the panel never greets (headless code, ``%load_ext``) warms
nothing. A start waits only for the imports still running (Python's import lock would make it
wait for the same modules anyway), never for the rest: importing the same modules from two
threads at once is what the import lock allows but the cyclic-import guard may answer with a
half-initialised module, so the main thread lets the warm-up finish them. Only the main thread
gets ``KeyboardInterrupt``: an interrupt reaches the user's cell, never the warm-up.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging
    from collections.abc import Callable

    from ..protocol import SiteSpec

THREAD_NAME = "jupyterlab-dask-clusters-warmup"


class Warmup:
    """At most one warm-up per kernel (the first hello's detected site)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._imported = threading.Event()

    def begin(self, spec: SiteSpec, then: Callable[[], None] | None = None) -> None:
        """Import what a start of ``spec`` needs, then run ``then`` (e.g. fetch a gateway's
        options), in the background; a second call does nothing."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(
                target=self._run, args=(spec, then), name=THREAD_NAME, daemon=True
            )
            self._thread.start()

    def _run(self, spec: SiteSpec, then: Callable[[], None] | None) -> None:
        from ..cluster import kinds

        try:
            warm = getattr(kinds.get_kind(spec["kind"]), "warm", None)
            if warm is not None:
                warm(spec)
        except Exception:  # a package missing, say: a start says what is wrong, in words
            _log().debug("Warming up failed", exc_info=True)
        finally:
            self._imported.set()
        if then is not None:
            try:
                then()
            except Exception:
                _log().debug("Warming up failed", exc_info=True)

    def wait_for_imports(self) -> None:
        """Return once no warm-up import runs (at once when none began). Interruptible."""
        if self._thread is None or threading.current_thread() is self._thread:
            return
        while not self._imported.wait(0.05):
            pass


def _log() -> logging.Logger:
    import logging

    return logging.getLogger(__name__)
