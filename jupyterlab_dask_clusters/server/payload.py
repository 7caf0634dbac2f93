"""The delivered agent: the package's kernel-side modules, zipped, wrapped in the constant
loader (``loader.py``) as one Python source that the panel executes in a kernel lacking the
package.

The code is a function of the installed package's files only, built the same way every time
(sorted entries, fixed timestamps): the same bytes for every user and every request of a
version. Nothing from a request goes into it.
"""

from __future__ import annotations

import base64
import functools
import io
import zipfile
from pathlib import Path

PACKAGE = "jupyterlab_dask_clusters"
PACKAGE_DIR = Path(__file__).resolve().parent.parent

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
def delivery_code() -> str:
    """The Python source the panel executes (silently) in a kernel to deliver the agent: the
    loader function, one call with the archive as a base64 literal, and its removal, so that no
    name is left in the user's namespace."""
    archive = base64.b64encode(build_archive()).decode("ascii")
    loader = (Path(__file__).parent / "loader.py").read_text(encoding="utf-8")
    return f'{loader}\n_jdc_deliver("{archive}")\ndel _jdc_deliver\n'
