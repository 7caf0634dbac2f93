"""Text for people about sites and Dask Gateway clusters (what ``%dask_cluster sites``,
``gateway-options`` and ``gateway-clusters`` print)."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..protocol import GatewayClusters, GatewayOption, GatewayOptions, Hello


def default_gateway_site(hello: Hello) -> str | None:
    """The detected site if it is a gateway site, else the first gateway site, else None."""
    gateways = [site["id"] for site in hello["sites"] if site["kind"] == "gateway"]
    if hello["detected_site"] in gateways:
        return hello["detected_site"]
    return gateways[0] if gateways else None


def describe_sites(hello: Hello) -> str:
    """One line per site: ``* nebari  gateway  available  Nebari (Dask Gateway)``."""
    width = max((len(site["id"]) for site in hello["sites"]), default=0)
    lines = []
    for site in hello["sites"]:
        mark = "*" if site["id"] == hello["detected_site"] else " "
        state = "available" if site["available"] else f"unavailable: {site['reason']}"
        lines.append(f"{mark} {site['id']:<{width}}  {site['kind']:<8}  {site['label']}: {state}")
    lines.append("(* detected in this kernel)")
    return "\n".join(lines)


def _value(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _range(option: GatewayOption) -> str:
    if option["choices"] is not None:
        return "one of " + ", ".join(repr(c) for c in option["choices"])
    low, high = option["min"], option["max"]
    if low is not None or high is not None:
        low_text = "-∞" if low is None else f"{low:g}"
        high_text = "∞" if high is None else f"{high:g}"
        return f"{option['type']} from {low_text} to {high_text}"
    return option["type"]


def describe_gateway_options(result: GatewayOptions) -> str:
    """Each option: its name and label, what it accepts, and the value a start uses."""
    lines = [f"Cluster options of the Dask Gateway (site {result['site']!r}):"]
    for option in result["options"]:
        value = result["values"].get(option["name"], option["default"])
        default = option["default"]
        note = "" if value == default else f" (gateway default {_value(default)})"
        lines.append(
            f"  {option['name']} = {_value(value)}{note}  [{option['label']}: {_range(option)}]"
        )
    lines.append("Change one at start: %dask_cluster start --set NAME=VALUE")
    return "\n".join(lines)


def _age(started: float | None, now: float) -> str:
    if started is None:
        return "?"
    seconds = max(0, int(now - started))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def describe_gateway_clusters(result: GatewayClusters, now: float | None = None) -> str:
    """One line per cluster: name, status, workers, age, dashboard (→ this kernel's)."""
    if not result["clusters"]:
        return "No pending or running clusters on the Dask Gateway."
    now = time.time() if now is None else now
    lines = []
    for cluster in result["clusters"]:
        workers = "?" if cluster["workers"] is None else cluster["workers"]
        mine = "  ← this kernel's" if cluster["current"] else ""
        dashboard = f", dashboard {cluster['dashboard_link']}" if cluster["dashboard_link"] else ""
        lines.append(
            f"{cluster['name']}: {cluster['status']}, {workers} workers, "
            f"age {_age(cluster['started'], now)}{dashboard}{mine}"
        )
    return "\n".join(lines)
