"""What the kinds' ``warm`` and ``prime`` run (see ``agent.warmup``): the imports a start
needs, then what a start does only the first time in a process. Nothing is started or bound."""

from __future__ import annotations


def _route_modules() -> list[str]:
    """The modules of a scheduler's HTTP routes, as dask config names them."""
    import dask

    return list(dask.config.get("distributed.scheduler.http.routes", []))


def import_scheduler_modules() -> None:
    """Import what a scheduler started in this kernel imports when it starts: distributed, the
    HTTP routes of its dashboard server (``distributed.scheduler.http.routes``), the nanny's
    queue to its worker process and, when bokeh is installed, the dashboard itself (the
    largest part of a first start's imports)."""
    import importlib

    import distributed  # noqa: F401

    modules = [
        *_route_modules(),
        "multiprocessing.synchronize",
        "multiprocessing.resource_tracker",
        "distributed.dashboard.scheduler",
    ]
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:  # no bokeh: the scheduler serves a page that says so
            continue


def prime_client() -> None:
    """A client reports the versions of ~20 packages when it connects; distributed reads their
    metadata once per process and keeps it."""
    from distributed.versions import get_versions

    get_versions()


def prime_scheduler() -> None:
    """A scheduler's first start in a process compiles the URL patterns of its HTTP routes and
    its dashboard (~260 of them, ~30 ms), which ``re`` keeps for the next: build both
    applications as the scheduler does, unbound, so that the first start finds them compiled."""
    prime_client()
    from distributed.http.routing import RoutingApplication
    from distributed.http.utils import get_handlers

    RoutingApplication(get_handlers(server=None, modules=_route_modules(), prefix="/"))
    try:
        from bokeh.application import Application
        from bokeh.server.tornado import BokehTornado
        from distributed.dashboard.scheduler import applications
    except ImportError:  # no bokeh: no dashboard to build
        return
    # The routes depend only on the applications' names and the prefix.
    BokehTornado({name: Application() for name in applications}, prefix="/", use_index=False)
