"""The options of a dask-jobqueue site, and where each comes from.

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..cluster import sites
from ..cluster.kinds import check_option_names
from ..cluster.options import parameter_names

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
    would turn an interrupt into an exit, and off the main thread (where the agent's warm-up
    imports it, and ipykernel may handle comm messages) ``signal.signal`` raises, so the import
    fails. While it is imported, ``signal.signal`` leaves handlers as they are for the importing
    thread only: a handler another thread sets meanwhile is set."""
    import sys

    if "dask_jobqueue" in sys.modules:
        return sys.modules["dask_jobqueue"]
    import signal
    import threading

    real = signal.signal
    importer = threading.current_thread()

    def keep(signalnum: Any, handler: Any) -> Any:
        if threading.current_thread() is importer:
            return signal.getsignal(signalnum)
        return real(signalnum, handler)

    signal.signal = keep  # type: ignore[assignment]
    try:
        import dask_jobqueue
    finally:
        signal.signal = real
    return dask_jobqueue


def cluster_class(spec: SiteSpec) -> Any:
    return getattr(_import_dask_jobqueue(), CLUSTER_CLASSES[spec.get("jobqueue", "")])


@functools.cache
def option_names(queue: str) -> frozenset[str]:
    cls = cluster_class({"jobqueue": queue})  # type: ignore[typeddict-item]
    # The cluster passes its **job_kwargs to the job class; collect every class's own args.
    inits = [k.__init__ for k in (*cls.__mro__, *cls.job_cls.__mro__) if "__init__" in vars(k)]
    return parameter_names(*inits) - _JOB_INTERNALS


def config_value(queue: str, name: str) -> Any:
    """What dask-jobqueue would use for ``name`` when it is not given (its dask config)."""
    import dask.config

    return dask.config.get(f"jobqueue.{queue}.{name.replace('_', '-')}", None)


def _is_required_marker(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"$env"} and isinstance(value["$env"], str)


def _required_unset(options: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, str]:
    """Required options whose variable the kernel lacks → that variable."""
    return {
        name: value["$env"]
        for name, value in options.items()
        if _is_required_marker(value) and value["$env"] not in environ
    }


def missing_required(spec: SiteSpec, environ: Mapping[str, str] | None = None) -> list[str]:
    """The required options that have no value anywhere (kernel environment, dask config):
    what a start would refuse, found without importing dask-jobqueue (the greeting lists it)."""
    import os

    queue = spec.get("jobqueue", "")
    unset = _required_unset(spec["options"], os.environ if environ is None else environ)
    return [name for name in unset if config_value(queue, name) is None]


@dataclass(eq=False)  # compared by identity, as before
class EffectiveOptions:
    """The options of one start: what goes to the constructor, and what will be used."""

    #: Constructor keyword arguments (request over site, resolved); dask config fills the rest.
    given: dict[str, Any] = field(default_factory=dict)
    #: Every option shown or given → its value as it will be used (None: not set anywhere).
    used: dict[str, Any] = field(default_factory=dict)
    #: Where each used value comes from: ``request``, ``site``, ``dask config`` or ``unset``.
    sources: dict[str, str] = field(default_factory=dict)
    #: Required options with no value → the environment variable that would give one.
    missing: dict[str, str] = field(default_factory=dict)


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
    required = _required_unset(site, environ)
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
        elif (config := config_value(queue, name)) is not None:
            value, source = config, "dask config"
        else:
            value, source = None, "unset"
        result.used[name], result.sources[name] = value, source
        if source in ("request", "site"):
            result.given[name] = value
        if value is None and name in required:
            result.missing[name] = required[name]
    return result
