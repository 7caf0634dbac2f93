"""Dask Gateway (Nebari): clusters from a gateway's server, its options form, this user's clusters.
Open ``ops.py`` first (the agent's gateway operations); ``kind.py`` builds a cluster.

Importing this package registers the kind ``gateway`` with the cluster core (``kinds``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..cluster.kinds import register_kind

if TYPE_CHECKING:
    from .kind import GatewayKind


def _gateway() -> GatewayKind:
    from .kind import GatewayKind

    return GatewayKind()


register_kind("gateway", _gateway)
