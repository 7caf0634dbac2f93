"""``%dask_cluster`` (line) and ``%%dask_cluster`` (cell: one command per line, or a YAML/JSON
start mapping, see ``cell_spec``): the panel's operations from a cell, so that a notebook stays
runnable headless. The magic comes only from ``%load_ext jupyterlab_dask_clusters``.

The commands are listed by ``%dask_cluster --help``; ``%dask_cluster VERB --help`` explains one.
Every command calls the same agent operation as the panel (so the panel sees the change at
once); a mistake prints one line (``UsageError``), never a traceback.
"""

from __future__ import annotations

import json
import shlex
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments

from .cell_spec import is_start_mapping, parse_start_mapping, unknown_key_message
from .protocol import PROTOCOL_VERSION, ProtocolError

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


@magic_arguments(name="%dask_cluster code")
@argument("--magic", action="store_true", help="print %%load_ext and %%dask_cluster lines instead")
def _code() -> None:
    """Print standalone Python that starts the same cluster with the same AWS profile, without
    this package; the profile's keys are read from the AWS files when it runs."""


@magic_arguments(name="%dask_cluster connect-scheduler")
@argument("address", metavar="ADDRESS", help="e.g. tcp://10.0.0.5:8786")
def _connect_scheduler() -> None:
    """Connect `client` to a running Dask scheduler (no cluster manager: no scale or adapt)."""


@magic_arguments(name="%dask_cluster sites")
def _sites() -> None:
    """List the sites, their kind, whether they can start here and why not (* detected)."""


@magic_arguments(name="%dask_cluster gateway-options")
@argument("site", nargs="?", help="a gateway site (default: the detected or first one)")
def _gateway_options() -> None:
    """Show the Dask Gateway's cluster options, their choices and the values a start uses."""


@magic_arguments(name="%dask_cluster gateway-clusters")
@argument("site", nargs="?", help="a gateway site (default: the detected or first one)")
def _gateway_clusters() -> None:
    """List your pending and running clusters on the Dask Gateway."""


@magic_arguments(name="%dask_cluster connect")
@argument("name", metavar="NAME", help="the gateway cluster's name")
@argument("--site", help="a gateway site (default: the detected or first one)")
def _connect() -> None:
    """Connect to a running gateway cluster: it becomes this kernel's `cluster` and `client`."""


@magic_arguments(name="%dask_cluster shutdown")
@argument("name", metavar="NAME", help="the gateway cluster's name")
@argument("--site", help="a gateway site (default: the detected or first one)")
def _shutdown() -> None:
    """Shut down a cluster on the Dask Gateway (its scheduler and workers stop)."""


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
    "code": _code,
    "connect-scheduler": _connect_scheduler,
    "sites": _sites,
    "gateway-options": _gateway_options,
    "gateway-clusters": _gateway_clusters,
    "connect": _connect,
    "shutdown": _shutdown,
    "job-script": _job_script,
}

USAGE = "Usage: %dask_cluster " + " | ".join(_PARSERS) + " (see %dask_cluster --help)"
_HELP_WORDS = ("-h", "--help", "help")


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
        %dask_cluster connect-scheduler ADDRESS
        %dask_cluster sites
        %dask_cluster gateway-options [SITE]
        %dask_cluster gateway-clusters [SITE]
        %dask_cluster connect NAME [--site SITE]
        %dask_cluster shutdown NAME [--site SITE]
        %dask_cluster job-script [SITE] [--set KEY=VALUE ...]

        Values are quoted as in a shell: --set profile='Small Worker'.

        %dask_cluster code [--magic]
        %dask_cluster VERB --help

        As a cell magic (%%dask_cluster), each non-empty line is one command, or the cell is a
        YAML/JSON mapping of start's keys: site, workers or adapt, profile, options.
        """
        if cell is not None and is_start_mapping(cell):
            if line.strip():
                raise UsageError(
                    "A %%dask_cluster start mapping takes nothing after %%dask_cluster."
                )
            self._start_request(parse_start_mapping(cell))
            return
        commands = [line] if cell is None else [line, *cell.splitlines()]
        for command in commands:
            command = command.strip()
            if command and not command.startswith("#"):
                self._run(command)
            elif cell is None:
                raise UsageError(USAGE)

    def _run(self, command: str) -> None:
        name, _, rest = command.partition(" ")
        if name in _HELP_WORDS:
            print(help_text())
            return
        parser = _PARSERS.get(name)
        if parser is None:
            if name.endswith(":"):  # a mapping whose first key is not one of start's
                raise UsageError(unknown_key_message(name[:-1]))
            raise UsageError(f"Unknown command {name!r}. {USAGE}")
        words = split_words(rest)
        if "-h" in words or "--help" in words:  # argparse would exit the kernel
            print(_plain(parser.parser.format_help()))  # type: ignore[attr-defined]
            return
        args = parser.parser.parse_args(words)  # type: ignore[attr-defined]
        getattr(self, "_" + name.replace("-", "_"))(args)

    def _call(self, op: str, args: dict[str, Any] | None = None) -> Any:
        try:
            return self.agent.call(op, args)
        except ProtocolError as exc:
            raise UsageError(exc.message) from None

    # -----------------------------------------------------------------------------------------

    def _start(self, args: Any) -> None:
        request: dict[str, Any] = {"site": args.site} if args.site else {}
        if args.workers is not None:
            request["workers"] = args.workers
        if args.adapt is not None:
            request["adapt"] = {"minimum": args.adapt[0], "maximum": args.adapt[1]}
        if args.options:
            request["options"] = parse_options(args.options)
        if args.profile:
            request["profile"] = args.profile
        self._start_request(request)

    def _start_request(self, request: dict[str, Any]) -> None:
        request.setdefault("site", self.agent.detected_site())
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
        where = f"; in {_profile_reach(snapshot)}" if _running(snapshot) else ""
        print(f"AWS profile {args.name!r} applied{': ' + details if details else ''}{where}.")

    def _connect_scheduler(self, args: Any) -> None:
        print(describe(self._call("connect_scheduler", {"address": args.address})))

    def _job_script(self, args: Any) -> None:
        request: dict[str, Any] = {"site": args.site or self.agent.detected_site()}
        if args.options:
            request["options"] = parse_options(args.options)
        print(self._call("job_script", request)["job_script"])

    def _clear_profile(self, args: Any) -> None:
        snapshot = self._call("clear_profile")
        where = _profile_reach(snapshot) if _running(snapshot) else "the kernel"
        print(f"AWS profile cleared: the AWS variables are as they were in {where}.")

    def _code(self, args: Any) -> None:
        print(self._call("code")["magic" if args.magic else "python"], end="")

    # Sites and Dask Gateway clusters (the text is made in ``gateway/text.py``).

    def _sites(self, args: Any) -> None:
        from .gateway.text import describe_sites

        print(describe_sites(self._call("hello", {"protocol": PROTOCOL_VERSION})))

    def _gateway_site(self, site: str | None) -> str:
        from .gateway.text import default_gateway_site

        if site:
            return site
        found = default_gateway_site(self._call("hello", {"protocol": PROTOCOL_VERSION}))
        if found is None:
            raise UsageError("No site of kind gateway is configured.")
        return found

    def _gateway_options(self, args: Any) -> None:
        from .gateway.text import describe_gateway_options

        site = self._gateway_site(args.site)
        print(describe_gateway_options(self._call("gateway_options", {"site": site})))

    def _gateway_clusters(self, args: Any) -> None:
        from .gateway.text import describe_gateway_clusters

        site = self._gateway_site(args.site)
        print(describe_gateway_clusters(self._call("gateway_clusters", {"site": site})))

    def _connect(self, args: Any) -> None:
        site = self._gateway_site(args.site)
        snapshot = self._call("gateway_connect", {"site": site, "name": args.name})
        print(f"Connected to {args.name}: `cluster` and `client` are set.\n{describe(snapshot)}")

    def _shutdown(self, args: Any) -> None:
        from .gateway.text import describe_gateway_clusters

        site = self._gateway_site(args.site)
        listing = self._call("gateway_shutdown", {"site": site, "name": args.name})
        print(f"Shut down {args.name}.\n{describe_gateway_clusters(listing)}")


# ---------------------------------------------------------------------------------------------
# Text for people
# ---------------------------------------------------------------------------------------------


def _bytes(n: int) -> str:
    from dask.utils import format_bytes

    return format_bytes(n)


def _running(snapshot: Snapshot) -> bool:
    return snapshot["status"] == "running"


def _profile_reach(snapshot: Snapshot) -> str:
    """Where a profile change is, with a running cluster (a change restarts no worker)."""
    ready = snapshot["workers"]["ready"]
    if ready == 0:
        return "the kernel, and in the cluster's workers as they start"
    workers = "1 worker (not restarted)" if ready == 1 else f"{ready} workers (none restarted)"
    return f"the kernel and the cluster's {workers}"


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
        workers = snapshot["workers"]
        sizing = (
            f"adapting {snapshot['adapt']['minimum']}–{snapshot['adapt']['maximum']}, "
            if snapshot["adapt"]
            else ""
        )
        lines = [
            f"{_what(snapshot)}: {status}, "
            f"{sizing}workers {workers['ready']} ready of {workers['requested']} requested, "
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


def describe_profiles(profiles: Profiles) -> str:
    if profiles["error"]:
        return profiles["error"]
    lines = []
    for p in profiles["profiles"]:
        mark = "*" if p["name"] == profiles["active"] else " "
        details = _profile_details(p)
        lines.append(f"{mark} {p['name']} ({p['source']}){': ' + details if details else ''}")
    return "\n".join(lines)


def split_words(text: str) -> list[str]:
    """A command's words, quoted as in a POSIX shell (``shlex``): what ``codegen`` writes."""
    try:
        return shlex.split(text)
    except ValueError as exc:  # e.g. "No closing quotation"
        raise UsageError(f"Cannot read the command: {exc}.") from None


def _plain(text: str) -> str:
    """IPython's help text without its reST code-block marker and doubled ``%``."""
    text = text.strip().removeprefix("::").strip("\n")
    return textwrap.dedent(text).replace("%%dask_cluster", "%dask_cluster").strip()


def help_text() -> str:
    """``%dask_cluster --help``: what the magic is, and each command's usage and purpose."""
    lines = [
        "%dask_cluster: start, scale and stop this kernel's Dask cluster, and apply AWS profiles.",
        "(Load it with %load_ext jupyterlab_dask_clusters; the panel shows what it does.)",
        "",
    ]
    for parser in _PARSERS.values():
        lines.append(_plain(parser.parser.format_usage()))  # type: ignore[attr-defined]
        description = parser.parser.description or ""  # type: ignore[attr-defined]
        lines.append("    " + " ".join(description.split()))
    lines += [
        "",
        "%%dask_cluster: one command per line, or a YAML/JSON mapping that starts a cluster:",
        "    site: local | workers: N or adapt: [MIN, MAX] | profile: NAME | options: {KEY: VALUE}",
        "%dask_cluster VERB --help explains one command.",
    ]
    return "\n".join(lines)


def register(shell: InteractiveShell, agent: Agent) -> None:
    """Register ``%dask_cluster`` with ``shell`` (idempotent: re-registering replaces it)."""
    shell.register_magics(DaskClusterMagics(shell, agent))
