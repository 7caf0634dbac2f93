"""Shared fixtures: an agent with a recording comm, and clean-up of every cluster."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.magic.magics import register
from jupyterlab_dask_clusters.protocol import validate_outgoing

#: Options for a quick in-process LocalCluster (process workers are tested on purpose elsewhere).
THREADS = {"processes": False, "dashboard_address": ":0"}


class RecordingComm:
    """Stands in for an ipykernel comm: records what the agent sends, checking each message
    against the protocol, and delivers requests the way a comm_msg would."""

    _count = 0

    def __init__(self) -> None:
        RecordingComm._count += 1
        self.comm_id = f"test-comm-{RecordingComm._count}"
        self.sent: list[dict[str, Any]] = []
        self._on_msg: Callable[[dict[str, Any]], None] | None = None
        self._on_close: Callable[[dict[str, Any] | None], None] | None = None

    # the comm API the agent uses
    def send(self, data: dict[str, Any]) -> None:
        validate_outgoing(data)
        self.sent.append(data)

    def on_msg(self, callback: Callable[[dict[str, Any]], None]) -> None:
        self._on_msg = callback

    def on_close(self, callback: Callable[[dict[str, Any] | None], None]) -> None:
        self._on_close = callback

    # the browser's side
    def request(self, op: str, rid: str | None = None, **args: Any) -> dict[str, Any]:
        """Send one request; return its response."""
        rid = rid or f"r-{op}-{len(self.sent)}"
        return self.deliver({"type": "request", "id": rid, "op": op, "args": args})

    def deliver(self, data: object) -> dict[str, Any]:
        assert self._on_msg is not None
        self._on_msg({"content": {"comm_id": self.comm_id, "data": data}})
        response = self.sent[-1]
        assert response["type"] == "response"
        return response

    def close(self) -> None:
        assert self._on_close is not None
        self._on_close(None)

    @property
    def states(self) -> list[dict[str, Any]]:
        return [m["state"] for m in self.sent if m["type"] == "state"]

    def wait_for_state(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 30
    ) -> dict[str, Any]:
        """The first pushed state (old or new) matching ``predicate``, waiting for pushes."""
        deadline = time.monotonic() + timeout
        while True:
            for state in self.states:
                if predicate(state):
                    return state
            if time.monotonic() > deadline:
                raise AssertionError(f"no matching state push; last: {self.states[-1:]}")
            time.sleep(0.05)


def stop_everything(agent: Agent) -> None:
    if agent.controller.status == "running":
        agent.controller.stop()
    agent.close()


@pytest.fixture
def agent() -> Iterator[Agent]:
    agent = Agent(namespace={})
    yield agent
    stop_everything(agent)


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    """A real IPython shell, as in a kernel (without one)."""
    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


@pytest.fixture
def magic_agent(shell: InteractiveShell) -> Iterator[Agent]:
    """An agent on the shell's namespace with ``%dask_cluster``, as ``%load_ext`` leaves it."""
    agent = Agent(shell.user_ns)
    register(shell, agent)
    yield agent
    stop_everything(agent)


@pytest.fixture
def comm(agent: Agent) -> RecordingComm:
    comm = RecordingComm()
    agent.open_comm(comm)
    return comm


@pytest.fixture(autouse=True)
def _no_cluster_left_behind() -> Iterator[None]:
    """Every test must close what it started: a running cluster afterwards is a failure."""
    yield
    from distributed.deploy.spec import SpecCluster

    running = [c for c in list(SpecCluster._instances) if c.status.name not in ("closed",)]
    for cluster in running:
        cluster.close()
    assert not running, f"clusters left running: {running}"


KEY_ID, SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def aws_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """AWS files with one profile, ``osn``; the process environment is restored afterwards."""
    credentials = tmp_path / "credentials"
    credentials.write_text(
        f"[osn]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
    )
    config = tmp_path / "config"
    config.write_text("[profile osn]\nregion = us-west-2\nendpoint_url = https://s3.example.org\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    saved = dict(os.environ)  # applying a profile changes the process environment
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        os.environ.pop(name, None)
    yield
    os.environ.clear()
    os.environ.update(saved)


# A real S3 endpoint (moto_server), one per test session: see s3server.py.
BUCKET, KEY, BODY = "hytest", "data/hello.txt", b"bytes from moto through the kernel's profile"


class S3(NamedTuple):
    endpoint: str
    key_id: str
    secret: str


@pytest.fixture(scope="session")
def s3() -> Iterator[S3]:
    """A moto S3 server with ``BUCKET/KEY`` holding ``BODY`` that accepts only the keys
    ``key_id``/``secret`` (a wrong secret gets 403)."""
    from .s3server import create_access_key, create_bucket_with_object, enforce_auth, moto_server

    with moto_server() as endpoint:
        create_bucket_with_object(endpoint, BUCKET, KEY, BODY)
        key_id, secret = create_access_key(endpoint)
        enforce_auth(endpoint)  # from here on only these keys work
        yield S3(endpoint, key_id, secret)


# A real Dask Gateway (dask-gateway-server, local backend), one per test session: see gateway.py.


@pytest.fixture(scope="session")
def gateway_server_config() -> Iterator[dict[str, Any]]:
    pytest.importorskip("dask_gateway_server")
    # Its defaults join dask config on import: before any dask.config.set of gateway.*, whose
    # exit would otherwise take them away again.
    pytest.importorskip("dask_gateway")
    from .gateway import gateway_server

    with gateway_server() as config:
        yield config


@pytest.fixture
def gateway_config(gateway_server_config: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The session's gateway in dask config for one test, which must leave no cluster on it."""
    import dask

    from .gateway import stop_all_clusters

    with dask.config.set(gateway_server_config):
        yield gateway_server_config
    left = stop_all_clusters(gateway_server_config)
    assert not left, f"gateway clusters left running: {left}"
