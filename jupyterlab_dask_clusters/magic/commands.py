"""The commands of ``%dask_cluster``: one argparse parser per command (``PARSERS``), the
``--set KEY=VALUE`` and shell-quoted words they take, and ``%dask_cluster --help``."""

from __future__ import annotations

import json
import shlex
import textwrap
from collections.abc import Callable
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic_arguments import argument, magic_arguments

# One parser per subcommand; the functions only carry them (see ``DaskClusterMagics._run``).
# The arguments several commands share are made once here.


def _set_argument(what: str) -> argument:
    return argument(
        "--set",
        dest="options",
        action="extend",
        nargs="+",
        default=[],
        metavar="KEY=VALUE",
        help=f"override a site option{what}",
    )


_GATEWAY_SITE = argument(
    "site", nargs="?", help="a gateway site (default: the detected or first one)"
)
_GATEWAY_SITE_OPTION = argument(
    "--site", help="a gateway site (default: the detected or first one)"
)
_GATEWAY_CLUSTER = argument("name", metavar="NAME", help="the gateway cluster's name")


@magic_arguments(name="%dask_cluster start")
@argument("site", nargs="?", help="site id (default: the site detected in this kernel)")
@argument("--workers", type=int, metavar="N", help="a fixed number of workers")
@argument("--adapt", type=int, nargs=2, metavar=("MIN", "MAX"), help="adaptive bounds")
@_set_argument(" (the value is JSON when it parses, else a string)")
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
@argument("address", metavar="ADDRESS", help="e.g. tcp://10.0.0.5:8786 or localhost:8786")
def _connect_scheduler() -> None:
    """Connect `client` to a running Dask scheduler (no cluster manager: no scale or adapt)."""


@magic_arguments(name="%dask_cluster sites")
def _sites() -> None:
    """List the sites, their kind, whether they can start here and why not (* detected)."""


@magic_arguments(name="%dask_cluster gateway-options")
@_GATEWAY_SITE
def _gateway_options() -> None:
    """Show the Dask Gateway's cluster options, their choices and the values a start uses."""


@magic_arguments(name="%dask_cluster gateway-clusters")
@_GATEWAY_SITE
def _gateway_clusters() -> None:
    """List your pending and running clusters on the Dask Gateway."""


@magic_arguments(name="%dask_cluster connect")
@_GATEWAY_CLUSTER
@_GATEWAY_SITE_OPTION
def _connect() -> None:
    """Connect to a running gateway cluster: it becomes this kernel's `cluster` and `client`."""


@magic_arguments(name="%dask_cluster shutdown")
@_GATEWAY_CLUSTER
@_GATEWAY_SITE_OPTION
def _shutdown() -> None:
    """Shut down a cluster on the Dask Gateway (its scheduler and workers stop)."""


@magic_arguments(name="%dask_cluster job-script")
@argument("site", nargs="?", help="a job-queue site id (default: the site detected in this kernel)")
@_set_argument(", as for start")
def _job_script() -> None:
    """Print the job script a start would submit (sbatch's input), submitting nothing."""


PARSERS: dict[str, Callable[[], None]] = {
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

USAGE = "Usage: %dask_cluster " + " | ".join(PARSERS) + " (see %dask_cluster --help)"
HELP_WORDS = ("-h", "--help", "help")


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


def split_words(text: str) -> list[str]:
    """A command's words, quoted as in a POSIX shell (``shlex``): what ``codegen`` writes."""
    try:
        return shlex.split(text)
    except ValueError as exc:  # e.g. "No closing quotation"
        raise UsageError(f"Cannot read the command: {exc}.") from None


def plain(text: str) -> str:
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
    for parser in PARSERS.values():
        lines.append(plain(parser.parser.format_usage()))  # type: ignore[attr-defined]
        description = parser.parser.description or ""  # type: ignore[attr-defined]
        lines.append("    " + " ".join(description.split()))
    lines += [
        "",
        "%%dask_cluster: one command per line, or a YAML/JSON mapping that starts a cluster:",
        "    site: local | workers: N or adapt: [MIN, MAX] | profile: NAME | options: {KEY: VALUE}",
        "%dask_cluster VERB --help explains one command.",
    ]
    return "\n".join(lines)
