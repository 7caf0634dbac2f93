"""dask-jobqueue (Slurm, PBS, …): a scheduler in the kernel, workers as batch jobs.
Open ``kind.py`` first (how a start submits jobs); ``options.py`` says where each option comes from.

Importing this package registers the kind ``jobqueue`` with the cluster core (``kinds``);
``jobs.py`` reads a cluster's jobs for the snapshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..cluster.kinds import register_kind

if TYPE_CHECKING:
    from .kind import JobqueueKind


def _jobqueue() -> JobqueueKind:
    from .kind import JobqueueKind

    return JobqueueKind()


register_kind("jobqueue", _jobqueue)
