"""Opening the dashboard in a pane against opening its proxied URL in a fresh page: the time from
pressing "Open Dask Dashboard" to the first Bokeh plot drawn in the pane ÷ the time from
navigating a fresh page to the same URL to its first plot (target ≤ 1.10). Same local cluster,
same run, median of REPEATS, the browser cache off for both. Starts a real JupyterLab on
127.0.0.1 and drives Debian's Chromium."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from lab_server import running_lab

ROOT = Path(__file__).resolve().parents[1]
REPEATS = int(os.environ.get("BENCH_DASHBOARD_REPEATS", "5"))
TARGET_RATIO = 1.10


def measure() -> list[tuple[str, str, str]]:
    notebook = "dashboard.ipynb"
    with running_lab(notebook, "bench-dashboard-") as lab_url:
        out = subprocess.run(
            ["node", str(ROOT / "bench" / "dashboard_open.mjs"), lab_url, notebook, str(REPEATS)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    if out.returncode:
        raise RuntimeError(f"the browser run failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return [
        (
            f"dashboard: Open → first plot in the pane (median of {REPEATS})",
            f"{result['paneMs']} ms",
            "",
        ),
        ("dashboard: proxied URL → first plot in a fresh page", f"{result['rawMs']} ms", ""),
        ("dashboard: pane ÷ fresh page", f"{result['ratio']:.2f}", f"≤ {TARGET_RATIO:.2f}"),
        ("  all pane runs (ms)", " ".join(map(str, result["allPaneMs"])), ""),
        ("  all fresh-page runs (ms)", " ".join(map(str, result["allRawMs"])), ""),
    ]
