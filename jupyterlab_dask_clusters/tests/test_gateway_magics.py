"""%dask_cluster's site and gateway commands, and shell quoting of --set, in a real IPython
shell against a real Dask Gateway."""

from __future__ import annotations

from typing import Any

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.gateway.text import describe_gateway_clusters


@pytest.fixture
def agent(magic_agent: Agent) -> Agent:
    return magic_agent  # this file's agent is the magic's (conftest)


def magic(shell: InteractiveShell, capsys: pytest.CaptureFixture[str], line: str) -> str:
    capsys.readouterr()
    shell.run_line_magic("dask_cluster", line)
    return capsys.readouterr().out


def test_sites_marks_the_detected_one(
    gateway_config: dict[str, Any],
    shell: InteractiveShell,
    agent: Agent,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = magic(shell, capsys, "sites").splitlines()
    assert lines[0] == "* nebari     gateway   Nebari (Dask Gateway): available"
    assert "  local      local     Local machine: available" in lines
    [tallgrass] = [line for line in lines if "tallgrass" in line]
    assert tallgrass.startswith("  tallgrass  jobqueue  Tallgrass (Slurm): ")
    assert lines[-1] == "(* detected in this kernel)"


def test_gateway_options_shows_choices_and_start_values(
    gateway_config: dict[str, Any],
    shell: InteractiveShell,
    agent: Agent,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = magic(shell, capsys, "gateway-options").splitlines()
    assert lines[0] == "Cluster options of the Dask Gateway (site 'nebari'):"
    assert lines[1] == (
        "  conda_environment = users/users-pangeo (gateway default global/global-pangeo)  "
        "[Environment: one of 'global/global-pangeo', 'users/users-pangeo']"
    )
    assert lines[2].startswith("  profile = Medium Worker (gateway default Small Worker)")
    assert "  worker_threads = 1  [Threads per worker: integer from 1 to 4]" in lines


@pytest.mark.parametrize(
    "set_profile", ["--set profile='Small Worker'", '--set "profile=Small Worker"']
)
def test_set_takes_shell_quoting(
    gateway_config: dict[str, Any],
    shell: InteractiveShell,
    agent: Agent,
    capsys: pytest.CaptureFixture[str],
    set_profile: str,
) -> None:
    out = magic(shell, capsys, f"start nebari --workers 1 {set_profile}")
    assert "Dask cluster on site 'nebari' (gateway): running" in out
    listing = agent.call("gateway_clusters", {"site": "nebari"})
    [cluster] = listing["clusters"]  # type: ignore[typeddict-item]
    assert cluster["options"]["profile"] == "Small Worker"
    assert magic(shell, capsys, "gateway-clusters").startswith(f"{cluster['name']}: running, ")
    assert "← this kernel's" in magic(shell, capsys, "gateway-clusters")


def test_connect_and_shutdown_mistakes_are_one_line(
    gateway_config: dict[str, Any],
    shell: InteractiveShell,
    agent: Agent,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(UsageError, match="refused finding 'nope'"):
        magic(shell, capsys, "connect nope")
    with pytest.raises(UsageError, match=r"Site 'local' is not a Dask Gateway site\."):
        magic(shell, capsys, "shutdown nope --site local")
    with pytest.raises(UsageError, match="No closing quotation"):
        magic(shell, capsys, "start nebari --set profile='Small")
    assert magic(shell, capsys, "gateway-clusters") == (
        "No pending or running clusters on the Dask Gateway.\n"
    )


def test_cluster_lines_say_age_and_dashboard() -> None:
    listing = {
        "site": "nebari",
        "clusters": [
            {
                "name": "abc",
                "status": "running",
                "workers": 2,
                "started": 1000.0,
                "dashboard_link": "https://hub.example.org/gateway/clusters/abc/status",
                "options": {},
                "current": True,
            },
            {
                "name": "def",
                "status": "pending",
                "workers": None,
                "started": 4000.0,
                "dashboard_link": None,
                "options": {},
                "current": False,
            },
        ],
    }
    assert describe_gateway_clusters(listing, now=4090.0).splitlines() == [  # type: ignore[arg-type]
        "abc: running, 2 workers, age 51 min, "
        "dashboard https://hub.example.org/gateway/clusters/abc/status  ← this kernel's",
        "def: pending, ? workers, age 90 s",
    ]
