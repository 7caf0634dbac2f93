"""Kernel CPU time spent noticing clusters made in code (the agent's ``post_run_cell`` hook),
over 60 s of a user running one cell a second: with no cluster (``distributed`` not imported, then
imported without a cluster; target: none measurable), and with one adopted cluster, next to the
CPU time of the agent's existing watcher for that cluster (the panel open) over the same 60 s.

Runs in a fresh interpreter with a real IPython shell and a real in-process LocalCluster.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

SECONDS = int(os.environ.get("BENCH_NOTICE_SECONDS", "60"))
CELLS = SECONDS  # one cell a second


def _child() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    from jupyterlab_dask_clusters.agent import Agent

    shell = InteractiveShell.instance()
    agent = Agent(shell.user_ns)
    agent.noticer.install(shell)
    spent = {"hook": 0.0, "watch": 0.0}
    after_cell, publish = agent.noticer.after_cell, agent.publish

    def timed_hook(result: object = None) -> None:
        start = time.thread_time()
        after_cell(result)
        spent["hook"] += time.thread_time() - start

    def timed_publish() -> None:  # what the watcher does every WATCH_INTERVAL
        start = time.thread_time()
        publish()
        spent["watch"] += time.thread_time() - start

    agent.publish = timed_publish  # type: ignore[method-assign]
    shell.events.unregister("post_run_cell", after_cell)
    shell.events.register("post_run_cell", timed_hook)

    def cells() -> float:
        spent["hook"] = 0.0
        for i in range(CELLS):
            shell.run_cell(f"x = {i}", store_history=False, silent=False)
        return spent["hook"]

    results = {"none": cells()}
    import distributed  # noqa: F401  (imported, as dask users' kernels often have it)

    results["imported"] = cells()

    class Comm:  # the panel's comm: makes the agent watch the adopted cluster
        comm_id = "bench"

        def send(self, data: object) -> None:
            pass

        def on_msg(self, callback: object) -> None:
            pass

        def on_close(self, callback: object) -> None:
            pass

    agent.open_comm(Comm())
    shell.run_cell(
        "from distributed import Client, LocalCluster\n"
        "cluster = LocalCluster(n_workers=2, processes=False, dashboard_address=':0')\n"
        "client = Client(cluster)",
        store_history=False,
    )
    assert agent.controller.snapshot()["origin"] == "adopted"
    spent["watch"] = 0.0
    started = time.monotonic()
    hook = 0.0
    for i in range(CELLS):
        before = spent["hook"]
        shell.run_cell(f"x = {i}", store_history=False)
        hook += spent["hook"] - before
        time.sleep(max(0.0, started + i + 1 - time.monotonic()))
    results["adopted"] = hook
    results["watcher"] = spent["watch"]
    agent.controller.stop()
    agent.close()
    print(json.dumps(results))


def measure() -> list[tuple[str, str, str]]:
    out = subprocess.run(
        [sys.executable, __file__, "--child"], capture_output=True, text=True, check=True
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms CPU / {SECONDS} s ({CELLS} cells)"

    return [
        ("noticing, no cluster, distributed not imported", ms(r["none"]), "none measurable"),
        ("noticing, no cluster, distributed imported", ms(r["imported"]), "none measurable"),
        ("noticing, one adopted cluster", ms(r["adopted"]), "report"),
        (
            "agent's watcher, same adopted cluster, panel open",
            f"{r['watcher'] * 1000:.1f} ms CPU / {SECONDS} s",
            "report (existing)",
        ),
    ]


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        _child()
    else:
        for row in measure():
            print("  ".join(row))
