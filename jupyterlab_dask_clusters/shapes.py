"""The message shapes of protocol v1 (``protocol/PROTOCOL.md``) as TypedDicts.

Kept apart from ``protocol`` because defining them needs ``typing``, which a fresh kernel has
not imported yet; ``protocol`` re-exports them (lazily at run time, eagerly for type checkers).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

ErrorType = Literal["protocol", "invalid", "conflict", "failed"]
Status = Literal["none", "starting", "running", "stopping", "stopped", "failed"]
Kind = Literal["local", "gateway", "jobqueue"]
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


class Snapshot(TypedDict):
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
    jobs: list[JobSummary] | None  # a live jobqueue cluster's batch jobs, else None


class _SiteSpecRequired(TypedDict):
    label: str
    kind: Kind
    options: dict[str, Any]
    workers: int | None
    adapt: Adapt | None
    detect: dict[str, Any] | None
    env: dict[str, str]


class SiteSpec(_SiteSpecRequired, total=False):
    jobqueue: str  # only for kind "jobqueue": "slurm", "pbs", …


class SiteSummary(TypedDict):
    id: str
    label: str
    kind: Kind
    options: dict[str, Any]
    workers: int | None
    adapt: Adapt | None
    available: bool
    reason: str | None


class Hello(TypedDict):
    protocol: int
    agent_version: str
    sites: list[SiteSummary]
    detected_site: str
    state: Snapshot


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
    result: Snapshot | Hello | Profiles | SiteOptions | JobScript


class ErrorResponse(TypedDict):
    type: Literal["response"]
    id: str
    ok: Literal[False]
    error: ErrorBody


class StateMessage(TypedDict):
    type: Literal["state"]
    state: Snapshot
