"""A real single-node Slurm for the tests, from the project's ``scripts/slurm``.

``make test`` starts it before the tests and stops it after; run alone, the ``slurm`` fixture
starts it (installing slurm-wlm and munge when root) and stops what it started. Without root
and without Slurm the tests skip, saying why; under CI they fail instead.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "slurm"
LOGS = str(Path(tempfile.gettempdir()) / "jupyterlab-dask-clusters-slurm-jobs")


def _run(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), command], capture_output=True, text=True, timeout=900, check=False
    )


@pytest.fixture(scope="session", name="slurm")
def slurm_fixture() -> Iterator[str]:
    """The test partition of a running Slurm."""
    status = _run("status")
    started = False
    if status.returncode != 0:
        result = _run("start")
        if result.returncode != 0:
            reason = f"no Slurm here: scripts/slurm start said: {result.stderr.strip()}"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        started = True
        partition = result.stdout.strip()
    else:
        partition = status.stdout.split()[0]
    yield partition
    if started:
        _run("stop")


def squeue() -> list[tuple[str, str]]:
    """(job id, state) of every job in the queue."""
    out = subprocess.run(
        ["squeue", "--noheader", "--format=%i %T"], capture_output=True, text=True, check=True
    ).stdout
    return [tuple(line.split()) for line in out.splitlines() if line.strip()]  # type: ignore[misc]


def wait_for_empty_queue(timeout: float = 30) -> list[tuple[str, str]]:
    """Wait until squeue lists nothing (a cancelled job may show COMPLETING a moment)."""
    deadline = time.monotonic() + timeout
    while (jobs := squeue()) and time.monotonic() < deadline:
        time.sleep(0.3)
    return jobs


def slurm_options(partition: str, **more: object) -> dict[str, object]:
    """Options that fit the test machine: a loopback interface, the test partition, a small
    job, a dashboard on any free loopback port, job logs in a temporary directory."""
    return {
        "account": "hytest",
        "queue": partition,
        "interface": "lo",
        "memory": "1GB",
        "walltime": "00:10:00",
        "job_extra_directives": [],
        "scheduler_options": {"dashboard_address": "127.0.0.1:0"},
        # The jobs' output files, which sbatch would otherwise write where the tests run.
        "log_directory": LOGS,
        **more,
    }
