"""What the agent tells the browser about dashboards: the link as dask formats it (relative
links included) and the kernel host's addresses, against real LocalClusters."""

from __future__ import annotations

import socket
import urllib.request

import dask
import pytest

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.agent.host import host_addresses
from jupyterlab_dask_clusters.protocol import ProtocolError, ok_response, validate_outgoing

from .conftest import THREADS, RecordingComm

HUB_LINK = "{JUPYTERHUB_SERVICE_PREFIX}proxy/{port}/status"


def test_host_addresses_name_the_host_and_its_interfaces() -> None:
    addresses = host_addresses()
    assert addresses[0] == socket.gethostname().lower()
    assert "127.0.0.1" in addresses
    assert len(addresses) == len(set(addresses))
    assert not any("%" in a or a.startswith("[") for a in addresses)


def test_hello_carries_the_host_addresses(agent: Agent, comm: RecordingComm) -> None:
    hello = comm.request("hello", protocol=1)["result"]  # checked against the protocol
    assert hello["host_addresses"] == host_addresses()


def _port(link: str) -> int:
    return int(link.split("proxy/")[1].split("/")[0])


def test_a_hub_link_is_reported_relative(
    agent: Agent, comm: RecordingComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/")
    with dask.config.set({"distributed.dashboard.link": HUB_LINK}):
        started = comm.request("start", site="local", workers=0, options=THREADS)
    link = started["result"]["dashboard_link"]
    assert link.startswith("/user/alice/proxy/") and link.endswith("/status")
    # The port in it is the dashboard's own.
    body = urllib.request.urlopen(f"http://127.0.0.1:{_port(link)}/individual-plots.json").read()
    assert b"Individual Task Stream" in body


def test_a_hub_link_without_the_hub_variable_is_relative_to_the_server(
    agent: Agent, comm: RecordingComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    # distributed raises KeyError for the missing variable; the link is not lost.
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    with dask.config.set({"distributed.dashboard.link": HUB_LINK}):
        started = comm.request("start", site="local", workers=0, options=THREADS)
        link = started["result"]["dashboard_link"]
        assert link == f"proxy/{_port(link)}/status"
        with pytest.raises(KeyError):  # what distributed itself does with it
            agent.controller.namespace["cluster"].dashboard_link  # noqa: B018


def test_host_addresses_must_be_names(agent: Agent, comm: RecordingComm) -> None:
    hello = comm.request("hello", protocol=1)["result"]
    for bad in (["node17", 17], "node17", [""]):
        with pytest.raises(ProtocolError, match="host_addresses"):
            validate_outgoing(ok_response("r-1", {**hello, "host_addresses": bad}))
