"""Kernel environments without this package, for the tests of the delivered agent.

Plain venvs (no ``--system-site-packages``: they must not see this package) with only what a
shared environment on a hub would have, each registered as a kernelspec in a folder that only
the tests use (``JUPYTER_DATA``: add it to ``JUPYTER_PATH``, or list ``KERNELS`` in a
``KernelSpecManager``), never the user's. Built once (about a minute, from PyPI) and kept in
``.venv-kernels/`` (gitignored); ``python -m jupyterlab_dask_clusters.tests.kernel_envs``
builds them all (the Makefile does, before pytest and galata).

``oldest-dask`` runs the oldest Python and ``distributed`` that the agent supports
(``supported.py``), ``old-dask`` the ``distributed`` just before; their Python comes from this
machine (``find_python``: pyenv's, or ``python3.9`` on PATH); without it they are left out here
and their tests skip (they fail under CI).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

from jupyterlab_dask_clusters.supported import DISTRIBUTED, PYTHON

ROOT = Path(__file__).resolve().parents[2]
ENVS = ROOT / ".venv-kernels"
JUPYTER_DATA = ENVS / "jupyter"
KERNELS = JUPYTER_DATA / "kernels"

#: The oldest kernel: its Python, and the oldest release of the oldest ``distributed``.
OLDEST_PYTHON = ".".join(map(str, PYTHON))
OLDEST_DISTRIBUTED = "distributed~={}.{}.0".format(*DISTRIBUTED)

#: kernel name → (display name, Python version or None for this one, what pip installs). The
#: names sort after "Python 3 (ipykernel)", which JupyterLab's kernel dialog still offers first.
SPECS: dict[str, tuple[str, str | None, list[str]]] = {
    "bare-dask": ("Python with bare dask (tests)", None, ["ipykernel", "distributed"]),
    "no-dask": ("Python without dask (tests)", None, ["ipykernel"]),
    "oldest-dask": (
        "Python with the oldest dask (tests)",
        OLDEST_PYTHON,
        ["ipykernel", OLDEST_DISTRIBUTED],
    ),
    # Just too old: the panel names the version it needs.
    "old-dask": (
        "Python with too old a dask (tests)",
        OLDEST_PYTHON,
        ["ipykernel", "distributed<{}.{}".format(*DISTRIBUTED)],
    ),
}


class NoPython(LookupError):
    """No interpreter of the Python version an environment needs on this machine."""


def find_python(version: str) -> str:
    """An interpreter of Python ``version`` ("3.9"): the newest ``3.9.*`` of pyenv
    (``$PYENV_ROOT``, by default ``~/.pyenv``), else ``python3.9`` on PATH (not pyenv's shim,
    which runs whichever version pyenv has selected)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    patch = re.compile(re.escape(version) + r"\.(\d+)$")
    builds = {
        int(m.group(1)): p / "bin" / "python"
        for p in root.glob(f"versions/{version}.*")
        if (m := patch.match(p.name)) and (p / "bin" / "python").exists()
    }
    if builds:
        return str(builds[max(builds)])
    path = os.pathsep.join(
        d for d in os.environ.get("PATH", "").split(os.pathsep) if Path(d) != root / "shims"
    )
    found = shutil.which(f"python{version}", path=path)
    if found:
        return found
    raise NoPython(
        f"No Python {version} here (pyenv's {root}/versions/, or python{version} on PATH):"
        f" install one, e.g. `pyenv install {version}`."
    )


def python(name: str) -> Path:
    return ENVS / name / "bin" / "python"


def ensure(name: str) -> str:
    """Build environment ``name`` and its kernelspec unless done; return the kernel name.

    Raises ``NoPython`` when the environment needs a Python this machine lacks."""
    display_name, version, requirements = SPECS[name]
    stamp = ENVS / name / ".installed"
    wanted = " ".join([f"python{version}" if version else "", *requirements]).strip()
    if not stamp.exists() or stamp.read_text() != wanted:
        if version is None:
            venv.create(ENVS / name, clear=True, with_pip=True)
        else:
            interpreter = find_python(version)
            subprocess.run([interpreter, "-m", "venv", "--clear", ENVS / name], check=True)
        subprocess.run(
            [python(name), "-m", "pip", "install", "-q", *requirements],
            check=True,
            stdout=sys.stderr,
        )
        stamp.write_text(wanted)
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
        try:
            ensure(name)
        except NoPython as missing:
            if os.environ.get("CI"):
                raise
            print(f"{name} left out: {missing} Its tests skip.", file=sys.stderr)
    print(JUPYTER_DATA)


if __name__ == "__main__":
    # `--python 3.10`: print an interpreter of that version (the Makefile's .venv-oldest).
    if sys.argv[1:2] == ["--python"]:
        print(find_python(sys.argv[2]))
    else:
        main()
