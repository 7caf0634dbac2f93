"""Closing clusters and clients, and letting go of closed clusters' servers.

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
from collections.abc import Callable
from typing import Any

_log = logging.getLogger(__name__)

#: What features do with a thing ``close_quietly`` has closed (``register_after_close``).
_AFTER_CLOSE: list[Callable[[Any], None]] = []


def register_after_close(step: Callable[[Any], None]) -> None:
    """Have ``step(thing)`` run after ``close_quietly`` closes ``thing`` (a feature's clean-up
    of what its package leaves behind, e.g. the gateway's)."""
    _AFTER_CLOSE.append(step)


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


def spec_clusters() -> set[Any]:
    """distributed's clusters (LocalCluster, dask-jobqueue's) alive in this kernel now."""
    spec = sys.modules.get("distributed.deploy.spec")
    # Read as a half-made module may be (the agent's warm-up importing it): no class, no cluster.
    instances = getattr(getattr(spec, "SpecCluster", None), "_instances", None)
    return {c for c in list(instances or ()) if c.status.name != "closed"}


def close_quietly(*things: Any) -> None:
    """Close clients and clusters, in order, logging (not raising) what goes wrong; then let
    go of what distributed keeps of the closed servers."""
    for thing in things:
        if thing is None:
            continue
        try:
            thing.close()
            for step in _AFTER_CLOSE:
                step(thing)
        except Exception:
            logging.getLogger(__name__).warning(
                "Closing %s failed", type(thing).__name__, exc_info=True
            )
    if any(thing is not None for thing in things):
        release_closed_servers()
