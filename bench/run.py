"""Runs every benchmark and prints one table: what was measured, the result, the target.

These are measurements, not tests: nothing here fails on a missed target.
Usage: python bench/run.py [NAME ...]   (names: import, bundle, start, idle, soak, dashboard, panel,
noticing, gateway, slurm, first, a11y)
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = {
    "import": "import_time",
    "bundle": "bundle_size",
    "start": "start_time",
    "idle": "idle_messages",
    "soak": "soak",
    "dashboard": "dashboard_open",
    "panel": "panel_ready",
    "noticing": "noticing",
    "gateway": "gateway_start",
    "slurm": "slurm_start",
    "first": "first_start",
    "a11y": "panel_a11y",
}


def main(names: list[str]) -> None:
    rows: list[tuple[str, str, str]] = []
    for name in names or list(BENCHMARKS):
        module = importlib.import_module(BENCHMARKS[name])
        rows.extend(module.measure())
    width = [max(len(r[i]) for r in [*rows, ("measure", "result", "target")]) for i in range(3)]
    line = "  ".join(f"{{:<{w}}}" for w in width)
    print(line.format("measure", "result", "target"))
    print(line.format(*("-" * w for w in width)))
    for row in rows:
        print(line.format(*row))


if __name__ == "__main__":
    main(sys.argv[1:])
