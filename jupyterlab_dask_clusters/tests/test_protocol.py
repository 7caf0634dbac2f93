"""protocol/ against protocol/examples.json (the same file the jest test reads) and the
edge cases of the request parser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_dask_clusters import protocol, shapes
from jupyterlab_dask_clusters.protocol import ProtocolError, parse_request, validate_outgoing

EXAMPLES_FILE = Path(__file__).resolve().parents[2] / "protocol" / "examples.json"
EXAMPLES = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))


def test_examples_speak_this_version() -> None:
    assert EXAMPLES["protocol"] == protocol.PROTOCOL_VERSION


@pytest.mark.parametrize("example", EXAMPLES["examples"], ids=lambda e: e["name"])
def test_example_verdict(example: dict[str, Any]) -> None:
    check = parse_request if example["direction"] == "to_kernel" else validate_outgoing
    if example["valid"]:
        check(example["message"])
    else:
        with pytest.raises(ProtocolError) as caught:
            check(example["message"])
        assert caught.value.type in protocol.ERROR_TYPES
        assert caught.value.message.endswith(".")


def _request(op: str, **args: Any) -> dict[str, Any]:
    return {"type": "request", "id": "r-1", "op": op, "args": args}


@pytest.mark.parametrize(
    ("data", "error_type", "message"),
    [
        ("not json", "protocol", "A request must be a JSON object."),
        ({**_request("state"), "extra": 1}, "protocol", "The request has unknown key 'extra'."),
        (_request("explode"), "protocol", "Unknown operation 'explode'."),
        (_request("hello", protocol=2), "protocol", "Protocol version 2 is not supported"),
        (_request("hello", protocol=True), "protocol", "Protocol version True"),
        (_request("stop", force=True), "invalid", "stop does not take the argument 'force'."),
        (_request("scale", workers=-1), "invalid", "Workers must be 0 or more, not -1."),
        (_request("scale", workers=2.0), "invalid", "Workers must be a whole number."),
        (_request("scale", workers=False), "invalid", "Workers must be a whole number."),
        (_request("scale"), "invalid", "scale needs a number of workers."),
        (_request("adapt", minimum=3, maximum=1), "invalid", "The minimum (3) is larger"),
        (_request("adapt", minimum=0), "invalid", "adapt needs a minimum and a maximum."),
        (_request("start", site=""), "invalid", "Site must be a non-empty string."),
        (_request("start", site="local", adapt={"minimum": 1}), "invalid", "missing 'maximum'"),
        (_request("start", site="local", adapt=[1, 2]), "invalid", "Adapt must be an object."),
        (_request("start", site="local", options=[1]), "invalid", "Options must be an object."),
        (_request("start", site="local", options={"x": {1, 2}}), "invalid", "JSON values"),
        (
            _request("use_profile", name="osn", endpoint="ftp://example.org"),
            "invalid",
            "must be an http(s) URL",
        ),
        (
            _request("use_profile", name="osn", endpoint="http:///nohost"),
            "invalid",
            "must be an http(s) URL",
        ),
        (
            _request("hello", protocol=1, sites={"pbs": {"kind": "slurm"}}),
            "invalid",
            "Site 'pbs' kind must be one of",
        ),
        (
            _request("hello", protocol=1, sites={"x": {"label": "X", "colour": "red"}}),
            "invalid",
            "Site 'x' has unknown key 'colour'.",
        ),
        (
            _request("hello", protocol=1, sites={"x": {"detect": {"env": {"A": "b"}}}}),
            "invalid",
            "must be a list of strings",
        ),
    ],
)
def test_bad_requests(data: object, error_type: str, message: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_request(data)
    assert caught.value.type == error_type
    assert message in caught.value.message


def test_request_id_is_echoed_when_readable() -> None:
    assert protocol.request_id({"id": "r-9", "op": 1}) == "r-9"
    assert protocol.request_id({"op": "state"}) == ""
    assert protocol.request_id([1]) == ""


def test_parse_request_returns_the_request() -> None:
    data = _request("start", site="local", workers=0, options={"a": {"$env": "X"}})
    assert parse_request(data) == data


def test_builders_make_valid_messages() -> None:
    snapshot = next(e for e in EXAMPLES["examples"] if e["name"] == "state push none")
    state = snapshot["message"]["state"]
    validate_outgoing(protocol.state_message(state))
    validate_outgoing(protocol.ok_response("r-1", state))
    validate_outgoing(protocol.error_response("", ProtocolError("conflict", "Not now.")))


def test_hello_and_profiles_results_are_checked_strictly() -> None:
    state = next(e for e in EXAMPLES["examples"] if e["name"] == "state push none")["message"][
        "state"
    ]
    summary = {
        "id": "local",
        "label": "Local machine",
        "kind": "local",
        "options": {},
        "workers": None,
        "adapt": None,
        "available": True,
        "reason": None,
    }
    hello = {
        "protocol": 1,
        "agent_version": "0.1.0",
        "sites": [summary],
        "detected_site": "local",
        "state": state,
    }
    validate_outgoing(protocol.ok_response("r-1", hello))
    with pytest.raises(ProtocolError, match="unknown key 'env'"):
        validate_outgoing(protocol.ok_response("r-1", {**hello, "sites": [{**summary, "env": {}}]}))
    profile = {"name": "osn", "source": "config", "endpoint": None, "region": None, "key_id": None}
    profiles = {"profiles": [profile], "active": None, "error": None}
    validate_outgoing(protocol.ok_response("r-2", profiles))
    leaky = {"profiles": [{**profile, "aws_secret_access_key": "x"}], "active": None, "error": None}
    with pytest.raises(ProtocolError, match="unknown key 'aws_secret_access_key'"):
        validate_outgoing(protocol.ok_response("r-2", leaky))


def test_key_sets_match_the_typed_dicts() -> None:
    # The validators list keys by hand (they never load the shapes); keep them in step.
    assert frozenset(shapes.Snapshot.__annotations__) == protocol.SNAPSHOT_KEYS
    assert frozenset(shapes.ProfileSummary.__annotations__) == protocol.PROFILE_KEYS
    assert frozenset(shapes.SiteSummary.__required_keys__) == protocol.SITE_SUMMARY_KEYS
    assert frozenset(shapes.SiteSummary.__optional_keys__) == protocol.SITE_SUMMARY_OPTIONAL_KEYS
    assert frozenset(shapes.Hello.__required_keys__) == protocol.HELLO_KEYS
    assert frozenset(shapes.Hello.__optional_keys__) == protocol.HELLO_OPTIONAL_KEYS
    assert frozenset(shapes.Profiles.__annotations__) == protocol.PROFILES_KEYS
    assert frozenset(shapes.SiteSpec.__annotations__) == protocol.SITE_KEYS
    assert frozenset(shapes.SiteOptions.__annotations__) == protocol.SITE_OPTIONS_KEYS
    assert frozenset(shapes.JobScript.__annotations__) == protocol.JOB_SCRIPT_KEYS
    assert protocol.Snapshot is shapes.Snapshot  # re-exported for callers


def test_hello_says_where_the_agent_comes_from() -> None:
    hello = next(e for e in EXAMPLES["examples"] if e["name"].startswith("hello result from"))
    message = json.loads(json.dumps(hello["message"]))
    message["result"]["agent_source"] = "downloaded"
    with pytest.raises(ProtocolError, match="agent_source"):
        validate_outgoing(message)


def test_a_site_summary_lists_its_missing_options_by_name() -> None:
    hello = next(
        e for e in EXAMPLES["examples"] if e["name"].startswith("hello result with sites a start")
    )
    message = json.loads(json.dumps(hello["message"]))
    validate_outgoing(message)
    message["result"]["sites"][1]["missing"] = "account"
    with pytest.raises(ProtocolError, match="missing"):
        validate_outgoing(message)
    del message["result"]["sites"][1]["missing"]  # an agent before the field
    validate_outgoing(message)


def _gateway_result(**changes: Any) -> dict[str, Any]:
    cluster = {
        "name": "8c2d6b5e",
        "status": "running",
        "workers": 2,
        "started": 1796133098.0,
        "dashboard_link": "https://hub.example.org/gateway/clusters/8c2d6b5e/status",
        "options": {"profile": "Small Worker"},
        "current": False,
    }
    return {
        "type": "response",
        "id": "g",
        "ok": True,
        "result": {"site": "nebari", "clusters": [{**cluster, **changes}]},
    }


def _option_result(**changes: Any) -> dict[str, Any]:
    option = {
        "name": "profile",
        "label": "Profile",
        "type": "select",
        "default": "Small Worker",
        "choices": ["Small Worker", "Medium Worker"],
        "min": None,
        "max": None,
    }
    return {
        "type": "response",
        "id": "g",
        "ok": True,
        "result": {"site": "nebari", "options": [{**option, **changes}], "values": {}},
    }


@pytest.mark.parametrize(
    ("message", "fault"),
    [
        (_gateway_result(dashboard_link="javascript:alert(1)"), "must be an http(s) URL"),
        (_gateway_result(status="exploded"), "status must be one of"),
        (_gateway_result(workers=-1), "workers must be 0 or more"),
        (_gateway_result(secret="x"), "has unknown key 'secret'"),
        (_option_result(choices=None), "must be a list for a select"),
        (_option_result(type="integer"), "must be a list for a select and null otherwise"),
        (_option_result(type="color"), "type must be one of"),
        (_option_result(min="1"), "min must be null or a number"),
    ],
)
def test_gateway_results_are_checked(message: dict[str, Any], fault: str) -> None:
    with pytest.raises(ProtocolError, match=re.escape(fault)):
        validate_outgoing(message)
    good = _gateway_result() if "clusters" in message["result"] else _option_result()
    validate_outgoing(good)


def test_hello_says_what_the_machine_and_a_local_worker_hold() -> None:
    hello = next(e for e in EXAMPLES["examples"] if e["name"].startswith("hello response with the"))
    message = json.loads(json.dumps(hello["message"]))
    validate_outgoing(message)
    bad = json.loads(json.dumps(message))
    bad["result"]["machine"]["cpus"] = None
    with pytest.raises(ProtocolError, match="machine cpus"):
        validate_outgoing(bad)
    bad = json.loads(json.dumps(message))
    bad["result"]["sites"][0]["worker_size"]["gpus"] = 1
    with pytest.raises(ProtocolError, match="unknown key 'gpus'"):
        validate_outgoing(bad)
    for key in ("machine",):  # an agent before the fields sends neither
        del message["result"][key]
    del message["result"]["sites"][0]["worker_size"]
    validate_outgoing(message)
