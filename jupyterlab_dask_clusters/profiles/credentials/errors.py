"""The one exception of ``credentials``."""

from __future__ import annotations


class CredentialsError(Exception):
    """A profile cannot be listed or applied; ``str(error)`` is one sentence for the user.

    The message names files and profiles but never quotes file content or a secret.
    """
