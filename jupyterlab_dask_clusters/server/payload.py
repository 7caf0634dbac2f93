"""The delivered agent: the package's kernel-side modules as a zip archive, and the constant
loader code (``loader.py``) that installs it in a kernel lacking the package, once the panel has
sent it the archive over a comm.

Both are functions of the installed package's files only, built the same way every time
(sorted entries, fixed timestamps): the same bytes for every user and every request of a
version. Nothing from a request goes into them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import zipfile
from pathlib import Path

from ..protocol import PROTOCOL_VERSION
from ..version import __version__

PACKAGE = "jupyterlab_dask_clusters"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: The comm target the loader registers for the archive (``src/agent/delivery.ts``).
DELIVERY_TARGET = "jupyterlab-dask-clusters-delivery"

#: Sub-packages that kernels never need: this server side, the tests, the built labextension.
NOT_KERNEL_SIDE = frozenset({"server", "tests", "labextension", "__pycache__"})

#: A fixed timestamp (zip's earliest) so that the archive depends on file contents only.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def kernel_side_files() -> list[Path]:
    """The ``.py`` files a kernel imports: every module of the package outside
    ``NOT_KERNEL_SIDE``, in a stable order."""
    files = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR)
        if not NOT_KERNEL_SIDE.intersection(relative.parts[:-1]):
            files.append(path)
    return files


def build_archive() -> bytes:
    """A deterministic zip of the kernel-side files, paths starting with ``PACKAGE/``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in kernel_side_files():
            name = f"{PACKAGE}/{path.relative_to(PACKAGE_DIR).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


@functools.cache
def payload() -> dict[str, object]:
    """What the route serves: ``loader``, the Python source the panel executes (silently; it
    leaves no name behind), and ``archive``, the base64 zip it then sends over the loader's
    comm target, whose SHA-256 the loader checks."""
    archive = build_archive()
    digest = hashlib.sha256(archive).hexdigest()
    loader = (Path(__file__).parent / "loader.py").read_text(encoding="utf-8")
    return {
        "version": __version__,
        "protocol": PROTOCOL_VERSION,
        "target": DELIVERY_TARGET,
        "loader": f'{loader}\n_jdc_deliver("{digest}", "{DELIVERY_TARGET}")\ndel _jdc_deliver\n',
        "archive": base64.b64encode(archive).decode("ascii"),
    }
