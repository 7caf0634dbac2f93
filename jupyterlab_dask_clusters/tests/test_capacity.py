"""What a local worker takes of the machine, as the hello tells the panel (cluster/capacity.py)."""

from __future__ import annotations

import os

import pytest

from jupyterlab_dask_clusters.cluster import capacity, sites


def _local(**options: object) -> dict:
    return {**sites.builtin_sites()["local"], "options": options}


def test_the_machine_has_this_hosts_cores_and_memory() -> None:
    import psutil

    machine = capacity.machine()
    assert machine == {"cpus": os.cpu_count(), "memory": psutil.virtual_memory().total}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"threads_per_worker": {"$cpu_count": True}}, {"threads": os.cpu_count(), "memory": None}),
        ({"threads_per_worker": 2, "memory_limit": "4GB"}, {"threads": 2, "memory": 4_000_000_000}),
        ({"memory_limit": 2**30}, {"threads": None, "memory": 2**30}),
        # LocalCluster shares these out itself: nothing to add up.
        ({"memory_limit": "auto"}, {"threads": None, "memory": None}),
        ({"memory_limit": 0.5}, {"threads": None, "memory": None}),
        ({"memory_limit": {"$env": "MEM", "default": "1GB"}}, {"threads": None, "memory": None}),
        ({}, {"threads": None, "memory": None}),
    ],
)
def test_a_local_worker_size_is_read_from_the_sites_options(options: dict, expected: dict) -> None:
    assert capacity.worker_size(_local(**options)) == expected


def test_only_local_sites_have_a_worker_size() -> None:
    merged = sites.merge_sites(None)
    summaries = {site_id: sites.summarize(site_id, spec) for site_id, spec in merged.items()}
    with_size = {site_id for site_id, summary in summaries.items() if "worker_size" in summary}
    assert with_size == {site_id for site_id, spec in merged.items() if spec["kind"] == "local"}
    # The built-in local site: one worker with every core, as the seed's code gives.
    assert merged["local"]["workers"] == 1
    assert summaries["local"]["worker_size"] == {"threads": os.cpu_count(), "memory": None}
