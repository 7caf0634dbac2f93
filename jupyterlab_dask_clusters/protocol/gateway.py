"""Dask Gateway's messages (kind ``gateway``): its options form and this user's clusters on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .checks import (
    ProtocolError,
    exact_keys,
    fail_out,
    http_url,
    json_object,
    json_value,
    one_of,
    optional_number,
    string,
    whole_count,
)

if TYPE_CHECKING:
    from .checks import ArgChecks


GATEWAY_OPTION_KEYS = frozenset({"name", "label", "type", "default", "choices", "min", "max"})
GATEWAY_OPTION_TYPES = frozenset({"select", "integer", "float", "bool", "string", "mapping"})
GATEWAY_OPTIONS_KEYS = frozenset({"site", "options", "values"})
GATEWAY_CLUSTER_KEYS = frozenset(
    {"name", "status", "workers", "started", "dashboard_link", "options", "current"}
)
GATEWAY_CLUSTER_STATUSES = frozenset({"pending", "running", "stopping", "stopped", "failed"})
GATEWAY_CLUSTERS_KEYS = frozenset({"site", "clusters"})


def _gateway_site_args(args: dict[str, Any]) -> None:
    if "site" not in args:
        raise ProtocolError("invalid", "A gateway request needs a site.")
    string(args["site"], "site")


def _gateway_cluster_args(args: dict[str, Any]) -> None:
    _gateway_site_args(args)
    if "name" not in args:
        raise ProtocolError("invalid", "A gateway cluster request needs a cluster name.")
    string(args["name"], "name")


def check_gateway_option(value: object, where: str) -> None:
    obj = json_object(value, where, "protocol")
    exact_keys(obj, where, GATEWAY_OPTION_KEYS, error_type="protocol")
    string(obj["name"], f"{where} name", "protocol")
    string(obj["label"], f"{where} label", "protocol")
    one_of(obj["type"], GATEWAY_OPTION_TYPES, f"{where} type")
    json_value(obj["default"], f"{where} default")
    choices = obj["choices"]
    if (obj["type"] == "select") != isinstance(choices, list):
        fail_out(f"{where} choices", "must be a list for a select and null otherwise")
    if isinstance(choices, list) and not all(isinstance(c, str) for c in choices):
        fail_out(f"{where} choices", "must be strings")
    optional_number(obj["min"], f"{where} min")
    optional_number(obj["max"], f"{where} max")


def check_gateway_cluster(value: object, where: str) -> None:
    obj = json_object(value, where, "protocol")
    exact_keys(obj, where, GATEWAY_CLUSTER_KEYS, error_type="protocol")
    string(obj["name"], f"{where} name", "protocol")
    one_of(obj["status"], GATEWAY_CLUSTER_STATUSES, f"{where} status")
    if obj["workers"] is not None:
        whole_count(obj["workers"], f"{where} workers", "protocol")
    optional_number(obj["started"], f"{where} started")
    if obj["dashboard_link"] is not None:
        try:
            http_url(obj["dashboard_link"], f"{where} dashboard_link")
        except ProtocolError as exc:
            raise ProtocolError("protocol", exc.message) from None
    json_value(json_object(obj["options"], f"{where} options", "protocol"), f"{where} options")
    if not isinstance(obj["current"], bool):
        fail_out(f"{where} current", "must be a boolean")


def _check_site_listing(
    obj: dict[str, Any],
    shape: str,
    keys: frozenset[str],
    key: str,
    check: Callable[[Any, str], None],
    item: str,
) -> None:
    """A gateway site's listing: its keys, its site, and each entry of its list ``key``."""
    exact_keys(obj, shape, keys, error_type="protocol")
    string(obj["site"], f"{shape} site", "protocol")
    if not isinstance(obj[key], list):
        fail_out(f"{shape} {key}", "must be a list")
    for i, entry in enumerate(obj[key]):
        check(entry, f"{item} {i}")


def check_gateway_options(obj: dict[str, Any]) -> None:
    _check_site_listing(
        obj,
        "GatewayOptions",
        GATEWAY_OPTIONS_KEYS,
        "options",
        check_gateway_option,
        "Gateway option",
    )
    json_value(json_object(obj["values"], "GatewayOptions values", "protocol"), "values")


def check_gateway_clusters(obj: dict[str, Any]) -> None:
    _check_site_listing(
        obj,
        "GatewayClusters",
        GATEWAY_CLUSTERS_KEYS,
        "clusters",
        check_gateway_cluster,
        "Gateway cluster",
    )


ARGS: ArgChecks = {
    "gateway_options": (frozenset({"site"}), _gateway_site_args),
    "gateway_clusters": (frozenset({"site"}), _gateway_site_args),
    "gateway_connect": (frozenset({"site", "name"}), _gateway_cluster_args),
    "gateway_shutdown": (frozenset({"site", "name"}), _gateway_cluster_args),
}
