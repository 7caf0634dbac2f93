"""Text for people: what ``%dask_cluster`` prints about the cluster and the AWS profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..cluster.size import size_text

if TYPE_CHECKING:
    from ..protocol import Profiles, ProfileSummary, Snapshot


def _bytes(n: int) -> str:
    from dask.utils import format_bytes

    return format_bytes(n)


def is_running(snapshot: Snapshot) -> bool:
    return snapshot["status"] == "running"


def profile_reach(snapshot: Snapshot) -> str:
    """Where a profile change is, with a running cluster (a change restarts no worker)."""
    ready = snapshot["workers"]["ready"]
    if ready == 0:
        return "the kernel, and in the cluster's workers as they start"
    workers = "1 worker (not restarted)" if ready == 1 else f"{ready} workers (none restarted)"
    return f"the kernel and the cluster's {workers}"


def profile_details(profile: ProfileSummary) -> str:
    """``endpoint URL, region R, key AKIA…WXYZ`` (what is known; the key id masked)."""
    shown = (
        ("endpoint", profile["endpoint"]),
        ("region", profile["region"]),
        ("key", profile["key_id"]),
    )
    return ", ".join(f"{label} {value}" for label, value in shown if value)


def _profile_line(snapshot: Snapshot) -> str | None:
    profile = snapshot["profile"]
    if profile is None:
        return None
    where = f", endpoint {profile['endpoint']}" if profile["endpoint"] else ""
    return f"AWS profile: {profile['name']}{where}"


def _what(snapshot: Snapshot) -> str:
    origin = snapshot.get("origin")
    if origin == "connected":
        return f"Dask scheduler at {snapshot['name']} (connected by address)"
    if origin == "adopted" and snapshot["site"] is None:
        name = (snapshot["name"] or "").split("(", 1)[0] or "a cluster"
        return f"Dask cluster made in this notebook ({name}, {snapshot['kind']})"
    return f"Dask cluster on site {snapshot['site']!r} ({snapshot['kind']})"


def describe(snapshot: Snapshot) -> str:
    """A short human summary of a snapshot (what ``%dask_cluster status`` prints)."""
    status = snapshot["status"]
    if status == "none":
        lines = ["No Dask cluster in this kernel"]
    elif status == "stopped":
        lines = ["The Dask cluster is stopped"]
    elif status == "failed":
        lines = [f"Dask cluster on site {snapshot['site']!r} failed: {snapshot['error']}"]
    else:
        lines = [
            f"{_what(snapshot)}: {status}, {size_text(snapshot)}, "
            f"{snapshot['threads']} threads, {_bytes(snapshot['memory'])} memory"
        ]
        others = snapshot.get("other_clients", 0)
        if others:
            lines.append(f"(shown: the default client; {others} other client(s) in this kernel)")
        if snapshot["dashboard_link"]:
            lines.append(f"Dashboard: {snapshot['dashboard_link']}")
        if snapshot.get("jobs"):
            jobs = ", ".join(f"{job['id'] or '…'} {job['state']}" for job in snapshot["jobs"])
            lines.append(f"Jobs: {jobs}")
    profile = _profile_line(snapshot)
    if profile:
        lines.append(profile)
    return "\n".join(lines)


#: No AWS files is a normal state: said as the panel says it, with what to do next.
NO_PROFILES = "No AWS profiles found. Add one to ~/.aws/credentials to give your workers S3 access."


def describe_profiles(profiles: Profiles) -> str:
    if profiles["error"]:
        return profiles["error"]
    if not profiles["profiles"]:
        return NO_PROFILES
    lines = []
    for p in profiles["profiles"]:
        mark = "*" if p["name"] == profiles["active"] else " "
        details = profile_details(p)
        lines.append(f"{mark} {p['name']} ({p['source']}){': ' + details if details else ''}")
    return "\n".join(lines)
