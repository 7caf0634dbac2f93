"""Kind ``class``: any cluster manager class by import path, declared as data."""

from __future__ import annotations

import sys

import pytest

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.cluster import kinds, sites
from jupyterlab_dask_clusters.protocol import ProtocolError

from .conftest import RecordingComm

CLASS_SITES = {
    "by-path": {
        "label": "LocalCluster by import path",
        "kind": "class",
        "class": "distributed.LocalCluster",
        "options": {"processes": False, "dashboard_address": ":0", "threads_per_worker": 1},
        "workers": 1,
    },
    "spec": {
        "label": "A SpecCluster subclass",
        "kind": "class",
        "class": "jupyterlab_dask_clusters.tests.clusters_for_tests.ThreadCluster",
        "options": {"threads": 2},
    },
    "kube": {
        "label": "Kubernetes",
        "kind": "class",
        "class": "no_such_package_here.operator.KubeCluster",
    },
}


@pytest.fixture
def greeted(agent: Agent, comm: RecordingComm) -> RecordingComm:
    response = comm.request("hello", protocol=1, sites=CLASS_SITES)
    assert response["ok"], response
    return comm


def _summary(comm: RecordingComm, site_id: str) -> dict:
    hello = comm.request("hello", protocol=1)["result"]
    return next(s for s in hello["sites"] if s["id"] == site_id)


def test_a_class_by_import_path_starts_scales_and_stops(
    agent: Agent, greeted: RecordingComm
) -> None:
    comm = greeted
    assert _summary(comm, "by-path")["available"] is True
    started = comm.request("start", site="by-path")
    assert started["ok"], started
    state = started["result"]
    assert (state["kind"], state["site"], state["origin"]) == ("class", "by-path", "started")
    assert state["workers"]["requested"] == 1
    comm.wait_for_state(lambda s: s["workers"]["ready"] == 1 and s["threads"] == 1)
    assert comm.request("scale", workers=2)["ok"]
    comm.wait_for_state(lambda s: s["workers"] == {"ready": 2, "requested": 2})
    assert comm.request("stop")["result"]["status"] == "stopped"


def test_a_spec_cluster_subclass_starts_scales_adapts_and_stops(
    agent: Agent, greeted: RecordingComm
) -> None:
    comm = greeted
    started = comm.request("start", site="spec", workers=1)
    assert started["ok"], started
    cluster = agent.controller.namespace["cluster"]
    assert type(cluster).__name__ == "ThreadCluster"
    assert started["result"]["workers"]["requested"] == 1
    # Sized after start returns (the workers' environment plugin first): they arrive.
    state = comm.wait_for_state(lambda s: s["workers"]["ready"] == 1)
    assert state["threads"] == 2
    assert comm.request("scale", workers=2)["ok"]
    comm.wait_for_state(lambda s: s["workers"] == {"ready": 2, "requested": 2})
    assert comm.request("adapt", minimum=0, maximum=3)["result"]["adapt"] == {
        "minimum": 0,
        "maximum": 3,
    }
    assert comm.request("stop")["result"]["status"] == "stopped"
    assert cluster.status.name == "closed"


def test_option_names_are_checked_against_the_class(agent: Agent, greeted: RecordingComm) -> None:
    response = greeted.request("start", site="spec", options={"thread": 2})
    assert response["error"]["type"] == "invalid"
    assert (
        "Unknown option 'thread' for site 'spec' (did you mean 'threads'?)"
        in (response["error"]["message"])
    )
    response = greeted.request("start", site="by-path", options={"threads_per_workers": 2})
    assert "did you mean 'threads_per_worker'?" in response["error"]["message"]
    assert agent.controller.snapshot()["status"] == "none"


def test_a_missing_module_makes_the_site_unavailable_without_importing(
    agent: Agent, greeted: RecordingComm
) -> None:
    summary = _summary(greeted, "kube")
    assert summary["available"] is False
    assert summary["reason"] == (
        "The package no_such_package_here (for no_such_package_here.operator.KubeCluster) "
        "is not installed in this kernel."
    )
    response = greeted.request("start", site="kube")
    assert response["error"]["type"] == "invalid"
    assert "cannot start here" in response["error"]["message"]


def test_the_class_is_imported_only_when_the_site_is_used() -> None:
    spec = sites.merge_sites(CLASS_SITES)["spec"]
    module = "jupyterlab_dask_clusters.tests.clusters_for_tests"
    sys.modules.pop(module, None)
    assert kinds.unavailable_reason(spec) is None
    assert module not in sys.modules
    kinds.check_option_names("spec", spec, ["threads"])
    assert module in sys.modules


def test_a_class_that_cannot_be_imported_says_so() -> None:
    spec = sites.merge_sites({"x": {"label": "X", "kind": "class", "class": "distributed.Nope"}})
    with pytest.raises(ProtocolError, match=r"Cannot import distributed\.Nope"):
        kinds.check_option_names("x", spec["x"], ["a"])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"label": "X", "kind": "class"}, "must name its cluster class"),
        ({"label": "X", "kind": "class", "class": "KubeCluster"}, "must be an import path"),
        ({"label": "X", "kind": "class", "class": "a.b; import os"}, "must be an import path"),
    ],
)
def test_a_class_site_must_name_a_class(entry: dict, message: str) -> None:
    from jupyterlab_dask_clusters.protocol import parse_request

    with pytest.raises(ProtocolError, match=message):
        request = {"type": "request", "id": "r", "op": "hello", "args": {"protocol": 1}}
        request["args"]["sites"] = {"x": entry}
        parse_request(request)
        sites.merge_sites({"x": entry})
