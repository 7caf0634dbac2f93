"""The comm protocol between the browser and the kernel agent, version 1.

This module mirrors ``protocol/PROTOCOL.md`` (and ``src/protocol.ts`` on the browser side):
the message shapes as TypedDicts, a strict parser for browser→kernel requests and a strict
validator for kernel→browser messages. Nothing in a message is ever executed as code.

It imports nothing heavy, not even ``typing``: the frontend's bootstrap imports it in every
kernel. The TypedDicts live in ``shapes`` and are available from here too.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (type checkers know it)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

    # Re-exported ("X as X"): `from .protocol import Snapshot` works for type checkers too.
    from .shapes import (
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
    )

PROTOCOL_VERSION = 1

#: The most workers a start, scale, adapt or site may ask for (``MAX_WORKERS`` of
#: src/protocol.ts): far above what a site runs, far below what would swamp a kernel.
MAX_WORKERS = 10_000

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
    }
)
__all__ = [
    "ERROR_TYPES",
    "KINDS",
    "OPS",
    "PROTOCOL_VERSION",
    "STATUSES",
    "ProtocolError",
    "error_response",
    "ok_response",
    "parse_request",
    "request_id",
    "scheduler_address_problem",
    "site_spec_problem",
    "state_message",
    "validate_outgoing",
    *sorted(_SHAPES),
]


def __getattr__(name: str) -> object:
    # `protocol.Snapshot` at run time: load the shapes (and typing) only when someone asks.
    if name in _SHAPES:
        from . import shapes

        return getattr(shapes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ERROR_TYPES: frozenset[str] = frozenset({"protocol", "invalid", "conflict", "failed"})
STATUSES: frozenset[str] = frozenset(
    {"none", "starting", "running", "stopping", "stopped", "failed"}
)
KINDS: frozenset[str] = frozenset({"local", "gateway", "jobqueue", "class"})
ORIGINS: frozenset[str] = frozenset({"started", "adopted", "connected"})
CAPABILITIES: frozenset[str] = frozenset({"scale", "adapt", "stop"})
#: The schemes of a scheduler address the panel and ``connect-scheduler`` accept.
SCHEDULER_SCHEMES = ("tcp", "tls")
PROFILE_SOURCES: frozenset[str] = frozenset({"credentials", "config", "both"})


class ProtocolError(Exception):
    """A request that cannot be carried out, with the protocol's error type."""

    def __init__(self, type: ErrorType, message: str) -> None:
        super().__init__(message)
        self.type: ErrorType = type
        self.message = message


# ---------------------------------------------------------------------------------------------
# Message builders
# ---------------------------------------------------------------------------------------------


def ok_response(request_id: str, result: Result) -> OkResponse:
    return {"type": "response", "id": request_id, "ok": True, "result": result}


def error_response(request_id: str, error: ProtocolError) -> ErrorResponse:
    return {
        "type": "response",
        "id": request_id,
        "ok": False,
        "error": {"type": error.type, "message": error.message},
    }


def state_message(snapshot: Snapshot) -> StateMessage:
    return {"type": "state", "state": snapshot}


def request_id(data: object) -> str:
    """The id to answer with: the request's own id when it has a usable one, else ``""``."""
    if isinstance(data, dict):
        rid = data.get("id")
        if isinstance(rid, str):
            return rid
    return ""


# ---------------------------------------------------------------------------------------------
# Value checks shared by both directions
# ---------------------------------------------------------------------------------------------


def _fail(where: str, what: str, error_type: ErrorType = "invalid") -> NoReturn:
    raise ProtocolError(error_type, f"{where[:1].upper()}{where[1:]} {what}.")


def _is_int(value: object) -> bool:
    # JSON gives ints and floats; bool is an int subclass in Python but not a number here.
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: object, where: str, error_type: ErrorType = "invalid") -> int:
    if not _is_int(value):
        _fail(where, "must be a whole number", error_type)
    if value < 0:  # type: ignore[operator]
        _fail(where, f"must be 0 or more, not {value}", error_type)
    return value  # type: ignore[return-value]


def _worker_count(value: object, where: str, error_type: ErrorType = "invalid") -> int:
    """A number of workers a request or a site asks for: a whole number from 0 to
    ``MAX_WORKERS`` (a slip such as 10000000 is refused before a cluster tries it)."""
    count = _count(value, where, error_type)
    if count > MAX_WORKERS:
        _fail(where, f"must be at most {MAX_WORKERS}, not {count}", error_type)
    return count


def _string(value: object, where: str, error_type: ErrorType = "invalid") -> str:
    if not isinstance(value, str) or not value:
        _fail(where, "must be a non-empty string", error_type)
    return value


def _optional_string(value: object, where: str, error_type: ErrorType = "invalid") -> str | None:
    return None if value is None else _string(value, where, error_type)


def _object(value: object, where: str, error_type: ErrorType = "invalid") -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(where, "must be an object", error_type)
    return value


def _exact_keys(
    obj: dict[str, Any],
    where: str,
    required: frozenset[str] | set[str],
    optional: frozenset[str] | set[str] = frozenset(),
    error_type: ErrorType = "invalid",
) -> None:
    unknown = sorted(set(obj) - set(required) - set(optional))
    if unknown:
        _fail(where, f"has unknown key {unknown[0]!r}", error_type)
    missing = sorted(set(required) - set(obj))
    if missing:
        _fail(where, f"is missing {missing[0]!r}", error_type)


def _json_value(value: object, where: str) -> None:
    if value is None or isinstance(value, (str, bool, int, float)):
        return
    if isinstance(value, list):
        for item in value:
            _json_value(item, where)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                _fail(where, "has a key that is not a string")
            _json_value(item, where)
        return
    _fail(where, "must hold JSON values only")


def _adapt(
    value: object,
    where: str,
    error_type: ErrorType = "invalid",
    count: Callable[[object, str, ErrorType], int] = _worker_count,
) -> Adapt:
    """Adaptive bounds; ``count`` checks each (a snapshot's may be unbounded: ``_count``)."""
    obj = _object(value, where, error_type)
    _exact_keys(obj, where, {"minimum", "maximum"}, error_type=error_type)
    minimum = count(obj["minimum"], f"{where} minimum", error_type)
    maximum = count(obj["maximum"], f"{where} maximum", error_type)
    _check_bounds(minimum, maximum, error_type)
    return {"minimum": minimum, "maximum": maximum}


def _check_bounds(minimum: int, maximum: int, error_type: ErrorType = "invalid") -> None:
    if minimum > maximum:
        raise ProtocolError(
            error_type, f"The minimum ({minimum}) is larger than the maximum ({maximum})."
        )


#: The longest S3 endpoint URL accepted.
MAX_ENDPOINT = 2048


def endpoint_problem(url: str) -> str | None:
    """Why ``url`` is not a usable S3 endpoint, or None: the one rule for an endpoint, from
    the wire, the settings or an AWS config file (``src/protocol.ts`` mirrors it). A plain
    http(s) URL with a host; no user name or password, query, fragment, whitespace or
    control character (they must never reach botocore or a message)."""
    if not url:
        return "it is empty"
    if len(url) > MAX_ENDPOINT:
        return "it is too long"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "it contains spaces or control characters"
    if "@" in url:
        return "it must not contain a user name or password"
    if "?" in url or "#" in url:
        return "it must not have a query or fragment"
    if not url.lower().startswith(("http://", "https://")):
        return "it must start with http:// or https://"
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return "it is not a valid URL"
    if not parts.hostname:
        return "it has no host name"
    try:
        parts.port  # noqa: B018 - the property raises ValueError for a bad port
    except ValueError:
        return "its port is not a number from 0 to 65535"
    return None


def _http_url(value: object, where: str) -> str:
    """An http(s) URL with a host and no whitespace (a dashboard link; an S3 endpoint has the
    stricter ``endpoint_problem``)."""
    from urllib.parse import urlsplit

    url = _string(value, where)
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        ok = False
    if not ok or any(c.isspace() for c in url):
        _fail(where, f"must be an http(s) URL, not {url!r}")
    return url


def _endpoint(value: object, where: str) -> str:
    url = _string(value, where)
    problem = endpoint_problem(url)
    if problem:
        # Not echoed: the part before an "@" may be a password.
        _fail(where, f"must be an http(s) URL: {problem}")
    return url


# ---------------------------------------------------------------------------------------------
# SiteSpec (from the user's settings, carried by hello)
# ---------------------------------------------------------------------------------------------

SITE_KEYS = frozenset(
    {"label", "kind", "jobqueue", "class", "options", "workers", "adapt", "detect", "env"}
)


def _import_path(value: object, where: str) -> str:
    """``package.module.ClassName``: dotted identifiers, at least a module and a name."""
    path = _string(value, where)
    parts = path.split(".")
    if len(parts) < 2 or not all(part.isidentifier() for part in parts):
        _fail(where, f"must be an import path like 'package.module.ClusterClass', not {path!r}")
    return path


def _detect(value: object, where: str) -> dict[str, Any] | None:
    if value is None:
        return None
    obj = _object(value, where)
    if set(obj) == {"env"}:
        rules = _object(obj["env"], f"{where} env")
        for name, values in rules.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                _fail(f"{where} env {name!r}", "must be a list of strings")
        return obj
    if set(obj) == {"dask_config"}:
        _string(obj["dask_config"], f"{where} dask_config")
        return obj
    _fail(where, 'must be null, {"env": {...}} or {"dask_config": "key"}')


def _site_spec(value: object, where: str) -> dict[str, Any]:
    """A site entry from the settings. Every key is optional here: an entry for a built-in id
    only overrides fields; ``sites.merge_sites`` checks that new sites are complete."""
    obj = _object(value, where)
    _exact_keys(obj, where, set(), SITE_KEYS)
    if "label" in obj:
        _string(obj["label"], f"{where} label")
    if "kind" in obj and obj["kind"] not in KINDS:
        _fail(f"{where} kind", f"must be one of {', '.join(sorted(KINDS))}")
    if "jobqueue" in obj:
        _string(obj["jobqueue"], f"{where} jobqueue")
    if "class" in obj:
        _import_path(obj["class"], f"{where} class")
    if "options" in obj:
        _json_value(_object(obj["options"], f"{where} options"), f"{where} options")
    if obj.get("workers") is not None:
        _worker_count(obj["workers"], f"{where} workers")
    if obj.get("adapt") is not None:
        _adapt(obj["adapt"], f"{where} adapt")
    if "detect" in obj:
        _detect(obj["detect"], f"{where} detect")
    if "env" in obj:
        for name, env_value in _object(obj["env"], f"{where} env").items():
            if not isinstance(env_value, str):
                _fail(f"{where} env {name!r}", "must be a string")
    return obj


# ---------------------------------------------------------------------------------------------
# Browser → kernel
# ---------------------------------------------------------------------------------------------


def _hello_args(args: dict[str, Any]) -> None:
    if "protocol" not in args:
        raise ProtocolError("protocol", "hello must say which protocol version it speaks.")
    if args["protocol"] != PROTOCOL_VERSION or not _is_int(args["protocol"]):
        raise ProtocolError(
            "protocol",
            f"Protocol version {args['protocol']!r} is not supported; "
            f"this kernel speaks version {PROTOCOL_VERSION}.",
        )
    if "sites" in args:
        for site_id, spec in _object(args["sites"], "sites").items():
            _site_spec(spec, f"Site {site_id!r}")
    if "kernel_name" in args:
        _string(args["kernel_name"], "kernel_name")
    if "profile_endpoints" in args:
        where = "the per-profile endpoints (profile_endpoints)"
        for name, url in _object(args["profile_endpoints"], where).items():
            if not name:
                _fail(where, "have an empty profile name")
            _endpoint(url, f"The endpoint for AWS profile {name!r}")


def site_spec_problem(value: object, where: str) -> str | None:
    """What is wrong with a site entry from elsewhere than a request (dask config), or None."""
    try:
        _site_spec(value, where)
    except ProtocolError as exc:
        return exc.message
    return None


def scheduler_address_problem(address: object) -> str | None:
    """What is wrong with a scheduler address (``tcp://host:port``, ``tls://…``), or None.
    The one rule of the kernel side; ``src/validation.ts`` has the browser's."""
    from urllib.parse import urlsplit

    example = "like tcp://10.0.0.5:8786"
    if not isinstance(address, str) or not address.strip():
        return f"A scheduler address is needed, {example}."
    if any(c.isspace() for c in address):
        return f"A scheduler address has no spaces: {address!r}."
    scheme, sep, _ = address.partition("://")
    if not sep or scheme.lower() not in SCHEDULER_SCHEMES:
        return f"The scheduler address must start with tcp:// or tls://, {example}: {address!r}."
    try:
        parts = urlsplit(address)
        host, port = parts.hostname, parts.port
    except ValueError:  # a port out of range or not a number, an unclosed IPv6 bracket
        return f"The scheduler address {address!r} needs a port from 1 to 65535, {example}."
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return f"The scheduler address {address!r} must be only a host and a port, {example}."
    if not host:
        return f"The scheduler address {address!r} has no host, {example}."
    if not port:
        return f"The scheduler address {address!r} needs a port from 1 to 65535, {example}."
    return None


def _connect_scheduler_args(args: dict[str, Any]) -> None:
    if "address" not in args:
        raise ProtocolError("invalid", "connect_scheduler needs an address.")
    problem = scheduler_address_problem(args["address"])
    if problem:
        raise ProtocolError("invalid", problem)


def _start_args(args: dict[str, Any]) -> None:
    if "site" not in args:
        raise ProtocolError("invalid", "start needs a site.")
    _string(args["site"], "site")
    if "workers" in args and "adapt" in args:
        raise ProtocolError("invalid", "Give either a number of workers or adapt bounds, not both.")
    if "workers" in args:
        _worker_count(args["workers"], "workers")
    if "adapt" in args:
        _adapt(args["adapt"], "adapt")
    if "options" in args:
        _json_value(_object(args["options"], "options"), "options")
    if "profile" in args:
        _string(args["profile"], "profile")


def _scale_args(args: dict[str, Any]) -> None:
    if "workers" not in args:
        raise ProtocolError("invalid", "scale needs a number of workers.")
    _worker_count(args["workers"], "workers")


def _adapt_args(args: dict[str, Any]) -> None:
    if "minimum" not in args or "maximum" not in args:
        raise ProtocolError("invalid", "adapt needs a minimum and a maximum.")
    minimum = _worker_count(args["minimum"], "minimum")
    _check_bounds(minimum, _worker_count(args["maximum"], "maximum"))


def _use_profile_args(args: dict[str, Any]) -> None:
    if "name" not in args:
        raise ProtocolError("invalid", "use_profile needs a profile name.")
    _string(args["name"], "name")
    if "endpoint" in args:
        _endpoint(args["endpoint"], "endpoint")


def _no_args(args: dict[str, Any]) -> None:
    pass


def _gateway_site_args(args: dict[str, Any]) -> None:
    if "site" not in args:
        raise ProtocolError("invalid", "A gateway request needs a site.")
    _string(args["site"], "site")


def _gateway_cluster_args(args: dict[str, Any]) -> None:
    _gateway_site_args(args)
    if "name" not in args:
        raise ProtocolError("invalid", "A gateway cluster request needs a cluster name.")
    _string(args["name"], "name")


def _site_options_args(args: dict[str, Any]) -> None:
    # site_options and job_script: a site and, optionally, the options the user typed.
    if "site" not in args:
        raise ProtocolError("invalid", "This operation needs a site.")
    _string(args["site"], "site")
    if "options" in args:
        _json_value(_object(args["options"], "options"), "options")


# op → (allowed argument names, checker). Unknown argument names are refused before the checker.
_OPS: dict[str, tuple[frozenset[str], Callable[[dict[str, Any]], None]]] = {
    "hello": (frozenset({"protocol", "sites", "profile_endpoints", "kernel_name"}), _hello_args),
    "state": (frozenset(), _no_args),
    "start": (frozenset({"site", "workers", "adapt", "options", "profile"}), _start_args),
    "scale": (frozenset({"workers"}), _scale_args),
    "adapt": (frozenset({"minimum", "maximum"}), _adapt_args),
    "stop": (frozenset(), _no_args),
    "profiles": (frozenset(), _no_args),
    "use_profile": (frozenset({"name", "endpoint"}), _use_profile_args),
    "clear_profile": (frozenset(), _no_args),
    # issue 10: reproducible code, and the work a stop would drop
    "code": (frozenset(), _no_args),
    "work": (frozenset(), _no_args),
    "connect_scheduler": (frozenset({"address"}), _connect_scheduler_args),
    # Dask Gateway sites (kind ``gateway``)
    "gateway_options": (frozenset({"site"}), _gateway_site_args),
    "gateway_clusters": (frozenset({"site"}), _gateway_site_args),
    "gateway_connect": (frozenset({"site", "name"}), _gateway_cluster_args),
    "gateway_shutdown": (frozenset({"site", "name"}), _gateway_cluster_args),
    "site_options": (frozenset({"site", "options"}), _site_options_args),
    "job_script": (frozenset({"site", "options"}), _site_options_args),
}
OPS: frozenset[str] = frozenset(_OPS)


def parse_request(data: object) -> Request:
    """Check a browser→kernel message strictly; raise ``ProtocolError`` if it is not a valid
    request. Message-level faults are ``protocol`` errors, argument faults ``invalid``."""
    if not isinstance(data, dict):
        raise ProtocolError("protocol", "A request must be a JSON object.")
    if data.get("type") != "request":
        raise ProtocolError(
            "protocol", f"Expected a message of type 'request', not {data.get('type')!r}."
        )
    _exact_keys(data, "The request", {"type", "id", "op", "args"}, error_type="protocol")
    rid, op, args = data["id"], data["op"], data["args"]
    if not isinstance(rid, str) or not rid:
        raise ProtocolError("protocol", "A request id must be a non-empty string.")
    if not isinstance(op, str) or op not in _OPS:
        raise ProtocolError("protocol", f"Unknown operation {op!r}.")
    if not isinstance(args, dict):
        raise ProtocolError("protocol", "A request's args must be a JSON object.")
    allowed, check = _OPS[op]
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise ProtocolError("invalid", f"{op} does not take the argument {unknown[0]!r}.")
    check(args)
    return {"type": "request", "id": rid, "op": op, "args": args}


# ---------------------------------------------------------------------------------------------
# Kernel → browser (used by the tests and, cheaply, as a guard on what the agent sends)
# ---------------------------------------------------------------------------------------------

# Exactly the keys of the shapes (a test checks them against ``shapes``).
SNAPSHOT_KEYS = frozenset(
    {
        "seq",
        "status",
        "site",
        "kind",
        "name",
        "dashboard_link",
        "workers",
        "threads",
        "memory",
        "adapt",
        "error",
        "profile",
        "origin",
        "capabilities",
        "other_clients",
        "jobs",
    }
)
#: Snapshot keys an agent may omit (added to v1 later; this agent always sends them).
SNAPSHOT_OPTIONAL_KEYS = frozenset({"origin", "capabilities", "other_clients", "jobs"})
PROFILE_KEYS = frozenset({"name", "source", "endpoint", "region", "key_id"})
SITE_SUMMARY_KEYS = frozenset(
    {"id", "label", "kind", "options", "workers", "adapt", "available", "reason"}
)
HELLO_KEYS = frozenset({"protocol", "agent_version", "sites", "detected_site", "state"})
#: Hello keys added within v1, so optional: agents released before them do not send them.
HELLO_OPTIONAL_KEYS = frozenset({"host_addresses", "agent_source"})
AGENT_SOURCES = frozenset({"installed", "delivered"})
PROFILES_KEYS = frozenset({"profiles", "active", "error"})
CODE_KEYS = frozenset({"python", "magic"})
WORK_KEYS = frozenset({"in_memory", "processing"})
GATEWAY_OPTION_KEYS = frozenset({"name", "label", "type", "default", "choices", "min", "max"})
GATEWAY_OPTION_TYPES = frozenset({"select", "integer", "float", "bool", "string", "mapping"})
GATEWAY_OPTIONS_KEYS = frozenset({"site", "options", "values"})
GATEWAY_CLUSTER_KEYS = frozenset(
    {"name", "status", "workers", "started", "dashboard_link", "options", "current"}
)
GATEWAY_CLUSTER_STATUSES = frozenset({"pending", "running", "stopping", "stopped", "failed"})
GATEWAY_CLUSTERS_KEYS = frozenset({"site", "clusters"})
SITE_OPTIONS_KEYS = frozenset({"site", "options", "sources", "missing"})
OPTION_SOURCES: frozenset[str] = frozenset({"request", "site", "dask config", "unset"})
JOB_SCRIPT_KEYS = frozenset({"site", "job_script"})


def _out(where: str, what: str) -> NoReturn:
    _fail(where, what, "protocol")


def _check_profile(value: object, where: str) -> None:
    obj = _object(value, where, "protocol")
    _exact_keys(obj, where, PROFILE_KEYS, error_type="protocol")
    _string(obj["name"], f"{where} name", "protocol")
    if obj["source"] not in PROFILE_SOURCES:
        _out(f"{where} source", f"must be one of {', '.join(sorted(PROFILE_SOURCES))}")
    for key in ("endpoint", "region", "key_id"):
        _optional_string(obj[key], f"{where} {key}", "protocol")


def _check_snapshot(value: object, where: str = "The snapshot") -> None:
    obj = _object(value, where, "protocol")
    _exact_keys(
        obj,
        where,
        SNAPSHOT_KEYS - SNAPSHOT_OPTIONAL_KEYS,
        SNAPSHOT_OPTIONAL_KEYS,
        error_type="protocol",
    )
    _count(obj["seq"], f"{where} seq", "protocol")
    if obj["status"] not in STATUSES:
        _out(f"{where} status", f"must be one of {', '.join(sorted(STATUSES))}")
    if obj["kind"] is not None and obj["kind"] not in KINDS:
        _out(f"{where} kind", f"must be null or one of {', '.join(sorted(KINDS))}")
    for key in ("site", "name", "dashboard_link", "error"):
        _optional_string(obj[key], f"{where} {key}", "protocol")
    workers = _object(obj["workers"], f"{where} workers", "protocol")
    _exact_keys(workers, f"{where} workers", {"ready", "requested"}, error_type="protocol")
    _count(workers["ready"], f"{where} workers.ready", "protocol")
    _count(workers["requested"], f"{where} workers.requested", "protocol")
    _count(obj["threads"], f"{where} threads", "protocol")
    _count(obj["memory"], f"{where} memory", "protocol")
    if obj["adapt"] is not None:
        _adapt(obj["adapt"], f"{where} adapt", "protocol", _count)
    if obj["profile"] is not None:
        _check_profile(obj["profile"], f"{where} profile")
    if obj.get("origin") is not None and obj["origin"] not in ORIGINS:
        _out(f"{where} origin", f"must be null or one of {', '.join(sorted(ORIGINS))}")
    if "capabilities" in obj:
        capabilities = obj["capabilities"]
        if not isinstance(capabilities, list) or not set(capabilities) <= CAPABILITIES:
            _out(f"{where} capabilities", f"must be a list of {', '.join(sorted(CAPABILITIES))}")
    if "other_clients" in obj:
        _count(obj["other_clients"], f"{where} other_clients", "protocol")
    if obj.get("jobs") is not None:
        _check_jobs(obj["jobs"], f"{where} jobs")


def _check_jobs(value: object, where: str) -> None:
    if not isinstance(value, list):
        _out(where, "must be null or a list")
    for i, job in enumerate(value):
        obj = _object(job, f"{where} {i}", "protocol")
        _exact_keys(obj, f"{where} {i}", {"id", "state"}, error_type="protocol")
        _optional_string(obj["id"], f"{where} {i} id", "protocol")
        _string(obj["state"], f"{where} {i} state", "protocol")


def _check_site_options(obj: dict[str, Any]) -> None:
    _exact_keys(obj, "Site options", SITE_OPTIONS_KEYS, error_type="protocol")
    _string(obj["site"], "Site options site", "protocol")
    options = _object(obj["options"], "Site options options", "protocol")
    _json_value(options, "Site options options")
    sources = _object(obj["sources"], "Site options sources", "protocol")
    if set(sources) != set(options) or not set(sources.values()) <= OPTION_SOURCES:
        _out("Site options sources", "must give one known source for each option")
    missing = obj["missing"]
    if not isinstance(missing, list) or not all(name in options for name in missing):
        _out("Site options missing", "must list option names")


def _check_site_summary(value: object, where: str) -> None:
    obj = _object(value, where, "protocol")
    _exact_keys(obj, where, SITE_SUMMARY_KEYS, error_type="protocol")
    for key in ("id", "label"):
        _string(obj[key], f"{where} {key}", "protocol")
    if obj["kind"] not in KINDS:
        _out(f"{where} kind", f"must be one of {', '.join(sorted(KINDS))}")
    _object(obj["options"], f"{where} options", "protocol")
    if obj["workers"] is not None:
        _count(obj["workers"], f"{where} workers", "protocol")
    if obj["adapt"] is not None:
        _adapt(obj["adapt"], f"{where} adapt", "protocol", _count)
    if not isinstance(obj["available"], bool):
        _out(f"{where} available", "must be a boolean")
    _optional_string(obj["reason"], f"{where} reason", "protocol")


def _optional_number(value: object, where: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        _out(where, "must be null or a number")


def _check_gateway_option(value: object, where: str) -> None:
    obj = _object(value, where, "protocol")
    _exact_keys(obj, where, GATEWAY_OPTION_KEYS, error_type="protocol")
    _string(obj["name"], f"{where} name", "protocol")
    _string(obj["label"], f"{where} label", "protocol")
    if obj["type"] not in GATEWAY_OPTION_TYPES:
        _out(f"{where} type", f"must be one of {', '.join(sorted(GATEWAY_OPTION_TYPES))}")
    _json_value(obj["default"], f"{where} default")
    choices = obj["choices"]
    if (obj["type"] == "select") != isinstance(choices, list):
        _out(f"{where} choices", "must be a list for a select and null otherwise")
    if isinstance(choices, list) and not all(isinstance(c, str) for c in choices):
        _out(f"{where} choices", "must be strings")
    _optional_number(obj["min"], f"{where} min")
    _optional_number(obj["max"], f"{where} max")


def _check_gateway_cluster(value: object, where: str) -> None:
    obj = _object(value, where, "protocol")
    _exact_keys(obj, where, GATEWAY_CLUSTER_KEYS, error_type="protocol")
    _string(obj["name"], f"{where} name", "protocol")
    if obj["status"] not in GATEWAY_CLUSTER_STATUSES:
        _out(f"{where} status", f"must be one of {', '.join(sorted(GATEWAY_CLUSTER_STATUSES))}")
    if obj["workers"] is not None:
        _count(obj["workers"], f"{where} workers", "protocol")
    _optional_number(obj["started"], f"{where} started")
    if obj["dashboard_link"] is not None:
        try:
            _http_url(obj["dashboard_link"], f"{where} dashboard_link")
        except ProtocolError as exc:
            raise ProtocolError("protocol", exc.message) from None
    _json_value(_object(obj["options"], f"{where} options", "protocol"), f"{where} options")
    if not isinstance(obj["current"], bool):
        _out(f"{where} current", "must be a boolean")


def _check_result(value: object) -> None:
    obj = _object(value, "The result", "protocol")
    if "seq" in obj:
        _check_snapshot(obj)
    elif "agent_version" in obj:
        _exact_keys(obj, "Hello", HELLO_KEYS, HELLO_OPTIONAL_KEYS, error_type="protocol")
        if "agent_source" in obj and obj["agent_source"] not in AGENT_SOURCES:
            _out("Hello agent_source", f"must be one of {', '.join(sorted(AGENT_SOURCES))}")
        if obj["protocol"] != PROTOCOL_VERSION or not _is_int(obj["protocol"]):
            _out("Hello protocol", f"must be {PROTOCOL_VERSION}")
        _string(obj["agent_version"], "Hello agent_version", "protocol")
        if not isinstance(obj["sites"], list):
            _out("Hello sites", "must be a list")
        for i, summary in enumerate(obj["sites"]):
            _check_site_summary(summary, f"Site summary {i}")
        _string(obj["detected_site"], "Hello detected_site", "protocol")
        _check_snapshot(obj["state"])
        addresses = obj.get("host_addresses", [])
        if not isinstance(addresses, list):
            _out("Hello host_addresses", "must be a list")
        for i, address in enumerate(addresses):
            _string(address, f"Hello host_addresses {i}", "protocol")
    elif "profiles" in obj:
        _exact_keys(obj, "Profiles", PROFILES_KEYS, error_type="protocol")
        if not isinstance(obj["profiles"], list):
            _out("Profiles profiles", "must be a list")
        for i, profile in enumerate(obj["profiles"]):
            _check_profile(profile, f"Profile {i}")
        _optional_string(obj["active"], "Profiles active", "protocol")
        _optional_string(obj["error"], "Profiles error", "protocol")
    elif "python" in obj:
        _exact_keys(obj, "Code", CODE_KEYS, error_type="protocol")
        _string(obj["python"], "Code python", "protocol")
        _string(obj["magic"], "Code magic", "protocol")
    elif "in_memory" in obj:
        _exact_keys(obj, "Work", WORK_KEYS, error_type="protocol")
        _count(obj["in_memory"], "Work in_memory", "protocol")
        _count(obj["processing"], "Work processing", "protocol")
    elif "values" in obj:
        _exact_keys(obj, "GatewayOptions", GATEWAY_OPTIONS_KEYS, error_type="protocol")
        _string(obj["site"], "GatewayOptions site", "protocol")
        if not isinstance(obj["options"], list):
            _out("GatewayOptions options", "must be a list")
        for i, option in enumerate(obj["options"]):
            _check_gateway_option(option, f"Gateway option {i}")
        _json_value(_object(obj["values"], "GatewayOptions values", "protocol"), "values")
    elif "clusters" in obj:
        _exact_keys(obj, "GatewayClusters", GATEWAY_CLUSTERS_KEYS, error_type="protocol")
        _string(obj["site"], "GatewayClusters site", "protocol")
        if not isinstance(obj["clusters"], list):
            _out("GatewayClusters clusters", "must be a list")
        for i, cluster in enumerate(obj["clusters"]):
            _check_gateway_cluster(cluster, f"Gateway cluster {i}")
    elif "sources" in obj:
        _check_site_options(obj)
    elif "job_script" in obj:
        _exact_keys(obj, "Job script", JOB_SCRIPT_KEYS, error_type="protocol")
        _string(obj["site"], "Job script site", "protocol")
        _string(obj["job_script"], "Job script job_script", "protocol")
    else:
        _out("The result", "is not a known result")


def validate_outgoing(msg: object) -> None:
    """Check a kernel→browser message strictly (exactly the documented keys, nothing more);
    raise ``ProtocolError("protocol", …)`` if it is not one."""
    obj = _object(msg, "The message", "protocol")
    kind = obj.get("type")
    if kind == "state":
        _exact_keys(obj, "The state message", {"type", "state"}, error_type="protocol")
        _check_snapshot(obj["state"])
    elif kind == "response":
        if not isinstance(obj.get("id"), str):
            _out("The response id", "must be a string")
        if obj.get("ok") is True:
            _exact_keys(obj, "The response", {"type", "id", "ok", "result"}, error_type="protocol")
            _check_result(obj["result"])
        elif obj.get("ok") is False:
            _exact_keys(obj, "The response", {"type", "id", "ok", "error"}, error_type="protocol")
            error = _object(obj["error"], "The error", "protocol")
            _exact_keys(error, "The error", {"type", "message"}, error_type="protocol")
            if error["type"] not in ERROR_TYPES:
                _out("The error type", f"must be one of {', '.join(sorted(ERROR_TYPES))}")
            _string(error["message"], "The error message", "protocol")
        else:
            _out("The response ok", "must be true or false")
    else:
        _out("The message type", f"must be 'response' or 'state', not {kind!r}")
