"""Dask Gateway (Nebari): clusters from a gateway's server, its options form, this user's clusters.
Open ``ops.py`` first (the agent's gateway operations); ``kind.py`` builds a cluster.

Importing this package registers the kind ``gateway`` with the cluster core (``kinds``), and
what to do after a cluster is closed (``releasing``).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..cluster.kinds import register_kind
from ..cluster.releasing import register_after_close

if TYPE_CHECKING:
    from .kind import GatewayKind


def _gateway() -> GatewayKind:
    from .kind import GatewayKind

    return GatewayKind()


register_kind("gateway", _gateway)


def _after_close(thing: Any) -> None:
    if "dask_gateway" in sys.modules:  # else no gateway cluster can exist
        from .clusters import disarm_closed_cluster

        disarm_closed_cluster(thing)


register_after_close(_after_close)
