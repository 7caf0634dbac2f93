"""Where the two AWS files are, as botocore finds them."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

CREDENTIALS_FILE_VAR = "AWS_SHARED_CREDENTIALS_FILE"
CONFIG_FILE_VAR = "AWS_CONFIG_FILE"
_DEFAULT_CREDENTIALS_FILE = "~/.aws/credentials"
_DEFAULT_CONFIG_FILE = "~/.aws/config"


def credentials_path(environ: Mapping[str, str] | None = None) -> str:
    """The credentials file: ``$AWS_SHARED_CREDENTIALS_FILE`` or ``~/.aws/credentials``."""
    env = os.environ if environ is None else environ
    return _expand(env.get(CREDENTIALS_FILE_VAR) or _DEFAULT_CREDENTIALS_FILE, env)


def config_path(environ: Mapping[str, str] | None = None) -> str:
    """The config file: ``$AWS_CONFIG_FILE`` or ``~/.aws/config``."""
    env = os.environ if environ is None else environ
    return _expand(env.get(CONFIG_FILE_VAR) or _DEFAULT_CONFIG_FILE, env)


def _expand(path: str, environ: Mapping[str, str]) -> str:
    """``$VAR``/``${VAR}`` from ``environ`` and ``~`` (``environ['HOME']`` first), absolute."""

    def var(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return environ.get(name, match.group(0))

    path = re.sub(r"\$(?:(\w+)|\{([^}]*)\})", var, path)
    if path == "~" or path.startswith("~/"):
        home = environ.get("HOME") or os.path.expanduser("~")
        path = home + path[1:]
    else:
        path = os.path.expanduser(path)
    return os.path.abspath(path)
