"""Messages per minute between the page and the kernel while a local cluster runs and nothing
changes, the Dask Clusters panel open (target: none from this extension; the kernel pushes only
on change). Starts a real JupyterLab on 127.0.0.1 and drives Debian's Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECONDS = int(os.environ.get("BENCH_IDLE_SECONDS", "60"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer at {url}")


def measure() -> list[tuple[str, str, str]]:
    root = Path(tempfile.mkdtemp(prefix="bench-idle-"))
    notebook = "idle.ipynb"
    nb = {
        "cells": [],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / notebook).write_text(json.dumps(nb))
    port, token = _free_port(), "bench"
    lab = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            "--ServerApp.allow_root=True",
            f"--ServerApp.root_dir={root}",
            # A fresh workspace: a saved layout could start with the sidebar open.
            f"--LabApp.workspaces_dir={root / '.workspaces'}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/api/status?token={token}")
        out = subprocess.run(
            [
                "node",
                str(ROOT / "bench" / "idle_messages.mjs"),
                f"{base}/lab?token={token}",
                notebook,
                str(SECONDS),
            ],
            capture_output=True,
            text=True,
            timeout=SECONDS + 300,
        )
        if out.returncode:
            raise RuntimeError(f"the browser run failed:\n{out.stderr[-3000:]}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        lab.terminate()
        lab.wait(30)
        shutil.rmtree(root, ignore_errors=True)
    rows = [
        (
            f"idle page→kernel messages/min ({SECONDS} s, 2 workers)",
            str(result["toKernelPerMinute"]),
            "0",
        ),
        ("idle kernel→page messages/min", str(result["fromKernelPerMinute"]), "0"),
        ("(kernel messages seen while starting, for reference)", str(result["beforeWindow"]), ""),
    ]
    rows += [(f"  {k}", str(v), "") for k, v in sorted(result["byType"].items())]
    return rows
