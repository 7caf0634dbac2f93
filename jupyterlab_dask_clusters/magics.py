"""``%dask_cluster`` (line) and ``%%dask_cluster`` (cell, one command per line): the panel's
operations from a cell, so that a notebook stays runnable headless.

The commands are listed in ``DaskClusterMagics.dask_cluster``'s docstring (``%dask_cluster?``).
Every command calls the same agent operation as the panel (so the panel sees the change at
once); a mistake prints one line (``UsageError``), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from .protocol import ProtocolError

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from .agent import Agent
    from .protocol import Profiles, ProfileSummary, Snapshot

# One parser per subcommand; the functions only carry them (see ``DaskClusterMagics._run``).


@magic_arguments(name="%dask_cluster start")
@argument("site", nargs="?", help="site id (default: the site detected in this kernel)")
@argument("--workers", type=int, metavar="N", help="a fixed number of workers")
@argument("--adapt", type=int, nargs=2, metavar=("MIN", "MAX"), help="adaptive bounds")
@argument(
    "--set",
    dest="options",
    action="extend",
    nargs="+",
    default=[],
    metavar="KEY=VALUE",
    help="override a site option (the value is JSON when it parses, else a string)",
)
@argument("--profile", metavar="NAME", help="apply this AWS profile first")
def _start() -> None:
    """Start a Dask cluster in this kernel; leaves `cluster` and `client` in the namespace."""


@magic_arguments(name="%dask_cluster scale")
@argument("workers", type=int, metavar="N")
def _scale() -> None:
    """Scale the cluster to N workers (adaptivity off)."""


@magic_arguments(name="%dask_cluster adapt")
@argument("minimum", type=int, metavar="MIN")
@argument("maximum", type=int, metavar="MAX")
def _adapt() -> None:
    """Let the cluster adapt between MIN and MAX workers."""


@magic_arguments(name="%dask_cluster status")
def _status() -> None:
    """Show the cluster of this kernel."""


@magic_arguments(name="%dask_cluster stop")
def _stop() -> None:
    """Close the client and the cluster."""


@magic_arguments(name="%dask_cluster profiles")
def _profiles() -> None:
    """List the AWS profiles of this kernel's host."""


@magic_arguments(name="%dask_cluster use-profile")
@argument("name", metavar="NAME")
@argument("--endpoint", metavar="URL", help="S3 endpoint (default: the profile's)")
def _use_profile() -> None:
    """Apply an AWS profile to the kernel and its workers."""


@magic_arguments(name="%dask_cluster clear-profile")
def _clear_profile() -> None:
    """Put the kernel's AWS variables back as they were."""


@magic_arguments(name="%dask_cluster job-script")
@argument("site", nargs="?", help="a job-queue site id (default: the site detected in this kernel)")
@argument(
    "--set",
    dest="options",
    action="extend",
    nargs="+",
    default=[],
    metavar="KEY=VALUE",
    help="override a site option, as for start",
)
def _job_script() -> None:
    """Print the job script a start would submit (sbatch's input), submitting nothing."""


_PARSERS: dict[str, Callable[[], None]] = {
    "start": _start,
    "scale": _scale,
    "adapt": _adapt,
    "status": _status,
    "stop": _stop,
    "profiles": _profiles,
    "use-profile": _use_profile,
    "clear-profile": _clear_profile,
    "job-script": _job_script,
}

USAGE = "Usage: %dask_cluster " + " | ".join(_PARSERS) + " (see %dask_cluster? for details)"


def parse_options(items: list[str]) -> dict[str, Any]:
    """``["threads_per_worker=2", "processes=false", "memory_limit=4GB"]`` →
    ``{"threads_per_worker": 2, "processes": False, "memory_limit": "4GB"}``."""
    options: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set takes KEY=VALUE, not {item!r}.")
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        options[key.strip()] = value
    return options


@magics_class
class DaskClusterMagics(Magics):
    def __init__(self, shell: InteractiveShell | None, agent: Agent) -> None:
        super().__init__(shell)
        self.agent = agent

    @line_cell_magic
    def dask_cluster(self, line: str, cell: str | None = None) -> None:
        """Start, scale, adapt, stop and show this kernel's Dask cluster.

        %dask_cluster start [SITE] [--workers N | --adapt MIN MAX] [--set KEY=VALUE ...]
                            [--profile NAME]
        %dask_cluster scale N
        %dask_cluster adapt MIN MAX
        %dask_cluster status
        %dask_cluster stop
        %dask_cluster profiles
        %dask_cluster use-profile NAME [--endpoint URL]
        %dask_cluster clear-profile
        %dask_cluster job-script [SITE] [--set KEY=VALUE ...]

        As a cell magic (%%dask_cluster), each non-empty line is one command.
        """
        commands = [line] if cell is None else [line, *cell.splitlines()]
        for command in commands:
            command = command.strip()
            if command and not command.startswith("#"):
                self._run(command)
            elif cell is None:
                raise UsageError(USAGE)

    def _run(self, command: str) -> None:
        name, _, rest = command.partition(" ")
        parser = _PARSERS.get(name)
        if parser is None:
            raise UsageError(f"Unknown command {name!r}. {USAGE}")
        args = parse_argstring(parser, rest)
        getattr(self, "_" + name.replace("-", "_"))(args)

    def _call(self, op: str, args: dict[str, Any] | None = None) -> Any:
        try:
            return self.agent.call(op, args)
        except ProtocolError as exc:
            raise UsageError(exc.message) from None

    # -----------------------------------------------------------------------------------------

    def _start(self, args: Any) -> None:
        request: dict[str, Any] = {"site": args.site or self.agent.detected_site()}
        if args.workers is not None:
            request["workers"] = args.workers
        if args.adapt is not None:
            request["adapt"] = {"minimum": args.adapt[0], "maximum": args.adapt[1]}
        if args.options:
            request["options"] = parse_options(args.options)
        if args.profile:
            request["profile"] = args.profile
        print(describe(self._call("start", request)))

    def _scale(self, args: Any) -> None:
        print(describe(self._call("scale", {"workers": args.workers})))

    def _adapt(self, args: Any) -> None:
        print(describe(self._call("adapt", {"minimum": args.minimum, "maximum": args.maximum})))

    def _status(self, args: Any) -> None:
        snapshot = self._call("state")
        if snapshot["status"] in ("none", "stopped"):
            print(f"{describe(snapshot)} (detected site: {self.agent.detected_site()})")
        else:
            print(describe(snapshot))

    def _stop(self, args: Any) -> None:
        print(describe(self._call("stop")))

    def _profiles(self, args: Any) -> None:
        print(describe_profiles(self._call("profiles")))

    def _use_profile(self, args: Any) -> None:
        request = {"name": args.name}
        if args.endpoint:
            request["endpoint"] = args.endpoint
        snapshot = self._call("use_profile", request)
        details = _profile_details(snapshot["profile"]) if snapshot["profile"] else ""
        workers = "; the cluster's workers have it too" if _running(snapshot) else ""
        print(f"AWS profile {args.name!r} applied{': ' + details if details else ''}{workers}.")

    def _job_script(self, args: Any) -> None:
        request: dict[str, Any] = {"site": args.site or self.agent.detected_site()}
        if args.options:
            request["options"] = parse_options(args.options)
        print(self._call("job_script", request)["job_script"])

    def _clear_profile(self, args: Any) -> None:
        snapshot = self._call("clear_profile")
        whose = "of the kernel and the cluster's workers" if _running(snapshot) else "of the kernel"
        print(f"AWS profile cleared: the AWS variables {whose} are as they were.")


# ---------------------------------------------------------------------------------------------
# Text for people
# ---------------------------------------------------------------------------------------------


def _bytes(n: int) -> str:
    from dask.utils import format_bytes

    return format_bytes(n)


def _running(snapshot: Snapshot) -> bool:
    return snapshot["status"] == "running"


def _profile_details(profile: ProfileSummary) -> str:
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
        workers = snapshot["workers"]
        sizing = (
            f"adapting {snapshot['adapt']['minimum']}–{snapshot['adapt']['maximum']}, "
            if snapshot["adapt"]
            else ""
        )
        lines = [
            f"Dask cluster on site {snapshot['site']!r} ({snapshot['kind']}): {status}, "
            f"{sizing}workers {workers['ready']} ready of {workers['requested']} requested, "
            f"{snapshot['threads']} threads, {_bytes(snapshot['memory'])} memory"
        ]
        if snapshot["dashboard_link"]:
            lines.append(f"Dashboard: {snapshot['dashboard_link']}")
        if snapshot.get("jobs"):
            jobs = ", ".join(f"{job['id'] or '…'} {job['state']}" for job in snapshot["jobs"])
            lines.append(f"Jobs: {jobs}")
    profile = _profile_line(snapshot)
    if profile:
        lines.append(profile)
    return "\n".join(lines)


def describe_profiles(profiles: Profiles) -> str:
    if profiles["error"]:
        return profiles["error"]
    lines = []
    for p in profiles["profiles"]:
        mark = "*" if p["name"] == profiles["active"] else " "
        details = _profile_details(p)
        lines.append(f"{mark} {p['name']} ({p['source']}){': ' + details if details else ''}")
    return "\n".join(lines)


def register(shell: InteractiveShell, agent: Agent) -> None:
    """Register ``%dask_cluster`` with ``shell`` (idempotent: re-registering replaces it)."""
    shell.register_magics(DaskClusterMagics(shell, agent))
