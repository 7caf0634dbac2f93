"""Start-to-ready time of a 2-worker local cluster through the agent versus the same
LocalCluster built directly in Python, in the same run (target ratio ≤ 1.05).

"Ready" means two workers connected to the scheduler, as `client.wait_for_workers(2)` sees it.
The two ways alternate so that machine noise hits both alike.
"""

from __future__ import annotations

import os
import time

from paired import paired_rows, paired_times

ROUNDS = int(os.environ.get("BENCH_START_ROUNDS", "15"))
TARGET_RATIO = 1.05


def _direct() -> float:
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    # What the `local` site builds: LocalCluster(threads_per_worker=os.cpu_count()).
    cluster = LocalCluster(n_workers=2, threads_per_worker=os.cpu_count(), dashboard_address=":0")
    client = Client(cluster)
    client.wait_for_workers(2)
    elapsed = time.perf_counter() - t0
    client.close()
    cluster.close()
    return elapsed


def _through_agent() -> float:
    from jupyterlab_dask_clusters.agent import Agent

    namespace: dict = {}
    agent = Agent(namespace)
    t0 = time.perf_counter()
    agent.call("start", {"site": "local", "workers": 2, "options": {"dashboard_address": ":0"}})
    namespace["client"].wait_for_workers(2)
    elapsed = time.perf_counter() - t0
    agent.call("stop")
    agent.close()
    return elapsed


def measure() -> list[tuple[str, str, str]]:
    times = paired_times(_direct, _through_agent, ROUNDS)
    return paired_rows(
        "LocalCluster direct, 2 workers ready",
        "through the agent, 2 workers ready",
        "ratio agent / direct",
        times,
        ROUNDS,
        TARGET_RATIO,
    )
