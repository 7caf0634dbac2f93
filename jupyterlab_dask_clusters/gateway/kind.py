"""Kind ``gateway``: a cluster from a Dask Gateway (Nebari), configured by dask config
(``gateway.address``, ``gateway.auth``, …). Options are the gateway's cluster options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

    def unavailable_reason(self, spec: SiteSpec) -> str | None:
        import dask.config

        if not dask.config.get("gateway.address", None):
            return (
                "The Dask Gateway is not configured in this kernel "
                "(dask config gateway.address is not set)."
            )
        return None

    def warm(self, spec: SiteSpec) -> None:
        # The scheduler runs on the gateway; the kernel needs the client (distributed with it).
        import dask_gateway  # noqa: F401

    def prime(self, spec: SiteSpec) -> None:
        from ..cluster.warming import prime_client

        prime_client()

    def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
        from . import clusters as gateway_clusters, options as gateway_options

        # Checked within a time limit: an unreachable gateway, refused credentials or a refused
        # value are reported here, before anything is submitted.
        with gateway_clusters.open_gateway() as gateway:
            cluster_options = gateway_clusters.cluster_options(gateway)
            values = gateway_options.site_values(cluster_options, options)
            gateway_options.apply(cluster_options, values)
            # Only non-secret variables may go here: the gateway stores and returns options.
            if spec["env"] and "environment_vars" in cluster_options:
                cluster_options["environment_vars"] = {
                    **dict(cluster_options["environment_vars"] or {}),
                    **spec["env"],
                }
            name = gateway_clusters.submit(gateway, cluster_options)
        # It starts with no workers: the controller registers the workers' environment
        # plugin first, then scales (see ``workers_inherit_env``).
        return gateway_clusters.wait_until_running(name)
