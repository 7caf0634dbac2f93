"""Time from opening a notebook to a ready Dask Clusters panel, with the agent installed in the
kernel's environment versus delivered by the server extension, in the same run (target: the
delivered agent adds ≤ 150 ms); and the bytes sent to deliver it.

Starts a real JupyterLab on 127.0.0.1 whose kernelspecs include `bare-dask` (ipykernel and
distributed only, from jupyterlab_dask_clusters/tests/kernel_envs.py) and drives Debian's
Chromium (panel_ready.mjs). The two kinds of notebook alternate, each with a fresh kernel.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from lab_server import _free_port, _wait

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("BENCH_PANEL_ROUNDS", "5"))
TARGET_MS = 150


def _notebook(kernel: str) -> str:
    return json.dumps(
        {
            "cells": [],
            "metadata": {"kernelspec": {"name": kernel, "display_name": kernel}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def measure() -> list[tuple[str, str, str]]:
    sys.path.insert(0, str(ROOT))
    from jupyterlab_dask_clusters.tests import kernel_envs

    kernel_envs.main()
    root = Path(tempfile.mkdtemp(prefix="bench-panel-"))
    for i in range(ROUNDS + 1):  # +1: a warm-up round, not counted
        (root / f"installed-{i}.ipynb").write_text(_notebook("python3"))
        (root / f"delivered-{i}.ipynb").write_text(_notebook("bare-dask"))
    port, token = _free_port(), "bench"
    env = {**os.environ, "JUPYTER_PATH": str(kernel_envs.JUPYTER_DATA)}
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
            f"--LabApp.workspaces_dir={root / '.workspaces'}",
            # window.jupyterapp, to open notebooks and time them from the page.
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/api/status?token={token}")
        out = subprocess.run(
            [
                "node",
                str(ROOT / "bench" / "panel_ready.mjs"),
                f"{base}/lab?token={token}",
                str(ROUNDS),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if out.returncode:
            raise RuntimeError(f"the browser run failed:\n{out.stderr[-3000:]}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        lab.terminate()
        lab.wait(30)
        shutil.rmtree(root, ignore_errors=True)

    def median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in result["rounds"][1:] if r["kind"] == kind)

    rows = []
    # "kernel ready → panel ready" is the extension's own work (probe, delivery, bootstrap,
    # hello); "open → panel ready" adds starting the kernel, which differs between the two
    # environments whatever the extension does.
    for key, label, target in (
        ("kernel", "kernel ready → panel ready", f"≤ {TARGET_MS} ms"),
        ("open", "open → panel ready", ""),
    ):
        installed, delivered = median("installed", key), median("delivered", key)
        rows += [
            (f"{label}, installed agent (median of {ROUNDS})", f"{installed:.0f} ms", ""),
            (f"{label}, delivered agent (median of {ROUNDS})", f"{delivered:.0f} ms", ""),
            (f"{label}: delivered minus installed", f"{delivered - installed:+.0f} ms", target),
        ]
    first = result["rounds"][0]
    rows += [
        (
            "first notebook of the page, delivered (HTTP fetch, cold caches): kernel → panel",
            f"{first['kernel']:.0f} ms",
            "",
        ),
        ("bytes to deliver: HTTP response (once per page)", f"{result['httpBytes']:,} B", ""),
        (
            "bytes to deliver: loader execute_request to each kernel",
            f"{result['loaderBytes']:,} B",
            "",
        ),
        ("bytes to deliver: archive comm_open to each kernel", f"{result['archiveBytes']:,} B", ""),
    ]
    return rows
