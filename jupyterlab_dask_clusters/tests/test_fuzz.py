"""Generated messages against a real agent: every message gets exactly one well-formed reply,
an error changes nothing (state, environment, namespace), and the kernel stays alive.

Random JSON, requests with wrong argument types and ranges, unknown fields, huge numbers,
deep nesting and long strings; in process (1,000+ messages) and through a real kernel."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from jupyter_client.blocking.client import BlockingKernelClient

from jupyterlab_dask_clusters.agent import BOOTSTRAP, Agent
from jupyterlab_dask_clusters.cluster.sites import BUILTIN_SITES

from .conftest import RecordingComm
from .test_kernel_comm import KernelComm, execute, running_kernel

#: Operations whose every call is cheap when no cluster runs and no AWS files exist; a
#: generated request never names a real site, so a start cannot succeed.
OPS = ["hello", "state", "start", "scale", "adapt", "stop", "profiles", "use_profile"]
OPS += ["code", "work", "connect_scheduler", "site_options", "job_script"]
OPS += ["gateway_options", "gateway_clusters", "gateway_connect", "gateway_shutdown"]
ARG_NAMES = ["protocol", "sites", "profile_endpoints", "site", "workers", "adapt", "options"]
ARG_NAMES += ["profile", "minimum", "maximum", "name", "endpoint", "address", "kernel_name"]

huge_ints = st.one_of(st.integers(), st.integers(min_value=2**53, max_value=2**200))
huge_ints = huge_ints.map(lambda n: n if n % 2 else -n)
long_strings = st.tuples(st.characters(), st.integers(min_value=1_000, max_value=100_000)).map(
    lambda pair: pair[0] * pair[1]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    huge_ints,
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    long_strings,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def deep(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


def _names_a_site(args: Any) -> bool:
    return isinstance(args, dict) and str(args.get("site")) in BUILTIN_SITES


deep_values = st.integers(min_value=50, max_value=500).map(deep)
arg_values = st.one_of(json_values, deep_values)
requests = st.fixed_dictionaries(
    {
        "type": st.just("request"),
        "id": st.one_of(st.text(min_size=1, max_size=30), json_values),
        "op": st.one_of(st.sampled_from(OPS), st.text(max_size=15), long_strings),
        "args": st.one_of(
            st.dictionaries(st.sampled_from(ARG_NAMES), arg_values, max_size=4),
            st.dictionaries(st.text(max_size=12), arg_values, max_size=3),
            json_values,
        ),
    },
    optional={"extra": json_values},
).filter(lambda m: not _names_a_site(m["args"]))
# Requests whose envelope is wrong: another type, a missing or extra key.
envelopes = st.dictionaries(
    st.sampled_from(["type", "id", "op", "args", "extra"]), st.one_of(json_values, long_strings)
)
messages = st.one_of(requests, envelopes, json_values, deep_values)


def _check_one_reply(sent: list[dict[str, Any]], message: Any) -> dict[str, Any]:
    responses = [m for m in sent if m["type"] == "response"]
    assert len(responses) == 1, responses
    (response,) = responses
    rid = message.get("id") if isinstance(message, dict) else None
    assert response["id"] == (rid if isinstance(rid, str) else "")
    if not response["ok"]:
        error = response["error"]
        assert error["type"] in ("protocol", "invalid", "conflict", "failed")
        assert error["message"] and "\n" not in error["message"]
        assert len(error["message"]) <= 500, len(error["message"])
    return response


@pytest.fixture
def no_aws(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none-either"))


@settings(
    max_examples=1200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(message=messages)
def test_every_message_gets_one_reply_and_errors_change_nothing(no_aws: None, message: Any) -> None:
    agent = Agent(namespace={})
    comm = RecordingComm()
    agent.open_comm(comm)
    before = (agent.controller.snapshot(), dict(os.environ), dict(agent.controller.namespace))
    sites_before = json.dumps(agent.sites, sort_keys=True)
    try:
        comm.sent.clear()
        comm.deliver(message)
        response = _check_one_reply(comm.sent, message)
        if not response["ok"]:
            after = (
                agent.controller.snapshot(),
                dict(os.environ),
                dict(agent.controller.namespace),
            )
            assert after == before
            assert json.dumps(agent.sites, sort_keys=True) == sites_before
            assert [m for m in comm.sent if m["type"] == "state"] == []
    finally:
        agent.close()


@pytest.fixture(scope="module")
def fuzz_kernel() -> Iterator[BlockingKernelClient]:
    with running_kernel(graceful=False) as (_, client):
        execute(client, BOOTSTRAP, silent=True, store_history=False)
        yield client


def test_a_real_kernel_answers_every_generated_message_and_stays_alive(
    fuzz_kernel: BlockingKernelClient,
) -> None:
    comm = KernelComm(fuzz_kernel)
    comm.open()
    assert comm.request("hello", protocol=1)["ok"]
    count = 0

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(message=messages)
    def send(message: Any) -> None:
        nonlocal count
        count += 1
        marker = f"fuzz-{count}"
        # An id the test can find the reply by: the generated one when usable, else a marker
        # request sent right after (the kernel answers in order).
        comm.received.clear()
        content = {"comm_id": comm.comm_id, "data": message}
        fuzz_kernel.shell_channel.send(fuzz_kernel.session.msg("comm_msg", content))
        follow = comm.request("state")
        assert follow["ok"], follow
        replies = [m for m in comm.received if m["type"] == "response" and m is not follow]
        _check_one_reply(replies, message)
        assert marker  # (the count shows in a failure's output)

    send()
    assert count >= 300
    final = comm.request("state")
    assert final["ok"] and final["result"]["status"] == "none"
