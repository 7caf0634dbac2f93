"""A start that passed every check (``Controller.plan_start``), before anything is changed.

Its own module, imported by the first plan: making a dataclass costs a kernel about 0.3 ms,
and the controller is imported in every kernel the panel looks at, most of which never start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..protocol import Adapt, SiteSpec


@dataclass(eq=False)  # compared by identity
class StartPlan:
    """What ``Controller.start`` builds: the site, its resolved options and the first size."""

    site_id: str
    spec: SiteSpec
    options: dict[str, Any]
    workers: int | None
    adapt: Adapt | None
