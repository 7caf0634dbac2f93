"""A stopped cluster's scheduler is let go: a kernel that starts and stops clusters all day
does not keep every one of them (distributed's own caches would)."""

from __future__ import annotations

import gc
import weakref

from jupyterlab_dask_clusters.agent import Agent

from .conftest import RecordingComm


def test_a_stopped_clusters_scheduler_and_dashboard_are_freed(
    agent: Agent, comm: RecordingComm
) -> None:
    options = {"processes": False, "dashboard_address": ":0"}
    schedulers = []
    for _ in range(2):
        response = comm.request("start", site="local", workers=1, options=options)
        assert response["ok"], response
        cluster = agent.controller.namespace["cluster"]
        # The dashboard was served (its page variables are cached per scheduler).
        assert response["result"]["dashboard_link"]
        schedulers.append(weakref.ref(cluster.scheduler))
        del cluster
        assert comm.request("stop")["ok"]
    gc.collect()
    assert [ref() for ref in schedulers] == [None, None]
