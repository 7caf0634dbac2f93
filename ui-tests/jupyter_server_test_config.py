"""Server configuration for the galata tests.

Never use this configuration in production: it opens the server without authentication and
exposes JupyterLab objects on the page's window.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.ip = "127.0.0.1"  # noqa: F821
# GALATA_PORT lets several checkouts run their galata suites side by side (playwright.config.js).
c.ServerApp.port = int(os.environ.get("GALATA_PORT", "8888"))  # noqa: F821
c.ServerApp.port_retries = 0  # noqa: F821
# CI runs as root; without this the server refuses to start.
c.ServerApp.allow_root = True  # noqa: F821
