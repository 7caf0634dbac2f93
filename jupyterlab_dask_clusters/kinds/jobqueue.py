"""Kind ``jobqueue``: a dask-jobqueue cluster (``SLURMCluster``, ``PBSCluster``, …) whose
scheduler runs in the kernel and whose workers are batch jobs.

The options that will be used come from three places, in this order: the request (what the
user typed in the panel or ``--set``), the site (settings or built-in), then dask config
``jobqueue.<queue>.*`` (what dask-jobqueue itself reads). A site option written as
``{"$env": "NAME"}`` without a default is *required*: when the kernel lacks ``NAME`` and dask
config has no value either, the start is refused before anything is submitted (the built-in
``tallgrass`` account works this way: a made-up account is never submitted). See
``docs/jobqueue.md``.
"""

from __future__ import annotations

import functools
import shutil
from typing import TYPE_CHECKING, Any

from .. import sites
from ..protocol import ProtocolError
from . import check_option_names, parameter_names
from .values import SIZE, WHOLE, ValueCheck, or_null, refuse_wrong_values

if TYPE_CHECKING:
    from collections.abc import Mapping

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

#: The command each job class submits with (its ``job_cls.submit_command``; a test checks
#: them), looked up on PATH without importing dask_jobqueue.
SUBMIT_COMMANDS = {
    "slurm": "sbatch",
    "pbs": "qsub",
    "sge": "qsub",
    "lsf": "bsub",
    "oar": "oarsub",
    "htcondor": "condor_submit",
    "moab": "msub",
}

#: What the panel shows and lets the user edit for every jobqueue site, in this order.
SHOWN_OPTIONS = (
    "account",
    "queue",
    "cores",
    "processes",
    "memory",
    "walltime",
    "interface",
    "job_extra_directives",
)

# The job is created by the cluster with these; they are never options.
_JOB_INTERNALS = frozenset({"scheduler", "name", "job_cls", "config_name"})


def _import_dask_jobqueue() -> Any:
    """``import dask_jobqueue``, keeping the kernel's signal handlers.

    dask_jobqueue.runner sets a SIGINT handler (``sys.exit``) when imported: in a kernel that
    would turn an interrupt into an exit, and off the main thread (where ipykernel may handle
    comm messages) ``signal.signal`` raises, so the import fails. While it is imported,
    ``signal.signal`` leaves handlers as they are."""
    import sys

    if "dask_jobqueue" in sys.modules:
        return sys.modules["dask_jobqueue"]
    import signal

    real = signal.signal
    signal.signal = lambda signalnum, handler: signal.getsignal(signalnum)  # type: ignore[assignment]
    try:
        import dask_jobqueue
    finally:
        signal.signal = real
    return dask_jobqueue


def _cluster_class(spec: SiteSpec) -> Any:
    return getattr(_import_dask_jobqueue(), CLUSTER_CLASSES[spec.get("jobqueue", "")])


@functools.cache
def _option_names(queue: str) -> frozenset[str]:
    cls = _cluster_class({"jobqueue": queue})  # type: ignore[typeddict-item]
    # The cluster passes its **job_kwargs to the job class; collect every class's own args.
    inits = [k.__init__ for k in (*cls.__mro__, *cls.job_cls.__mro__) if "__init__" in vars(k)]
    return parameter_names(*inits) - _JOB_INTERNALS


def _config_value(queue: str, name: str) -> Any:
    """What dask-jobqueue would use for ``name`` when it is not given (its dask config)."""
    import dask.config

    return dask.config.get(f"jobqueue.{queue}.{name.replace('_', '-')}", None)


def _is_required_marker(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"$env"} and isinstance(value["$env"], str)


class EffectiveOptions:
    """The options of one start: what goes to the constructor, and what will be used."""

    __slots__ = ("given", "missing", "sources", "used")

    def __init__(self) -> None:
        #: Constructor keyword arguments (request over site, resolved); dask config fills the rest.
        self.given: dict[str, Any] = {}
        #: Every option shown or given → its value as it will be used (None: not set anywhere).
        self.used: dict[str, Any] = {}
        #: Where each used value comes from: ``request``, ``site``, ``dask config`` or ``unset``.
        self.sources: dict[str, str] = {}
        #: Required options with no value → the environment variable that would give one.
        self.missing: dict[str, str] = {}


def effective_options(
    site_id: str,
    spec: SiteSpec,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> EffectiveOptions:
    import os

    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    queue = spec.get("jobqueue", "")
    site = dict(spec["options"])
    check_option_names(site_id, spec, [*site, *overrides])
    required = {
        name: value["$env"]
        for name, value in site.items()
        if _is_required_marker(value) and value["$env"] not in environ
    }
    for name in required:
        site[name] = None  # not in this kernel: dask config may still have it
    resolved_site = sites.resolve_options(site, environ)
    resolved_request = sites.resolve_options(overrides, environ)

    result = EffectiveOptions()
    for name in (*SHOWN_OPTIONS, *site, *overrides):
        if name in result.used:
            continue
        if resolved_request.get(name) is not None:
            value, source = resolved_request[name], "request"
        elif resolved_site.get(name) is not None:
            value, source = resolved_site[name], "site"
        elif (config := _config_value(queue, name)) is not None:
            value, source = config, "dask config"
        else:
            value, source = None, "unset"
        result.used[name], result.sources[name] = value, source
        if source in ("request", "site"):
            result.given[name] = value
        if value is None and name in required:
            result.missing[name] = required[name]
    return result


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
        return _option_names(spec.get("jobqueue", ""))

    def unavailable_reason(self, spec: SiteSpec) -> str | None:
        queue = spec.get("jobqueue", "")
        if queue not in CLUSTER_CLASSES:
            return f"The job queue {queue!r} is not one dask-jobqueue knows."
        command = SUBMIT_COMMANDS[queue]
        if shutil.which(command) is None:
            return f"The command {command} is not on this kernel's PATH."
        return None

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

    def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
        cluster = _cluster_class(spec)(n_workers=0, **options)
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
        scheduler = options.get("scheduler_options") or _config_value(queue, "scheduler_options")
        # No dashboard for a preview: it would take the port the real one may want.
        quiet = {**options, "scheduler_options": {**(scheduler or {}), "dashboard": False}}
        cluster = _cluster_class(spec)(n_workers=0, **quiet)
        try:
            return str(cluster.job_script())
        finally:
            cluster.close()
