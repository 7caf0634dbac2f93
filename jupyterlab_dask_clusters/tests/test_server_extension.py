"""The route that serves the delivered agent, on a real Jupyter server with this package
installed (its server extension enabled by the config file ``pip install`` puts in place)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import NamedTuple

import pytest

from jupyterlab_dask_clusters import __version__
from jupyterlab_dask_clusters.protocol import PROTOCOL_VERSION
from jupyterlab_dask_clusters.server.payload import payload

TOKEN = "route-test-token"
BASE = "/base/"
ROUTE = f"{BASE}dask-clusters/agent/{PROTOCOL_VERSION}"


class Server(NamedTuple):
    port: int

    def get(
        self,
        path: str,
        token: str | None = TOKEN,
        method: str = "GET",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, http.client.HTTPMessage]:
        """One raw request (the path is sent as written: no normalisation of ``..``)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"token {token}"
        try:
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            return response.status, response.read(), response.headers
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    root = tmp_path_factory.mktemp("server")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / "config")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            f"--ServerApp.port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port_retries=0",
            f"--ServerApp.base_url={BASE}",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.open_browser=False",
            "--ServerApp.allow_root=True",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(port)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if server.get(f"{BASE}api/status")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, "the Jupyter server exited"
            assert time.monotonic() < deadline, "the Jupyter server did not start"
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(30)


def test_pip_install_enables_the_server_extension() -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "jupyter_server", "extension", "list"],
        capture_output=True,
        text=True,
        check=True,
    )
    text = listing.stdout + listing.stderr
    assert "jupyterlab_dask_clusters \x1b[32menabled" in text or (
        "jupyterlab_dask_clusters enabled" in text
    )
    assert f"jupyterlab_dask_clusters {__version__}" in text


def test_the_route_serves_the_payload(server: Server) -> None:
    status, body, headers = server.get(ROUTE)
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    served = json.loads(body)
    assert served == payload()
    assert served["version"] == __version__
    assert served["protocol"] == PROTOCOL_VERSION
    # The same bytes for every request of a version; a page that has them gets a 304.
    assert server.get(ROUTE)[1] == body
    revalidated = server.get(ROUTE, headers={"If-None-Match": headers["ETag"]})
    assert (revalidated[0], revalidated[1]) == (304, b"")


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}dask-clusters/agent/{PROTOCOL_VERSION + 1}",
        f"{BASE}dask-clusters/agent/0",
        f"{BASE}dask-clusters/agent/{PROTOCOL_VERSION}.0",
        f"{BASE}dask-clusters/agent/%3{PROTOCOL_VERSION}",
        f"{BASE}dask-clusters/agent/{__version__}",
        f"{BASE}dask-clusters/agent",
        f"{BASE}dask-clusters/agent/{PROTOCOL_VERSION}/agent.py",
        f"{BASE}dask-clusters/agent/{PROTOCOL_VERSION}/../../../pyproject.toml",
        f"{BASE}dask-clusters/agent/{PROTOCOL_VERSION}/..%2f..%2fserver%2fhandlers.py",
        f"{BASE}dask-clusters/agent/..%2f..%2f..%2fetc%2fpasswd",
        f"{BASE}dask-clusters/agent/{PROTOCOL_VERSION}%00",
        f"{ROUTE}?path=/etc/passwd",
        f"{ROUTE}?module=os",
        f"{ROUTE}?version=2&token={TOKEN}",
    ],
)
def test_the_route_serves_nothing_else(server: Server, path: str) -> None:
    status, body, _ = server.get(path)
    assert status == 404
    assert b"_jdc_deliver" not in body


def test_jupyters_own_token_argument_is_accepted(server: Server) -> None:
    status, body, _ = server.get(f"{ROUTE}?token={TOKEN}", token=None)
    assert status == 200
    assert json.loads(body) == payload()


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_unauthenticated_requests_are_refused(server: Server, token: str | None) -> None:
    status, body, _ = server.get(ROUTE, token=token)
    assert status == 403
    assert b"_jdc_deliver" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_only_get_exists(server: Server, method: str) -> None:
    status, body, _ = server.get(ROUTE, method=method)
    assert status in (403, 405)  # XSRF refusal or no such method
    assert b"_jdc_deliver" not in body
