"""AWS profiles through the agent (comm and magic): a real moto S3 server that accepts only
the right keys, AWS files in tmp_path, and a real process-based LocalCluster whose workers
read from S3 with ``s3fs.S3FileSystem()`` and nothing else. No mocks."""

from __future__ import annotations

import json
import logging
import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.magic.magics import register

from .conftest import BODY, BUCKET, KEY, S3, RecordingComm, stop_everything

CODE_NAME = "x'); import os; os.system('touch pwned')#"
CANARY_KEY_ID = "AKIACANARYKEYID0WXYZ"
CANARY_SECRET = "canary-SECRET-must-never-be-shown-0123456789"
CANARY_TOKEN = "canary-TOKEN-must-never-be-shown-9876543210"
#: Non-secret site variables (the kind a site's settings carry).
SITE_ENV = {
    "AWS_REQUEST_CHECKSUM_CALCULATION": "when_required",
    "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0",
}
#: What the kernel had before any profile: the overlay must put these back everywhere.
KERNEL_AWS = {"AWS_PROFILE": "stale-profile-that-does-not-exist", "AWS_DEFAULT_REGION": "eu-west-3"}
WRONG_ENDPOINT = "http://127.0.0.1:9"  # nothing listens: used only if a precedence is wrong


def _aws_environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("AWS_")}


@pytest.fixture
def aws_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A kernel environment without AWS keys but with a stale AWS_PROFILE (botocore fails if
    it stays) and a region of its own; AWS files in tmp_path. Restored afterwards."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "FSSPEC_S3")) or name in SITE_ENV:
            monkeypatch.delenv(name)
    for name, value in KERNEL_AWS.items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "aws"
    folder.mkdir()
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(folder / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(folder / "config"))
    saved = dict(os.environ)
    yield folder
    os.environ.clear()
    os.environ.update(saved)


def write_files(folder: Path, s3: S3 | None = None) -> None:
    key_id, secret = (s3.key_id, s3.secret) if s3 else ("AKIAIOSFODNN7EXAMPLE", "not-a-secret")
    (folder / "credentials").write_text(
        textwrap.dedent(f"""\
        [osn]
        aws_access_key_id = {key_id}
        aws_secret_access_key = {secret}

        [{CODE_NAME}]
        aws_access_key_id = {CANARY_KEY_ID}
        aws_secret_access_key = {CANARY_SECRET}
        aws_session_token = {CANARY_TOKEN}

        [no-secret]
        aws_access_key_id = AKIANOSECRETKEY00001
        """)
    )
    (folder / "config").write_text(
        textwrap.dedent(f"""\
        [profile osn]
        region = us-east-1
        endpoint_url = {WRONG_ENDPOINT if s3 else "http://config.example.org"}

        [profile plain]
        aws_access_key_id = AKIAPLAINKEY00000001
        aws_secret_access_key = plain-secret
        """)
    )


@pytest.fixture
def shell_agent() -> Iterator[tuple[InteractiveShell, Agent, RecordingComm]]:
    """A real IPython shell with ``%dask_cluster`` and the panel's comm on the same agent."""
    shell = InteractiveShell.instance()
    agent = Agent(shell.user_ns)
    register(shell, agent)
    comm = RecordingComm()
    agent.open_comm(comm)
    yield shell, agent, comm
    stop_everything(agent)
    InteractiveShell.clear_instance()


def magic(shell: InteractiveShell, line: str) -> None:
    result = shell.run_cell(f"%dask_cluster {line}", store_history=False)
    assert result.success, result.error_in_exec or result.error_before_exec


def read_on_worker(path: str) -> tuple[bytes, dict[str, str | None]]:
    """Runs on a worker: read with s3fs's defaults only, and report the environment."""
    import os

    import s3fs

    data = s3fs.S3FileSystem(skip_instance_cache=True).cat(path)
    names = ("AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3", "AWS_S3_ENDPOINT")
    return data, {name: os.environ.get(name) for name in names}


def worker_env(dask_worker: Any = None) -> dict[str, str | None]:
    """Runs on a worker (or a nanny: then its ``env`` for the workers it starts)."""
    import os

    names = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE")
    names += ("AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3", *SITE_ENV)
    env = dask_worker.env if hasattr(dask_worker, "env") else os.environ
    return {name: env.get(name) for name in names}


def test_a_profile_reaches_s3_on_every_worker_and_leaves_them_on_clear(
    s3: S3,
    aws_home: Path,
    shell_agent: tuple[InteractiveShell, Agent, RecordingComm],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    shell, agent, comm = shell_agent
    distributed_log = logging.getLogger("distributed")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="jupyterlab_dask_clusters")
    # distributed at its configured level (dask's default: info). Its debug level traces every
    # message on the wire, the pickled Environ plugin included: see Controller.set_profile_env.
    caplog.set_level(logging.INFO, logger="distributed")
    distributed_log.addHandler(caplog.handler)  # distributed's loggers do not propagate
    output: list[str] = []  # everything written to stdout/stderr, by the kernel or a worker
    try:
        snapshots = _the_whole_flow(s3, aws_home, shell, agent, comm, capfd, output)
    finally:
        distributed_log.removeHandler(caplog.handler)

    # The canary search: no secret in anything the browser got, the magics printed (or the
    # workers' processes wrote to the kernel's stdout/stderr), the logs, the snapshots.
    captured = capfd.readouterr()
    output += [captured.out, captured.err]
    printed = "".join(output)
    assert "Run out-of-band function" in printed, "the workers' logs were captured"
    assert caplog.records, "the kernel's logs were captured"
    for secret in (s3.secret, CANARY_SECRET, CANARY_TOKEN):
        assert secret not in json.dumps(comm.sent, ensure_ascii=False)
        assert secret not in printed
        assert secret not in caplog.text
        assert all(secret not in repr(r.__dict__) for r in caplog.records)
        assert secret not in json.dumps(snapshots, ensure_ascii=False)
    assert CANARY_KEY_ID not in json.dumps(comm.sent) + printed


def _the_whole_flow(
    s3: S3,
    aws_home: Path,
    shell: InteractiveShell,
    agent: Agent,
    comm: RecordingComm,
    capfd: pytest.CaptureFixture[str],
    output: list[str],
) -> list[Any]:
    write_files(aws_home, s3)
    path = f"{BUCKET}/{KEY}"
    kernel_before = dict(os.environ)
    snapshots = []

    def printed() -> list[str]:
        captured = capfd.readouterr()
        output.extend((captured.out, captured.err))
        return captured.out.splitlines()

    # The settings: a site variable for the local site, per-profile endpoints.
    hello = comm.request(
        "hello",
        protocol=1,
        sites={"local": {"env": SITE_ENV}},
        profile_endpoints={"osn": s3.endpoint, CODE_NAME: "http://127.0.0.1:5555"},
    )
    assert hello["ok"], hello
    listing = comm.request("profiles")["result"]
    by_name = {p["name"]: p for p in listing["profiles"]}
    assert sorted(by_name) == sorted(["osn", CODE_NAME, "no-secret", "plain"])
    masked = f"{s3.key_id[:4]}…{s3.key_id[-4:]}"
    assert by_name["osn"] == {
        "name": "osn",
        "source": "both",
        "endpoint": s3.endpoint,  # the settings' endpoint, over the config file's
        "region": "us-east-1",
        "key_id": masked,
    }
    assert by_name[CODE_NAME]["key_id"] == "AKIA…WXYZ"
    printed()
    magic(shell, "profiles")
    assert f"  osn (both): endpoint {s3.endpoint}, region us-east-1, key {masked}" in printed()

    # A: Apply, then start: the workers start with the keys.
    magic(shell, "use-profile osn")
    assert printed() == [
        f"AWS profile 'osn' applied: endpoint {s3.endpoint}, region us-east-1, key {masked}."
    ]
    assert os.environ["AWS_ENDPOINT_URL_S3"] == os.environ["AWS_S3_ENDPOINT"] == s3.endpoint
    assert os.environ["AWS_SECRET_ACCESS_KEY"] == s3.secret
    assert "AWS_PROFILE" not in os.environ and os.environ["AWS_DEFAULT_REGION"] == "us-east-1"

    response = comm.request(
        "start",
        site="local",
        workers=1,
        # Workers that log at INFO, to the kernel's stderr: searched for secrets below.
        options={"threads_per_worker": 1, "dashboard_address": ":0", "silence_logs": False},
    )
    assert response["ok"], response
    snapshots.append(response["result"])
    assert response["result"]["profile"]["name"] == "osn"
    client = agent.controller.namespace["client"]
    assert set(client.run(os.getpid).values()) != {os.getpid()}  # real worker processes
    for name, value in SITE_ENV.items():  # the site's variables: kernel and workers
        assert os.environ[name] == value
    data, env = client.submit(read_on_worker, path, pure=False).result(timeout=120)
    assert data == BODY
    assert env == {
        "AWS_PROFILE": None,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_S3": s3.endpoint,
        "AWS_S3_ENDPOINT": s3.endpoint,
    }
    assert [e[name] for e in client.run(worker_env).values() for name in SITE_ENV] == list(
        SITE_ENV.values()
    )

    # Clear on the running cluster: gone from the kernel and the workers, without a restart;
    # what the kernel had before is back in both.
    pids = set(client.run(os.getpid).values())
    response = comm.request("clear_profile")
    assert response["ok"], response
    assert response["result"]["profile"] is None
    assert _aws_environ() == {**_without_site(kernel_before), **_aws_site_env()}
    (cleared,) = client.run(worker_env).values()
    assert cleared == {
        "AWS_ACCESS_KEY_ID": None,
        "AWS_SECRET_ACCESS_KEY": None,
        "AWS_SESSION_TOKEN": None,
        "AWS_ENDPOINT_URL_S3": None,
        **KERNEL_AWS,
        **SITE_ENV,
    }
    assert set(client.run(os.getpid).values()) == pids
    (in_nanny,) = client.run(worker_env, nanny=True).values()
    assert in_nanny["AWS_SECRET_ACCESS_KEY"] is None

    # B: Apply on the running cluster holding data: no worker restarts, nothing is lost; a
    # typed endpoint beats the settings' (now a wrong one) and the config file's (also wrong).
    endpoints = {"osn": WRONG_ENDPOINT, CODE_NAME: "http://127.0.0.1:5555"}
    assert comm.request("hello", protocol=1, profile_endpoints=endpoints)["ok"]
    kernel_before_b = dict(os.environ)
    held = client.scatter([list(range(1000))])[0]  # one future holding the list
    response = comm.request("use_profile", name="osn", endpoint=s3.endpoint)
    assert response["ok"], response
    snapshots.append(response["result"])
    assert response["result"]["profile"]["endpoint"] == s3.endpoint
    assert set(client.run(os.getpid).values()) == pids
    assert held.status == "finished" and sum(held.result(timeout=10)) == 499500
    data, env = client.submit(read_on_worker, path, pure=False).result(timeout=120)
    assert data == BODY
    assert env["AWS_PROFILE"] is None and env["AWS_ENDPOINT_URL_S3"] == s3.endpoint
    # A worker its nanny restarts later starts with the profile too.
    (in_nanny,) = client.run(worker_env, nanny=True).values()
    assert in_nanny["AWS_SECRET_ACCESS_KEY"] == s3.secret
    del held

    # Scale up: the new worker reads too.
    old = set(client.scheduler_info()["workers"])
    response = comm.request("scale", workers=2)
    assert response["ok"], response
    client.wait_for_workers(2, timeout=60)
    (new,) = set(client.scheduler_info()["workers"]) - old
    future = client.submit(read_on_worker, path, pure=False, workers=[new])
    data, env = future.result(timeout=120)
    assert data == BODY and env["AWS_ENDPOINT_URL_S3"] == s3.endpoint

    # A code-looking profile name is data: listed, applied (to both workers) like any other.
    response = comm.request("use_profile", name=CODE_NAME)
    assert response["ok"], response
    assert response["result"]["profile"]["name"] == CODE_NAME
    assert response["result"]["profile"]["endpoint"] == "http://127.0.0.1:5555"
    assert not Path("pwned").exists()
    client.wait_for_workers(2, timeout=60)
    assert {e["AWS_SESSION_TOKEN"] for e in client.run(worker_env).values()} == {CANARY_TOKEN}
    printed()
    magic(shell, "status")
    assert printed()[-1] == f"AWS profile: {CODE_NAME}, endpoint http://127.0.0.1:5555"

    # Clear by magic: the kernel as before B, no worker or nanny keeps a key.
    magic(shell, "clear-profile")
    assert printed() == [
        "AWS profile cleared: the AWS variables are as they were in the kernel and the"
        " cluster's 2 workers (none restarted)."
    ]
    assert dict(os.environ) == kernel_before_b
    for env in client.run(worker_env).values():
        assert env["AWS_SECRET_ACCESS_KEY"] is env["AWS_SESSION_TOKEN"] is None
        assert env["AWS_PROFILE"] == KERNEL_AWS["AWS_PROFILE"]
    for env in client.run(worker_env, nanny=True).values():
        assert env["AWS_SECRET_ACCESS_KEY"] is env["AWS_SESSION_TOKEN"] is None
    snapshots.append(agent.controller.snapshot())

    # Stop: the site's variables leave the kernel too.
    response = comm.request("stop")
    assert response["result"]["status"] == "stopped"
    assert _aws_environ() == _without_site(kernel_before)
    assert not set(SITE_ENV) & set(os.environ)
    snapshots.append(agent.controller.snapshot())
    return snapshots


def _aws_site_env() -> dict[str, str]:
    return {k: v for k, v in SITE_ENV.items() if k.startswith("AWS_")}


def _without_site(environ: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in environ.items() if k.startswith("AWS_") and k not in SITE_ENV}


# ---------------------------------------------------------------------------------------------
# Endpoint precedence: typed > the settings (hello's profile_endpoints) > the config file
# ---------------------------------------------------------------------------------------------


def test_endpoint_precedence_through_hello(
    aws_home: Path, agent: Agent, comm: RecordingComm
) -> None:
    write_files(aws_home)

    def applied(**args: Any) -> str | None:
        response = comm.request("use_profile", name="osn", **args)
        assert response["ok"], response
        endpoint = response["result"]["profile"]["endpoint"]
        assert os.environ["AWS_ENDPOINT_URL_S3"] == os.environ["AWS_S3_ENDPOINT"] == endpoint
        return endpoint

    assert comm.request("hello", protocol=1)["ok"]
    assert applied() == "http://config.example.org"  # only the config file says one

    settings = {"osn": "http://settings.example.org", "other": "https://other.example.org"}
    assert comm.request("hello", protocol=1, profile_endpoints=settings)["ok"]
    assert applied() == "http://settings.example.org"
    assert applied(endpoint="http://typed.example.org") == "http://typed.example.org"
    listing = comm.request("profiles")["result"]
    assert {p["name"]: p["endpoint"] for p in listing["profiles"]}["osn"] == settings["osn"]

    # Bad settings are refused as a whole and change nothing.
    assert applied() == "http://settings.example.org"
    before = dict(os.environ)
    # One rule for an endpoint wherever it comes from: a query is refused with the settings,
    # not later when the profile is applied.
    for bad in (
        {"osn": "file:///etc/passwd"},
        ["https://s3.example.org"],
        {"": "http://h"},
        {"osn": "http://h.example.org/?x=1"},
        {"osn": "http://user:pw@h.example.org"},
    ):
        response = comm.request("hello", protocol=1, profile_endpoints=bad)
        assert response["error"]["type"] == "invalid", response
    assert applied() == "http://settings.example.org"
    assert comm.request("hello", protocol=1, sites={})["ok"]  # no profile_endpoints: kept
    assert applied() == "http://settings.example.org"
    assert dict(os.environ) == before

    # A profile without any endpoint: no endpoint variables at all.
    response = comm.request("use_profile", name="plain")
    assert response["result"]["profile"]["endpoint"] is None
    assert "AWS_ENDPOINT_URL_S3" not in os.environ and "AWS_S3_ENDPOINT" not in os.environ

    comm.request("clear_profile")
    assert _aws_environ() == {
        **KERNEL_AWS,
        "AWS_SHARED_CREDENTIALS_FILE": str(aws_home / "credentials"),
        "AWS_CONFIG_FILE": str(aws_home / "config"),
    }


# ---------------------------------------------------------------------------------------------
# Bad input: one clear message, nothing changed
# ---------------------------------------------------------------------------------------------


def _break_credentials(folder: Path) -> None:
    (folder / "credentials").write_text("aws_secret_access_key = not-shown\n")


def _unreadable_config(folder: Path) -> None:
    (folder / "config").unlink()
    (folder / "config").mkdir()


def _no_files(folder: Path) -> None:
    (folder / "credentials").unlink()
    (folder / "config").unlink()


BAD_INPUT: list[tuple[Callable[[Path], None] | None, dict[str, Any], str]] = [
    (None, {"name": "nobody"}, "There is no AWS profile named 'nobody'"),
    (None, {"name": "no-secret"}, "has no aws_secret_access_key"),
    (None, {"name": "osn", "endpoint": "ftp://s3.example.org"}, "must be an http(s) URL"),
    (None, {"name": "osn", "endpoint": "http://u:p@h.example.org"}, "user name or password"),
    (_break_credentials, {"name": "osn"}, "is malformed"),
    (_unreadable_config, {"name": "osn"}, "cannot be read (is a directory)"),
    (_no_files, {"name": "osn"}, "There is no AWS credentials file at"),
]


@pytest.mark.parametrize(("damage", "args", "message"), BAD_INPUT)
def test_bad_input_changes_nothing(
    aws_home: Path,
    agent: Agent,
    comm: RecordingComm,
    damage: Callable[[Path], None] | None,
    args: dict[str, Any],
    message: str,
) -> None:
    write_files(aws_home)
    assert comm.request("use_profile", name="plain")["ok"]
    if damage is not None:
        damage(aws_home)
    before, pushed = dict(os.environ), len(comm.states)
    snapshot = agent.controller.snapshot()

    response = comm.request("use_profile", **args)
    assert response["error"]["type"] == "invalid", response
    text = response["error"]["message"]
    assert message in text and text.endswith(".") and "\n" not in text
    assert "not-shown" not in text and ":p@" not in text

    assert dict(os.environ) == before
    assert agent.controller.snapshot() == snapshot
    assert snapshot["profile"]["name"] == "plain"
    assert len(comm.states) == pushed
    if "endpoint" not in args:  # `start` with such a profile starts nothing
        response = comm.request(
            "start", site="local", profile=args["name"], options={"processes": False}
        )
        assert response["ok"] is False and agent.controller.status == "none"
    if damage is not None:  # the listing says what is wrong instead of failing
        listing = comm.request("profiles")["result"]
        assert listing["profiles"] == []
        # no AWS files is most users' normal state: a neutral listing, not an error
        assert (listing["error"] is None) == (damage is _no_files), listing
    assert dict(os.environ) == before
