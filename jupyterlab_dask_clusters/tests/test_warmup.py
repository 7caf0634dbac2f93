"""The warm-up a panel's hello begins in a real kernel: imports (and a gateway's options) in a
background thread, while cells, interrupts and starts go on as if it were not there."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

from jupyterlab_dask_clusters.agent import BOOTSTRAP
from jupyterlab_dask_clusters.cluster import warming

from . import test_interrupt
from .test_kernel_comm import KernelComm, execute, running_kernel

#: A gateway that accepts connections and never answers: its options take the time limit.
silent_gateway = test_interrupt.silent_gateway

WARMUP_THREAD = "jupyterlab-dask-clusters-warmup"
#: A cell's expression: whether the warm-up still runs.
WARMING = f"any(t.name == {WARMUP_THREAD!r} for t in __import__('threading').enumerate())"
#: A cell that waits for the warm-up to end.
JOIN_WARMUP = (
    f"[t.join(60) for t in __import__('threading').enumerate() if t.name == {WARMUP_THREAD!r}]"
)


def _value(client: BlockingKernelClient, expression: str) -> str:
    reply = execute(client, "", user_expressions={"v": expression})
    return reply["content"]["user_expressions"]["v"]["data"]["text/plain"]


def _reply(client: BlockingKernelClient, msg_id: str) -> dict[str, Any]:
    """The content of the shell reply to ``msg_id``."""
    while True:
        reply = client.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def _attach(client: BlockingKernelClient, site: str) -> KernelComm:
    """What the panel does on opening a notebook: bootstrap, comm, hello (which begins the
    warm-up); ``site`` is the site the kernel must detect."""
    execute(client, BOOTSTRAP, silent=True, store_history=False)
    comm = KernelComm(client)
    comm.open()
    assert comm.request("hello", protocol=1)["result"]["detected_site"] == site
    return comm


@pytest.fixture
def warming_kernel(
    silent_gateway: str,
) -> Iterator[tuple[KernelManager, BlockingKernelClient, KernelComm]]:
    """A kernel whose site is a (silent) gateway, attached: its warm-up waits for the options."""
    env = {**os.environ, "DASK_GATEWAY__ADDRESS": silent_gateway}
    with running_kernel(env, graceful=False) as (manager, client):
        comm = _attach(client, "nebari")
        yield manager, client, comm


def test_a_cell_run_during_the_warm_up_gives_its_result(warming_kernel) -> None:
    _, client, _ = warming_kernel
    reply = execute(client, "", user_expressions={"v": "6 * 7", "warming": WARMING})
    values = reply["content"]["user_expressions"]
    assert values["v"]["data"]["text/plain"] == "42"
    assert values["warming"]["data"]["text/plain"] == "True"  # it did run meanwhile


def test_an_interrupt_during_the_warm_up_interrupts_the_cell(warming_kernel) -> None:
    manager, client, _ = warming_kernel
    msg_id = client.execute("import time; time.sleep(60)")
    time.sleep(1)
    manager.interrupt_kernel()
    assert _reply(client, msg_id)["ename"] == "KeyboardInterrupt"
    assert _value(client, WARMING) == "True"  # the warm-up itself goes on


def test_a_start_during_the_warm_up_succeeds(warming_kernel) -> None:
    _, client, comm = warming_kernel
    started = comm.request(
        "start", site="local", workers=1, options={"processes": False, "dashboard_address": ":0"}
    )
    assert started["ok"], started
    assert started["result"]["workers"]["ready"] == 1
    assert _value(client, WARMING) == "True"  # it did not wait for the gateway's options
    assert comm.request("stop")["ok"]


def test_a_cell_importing_dask_during_the_warm_up_gets_whole_modules() -> None:
    # dask_jobqueue imports distributed's modules in another order than the warm-up of the
    # local site does: two threads at once would see one half-made ("partially initialized").
    with running_kernel() as (_, client):
        _attach(client, "local")
        execute(client, "import dask_jobqueue, distributed; distributed.core.Server")
        assert _value(client, "dask_jobqueue.SLURMCluster.__name__") == "'SLURMCluster'"


def test_load_ext_and_the_magic_warm_nothing() -> None:
    with running_kernel() as (_, client):
        execute(client, "%load_ext jupyterlab_dask_clusters")
        execute(client, "%dask_cluster sites")  # the agent's hello, not the panel's
        assert _value(client, "'distributed' in __import__('sys').modules") == "False"
        assert _value(client, WARMING) == "False"


def test_a_job_queue_site_warms_dask_jobqueue_and_keeps_the_interrupt_handler() -> None:
    env = {**os.environ, "SLURM_CLUSTER_NAME": "tallgrass"}
    with running_kernel(env) as (manager, client):
        handler = "str(__import__('signal').getsignal(2))"
        before = _value(client, handler)
        _attach(client, "tallgrass")
        execute(client, JOIN_WARMUP)
        assert _value(client, "'dask_jobqueue' in __import__('sys').modules") == "True"
        assert _value(client, handler) == before
        msg_id = client.execute("import time; time.sleep(60)")
        time.sleep(1)
        manager.interrupt_kernel()
        assert _reply(client, msg_id)["ename"] == "KeyboardInterrupt"


def test_after_the_warm_up_a_local_start_imports_nothing_more() -> None:
    # What the first start would otherwise do itself, as the next start never has to.
    with running_kernel() as (_, client):
        comm = _attach(client, "local")
        execute(client, JOIN_WARMUP)
        execute(client, "_modules_before = set(__import__('sys').modules)")
        started = comm.request(
            "start", site="local", workers=1, options={"dashboard_address": ":0"}
        )
        assert started["ok"], started
        imported = _value(client, "sorted(set(__import__('sys').modules) - _modules_before)")
        assert comm.request("stop")["ok"]
        assert imported == "[]"


def test_priming_works_with_the_installed_dask_and_bokeh() -> None:
    # The warm-up logs its failures quietly (a start says what is wrong): a change in
    # distributed's or bokeh's API would only make the first start slower, so it shows here.
    warming.import_scheduler_modules()
    warming.prime_scheduler()
