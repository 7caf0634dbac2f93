"""The ``nebari`` site (kind gateway) against a real Dask Gateway on loopback."""

from __future__ import annotations

import json
import os
from typing import Any

from jupyterlab_dask_clusters.agent import Agent

from .conftest import RecordingComm


def test_nebari_site_on_a_real_gateway(
    gateway_config: dict[str, Any], agent: Agent, comm: RecordingComm
) -> None:
    import dask

    with dask.config.set(gateway_config):
        assert comm.request("hello", protocol=1)["result"]["detected_site"] == "nebari"

        # Only the gateway knows its options: checked before anything is submitted.
        response = comm.request("start", site="nebari", options={"colour": "red"})
        assert response["error"] == {
            "type": "invalid",
            "message": "Unknown option 'colour' for this gateway "
            "(it offers: conda_environment, environment_vars, idle_minutes, note, profile, "
            "spot, worker_threads).",
        }

        agent.controller.set_profile_env({"JDC_GATEWAY_SECRET": "xyz"})  # e.g. credentials
        response = comm.request("start", site="nebari", workers=1)
        assert response["ok"], response
        assert response["result"]["kind"] == "gateway"
        assert response["result"]["workers"]["requested"] == 1
        comm.wait_for_state(lambda s: s["workers"]["ready"] == 1)
        client = agent.controller.namespace["client"]
        assert client.submit(sum, [1, 2]).result(timeout=30) == 3
        # The secret went by nanny plugin, not in the gateway's (stored) cluster options.
        assert list(client.run(os.getenv, "JDC_GATEWAY_SECRET").values()) == ["xyz"]

        response = comm.request("adapt", minimum=1, maximum=2)
        assert response["result"]["adapt"] == {"minimum": 1, "maximum": 2}
        response = comm.request("scale", workers=2)
        assert response["result"]["adapt"] is None
        comm.wait_for_state(lambda s: s["workers"] == {"ready": 2, "requested": 2})
        assert list(client.run(os.getenv, "JDC_GATEWAY_SECRET").values()) == ["xyz", "xyz"]

        # Clear: gone from the workers (processes of their own, each under its own nanny
        # process) and from what their nannies give a restarted worker, without a restart.
        workers = set(client.run(os.getpid).values())
        agent.controller.set_profile_env({})
        assert "JDC_GATEWAY_SECRET" not in os.environ
        assert list(client.run(os.getenv, "JDC_GATEWAY_SECRET").values()) == [None, None]
        in_nannies = client.run(
            lambda dask_worker: dask_worker.env.get("JDC_GATEWAY_SECRET"), nanny=True
        )
        assert list(in_nannies.values()) == [None, None]
        assert set(client.run(os.getpid).values()) == workers
        client.restart_workers(list(client.scheduler_info()["workers"]))
        assert list(client.run(os.getenv, "JDC_GATEWAY_SECRET").values()) == [None, None]

        response = comm.request("stop")
        assert response["result"]["status"] == "stopped"
        assert "cluster" not in agent.controller.namespace
    assert "xyz" not in json.dumps(comm.sent)
