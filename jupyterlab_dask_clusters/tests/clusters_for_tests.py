"""A small cluster manager class for the ``class`` kind's tests: a ``SpecCluster`` subclass of
in-process workers, as a user's own or a third-party manager would be."""

from __future__ import annotations

from typing import Any

from distributed import Scheduler, SpecCluster, Worker


class ThreadCluster(SpecCluster):
    """Workers as threads of this process, each with ``threads`` threads."""

    def __init__(self, threads: int = 1, *, dashboard_address: str = ":0", **kwargs: Any) -> None:
        scheduler = {
            "cls": Scheduler,
            "options": {"dashboard_address": dashboard_address, "protocol": "inproc://"},
        }
        worker = {"cls": Worker, "options": {"nthreads": threads}}
        super().__init__(scheduler=scheduler, worker=worker, **kwargs)
