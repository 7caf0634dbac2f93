"""A notebook that uses the magic instead of the old set-up cell runs headless (nbclient)."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

CELLS = [
    "%load_ext jupyterlab_dask_clusters",
    "%dask_cluster start local --workers 2",
    "client.submit(sum, [1, 2]).result()",
    "%dask_cluster status",
    "%dask_cluster stop",
]


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream" and output.name == "stdout":
            parts.append(output.text)
        elif output.output_type == "execute_result":
            parts.append(output.data["text/plain"])
    return "".join(parts)


def test_notebook_runs_headless(tmp_path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in CELLS])
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    load, start, compute, status, stop = (_text(cell) for cell in nb.cells)
    assert load == ""
    assert "Dask cluster on site 'local' (local): running, 2 / 2 workers" in start
    assert compute == "3"
    assert "running" in status and "Dashboard: http" in status
    assert stop.strip() == "The Dask cluster is stopped"
    outputs = [o for cell in nb.cells for o in cell.outputs]
    assert not any(o.output_type == "error" or "Traceback" in o.get("text", "") for o in outputs)
