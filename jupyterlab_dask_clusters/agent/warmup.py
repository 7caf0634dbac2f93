"""Warming what a start will need, once the panel has attached to this kernel (its hello over
a comm): the imports of the detected site's kind, what only a first start does (the kind's
``prime``) and, for a gateway, its options; in a background thread, so that the kernel goes on
running cells and answering interrupts meanwhile (docs/architecture.md, "The warm-up").

No cluster is started, and a kernel the panel never greets (headless code, ``%load_ext``, the
magic's own hello) warms nothing. Only the main thread gets ``KeyboardInterrupt``: an
interrupt reaches the user's cell, never the warm-up.

dask and distributed import their own modules circularly, and two threads importing them at
once can see a module half-made (``cannot import name … from partially initialized module``):
Python's import lock resolves a cross-thread cycle that way. So while the warm-up imports,
another thread's first import of one of those packages (a cell, a start, a magic) waits until
it is done (``_gate_imports``): what it would have waited for anyway, the import itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..cluster.adoption import imported_whole

if TYPE_CHECKING:
    import logging

    from ..protocol import SiteSpec

THREAD_NAME = "jupyterlab-dask-clusters-warmup"

#: This package's modules a start imports the first time it runs (they are kept out of the
#: agent's own import, which every kernel pays): the warm-up imports them too.
START_MODULES = ("..cluster.plan", "..codegen.ops", "..profiles.credentials")

#: Top-level packages the warm-up imports whose modules import one another circularly.
WARMED_PACKAGES = frozenset({"dask", "distributed", "dask_gateway", "dask_jobqueue", "bokeh"})


class Warmup:
    """At most one warm-up per kernel (the first hello's detected site)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._imported = threading.Event()
        self._ungate: Callable[[], None] = lambda: None

    def begin(self, spec: SiteSpec, then: Callable[[], None] | None = None) -> None:
        """Import what a start of ``spec`` needs, do what only a first start does (the kind's
        ``prime``), then run ``then`` (e.g. fetch a gateway's options), in the background; a
        second call does nothing."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(
                target=self._run, args=(spec, then), name=THREAD_NAME, daemon=True
            )
            self._ungate = _gate_imports(self)
            self._thread.start()

    def _run(self, spec: SiteSpec, then: Callable[[], None] | None) -> None:
        import importlib

        from ..cluster import kinds

        try:
            kind = _quietly(kinds.get_kind, spec["kind"])
            _quietly(getattr(kind, "warm", None), spec)
        finally:
            self._imported.set()
            self._ungate()
        # Past the gated imports, nothing need wait for the rest: a start meanwhile does it.
        for module in START_MODULES:
            _quietly(importlib.import_module, module, __package__)
        _quietly(getattr(kind, "prime", None), spec)
        _quietly(then)

    @property
    def importing(self) -> bool:
        return self._thread is not None and not self._imported.is_set()

    def wait_for_imports(self) -> None:
        """Return once no warm-up import runs (at once when none began, or in the warm-up's
        own thread). Interruptible: a short wait, again and again, on the main thread."""
        if self._thread is None or threading.current_thread() is self._thread:
            return
        while not self._imported.wait(0.05):
            pass


def _gate_imports(warmup: Warmup) -> Callable[[], None]:
    """Make another thread's ``import`` of a module of ``WARMED_PACKAGES`` wait until the
    warm-up's imports are done; returns what undoes it.

    It wraps ``builtins.__import__``, which an import statement calls before taking any import
    lock: a finder on ``sys.meta_path`` could not wait, it runs under Python's global import
    lock, which the warm-up needs too."""
    import builtins

    original = builtins.__import__

    def gated(
        name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0
    ) -> Any:
        if (
            level == 0
            and warmup.importing
            and name.partition(".")[0] in WARMED_PACKAGES
            and not imported_whole(name)
        ):
            warmup.wait_for_imports()
        return original(name, globals, locals, fromlist, level)

    builtins.__import__ = gated

    def undo() -> None:
        if builtins.__import__ is gated:  # unless someone wrapped it again since
            builtins.__import__ = original

    return undo


def _quietly(step: Callable[..., Any] | None, *args: Any) -> Any:
    """Run a step of the warm-up and return its result; a failure (a package missing, say) is
    only logged, and gives None: a start says what is wrong, in words."""
    if step is None:
        return None
    try:
        return step(*args)
    except Exception:
        _log().debug("Warming up failed", exc_info=True)
        return None


def _log() -> logging.Logger:
    import logging

    return logging.getLogger(__name__)
