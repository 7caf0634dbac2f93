"""The comm protocol between the browser and the kernel agent (version 1), one module per feature.
Open ``agent.py`` first: the envelope, ``parse_request`` and ``validate_outgoing``.

This package mirrors ``protocol/PROTOCOL.md`` (and ``src/protocol/`` on the browser side): a
strict parser for browser→kernel requests and a strict validator for kernel→browser messages,
made of the checks in ``checks``. Nothing in a message is ever executed as code. The message
shapes (TypedDicts) live in ``shapes`` and are available from here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .agent import (
    AGENT_SOURCES,
    HELLO_KEYS,
    HELLO_OPTIONAL_KEYS,
    OPS,
    error_response,
    ok_response,
    parse_request,
    request_id,
    state_message,
    validate_outgoing,
)
from .checks import (
    CAPABILITIES,
    ERROR_TYPES,
    KINDS,
    MAX_WORKERS,
    ORIGINS,
    PROTOCOL_VERSION,
    STATUSES,
    ProtocolError,
)
from .cluster import (
    OPTION_SOURCES,
    SCHEDULER_SCHEMES,
    SITE_KEYS,
    SITE_OPTIONS_KEYS,
    SITE_SUMMARY_KEYS,
    SITE_SUMMARY_OPTIONAL_KEYS,
    SNAPSHOT_KEYS,
    SNAPSHOT_OPTIONAL_KEYS,
    scheduler_address,
    scheduler_address_problem,
    site_spec_problem,
)
from .codegen import CODE_KEYS, WORK_KEYS
from .gateway import (
    GATEWAY_CLUSTER_KEYS,
    GATEWAY_CLUSTER_STATUSES,
    GATEWAY_CLUSTERS_KEYS,
    GATEWAY_OPTION_KEYS,
    GATEWAY_OPTION_TYPES,
    GATEWAY_OPTIONS_KEYS,
)
from .jobqueue import JOB_SCRIPT_KEYS
from .profiles import (
    MAX_ENDPOINT,
    PROFILE_KEYS,
    PROFILE_SOURCES,
    PROFILES_KEYS,
    endpoint_problem,
)

if TYPE_CHECKING:
    # Re-exported ("X as X"): `from .protocol import Snapshot` works for type checkers too.
    from ..shapes import (
        Adapt as Adapt,
        Capability as Capability,
        Code as Code,
        ErrorBody as ErrorBody,
        ErrorResponse as ErrorResponse,
        ErrorType as ErrorType,
        GatewayCluster as GatewayCluster,
        GatewayClusters as GatewayClusters,
        GatewayOption as GatewayOption,
        GatewayOptions as GatewayOptions,
        Hello as Hello,
        JobScript as JobScript,
        JobSummary as JobSummary,
        Kind as Kind,
        Machine as Machine,
        OkResponse as OkResponse,
        Origin as Origin,
        Profiles as Profiles,
        ProfileSource as ProfileSource,
        ProfileSummary as ProfileSummary,
        Request as Request,
        Result as Result,
        SiteOptions as SiteOptions,
        SiteSpec as SiteSpec,
        SiteSummary as SiteSummary,
        Snapshot as Snapshot,
        StateMessage as StateMessage,
        Status as Status,
        Work as Work,
        WorkerCounts as WorkerCounts,
        WorkerSize as WorkerSize,
    )

_SHAPES = frozenset(
    {
        "Adapt",
        "Capability",
        "Code",
        "ErrorBody",
        "ErrorResponse",
        "ErrorType",
        "GatewayCluster",
        "GatewayClusters",
        "GatewayOption",
        "GatewayOptions",
        "Hello",
        "JobScript",
        "JobSummary",
        "Kind",
        "Machine",
        "OkResponse",
        "Origin",
        "ProfileSource",
        "Profiles",
        "ProfileSummary",
        "Result",
        "Request",
        "SiteOptions",
        "SiteSpec",
        "SiteSummary",
        "Snapshot",
        "StateMessage",
        "Status",
        "Work",
        "WorkerCounts",
        "WorkerSize",
    }
)
__all__ = [
    "AGENT_SOURCES",
    "CAPABILITIES",
    "CODE_KEYS",
    "ERROR_TYPES",
    "GATEWAY_CLUSTERS_KEYS",
    "GATEWAY_CLUSTER_KEYS",
    "GATEWAY_CLUSTER_STATUSES",
    "GATEWAY_OPTIONS_KEYS",
    "GATEWAY_OPTION_KEYS",
    "GATEWAY_OPTION_TYPES",
    "HELLO_KEYS",
    "HELLO_OPTIONAL_KEYS",
    "JOB_SCRIPT_KEYS",
    "KINDS",
    "MAX_ENDPOINT",
    "MAX_WORKERS",
    "OPS",
    "OPTION_SOURCES",
    "ORIGINS",
    "PROFILES_KEYS",
    "PROFILE_KEYS",
    "PROFILE_SOURCES",
    "PROTOCOL_VERSION",
    "SCHEDULER_SCHEMES",
    "SITE_KEYS",
    "SITE_OPTIONS_KEYS",
    "SITE_SUMMARY_KEYS",
    "SITE_SUMMARY_OPTIONAL_KEYS",
    "SNAPSHOT_KEYS",
    "SNAPSHOT_OPTIONAL_KEYS",
    "STATUSES",
    "WORK_KEYS",
    "ProtocolError",
    "endpoint_problem",
    "error_response",
    "ok_response",
    "parse_request",
    "request_id",
    "scheduler_address",
    "scheduler_address_problem",
    "site_spec_problem",
    "state_message",
    "validate_outgoing",
    *sorted(_SHAPES),
]


def __getattr__(name: str) -> object:
    # `protocol.Snapshot` at run time: load the shapes only when someone asks.
    if name in _SHAPES:
        from .. import shapes

        return getattr(shapes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
