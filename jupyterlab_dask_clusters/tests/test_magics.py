"""%dask_cluster in a real IPython shell: output, one-line mistakes, the same agent path."""

from __future__ import annotations

from pathlib import Path

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters import load_ipython_extension
from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.magic.commands import parse_options

from .conftest import RecordingComm

QUICK = "--set processes=false --set dashboard_address=:0"


@pytest.fixture
def shell_agent(magic_agent: Agent) -> Agent:
    return magic_agent  # (conftest)


def run(shell: InteractiveShell, code: str) -> None:
    result = shell.run_cell(code, store_history=False)
    assert result.error_before_exec is None


def test_parse_options() -> None:
    assert parse_options(["threads_per_worker=2", "processes=false", "memory_limit=4GB"]) == {
        "threads_per_worker": 2,
        "processes": False,
        "memory_limit": "4GB",
    }
    assert parse_options(['name="x=y"', 'resources={"GPU": 1}']) == {
        "name": "x=y",
        "resources": {"GPU": 1},
    }
    with pytest.raises(UsageError, match="--set takes KEY=VALUE, not 'threads'"):
        parse_options(["threads"])


def test_start_status_scale_adapt_stop(
    shell: InteractiveShell, shell_agent: Agent, capsys: pytest.CaptureFixture[str]
) -> None:
    comm = RecordingComm()  # the panel, open on the same kernel
    shell_agent.open_comm(comm)

    run(shell, f"%dask_cluster start local --workers 1 {QUICK}")
    out = capsys.readouterr().out
    assert "Dask cluster on site 'local' (local): running" in out
    assert "1 / 1 workers" in out
    assert "Dashboard: http" in out
    assert [s["status"] for s in comm.states] == ["starting", "running"]  # the panel saw it

    run(shell, "answer = client.submit(sum, [1, 2]).result()")
    assert shell.user_ns["answer"] == 3

    run(shell, "%%dask_cluster\nscale 2\n\n# a comment\nadapt 1 2\n")
    out = capsys.readouterr().out
    assert "/ 2 workers" in out
    assert "(1–2) workers" in out
    assert comm.states[-1]["adapt"] == {"minimum": 1, "maximum": 2}

    run(shell, "%dask_cluster status")
    assert "(1–2) workers" in capsys.readouterr().out

    run(shell, "%dask_cluster stop")
    assert capsys.readouterr().out.strip() == "The Dask cluster is stopped"
    assert "cluster" not in shell.user_ns and "client" not in shell.user_ns
    assert comm.states[-1]["status"] == "stopped"

    run(shell, "%dask_cluster status")
    assert capsys.readouterr().out.strip() == ("The Dask cluster is stopped (detected site: local)")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "Usage: %dask_cluster start | scale | adapt"),
        ("explode", "Unknown command 'explode'."),
        ("start --workers many", "argument --workers: invalid int value: 'many'"),
        ("start local --workers 1 --adapt 1 2", "Give either a number of workers or adapt"),
        ("start mars", "Unknown site 'mars'"),
        ("start local --set thread_per_worker=2", "did you mean 'threads_per_worker'?"),
        ("start local --set threads", "--set takes KEY=VALUE"),
        ("scale -1", "Workers must be 0 or more, not -1."),
        ("scale 2", "There is no running cluster to scale."),
        ("adapt 3 1", "The minimum (3) is larger than the maximum (1)."),
        ("stop", "There is no running cluster to stop."),
        ("use-profile osn --endpoint file:///etc/passwd", "must be an http(s) URL"),
        ("status extra", "unrecognized arguments: extra"),
    ],
)
def test_mistakes_raise_usage_errors(
    shell: InteractiveShell, shell_agent: Agent, line: str, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        shell.run_line_magic("dask_cluster", line)
    assert message in str(caught.value)
    assert shell_agent.controller.status == "none"


def test_a_mistake_prints_one_line_not_a_traceback(
    shell: InteractiveShell, shell_agent: Agent, capsys: pytest.CaptureFixture[str]
) -> None:
    shell.run_cell("%dask_cluster scale 2", store_history=False)
    captured = capsys.readouterr()
    printed = (captured.out + captured.err).strip().splitlines()
    assert printed == ["UsageError: There is no running cluster to scale."]


@pytest.mark.usefixtures("aws_files")
def test_profiles(
    shell: InteractiveShell, shell_agent: Agent, capsys: pytest.CaptureFixture[str]
) -> None:
    run(shell, "%%dask_cluster\nprofiles\nuse-profile osn\nprofiles\nclear-profile")
    assert capsys.readouterr().out.splitlines() == [
        "  osn (both): endpoint https://s3.example.org, region us-west-2, key AKIA…MPLE",
        "AWS profile 'osn' applied: endpoint https://s3.example.org, region us-west-2,"
        " key AKIA…MPLE.",
        "* osn (both): endpoint https://s3.example.org, region us-west-2, key AKIA…MPLE",
        "AWS profile cleared: the AWS variables are as they were in the kernel.",
    ]
    with pytest.raises(UsageError, match="no AWS profile named 'nobody'"):
        shell.run_line_magic("dask_cluster", "use-profile nobody")


def test_no_aws_files_is_said_as_a_hint(
    shell: InteractiveShell,
    shell_agent: Agent,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    run(shell, "%dask_cluster profiles")
    assert capsys.readouterr().out.splitlines() == [
        "No AWS profiles found. Add one to ~/.aws/credentials to give your workers S3 access."
    ]


def test_load_ext_registers_the_magic_and_the_comm_target(shell: InteractiveShell) -> None:
    import comm

    load_ipython_extension(shell)
    assert "dask_cluster" in shell.magics_manager.magics["line"]
    assert "dask_cluster" in shell.magics_manager.magics["cell"]
    assert "jupyterlab-dask-clusters" in comm.get_comm_manager().targets
