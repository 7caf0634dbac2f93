"""Import time of the kernel-side package as a kernel sees it (target ≤ 30 ms): the
frontend's bootstrap imports it in every notebook kernel, where ipykernel has already
imported what it needs (logging, typing, asyncio, json, IPython…); only the rest counts."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

TARGET_MS = 30.0
MODULES = ("jupyterlab_dask_clusters", "jupyterlab_dask_clusters.agent")
#: What a running kernel has imported before the bootstrap runs.
KERNEL = "ipykernel.ipkernel"


def _once(module: str) -> float:
    # -X importtime prints cumulative microseconds per module on stderr: take the module's line.
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {KERNEL}; import {module}"],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    for line in reversed(out.splitlines()):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1]) / 1000
    raise RuntimeError(f"{module} not in -X importtime output")


def _env() -> dict[str, str]:
    # A pip install compiles the package, and a kernel's first import writes __pycache__: the
    # usual case has bytecode. This machine sets PYTHONDONTWRITEBYTECODE, which would hide it.
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(repeats: int = 7) -> list[tuple[str, str, str]]:
    rows = []
    for module in MODULES:
        _once(module)  # writes the bytecode, as a kernel's first import does
        times = [_once(module) for _ in range(repeats)]
        rows.append(
            (
                f"import {module} after ipykernel (median of {repeats})",
                f"{statistics.median(times):.1f} ms",
                f"≤ {TARGET_MS:.0f} ms",
            )
        )
    return rows
