"""What each operation of the agent does (``Agent._ops``): the protocol's ops, one method each,
over the controller and the features' operations (profiles, code, gateway, previews)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..cluster import capacity, sites
from ..gateway.options import set_kernel_name
from ..protocol import PROTOCOL_VERSION
from ..version import __version__
from .host import host_addresses
from .origin import agent_source

if TYPE_CHECKING:
    from ..cluster.controller import Controller
    from ..gateway.ops import GatewayOps
    from ..profiles.ops import ProfileOps
    from ..protocol import Hello, Result, SiteSpec, Snapshot
    from .warmup import Warmup


class Operations:
    """Mixed into ``Agent``, which makes the attributes below."""

    controller: Controller
    profiles: ProfileOps
    gateway: GatewayOps
    warmup: Warmup
    comms: list[Any]
    _sites: dict[str, SiteSpec] | None

    def _operations(self) -> dict[str, Callable[[dict[str, Any]], Result]]:
        return {
            "hello": self._hello,
            "state": lambda args: self.controller.snapshot(),
            "start": self._start,
            "scale": self._scale,
            "adapt": self._adapt,
            "stop": self._stop,
            "profiles": lambda args: self.profiles.list(),
            "use_profile": self._use_profile,
            "clear_profile": self._clear_profile,
            "code": lambda args: self.code.code(),
            "work": lambda args: self.code.work(),
            "connect_scheduler": self._connect_scheduler,
            "gateway_options": lambda args: self.gateway.options(args["site"]),
            "gateway_clusters": lambda args: self.gateway.clusters(args["site"]),
            "gateway_connect": lambda args: self.gateway.connect(args["site"], args["name"]),
            "gateway_shutdown": lambda args: self.gateway.shutdown(args["site"], args["name"]),
            "site_options": lambda args: self._preview("site_options", args),
            "job_script": lambda args: self._preview("job_script", args),
        }

    def _preview(self, op: str, args: dict[str, Any]) -> Result:
        """What a start would use (``cluster/previews.py``, imported when first asked)."""
        from ..cluster import previews

        preview = previews.site_options if op == "site_options" else previews.job_script
        return preview(args["site"], sites.get_site(self.sites, args["site"]), args.get("options"))

    def _hello(self, args: dict[str, Any]) -> Hello:
        # The user's settings; what a hello does not carry stays as the last one said.
        if "sites" in args:
            self._sites = sites.merge_sites(args["sites"])
        if "profile_endpoints" in args:
            self.profiles.set_endpoint_overrides(args["profile_endpoints"])
        if "kernel_name" in args:  # the notebook's kernelspec, for a gateway's conda env
            set_kernel_name(args["kernel_name"])
        in_effect = self.sites
        detected = sites.detect(in_effect)
        if self.comms:  # the panel's hello (the magic's, headless, warms nothing)
            self._warm(detected, in_effect[detected])
        return {
            "protocol": PROTOCOL_VERSION,
            "agent_version": __version__,
            "agent_source": agent_source(),
            "sites": [sites.summarize(site_id, spec) for site_id, spec in in_effect.items()],
            "detected_site": detected,
            "state": self.controller.snapshot(),
            "host_addresses": host_addresses(),
            "machine": capacity.machine(),
        }

    @property
    def sites(self) -> dict[str, SiteSpec]:
        """The sites in effect: built-ins < dask config ``dask-clusters.sites`` < the user's
        settings from the last hello (made when first needed: dask is not imported before)."""
        if self._sites is None:
            self._sites = sites.merge_sites(None)
        return self._sites

    def detected_site(self) -> str:
        return sites.detect(self.sites)

    def _warm(self, site_id: str, spec: SiteSpec) -> None:
        """The panel has attached: warm what a start on the detected site needs (``warmup``),
        and for a gateway read its options, which the panel asks for next."""
        then = self.gateway.prefetch_options(site_id) if spec["kind"] == "gateway" else None
        self.warmup.begin(spec, then)

    def _start(self, args: dict[str, Any]) -> Snapshot:
        site_id = args["site"]
        plan = self.controller.plan_start(
            site_id,
            sites.get_site(self.sites, site_id),
            workers=args.get("workers"),
            adapt=args.get("adapt"),
            options=args.get("options"),
        )
        if "profile" in args:  # first, so that the workers start with its keys
            self.profiles.use(args["profile"])
        self.controller.start(plan)
        self.code.record_start(site_id, plan.spec, args)
        return self.controller.snapshot()

    def _scale(self, args: dict[str, Any]) -> Snapshot:
        self.controller.scale(args["workers"])
        return self.controller.snapshot()

    def _adapt(self, args: dict[str, Any]) -> Snapshot:
        self.controller.adapt(args["minimum"], args["maximum"])
        return self.controller.snapshot()

    def _stop(self, args: dict[str, Any]) -> Snapshot:
        self.controller.stop()
        return self.controller.snapshot()

    def _connect_scheduler(self, args: dict[str, Any]) -> Snapshot:
        from ..cluster.connecting import connect_scheduler

        connect_scheduler(self.controller, args["address"])
        return self.controller.snapshot()

    def _use_profile(self, args: dict[str, Any]) -> Snapshot:
        self.profiles.use(args["name"], args.get("endpoint"))
        return self.controller.snapshot()

    def _clear_profile(self, args: dict[str, Any]) -> Snapshot:
        self.profiles.clear()
        return self.controller.snapshot()
