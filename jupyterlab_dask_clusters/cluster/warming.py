"""What a kind's ``warm`` imports (see ``agent.warmup``), for the kinds whose scheduler runs in
this kernel (``local``, ``jobqueue``)."""

from __future__ import annotations


def import_scheduler_modules() -> None:
    """Import what a scheduler started in this kernel imports when it starts: distributed, the
    HTTP routes of its dashboard server (``distributed.scheduler.http.routes``) and, when bokeh
    is installed, the dashboard itself (the largest part of a first start's imports)."""
    import importlib

    import dask
    import distributed  # noqa: F401

    modules = [
        *dask.config.get("distributed.scheduler.http.routes", []),
        "distributed.dashboard.scheduler",
    ]
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:  # no bokeh: the scheduler serves a page that says so
            continue
