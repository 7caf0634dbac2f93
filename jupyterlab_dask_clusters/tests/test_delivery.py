"""The delivered agent in real kernels whose environment lacks this package: the payload the
server extension serves is executed the way the panel executes it, then the agent is driven
over a real comm (``kernel_envs.py`` builds the environments)."""

from __future__ import annotations

import base64
import os
import queue
import re
import time
import uuid
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from jupyterlab_dask_clusters import __version__
from jupyterlab_dask_clusters.agent import BOOTSTRAP
from jupyterlab_dask_clusters.server.payload import (
    DELIVERY_TARGET,
    build_archive,
    kernel_side_files,
    payload,
)
from jupyterlab_dask_clusters.supported import DISTRIBUTED

from . import kernel_envs
from .conftest import KEY_ID
from .test_kernel_comm import TIMEOUT, KernelComm, execute

PACKAGE_DIR = Path(__file__).resolve().parents[1]
BOOTSTRAP_TS = PACKAGE_DIR.parent / "src" / "agent" / "bootstrap.ts"
#: The user expression the frontend asks first: can the kernel import the package?
PROBE = re.search(
    r'PROBE_EXPRESSION =\s*"([^"]+)"', BOOTSTRAP_TS.read_text(encoding="utf-8")
).group(1)


def start_kernel(name: str, cwd: Path, env: dict[str, str] | None = None) -> Iterator[Any]:
    try:
        kernel_envs.ensure(name)
    except kernel_envs.NoPython as missing:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(missing))
    manager = KernelManager(
        kernel_name=name, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernel_envs.KERNELS])
    )
    # cwd: a kernel started in the checkout could import the package from there.
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    manager.start_kernel(cwd=str(cwd), env={**inherited, **(env or {})})
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=TIMEOUT)
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)


def run(client: BlockingKernelClient, code: str) -> dict[str, Any]:
    """Execute ``code`` as the panel does (silently); the reply's content."""
    reply = client.execute_interactive(
        code, silent=True, store_history=False, stop_on_error=False, timeout=TIMEOUT
    )
    return reply["content"]


def send_archive(client: BlockingKernelClient, archive: str) -> dict[str, Any]:
    """Open a comm to the loader's target with ``archive``, as the panel does; the data of the
    kernel's comm_close (``{"ok": …}``)."""
    comm_id = uuid.uuid4().hex
    content = {"comm_id": comm_id, "target_name": DELIVERY_TARGET, "data": {"archive": archive}}
    client.shell_channel.send(client.session.msg("comm_open", content))
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            msg = client.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if msg["msg_type"] == "comm_close" and msg["content"]["comm_id"] == comm_id:
            return msg["content"]["data"]
    raise AssertionError("the kernel did not close the delivery comm")


def deliver(client: BlockingKernelClient) -> dict[str, Any]:
    """Deliver the agent as the panel does: the loader, then the archive over its comm."""
    loaded = run(client, payload()["loader"])
    assert loaded["status"] == "ok", loaded
    return send_archive(client, payload()["archive"])


def evaluate(client: BlockingKernelClient, expression: str, comm: KernelComm | None = None) -> str:
    reply = execute(client, "", comm, user_expressions={"x": expression})
    result = reply["content"]["user_expressions"]["x"]
    assert result["status"] == "ok", result
    return result["data"]["text/plain"]


# ---------------------------------------------------------------------------------------------
# The payload
# ---------------------------------------------------------------------------------------------


def test_the_payload_holds_the_kernel_side_and_nothing_else() -> None:
    names = set(zipfile.ZipFile(BytesIO(build_archive())).namelist())
    assert {
        "jupyterlab_dask_clusters/__init__.py",
        "jupyterlab_dask_clusters/agent/__init__.py",
        "jupyterlab_dask_clusters/agent/agent.py",
        "jupyterlab_dask_clusters/magic/magics.py",
        "jupyterlab_dask_clusters/cluster/local.py",
        "jupyterlab_dask_clusters/profiles/credentials/files.py",
        "jupyterlab_dask_clusters/protocol/checks.py",
        "jupyterlab_dask_clusters/gateway/kind.py",
        "jupyterlab_dask_clusters/jobqueue/kind.py",
        "jupyterlab_dask_clusters/codegen/writer.py",
    } <= names
    assert all(name.endswith(".py") for name in names)
    assert not [n for n in names if "/server/" in n or "/tests/" in n or "labextension" in n]
    assert len(names) == len(kernel_side_files())


def test_the_payload_is_the_same_bytes_every_time() -> None:
    assert build_archive() == build_archive()
    first = payload()
    payload.cache_clear()
    assert payload() == first
    assert base64.b64decode(first["archive"]) == build_archive()


# ---------------------------------------------------------------------------------------------
# A kernel with ipykernel and distributed only
# ---------------------------------------------------------------------------------------------


# The newest distributed on this Python, and the oldest Python and distributed we support.
@pytest.fixture(scope="module", params=["bare-dask", "oldest-dask"])
def bare_kernel(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BlockingKernelClient]:
    aws = tmp_path_factory.mktemp("aws")
    (aws / "credentials").write_text(
        f"[osn]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = not-shown\n"
    )
    (aws / "config").write_text("[profile osn]\nendpoint_url = https://s3.example.org\n")
    env = {
        "AWS_SHARED_CREDENTIALS_FILE": str(aws / "credentials"),
        "AWS_CONFIG_FILE": str(aws / "config"),
    }
    yield from start_kernel(request.param, tmp_path_factory.mktemp("cwd"), env)


def test_delivered_agent_works_as_installed(bare_kernel: BlockingKernelClient) -> None:
    # The frontend's probe says the kernel cannot import the package, and so does the bootstrap.
    assert evaluate(bare_kernel, PROBE) == "False"
    failed = run(bare_kernel, BOOTSTRAP)
    assert failed["status"] == "error"
    assert failed["ename"] == "ModuleNotFoundError"
    assert "'jupyterlab_dask_clusters'" in failed["evalue"]

    # The payload, twice (a second notebook, a page reload): silent, no name left behind.
    for _ in range(2):
        assert deliver(bare_kernel) == {"ok": True}
    assert evaluate(bare_kernel, PROBE) == "True"
    assert run(bare_kernel, BOOTSTRAP)["status"] == "ok"
    assert evaluate(bare_kernel, "sorted(k for k in dir() if 'jdc' in k or 'jupyterlab' in k)") == (
        "[]"
    )

    comm = KernelComm(bare_kernel)
    comm.open()
    hello = comm.request("hello", protocol=1)
    assert hello["ok"], hello
    assert hello["result"]["agent_source"] == "delivered"
    assert hello["result"]["agent_version"] == __version__
    assert hello["result"]["detected_site"] == "local"

    profiles = comm.request("profiles")["result"]
    assert [p["name"] for p in profiles["profiles"]] == ["osn"]
    applied = comm.request("use_profile", name="osn")["result"]["profile"]
    assert applied["endpoint"] == "https://s3.example.org"
    assert evaluate(bare_kernel, "__import__('os').environ['AWS_ACCESS_KEY_ID']", comm) == (
        repr(KEY_ID)
    )

    # A real, process-based LocalCluster from the panel's request, as on an installed agent.
    started = comm.request("start", site="local", workers=2, options={"dashboard_address": ":0"})
    assert started["ok"], started
    assert started["result"]["workers"]["ready"] == 2
    assert [s["status"] for s in comm.states()][-2:] == ["starting", "running"]
    assert evaluate(bare_kernel, "client.submit(sum, [1, 2]).result()", comm) == "3"
    # The workers have the profile's keys (distributed's Environ plugin, no package needed).
    key_id = "lambda: __import__('os').environ.get('AWS_ACCESS_KEY_ID')"
    in_worker = f"client.submit({key_id}, pure=False)"
    assert evaluate(bare_kernel, f"{in_worker}.result()") == repr(KEY_ID)
    # Clear and Apply again on the running cluster: its workers follow, with no restart.
    assert comm.request("clear_profile")["ok"]
    assert evaluate(bare_kernel, f"{in_worker}.result()") == "None"
    assert comm.request("use_profile", name="osn")["ok"]
    assert evaluate(bare_kernel, f"{in_worker}.result()") == repr(KEY_ID)

    # The magic, from %load_ext as headless; its change reaches the comm.
    execute(bare_kernel, "%load_ext jupyterlab_dask_clusters", comm)
    seen = len(comm.states())
    reply = bare_kernel.execute_interactive("%dask_cluster scale 1", timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok", reply["content"]
    comm.wait(
        lambda m: (
            m["type"] == "state"
            and len(comm.states()) > seen
            and m["state"]["workers"]["requested"] == 1
        )
    )

    stopped = comm.request("stop")
    assert stopped["result"]["status"] == "stopped"
    assert evaluate(bare_kernel, "'cluster' not in dir()", comm) == "True"


def test_a_delivered_module_shows_its_source(bare_kernel: BlockingKernelClient) -> None:
    assert deliver(bare_kernel) == {"ok": True}
    source = evaluate(
        bare_kernel,
        "__import__('inspect').getsource(__import__('importlib').import_module('"
        "jupyterlab_dask_clusters.agent.agent'))",
    )
    assert "class Agent" in source


def test_every_delivered_module_imports(bare_kernel: BlockingKernelClient) -> None:
    # Not only those a start needs: a newer-Python feature anywhere fails here, not in use.
    assert deliver(bare_kernel) == {"ok": True}
    modules = sorted(
        ".".join(
            (PACKAGE_DIR.name, *path.relative_to(PACKAGE_DIR).with_suffix("").parts)
        ).removesuffix(".__init__")
        for path in kernel_side_files()
    )
    imports = f"' '.join(__import__('importlib').import_module(m).__name__ for m in {modules})"
    imported = evaluate(bare_kernel, imports)
    assert imported == repr(" ".join(modules))


def test_the_loader_installs_only_the_archive_it_was_written_for(tmp_path: Path) -> None:
    other = base64.b64encode(build_archive() + b"\0").decode("ascii")
    for client in start_kernel("bare-dask", tmp_path):
        assert run(client, payload()["loader"])["status"] == "ok"
        refused = send_archive(client, other)
        assert refused["ok"] is False
        assert "not the one this loader expects" in refused["error"]
        assert evaluate(client, PROBE) == "False"
        # The right archive, over the same target, is installed.
        assert send_archive(client, payload()["archive"]) == {"ok": True}
        assert evaluate(client, PROBE) == "True"


# ---------------------------------------------------------------------------------------------
# A kernel with ipykernel only
# ---------------------------------------------------------------------------------------------


def test_kernel_without_distributed_names_the_missing_module(tmp_path: Path) -> None:
    for client in start_kernel("no-dask", tmp_path):
        assert run(client, BOOTSTRAP)["ename"] == "ModuleNotFoundError"
        failed = run(client, payload()["loader"])
        assert failed["status"] == "error"
        assert failed["ename"] == "ModuleNotFoundError"
        assert failed["evalue"] == "No module named 'distributed'"
        # Nothing was installed: the package still cannot be imported.
        assert run(client, "import jupyterlab_dask_clusters")["ename"] == "ModuleNotFoundError"


# ---------------------------------------------------------------------------------------------
# Kernels older than the agent supports
# ---------------------------------------------------------------------------------------------


def test_a_kernel_with_too_old_a_distributed_is_told_the_version_it_needs(tmp_path: Path) -> None:
    for client in start_kernel("old-dask", tmp_path):
        has = evaluate(client, "__import__('importlib.metadata').metadata.version('distributed')")
        assert deliver(client) == {"ok": True}
        failed = run(client, BOOTSTRAP)
        assert failed["ename"] == "UnsupportedKernelError"
        minimum = "{}.{}".format(*DISTRIBUTED)
        assert failed["evalue"] == f"needs distributed>={minimum}; this kernel has {has[1:-1]}"


# ---------------------------------------------------------------------------------------------
# An installed copy speaking another protocol version
# ---------------------------------------------------------------------------------------------


def test_delivered_agent_replaces_an_installed_one_of_another_protocol(tmp_path: Path) -> None:
    # A copy of this package as a release speaking protocol 2 would be, on the kernel's path.
    site = tmp_path / "site"
    for path in kernel_side_files():
        target = site / "jupyterlab_dask_clusters" / path.relative_to(PACKAGE_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        if path.relative_to(PACKAGE_DIR).as_posix() == "protocol/checks.py":
            text = text.replace("PROTOCOL_VERSION = 1\n", "PROTOCOL_VERSION = 2\n")
        elif path.name == "_version.py":
            text = '__version__ = "9.0.0"\n'
        target.write_text(text, encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for client in start_kernel("bare-dask", cwd, {"PYTHONPATH": str(site)}):
        assert run(client, BOOTSTRAP)["status"] == "ok"
        old = KernelComm(client)
        old.open()
        refused = old.request("hello", protocol=1)
        assert refused["error"]["type"] == "protocol"
        assert "version 2" in refused["error"]["message"]

        assert deliver(client) == {"ok": True}
        assert run(client, BOOTSTRAP)["status"] == "ok"
        comm = KernelComm(client)
        comm.open()
        hello = comm.request("hello", protocol=1)
        assert hello["ok"], hello
        assert hello["result"]["agent_source"] == "delivered"
        assert hello["result"]["agent_version"] == __version__
        shown = evaluate(client, "__import__('sys').path")
        assert str(site) in shown  # the installed copy is still there, just not used
