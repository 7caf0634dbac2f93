"""The AWS profiles' messages (``profiles``, ``use_profile``, ``clear_profile``) and the one
rule for an S3 endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .checks import (
    ProtocolError,
    exact_keys,
    fail,
    fail_out,
    json_object,
    no_args,
    one_of,
    optional_string,
    string,
)

if TYPE_CHECKING:
    from .checks import ArgChecks


PROFILE_SOURCES: frozenset[str] = frozenset({"credentials", "config", "both"})
PROFILE_KEYS = frozenset({"name", "source", "endpoint", "region", "key_id"})
PROFILES_KEYS = frozenset({"profiles", "active", "error"})

#: The longest S3 endpoint URL accepted.
MAX_ENDPOINT = 2048


def endpoint_problem(url: str) -> str | None:
    """Why ``url`` is not a usable S3 endpoint, or None: the one rule for an endpoint, from
    the wire, the settings or an AWS config file (``src/protocol/`` mirrors it). A plain
    http(s) URL with a host; no user name or password, query, fragment, whitespace or
    control character (they must never reach botocore or a message)."""
    if not url:
        return "it is empty"
    if len(url) > MAX_ENDPOINT:
        return "it is too long"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "it contains spaces or control characters"
    if "@" in url:
        return "it must not contain a user name or password"
    if "?" in url or "#" in url:
        return "it must not have a query or fragment"
    if not url.lower().startswith(("http://", "https://")):
        return "it must start with http:// or https://"
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return "it is not a valid URL"
    if not parts.hostname:
        return "it has no host name"
    try:
        parts.port  # noqa: B018 - the property raises ValueError for a bad port
    except ValueError:
        return "its port is not a number from 0 to 65535"
    return None


def endpoint_url(value: object, where: str) -> str:
    url = string(value, where)
    problem = endpoint_problem(url)
    if problem:
        # Not echoed: the part before an "@" may be a password.
        fail(where, f"must be an http(s) URL: {problem}")
    return url


def _use_profile_args(args: dict[str, Any]) -> None:
    if "name" not in args:
        raise ProtocolError("invalid", "use_profile needs a profile name.")
    string(args["name"], "name")
    if "endpoint" in args:
        endpoint_url(args["endpoint"], "endpoint")


def check_profile(value: object, where: str) -> None:
    obj = json_object(value, where, "protocol")
    exact_keys(obj, where, PROFILE_KEYS, error_type="protocol")
    string(obj["name"], f"{where} name", "protocol")
    one_of(obj["source"], PROFILE_SOURCES, f"{where} source")
    for key in ("endpoint", "region", "key_id"):
        optional_string(obj[key], f"{where} {key}", "protocol")


def check_profiles(obj: dict[str, Any]) -> None:
    exact_keys(obj, "Profiles", PROFILES_KEYS, error_type="protocol")
    if not isinstance(obj["profiles"], list):
        fail_out("Profiles profiles", "must be a list")
    for i, profile in enumerate(obj["profiles"]):
        check_profile(profile, f"Profile {i}")
    optional_string(obj["active"], "Profiles active", "protocol")
    optional_string(obj["error"], "Profiles error", "protocol")


ARGS: ArgChecks = {
    "profiles": (frozenset(), no_args),
    "use_profile": (frozenset({"name", "endpoint"}), _use_profile_args),
    "clear_profile": (frozenset(), no_args),
}
