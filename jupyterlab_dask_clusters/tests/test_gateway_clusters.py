"""Gateway sites against a real Dask Gateway with Nebari-like options: the options form, the
Nebari defaults, rejections, this user's clusters (list, connect, shut down), faults, secrets."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.gateway import clusters as gateway_clusters
from jupyterlab_dask_clusters.gateway.options import kernel_conda_env, set_kernel_name

from .conftest import RecordingComm, stop_everything


@pytest.fixture(autouse=True)
def _no_kernel_name() -> Iterator[None]:
    yield
    set_kernel_name(None)


def _gateway_reports(config: dict[str, Any]) -> list[Any]:
    import dask
    from dask_gateway import Gateway

    with dask.config.set(config):
        return Gateway().list_clusters()


def test_kernel_conda_env_from_nb_conda_kernels_names() -> None:
    assert kernel_conda_env("conda-env-users-users-pangeo-py") == "users/users-pangeo"
    assert kernel_conda_env("conda-env-global-global-pangeo-py") == "global/global-pangeo"
    assert kernel_conda_env("python3") is None
    assert kernel_conda_env("conda-root-py") is None
    assert kernel_conda_env(None) is None


def test_options_are_the_gateways_own(gateway_config: dict[str, Any], comm: RecordingComm) -> None:
    comm.request("hello", protocol=1)
    result = comm.request("gateway_options", site="nebari")["result"]
    options = {option["name"]: option for option in result["options"]}
    assert list(options) == [
        "conda_environment",
        "profile",
        "environment_vars",
        "worker_threads",
        "idle_minutes",
        "spot",
        "note",
    ]
    assert options["conda_environment"] == {
        "name": "conda_environment",
        "label": "Environment",
        "type": "select",
        "default": "global/global-pangeo",
        "choices": ["global/global-pangeo", "users/users-pangeo"],
        "min": None,
        "max": None,
    }
    assert options["profile"]["choices"] == ["Small Worker", "Medium Worker"]
    assert options["environment_vars"]["type"] == "mapping"
    assert (options["worker_threads"]["type"], options["worker_threads"]["min"]) == ("integer", 1)
    assert options["worker_threads"]["max"] == 4
    assert (options["idle_minutes"]["type"], options["idle_minutes"]["max"]) == ("float", 600.0)
    assert (options["spot"]["type"], options["note"]["type"]) == ("bool", "string")
    # The seed's defaults: Medium Worker, and users/users-pangeo (not the gateway's default)
    # for a kernel whose own environment is unknown.
    assert result["values"] == {
        "conda_environment": "users/users-pangeo",
        "profile": "Medium Worker",
        "environment_vars": {},
        "worker_threads": 1,
        "idle_minutes": 30.0,
        "spot": False,
        "note": "",
    }


@pytest.mark.parametrize(
    ("kernel_name", "environment"),
    [
        ("conda-env-global-global-pangeo-py", "global/global-pangeo"),  # the kernel's own
        ("conda-env-users-other-py", "users/users-pangeo"),  # not offered: the seed's
        ("python3", "users/users-pangeo"),
    ],
)
def test_conda_environment_follows_the_kernel(
    gateway_config: dict[str, Any], comm: RecordingComm, kernel_name: str, environment: str
) -> None:
    comm.request("hello", protocol=1, kernel_name=kernel_name)
    values = comm.request("gateway_options", site="nebari")["result"]["values"]
    assert values["conda_environment"] == environment


def test_the_gateways_default_when_neither_is_offered(
    gateway_config: dict[str, Any], comm: RecordingComm
) -> None:
    nebari = {"options": {"conda_environment": {"$kernel_conda_env": True, "default": "x/y"}}}
    comm.request("hello", protocol=1, sites={"nebari": nebari})
    values = comm.request("gateway_options", site="nebari")["result"]["values"]
    assert values["conda_environment"] == "global/global-pangeo"


def test_a_rejected_value_creates_nothing(
    gateway_config: dict[str, Any], comm: RecordingComm
) -> None:
    comm.request("hello", protocol=1)
    response = comm.request("start", site="nebari", workers=1, options={"profile": "Large Worker"})
    assert response["error"] == {
        "type": "invalid",
        "message": "The gateway refused 'profile': 'Large Worker' is not a valid option "
        "for profile.",
    }
    response = comm.request("start", site="nebari", workers=1, options={"worker_threads": 9})
    assert response["error"]["message"] == (
        "The gateway refused 'worker_threads': worker_threads must be <= 4.000000, got 9."
    )
    assert comm.states[-1]["status"] == "failed"
    assert _gateway_reports(gateway_config) == []


def test_list_connect_and_shut_down_from_another_kernel(gateway_config: dict[str, Any]) -> None:
    first, second = Agent(namespace={}), Agent(namespace={})
    first_comm, second_comm = RecordingComm(), RecordingComm()
    first.open_comm(first_comm)
    second.open_comm(second_comm)
    try:
        first_comm.request("hello", protocol=1)
        second_comm.request("hello", protocol=1)
        started = first_comm.request(
            "start", site="nebari", workers=1, options={"profile": "Small Worker"}
        )
        assert started["ok"], started
        name = first.controller.cluster_name
        assert name and name in started["result"]["name"]
        first_comm.wait_for_state(lambda s: s["workers"]["ready"] == 1)

        listing = second_comm.request("gateway_clusters", site="nebari")["result"]
        [cluster] = listing["clusters"]
        assert cluster["name"] == name
        assert cluster["status"] == "running"
        assert cluster["workers"] == 1
        assert cluster["current"] is False
        assert cluster["options"]["profile"] == "Small Worker"
        assert "environment_vars" not in cluster["options"]
        assert cluster["dashboard_link"].endswith(f"/clusters/{name}/status")
        assert 0 <= time.time() - cluster["started"] < 120
        mine = first_comm.request("gateway_clusters", site="nebari")["result"]["clusters"]
        assert mine[0]["current"] is True

        connected = second_comm.request("gateway_connect", site="nebari", name=name)
        assert connected["ok"], connected
        assert connected["result"]["status"] == "running"
        assert connected["result"]["site"] == "nebari"
        client = second.controller.namespace["client"]
        assert second.controller.namespace["cluster"].name == name
        assert client.submit(sum, [2, 3]).result(timeout=30) == 5
        again = second_comm.request("gateway_connect", site="nebari", name=name)
        assert again["error"]["type"] == "conflict"

        shut = second_comm.request("gateway_shutdown", site="nebari", name=name)
        assert shut["result"] == {"site": "nebari", "clusters": []}
        assert second_comm.states[-1]["status"] == "stopped"
        assert "cluster" not in second.controller.namespace
        assert _gateway_reports(gateway_config) == []
        # The first kernel can still stop what it knew as its cluster, without a fuss.
        assert first_comm.request("stop")["result"]["status"] == "stopped"

        unknown = second_comm.request("gateway_shutdown", site="nebari", name="nope")
        assert unknown["error"]["type"] == "invalid"
        assert "nope" in unknown["error"]["message"]
    finally:
        stop_everything(first)
        stop_everything(second)


def test_gateway_requests_need_a_gateway_site(comm: RecordingComm) -> None:
    response = comm.request("gateway_clusters", site="local")
    assert response["error"] == {
        "type": "invalid",
        "message": "Site 'local' is not a Dask Gateway site.",
    }


# ---------------------------------------------------------------------------------------------
# Faults: a clear message within 10 s, nothing created
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fault_config(config: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**config, **changes}


@pytest.mark.parametrize("fault", ["unreachable", "silent", "wrong password"])
def test_faults_are_reported_fast(
    gateway_config: dict[str, Any], comm: RecordingComm, silent_server: int, fault: str
) -> None:
    import dask

    if fault == "unreachable":
        changes = {"gateway.address": f"http://127.0.0.1:{_closed_port()}"}
        expected = "cannot be reached (reading its cluster options)"
    elif fault == "silent":
        changes = {"gateway.address": f"http://127.0.0.1:{silent_server}"}
        expected = "did not answer within 8 s (reading its cluster options)"
    else:
        changes = {"gateway.auth.kwargs": {"username": "alice", "password": "wrong"}}
        expected = "refused the credentials (HTTP 401) while reading its cluster options"
    comm.request("hello", protocol=1)
    with dask.config.set(_fault_config(gateway_config, **changes)):
        for op, args in (
            ("gateway_options", {"site": "nebari"}),
            ("gateway_clusters", {"site": "nebari"}),
            ("start", {"site": "nebari", "workers": 1}),
        ):
            began = time.monotonic()
            response = comm.request(op, **args)
            assert time.monotonic() - began < 10
            message = response["error"]["message"]
            assert message.startswith("The Dask Gateway at http://127.0.0.1:"), message
            if op != "gateway_clusters":
                assert expected in message
            assert "wrong" not in message
    # Usable at once, and nothing was created.
    assert comm.states[-1]["status"] == "failed"
    assert comm.request("gateway_clusters", site="nebari")["result"]["clusters"] == []


# ---------------------------------------------------------------------------------------------
# Secrets: by plugin, never in the gateway's options; the kernel's environment not shipped
# ---------------------------------------------------------------------------------------------


def test_no_secret_in_the_gateways_reports(
    gateway_config: dict[str, Any],
    agent: Agent,
    comm: RecordingComm,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dask_gateway import Gateway

    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "hub-token-canary")
    comm.request("hello", protocol=1)
    agent.controller.set_profile_env({"AWS_SECRET_ACCESS_KEY": "aws-secret-canary"})
    try:
        started = comm.request("start", site="nebari", workers=1)
        assert started["ok"], started
        comm.wait_for_state(lambda s: s["workers"]["ready"] == 1)
        client = agent.controller.namespace["client"]
        assert list(client.run(os.getenv, "AWS_SECRET_ACCESS_KEY").values()) == [
            "aws-secret-canary"
        ]
        assert list(client.run(os.getenv, "JUPYTERHUB_API_TOKEN").values()) == [None]

        gateway = Gateway()
        name = agent.controller.cluster_name
        reports = [*gateway.list_clusters(), gateway.get_cluster(name)]
        text = json.dumps([report.options for report in reports])
        assert "aws-secret-canary" not in text
        assert "hub-token-canary" not in text
        assert "JUPYTERHUB_API_TOKEN" not in text
        listing = comm.request("gateway_clusters", site="nebari")
        assert "aws-secret-canary" not in json.dumps(listing)
    finally:
        agent.controller.set_profile_env({})
    assert "aws-secret-canary" not in json.dumps(comm.sent)


def test_call_is_bounded(gateway_config: dict[str, Any]) -> None:
    """The time limit applies to anything the gateway does not answer in time."""
    import asyncio

    from jupyterlab_dask_clusters.protocol import ProtocolError

    began = time.monotonic()
    with (
        gateway_clusters.open_gateway() as gateway,
        pytest.raises(ProtocolError, match=r"did not answer within 0\.2 s"),
    ):
        old = gateway_clusters.TIMEOUT
        gateway_clusters.TIMEOUT = 0.2
        try:
            gateway_clusters.call(gateway, lambda: asyncio.sleep(5), "waiting")
        finally:
            gateway_clusters.TIMEOUT = old
    assert time.monotonic() - began < 2


class _SlowGateway:
    """Answers as ``dask_gateway.Gateway`` does (its coroutines run on a loop of its own, and
    ``sync`` cancels what it waits for when cut short), with a submission that the gateway
    completes only after the time limit."""

    address = "http://127.0.0.1:0"

    def __init__(self, delay: float) -> None:
        import asyncio
        import threading

        self.delay, self.stopped = delay, []
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def sync(self, func: Any, *args: Any) -> Any:
        import asyncio

        future = asyncio.run_coroutine_threadsafe(func(*args), self.loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    async def _submit(self, options: Any) -> str:
        import asyncio

        await asyncio.sleep(self.delay)
        return "late-cluster"

    async def _stop_cluster(self, name: str) -> None:
        self.stopped.append(name)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


def test_a_submission_cut_short_is_withdrawn_once_the_gateway_made_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gateway_clusters, "TIMEOUT", 0.3)
    gateway = _SlowGateway(delay=0.5)
    try:
        with pytest.raises(gateway_clusters.ProtocolError, match=r"did not answer within 0\.3 s"):
            gateway_clusters.submit(gateway, {})
        # The POST went on after the time limit: the cluster it made is shut down, not left.
        assert gateway.stopped == ["late-cluster"]
    finally:
        gateway.close()
