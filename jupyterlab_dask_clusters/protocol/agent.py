"""The agent's messages: the envelope of every request, response and state push, ``hello``,
and the two strict checks: ``parse_request`` (browser → kernel) and ``validate_outgoing``
(kernel → browser, used by the tests and, cheaply, as a guard on what the agent sends)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import cluster, codegen, gateway, jobqueue, profiles
from .checks import (
    ERROR_TYPES,
    PROTOCOL_VERSION,
    ProtocolError,
    exact_keys,
    fail,
    fail_out,
    is_int,
    json_object,
    one_of,
    string,
    whole_count,
)
from .cluster import check_site_spec, check_site_summary, check_snapshot
from .profiles import endpoint_url

if TYPE_CHECKING:
    from ..shapes import ErrorResponse, OkResponse, Request, Result, Snapshot, StateMessage
    from .checks import ArgChecks

HELLO_KEYS = frozenset({"protocol", "agent_version", "sites", "detected_site", "state"})
#: Hello keys added within v1, so optional: agents released before them do not send them.
HELLO_OPTIONAL_KEYS = frozenset({"host_addresses", "agent_source", "machine"})
MACHINE_KEYS = frozenset({"cpus", "memory"})
AGENT_SOURCES = frozenset({"installed", "delivered"})

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
# Browser → kernel
# ---------------------------------------------------------------------------------------------


def _hello_args(args: dict[str, Any]) -> None:
    if "protocol" not in args:
        raise ProtocolError("protocol", "hello must say which protocol version it speaks.")
    if args["protocol"] != PROTOCOL_VERSION or not is_int(args["protocol"]):
        raise ProtocolError(
            "protocol",
            f"Protocol version {args['protocol']!r} is not supported; "
            f"this kernel speaks version {PROTOCOL_VERSION}.",
        )
    if "sites" in args:
        for site_id, spec in json_object(args["sites"], "sites").items():
            check_site_spec(spec, f"Site {site_id!r}")
    if "kernel_name" in args:
        string(args["kernel_name"], "kernel_name")
    if "profile_endpoints" in args:
        where = "the per-profile endpoints (profile_endpoints)"
        for name, url in json_object(args["profile_endpoints"], where).items():
            if not name:
                fail(where, "have an empty profile name")
            endpoint_url(url, f"The endpoint for AWS profile {name!r}")


def _check_hello(obj: dict[str, Any]) -> None:
    exact_keys(obj, "Hello", HELLO_KEYS, HELLO_OPTIONAL_KEYS, error_type="protocol")
    if "agent_source" in obj:
        one_of(obj["agent_source"], AGENT_SOURCES, "Hello agent_source")
    if obj["protocol"] != PROTOCOL_VERSION or not is_int(obj["protocol"]):
        fail_out("Hello protocol", f"must be {PROTOCOL_VERSION}")
    string(obj["agent_version"], "Hello agent_version", "protocol")
    if not isinstance(obj["sites"], list):
        fail_out("Hello sites", "must be a list")
    for i, summary in enumerate(obj["sites"]):
        check_site_summary(summary, f"Site summary {i}")
    string(obj["detected_site"], "Hello detected_site", "protocol")
    check_snapshot(obj["state"])
    addresses = obj.get("host_addresses", [])
    if not isinstance(addresses, list):
        fail_out("Hello host_addresses", "must be a list")
    for i, address in enumerate(addresses):
        string(address, f"Hello host_addresses {i}", "protocol")
    if "machine" in obj:
        machine = json_object(obj["machine"], "Hello machine", "protocol")
        exact_keys(machine, "Hello machine", MACHINE_KEYS, error_type="protocol")
        whole_count(machine["cpus"], "Hello machine cpus", "protocol")
        if machine["memory"] is not None:
            whole_count(machine["memory"], "Hello machine memory", "protocol")


# op → (allowed argument names, checker). Unknown argument names are refused before the checker.
_OPS: ArgChecks = {
    "hello": (frozenset({"protocol", "sites", "profile_endpoints", "kernel_name"}), _hello_args),
    **cluster.ARGS,
    **profiles.ARGS,
    **codegen.ARGS,  # issue 10: reproducible code, and the work a stop would drop
    **gateway.ARGS,  # Dask Gateway sites (kind ``gateway``)
    **jobqueue.ARGS,
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
    exact_keys(data, "The request", {"type", "id", "op", "args"}, error_type="protocol")
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
# Kernel → browser
# ---------------------------------------------------------------------------------------------

#: A result's kind by the first of these keys it has, in this order, and its check.
_RESULTS: tuple[tuple[str, Callable[[dict[str, Any]], None]], ...] = (
    ("seq", check_snapshot),
    ("agent_version", _check_hello),
    ("profiles", profiles.check_profiles),
    ("python", codegen.check_code),
    ("in_memory", codegen.check_work),
    ("values", gateway.check_gateway_options),
    ("clusters", gateway.check_gateway_clusters),
    ("sources", cluster.check_site_options),
    ("job_script", jobqueue.check_job_script),
)


def _check_result(value: object) -> None:
    obj = json_object(value, "The result", "protocol")
    for key, check in _RESULTS:
        if key in obj:
            check(obj)
            return
    fail_out("The result", "is not a known result")


def validate_outgoing(msg: object) -> None:
    """Check a kernel→browser message strictly (exactly the documented keys, nothing more);
    raise ``ProtocolError("protocol", …)`` if it is not one."""
    obj = json_object(msg, "The message", "protocol")
    kind = obj.get("type")
    if kind == "state":
        exact_keys(obj, "The state message", {"type", "state"}, error_type="protocol")
        check_snapshot(obj["state"])
    elif kind == "response":
        if not isinstance(obj.get("id"), str):
            fail_out("The response id", "must be a string")
        if obj.get("ok") is True:
            exact_keys(obj, "The response", {"type", "id", "ok", "result"}, error_type="protocol")
            _check_result(obj["result"])
        elif obj.get("ok") is False:
            exact_keys(obj, "The response", {"type", "id", "ok", "error"}, error_type="protocol")
            error = json_object(obj["error"], "The error", "protocol")
            exact_keys(error, "The error", {"type", "message"}, error_type="protocol")
            one_of(error["type"], ERROR_TYPES, "The error type")
            string(error["message"], "The error message", "protocol")
        else:
            fail_out("The response ok", "must be true or false")
    else:
        fail_out("The message type", f"must be 'response' or 'state', not {kind!r}")
