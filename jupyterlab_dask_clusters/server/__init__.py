"""The Jupyter server extension: one route serving the package's kernel-side code, so that the
panel can bring its agent to kernels whose environment lacks this package (docs/delivery.md).

Nothing here is imported by kernels: the delivered payload leaves this subpackage out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jupyter_server.serverapp import ServerApp


def _load_jupyter_server_extension(serverapp: ServerApp) -> None:
    from .handlers import setup_handlers

    setup_handlers(serverapp.web_app)
