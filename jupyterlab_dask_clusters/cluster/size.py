"""A cluster's size in words, the one form the magic prints and the panel and the status bar
show (``src/cluster/size.ts`` writes the same): ``2 / 2 workers`` for a fixed size (ready /
requested), ``1 (1–4) workers`` for an adaptive one (ready, then the bounds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .reading import UNBOUNDED

if TYPE_CHECKING:
    from ..protocol import Snapshot


def size_text(snapshot: Snapshot) -> str:
    """``2 / 2 workers`` or ``1 (1–4) workers``; an adopted cluster adapting without a maximum
    reads ``1 (1–∞) workers``."""
    ready = snapshot["workers"]["ready"]
    adapt = snapshot["adapt"]
    if adapt:
        maximum = "∞" if adapt["maximum"] >= UNBOUNDED else str(adapt["maximum"])
        return f"{ready} ({adapt['minimum']}–{maximum}) workers"
    return f"{ready} / {snapshot['workers']['requested']} workers"
