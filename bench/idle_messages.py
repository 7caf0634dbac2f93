"""Messages per minute between the page and the kernel while a local cluster runs and nothing
changes, the Dask Clusters panel open (target: none from this extension; the kernel pushes only
on change). Starts a real JupyterLab on 127.0.0.1 and drives Debian's Chromium."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from lab_server import running_lab

ROOT = Path(__file__).resolve().parents[1]
SECONDS = int(os.environ.get("BENCH_IDLE_SECONDS", "60"))


def measure() -> list[tuple[str, str, str]]:
    notebook = "idle.ipynb"
    with running_lab(notebook, "bench-idle-") as lab_url:
        out = subprocess.run(
            ["node", str(ROOT / "bench" / "idle_messages.mjs"), lab_url, notebook, str(SECONDS)],
            capture_output=True,
            text=True,
            timeout=SECONDS + 300,
        )
    if out.returncode:
        raise RuntimeError(f"the browser run failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
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
