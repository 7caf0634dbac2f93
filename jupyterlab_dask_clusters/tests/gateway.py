"""A real Dask Gateway on loopback for tests (``dask-gateway-server`` from this environment,
local backend, password authentication), with Nebari-like cluster options.

    with gateway_server() as config:        # dask config that reaches it
        with dask.config.set(config):
            Gateway().new_cluster(...)       # or the agent's ``nebari`` site
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PASSWORD = "testpass"

_CONFIG = """
c.DaskGateway.address = "127.0.0.1:{api}"
c.Proxy.address = "127.0.0.1:{http}"
c.Proxy.tcp_address = "127.0.0.1:{tcp}"
c.DaskGateway.backend_class = "dask_gateway_server.backends.local.UnsafeLocalBackend"
c.DaskGateway.authenticator_class = "dask_gateway_server.auth.SimpleAuthenticator"
c.SimpleAuthenticator.password = {password!r}
# distributed 2025+ has no dask-scheduler / dask-worker scripts, the gateway's defaults.
c.ClusterConfig.scheduler_cmd = [{dask!r}, "scheduler"]
c.ClusterConfig.worker_cmd = [{dask!r}, "worker"]
c.ClusterConfig.worker_cores = 1
c.ClusterConfig.worker_memory = "512 M"

from dask_gateway_server.options import Bool, Float, Integer, Mapping, Options, Select, String

# As on Nebari: the conda environment and the worker profile are chosen by name, the workers'
# variables are a mapping; and one field of each other kind, for the panel's form.
c.Backend.cluster_options = Options(
    Select(
        "conda_environment",
        ["global/global-pangeo", "users/users-pangeo"],
        default="global/global-pangeo",
        label="Environment",
    ),
    Select("profile", ["Small Worker", "Medium Worker"], default="Small Worker"),
    Mapping("environment_vars", {{}}, label="Environment variables"),
    Integer("worker_threads", 1, min=1, max=4, label="Threads per worker"),
    Float("idle_minutes", 30.0, min=0.0, max=600.0, label="Idle time-out (minutes)"),
    Bool("spot", False, label="Spot instances"),
    String("note", "", label="Note"),
    handler=lambda options: {{
        "environment": dict(options.environment_vars),
        "worker_threads": options.worker_threads,
    }},
)
"""


def _free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dask-gateway-server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"dask-gateway-server did not answer at {url}")


@contextlib.contextmanager
def gateway_server() -> Iterator[dict[str, Any]]:
    """Run a gateway until the block ends; yield the dask config (``gateway.*``) for it."""
    api, http, tcp = _free_ports(3)
    bin_dir = Path(sys.executable).parent
    workdir = Path(tempfile.mkdtemp(prefix="jdc-gateway-"))
    config = workdir / "dask_gateway_config.py"
    config.write_text(
        _CONFIG.format(api=api, http=http, tcp=tcp, password=PASSWORD, dask=str(bin_dir / "dask"))
    )
    with open(workdir / "gateway.log", "wb") as log:
        process = subprocess.Popen(
            [str(bin_dir / "dask-gateway-server"), "-f", str(config)],
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    config: dict[str, Any] = {
        "gateway.address": f"http://127.0.0.1:{http}",
        "gateway.proxy-address": f"gateway://127.0.0.1:{tcp}",
        "gateway.auth.type": "basic",
        "gateway.auth.kwargs": {"username": "alice", "password": PASSWORD},
    }
    try:
        _wait_healthy(f"http://127.0.0.1:{http}/api/health", process)
        yield config
    finally:
        # Through its API first: a gateway stopped while clusters run may leave their
        # scheduler and worker processes behind.
        with contextlib.suppress(Exception):
            stop_all_clusters(config)
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def dask_env(config: dict[str, Any]) -> dict[str, str]:
    """The same dask config as environment variables, for a kernel started elsewhere
    (``DASK_GATEWAY__ADDRESS``, …; dask reads them when it is imported)."""
    auth = config["gateway.auth.kwargs"]
    return {
        "DASK_GATEWAY__ADDRESS": config["gateway.address"],
        "DASK_GATEWAY__PROXY_ADDRESS": config["gateway.proxy-address"],
        "DASK_GATEWAY__AUTH__TYPE": config["gateway.auth.type"],
        "DASK_GATEWAY__AUTH__KWARGS__USERNAME": auth["username"],
        "DASK_GATEWAY__AUTH__KWARGS__PASSWORD": auth["password"],
    }


def stop_all_clusters(config: dict[str, Any]) -> list[str]:
    """Shut down every pending or running cluster of the test user; return their names."""
    import dask
    from dask_gateway import Gateway

    with dask.config.set(config):
        gateway = Gateway()
        names = [report.name for report in gateway.list_clusters()]
        for name in names:
            gateway.stop_cluster(name)
        deadline = time.monotonic() + 15  # until their processes are gone
        while names and time.monotonic() < deadline:
            if not gateway.list_clusters(status=["pending", "running", "stopping"]):
                break
            time.sleep(0.2)
    return names
