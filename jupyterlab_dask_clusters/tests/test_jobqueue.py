"""Job-queue sites without a queue: the options a start would use (site, request, dask
config), the checks made before anything is submitted, the job-script preview (of a PBS
site too, with no PBS here), and the magic that prints it."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.config
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.cluster import kinds, sites
from jupyterlab_dask_clusters.jobqueue import options as jobqueue
from jupyterlab_dask_clusters.magic.magics import register
from jupyterlab_dask_clusters.protocol import ProtocolError, validate_outgoing

from .conftest import THREADS, RecordingComm, stop_everything

LOOPBACK = {"interface": "lo", "account": "hytest"}

PBS_SITE = {
    "label": "Our PBS",
    "kind": "jobqueue",
    "jobqueue": "pbs",
    "options": {"cores": 4, "memory": "8GB", "queue": "regular", "interface": "lo"},
}


@pytest.fixture
def no_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLURM_JOB_ACCOUNT", raising=False)


def test_submit_commands_are_the_job_classes() -> None:
    import dask_jobqueue

    for queue, name in jobqueue.CLUSTER_CLASSES.items():
        job_cls = getattr(dask_jobqueue, name).job_cls
        assert jobqueue.SUBMIT_COMMANDS[queue] == job_cls.submit_command.split()[0]


def test_no_submit_command_makes_the_site_unavailable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    summary = sites.summarize("tallgrass", sites.BUILTIN_SITES["tallgrass"])
    assert summary["available"] is False
    assert summary["reason"] == "The command sbatch is not on this kernel's PATH."


def test_no_dask_jobqueue_makes_the_site_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        kinds.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "dask_jobqueue" else real(name, *a),
    )
    summary = sites.summarize("tallgrass", sites.BUILTIN_SITES["tallgrass"])
    assert summary["reason"] == "The package dask-jobqueue is not installed in this kernel."
    agent = Agent(namespace={})
    for op in ("site_options", "job_script"):
        with pytest.raises(ProtocolError, match="dask-jobqueue is not installed") as caught:
            agent.call(op, {"site": "tallgrass"})
        assert caught.value.type == "invalid"


def test_options_say_where_each_value_comes_from(no_account: None, comm: RecordingComm) -> None:
    with dask.config.set({"jobqueue.slurm.queue": "short", "jobqueue.slurm.walltime": "01:00:00"}):
        response = comm.request("site_options", site="tallgrass", options={"memory": "2GB"})
    result = response["result"]
    assert result["options"]["queue"] == "short"
    assert result["sources"]["queue"] == "dask config"
    # The site's value wins over dask config; the request's over the site's.
    assert (result["options"]["walltime"], result["sources"]["walltime"]) == ("04:00:00", "site")
    assert (result["options"]["memory"], result["sources"]["memory"]) == ("2GB", "request")
    assert (result["options"]["account"], result["sources"]["account"]) == (None, "unset")
    assert result["missing"] == ["account"]
    assert list(result["options"])[:8] == list(jobqueue.SHOWN_OPTIONS)


def test_account_from_the_environment_or_dask_config(
    no_account: None, monkeypatch: pytest.MonkeyPatch, agent: Agent
) -> None:
    with dask.config.set({"jobqueue.slurm.account": "from-config"}):
        result = agent.call("site_options", {"site": "tallgrass"})
    assert (result["options"]["account"], result["missing"]) == ("from-config", [])
    monkeypatch.setenv("SLURM_JOB_ACCOUNT", "hytest")
    result = agent.call("site_options", {"site": "tallgrass"})
    assert (result["options"]["account"], result["sources"]["account"]) == ("hytest", "site")


def test_no_account_is_refused_before_submission(no_account: None, agent: Agent) -> None:
    with pytest.raises(ProtocolError, match="needs a value for 'account'") as caught:
        agent.call("start", {"site": "tallgrass", "workers": 1, "options": {"interface": "lo"}})
    assert caught.value.type == "invalid"
    assert "SLURM_JOB_ACCOUNT" in caught.value.message
    assert "jobqueue.slurm.account" in caught.value.message
    assert agent.controller.status == "none"  # nothing started, nothing failed


def test_an_interface_this_host_lacks_names_the_ones_it_has(agent: Agent) -> None:
    with pytest.raises(ProtocolError) as caught:
        agent.call("start", {"site": "tallgrass", "options": {"account": "a", "interface": "ib9"}})
    assert caught.value.type == "invalid"
    assert "'ib9'" in caught.value.message
    assert "lo" in caught.value.message.split("it has:")[1]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("cores", "four", "a whole number of at least 1, or null"),
        ("processes", 0, "a whole number of at least 1, or null"),
        ("memory", "lots", 'a size such as "4GB" or a number of bytes, or null'),
        ("job_cpu", 2.5, "a whole number of at least 1, or null"),
    ],
)
@pytest.mark.parametrize("op", ["start", "job_script"])
def test_a_wrong_value_is_refused_before_anything_is_submitted(
    agent: Agent, op: str, name: str, value: Any, expected: str
) -> None:
    request = {"site": "tallgrass", "options": {**LOOPBACK, name: value}}
    with pytest.raises(ProtocolError) as caught:
        agent.call(op, request)
    assert caught.value.type == "invalid"
    shown = json.dumps(value)
    assert caught.value.message == f"The option {name!r} cannot be {shown}: it must be {expected}."
    assert agent.controller.status == "none"


def test_job_script_is_the_one_sbatch_would_get(agent: Agent) -> None:
    options = {**LOOPBACK, "queue": "debug", "job_extra_directives": ["--exclusive=user"]}
    script = agent.call("job_script", {"site": "tallgrass", "options": options})["job_script"]
    lines = script.splitlines()
    assert lines[0] == "#!/usr/bin/env bash"
    for line in ("#SBATCH -A hytest", "#SBATCH -p debug", "#SBATCH -t 04:00:00"):
        assert line in lines
    assert "#SBATCH --exclusive=user" in lines
    assert "--interface lo" in lines[-1]
    assert "#SBATCH hint" not in script


def test_preview_submits_nothing_and_closes_its_cluster(agent: Agent) -> None:
    from distributed.deploy.spec import SpecCluster

    before = set(SpecCluster._instances)
    agent.call("job_script", {"site": "tallgrass", "options": LOOPBACK})
    left = [c for c in set(SpecCluster._instances) - before if c.status.name != "closed"]
    assert left == []
    assert agent.controller.status == "none"


def test_a_pbs_site_from_settings_previews_without_pbs(agent: Agent) -> None:
    agent.call("hello", {"protocol": 1, "sites": {"pbs": PBS_SITE}})
    summary = next(s for s in agent.call("hello", {"protocol": 1})["sites"] if s["id"] == "pbs")
    script = agent.call("job_script", {"site": "pbs"})["job_script"]
    assert "#PBS -q regular" in script
    assert "#PBS -l select=1:ncpus=4:mem=7630MB" in script
    assert "#SBATCH" not in script
    if summary["available"] is False:  # no qsub here: previewed all the same
        assert "qsub" in summary["reason"]


def test_job_script_of_a_site_that_is_not_a_job_queue(agent: Agent) -> None:
    with pytest.raises(ProtocolError, match="is not a job queue") as caught:
        agent.call("job_script", {"site": "local"})
    assert caught.value.type == "invalid"


def test_snapshots_have_no_jobs_for_other_kinds(agent: Agent, comm: RecordingComm) -> None:
    started = comm.request("start", site="local", workers=1, options=THREADS)
    assert started["result"]["jobs"] is None
    validate_outgoing(started)
    comm.request("stop")


@pytest.fixture
def shell_agent() -> Iterator[tuple[InteractiveShell, Agent]]:
    shell = InteractiveShell.instance()
    agent = Agent(shell.user_ns)
    register(shell, agent)
    yield shell, agent
    stop_everything(agent)
    InteractiveShell.clear_instance()


def test_magic_prints_the_job_script(
    shell_agent: tuple[InteractiveShell, Agent], capsys: pytest.CaptureFixture[str]
) -> None:
    shell, _ = shell_agent
    magic = shell.find_line_magic("dask_cluster")
    magic("job-script tallgrass --set interface=lo account=hytest queue=debug")
    out = capsys.readouterr().out
    assert out.startswith("#!/usr/bin/env bash")
    assert "#SBATCH -p debug" in out
    with pytest.raises(UsageError, match="is not a job queue"):
        magic("job-script local")


def test_dask_jobqueue_loads_off_the_main_thread_and_keeps_sigint() -> None:
    # dask_jobqueue.runner replaces SIGINT (with sys.exit) on import; ipykernel may handle comm
    # messages off the main thread, where that raises. A fresh interpreter, as a kernel is.
    import subprocess
    import sys

    code = (
        "import signal, threading\n"
        "before = signal.getsignal(signal.SIGINT)\n"
        "from jupyterlab_dask_clusters.jobqueue import options as jobqueue\n"
        "found = []\n"
        "t = threading.Thread(target=lambda: found.append(jobqueue.cluster_class("
        "{'jobqueue': 'slurm'}).__name__))\n"
        "t.start(); t.join()\n"
        "assert found == ['SLURMCluster'], found\n"
        "assert signal.getsignal(signal.SIGINT) is before\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_status_lists_the_jobs() -> None:
    from jupyterlab_dask_clusters.magic.text import describe

    snapshot = {
        "seq": 3,
        "status": "running",
        "site": "tallgrass",
        "kind": "jobqueue",
        "name": "SLURMCluster",
        "dashboard_link": None,
        "workers": {"ready": 1, "requested": 2},
        "threads": 1,
        "memory": 0,
        "adapt": None,
        "error": None,
        "profile": None,
        "jobs": [{"id": "41", "state": "running"}, {"id": "42", "state": "queued"}],
    }
    assert describe(snapshot).splitlines()[-1] == "Jobs: 41 running, 42 queued"  # type: ignore[arg-type]
