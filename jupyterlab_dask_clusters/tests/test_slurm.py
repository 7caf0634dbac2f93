"""The tallgrass site against a real single-node Slurm (``scripts/slurm``): jobs submitted,
seen queued then running, computing, adapting, refused with Slurm's words, and cancelled by
stop and by a kernel's restart — nothing left in squeue."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
from typing import Any

import pytest
from jupyter_client.manager import KernelManager

from jupyterlab_dask_clusters.agent import Agent

from .conftest import KEY_ID, RecordingComm
from .slurm import slurm_fixture, slurm_options, squeue, wait_for_empty_queue  # noqa: F401
from .test_kernel_comm import TIMEOUT, execute

pytestmark = pytest.mark.usefixtures("slurm")
#: The magic comes from %load_ext, in JupyterLab as headless.
LOAD_MAGIC = "%load_ext jupyterlab_dask_clusters"


@pytest.fixture(autouse=True)
def _empty_queue_after() -> Any:
    yield
    assert wait_for_empty_queue() == [], "jobs left in squeue"


def start(comm: RecordingComm, partition: str, **args: Any) -> dict[str, Any]:
    options = slurm_options(partition, **args.pop("options", {}))
    return comm.request("start", site="tallgrass", options=options, **args)


def worker_env(agent: Agent, name: str) -> dict[str, str | None]:
    client = agent.controller.namespace["client"]
    return client.run(lambda: os.environ.get(name))


def test_one_worker_computes_in_a_slurm_job(agent: Agent, comm: RecordingComm, slurm: str) -> None:
    started = start(comm, slurm, workers=1)
    assert started["ok"], started
    jobs = started["result"]["jobs"]
    assert len(jobs) == 1 and jobs[0]["id"] and jobs[0]["state"] in ("queued", "running")
    job_id = jobs[0]["id"]
    assert [job_id] == [i for i, _ in squeue()]

    ready = comm.wait_for_state(lambda s: s["workers"]["ready"] == 1, timeout=60)
    assert ready["jobs"] == [{"id": job_id, "state": "running"}]
    client = agent.controller.namespace["client"]
    # The task runs inside that Slurm job.
    assert client.submit(lambda: os.environ.get("SLURM_JOB_ID")).result() == job_id
    assert client.submit(sum, [1, 2]).result() == 3

    stopped = comm.request("stop")
    assert stopped["result"]["jobs"] is None
    assert wait_for_empty_queue() == []


def test_adapt_submits_a_second_job(agent: Agent, comm: RecordingComm, slurm: str) -> None:
    assert start(comm, slurm, workers=1)["ok"]
    comm.wait_for_state(lambda s: s["workers"]["ready"] == 1, timeout=60)
    assert comm.request("adapt", minimum=2, maximum=2)["ok"]
    both = comm.wait_for_state(lambda s: s["workers"]["ready"] == 2, timeout=60)
    ids = [job["id"] for job in both["jobs"]]
    assert len(set(ids)) == 2 and all(ids)
    assert sorted(ids) == sorted(i for i, _ in squeue())
    assert comm.request("stop")["ok"]


def test_credentials_reach_workers_that_start_later(
    agent: Agent, comm: RecordingComm, slurm: str, aws_files: None
) -> None:
    assert start(comm, slurm, workers=1)["ok"]
    comm.wait_for_state(lambda s: s["workers"]["ready"] == 1, timeout=60)
    assert comm.request("use_profile", name="osn")["ok"]
    assert comm.request("adapt", minimum=2, maximum=2)["ok"]  # a new job, submitted now
    comm.wait_for_state(lambda s: s["workers"]["ready"] == 2, timeout=60)
    assert set(worker_env(agent, "AWS_ACCESS_KEY_ID").values()) == {KEY_ID}
    assert comm.request("stop")["ok"]


def test_a_refused_job_gives_slurms_message(agent: Agent, comm: RecordingComm, slurm: str) -> None:
    refused = start(comm, slurm, workers=1, options={"queue": "no-such-partition"})
    assert refused["error"]["type"] == "failed"
    message = refused["error"]["message"]
    assert message.startswith("The job queue refused the job: sbatch: error:")
    assert "invalid partition" in message.lower()
    state = comm.request("state")["result"]
    assert (state["status"], state["error"], state["jobs"]) == ("failed", message, None)
    assert "cluster" not in agent.controller.namespace
    # …and a good start works after it.
    assert start(comm, slurm, workers=1)["ok"]
    assert comm.request("stop")["ok"]


def test_a_kernel_restart_or_shutdown_cancels_its_jobs(slurm: str) -> None:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=TIMEOUT)
        execute(client, LOAD_MAGIC, store_history=False)
        # Values quoted as in a shell, as the magic reads them.
        sets = " ".join(
            "--set " + shlex.quote(f"{key}={json.dumps(value, separators=(',', ':'))}")
            for key, value in slurm_options(slurm).items()
        )
        start = f"%dask_cluster start tallgrass --workers 1 {sets}"
        execute(client, start)
        assert len(squeue()) == 1
        manager.restart_kernel(now=False)
        assert wait_for_empty_queue() == []

        client.wait_for_ready(timeout=TIMEOUT)
        execute(client, LOAD_MAGIC, store_history=False)
        execute(client, start)
        assert len(squeue()) == 1
        client.stop_channels()
        manager.shutdown_kernel(now=False)
        assert wait_for_empty_queue() == []
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_jobs_are_listed_queued_before_running(
    agent: Agent, comm: RecordingComm, slurm: str
) -> None:
    # Ask for more CPUs than the node has free once the first job runs: the second waits.
    cpus = os.cpu_count() or 1
    assert start(comm, slurm, workers=1, options={"cores": cpus})["ok"]
    comm.wait_for_state(lambda s: s["workers"]["ready"] == 1, timeout=60)
    assert comm.request("scale", workers=2)["ok"]
    waiting = comm.wait_for_state(
        lambda s: len(s["jobs"] or []) == 2 and s["jobs"][1]["state"] == "queued", timeout=30
    )
    assert waiting["jobs"][0]["state"] == "running"
    assert dict(squeue())[waiting["jobs"][1]["id"]] == "PENDING"
    time.sleep(0.5)
    assert comm.request("stop")["ok"]


def test_a_refused_scale_gives_slurms_message_and_keeps_the_cluster(
    agent: Agent, comm: RecordingComm, slurm: str
) -> None:
    assert start(comm, slurm, workers=1)["ok"]
    comm.wait_for_state(lambda s: s["workers"]["ready"] == 1, timeout=60)
    # A drained partition refuses new jobs; the running one goes on.
    subprocess.run(["scontrol", "update", f"PartitionName={slurm}", "State=DRAIN"], check=True)
    try:
        refused = comm.request("scale", workers=2)
    finally:
        subprocess.run(["scontrol", "update", f"PartitionName={slurm}", "State=UP"], check=True)
    assert refused["error"]["type"] == "failed"
    assert refused["error"]["message"].startswith("The job queue refused the job: sbatch: error:")
    state = comm.request("state")["result"]
    assert state["status"] == "running"
    assert [job["state"] for job in state["jobs"]] == ["running"]
    assert len(squeue()) == 1
    assert comm.request("stop")["ok"]
