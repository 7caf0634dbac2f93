"""The agent and its comm: one per kernel, answering the panel's requests and pushing state.
Open ``agent.py`` first; ``kernel.py`` is what the frontend's bootstrap calls, ``ops.py`` each op.

``import jupyterlab_dask_clusters.agent`` is the bootstrap's import: these names stay here.
"""

from __future__ import annotations

from .agent import COMM_TARGET, Agent
from .kernel import BOOTSTRAP, get_agent, load

__all__ = ["BOOTSTRAP", "COMM_TARGET", "Agent", "get_agent", "load"]
