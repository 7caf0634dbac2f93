"""A real kernel, driven the way the frontend drives it: the constant bootstrap, then JSON
requests over a comm; plus a cell running %dask_cluster, whose change reaches the comm."""

from __future__ import annotations

import contextlib
import queue
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

from jupyterlab_dask_clusters.agent import BOOTSTRAP, COMM_TARGET
from jupyterlab_dask_clusters.protocol import validate_outgoing

TIMEOUT = 60
ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def running_kernel(
    env: dict[str, str] | None = None, *, graceful: bool = True
) -> Iterator[tuple[KernelManager, BlockingKernelClient]]:
    """A real python3 kernel with its client, shut down afterwards (``graceful``: the kernel
    closes its cluster on the way out, as when a notebook is closed)."""
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(**({"env": env} if env is not None else {}))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=TIMEOUT)
        yield manager, client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=not graceful)


@pytest.fixture(scope="module")
def kernel() -> Iterator[BlockingKernelClient]:
    with running_kernel() as (_, client):
        yield client


class KernelComm:
    """The browser's end of one comm, over jupyter_client's shell and iopub channels."""

    def __init__(self, client: BlockingKernelClient) -> None:
        self.client = client
        self.comm_id = uuid.uuid4().hex
        self.received: list[dict[str, Any]] = []
        self._count = 0

    def _send(self, msg_type: str, content: dict[str, Any]) -> None:
        self.client.shell_channel.send(self.client.session.msg(msg_type, content))

    def open(self) -> None:
        self._send("comm_open", {"comm_id": self.comm_id, "target_name": COMM_TARGET, "data": {}})

    def request(self, op: str, **args: Any) -> dict[str, Any]:
        self._count += 1
        rid = f"k-{self._count}"
        data = {"type": "request", "id": rid, "op": op, "args": args}
        self._send("comm_msg", {"comm_id": self.comm_id, "data": data})
        return self.wait(lambda m: m["type"] == "response" and m["id"] == rid)

    def wait(self, predicate: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The first message on this comm (already received or arriving) matching."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.received:
                if predicate(message):
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching comm message; got {self.received}")
            try:
                self.feed(self.client.get_iopub_msg(timeout=min(remaining, 1)))
            except queue.Empty:
                continue

    def feed(self, msg: dict[str, Any]) -> None:
        """Take an iopub message: keep it if it is for this comm."""
        content = msg["content"]
        if msg["msg_type"] == "comm_close" and content.get("comm_id") == self.comm_id:
            raise AssertionError("the kernel closed the comm")
        if msg["msg_type"] == "comm_msg" and content["comm_id"] == self.comm_id:
            validate_outgoing(content["data"])
            self.received.append(content["data"])

    def states(self) -> list[dict[str, Any]]:
        return [m["state"] for m in self.received if m["type"] == "state"]


def execute(
    client: BlockingKernelClient, code: str, comm: KernelComm | None = None, **kwargs: Any
) -> dict[str, Any]:
    # Runs a cell; the iopub messages it reads on the way are handed to the comm, if any.
    hook = comm.feed if comm is not None else lambda msg: None
    reply = client.execute_interactive(code, timeout=TIMEOUT, output_hook=hook, **kwargs)
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply


def test_the_frontend_sends_this_bootstrap() -> None:
    source = (ROOT / "src" / "agent" / "bootstrap.ts").read_text(encoding="utf-8")
    assert f"'{BOOTSTRAP}'" in source


def test_bootstrap_comm_and_magic(kernel: BlockingKernelClient) -> None:
    # The bootstrap is constant, silent, idempotent and leaves no name behind.
    for _ in range(2):
        execute(kernel, BOOTSTRAP, silent=True, store_history=False)
    reply = execute(
        kernel, "", user_expressions={"names": "sorted(k for k in dir() if 'jupyterlab' in k)"}
    )
    assert reply["content"]["user_expressions"]["names"]["data"]["text/plain"] == "[]"

    comm = KernelComm(kernel)
    comm.open()
    hello = comm.request("hello", protocol=1)
    assert hello["ok"], hello
    assert hello["result"]["detected_site"] == "local"
    assert hello["result"]["state"]["status"] == "none"

    bad = comm.request("scale", workers=True)
    assert bad["error"]["type"] == "invalid"

    started = comm.request(
        "start", site="local", workers=1, options={"processes": False, "dashboard_address": ":0"}
    )
    assert started["ok"], started
    assert started["result"]["workers"]["ready"] == 1
    assert [s["status"] for s in comm.states()] == ["starting", "running"]

    stopped = comm.request("stop")
    assert stopped["result"]["status"] == "stopped"
    comm.wait(lambda m: m["type"] == "state" and m["state"]["status"] == "stopped")

    # The bootstrap does not bring the magic (headless, nothing would): %load_ext does.
    reply = kernel.execute_interactive(
        "%dask_cluster status", timeout=TIMEOUT, output_hook=comm.feed
    )
    assert reply["content"]["status"] == "error"
    execute(kernel, "%load_ext jupyterlab_dask_clusters", comm)

    # A cell: its change is pushed to the comm at once (the default, process-based cluster).
    seen = len(comm.states())
    execute(kernel, "%dask_cluster start local --workers 1", comm)
    comm.wait(
        lambda m: (
            m["type"] == "state" and m["state"]["status"] == "running" and len(comm.states()) > seen
        )
    )
    reply = execute(kernel, "", comm, user_expressions={"x": "client.submit(sum, [1, 2]).result()"})
    assert reply["content"]["user_expressions"]["x"]["data"]["text/plain"] == "3"

    stopped = comm.request("stop")
    assert stopped["result"]["status"] == "stopped"
    reply = execute(kernel, "", comm, user_expressions={"gone": "'cluster' not in dir()"})
    assert reply["content"]["user_expressions"]["gone"]["data"]["text/plain"] == "True"
