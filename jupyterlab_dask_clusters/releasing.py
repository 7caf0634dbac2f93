"""Letting go of closed clusters' servers.

distributed keeps every closed scheduler alive (and, with it, its dashboard's Bokeh documents)
through two process-wide caches keyed by the server: ``distributed.core._expects_comm`` (a
``functools.cache`` of bound handlers) and the memoized ``template_variables`` of the scheduler's
dashboard. A kernel that starts and stops clusters all day grows by about 0.35 MB a cycle;
with both released, by much less (``bench/soak.py``). The first only saves recomputing what a
live server asks for again; the second runs once per scheduler, when its dashboard starts.
"""

from __future__ import annotations

import logging
import sys


def release_closed_servers() -> None:
    """Drop distributed's references to servers that have closed (a no-op where distributed's
    internals differ from what is expected here)."""
    try:
        _release()
    except Exception:  # distributed changed: keeping its caches is only a slow leak
        logging.getLogger(__name__).debug("Releasing closed servers failed", exc_info=True)


def _release() -> None:
    core = sys.modules.get("distributed.core")
    cache_clear = getattr(getattr(core, "_expects_comm", None), "cache_clear", None)
    if cache_clear is not None:
        cache_clear()
    dashboard = sys.modules.get("distributed.dashboard.scheduler")  # only once a dashboard ran
    memoized = getattr(dashboard, "template_variables", None)
    plain = getattr(memoized, "__wrapped__", None)  # toolz and cytoolz both keep it
    if plain is not None:
        # The plain function from now on; the memo, with the schedulers it holds, goes.
        dashboard.template_variables = plain  # type: ignore[union-attr]
