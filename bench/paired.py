"""Two ways of doing the same start, timed in alternation in one process so that machine noise
hits both alike; each run begins from a collected heap, so that neither way pays for the
garbage the other left (a freed scheduler's dashboard is collected in whichever run is next)."""

from __future__ import annotations

import gc
import statistics
from collections.abc import Callable


def paired_medians(
    direct: Callable[[], float],
    agent: Callable[[], float],
    rounds: int,
    between: Callable[[], None] = lambda: None,
) -> tuple[float, float]:
    """The medians of ``rounds`` seconds-returning runs of ``direct`` and ``agent``, after one
    untimed ``direct`` run that warms imports and the OS's caches for both; ``between`` runs
    after each run (e.g. until a batch queue is empty)."""
    direct()
    between()
    directs, agents = [], []
    for _ in range(rounds):
        for run, times in ((agent, agents), (direct, directs)):
            gc.collect()
            times.append(run())
            between()
    return statistics.median(directs), statistics.median(agents)
