"""The check that an older kernel is told what it lacks (``supported.py``); the real old kernels
are in ``test_delivery.py``."""

from __future__ import annotations

import types

import pytest

from jupyterlab_dask_clusters import supported


def test_a_python_older_than_supported_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    older = (supported.PYTHON[0], supported.PYTHON[1] - 1, 18)
    monkeypatch.setattr(supported, "sys", types.SimpleNamespace(version_info=older))
    with pytest.raises(supported.UnsupportedKernelError) as raised:
        supported.check()
    minimum = "{}.{}".format(*supported.PYTHON)
    assert str(raised.value) == f"needs Python>={minimum}; this kernel has {older[0]}.{older[1]}.18"
    assert isinstance(raised.value, ImportError)  # what `%load_ext` and importers expect


def test_this_kernel_passes() -> None:
    supported.check()


@pytest.mark.parametrize(
    ("version", "release"),
    [("2022.12.0", (2022, 12)), ("2024.1.0rc1", (2024, 1)), ("2023.10.1+g1a2b", (2023, 10))],
)
def test_distributed_versions_compare_by_year_and_month(
    version: str, release: tuple[int, int]
) -> None:
    assert supported._release(version) == release
