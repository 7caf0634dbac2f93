"""Bytes of the built labextension's static JavaScript (target: under dask-labextension 7.0's
~51 KB minified). Build first with `jlpm build:prod` for the number that ships."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "jupyterlab_dask_clusters" / "labextension" / "static"
TARGET_BYTES = 51_000


def measure() -> list[tuple[str, str, str]]:
    files = sorted(STATIC.glob("*.js"))
    if not files:
        return [("labextension static JS", "not built", f"< {TARGET_BYTES} B")]
    total = sum(f.stat().st_size for f in files)
    gz = sum(len(gzip.compress(f.read_bytes())) for f in files)
    build = json.loads(
        (ROOT / "jupyterlab_dask_clusters" / "labextension" / "package.json").read_text()
    )
    mode = "production" if "build" in build.get("jupyterlab", {}) else "?"
    return [
        (
            f"labextension static JS ({len(files)} files, {mode})",
            f"{total} B",
            f"< {TARGET_BYTES} B",
        ),
        ("  same, gzipped", f"{gz} B", ""),
    ]
