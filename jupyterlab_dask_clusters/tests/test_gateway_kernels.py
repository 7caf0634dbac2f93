"""Gateway clusters and the life of real kernels: a normal shutdown takes the kernel's cluster
with it; a SIGKILLed kernel's cluster, or one pending while the kernel restarts, stays on the
gateway, where another kernel lists it (``%dask_cluster gateway-clusters``) and shuts it down."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

from .gateway import dask_env

TIMEOUT = 60
#: The magic comes from %load_ext, in JupyterLab as headless.
LOAD_MAGIC = "%load_ext jupyterlab_dask_clusters"


class Kernel:
    def __init__(self, env: dict[str, str]) -> None:
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(env={**os.environ, **env})
        self.client: BlockingKernelClient = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)

    def run(self, code: str) -> str:
        """Run a cell; its printed output (a failure's traceback fails the test)."""
        out: list[str] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("\n".join(msg["content"]["traceback"]))

        reply = self.client.execute_interactive(code, timeout=TIMEOUT, output_hook=hook)
        assert reply["content"]["status"] == "ok", "".join(out)
        return "".join(out)

    def close(self) -> None:
        self.client.stop_channels()
        if self.manager.is_alive():
            self.manager.shutdown_kernel(now=False)


@pytest.fixture
def kernels(gateway_config: dict[str, Any]) -> Iterator[Callable[[], Kernel]]:
    """Kernels whose dask config reaches the test gateway (as on Nebari), with the agent."""
    started: list[Kernel] = []

    def start() -> Kernel:
        kernel = Kernel(dask_env(gateway_config))
        started.append(kernel)
        kernel.run(LOAD_MAGIC)
        return kernel

    yield start
    for kernel in started:
        kernel.close()


def _names() -> dict[str, str]:
    """The test user's pending and running clusters on the gateway: name → status."""
    from dask_gateway import Gateway

    return {r.name: r.status.name.lower() for r in Gateway().list_clusters()}


def _wait_for(predicate: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_a_normal_shutdown_takes_the_cluster_a_sigkill_leaves_it(
    kernels: Callable[[], Kernel],
) -> None:
    polite = kernels()
    assert "running" in polite.run("%dask_cluster start nebari --workers 1")
    assert list(_names().values()) == ["running"]
    polite.close()
    _wait_for(lambda: not _names())

    killed = kernels()
    killed.run("%dask_cluster start nebari --workers 1 --set profile='Small Worker'")
    [name] = _names()
    pid = int(killed.run("import os; print(os.getpid())"))
    os.kill(pid, signal.SIGKILL)  # no clean-up at all
    _wait_for(lambda: not killed.manager.is_alive())
    assert _names() == {name: "running"}

    other = kernels()
    listing = other.run("%dask_cluster gateway-clusters")
    assert listing.startswith(f"{name}: running, ")
    assert "this kernel's" not in listing
    assert f"Shut down {name}." in other.run(f"%dask_cluster shutdown {name}")
    assert _names() == {}


def test_a_cluster_pending_while_the_kernel_restarts_is_found_again(
    kernels: Callable[[], Kernel],
) -> None:
    kernel = kernels()
    kernel.client.execute("%dask_cluster start nebari --workers 1")  # not waiting for it
    [name] = _wait_for(lambda: [n for n, s in _names().items() if s == "pending"])
    kernel.manager.restart_kernel(now=False)
    kernel.client.wait_for_ready(timeout=TIMEOUT)
    kernel.run(LOAD_MAGIC)
    assert name in _names()
    listing = kernel.run("%dask_cluster gateway-clusters")
    assert listing.startswith(f"{name}: ")
    _wait_for(lambda: _names().get(name) == "running")
    connected = kernel.run(f"%dask_cluster connect {name}")
    assert connected.startswith(f"Connected to {name}: `cluster` and `client` are set.")
    # The restart came before the start asked for its worker: ask now.
    assert "/ 1 workers" in kernel.run("%dask_cluster scale 1")
    assert kernel.run("print(client.submit(sum, [1, 2]).result())") == "3\n"
    kernel.run("%dask_cluster stop")
    _wait_for(lambda: not _names())


def test_an_interrupted_start_leaves_nothing_on_the_gateway(
    kernels: Callable[[], Kernel],
) -> None:
    # Stop pressed while starting interrupts the kernel: the pending cluster goes too.
    kernel = kernels()
    msg_id = kernel.client.execute("%dask_cluster start nebari --workers 1")
    _wait_for(lambda: [n for n, s in _names().items() if s == "pending"])
    kernel.manager.interrupt_kernel()
    reply = kernel.client.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    _wait_for(lambda: not _names())
    # The kernel is free, with nothing half-started: a new start works.
    assert "running" in kernel.run("%dask_cluster start nebari --workers 1")
    kernel.run("%dask_cluster stop")
    _wait_for(lambda: not _names())


def test_a_stopped_cluster_leaves_no_traceback_for_a_later_cell(
    kernels: Callable[[], Kernel],
) -> None:
    # dask-gateway closes a cluster's Gateway again when it is collected, which fails once it
    # is closed: the traceback would land in whichever cell runs at that moment.
    kernel = kernels()
    assert "running" in kernel.run("%dask_cluster start nebari --workers 1")
    kernel.run("%dask_cluster stop")
    assert kernel.run("import gc; gc.collect(); print('collected')") == "collected\n"
    _wait_for(lambda: not _names())
