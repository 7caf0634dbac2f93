"""Interrupting a real kernel while the agent starts a cluster: the start request still gets
its answer, nothing is left half-started, and the agent serves the next request."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

from jupyterlab_dask_clusters.agent import BOOTSTRAP

from .test_kernel_comm import KernelComm, execute, running_kernel


@pytest.fixture
def silent_gateway() -> Iterator[str]:
    """A TCP listener that accepts connections and never answers: a gateway that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.fixture
def hanging_kernel(silent_gateway: str) -> Iterator[tuple[KernelManager, BlockingKernelClient]]:
    env = {**os.environ, "DASK_GATEWAY__ADDRESS": silent_gateway}
    with running_kernel(env, graceful=False) as kernel:
        yield kernel


def _greeted_comm(client: BlockingKernelClient) -> KernelComm:
    """The agent bootstrapped in the kernel, a comm to it open and greeted."""
    execute(client, BOOTSTRAP, silent=True, store_history=False)
    comm = KernelComm(client)
    comm.open()
    assert comm.request("hello", protocol=1)["ok"]
    return comm


def _start_without_waiting(
    client: BlockingKernelClient, comm: KernelComm, request_id: str, args: dict[str, Any]
) -> None:
    """Send a start, as the panel does, and return once the agent says it is starting."""
    data = {"type": "request", "id": request_id, "op": "start", "args": args}
    client.shell_channel.send(
        client.session.msg("comm_msg", {"comm_id": comm.comm_id, "data": data})
    )
    comm.wait(lambda m: m["type"] == "state" and m["state"]["status"] == "starting")


def test_an_interrupted_start_gets_an_answer(
    hanging_kernel: tuple[KernelManager, BlockingKernelClient],
) -> None:
    manager, client = hanging_kernel
    comm = _greeted_comm(client)

    # The nebari site asks the (silent) gateway for its options: the start hangs there.
    _start_without_waiting(client, comm, "start-1", {"site": "nebari"})
    time.sleep(0.5)
    interrupted_at = time.monotonic()
    manager.interrupt_kernel()

    response = comm.wait(lambda m: m["type"] == "response" and m["id"] == "start-1", timeout=10)
    assert time.monotonic() - interrupted_at < 5
    assert response["ok"] is False
    assert response["error"] == {"type": "failed", "message": "The operation was interrupted."}
    state = comm.wait(lambda m: m["type"] == "state" and m["state"]["status"] == "failed")
    assert state["state"]["site"] == "nebari"
    assert state["state"]["error"] == "The start was interrupted."

    # The agent answers at once afterwards, and nothing was left behind.
    after = comm.request("state")
    assert after["ok"] and after["result"]["status"] == "failed"
    reply = execute(client, "", user_expressions={"left": "'cluster' in dir()"})
    assert reply["content"]["user_expressions"]["left"]["data"]["text/plain"] == "False"


def test_an_interrupted_local_start_leaves_no_process(
    hanging_kernel: tuple[KernelManager, BlockingKernelClient],
) -> None:
    import psutil

    manager, client = hanging_kernel
    comm = _greeted_comm(client)
    kernel = psutil.Process(manager.provisioner.process.pid)  # type: ignore[union-attr]

    def cluster_processes() -> set[int]:
        # multiprocessing's resource tracker is the kernel's, started with its first cluster.
        found = set()
        for p in kernel.children(recursive=True):
            try:
                if "resource_tracker" not in " ".join(p.cmdline()):
                    found.add(p.pid)
            except psutil.NoSuchProcess:  # it exited between the listing and the look: gone
                continue
        return found

    before = cluster_processes()

    # Each worker process sleeps while it starts: the cluster is being built when interrupted.
    slow = {"preload": ["import time; time.sleep(30)"], "dashboard_address": ":0"}
    _start_without_waiting(
        client, comm, "start-2", {"site": "local", "workers": 2, "options": slow}
    )
    deadline = time.monotonic() + 60
    while len(cluster_processes() - before) < 2:  # the nannies
        assert time.monotonic() < deadline, "the workers' processes did not start"
        time.sleep(0.1)
    manager.interrupt_kernel()

    response = comm.wait(lambda m: m["type"] == "response" and m["id"] == "start-2", timeout=60)
    assert response["error"] == {"type": "failed", "message": "The operation was interrupted."}
    deadline = time.monotonic() + 60
    while cluster_processes() - before:
        assert time.monotonic() < deadline, "processes of the half-built cluster are left"
        time.sleep(0.2)
