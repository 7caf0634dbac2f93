"""The protocol's version, its error, and the checks every message is made of (once).

Each check takes the value, where it is (for the message) and the error type to raise:
``invalid`` for a request's argument, ``protocol`` for a message the kernel sends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from ..shapes import Adapt, ErrorType

    #: A feature's requests: op → (allowed argument names, the check of their values).
    ArgChecks = dict[str, tuple[frozenset[str], Callable[[dict[str, Any]], None]]]

PROTOCOL_VERSION = 1

#: The most workers a start, scale, adapt or site may ask for (``MAX_WORKERS`` of
#: src/protocol/): far above what a site runs, far below what would swamp a kernel.
MAX_WORKERS = 10_000

ERROR_TYPES: frozenset[str] = frozenset({"protocol", "invalid", "conflict", "failed"})
STATUSES: frozenset[str] = frozenset(
    {"none", "starting", "running", "stopping", "stopped", "failed"}
)
KINDS: frozenset[str] = frozenset({"local", "gateway", "jobqueue", "class"})
ORIGINS: frozenset[str] = frozenset({"started", "adopted", "connected"})
CAPABILITIES: frozenset[str] = frozenset({"scale", "adapt", "stop"})


class ProtocolError(Exception):
    """A request that cannot be carried out, with the protocol's error type."""

    def __init__(self, type: ErrorType, message: str) -> None:
        super().__init__(message)
        self.type: ErrorType = type
        self.message = message


# ---------------------------------------------------------------------------------------------
# Value checks shared by both directions
# ---------------------------------------------------------------------------------------------


def fail(where: str, what: str, error_type: ErrorType = "invalid") -> NoReturn:
    raise ProtocolError(error_type, f"{where[:1].upper()}{where[1:]} {what}.")


def is_int(value: object) -> bool:
    # JSON gives ints and floats; bool is an int subclass in Python but not a number here.
    return isinstance(value, int) and not isinstance(value, bool)


def whole_count(value: object, where: str, error_type: ErrorType = "invalid") -> int:
    if not is_int(value):
        fail(where, "must be a whole number", error_type)
    if value < 0:  # type: ignore[operator]
        fail(where, f"must be 0 or more, not {value}", error_type)
    return value  # type: ignore[return-value]


def worker_count(value: object, where: str, error_type: ErrorType = "invalid") -> int:
    """A number of workers a request or a site asks for: a whole number from 0 to
    ``MAX_WORKERS`` (a slip such as 10000000 is refused before a cluster tries it)."""
    count = whole_count(value, where, error_type)
    if count > MAX_WORKERS:
        fail(where, f"must be at most {MAX_WORKERS}, not {count}", error_type)
    return count


def string(value: object, where: str, error_type: ErrorType = "invalid") -> str:
    if not isinstance(value, str) or not value:
        fail(where, "must be a non-empty string", error_type)
    return value


def optional_string(value: object, where: str, error_type: ErrorType = "invalid") -> str | None:
    return None if value is None else string(value, where, error_type)


def json_object(value: object, where: str, error_type: ErrorType = "invalid") -> dict[str, Any]:
    if not isinstance(value, dict):
        fail(where, "must be an object", error_type)
    return value


def exact_keys(
    obj: dict[str, Any],
    where: str,
    required: frozenset[str] | set[str],
    optional: frozenset[str] | set[str] = frozenset(),
    error_type: ErrorType = "invalid",
) -> None:
    unknown = sorted(set(obj) - set(required) - set(optional))
    if unknown:
        fail(where, f"has unknown key {unknown[0]!r}", error_type)
    missing = sorted(set(required) - set(obj))
    if missing:
        fail(where, f"is missing {missing[0]!r}", error_type)


def json_value(value: object, where: str) -> None:
    if value is None or isinstance(value, (str, bool, int, float)):
        return
    if isinstance(value, list):
        for item in value:
            json_value(item, where)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                fail(where, "has a key that is not a string")
            json_value(item, where)
        return
    fail(where, "must hold JSON values only")


def adapt_bounds(
    value: object,
    where: str,
    error_type: ErrorType = "invalid",
    count: Callable[[object, str, ErrorType], int] = worker_count,
) -> Adapt:
    """Adaptive bounds; ``count`` checks each (a snapshot's may be unbounded: ``whole_count``)."""
    obj = json_object(value, where, error_type)
    exact_keys(obj, where, {"minimum", "maximum"}, error_type=error_type)
    minimum = count(obj["minimum"], f"{where} minimum", error_type)
    maximum = count(obj["maximum"], f"{where} maximum", error_type)
    check_bounds(minimum, maximum, error_type)
    return {"minimum": minimum, "maximum": maximum}


def check_bounds(minimum: int, maximum: int, error_type: ErrorType = "invalid") -> None:
    if minimum > maximum:
        raise ProtocolError(
            error_type, f"The minimum ({minimum}) is larger than the maximum ({maximum})."
        )


def http_url(value: object, where: str) -> str:
    """An http(s) URL with a host and no whitespace (a dashboard link; an S3 endpoint has the
    stricter ``endpoint_problem``)."""
    from urllib.parse import urlsplit

    url = string(value, where)
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        ok = False
    if not ok or any(c.isspace() for c in url):
        fail(where, f"must be an http(s) URL, not {url!r}")
    return url


def no_args(args: dict[str, Any]) -> None:
    pass


def fail_out(where: str, what: str) -> NoReturn:
    fail(where, what, "protocol")


def one_of(value: object, choices: frozenset[str], where: str) -> None:
    """A kernel→browser value that must be one of ``choices``."""
    if value not in choices:
        fail_out(where, f"must be one of {', '.join(sorted(choices))}")


def optional_number(value: object, where: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        fail_out(where, "must be null or a number")
