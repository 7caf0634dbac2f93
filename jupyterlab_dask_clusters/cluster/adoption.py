"""Noticing a cluster made in code: after every cell, the cluster (or client) dask considers
current is shown in the panel, without being asked, like one the panel started.

The look costs nothing while there is no cluster: a ``sys.modules`` lookup tells whether
``distributed`` was even imported, and only then are its live clients and clusters read (no
scheduler is asked anything). It runs on IPython's ``post_run_cell`` event, so it looks once
per cell and never in the background; watching the adopted cluster is the agent's watcher's job.

Which one: the client ``distributed.default_client()`` returns (``get_client``'s choice outside
a task), with its cluster if it was made from one; else a running cluster without a client
(``SpecCluster`` keeps its instances: ``LocalCluster``, dask-jobqueue's). The other live
clients are counted for the snapshot (``reading.other_clients``).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from .controller import Controller


def imported_whole(name: str) -> bool:
    """Whether the module ``name`` is imported, and not still being imported by another thread
    (the agent's warm-up): no cluster exists before, and using it would wait for the import."""
    module = sys.modules.get(name)
    spec = getattr(module, "__spec__", None)
    return module is not None and not getattr(spec, "_initializing", False)


def current() -> tuple[Any, Any] | None:
    """``(cluster, client)`` dask considers current now (either may be None), or None."""
    if not imported_whole("distributed"):
        return None
    client = _default_client()
    if client is not None:
        cluster = getattr(client, "cluster", None)
        if cluster is not None and _closed(cluster):
            return None
        return cluster, client
    cluster = _running_spec_cluster()
    return None if cluster is None else (cluster, None)


def notice(controller: Controller) -> bool:
    """Show what dask considers current if it is new; True when something was adopted.
    A cluster the panel started stays shown; a cluster adopted earlier gives way."""
    found = current()
    if found is None:
        return False
    cluster, client = found
    if controller.holds(cluster if cluster is not None else client):
        return False
    if controller.origin == "started":
        return False
    controller.adopt(cluster, client, replace=True)
    return True


class Noticer:
    """The ``post_run_cell`` hook of one controller (registered once per shell by ``install``);
    ``changed`` is called after a cluster was adopted (the agent pushes the new state)."""

    def __init__(self, controller: Controller, changed: Callable[[], None]) -> None:
        self.controller = controller
        self.changed = changed

    def install(self, shell: InteractiveShell) -> None:
        callbacks = shell.events.callbacks["post_run_cell"]
        if self.after_cell not in callbacks:
            shell.events.register("post_run_cell", self.after_cell)

    def after_cell(self, result: object = None) -> None:
        if not imported_whole("distributed"):  # the whole cost while there is no cluster
            return
        try:
            if notice(self.controller):
                self.changed()
        except Exception:  # never a traceback under the user's cell
            logging.getLogger(__name__).warning("Noticing a Dask cluster failed", exc_info=True)


# ---------------------------------------------------------------------------------------------


def _default_client() -> Any:
    from distributed import default_client

    try:
        client = default_client()
    except ValueError:  # no client
        return None
    return None if getattr(client, "status", None) in ("closing", "closed") else client


def _running_spec_cluster() -> Any:
    spec = sys.modules.get("distributed.deploy.spec")
    instances = getattr(getattr(spec, "SpecCluster", None), "_instances", None)
    for cluster in list(instances or ()):
        if getattr(getattr(cluster, "status", None), "name", "") == "running":
            return cluster
    return None


def _closed(cluster: Any) -> bool:
    status = getattr(cluster, "status", None)
    return getattr(status, "name", status) in ("closing", "closed", "failed")
