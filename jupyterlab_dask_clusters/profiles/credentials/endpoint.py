"""The check every S3 endpoint passes before it goes into an environment variable: the
rule of ``protocol.endpoint_problem`` (the same on the wire, in the settings and for an
endpoint read from the AWS config file), with a message for the user."""

from __future__ import annotations

from ...protocol import endpoint_problem
from .errors import CredentialsError


def validate_endpoint(url: object, *, what: str = "The S3 endpoint") -> str:
    """Return ``url`` (stripped) if it is a plain http(s) URL, else raise CredentialsError.
    ``what`` starts the message."""
    if not isinstance(url, str):
        raise CredentialsError(f"{what} is not a usable http(s) URL (it is not a string).")
    url = url.strip()
    reason = endpoint_problem(url)
    if reason is None:
        return url
    if "@" in url:  # not echoed: the part before "@" may be a password
        raise CredentialsError(f"{what} must not contain a user name or password.")
    shown = repr(url if len(url) <= 100 else url[:100] + "…")
    raise CredentialsError(f"{what} {shown} is not a usable http(s) URL ({reason}).")
