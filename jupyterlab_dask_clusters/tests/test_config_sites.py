"""Sites from dask config ``dask-clusters.sites``: built-in < dask config < the user's settings,
seen in hello and headless (``%dask_cluster start SITE``)."""

from __future__ import annotations

from collections.abc import Iterator

import dask.config
import pytest
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.cluster import sites
from jupyterlab_dask_clusters.magic.magics import register
from jupyterlab_dask_clusters.protocol import ProtocolError

from .conftest import RecordingComm, stop_everything

CONFIG = {
    # Overrides of a built-in's fields, and a new site.
    "denali": {"options": {"threads_per_worker": 3}, "workers": 2},
    "lab-node": {
        "label": "The lab's node",
        "kind": "local",
        "options": {"processes": False, "dashboard_address": ":0", "threads_per_worker": 1},
        "workers": 1,
    },
}


@pytest.fixture
def config() -> Iterator[None]:
    with dask.config.set({"dask-clusters.sites": CONFIG}):
        yield


@pytest.mark.usefixtures("config")
def test_precedence_builtin_then_dask_config_then_settings() -> None:
    merged = sites.merge_sites({"denali": {"workers": 5}})
    assert merged["denali"]["options"] == {"threads_per_worker": 3}  # dask config over built-in
    assert merged["denali"]["workers"] == 5  # the user's settings over dask config
    assert merged["denali"]["detect"] == sites.BUILTIN_SITES["denali"]["detect"]
    assert merged["lab-node"]["label"] == "The lab's node"
    assert list(merged)[-1] == "lab-node"
    # The user's settings may override a site that only dask config declares.
    assert sites.merge_sites({"lab-node": {"label": "Mine"}})["lab-node"]["label"] == "Mine"


@pytest.mark.usefixtures("config")
def test_the_panel_sees_them(agent: Agent, comm: RecordingComm) -> None:
    hello = comm.request("hello", protocol=1)["result"]
    by_id = {s["id"]: s for s in hello["sites"]}
    assert by_id["lab-node"]["available"] is True
    assert by_id["denali"]["workers"] == 2
    hello = comm.request("hello", protocol=1, sites={"denali": {"workers": 4}})["result"]
    assert next(s for s in hello["sites"] if s["id"] == "denali")["workers"] == 4


@pytest.mark.usefixtures("config")
def test_headless_start_of_a_dask_config_site(capsys: pytest.CaptureFixture[str]) -> None:
    shell = InteractiveShell.instance()
    agent = Agent(shell.user_ns)
    register(shell, agent)
    try:
        shell.run_line_magic("dask_cluster", "start lab-node")
        out = capsys.readouterr().out
        assert "Dask cluster on site 'lab-node' (local): running, 1 / 1 workers" in out
    finally:
        stop_everything(agent)
        InteractiveShell.clear_instance()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"x": {"label": "X"}}, "Site 'x' needs a kind"),
        ({"x": {"label": "X", "kind": "mars"}}, "of dask config dask-clusters.sites kind must be"),
        ({"x": {"kind": "local", "label": "X", "extra": 1}}, "has unknown key 'extra'"),
        (["not", "a", "mapping"], "must be a mapping"),
    ],
)
def test_a_bad_dask_config_site_is_refused_with_its_key(value: object, message: str) -> None:
    with dask.config.set({"dask-clusters.sites": value}), pytest.raises(ProtocolError) as caught:
        sites.merge_sites(None)
    assert message in caught.value.message
