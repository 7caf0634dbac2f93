"""Bytes of the built labextension's static JavaScript, as it ships (a production build, CSS
minified by webpack.config.js), against dask-labextension 7.0's 51,275 B; one row per chunk."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "jupyterlab_dask_clusters" / "labextension" / "static"
TARGET_BYTES = 51_275  # dask-labextension 7.0's static JS


def measure() -> list[tuple[str, str, str]]:
    # jlpm and jupyter-builder come with this Python's packages (on PATH only under make).
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    subprocess.run(
        ["jlpm", "build:prod"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": path},
    )
    files = sorted(STATIC.glob("*.js"))
    total = sum(f.stat().st_size for f in files)
    gz = sum(len(gzip.compress(f.read_bytes())) for f in files)
    return [
        (
            f"labextension static JS, production ({len(files)} files)",
            f"{total} B",
            f"< {TARGET_BYTES} B",
        ),
        ("  same, gzipped", f"{gz} B", ""),
        *((f"  {_chunk(f)}", f"{f.stat().st_size} B", "") for f in files),
    ]


def _chunk(path: Path) -> str:
    """What a chunk holds: the federation entry, the CSS, or the code."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.name.startswith("remoteEntry"):
        return "module federation entry"
    if path.name == "style.js":
        return "style entry"
    return "CSS (minified)" if "jp-DaskClusters{" in text else "extension code"
