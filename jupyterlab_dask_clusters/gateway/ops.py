"""The agent's operations on Dask Gateway sites: the gateway's options form, this user's
clusters on it, connecting to one and shutting one down (``gateway_*`` in the protocol)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..cluster import kinds, sites
from ..protocol import ProtocolError

if TYPE_CHECKING:
    from ..cluster.controller import Controller
    from ..protocol import GatewayClusters, GatewayOptions, SiteSpec, Snapshot


class GatewayOps:
    """Imports nothing of the gateway's until asked: the agent loads this in every kernel."""

    def __init__(self, controller: Controller, sites_now: Callable[[], Mapping[str, SiteSpec]]):
        self.controller = controller
        self._sites = sites_now
        #: Site → the gateway's options read by the warm-up, for the next ``options``.
        self._prefetched: dict[str, Prefetch] = {}

    def _gateway_site(self, site_id: str) -> SiteSpec:
        spec = sites.get_site(self._sites(), site_id)
        if spec["kind"] != "gateway":
            raise ProtocolError("invalid", f"Site {site_id!r} is not a Dask Gateway site.")
        reason = kinds.unavailable_reason(spec)
        if reason:
            raise ProtocolError("invalid", f"Site {site_id!r} cannot be used here: {reason}")
        return spec

    def options(self, site_id: str) -> GatewayOptions:
        """The gateway's options and where the panel's form starts for this site."""
        from . import options as gateway_options

        spec = self._gateway_site(site_id)
        wanted = sites.resolve_options(spec["options"])
        prefetched = self._prefetched.pop(site_id, None)
        options = prefetched.take() if prefetched is not None else None
        if options is None:
            options = _read_options()
        described = gateway_options.describe(options)
        return {
            "site": site_id,
            "options": described,
            "values": gateway_options.form_values(options, wanted),
        }

    def prefetch_options(self, site_id: str) -> Callable[[], None]:
        """What the warm-up runs (in its thread) to read the gateway's options once: the
        panel's first ``options`` request takes them, waiting for them if they are on the way,
        rather than asking the gateway a second time."""
        prefetch = Prefetch(_gateway_config)
        self._prefetched[site_id] = prefetch
        return lambda: prefetch.run(_read_options)

    def clusters(self, site_id: str) -> GatewayClusters:
        from . import clusters as gateway_clusters

        self._gateway_site(site_id)
        current = self.controller.cluster_name
        with gateway_clusters.open_gateway() as gateway:
            clusters = gateway_clusters.list_clusters(gateway, current)
        return {"site": site_id, "clusters": clusters}

    def connect(self, site_id: str, name: str) -> Snapshot:
        """Make the gateway cluster ``name`` this kernel's cluster (``cluster``, ``client``)."""
        from . import clusters as gateway_clusters

        self._gateway_site(site_id)
        if self.controller.cluster_name == name:
            raise ProtocolError("conflict", f"This kernel is already connected to {name!r}.")
        with gateway_clusters.open_gateway() as gateway:
            self.controller.take_over(
                site_id, "gateway", lambda: gateway_clusters.connect(gateway, name)
            )
        return self.controller.snapshot()

    def shutdown(self, site_id: str, name: str) -> GatewayClusters:
        """Shut down the gateway cluster ``name``; this kernel's own is stopped as Stop does."""
        from . import clusters as gateway_clusters

        self._gateway_site(site_id)
        if self.controller.cluster_name == name and self.controller.status == "running":
            self.controller.stop()
        with gateway_clusters.open_gateway() as gateway:
            gateway_clusters.shutdown(gateway, name)
        return self.clusters(site_id)


def _read_options() -> Any:
    from . import clusters as gateway_clusters

    with gateway_clusters.open_gateway() as gateway:
        return gateway_clusters.cluster_options(gateway)


def _gateway_config() -> Any:
    """What the options read depend on: dask config ``gateway`` (address, auth…)."""
    import dask.config

    return dask.config.get("gateway", None)


class Prefetch:
    """One value read in another thread: ``take`` waits for it (interruptibly) and gives it, or
    raises the ``ProtocolError`` that reading it raised; None if it failed otherwise, or if
    what it depends on (``context()``) has changed since (the value would be another now)."""

    def __init__(self, context: Callable[[], Any]) -> None:
        self._context = context
        self._read_with: Any = None
        self._done = threading.Event()
        self._value: Any = None
        self._error: ProtocolError | None = None

    def run(self, read: Callable[[], Any]) -> None:
        try:
            self._read_with = copy.deepcopy(self._context())
            self._value = read()
        except ProtocolError as exc:  # unreachable, refused: what asking again would say
            self._error = exc
        finally:
            self._done.set()

    def take(self) -> Any:
        while not self._done.wait(0.05):  # a short wait: the main thread stays interruptible
            pass
        if self._read_with != self._context():
            return None
        if self._error is not None:
            raise self._error
        return self._value
