"""The panel as assistive technology and low vision meet it, in light and dark theme, with no
cluster and with a running one: axe-core's violations by impact, the lowest contrast of its
disabled buttons and of its focus rings, the contrast of its error text, its size in DOM
elements.

Runs the galata spec ui-tests/tests/a11y.spec.ts (a real JupyterLab and kernel, Debian's
Chromium, axe-core through @axe-core/playwright) on a free port; the spec writes its measures
to a temporary file (A11Y_REPORT), read here. The spec also asserts the targets: a run whose
targets are missed still prints what it measured, then says that the spec failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from lab_server import _free_port

ROOT = Path(__file__).resolve().parents[1]
IMPACTS = ("critical", "serious", "moderate", "minor")


def _ratio(value: object) -> str:
    return f"{value:.2f}:1" if isinstance(value, (int, float)) else "none shown"


def measure() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="bench-a11y-") as folder:
        report = Path(folder) / "a11y.json"
        env = {**os.environ, "A11Y_REPORT": str(report), "GALATA_PORT": str(_free_port())}
        env.pop("CI", None)
        out = subprocess.run(
            ["jlpm", "playwright", "test", "tests/a11y.spec.ts"],
            cwd=ROOT / "ui-tests",
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if not report.exists():
            raise RuntimeError(f"the galata run measured nothing:\n{out.stdout[-3000:]}")
        rows = json.loads(report.read_text())
    table: list[tuple[str, str, str]] = []
    for row in rows:
        where = f"{row['state']}, {row['theme']}"
        if "contrast" in row:
            table.append(
                (f"error text contrast, {row['theme']}", _ratio(row["contrast"]), "≥ 4.5:1")
            )
            continue
        counts = " / ".join(f"{row[i]} {i}" for i in IMPACTS)
        table += [
            (f"axe violations, {where}", counts, "0 critical / 0 serious"),
            (
                f"disabled buttons' contrast (lowest), {where}",
                _ratio(row["disabledMin"]),
                "≥ 4.5:1",
            ),
            (f"focus rings' contrast (lowest), {where}", _ratio(row["ringMin"]), "≥ 3:1"),
            (f"panel DOM elements, {where}", str(row["elements"]), ""),
        ]
    if out.returncode:
        table.append(("a11y.spec.ts", "FAILED (a target is missed: see above)", "passes"))
    return table
