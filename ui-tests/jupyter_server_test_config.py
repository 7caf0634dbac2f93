"""Server configuration for the galata tests.

Never use this configuration in production: it opens the server without authentication and
exposes JupyterLab objects on the page's window.
"""

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.ip = "127.0.0.1"  # noqa: F821
# CI runs as root; without this the server refuses to start.
c.ServerApp.allow_root = True  # noqa: F821
