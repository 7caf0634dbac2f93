"""The kernels the agent supports: the oldest Python and ``distributed`` (README, "Versions").

Checked whenever a kernel imports this package (``__init__``), delivered or installed, before
anything that needs more, so that an older kernel says what it lacks rather than failing on the
first newer feature; the panel shows that as one line (``src/agent/bootstrap.ts``). The test
kernel ``oldest-dask`` (``tests/kernel_envs.py``) runs exactly these versions. An installation
asks more (``pyproject.toml``: what the server side is tested with).

This module and ``__init__`` must parse on old Pythons (no ``match``, no ``X | Y`` at run time).
"""

from __future__ import annotations

import os
import re
import sys

#: The oldest Python and ``distributed`` (year, month) a kernel may have.
PYTHON = (3, 9)
DISTRIBUTED = (2022, 12)


class UnsupportedKernelError(ImportError):
    """The kernel's Python or ``distributed`` is older than the agent supports. The message
    reads ``needs NAME>=MINIMUM; this kernel has VERSION`` (the panel reads it so)."""


def _release(version: str) -> tuple[int, int]:
    """Year and month of a ``distributed`` version: ``(2022, 12)`` for ``2022.12.0rc1``."""
    found = re.match(r"(\d+)\.(\d+)", version)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def _distributed_version() -> str | None:
    """``distributed``'s version from its metadata (importing it is slow), or None when it is
    not installed (the loader names it) or has no metadata. The metadata is looked for beside
    the package first: searching all of ``sys.path`` costs a kernel milliseconds at import."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        from importlib.util import find_spec
    except ImportError:
        return None
    spec = find_spec("distributed")
    if spec is None or spec.origin is None:
        return None
    beside = os.path.dirname(os.path.dirname(spec.origin))
    # An installed wheel's metadata folder is named NAME-VERSION.dist-info (the packaging
    # spec's), so its name gives the version without parsing its METADATA.
    for name in os.listdir(beside):
        if name.startswith("distributed-") and name.endswith(".dist-info"):
            return name[len("distributed-") : -len(".dist-info")]
    try:
        return version("distributed")
    except PackageNotFoundError:
        return None


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def check() -> None:
    """Raise ``UnsupportedKernelError`` when this kernel is older than the agent supports."""
    if sys.version_info[:2] < PYTHON:
        has = ".".join(map(str, sys.version_info[:3]))
        raise UnsupportedKernelError(f"needs Python>={_dotted(PYTHON)}; this kernel has {has}")
    has = _distributed_version()
    if has is not None and _release(has) < DISTRIBUTED:
        raise UnsupportedKernelError(
            f"needs distributed>={_dotted(DISTRIBUTED)}; this kernel has {has}"
        )
