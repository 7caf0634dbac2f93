"""``GET <base_url>dask-clusters/agent/<protocol>``: the delivered agent (``payload.py``).

One fixed resource: the URL is matched exactly (the protocol version this package speaks),
nothing of the request is read, and any query argument but Jupyter's own ``token`` is refused,
so that no request can name another file. Authenticated and authorized like the kernels API
(the payload is meant to run in a kernel); only GET exists, so XSRF rules are the server's.
The response does not change within a version; tornado adds an ETag.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from ..protocol import PROTOCOL_VERSION
from .payload import payload

if TYPE_CHECKING:
    from tornado.web import Application

ROUTE = f"dask-clusters/agent/{PROTOCOL_VERSION}"


class AgentPayloadHandler(APIHandler):
    auth_resource = "kernels"

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        if set(self.request.query_arguments) - {"token"}:
            raise tornado.web.HTTPError(404)
        self.set_header("Cache-Control", "no-cache")
        self.finish(payload())


def setup_handlers(web_app: Application) -> None:
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [(re.escape(url_path_join(base_url, ROUTE)), AgentPayloadHandler)])
