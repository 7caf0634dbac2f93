"""Bytes of the built labextension's static JavaScript, as it ships (a production build),
against dask-labextension 7.0's ~51 KB minified."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "jupyterlab_dask_clusters" / "labextension" / "static"
TARGET_BYTES = 51_000


def measure() -> list[tuple[str, str, str]]:
    subprocess.run(["jlpm", "build:prod"], cwd=ROOT, check=True, capture_output=True)
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
    ]
