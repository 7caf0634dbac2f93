"""The one form of a cluster's size on the kernel side (``src/cluster/size.ts`` writes the
same): what ``%dask_cluster status`` prints."""

from __future__ import annotations

from typing import Any

import pytest

from jupyterlab_dask_clusters.cluster.reading import UNBOUNDED
from jupyterlab_dask_clusters.cluster.size import size_text


def snapshot(ready: int, requested: int, adapt: dict[str, int] | None = None) -> Any:
    return {"workers": {"ready": ready, "requested": requested}, "adapt": adapt}


@pytest.mark.parametrize(
    ("shown", "text"),
    [
        (snapshot(2, 2), "2 / 2 workers"),
        (snapshot(5, 4), "5 / 4 workers"),  # shrinking: more ready than asked for
        (snapshot(0, 3), "0 / 3 workers"),
        (snapshot(1, 2, {"minimum": 1, "maximum": 4}), "1 (1–4) workers"),
        (snapshot(5, 4, {"minimum": 1, "maximum": 4}), "5 (1–4) workers"),
        (snapshot(3, 3, {"minimum": 0, "maximum": UNBOUNDED}), "3 (0–∞) workers"),
    ],
)
def test_size_text(shown: Any, text: str) -> None:
    assert size_text(shown) == text
