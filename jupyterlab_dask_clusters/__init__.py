"""Start, scale and watch Dask clusters from a JupyterLab sidebar (kernel side).

``%load_ext jupyterlab_dask_clusters`` gives a notebook the ``%dask_cluster`` magic; the
panel's bootstrap (``agent.BOOTSTRAP``) loads the same agent. Importing this package stays
cheap: nothing heavy is imported until a cluster is started.
"""

from __future__ import annotations

from .supported import check as _check_kernel

# First: an older kernel is told what it lacks, before any newer feature fails (supported.py).
_check_kernel()

from typing import TYPE_CHECKING  # noqa: E402

from .version import __version__ as __version__  # noqa: E402

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyterlab-dask-clusters"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    # The route that delivers the kernel side to kernels lacking this package (server/).
    return [{"module": "jupyterlab_dask_clusters.server"}]


def load_ipython_extension(ip: InteractiveShell) -> None:
    """``%load_ext jupyterlab_dask_clusters``: the ``%dask_cluster`` magic and the agent."""
    from .agent import get_agent
    from .magic.magics import register

    agent = get_agent()
    agent.register_target()
    register(ip, agent)
    agent.noticer.install(ip)
    agent.noticer.after_cell()
