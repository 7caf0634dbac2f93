"""Where this kernel's copy of the package came from: installed in its environment, or
delivered by the panel (``server/loader.py``), for ``hello``'s ``agent_source``."""

from __future__ import annotations


def agent_source() -> str:
    """``"delivered"`` when the panel's loader imported this package from memory, else
    ``"installed"``."""
    loader = __spec__.loader if __spec__ is not None else None
    return "delivered" if hasattr(loader, "jupyterlab_dask_clusters_digest") else "installed"
