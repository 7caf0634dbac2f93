"""A notebook made through the panel runs headless (nbclient), with no panel to bootstrap
its kernel: the cell "Insert reproducible code" writes brings its own ``%load_ext``."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from jupyterlab_dask_clusters.agent import Agent

from .conftest import KEY_ID, SECRET, RecordingComm


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "execute_result":
            parts.append(output.data["text/plain"])
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts)


def test_the_panels_inserted_cell_runs_headless(
    agent: Agent, comm: RecordingComm, tmp_path: Path, aws_files: None
) -> None:
    # What the panel does: start on a site with a profile applied, then ask for the code.
    assert comm.request("use_profile", name="osn")["ok"]
    started = comm.request(
        "start",
        site="local",
        workers=1,
        options={"threads_per_worker": 1, "dashboard_address": ":0"},
    )
    assert started["ok"], started
    inserted = comm.request("code")["result"]["magic"]
    comm.request("stop")
    assert SECRET not in inserted and KEY_ID not in inserted

    cells = [
        inserted,
        "client.submit(sum, [1, 2]).result()",
        "import os; sorted(client.run(lambda: os.environ['AWS_ACCESS_KEY_ID']).values())",
        "%dask_cluster status",
        "%dask_cluster stop",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in cells])
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    start, compute, worker_key, status, stop = (_text(cell) for cell in nb.cells)
    assert "AWS profile 'osn' applied" in start
    assert "Dask cluster on site 'local' (local): running, 1 / 1 workers" in start
    assert compute == "3"
    assert worker_key == repr([KEY_ID])
    assert "AWS profile: osn, endpoint https://s3.example.org" in status
    assert stop.strip().startswith("The Dask cluster is stopped")
    outputs = [o for cell in nb.cells for o in cell.outputs]
    assert not any(o.output_type == "error" for o in outputs)
    assert not any(SECRET in _text(cell) for cell in nb.cells)
