"""The cluster's messages: site entries and summaries, start/scale/adapt/stop,
``connect_scheduler``, the snapshot, and ``site_options`` (what a start would use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .checks import (
    CAPABILITIES,
    KINDS,
    ORIGINS,
    STATUSES,
    ProtocolError,
    adapt_bounds,
    check_bounds,
    exact_keys,
    fail,
    fail_out,
    json_object,
    json_value,
    no_args,
    one_of,
    optional_string,
    string,
    whole_count,
    worker_count,
)
from .jobqueue import check_jobs, site_options_args
from .profiles import check_profile

if TYPE_CHECKING:
    from .checks import ArgChecks

#: The schemes of a scheduler address the panel and ``connect-scheduler`` accept.
SCHEDULER_SCHEMES = ("tcp", "tls")

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
SITE_SUMMARY_KEYS = frozenset(
    {"id", "label", "kind", "options", "workers", "adapt", "available", "reason"}
)
#: Site summary keys an agent may omit (added to v1 later; this agent always sends them).
SITE_SUMMARY_OPTIONAL_KEYS = frozenset({"missing", "worker_size"})
WORKER_SIZE_KEYS = frozenset({"threads", "memory"})
SITE_OPTIONS_KEYS = frozenset({"site", "options", "sources", "missing"})
OPTION_SOURCES: frozenset[str] = frozenset({"request", "site", "dask config", "unset"})

# ---------------------------------------------------------------------------------------------
# SiteSpec (from the user's settings, carried by hello)
# ---------------------------------------------------------------------------------------------


SITE_KEYS = frozenset(
    {"label", "kind", "jobqueue", "class", "options", "workers", "adapt", "detect", "env"}
)


def _import_path(value: object, where: str) -> str:
    """``package.module.ClassName``: dotted identifiers, at least a module and a name."""
    path = string(value, where)
    parts = path.split(".")
    if len(parts) < 2 or not all(part.isidentifier() for part in parts):
        fail(where, f"must be an import path like 'package.module.ClusterClass', not {path!r}")
    return path


def _detect(value: object, where: str) -> dict[str, Any] | None:
    if value is None:
        return None
    obj = json_object(value, where)
    if set(obj) == {"env"}:
        rules = json_object(obj["env"], f"{where} env")
        for name, values in rules.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                fail(f"{where} env {name!r}", "must be a list of strings")
        return obj
    if set(obj) == {"dask_config"}:
        string(obj["dask_config"], f"{where} dask_config")
        return obj
    fail(where, 'must be null, {"env": {...}} or {"dask_config": "key"}')


def check_site_spec(value: object, where: str) -> dict[str, Any]:
    """A site entry from the settings. Every key is optional here: an entry for a built-in id
    only overrides fields; ``sites.merge_sites`` checks that new sites are complete."""
    obj = json_object(value, where)
    exact_keys(obj, where, set(), SITE_KEYS)
    if "label" in obj:
        string(obj["label"], f"{where} label")
    if "kind" in obj and obj["kind"] not in KINDS:
        fail(f"{where} kind", f"must be one of {', '.join(sorted(KINDS))}")
    if "jobqueue" in obj:
        string(obj["jobqueue"], f"{where} jobqueue")
    if "class" in obj:
        _import_path(obj["class"], f"{where} class")
    if "options" in obj:
        json_value(json_object(obj["options"], f"{where} options"), f"{where} options")
    if obj.get("workers") is not None:
        worker_count(obj["workers"], f"{where} workers")
    if obj.get("adapt") is not None:
        adapt_bounds(obj["adapt"], f"{where} adapt")
    if "detect" in obj:
        _detect(obj["detect"], f"{where} detect")
    if "env" in obj:
        for name, env_value in json_object(obj["env"], f"{where} env").items():
            if not isinstance(env_value, str):
                fail(f"{where} env {name!r}", "must be a string")
    return obj


def site_spec_problem(value: object, where: str) -> str | None:
    """What is wrong with a site entry from elsewhere than a request (dask config), or None."""
    try:
        check_site_spec(value, where)
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


def scheduler_address(text: str) -> str:
    """What a user typed as a scheduler address, as ``Client()`` reads it: ``host:port`` is
    ``tcp://host:port``; an address with a scheme is kept (``src/validation.ts`` does the same)."""
    text = text.strip()
    return text if "://" in text or not text else f"tcp://{text}"


def _connect_scheduler_args(args: dict[str, Any]) -> None:
    if "address" not in args:
        raise ProtocolError("invalid", "connect_scheduler needs an address.")
    problem = scheduler_address_problem(args["address"])
    if problem:
        raise ProtocolError("invalid", problem)


def _start_args(args: dict[str, Any]) -> None:
    if "site" not in args:
        raise ProtocolError("invalid", "start needs a site.")
    string(args["site"], "site")
    if "workers" in args and "adapt" in args:
        raise ProtocolError("invalid", "Give either a number of workers or adapt bounds, not both.")
    if "workers" in args:
        worker_count(args["workers"], "workers")
    if "adapt" in args:
        adapt_bounds(args["adapt"], "adapt")
    if "options" in args:
        json_value(json_object(args["options"], "options"), "options")
    if "profile" in args:
        string(args["profile"], "profile")


def _scale_args(args: dict[str, Any]) -> None:
    if "workers" not in args:
        raise ProtocolError("invalid", "scale needs a number of workers.")
    worker_count(args["workers"], "workers")


def _adapt_args(args: dict[str, Any]) -> None:
    if "minimum" not in args or "maximum" not in args:
        raise ProtocolError("invalid", "adapt needs a minimum and a maximum.")
    minimum = worker_count(args["minimum"], "minimum")
    check_bounds(minimum, worker_count(args["maximum"], "maximum"))


def check_snapshot(value: object, where: str = "The snapshot") -> None:
    obj = json_object(value, where, "protocol")
    exact_keys(
        obj,
        where,
        SNAPSHOT_KEYS - SNAPSHOT_OPTIONAL_KEYS,
        SNAPSHOT_OPTIONAL_KEYS,
        error_type="protocol",
    )
    whole_count(obj["seq"], f"{where} seq", "protocol")
    one_of(obj["status"], STATUSES, f"{where} status")
    if obj["kind"] is not None and obj["kind"] not in KINDS:
        fail_out(f"{where} kind", f"must be null or one of {', '.join(sorted(KINDS))}")
    for key in ("site", "name", "dashboard_link", "error"):
        optional_string(obj[key], f"{where} {key}", "protocol")
    workers = json_object(obj["workers"], f"{where} workers", "protocol")
    exact_keys(workers, f"{where} workers", {"ready", "requested"}, error_type="protocol")
    whole_count(workers["ready"], f"{where} workers.ready", "protocol")
    whole_count(workers["requested"], f"{where} workers.requested", "protocol")
    whole_count(obj["threads"], f"{where} threads", "protocol")
    whole_count(obj["memory"], f"{where} memory", "protocol")
    if obj["adapt"] is not None:
        adapt_bounds(obj["adapt"], f"{where} adapt", "protocol", whole_count)
    if obj["profile"] is not None:
        check_profile(obj["profile"], f"{where} profile")
    if obj.get("origin") is not None and obj["origin"] not in ORIGINS:
        fail_out(f"{where} origin", f"must be null or one of {', '.join(sorted(ORIGINS))}")
    if "capabilities" in obj:
        capabilities = obj["capabilities"]
        if not isinstance(capabilities, list) or not set(capabilities) <= CAPABILITIES:
            fail_out(
                f"{where} capabilities", f"must be a list of {', '.join(sorted(CAPABILITIES))}"
            )
    if "other_clients" in obj:
        whole_count(obj["other_clients"], f"{where} other_clients", "protocol")
    if obj.get("jobs") is not None:
        check_jobs(obj["jobs"], f"{where} jobs")


def check_site_options(obj: dict[str, Any]) -> None:
    exact_keys(obj, "Site options", SITE_OPTIONS_KEYS, error_type="protocol")
    string(obj["site"], "Site options site", "protocol")
    options = json_object(obj["options"], "Site options options", "protocol")
    json_value(options, "Site options options")
    sources = json_object(obj["sources"], "Site options sources", "protocol")
    if set(sources) != set(options) or not set(sources.values()) <= OPTION_SOURCES:
        fail_out("Site options sources", "must give one known source for each option")
    missing = obj["missing"]
    if not isinstance(missing, list) or not all(name in options for name in missing):
        fail_out("Site options missing", "must list option names")


def check_site_summary(value: object, where: str) -> None:
    obj = json_object(value, where, "protocol")
    exact_keys(obj, where, SITE_SUMMARY_KEYS, SITE_SUMMARY_OPTIONAL_KEYS, error_type="protocol")
    for key in ("id", "label"):
        string(obj[key], f"{where} {key}", "protocol")
    one_of(obj["kind"], KINDS, f"{where} kind")
    json_object(obj["options"], f"{where} options", "protocol")
    if obj["workers"] is not None:
        whole_count(obj["workers"], f"{where} workers", "protocol")
    if obj["adapt"] is not None:
        adapt_bounds(obj["adapt"], f"{where} adapt", "protocol", whole_count)
    if not isinstance(obj["available"], bool):
        fail_out(f"{where} available", "must be a boolean")
    optional_string(obj["reason"], f"{where} reason", "protocol")
    missing = obj.get("missing", [])
    if not isinstance(missing, list) or not all(isinstance(n, str) and n for n in missing):
        fail_out(f"{where} missing", "must list option names")
    if "worker_size" in obj:
        size = json_object(obj["worker_size"], f"{where} worker_size", "protocol")
        exact_keys(size, f"{where} worker_size", WORKER_SIZE_KEYS, error_type="protocol")
        for key in sorted(WORKER_SIZE_KEYS):
            if size[key] is not None:
                whole_count(size[key], f"{where} worker_size {key}", "protocol")


ARGS: ArgChecks = {
    "state": (frozenset(), no_args),
    "start": (frozenset({"site", "workers", "adapt", "options", "profile"}), _start_args),
    "scale": (frozenset({"workers"}), _scale_args),
    "adapt": (frozenset({"minimum", "maximum"}), _adapt_args),
    "stop": (frozenset(), no_args),
    "connect_scheduler": (frozenset({"address"}), _connect_scheduler_args),
    "site_options": (frozenset({"site", "options"}), site_options_args),
}
