"""The supported versions say the same everywhere they are written: package.json's ranges and
the built bundle's required versions, pyproject.toml, the Makefile's oldest environment (what
`make test-oldest` runs), supported.py (the kernels) and the admin guide's table."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jupyterlab_dask_clusters.supported import DISTRIBUTED, PYTHON

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
TABLE = (ROOT / "docs" / "admin" / "install.md").read_text(encoding="utf-8")
STATIC = ROOT / "jupyterlab_dask_clusters" / "labextension" / "static"


def make_variable(name: str) -> str:
    found = re.search(rf"^{name} := (.+)$", MAKEFILE, re.MULTILINE)
    assert found, name
    return found.group(1)


def oldest_pin(name: str) -> str:
    """The version `make test-oldest` installs of ``name`` (``~=4.0.0`` → ``4.0``)."""
    found = re.search(rf"\b{name}~=(\d+\.\d+)\.0\b", make_variable("OLDEST_PINS"))
    assert found, name
    return found.group(1)


def test_the_bundle_requires_what_package_json_declares() -> None:
    # jupyter-builder writes the core-meta it builds with (^4.6.4) unless sharedPackages says.
    dependencies = PACKAGE["dependencies"]
    shared = PACKAGE["jupyterlab"]["sharedPackages"]
    # A new dependency needs its entry there too, with its range as requiredVersion.
    assert {k: v["requiredVersion"] for k, v in shared.items()} == dependencies
    (entry,) = STATIC.glob("remoteEntry.*.js")
    required = dict(
        re.findall(
            r'shareKey: "([^"]+)", import: null, requiredVersion: "([^"]+)"',
            entry.read_text(encoding="utf-8"),
        )
    )
    assert required, "no shared module consumed?"
    assert required == {k: v for k, v in dependencies.items() if k in required}


def test_jupyterlab_from_the_oldest_tested() -> None:
    oldest = oldest_pin("jupyterlab")
    assert PACKAGE["dependencies"]["@jupyterlab/application"] == f"^{oldest}.0"
    assert f"| JupyterLab | {oldest} and every later 4.x |" in squeezed(TABLE)
    assert f"| Jupyter Notebook | {oldest_pin('notebook')} and every later 7.x |" in squeezed(TABLE)


def test_the_server_side_from_the_oldest_tested() -> None:
    python = make_variable("OLDEST_PYTHON_VERSION")
    assert f'\nrequires-python = ">={python}"\n' in PYPROJECT
    classified = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', PYPROJECT)
    assert classified[0] == python
    distributed = oldest_pin("distributed")
    assert f'\n    "distributed>={distributed}",\n' in PYPROJECT
    assert f"| Python ≥ {python}, distributed ≥ {distributed} |" in squeezed(TABLE)


def test_the_kernels_from_supported_py() -> None:
    python, distributed = "{}.{}".format(*PYTHON), "{}.{}".format(*DISTRIBUTED)
    assert f"| Python ≥ {python}, distributed ≥ {distributed} |" in squeezed(TABLE)
    assert f'\ntarget-version = "py{PYTHON[0]}{PYTHON[1]}"\n' in PYPROJECT  # ruff


def squeezed(text: str) -> str:
    """Markdown table rows with their cells' padding removed."""
    return re.sub(r" *\| *", " | ", text)
