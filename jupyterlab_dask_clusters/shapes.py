"""The message shapes of protocol v1 (``protocol/PROTOCOL.md``) as TypedDicts.

Kept apart from ``protocol`` because defining them needs ``typing``, which a fresh kernel has
not imported yet; ``protocol`` re-exports them (lazily at run time, eagerly for type checkers).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, Union

ErrorType = Literal["protocol", "invalid", "conflict", "failed"]
Status = Literal["none", "starting", "running", "stopping", "stopped", "failed"]
Kind = Literal["local", "gateway", "jobqueue", "class"]
#: How the cluster shown came to this kernel (see ``Snapshot.origin``).
Origin = Literal["started", "adopted", "connected"]
Capability = Literal["scale", "adapt", "stop"]
ProfileSource = Literal["credentials", "config", "both"]


class Adapt(TypedDict):
    minimum: int
    maximum: int


class WorkerCounts(TypedDict):
    ready: int
    requested: int


class ProfileSummary(TypedDict):
    name: str
    source: ProfileSource
    endpoint: str | None
    region: str | None
    key_id: str | None


class JobSummary(TypedDict):
    id: str | None  # the queue's job id; None until submitted
    state: str  # submitting, queued, submitted, running, ending, ended, or the queue's word


class _SnapshotRequired(TypedDict):
    seq: int
    status: Status
    site: str | None
    kind: Kind | None
    name: str | None
    dashboard_link: str | None
    workers: WorkerCounts
    threads: int
    memory: int
    adapt: Adapt | None
    error: str | None
    profile: ProfileSummary | None


class Snapshot(_SnapshotRequired, total=False):
    # Always sent by this agent; optional in the protocol (an older agent omits them).
    origin: Origin | None
    capabilities: list[Capability]
    other_clients: int
    jobs: list[JobSummary] | None  # a live jobqueue cluster's batch jobs, else None


class _SiteSpecRequired(TypedDict):
    label: str
    kind: Kind
    options: dict[str, Any]
    workers: int | None
    adapt: Adapt | None
    detect: dict[str, Any] | None
    env: dict[str, str]


# "jobqueue": only for kind "jobqueue" ("slurm", "pbs", …); "class": only for kind "class",
# the cluster manager's import path. (`class` is a keyword: hence the functional syntax.)
_SiteSpecOptional = TypedDict("_SiteSpecOptional", {"jobqueue": str, "class": str}, total=False)


class SiteSpec(_SiteSpecRequired, _SiteSpecOptional):
    pass


class _SiteSummaryRequired(TypedDict):
    id: str
    label: str
    kind: Kind
    options: dict[str, Any]
    workers: int | None
    adapt: Adapt | None
    available: bool
    reason: str | None


class WorkerSize(TypedDict):
    """A local site's threads and memory (bytes) per worker; None: LocalCluster shares out."""

    threads: int | None
    memory: int | None


class Machine(TypedDict):
    """The kernel host's cores and memory in bytes (None: unknown)."""

    cpus: int
    memory: int | None


class SiteSummary(_SiteSummaryRequired, total=False):
    #: Required options without a value in this kernel (added to v1 later): a start needs the
    #: user to give them.
    missing: list[str]
    #: Local kinds only (added to v1 later): what one worker takes of the machine.
    worker_size: WorkerSize


class _HelloRequired(TypedDict):
    protocol: int
    agent_version: str
    sites: list[SiteSummary]
    detected_site: str
    state: Snapshot


class Hello(_HelloRequired, total=False):
    host_addresses: list[str]  # the kernel host's name and addresses (host.host_addresses)
    # Added within v1 (agents released before it do not send it); this agent always does.
    agent_source: Literal["installed", "delivered"]
    machine: Machine  # added within v1: the host's cores and memory (cluster/capacity.py)


class SiteOptions(TypedDict):
    site: str
    options: dict[str, Any]
    sources: dict[str, str]  # request, site, dask config, unset
    missing: list[str]


class JobScript(TypedDict):
    site: str
    job_script: str


class Profiles(TypedDict):
    profiles: list[ProfileSummary]
    active: str | None
    error: str | None


class Code(TypedDict):
    """Result of ``code``: the running cluster as standalone Python and as magic lines."""

    python: str
    magic: str


class Work(TypedDict):
    """Result of ``work``: results held in the cluster's memory, tasks being computed."""

    in_memory: int
    processing: int


class ErrorBody(TypedDict):
    type: ErrorType
    message: str


class Request(TypedDict):
    type: Literal["request"]
    id: str
    op: str
    args: dict[str, Any]


class OkResponse(TypedDict):
    type: Literal["response"]
    id: str
    ok: Literal[True]
    result: Result


class ErrorResponse(TypedDict):
    type: Literal["response"]
    id: str
    ok: Literal[False]
    error: ErrorBody


class StateMessage(TypedDict):
    type: Literal["state"]
    state: Snapshot


# Dask Gateway (sites of kind ``gateway``): the gateway's own options and its clusters.

GatewayOptionType = Literal["select", "integer", "float", "bool", "string", "mapping"]
GatewayClusterStatus = Literal["pending", "running", "stopping", "stopped", "failed"]


class GatewayOption(TypedDict):
    name: str
    label: str
    type: GatewayOptionType
    default: Any
    choices: list[str] | None
    min: float | None
    max: float | None


class GatewayOptions(TypedDict):
    site: str
    options: list[GatewayOption]
    values: dict[str, Any]


class GatewayCluster(TypedDict):
    name: str
    status: GatewayClusterStatus
    workers: int | None
    started: float | None
    dashboard_link: str | None
    options: dict[str, Any]
    current: bool


class GatewayClusters(TypedDict):
    site: str
    clusters: list[GatewayCluster]


#: What a successful request returns (the result column of PROTOCOL.md's table of ops).
#: ``Union``, not ``|``: this runs in kernels on Python 3.9 (``supported.py``).
Result = Union[
    Snapshot,
    Hello,
    Profiles,
    Code,
    Work,
    GatewayOptions,
    GatewayClusters,
    SiteOptions,
    JobScript,
]
