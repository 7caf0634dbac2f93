"""The batch jobs of a dask-jobqueue cluster, for the snapshot: their ids and states.

dask-jobqueue keeps one job object per worker spec in ``cluster.workers`` (with its
``job_id`` once submitted). A job whose worker has connected is running; for the others a
Slurm cluster asks ``squeue`` (at most once per ``QUERY_INTERVAL``, and only while some job
waits for its worker), other queues say ``submitted``.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from ..cluster.reading import ready_workers, safe_read

if TYPE_CHECKING:
    from ..protocol import JobSummary

#: Seconds between two ``squeue`` calls while jobs wait.
QUERY_INTERVAL = 1.0

#: Slurm's job states (``squeue %T``) → the snapshot's.
_SLURM_STATES = {
    "PENDING": "queued",
    "CONFIGURING": "running",
    "RUNNING": "running",
    "COMPLETING": "ending",
}


def squeue_states() -> dict[str, str]:
    """Job id → Slurm state of this user's jobs, or {} when squeue cannot answer."""
    import subprocess

    try:
        out = subprocess.run(
            ["squeue", "--me", "--noheader", "--format=%i %T"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    states = {}
    for line in out.splitlines():
        job_id, _, state = line.strip().partition(" ")
        if job_id:
            states[job_id] = state
    return states


class JobReader:
    """Reads a cluster's jobs; keeps the last ``squeue`` answer for ``QUERY_INTERVAL``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[str, str] = {}
        self._queried = float("-inf")
        # When each job id was first seen: one newer than the last squeue is just submitted.
        self._seen: dict[str, float] = {}

    def jobs(self, cluster: Any, queue: str) -> list[JobSummary]:
        jobs = safe_read(lambda c: [(name, job.job_id) for name, job in c.workers.items()], cluster)
        connected = {str(w.get("name")) for w in ready_workers(cluster)}

        def has_worker(name: str) -> bool:
            return any(w == name or w.startswith(f"{name}-") for w in connected)

        waiting = [(job_id, has_worker(str(name))) for name, job_id in jobs or []]
        states = (
            self._slurm_states()
            if queue == "slurm" and any(job_id and not ready for job_id, ready in waiting)
            else {}
        )
        summaries: list[JobSummary] = []
        for job_id, ready in waiting:
            if job_id is None:
                state = "submitting"
            elif ready:
                state = "running"
            elif queue == "slurm":
                slurm = states.get(str(job_id))
                if slurm:
                    state = _SLURM_STATES.get(slurm, slurm.lower())
                else:
                    state = "queued" if self._new(str(job_id)) else "ended"
            else:
                state = "submitted"
            summaries.append({"id": None if job_id is None else str(job_id), "state": state})
        return sorted(summaries, key=_order)

    def _new(self, job_id: str) -> bool:
        with self._lock:
            seen = self._seen.setdefault(job_id, time.monotonic())
            return seen > self._queried

    def _slurm_states(self) -> dict[str, str]:
        with self._lock:
            now = time.monotonic()
            if now - self._queried >= QUERY_INTERVAL:
                self._states, self._queried = squeue_states(), now
            return self._states


def _order(job: JobSummary) -> tuple[int, str]:
    job_id = job["id"] or ""
    return (int(job_id) if job_id.isdigit() else 2**62, job_id)
