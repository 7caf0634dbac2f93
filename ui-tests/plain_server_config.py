"""The server of a plain-Playwright suite (plain-playwright.js): loopback only, no token, a
fresh folder of the suite's own (PLAIN_SERVER_FOLDER) on its own port (PLAIN_SERVER_PORT).

Never use this configuration in production: it opens the server without authentication.
"""

import os
from pathlib import Path

c.ServerApp.ip = "127.0.0.1"  # noqa: F821
c.ServerApp.port = int(os.environ["PLAIN_SERVER_PORT"])  # noqa: F821
c.ServerApp.port_retries = 0  # noqa: F821
c.ServerApp.open_browser = False  # noqa: F821
c.ServerApp.token = ""  # noqa: F821
c.ServerApp.password = ""  # noqa: F821
c.ServerApp.disable_check_xsrf = True  # noqa: F821
# CI runs as root; without this the server refuses to start.
c.ServerApp.allow_root = True  # noqa: F821
ROOT = Path(__file__).resolve().parent / ".cache" / os.environ["PLAIN_SERVER_FOLDER"]
ROOT.mkdir(parents=True, exist_ok=True)
c.ServerApp.root_dir = str(ROOT)  # noqa: F821
