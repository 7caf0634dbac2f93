"""The docs' runnable blocks run: each page's ```` ```{runnable} ```` blocks (docs/**/*.md), in
order, as the cells of one notebook in a real kernel (nbclient), so what a page shows works.

A block's ``:needs:`` option names what its page needs besides a LocalCluster, provided here as
a user's kernel would have it: ``gateway`` (a real Dask Gateway, found through dask config, as
on Nebari), ``aws`` (AWS files with the page's profile), ``slurm`` (the test Slurm, with the
machine's own options in an administrator's dask config, as on an HPC system).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .gateway import dask_env, gateway_server
from .slurm import slurm_fixture, slurm_options  # noqa: F401

DOCS = Path(__file__).resolve().parents[2] / "docs"
FENCE = re.compile(r"^```\{runnable\}[^\n]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)
KNOWN_NEEDS = {"gateway", "aws", "slurm"}


def runnable_blocks(text: str) -> tuple[set[str], list[str]]:
    """(what the blocks need, each block's code) of one page."""
    needs: set[str] = set()
    cells = []
    for body in FENCE.findall(text):
        lines = body.splitlines()
        while lines and lines[0].startswith(":"):
            name, _, value = lines.pop(0)[1:].partition(":")
            assert name == "needs", f"unknown option :{name}: of a runnable block"
            needs |= set(value.split())
        cells.append("\n".join(lines).strip())
    return needs, cells


def _pages() -> list[Path]:
    if not DOCS.is_dir():  # an installed package has no docs
        return []
    pages = (p for p in sorted(DOCS.rglob("*.md")) if "_build" not in p.parts)
    return [p for p in pages if FENCE.search(p.read_text())]


PAGES = _pages()


def _aws_files(directory: Path) -> dict[str, str]:
    credentials = directory / "credentials"
    credentials.write_text(
        "[osn-renci]\n"
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    config = directory / "config"
    config.write_text("")
    return {"AWS_SHARED_CREDENTIALS_FILE": str(credentials), "AWS_CONFIG_FILE": str(config)}


def _slurm_site_config(directory: Path, partition: str) -> dict[str, str]:
    """What an administrator writes in /etc/dask for their Slurm (here: the test one)."""
    options = slurm_options(partition)
    del options["account"]  # from SLURM_JOB_ACCOUNT, as inside a Slurm job
    config = directory / "dask"
    config.mkdir()
    sites = {"dask-clusters": {"sites": {"tallgrass": {"options": options, "adapt": None}}}}
    (config / "dask-clusters.yaml").write_text(json.dumps(sites))  # JSON is YAML
    return {"DASK_CONFIG": str(config), "SLURM_JOB_ACCOUNT": "hytest"}


@contextlib.contextmanager
def _kernel_env(needs: set[str], tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[dict]:
    env = dict(os.environ)
    for name in [n for n in env if n.startswith(("DASK_", "AWS_"))]:
        del env[name]
    with contextlib.ExitStack() as stack:
        if "gateway" in needs:
            env.update(dask_env(stack.enter_context(gateway_server())))
        if "aws" in needs:
            env.update(_aws_files(tmp_path))
        if "slurm" in needs:
            env.update(_slurm_site_config(tmp_path, request.getfixturevalue("slurm")))
        yield env


def _problems(nb: nbformat.NotebookNode) -> list[str]:
    found = []
    for cell in nb.cells:
        for output in cell.outputs:
            text = output.get("text", "")
            if output.output_type == "error" or (
                output.get("name") == "stderr" and ("Error" in text or "Traceback" in text)
            ):
                found.append(f"{cell.source!r}: {text or output.get('evalue')}")
    return found


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_runnable_blocks_of_a_page_run(
    page: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    needs, cells = runnable_blocks(page.read_text())
    assert needs <= KNOWN_NEEDS, f"{page.name} needs {needs - KNOWN_NEEDS}"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    with _kernel_env(needs, tmp_path, request) as env:
        NotebookClient(
            nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
        ).execute(env=env)
    assert _problems(nb) == []


def test_every_site_page_has_runnable_blocks() -> None:
    if not DOCS.is_dir():
        pytest.skip("no docs/ beside an installed package")
    pages = {str(p.relative_to(DOCS)) for p in PAGES}
    for site in ("local", "denali", "nebari", "tallgrass"):
        assert f"user/{site}.md" in pages


def test_blocks_are_read_with_their_needs() -> None:
    text = "```{runnable}\n:needs: gateway aws\n\n%dask_cluster status\n```\n"
    assert runnable_blocks(text) == ({"gateway", "aws"}, ["%dask_cluster status"])
