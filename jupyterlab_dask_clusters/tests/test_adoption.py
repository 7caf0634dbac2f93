"""A cluster made in a cell is noticed after the cell, shown and acted on like one the panel
started; a cluster the panel started stays shown; several clients: the default one, and a note."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.cluster import reading
from jupyterlab_dask_clusters.magic.magics import register

from .conftest import THREADS, RecordingComm, stop_everything

MAKE_CLUSTER = (
    "from distributed import Client, LocalCluster\n"
    "cluster = LocalCluster(n_workers=1, processes=False, dashboard_address=':0')\n"
    "client = Client(cluster)\n"
)


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    shell = InteractiveShell.instance()
    yield shell
    for name in ("client", "cluster", "other"):
        thing = shell.user_ns.get(name)
        if thing is not None and hasattr(thing, "close"):
            thing.close()
    InteractiveShell.clear_instance()


@pytest.fixture
def panel(shell: InteractiveShell) -> Iterator[tuple[Agent, RecordingComm]]:
    """The agent as the panel's bootstrap leaves it (magic, hook), and the panel's comm."""
    agent = Agent(shell.user_ns)
    register(shell, agent)
    agent.noticer.install(shell)
    comm = RecordingComm()
    agent.open_comm(comm)
    yield agent, comm
    stop_everything(agent)
    shell.events.unregister("post_run_cell", agent.noticer.after_cell)


def run(shell: InteractiveShell, code: str) -> None:
    result = shell.run_cell(code, store_history=False)
    assert result.success, result.error_in_exec or result.error_before_exec


def test_a_cluster_made_in_a_cell_is_adopted_scaled_and_stopped(
    shell: InteractiveShell, panel: tuple[Agent, RecordingComm]
) -> None:
    agent, comm = panel
    run(shell, MAKE_CLUSTER)
    # Noticed without a request: a state push.
    state = comm.wait_for_state(lambda s: s["status"] == "running")
    assert state["origin"] == "adopted"
    assert state["kind"] == "local" and state["site"] is None
    assert state["capabilities"] == ["scale", "adapt", "stop"]
    assert state["workers"] == {"ready": 1, "requested": 1}
    assert state["dashboard_link"].startswith("http")
    assert state["other_clients"] == 0

    response = comm.request("scale", workers=2)
    assert response["ok"], response
    comm.wait_for_state(lambda s: s["workers"] == {"ready": 2, "requested": 2})
    assert len(shell.user_ns["cluster"].scheduler_info["workers"]) == 2

    response = comm.request("adapt", minimum=1, maximum=3)
    assert response["result"]["adapt"] == {"minimum": 1, "maximum": 3}

    cluster, client = shell.user_ns["cluster"], shell.user_ns["client"]
    response = comm.request("stop")
    assert response["result"]["status"] == "stopped"
    assert cluster.status.name == "closed" and client.status == "closed"
    assert "cluster" not in shell.user_ns and "client" not in shell.user_ns

    # Stopped stays stopped after the next cell: nothing closed is adopted again.
    run(shell, "x = 1")
    assert agent.controller.snapshot()["status"] == "stopped"


def test_a_cluster_closed_in_a_cell_goes_and_a_new_one_is_noticed(
    shell: InteractiveShell, panel: tuple[Agent, RecordingComm]
) -> None:
    agent, comm = panel
    run(shell, MAKE_CLUSTER)
    first = shell.user_ns["cluster"]
    run(shell, "client.close(); cluster.close()")
    comm.wait_for_state(lambda s: s["status"] == "stopped")
    run(shell, MAKE_CLUSTER)
    state = comm.wait_for_state(lambda s: s["status"] == "running" and s["seq"] > 2)
    assert agent.controller.holds(shell.user_ns["cluster"])
    assert shell.user_ns["cluster"] is not first
    assert state["origin"] == "adopted"


def test_a_cluster_without_a_client_is_adopted(
    shell: InteractiveShell, panel: tuple[Agent, RecordingComm]
) -> None:
    _, comm = panel
    run(
        shell,
        "from distributed import LocalCluster\n"
        "cluster = LocalCluster(n_workers=1, processes=False, dashboard_address=':0')",
    )
    state = comm.wait_for_state(lambda s: s["status"] == "running")
    assert state["workers"]["ready"] == 1
    comm.request("stop")
    assert shell.user_ns.get("cluster") is None


def test_several_clients_show_the_default_one_and_count_the_others(
    shell: InteractiveShell, panel: tuple[Agent, RecordingComm]
) -> None:
    agent, comm = panel
    run(shell, MAKE_CLUSTER)
    run(
        shell,
        "other_cluster = LocalCluster(n_workers=2, processes=False, dashboard_address=':0')\n"
        "other = Client(other_cluster)",  # the newest client is the default one
    )
    state = comm.wait_for_state(lambda s: s["workers"]["ready"] == 2)
    assert agent.controller.holds(shell.user_ns["other_cluster"])
    assert state["other_clients"] == 1
    run(shell, "other.close(); other_cluster.close()")
    # The default client is the first one again: it is shown after the next cell.
    run(shell, "x = 1")
    state = comm.wait_for_state(lambda s: s["status"] == "running" and s["workers"]["ready"] == 1)
    assert agent.controller.holds(shell.user_ns["cluster"])
    assert state["other_clients"] == 0


def test_a_cluster_the_panel_started_stays_shown(
    shell: InteractiveShell, panel: tuple[Agent, RecordingComm]
) -> None:
    agent, comm = panel
    assert comm.request("start", site="local", workers=1, options=THREADS)["ok"]
    ours = shell.user_ns["cluster"]
    run(
        shell,
        "from distributed import Client, LocalCluster\n"
        "mine = LocalCluster(n_workers=0, processes=False, dashboard_address=':0')\n"
        "other = Client(mine)",
    )
    state = agent.controller.snapshot()
    assert agent.controller.holds(ours)
    assert state["origin"] == "started" and state["other_clients"] == 1
    run(shell, "other.close(); mine.close()")


def test_load_notices_a_cluster_made_before_the_panel_looked(shell: InteractiveShell) -> None:
    from jupyterlab_dask_clusters.agent import kernel as agent_module

    run(shell, MAKE_CLUSTER)
    agent = Agent(shell.user_ns)
    agent_module._agent, saved = agent, agent_module._agent
    try:
        agent_module.load()
        assert agent.controller.snapshot()["origin"] == "adopted"
        assert shell.events.callbacks["post_run_cell"].count(agent.noticer.after_cell) == 1
        agent_module.load()  # idempotent: one hook
        assert shell.events.callbacks["post_run_cell"].count(agent.noticer.after_cell) == 1
    finally:
        shell.events.unregister("post_run_cell", agent.noticer.after_cell)
        agent_module._agent = saved
        stop_everything(agent)


def test_noticing_without_distributed_imports_nothing() -> None:
    # A fresh interpreter: the hook runs after a cell and leaves distributed unimported.
    code = (
        "import sys\n"
        "from jupyterlab_dask_clusters.agent import Agent\n"
        "agent = Agent({})\n"
        "agent.noticer.after_cell()\n"
        "from jupyterlab_dask_clusters.cluster import adoption\n"
        "assert adoption.current() is None\n"
        "print(sorted(m for m in ('distributed', 'dask') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert reading.other_clients(None) >= 0
