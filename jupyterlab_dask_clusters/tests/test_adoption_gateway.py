"""A gateway cluster made in a cell (the seed's Nebari code) is adopted like a local one, against
a real Dask Gateway on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent

from .conftest import RecordingComm, stop_everything


@pytest.fixture(scope="module")
def gateway_config() -> Iterator[dict[str, Any]]:
    pytest.importorskip("dask_gateway_server")
    from .gateway import gateway_server

    with gateway_server() as config:
        yield config


def test_a_gateway_cluster_made_in_a_cell_is_adopted(gateway_config: dict[str, Any]) -> None:
    import dask
    import dask_gateway  # noqa: F401  (its config defaults first, kept after the `set` below)

    shell = InteractiveShell.instance()
    agent = Agent(shell.user_ns)
    agent.noticer.install(shell)
    comm = RecordingComm()
    agent.open_comm(comm)
    try:
        with dask.config.set(gateway_config):
            result = shell.run_cell(
                "from dask_gateway import Gateway\n"
                "cluster = Gateway().new_cluster(shutdown_on_close=True)\n"
                "cluster.scale(1)\n"
                "client = cluster.get_client()\n",
                store_history=False,
            )
            assert result.success, result.error_in_exec
            state = comm.wait_for_state(lambda s: s["status"] == "running")
            assert (state["origin"], state["kind"]) == ("adopted", "gateway")
            assert state["capabilities"] == ["scale", "adapt", "stop"]
            comm.wait_for_state(lambda s: s["workers"]["ready"] == 1, timeout=60)

            assert comm.request("scale", workers=2)["ok"]
            comm.wait_for_state(lambda s: s["workers"]["ready"] == 2, timeout=60)

            cluster = shell.user_ns["cluster"]
            assert comm.request("stop")["result"]["status"] == "stopped"
            assert cluster.status == "closed"
            assert "cluster" not in shell.user_ns and "client" not in shell.user_ns
    finally:
        shell.events.unregister("post_run_cell", agent.noticer.after_cell)
        stop_everything(agent)
        InteractiveShell.clear_instance()
