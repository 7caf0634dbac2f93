"""Kernel environments without this package, for the tests of the delivered agent.

Plain venvs (no ``--system-site-packages``: they must not see this package) with only what a
shared environment on a hub would have, each registered as a kernelspec in a folder that only
the tests use (``JUPYTER_DATA``: add it to ``JUPYTER_PATH``, or list ``KERNELS`` in a
``KernelSpecManager``), never the user's. Built once (about a minute, from PyPI) and kept in
``.venv-kernels/`` (gitignored); ``python -m jupyterlab_dask_clusters.tests.kernel_envs``
builds them all (the Makefile does, before pytest and galata).
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENVS = ROOT / ".venv-kernels"
JUPYTER_DATA = ENVS / "jupyter"
KERNELS = JUPYTER_DATA / "kernels"

#: kernel name → (display name, what pip installs). The names sort after "Python 3
#: (ipykernel)", which JupyterLab's kernel dialog therefore still offers first.
SPECS: dict[str, tuple[str, list[str]]] = {
    "bare-dask": ("Python with bare dask (tests)", ["ipykernel", "distributed"]),
    "no-dask": ("Python without dask (tests)", ["ipykernel"]),
}


def python(name: str) -> Path:
    return ENVS / name / "bin" / "python"


def ensure(name: str) -> str:
    """Build environment ``name`` and its kernelspec unless done; return the kernel name."""
    display_name, requirements = SPECS[name]
    stamp = ENVS / name / ".installed"
    if not stamp.exists() or stamp.read_text() != " ".join(requirements):
        venv.create(ENVS / name, clear=True, with_pip=True)
        subprocess.run(
            [python(name), "-m", "pip", "install", "-q", *requirements],
            check=True,
            stdout=sys.stderr,
        )
        stamp.write_text(" ".join(requirements))
    spec_dir = KERNELS / name
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(python(name)), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": display_name,
        "language": "python",
        # Nothing from the user's site-packages either: this environment is all the kernel has.
        "env": {"PYTHONNOUSERSITE": "1"},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return name


def main() -> None:
    for name in SPECS:
        ensure(name)
    print(JUPYTER_DATA)


if __name__ == "__main__":
    main()
