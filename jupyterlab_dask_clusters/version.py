"""This package's version (``_version.py`` is written by the build)."""

from __future__ import annotations

try:
    from ._version import __version__
except ImportError:
    # Fallback when using the package in dev mode without installing
    # in editable mode with pip. It is highly recommended to install
    # the package from a stable release or in editable mode: https://pip.pypa.io/en/stable/topics/local-project-installs/#editable-installs
    import warnings

    warnings.warn(
        "Importing 'jupyterlab_dask_clusters' outside a proper installation.", stacklevel=2
    )
    __version__ = "dev"

__all__ = ["__version__"]
