"""The agent's operations against real LocalClusters, through a recording comm."""

from __future__ import annotations

import json
import os
import shutil
import time
from typing import Any

import pytest

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.cluster import controller as controller_module

from .conftest import SECRET, THREADS, RecordingComm


def _compute(namespace: dict[str, Any]) -> Any:
    return namespace["client"].submit(sum, [1, 2]).result(timeout=30)


def test_hello_answers_sites_detection_and_state(agent: Agent, comm: RecordingComm) -> None:
    response = comm.request(
        "hello",
        protocol=1,
        sites={"lab": {"label": "Lab", "kind": "local", "detect": {"env": {"JDC_ROLE": ["lab"]}}}},
    )
    assert response["ok"] is True
    hello = response["result"]
    assert [s["id"] for s in hello["sites"]] == ["nebari", "denali", "tallgrass", "local", "lab"]
    # No gateway in this kernel's dask config: nebari cannot start, and says why; tallgrass
    # can where Slurm's sbatch is installed (scripts/slurm installs it).
    available = {s["id"]: s["available"] for s in hello["sites"]}
    assert available == {
        "nebari": False,
        "denali": True,
        "tallgrass": shutil.which("sbatch") is not None,
        "local": True,
        "lab": True,
    }
    assert "gateway.address" in hello["sites"][0]["reason"]
    assert hello["detected_site"] == "local"
    assert hello["state"]["status"] == "none"
    assert comm.states == []  # nothing changed, nothing pushed


def test_start_scale_adapt_stop(agent: Agent, comm: RecordingComm) -> None:
    ns = agent.controller.namespace
    other = RecordingComm()  # a second view of the same kernel gets every push too
    agent.open_comm(other)

    response = comm.request("start", site="local", workers=1, options=THREADS)
    assert response["ok"], response
    running = response["result"]
    assert (running["status"], running["site"], running["kind"]) == ("running", "local", "local")
    assert running["workers"] == {"ready": 1, "requested": 1}
    assert running["threads"] == os.cpu_count()  # the local site's threads_per_worker
    assert running["dashboard_link"].startswith("http")
    assert running["name"].startswith("LocalCluster(")
    assert [s["status"] for s in comm.states] == ["starting", "running"]
    assert other.states == comm.states
    assert _compute(ns) == 3

    response = comm.request("scale", workers=2)
    assert response["result"]["workers"]["requested"] == 2
    comm.wait_for_state(lambda s: s["workers"] == {"ready": 2, "requested": 2})  # the watcher
    count = len(comm.sent)
    time.sleep(1)
    assert len(comm.sent) == count, "a running cluster that does not change pushes nothing"

    response = comm.request("adapt", minimum=1, maximum=3)
    assert response["result"]["adapt"] == {"minimum": 1, "maximum": 3}
    assert comm.states[-1]["adapt"] == {"minimum": 1, "maximum": 3}

    response = comm.request("scale", workers=1)  # a fixed size switches adaptivity off
    assert response["result"]["adapt"] is None
    assert ns["cluster"]._adaptive.state == "stopped"

    cluster, client = ns["cluster"], ns["client"]
    response = comm.request("stop")
    assert response["result"]["status"] == "stopped"
    assert response["result"]["site"] is None
    assert comm.states[-2]["status"] == "stopping"
    assert comm.states[-1]["status"] == "stopped"
    assert "cluster" not in ns and "client" not in ns
    assert cluster.status.name == "closed"
    assert client.status == "closed"

    seqs = [s["seq"] for s in comm.states]
    assert seqs == sorted(set(seqs)), "every push is a new snapshot"
    assert other.states == comm.states

    other.close()  # the browser closed it: no more pushes there
    assert other not in agent.comms
    comm.request("start", site="local", workers=0, options=THREADS)
    assert other.states[-1]["status"] == "stopped"
    comm.request("stop")

    # Idle: no watcher, no messages.
    deadline = time.monotonic() + 5
    while agent._watcher is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert agent._watcher is None
    count = len(comm.sent)
    time.sleep(1)
    assert len(comm.sent) == count


def test_a_start_with_neither_uses_the_site_default(agent: Agent, comm: RecordingComm) -> None:
    agent.sites["local"]["adapt"] = {"minimum": 1, "maximum": 2}
    response = comm.request("start", site="local", options=THREADS)
    assert response["result"]["adapt"] == {"minimum": 1, "maximum": 2}
    comm.request("stop")


def test_process_workers_and_changes_made_in_cells(agent: Agent, comm: RecordingComm) -> None:
    """The default (process-based) LocalCluster; a cell scaling and closing it directly; the
    profile's environment reaching running and later workers, and leaving them all."""
    ns = agent.controller.namespace
    response = comm.request("start", site="local", workers=1, options={"dashboard_address": ":0"})
    assert response["ok"], response
    client, cluster = ns["client"], ns["cluster"]
    assert _compute(ns) == 3
    assert set(client.run(os.getpid).values()) != {os.getpid()}  # real worker processes

    agent.controller.set_profile_env({"JDC_TEST_SECRET": "s3cr3t"})
    assert os.environ["JDC_TEST_SECRET"] == "s3cr3t"
    client.wait_for_workers(1, timeout=30)
    assert list(client.run(os.getenv, "JDC_TEST_SECRET").values()) == ["s3cr3t"]

    cluster.scale(2)  # as a cell would
    state = comm.wait_for_state(lambda s: s["workers"] == {"ready": 2, "requested": 2})
    assert state["status"] == "running"
    assert list(client.run(os.getenv, "JDC_TEST_SECRET").values()) == ["s3cr3t"] * 2

    agent.controller.set_profile_env({})  # cleared: from the kernel and every worker, no restart
    assert "JDC_TEST_SECRET" not in os.environ
    workers = set(client.run(os.getpid).values())
    assert list(client.run(os.getenv, "JDC_TEST_SECRET").values()) == [None, None]
    assert set(client.run(os.getpid).values()) == workers
    cluster.scale(3)
    comm.wait_for_state(lambda s: s["workers"] == {"ready": 3, "requested": 3})
    assert list(client.run(os.getenv, "JDC_TEST_SECRET").values()) == [None] * 3

    cluster.adapt(minimum=0, maximum=2)
    comm.wait_for_state(lambda s: s["adapt"] == {"minimum": 0, "maximum": 2})

    cluster.close()  # as a cell would
    comm.wait_for_state(lambda s: s["status"] == "stopped")
    assert client.status == "closed"
    assert ns["cluster"] is cluster  # the user's variables are theirs to keep
    assert "s3cr3t" not in json.dumps(comm.sent)

    response = comm.request("stop")
    assert response["error"]["type"] == "conflict"


# ---------------------------------------------------------------------------------------------
# Mistakes change nothing
# ---------------------------------------------------------------------------------------------

BAD_REQUESTS = [
    ("[1, 2]", "protocol", ""),
    ({"type": "request", "op": "state", "args": {}}, "protocol", ""),
    ({"type": "request", "id": "r", "op": "start", "args": {"site": "mars"}}, "invalid", "r"),
    (
        {"type": "request", "id": "r", "op": "start", "args": {"site": "local", "workers": -2}},
        "invalid",
        "r",
    ),
    (
        {"type": "request", "id": "r", "op": "adapt", "args": {"minimum": 4, "maximum": 1}},
        "invalid",
        "r",
    ),
    (
        {
            "type": "request",
            "id": "r",
            "op": "start",
            "args": {"site": "local", "options": {"thread_per_worker": 2}},
        },
        "invalid",
        "r",
    ),
    ({"type": "request", "id": "r", "op": "scale", "args": {"workers": 1}}, "conflict", "r"),
    (
        {"type": "request", "id": "r", "op": "adapt", "args": {"minimum": 0, "maximum": 1}},
        "conflict",
        "r",
    ),
    ({"type": "request", "id": "r", "op": "stop", "args": {}}, "conflict", "r"),
]


@pytest.mark.parametrize(("data", "error_type", "rid"), BAD_REQUESTS)
def test_bad_requests_change_nothing(
    agent: Agent, comm: RecordingComm, data: object, error_type: str, rid: str
) -> None:
    before = agent.controller.snapshot()
    response = comm.deliver(data)
    assert response["ok"] is False
    assert response["id"] == rid
    assert response["error"]["type"] == error_type
    assert agent.controller.snapshot() == before
    assert comm.states == []
    assert agent.controller.namespace == {}


def test_mistakes_while_running_change_nothing(agent: Agent, comm: RecordingComm) -> None:
    comm.request("start", site="local", workers=1, options=THREADS)
    cluster = agent.controller.namespace["cluster"]
    pushed, before = len(comm.states), agent.controller.snapshot()
    for op, args, error_type in [
        ("start", {"site": "local"}, "conflict"),
        ("start", {"site": "denali", "workers": 1}, "conflict"),
        ("scale", {"workers": -1}, "invalid"),
        ("scale", {"workers": "3"}, "invalid"),
        ("adapt", {"minimum": 3, "maximum": 2}, "invalid"),
        ("explode", {}, "protocol"),
    ]:
        response = comm.request(op, **args)
        assert response["error"]["type"] == error_type, (op, args, response)
    assert agent.controller.snapshot()["seq"] == before["seq"]
    assert len(comm.states) == pushed
    assert agent.controller.namespace["cluster"] is cluster
    comm.request("stop")


# ---------------------------------------------------------------------------------------------
# Failures leave nothing behind
# ---------------------------------------------------------------------------------------------


def test_a_start_that_fails_inside_the_cluster(agent: Agent, comm: RecordingComm) -> None:
    response = comm.request(
        "start", site="local", workers=1, options={**THREADS, "interface": "no-such-nic0"}
    )
    assert response["error"]["type"] == "failed"
    message = response["error"]["message"]
    assert message.startswith("The cluster did not start: ")
    assert "'no-such-nic0' is not a valid network interface" in message
    assert "\n" not in message
    state = comm.states[-1]
    assert (state["status"], state["site"], state["error"]) == ("failed", "local", message)
    assert agent.controller.namespace == {}
    # conftest checks that no cluster is left running


def test_a_start_that_fails_after_the_cluster_exists(
    agent: Agent, comm: RecordingComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    import distributed

    made = []
    real_build = controller_module.kinds.get_kind("local").build

    class Recorder:
        package = distributed.__name__
        distribution = "distributed"
        workers_inherit_env = True

        def option_names(self, spec: Any) -> None:
            return None

        def build(self, spec: Any, options: Any, workers: Any) -> Any:
            made.append(real_build(spec, options, workers))
            return made[-1]

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("no route to the scheduler\nsecond line")

    monkeypatch.setattr(controller_module.kinds, "get_kind", lambda name: Recorder())
    monkeypatch.setattr(distributed, "Client", refuse)
    response = comm.request("start", site="local", workers=1, options=THREADS)
    assert response["error"] == {
        "type": "failed",
        "message": "The cluster did not start: no route to the scheduler.",
    }
    assert made and made[0].status.name == "closed"
    assert agent.controller.namespace == {}
    assert agent.controller.status == "failed"

    monkeypatch.undo()  # a failed start does not block the next one
    response = comm.request("start", site="local", workers=1, options=THREADS)
    assert response["result"]["status"] == "running"
    assert response["result"]["error"] is None
    comm.request("stop")


def test_unexpected_exceptions_become_failed_responses(
    agent: Agent, comm: RecordingComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom() -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(agent.profiles, "list", boom)
    response = comm.request("profiles")
    assert response["error"] == {
        "type": "failed",
        "message": "The operation failed: division by zero.",
    }


# ---------------------------------------------------------------------------------------------
# AWS profiles
# ---------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("aws_files")
def test_profiles_reach_the_kernel_and_the_workers_but_not_the_browser(
    agent: Agent, comm: RecordingComm
) -> None:
    listing = comm.request("profiles")["result"]
    assert listing["profiles"] == [
        {
            "name": "osn",
            "source": "both",
            "endpoint": "https://s3.example.org",
            "region": "us-west-2",
            "key_id": "AKIA…MPLE",
        }
    ]
    response = comm.request("start", site="local", workers=1, options=THREADS, profile="osn")
    assert response["result"]["profile"]["name"] == "osn"
    assert os.environ["AWS_SECRET_ACCESS_KEY"] == SECRET
    client = agent.controller.namespace["client"]
    assert list(client.run(os.getenv, "AWS_ENDPOINT_URL_S3").values()) == ["https://s3.example.org"]

    response = comm.request("use_profile", name="osn", endpoint="http://127.0.0.1:5555")
    assert response["result"]["profile"]["endpoint"] == "http://127.0.0.1:5555"
    response = comm.request("clear_profile")
    assert response["result"]["profile"] is None
    assert "AWS_SECRET_ACCESS_KEY" not in os.environ
    assert SECRET not in json.dumps(comm.sent)

    response = comm.request("use_profile", name="nobody")
    assert response["error"]["type"] == "invalid"
    assert "nobody" in response["error"]["message"]
    comm.request("stop")
