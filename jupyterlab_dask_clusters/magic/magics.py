"""``%dask_cluster`` (line) and ``%%dask_cluster`` (cell: one command per line, or a YAML/JSON
start mapping, see ``cell_spec``): the panel's operations from a cell, so that a notebook stays
runnable headless. The magic comes only from ``%load_ext jupyterlab_dask_clusters``.

The commands are listed by ``%dask_cluster --help``; ``%dask_cluster VERB --help`` explains one.
Every command calls the same agent operation as the panel (so the panel sees the change at
once); a mistake prints one line (``UsageError``), never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class

from ..protocol import PROTOCOL_VERSION, ProtocolError, scheduler_address
from .cell_spec import is_start_mapping, parse_start_mapping, unknown_key_message
from .commands import HELP_WORDS, PARSERS, USAGE, help_text, parse_options, plain, split_words
from .text import describe, describe_profiles, is_running, profile_details, profile_reach

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from ..agent import Agent


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
        if name in HELP_WORDS:
            print(help_text())
            return
        parser = PARSERS.get(name)
        if parser is None:
            if name.endswith(":"):  # a mapping whose first key is not one of start's
                raise UsageError(unknown_key_message(name[:-1]))
            raise UsageError(f"Unknown command {name!r}. {USAGE}")
        words = split_words(rest)
        if "-h" in words or "--help" in words:  # argparse would exit the kernel
            print(plain(parser.parser.format_help()))  # type: ignore[attr-defined]
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
        details = profile_details(snapshot["profile"]) if snapshot["profile"] else ""
        where = f"; in {profile_reach(snapshot)}" if is_running(snapshot) else ""
        print(f"AWS profile {args.name!r} applied{': ' + details if details else ''}{where}.")

    def _connect_scheduler(self, args: Any) -> None:
        address = scheduler_address(args.address)
        print(describe(self._call("connect_scheduler", {"address": address})))

    def _job_script(self, args: Any) -> None:
        request: dict[str, Any] = {"site": args.site or self.agent.detected_site()}
        if args.options:
            request["options"] = parse_options(args.options)
        print(self._call("job_script", request)["job_script"])

    def _clear_profile(self, args: Any) -> None:
        snapshot = self._call("clear_profile")
        where = profile_reach(snapshot) if is_running(snapshot) else "the kernel"
        print(f"AWS profile cleared: the AWS variables are as they were in {where}.")

    def _code(self, args: Any) -> None:
        print(self._call("code")["magic" if args.magic else "python"], end="")

    # Sites and Dask Gateway clusters (the text is made in ``gateway/text.py``).

    def _sites(self, args: Any) -> None:
        from ..gateway.text import describe_sites

        print(describe_sites(self._call("hello", {"protocol": PROTOCOL_VERSION})))

    def _gateway_site(self, site: str | None) -> str:
        from ..gateway.text import default_gateway_site

        if site:
            return site
        found = default_gateway_site(self._call("hello", {"protocol": PROTOCOL_VERSION}))
        if found is None:
            raise UsageError("No site of kind gateway is configured.")
        return found

    def _gateway_options(self, args: Any) -> None:
        from ..gateway.text import describe_gateway_options

        site = self._gateway_site(args.site)
        print(describe_gateway_options(self._call("gateway_options", {"site": site})))

    def _gateway_clusters(self, args: Any) -> None:
        from ..gateway.text import describe_gateway_clusters

        site = self._gateway_site(args.site)
        print(describe_gateway_clusters(self._call("gateway_clusters", {"site": site})))

    def _connect(self, args: Any) -> None:
        site = self._gateway_site(args.site)
        snapshot = self._call("gateway_connect", {"site": site, "name": args.name})
        print(f"Connected to {args.name}: `cluster` and `client` are set.\n{describe(snapshot)}")

    def _shutdown(self, args: Any) -> None:
        from ..gateway.text import describe_gateway_clusters

        site = self._gateway_site(args.site)
        listing = self._call("gateway_shutdown", {"site": site, "name": args.name})
        print(f"Shut down {args.name}.\n{describe_gateway_clusters(listing)}")


def register(shell: InteractiveShell, agent: Agent) -> None:
    """Register ``%dask_cluster`` with ``shell`` (idempotent: re-registering replaces it)."""
    shell.register_magics(DaskClusterMagics(shell, agent))
