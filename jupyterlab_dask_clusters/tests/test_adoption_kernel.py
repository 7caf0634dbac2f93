"""In a real kernel: after the panel's constant bootstrap, a cluster made in a cell reaches the
panel's comm as a state push, without a request; a stop from the comm closes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from jupyter_client.blocking.client import BlockingKernelClient

from jupyterlab_dask_clusters.agent import BOOTSTRAP

from .test_kernel_comm import KernelComm, execute, running_kernel


@pytest.fixture
def fresh_kernel() -> Iterator[BlockingKernelClient]:
    with running_kernel() as (_, client):
        yield client


def test_a_cell_made_cluster_is_pushed_to_the_panel(fresh_kernel: BlockingKernelClient) -> None:
    execute(fresh_kernel, BOOTSTRAP, silent=True, store_history=False)
    comm = KernelComm(fresh_kernel)
    comm.open()
    assert comm.request("hello", protocol=1)["result"]["state"]["status"] == "none"

    execute(
        fresh_kernel,
        "from distributed import Client, LocalCluster\n"
        "cluster = LocalCluster(n_workers=1, processes=False, dashboard_address=':0')\n"
        "client = Client(cluster)",
        comm,
    )
    state = comm.wait(lambda m: m["type"] == "state" and m["state"]["status"] == "running")
    assert state["state"]["origin"] == "adopted"
    assert state["state"]["workers"]["ready"] == 1

    stopped = comm.request("stop")
    assert stopped["result"]["status"] == "stopped"
    reply = execute(fresh_kernel, "", comm, user_expressions={"gone": "'cluster' not in dir()"})
    assert reply["content"]["user_expressions"]["gone"]["data"]["text/plain"] == "True"
