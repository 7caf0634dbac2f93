"""No piece of a secret (any run of 8 or more of its characters) in a message, an output or
a log, whatever an exception says; and option values checked before anything starts.

A profile is applied from real AWS files; the failures are real ones (a LocalCluster refusing
an interface, distributed refusing a value), except where a backend's error text is the point
and a real cluster method is made to fail with it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.errors import one_sentence
from jupyterlab_dask_clusters.profiles.credentials import hide_secret_values

from .conftest import THREADS, RecordingComm
from .test_profiles import (  # noqa: F401  (fixtures)
    CANARY_SECRET,
    CANARY_TOKEN,
    CODE_NAME,
    aws_home,
    shell_agent,
    write_files,
)

MEMORY = 'a size such as "4GB", a number of bytes, "auto" or null'
SECRETS = {"AWS_SECRET_ACCESS_KEY": CANARY_SECRET, "AWS_SESSION_TOKEN": CANARY_TOKEN}


def pieces_of_secrets(text: str) -> list[str]:
    """Every run of 8 characters of a secret found in ``text``."""
    return [
        secret[i : i + 8]
        for secret in SECRETS.values()
        for i in range(len(secret) - 7)
        if secret[i : i + 8] in text
    ]


def test_every_piece_of_eight_or_more_characters_is_hidden() -> None:
    text = (
        f"Could not interpret '1{CANARY_SECRET[:12]}' as a number; "
        f"then {CANARY_SECRET[10:30]} and {CANARY_TOKEN} and a short piece {CANARY_SECRET[:7]}; "
        "endpoint https://s3.example.org stays"
    )
    env = {**SECRETS, "AWS_ENDPOINT_URL_S3": "https://s3.example.org"}
    hidden = hide_secret_values(text, env)
    assert pieces_of_secrets(hidden) == []
    assert hidden.startswith("Could not interpret '1<hidden>' as a number; then <hidden> and")
    assert f"short piece {CANARY_SECRET[:7]}" in hidden  # 7 characters identify nothing
    assert hidden.endswith("endpoint https://s3.example.org stays")
    assert hide_secret_values("a plain text", env) == "a plain text"


def test_a_text_is_scrubbed_before_it_is_cut_short() -> None:
    # Cut first, the message would end in the secret's first characters, too few to find.
    exc = RuntimeError("x" * 290 + CANARY_SECRET)
    sentence = one_sentence("Failed", exc, lambda text: hide_secret_values(text, SECRETS))
    assert sentence == "Failed: " + "x" * 290 + "<hidden>."


@pytest.fixture
def with_profile(aws_home: Path, agent: Agent, comm: RecordingComm) -> RecordingComm:  # noqa: F811
    write_files(aws_home)
    assert comm.request("use_profile", name=CODE_NAME)["ok"]
    return comm


def _everything_said(comm: RecordingComm, caplog: pytest.LogCaptureFixture, *more: str) -> str:
    return "\n".join([repr(comm.sent), caplog.text, *more])


def test_a_failing_start_says_why_without_the_secret(
    with_profile: RecordingComm, agent: Agent, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="jupyterlab_dask_clusters")
    # A value holding the secret near the 300-character limit of a message: distributed
    # quotes it back ("'xxx…canary-SECRET…' is not a valid network interface").
    interface = "x" * 200 + CANARY_SECRET
    response = with_profile.request(
        "start", site="local", options={**THREADS, "interface": interface}
    )
    assert response["ok"] is False and response["error"]["type"] == "failed"
    assert "not a valid network interface" in response["error"]["message"]
    assert agent.controller.status == "failed"
    assert pieces_of_secrets(_everything_said(with_profile, caplog)) == []


def test_a_failing_operation_says_why_without_the_secret(
    with_profile: RecordingComm,
    agent: Agent,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG, logger="jupyterlab_dask_clusters")
    assert with_profile.request("start", site="local", workers=1, options=THREADS)["ok"]
    cluster = agent.controller.namespace["cluster"]

    def scale_quoting_the_secret(n: int) -> None:
        raise RuntimeError(f"backend refused: token={CANARY_TOKEN[3:]} key=1{CANARY_SECRET[:9]}")

    monkeypatch.setattr(cluster, "scale", scale_quoting_the_secret)
    response = with_profile.request("scale", workers=2)
    assert response["error"]["type"] == "failed"
    assert response["error"]["message"].startswith("The cluster did not scale: backend refused")
    monkeypatch.undo()

    # An unexpected exception anywhere: the agent's last resort, whose traceback is logged.
    def listing_quoting_the_secret() -> Any:
        raise KeyError(f"no such section {CANARY_SECRET}")

    monkeypatch.setattr(agent.profiles, "list", listing_quoting_the_secret)
    response = with_profile.request("profiles")
    assert response["error"]["type"] == "failed"
    assert "Traceback" in caplog.text and "KeyError" in caplog.text
    assert pieces_of_secrets(_everything_said(with_profile, caplog)) == []


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("threads_per_worker", "abc", "a whole number of at least 1"),
        ("threads_per_worker", 0, "a whole number of at least 1"),
        ("processes", "yes", "true or false"),
        ("memory_limit", "lots", MEMORY),
        ("memory_limit", -1, MEMORY),
    ],
)
def test_a_wrong_value_is_refused_before_anything_starts(
    agent: Agent, comm: RecordingComm, name: str, value: Any, expected: str
) -> None:
    response = comm.request("start", site="local", workers=1, options={name: value})
    error = response["error"]
    assert error["type"] == "invalid"
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    assert error["message"] == f"The option {name!r} cannot be {shown}: it must be {expected}."
    assert agent.controller.status == "none" and comm.states == []


def test_the_magic_prints_one_line_for_a_value_holding_a_secret(
    aws_home: Path,  # noqa: F811
    shell_agent: tuple[InteractiveShell, Agent, RecordingComm],  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    shell, agent, comm = shell_agent
    write_files(aws_home)
    assert comm.request("use_profile", name=CODE_NAME)["ok"]
    shell.run_cell(
        f"%dask_cluster start local --workers 1 --set memory_limit=1{CANARY_SECRET[:12]}",
        store_history=False,
    )
    out, err = capsys.readouterr()
    said = out + err
    assert (
        "memory_limit" in said and "Traceback" not in said and len(said.strip().splitlines()) == 1
    )
    assert agent.controller.status == "none"
    assert pieces_of_secrets(_everything_said(comm, caplog, said)) == [], said
