"""One agent per kernel, and what the frontend's bootstrap calls (``load``).

The frontend runs exactly this constant code in the kernel (silently) before opening a comm;
it loads the agent and registers the comm target (not the ``%dask_cluster`` magic: that
comes from ``%load_ext``, as it does headless), leaves no name in the user's namespace and
may run any number of times::

    import jupyterlab_dask_clusters.agent as _jdc_agent; _jdc_agent.load(); del _jdc_agent

(``BOOTSTRAP`` below; ``src/agent/bootstrap.ts`` sends the same line.)
"""

from __future__ import annotations

import threading
from collections.abc import MutableMapping
from typing import Any

from .agent import Agent

BOOTSTRAP = "import jupyterlab_dask_clusters.agent as _jdc_agent; _jdc_agent.load(); del _jdc_agent"

_agent: Agent | None = None
_agent_lock = threading.Lock()


def get_agent() -> Agent:
    """This kernel's agent, bound to the IPython user namespace when there is a shell."""
    global _agent
    with _agent_lock:
        if _agent is None:
            _agent = Agent(_user_namespace())
        return _agent


def _user_namespace() -> MutableMapping[str, Any] | None:
    import sys

    if "IPython" not in sys.modules:  # not in a kernel or shell: no namespace to fill
        return None
    from IPython import get_ipython

    shell = get_ipython()
    return None if shell is None else shell.user_ns


_at_exit_registered = False


def _stop_at_exit(agent: Agent) -> None:
    """A kernel that shuts down or restarts stops its cluster first: a job queue's jobs are
    cancelled, not left waiting for a scheduler that is gone."""
    global _at_exit_registered
    if _at_exit_registered:
        return
    import atexit

    atexit.register(agent.controller.stop_at_exit)
    _at_exit_registered = True


def load() -> None:
    """What the frontend's bootstrap calls: the agent and its comm target. Idempotent;
    returns None so that the bootstrap displays nothing.

    It does not register ``%dask_cluster``: the magic comes only from
    ``%load_ext jupyterlab_dask_clusters``, so that a notebook using it runs the same in
    JupyterLab and headless (nbconvert, papermill), where no panel bootstraps the kernel. It
    does start noticing clusters made in cells (``adoption``), which costs nothing until one
    exists."""
    agent = get_agent()
    agent.register_target()
    _stop_at_exit(agent)
    import sys

    if "IPython" in sys.modules:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            agent.noticer.install(shell)
            agent.noticer.after_cell()  # a cluster made before the panel looked
