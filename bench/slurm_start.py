"""Start to first worker ready on the test Slurm (scripts/slurm): the tallgrass site through
the agent versus the seed's ``SLURMCluster(...)`` + ``scale(1)`` + ``wait_for_workers(1)``, in
the same run, on the same Slurm (target ratio ≤ 1.05). The two alternate so that noise hits
both alike; both use the same job (1 core, 1 GB, loopback, the test partition).

Skipped (one row saying why) when there is no running Slurm: start it with
``scripts/slurm start`` (as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from paired import paired_rows, paired_times

ROUNDS = int(os.environ.get("BENCH_SLURM_ROUNDS", "5"))
TARGET_RATIO = 1.05
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "slurm"


def _partition() -> str | None:
    if shutil.which("sbatch") is None:
        return None
    status = subprocess.run([str(SCRIPT), "status"], capture_output=True, text=True)
    return status.stdout.split()[0] if status.returncode == 0 else None


def _options(partition: str) -> dict:
    # The seed's SLURMCluster arguments, with what the test machine needs instead of ib0.
    return {
        "processes": 1,
        "cores": 1,
        "memory": "1GB",
        "interface": "lo",
        "account": "hytest",
        "walltime": "00:10:00",
        "queue": partition,
        "job_extra_directives": ["--hint=multithread", "--exclusive=user"],
        "scheduler_options": {"dashboard_address": "127.0.0.1:0"},
        "log_directory": str(Path(tempfile.gettempdir()) / "jupyterlab-dask-clusters-slurm-jobs"),
    }


def _wait_for_empty_queue() -> None:
    while subprocess.run(["squeue", "--noheader"], capture_output=True, text=True).stdout.strip():
        time.sleep(0.2)


def _direct(partition: str) -> float:
    from dask_jobqueue import SLURMCluster
    from distributed import Client

    t0 = time.perf_counter()
    cluster = SLURMCluster(**_options(partition))
    client = Client(cluster)
    cluster.scale(1)
    client.wait_for_workers(1)
    elapsed = time.perf_counter() - t0
    client.close()
    cluster.close()
    return elapsed


def _through_agent(partition: str) -> float:
    from jupyterlab_dask_clusters.agent import Agent

    namespace: dict = {}
    agent = Agent(namespace)
    t0 = time.perf_counter()
    agent.call("start", {"site": "tallgrass", "workers": 1, "options": _options(partition)})
    namespace["client"].wait_for_workers(1)
    elapsed = time.perf_counter() - t0
    agent.call("stop")
    agent.close()
    return elapsed


def measure() -> list[tuple[str, str, str]]:
    partition = _partition()
    if partition is None:
        return [("Slurm start (skipped: no running Slurm; scripts/slurm start)", "-", "")]
    from jupyterlab_dask_clusters.jobqueue.options import _import_dask_jobqueue

    _import_dask_jobqueue()  # both ways import it; neither pays for it alone
    times = paired_times(
        lambda: _direct(partition),
        lambda: _through_agent(partition),
        ROUNDS,
        between=_wait_for_empty_queue,
    )
    return paired_rows(
        "SLURMCluster direct, 1st worker ready",
        "tallgrass through the agent, 1st worker ready",
        "ratio agent / direct (Slurm)",
        times,
        ROUNDS,
        TARGET_RATIO,
    )
