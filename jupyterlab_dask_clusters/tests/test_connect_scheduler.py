"""Connecting to a running scheduler by address: a `dask scheduler` and one `dask worker`
started here; a malformed address refused before anything is tried; a scheduler that does
not answer refused in one line, within 10 s."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.cluster.connecting import CONNECT_TIMEOUT
from jupyterlab_dask_clusters.magic.magics import register
from jupyterlab_dask_clusters.protocol import scheduler_address, scheduler_address_problem

from .conftest import RecordingComm, stop_everything

DASK = str(Path(sys.executable).with_name("dask"))


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a `dask scheduler` process with one `dask worker` process."""
    scheduler_file = tmp_path_factory.mktemp("scheduler") / "scheduler.json"
    processes = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(scheduler_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() or not scheduler_file.read_text():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        processes.append(
            subprocess.Popen(
                [DASK, "worker", address, "--nthreads", "1", "--memory-limit", "1GB",
                 "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)


def _one_worker(state: dict) -> bool:
    return state["status"] == "running" and state["workers"]["ready"] == 1


def test_connect_shows_workers_and_dashboard_with_the_actions_that_make_sense(
    agent: Agent, comm: RecordingComm, scheduler: str
) -> None:
    response = comm.request("connect_scheduler", address=scheduler)
    assert response["ok"], response
    client = agent.controller.namespace["client"]
    client.wait_for_workers(1, timeout=30)
    state = comm.wait_for_state(_one_worker)  # the client's own refresh, every 2 s
    assert state["origin"] == "connected"
    assert state["capabilities"] == ["stop"]  # no cluster manager: no scale, no adapt
    assert state["name"] == scheduler
    assert state["threads"] == 1 and state["memory"] == 10**9
    assert state["dashboard_link"].startswith("http://127.0.0.1:")
    assert client.submit(sum, [1, 2]).result() == 3

    refused = comm.request("scale", workers=2)
    assert refused["error"]["type"] == "conflict"
    assert "without a cluster manager" in refused["error"]["message"]
    assert comm.request("start", site="local")["error"]["type"] == "conflict"

    stopped = comm.request("stop")  # closes the client; the scheduler goes on
    assert stopped["result"]["status"] == "stopped"
    assert client.status == "closed" and "client" not in agent.controller.namespace
    from distributed import Client

    with Client(scheduler, timeout=10) as other:
        assert len(other.scheduler_info()["workers"]) == 1


def test_the_magic_connects_too(scheduler: str, capsys: pytest.CaptureFixture[str]) -> None:
    shell = InteractiveShell.instance()
    agent = Agent(shell.user_ns)
    register(shell, agent)
    try:
        # What Client() accepts: host:port means tcp://host:port.
        shell.run_line_magic("dask_cluster", f"connect-scheduler {scheduler[len('tcp://') :]}")
        out = capsys.readouterr().out
        assert out.startswith(f"Dask scheduler at {scheduler} (connected by address): running")
        assert shell.user_ns["client"].status == "running"
    finally:
        stop_everything(agent)
        InteractiveShell.clear_instance()


def test_a_scheduler_that_does_not_answer_fails_fast_in_one_line(
    agent: Agent, capsys: pytest.CaptureFixture[str]
) -> None:
    shell = InteractiveShell.instance()
    register(shell, agent)
    try:
        started = time.monotonic()
        shell.run_cell("%dask_cluster connect-scheduler tcp://127.0.0.1:9", store_history=False)
        elapsed = time.monotonic() - started
        captured = capsys.readouterr()
        lines = (captured.out + captured.err).strip().splitlines()
        assert len(lines) == 1, lines
        assert lines == [
            f"UsageError: Could not reach tcp://127.0.0.1:9 within {CONNECT_TIMEOUT} s."
        ]
        assert elapsed < 10
        assert agent.controller.snapshot()["status"] == "none"
        assert "client" not in shell.user_ns
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("", "A scheduler address is needed"),
        ("127.0.0.1:8786", "must start with tcp:// or tls://"),
        ("http://127.0.0.1:8786", "must start with tcp:// or tls://"),
        ("tcp://127.0.0.1", "needs a port from 1 to 65535"),
        ("tcp://127.0.0.1:0", "needs a port from 1 to 65535"),
        ("tcp://127.0.0.1:99999", "needs a port from 1 to 65535"),
        ("tcp://:8786", "has no host"),
        ("tcp://host:8786/path", "must be only a host and a port"),
        ("tcp://host:8786; rm -rf /", "has no spaces"),
    ],
)
def test_malformed_addresses_are_refused_before_anything_is_tried(
    agent: Agent, comm: RecordingComm, address: str, message: str
) -> None:
    response = comm.request("connect_scheduler", address=address)
    assert response["error"]["type"] == "invalid"
    assert message in response["error"]["message"]
    assert agent.controller.snapshot()["status"] == "none"
    assert comm.states == []


def test_typed_addresses_read_as_client_reads_them() -> None:
    assert scheduler_address(" localhost:8786 ") == "tcp://localhost:8786"
    assert scheduler_address("tls://10.0.0.5:8786") == "tls://10.0.0.5:8786"
    assert scheduler_address("[::1]:8786") == "tcp://[::1]:8786"
    assert scheduler_address("") == ""


def test_well_formed_addresses() -> None:
    for address in ("tcp://10.0.0.5:8786", "tls://scheduler.example.org:8786", "tcp://[::1]:8786"):
        assert scheduler_address_problem(address) is None


def test_a_client_of_a_bare_scheduler_made_in_a_cell_is_noticed(scheduler: str) -> None:
    shell = InteractiveShell.instance()
    agent = Agent(shell.user_ns)
    agent.noticer.install(shell)
    comm = RecordingComm()
    agent.open_comm(comm)
    try:
        result = shell.run_cell(
            f"from distributed import Client\nclient = Client({scheduler!r})", store_history=False
        )
        assert result.success, result.error_in_exec
        state = comm.wait_for_state(_one_worker)
        assert (state["origin"], state["kind"], state["name"]) == ("connected", None, scheduler)
        assert state["capabilities"] == ["stop"]
        assert state["dashboard_link"].startswith("http://127.0.0.1:")
    finally:
        shell.events.unregister("post_run_cell", agent.noticer.after_cell)
        stop_everything(agent)
        InteractiveShell.clear_instance()
