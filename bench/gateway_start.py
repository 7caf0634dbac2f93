"""Start to first worker ready on a real Dask Gateway (dask-gateway-server on loopback, local
backend, Nebari-like options): through the agent's `nebari` site versus the seed's Python
(`Gateway().new_cluster(options)`, `scale(1)`, `wait_for_workers(1)`), in the same run
(target ratio ≤ 1.05). The two ways alternate so that machine noise hits both alike.
"""

from __future__ import annotations

import os
import time
from typing import Any

from paired import paired_rows, paired_times

ROUNDS = int(os.environ.get("BENCH_GATEWAY_ROUNDS", "5"))
TARGET_RATIO = 1.05


def _seed() -> float:
    from dask_gateway import Gateway

    t0 = time.perf_counter()
    gateway = Gateway()
    options = gateway.cluster_options()
    options.conda_environment = "users/users-pangeo"
    options.profile = "Medium Worker"
    cluster = gateway.new_cluster(options)
    cluster.scale(1)
    client = cluster.get_client()
    client.wait_for_workers(1)
    elapsed = time.perf_counter() - t0
    client.close()
    cluster.shutdown()
    return elapsed


def _through_agent() -> float:
    from jupyterlab_dask_clusters.agent import Agent

    namespace: dict[str, Any] = {}
    agent = Agent(namespace)
    t0 = time.perf_counter()
    agent.call("start", {"site": "nebari", "workers": 1})
    namespace["client"].wait_for_workers(1)
    elapsed = time.perf_counter() - t0
    agent.call("stop")
    agent.close()
    return elapsed


def measure() -> list[tuple[str, str, str]]:
    import dask
    import dask_gateway  # noqa: F401  (its config defaults before dask.config.set)

    from jupyterlab_dask_clusters.tests.gateway import gateway_server

    with gateway_server() as config, dask.config.set(config):
        times = paired_times(_seed, _through_agent, ROUNDS)
    return paired_rows(
        "gateway, seed's Python, 1st worker ready",
        "gateway, through the agent, 1st worker ready",
        "ratio gateway agent / seed",
        times,
        ROUNDS,
        TARGET_RATIO,
    )
