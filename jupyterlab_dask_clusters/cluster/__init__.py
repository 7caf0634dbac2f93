"""The cluster itself: start, scale, adapt and stop it, the sites and the kinds of site, reading a
cluster, adopting one made in a cell or connected by address. Open ``controller.py`` first.

The core of the kernel side: the features (``gateway/``, ``jobqueue/``, ``profiles/``, the
agent, the magic, the code export) import from here, never the other way round; a feature's
kind of site is registered with ``kinds.register_kind``.
"""
