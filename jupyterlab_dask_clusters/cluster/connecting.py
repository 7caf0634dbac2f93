"""Connecting to a running scheduler by address (``connect_scheduler``): a ``Client`` bound as
``client`` in the notebook and shown like a cluster of this kernel, without a cluster manager
(no scale or adapt; stop closes the client, the scheduler goes on)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import one_sentence
from ..protocol import ProtocolError, scheduler_address_problem

if TYPE_CHECKING:
    from .controller import Controller

#: Seconds to wait for a scheduler that does not answer: the user hears of it within 10 s.
CONNECT_TIMEOUT = 6


def connect_scheduler(controller: Controller, address: str) -> None:
    """Connect a client to the scheduler at ``address`` and show it; ``invalid`` for a malformed
    address (nothing is tried), ``conflict`` while a cluster is live, ``failed`` with one
    sentence when the scheduler does not answer."""
    problem = scheduler_address_problem(address)
    if problem:
        raise ProtocolError("invalid", problem)
    controller.require_not_live()
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):  # refused, no route, no answer: said about the address
        raise ProtocolError(
            "failed", f"Could not reach {address} within {CONNECT_TIMEOUT} s."
        ) from None
    except Exception as exc:  # e.g. tls:// without the certificates it needs
        raise ProtocolError(
            "failed", one_sentence(f"Could not connect to the scheduler at {address}", exc)
        ) from None
    try:
        controller.adopt(None, client, bind=True)
    except BaseException:
        client.close()
        raise
