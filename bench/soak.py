"""Soak: 50 start → scale → adapt → stop cycles of a local cluster through the agent in a
real kernel, driven over the comm as the panel drives it. Prints what is left over afterwards
(child processes, threads, open file descriptors: target 0 extra) and the kernel's memory
growth (target ≤ 10 MB), measured against the kernel after two warm-up cycles (the first
start imports distributed and starts multiprocessing's resource tracker, once per kernel),
next to the same cycles written as plain Python in another kernel. distributed itself keeps
every closed scheduler in two caches (about 0.35 MB a cycle); the agent lets go of them after
each stop (``releasing.py``), which plain Python in a cell does not.
"""

from __future__ import annotations

import json
import os
import time

import psutil
from jupyter_client.manager import KernelManager

from jupyterlab_dask_clusters.agent import BOOTSTRAP
from jupyterlab_dask_clusters.tests.test_kernel_comm import KernelComm, execute

CYCLES = int(os.environ.get("BENCH_SOAK_CYCLES", "50"))
WARMUP = 2
#: ipykernel's ``IOPubThread._event_pipe_gc_seconds``.
IPYKERNEL_PIPE_GC_SECONDS = 10
# Collected first, so that memory held only by garbage does not count as growth.
_READ = "import gc, json; gc.collect(); json.dumps(len(gc.get_objects()))"


def _cycle(comm: KernelComm) -> None:
    options = {"processes": True, "dashboard_address": ":0"}
    for op, args in (
        ("start", {"site": "local", "workers": 1, "options": options}),
        ("scale", {"workers": 2}),
        ("adapt", {"minimum": 1, "maximum": 3}),
        ("stop", {}),
    ):
        response = comm.request(op, **args)
        if not response["ok"]:
            raise RuntimeError(f"{op} failed: {response['error']}")


def _reading(client: object, kernel: psutil.Process) -> dict[str, int]:
    execute(client, _READ)  # type: ignore[arg-type]
    # Let closing processes and threads go, and ipykernel close the output pipes of threads
    # that ended (it does so every 10 s): each such pipe is a zmq socket with its own fd.
    time.sleep(IPYKERNEL_PIPE_GC_SECONDS + 2)
    children = [
        p
        for p in kernel.children(recursive=True)
        if "resource_tracker" not in " ".join(p.cmdline())
    ]
    return {
        "processes": len(children),
        "threads": kernel.num_threads(),
        "fds": kernel.num_fds(),
        "rss": kernel.memory_info().rss,
    }


# The same cycle as plain Python in a cell, without the agent: what distributed itself keeps.
_DIRECT_CYCLE = """
from distributed import Client, LocalCluster
_c = LocalCluster(n_workers=1, processes=True, dashboard_address=":0")
_cl = Client(_c)
_cl.wait_for_workers(1)
_c.scale(2)
_cl.wait_for_workers(2)
_c.adapt(minimum=1, maximum=3)
_cl.close()
_c.close()
del _c, _cl
"""


def _soak(through_agent: bool) -> tuple[float, dict[str, int], dict[str, int]]:
    """Seconds for CYCLES cycles, and the kernel's readings before and after them."""
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        kernel = psutil.Process(manager.provisioner.process.pid)  # type: ignore[union-attr]
        if through_agent:
            execute(client, BOOTSTRAP, silent=True, store_history=False)
            comm = KernelComm(client)
            comm.open()
            comm.request("hello", protocol=1)

            def cycle() -> None:
                _cycle(comm)
                comm.received.clear()  # the bench's own memory, not the kernel's
        else:

            def cycle() -> None:
                execute(client, _DIRECT_CYCLE, store_history=False)

        for _ in range(WARMUP):
            cycle()
        before = _reading(client, kernel)
        t0 = time.perf_counter()
        for _ in range(CYCLES):
            cycle()
        elapsed = time.perf_counter() - t0
        after = _reading(client, kernel)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return elapsed, before, after


def measure() -> list[tuple[str, str, str]]:
    elapsed, before, after = _soak(through_agent=True)
    _, direct_before, direct_after = _soak(through_agent=False)
    growth_mb = (after["rss"] - before["rss"]) / 1e6
    direct_mb = (direct_after["rss"] - direct_before["rss"]) / 1e6
    extra = {k: after[k] - before[k] for k in ("processes", "threads", "fds")}
    return [
        (f"soak: {CYCLES} start→scale→adapt→stop cycles", f"{elapsed:.0f} s", ""),
        ("  child processes left over", str(extra["processes"]), "0"),
        ("  kernel threads left over", str(extra["threads"]), "0"),
        ("  kernel open file descriptors left over", str(extra["fds"]), "0"),
        ("  kernel memory growth (RSS), through the agent", f"{growth_mb:.1f} MB", "≤ 10 MB"),
        ("  same cycles as plain Python in a cell (distributed's own)", f"{direct_mb:.1f} MB", ""),
    ]


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1))
