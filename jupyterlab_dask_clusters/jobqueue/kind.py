"""Kind ``jobqueue``: a dask-jobqueue cluster (``SLURMCluster``, ``PBSCluster``, …) whose
scheduler runs in the kernel and whose workers are batch jobs. Its options: ``options.py``."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..cluster.options import SIZE, WHOLE, ValueCheck, or_null, refuse_wrong_values
from ..cluster.warming import import_scheduler_modules, prime_scheduler
from ..protocol import ProtocolError
from .jobs import JobReader
from .options import (
    CLUSTER_CLASSES,
    SUBMIT_COMMANDS,
    EffectiveOptions,
    cluster_class,
    config_value,
    effective_options,
    missing_required,
    option_names,
)

if TYPE_CHECKING:
    from ..protocol import SiteSpec


def interfaces() -> list[str]:
    import psutil

    return sorted(psutil.net_if_addrs())


def check_interface(site_id: str, interface: Any) -> None:
    """Refuse an interface this host lacks, naming the ones it has."""
    if interface is None:
        return
    known = interfaces()
    if interface not in known:
        raise ProtocolError(
            "invalid",
            f"Site {site_id!r} uses the network interface {interface!r}, which this host "
            f"does not have (it has: {', '.join(known)}); set the interface option.",
        )


def submission_error(exc: BaseException) -> str | None:
    """The queue's own words when a submit command failed (dask-jobqueue's RuntimeError
    carries the command's stderr), else None."""
    text = str(exc)
    if not text.startswith("Command exited with non-zero exit code") or "stderr:" not in text:
        return None
    stderr = text.split("stderr:", 1)[1]
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return "; ".join(lines) or None


async def _submit(cluster: Any, workers: int) -> None:
    """Scale and wait for the submissions, raising the first refusal. In the cluster's loop,
    ``scale`` queues its state correction as a callback; the task made here runs before it,
    so the callback finds it waiting and both are the same submission."""
    cluster.scale(workers)
    await cluster._correct_state()


def _forget_refused(cluster: Any) -> None:
    """Drop the jobs the queue refused from the cluster. A refused job stays ``created``,
    which distributed's close does not expect: it is marked failed."""
    from distributed.core import Status

    for job in list(getattr(cluster, "_created", ())):
        if job.status == Status.created:
            job.status = Status.failed
    for name, job in list(cluster.workers.items()):
        if job.status == Status.failed:
            cluster.workers.pop(name, None)
            cluster.worker_spec.pop(name, None)


def _close_after_refusal(cluster: Any) -> None:
    """Close a cluster some of whose jobs were refused (the others are cancelled)."""
    _forget_refused(cluster)
    cluster.close()


#: Checks of the values users set most, made before anything is submitted: a wrong one
#: otherwise fails while the job script is written, or in the job. (``job_mem`` goes into the
#: script as written, in the queue's own format: the queue checks it.)
_VALUE_CHECKS: dict[str, ValueCheck] = {
    "cores": or_null(WHOLE),
    "processes": or_null(WHOLE),
    "memory": or_null(SIZE),
    "job_cpu": or_null(WHOLE),
}


class JobqueueKind:
    package = "dask_jobqueue"
    distribution = "dask-jobqueue"
    workers_inherit_env = True  # sbatch/qsub submit from the kernel's environment

    def option_names(self, spec: SiteSpec) -> frozenset[str]:
        return option_names(spec.get("jobqueue", ""))

    def warm(self, spec: SiteSpec) -> None:
        import_scheduler_modules()  # the scheduler runs in the kernel
        option_names(spec.get("jobqueue", ""))  # imports dask_jobqueue

    def prime(self, spec: SiteSpec) -> None:
        prime_scheduler()

    def unavailable_reason(self, spec: SiteSpec) -> str | None:
        queue = spec.get("jobqueue", "")
        if queue not in CLUSTER_CLASSES:
            return f"The job queue {queue!r} is not one dask-jobqueue knows."
        command = SUBMIT_COMMANDS[queue]
        if shutil.which(command) is None:
            return f"The command {command} is not on this kernel's PATH."
        return None

    def missing_options(self, spec: SiteSpec) -> list[str]:
        return missing_required(spec)

    def prepare(
        self, site_id: str, spec: SiteSpec, overrides: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        """The constructor options of a start, refused (``invalid``) before anything is
        submitted when a required option has no value or the interface does not exist."""
        options = effective_options(site_id, spec, overrides)
        for name, variable in options.missing.items():
            queue = spec.get("jobqueue", "")
            raise ProtocolError(
                "invalid",
                f"Site {site_id!r} needs a value for {name!r}: "
                f"set {variable} in the kernel's environment, jobqueue.{queue}."
                f"{name.replace('_', '-')} in dask config, or give one in the panel "
                f"(--set {name}=VALUE).",
            )
        check_interface(site_id, options.used.get("interface"))
        self.check_values(options.used)
        return options.given

    def check_values(self, options: Mapping[str, Any]) -> None:
        refuse_wrong_values(options, _VALUE_CHECKS)

    def effective_options(
        self, site_id: str, spec: SiteSpec, overrides: Mapping[str, Any] | None
    ) -> EffectiveOptions:
        """Every option a start would use and where it comes from (``previews.site_options``)."""
        return effective_options(site_id, spec, overrides)

    def job_reader(self) -> JobReader:
        """What reads a cluster's batch jobs for the snapshot (the controller keeps one)."""
        return JobReader()

    def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
        cluster = cluster_class(spec)(n_workers=0, **options)
        try:
            if workers:
                # Submit now and wait for the queue's answer, so that a refused job fails
                # the start (with the queue's message) instead of a background task.
                cluster.sync(_submit, cluster, workers)
        except BaseException:
            _close_after_refusal(cluster)
            raise
        return cluster

    def scale(self, cluster: Any, workers: int) -> None:
        """Scale and wait for the queue's answer: a refused job is Slurm's message, and the
        cluster keeps the jobs it had."""
        try:
            cluster.sync(_submit, cluster, workers)
        except Exception as exc:
            _forget_refused(cluster)
            refused = self.describe_failure(exc)
            if refused:
                raise ProtocolError("failed", refused) from None
            raise

    def describe_failure(self, exc: BaseException) -> str | None:
        refused = submission_error(exc)
        return f"The job queue refused the job: {refused}" if refused else None

    def job_script(self, spec: SiteSpec, options: dict[str, Any]) -> str:
        """The script the submit command receives, from a cluster that submits nothing
        (its scheduler address is this preview's, not the real start's)."""
        queue = spec.get("jobqueue", "")
        scheduler = options.get("scheduler_options") or config_value(queue, "scheduler_options")
        # No dashboard for a preview: it would take the port the real one may want.
        quiet = {**options, "scheduler_options": {**(scheduler or {}), "dashboard": False}}
        cluster = cluster_class(spec)(n_workers=0, **quiet)
        try:
            return str(cluster.job_script())
        finally:
            cluster.close()
