"""Sphinx configuration of the docs site (`make docs`): MyST Markdown, the PyData theme.

The build is offline and quick: no intersphinx, no notebook execution. The pages' runnable
blocks are run by `jupyterlab_dask_clusters/tests/test_docs_blocks.py`, in `make test-python`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))

_package = json.loads((DOCS.parent / "package.json").read_text())

project = "jupyterlab-dask-clusters"
author = "the jupyterlab-dask-clusters contributors"
copyright = "the jupyterlab-dask-clusters contributors"
release = version = _package["version"]

extensions = ["myst_parser", "runnable", "generated"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

# Anchors for `page.md#a-heading` links, checked like every other internal link.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]
# Quotes stay as written: the settings' descriptions hold JSON.
smartquotes = False
# Every cross-reference must resolve.
nitpicky = True

html_theme = "pydata_sphinx_theme"
html_title = project
html_static_path: list[str] = []
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
    # No icon links or version switcher: both would fetch from the network.
}
html_show_sourcelink = False
