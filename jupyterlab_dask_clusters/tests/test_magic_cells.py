"""The rest of the magic: help, ``code``, the declarative ``%%dask_cluster`` cell, and every
mistake as one line (a real IPython shell, real LocalClusters)."""

from __future__ import annotations

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import jupyterlab_dask_clusters.agent.kernel as agent_module
from jupyterlab_dask_clusters import load_ipython_extension
from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.magic.cell_spec import is_start_mapping

from .conftest import stop_everything


@pytest.fixture
def agent(magic_agent: Agent) -> Agent:
    return magic_agent  # this file's agent is the magic's (conftest)


def run(shell: InteractiveShell, code: str) -> BaseException | None:
    result = shell.run_cell(code, store_history=False)
    assert result.error_before_exec is None
    return result.error_in_exec


def mistake(shell: InteractiveShell, code: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Run a cell that must fail with one clear line (a UsageError, no traceback)."""
    error = run(shell, code)
    captured = capsys.readouterr()
    assert isinstance(error, UsageError), (error, captured)
    assert "Traceback" not in captured.out + captured.err
    message = str(error)
    assert "\n" not in message
    return message


def test_help(shell: InteractiveShell, agent: Agent, capsys: pytest.CaptureFixture[str]) -> None:
    for line in ("%dask_cluster --help", "%dask_cluster -h", "%dask_cluster help"):
        assert run(shell, line) is None
        out = capsys.readouterr().out
        for verb in ("start", "scale", "adapt", "status", "stop", "use-profile", "code"):
            assert f"%dask_cluster {verb}" in out
        assert "%%dask_cluster" in out and "%%%" not in out
    assert run(shell, "%dask_cluster start --help") is None
    out = capsys.readouterr().out
    assert out.startswith("%dask_cluster start [--workers N]")
    assert "--profile NAME" in out and "apply this AWS profile first" in out
    assert run(shell, "%dask_cluster scale -h") is None
    assert "Scale the cluster to N workers" in capsys.readouterr().out


def test_mistakes_are_one_line(
    shell: InteractiveShell, agent: Agent, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "Unknown command 'strat'" in mistake(shell, "%dask_cluster strat", capsys)
    assert "invalid int value: 'x'" in mistake(shell, "%dask_cluster scale x", capsys)
    assert "No closing quotation" in mistake(shell, "%dask_cluster use-profile 'osn", capsys)
    assert "no running cluster to write code" in mistake(shell, "%dask_cluster code", capsys)
    assert "Unknown key 'wokers'" in mistake(shell, "%%dask_cluster\nwokers: 2\n", capsys)
    message = mistake(shell, "%%dask_cluster\nsite: local\nworkers: [\n", capsys)
    assert message.startswith("The %%dask_cluster cell is not valid YAML")
    assert "0 or more, not -1" in mistake(shell, "%%dask_cluster\nworkers: -1\n", capsys)
    assert "either a number of workers or adapt" in mistake(
        shell, '%%dask_cluster\n{"workers": 1, "adapt": [1, 2]}\n', capsys
    )
    assert "takes nothing after" in mistake(shell, "%%dask_cluster start\nsite: local\n", capsys)
    assert "Unknown site 'nowhere'" in mistake(shell, "%%dask_cluster\nsite: nowhere\n", capsys)
    assert agent.controller.status == "none"  # nothing was started by any of them


def test_the_two_cell_forms_cannot_be_confused() -> None:
    assert is_start_mapping("# my cluster\n\nsite: local\nworkers: 2\n")
    assert is_start_mapping('{"site": "local"}')
    assert is_start_mapping("adapt: [1, 4]")
    for commands in ("start local --workers 2", "scale 3\nadapt 1 2", "# c\nstatus", "", "stop"):
        assert not is_start_mapping(commands)


def test_a_yaml_cell_starts_a_cluster_and_code_reproduces_it(
    shell: InteractiveShell,
    agent: Agent,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cell = """%%dask_cluster
# a notebook's cluster, declared
site: denali
adapt: [1, 2]
options:
  processes: false
  dashboard_address: ":0"
"""
    assert run(shell, cell) is None
    out = capsys.readouterr().out
    assert "(1–2) workers" in out
    assert shell.user_ns["cluster"]._adaptive.maximum == 2

    assert run(shell, "%dask_cluster code --magic") is None
    magic = capsys.readouterr().out
    assert magic.splitlines()[0] == "%load_ext jupyterlab_dask_clusters"
    assert run(shell, "%dask_cluster stop") is None
    capsys.readouterr()

    # The magic form, in a shell that only has %load_ext: the same cluster again.
    InteractiveShell.clear_instance()
    other = InteractiveShell.instance()
    # A new kernel has a new agent: not one an earlier test bound to another shell.
    monkeypatch.setattr(agent_module, "_agent", None)
    try:
        assert run(other, magic) is None
        out = capsys.readouterr().out
        assert "(1–2) workers" in out
        cluster = other.user_ns["cluster"]
        assert cluster.scheduler_info["workers"] or cluster._adaptive.minimum == 1
        assert run(other, "%dask_cluster stop") is None
    finally:
        from jupyterlab_dask_clusters.agent import get_agent

        stop_everything(get_agent())


def test_a_json_cell(
    shell: InteractiveShell, agent: Agent, capsys: pytest.CaptureFixture[str]
) -> None:
    cell = (
        '%%dask_cluster\n{"site": "local", "workers": 1, "options": {"processes": false,'
        ' "dashboard_address": ":0"}}'
    )
    assert run(shell, cell) is None
    assert "1 / 1 workers" in capsys.readouterr().out
    assert run(shell, "%dask_cluster stop") is None


def test_load_ext_is_what_registers_the_magic(shell: InteractiveShell) -> None:
    from jupyterlab_dask_clusters.agent import load

    load()  # the panel's bootstrap: the comm target only
    assert "dask_cluster" not in shell.magics_manager.magics["line"]
    load_ipython_extension(shell)
    assert "dask_cluster" in shell.magics_manager.magics["line"]
    assert "dask_cluster" in shell.magics_manager.magics["cell"]
