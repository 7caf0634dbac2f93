"""Kind ``jobqueue``: a dask-jobqueue cluster (``SLURMCluster``, ``PBSCluster``, …) whose
scheduler runs in the kernel and whose workers are batch jobs."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from . import parameter_names

if TYPE_CHECKING:
    from ..protocol import SiteSpec

#: The site's ``jobqueue`` value → the dask_jobqueue class that builds it.
CLUSTER_CLASSES = {
    "slurm": "SLURMCluster",
    "pbs": "PBSCluster",
    "sge": "SGECluster",
    "lsf": "LSFCluster",
    "oar": "OARCluster",
    "htcondor": "HTCondorCluster",
    "moab": "MoabCluster",
}

# The job is created by the cluster with these; they are never options.
_JOB_INTERNALS = frozenset({"scheduler", "name", "job_cls", "config_name"})


def _cluster_class(spec: SiteSpec) -> Any:
    import dask_jobqueue

    return getattr(dask_jobqueue, CLUSTER_CLASSES[spec.get("jobqueue", "")])


@functools.cache
def _option_names(queue: str) -> frozenset[str]:
    cls = _cluster_class({"jobqueue": queue})  # type: ignore[typeddict-item]
    # The cluster passes its **job_kwargs to the job class; collect every class's own args.
    inits = [k.__init__ for k in (*cls.__mro__, *cls.job_cls.__mro__) if "__init__" in vars(k)]
    return parameter_names(*inits) - _JOB_INTERNALS


class JobqueueKind:
    package = "dask_jobqueue"
    distribution = "dask-jobqueue"
    workers_inherit_env = True  # sbatch/qsub submit from the kernel's environment

    def option_names(self, spec: SiteSpec) -> frozenset[str]:
        return _option_names(spec.get("jobqueue", ""))

    def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
        return _cluster_class(spec)(n_workers=workers or 0, **options)
