"""Two ways of doing the same start, timed in alternation in one process so that machine noise
hits both alike; each run begins from a collected heap, so that neither way pays for the
garbage the other left (a freed scheduler's dashboard is collected in whichever run is next)."""

from __future__ import annotations

import gc
import statistics
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Paired:
    """Medians of each way's seconds, and the median of the rounds' own ratios (agent ÷
    direct): a round's two runs share the machine's mood, so their ratio is what a target
    is checked against; a ratio of the two medians mixes runs from different moments."""

    direct: float
    agent: float
    ratio: float


def paired_times(
    direct: Callable[[], float],
    agent: Callable[[], float],
    rounds: int,
    between: Callable[[], None] = lambda: None,
) -> Paired:
    """``rounds`` seconds-returning runs of ``agent`` then ``direct``, after one untimed
    ``direct`` run that warms imports and the OS's caches for both; ``between`` runs after
    each run (e.g. until a batch queue is empty)."""
    direct()
    between()
    directs, agents = [], []
    for _ in range(rounds):
        for run, times in ((agent, agents), (direct, directs)):
            gc.collect()
            times.append(run())
            between()
    return Paired(
        direct=statistics.median(directs),
        agent=statistics.median(agents),
        ratio=statistics.median(a / d for a, d in zip(agents, directs)),
    )


def paired_rows(
    direct: str, agent: str, ratio: str, times: Paired, rounds: int, target: float
) -> list[tuple[str, str, str]]:
    """The bench table's rows: each way's median, then the ratio against its target."""
    return [
        (f"{direct} (median of {rounds})", f"{times.direct:.2f} s", ""),
        (f"{agent} (median of {rounds})", f"{times.agent:.2f} s", ""),
        (f"{ratio} (median of {rounds} rounds' ratios)", f"{times.ratio:.3f}", f"≤ {target}"),
    ]
