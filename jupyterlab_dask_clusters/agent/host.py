"""The names and addresses of the kernel's own host, for ``hello``.

A scheduler started here may publish its dashboard on any of them (``127.0.0.1``, the host
name, a cluster-internal interface such as ``ib0`` on a Slurm node). A browser elsewhere cannot
reach those, but the Jupyter server on this host can, through jupyter-server-proxy: the
browser compares a dashboard link's host with this list to decide (``src/dashboard/url.ts``).
"""

from __future__ import annotations

import contextlib
import socket


def host_addresses() -> list[str]:
    """The host name and every interface's IPv4/IPv6 address, without duplicates; never raises.

    IPv6 addresses are given without brackets or a zone (``fe80::1``, not ``fe80::1%eth0``).
    """
    found: list[str] = []

    def add(value: object) -> None:
        if isinstance(value, str) and value:
            value = value.split("%", 1)[0].lower()
            if value not in found:
                found.append(value)

    with contextlib.suppress(OSError):
        add(socket.gethostname())
    for address in _interface_addresses():
        add(address)
    return found


def _interface_addresses() -> list[str]:
    try:
        import psutil  # a dependency of distributed; lists every interface, ib0 included
    except ImportError:
        return _resolved_addresses()
    try:
        interfaces = psutil.net_if_addrs()
    except Exception:
        return _resolved_addresses()
    families = (socket.AF_INET, socket.AF_INET6)
    return [
        entry.address
        for entries in interfaces.values()
        for entry in entries
        if entry.family in families
    ]


def _resolved_addresses() -> list[str]:
    """The addresses the host name resolves to, when the interfaces cannot be listed."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]
