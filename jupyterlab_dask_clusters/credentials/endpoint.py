"""The check every S3 endpoint passes before it goes into an environment variable.

Stricter than the wire check in ``protocol`` (which mirrors ``src/protocol.ts``): an endpoint
from the config file or the settings also comes through here, and a user name or password, a
query or a control character must never reach botocore or a message.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .errors import CredentialsError

_MAX_ENDPOINT = 2048


def validate_endpoint(url: object, *, what: str = "The S3 endpoint") -> str:
    """Return ``url`` (stripped) if it is a plain http(s) URL, else raise CredentialsError.

    Refused: other schemes, no host, a bad port, a user name or password in the URL,
    whitespace or control characters, a query or fragment. ``what`` starts the message.
    """
    if not isinstance(url, str):
        raise CredentialsError(f"{what} is not a usable http(s) URL (it is not a string).")
    url = url.strip()
    if "@" in url:
        # Not echoed: the part before "@" may be a password.
        raise CredentialsError(f"{what} must not contain a user name or password.")
    reason = _endpoint_problem(url)
    if reason:
        shown = repr(url if len(url) <= 100 else url[:100] + "…")
        raise CredentialsError(f"{what} {shown} is not a usable http(s) URL ({reason}).")
    return url


def _endpoint_problem(url: str) -> str | None:
    if not url:
        return "it is empty"
    if len(url) > _MAX_ENDPOINT:
        return "it is too long"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "it contains spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "it is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(
        ("http://", "https://")
    ):
        return "it must start with http:// or https://"
    if not parts.hostname:
        return "it has no host name"
    try:
        parts.port  # noqa: B018 - the property raises ValueError for a bad port
    except ValueError:
        return "its port is not a number from 0 to 65535"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "it must not have a query or fragment"
    return None
