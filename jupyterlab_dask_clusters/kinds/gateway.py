"""Kind ``gateway``: a cluster from a Dask Gateway (Nebari), configured by dask config
(``gateway.address``, ``gateway.auth``, …). Options are the gateway's cluster options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..protocol import ProtocolError

if TYPE_CHECKING:
    from ..protocol import SiteSpec


class GatewayKind:
    package = "dask_gateway"
    distribution = "dask-gateway"
    # Workers run on other machines: anything they need travels by plugin or option, so the
    # cluster starts empty and is scaled once the plugin is registered.
    workers_inherit_env = False

    def option_names(self, spec: SiteSpec) -> None:
        # Only the gateway server knows its options; `build` checks them before submitting.
        return None

    def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
        from dask_gateway import Gateway

        # Not closed by hand: dask-gateway closes a Gateway again when it is collected, and a
        # second close fails. It goes when this returns; the cluster makes its own.
        gateway = Gateway()
        cluster_options = gateway.cluster_options()
        for name, value in options.items():
            if name not in cluster_options:
                known = ", ".join(sorted(cluster_options)) or "none"
                raise ProtocolError(
                    "invalid",
                    f"Unknown option {name!r} for this gateway (it offers: {known}).",
                )
            cluster_options[name] = value
        # Only non-secret variables may go here: the gateway stores and returns options.
        if spec["env"] and "environment_vars" in cluster_options:
            cluster_options["environment_vars"] = {
                **dict(cluster_options["environment_vars"] or {}),
                **spec["env"],
            }
        # It starts with no workers: the controller registers the workers' environment
        # plugin first, then scales (see ``workers_inherit_env``).
        return gateway.new_cluster(cluster_options, shutdown_on_close=True)
