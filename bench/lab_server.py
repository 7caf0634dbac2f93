"""A real JupyterLab on 127.0.0.1 for the browser benchmarks: a fresh root folder with one
notebook (Python 3 kernel) and a fresh workspace, stopped and removed afterwards."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TOKEN = "bench"


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


@contextmanager
def running_lab(notebook: str, prefix: str) -> Iterator[str]:
    """Yield the URL of JupyterLab (``…/lab?token=…``) serving a folder with ``notebook``."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    nb = {
        "cells": [],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / notebook).write_text(json.dumps(nb))
    port = _free_port()
    lab = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={TOKEN}",
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
        _wait(f"{base}/api/status?token={TOKEN}")
        yield f"{base}/lab?token={TOKEN}"
    finally:
        lab.terminate()
        lab.wait(30)
        shutil.rmtree(root, ignore_errors=True)
