"""AWS profiles for the kernel: read the shared AWS files, turn one profile into environment
variables, and apply them to (and later take them back from) the kernel's environment.

How the agent uses it (``profiles.ops.ProfileOps``)::

    listing = list_profiles(active=name)                     # Profiles, JSON-ready
    resolved = resolve_profile("osn", endpoint=None, endpoint_overrides=settings)
    controller.set_profile_env(dict(resolved.env), resolved.unset)  # kernel and workers

``EnvironmentOverlay`` applies such changes to an environment and takes them back exactly;
``profiles.environment.LayeredEnvironment`` keeps one on ``os.environ``.

Files read: ``$AWS_SHARED_CREDENTIALS_FILE`` (default ``~/.aws/credentials``, sections
``[NAME]``) and ``$AWS_CONFIG_FILE`` (default ``~/.aws/config``, sections ``[profile NAME]``
and ``[default]``). Only profiles with static keys (``aws_access_key_id`` and
``aws_secret_access_key``, optionally ``aws_session_token``) can be applied.

Secrets never leave this package in printable form: summaries carry a masked key id only, the
``repr``/``str`` of every object returned here hides secret values, error messages never quote
file content, and nothing here logs or prints. Profile names and endpoints are plain data.

Stdlib only (no boto, no dask): this package is imported in a notebook kernel.

Modules: ``paths`` (where the files are), ``ini`` (reading them), ``files`` (what they say
about a profile), ``listing`` (every profile), ``resolve`` (one profile → variables),
``endpoint`` (the S3 endpoint check), ``secret_env`` (showing variables without their secrets),
``overlay`` (applying variables and taking them back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .endpoint import validate_endpoint
from .errors import CredentialsError
from .listing import list_profiles
from .overlay import EnvironmentOverlay
from .paths import CONFIG_FILE_VAR, CREDENTIALS_FILE_VAR, config_path, credentials_path
from .resolve import ResolvedProfile, resolve_profile
from .secret_env import SHOWN_VARS, SecretEnv, hide_secret_values, mask_key_id

if TYPE_CHECKING:
    from ...shapes import Profiles as Profiles, ProfileSummary as ProfileSummary

__all__ = [
    "CONFIG_FILE_VAR",
    "CREDENTIALS_FILE_VAR",
    "SHOWN_VARS",
    "CredentialsError",
    "EnvironmentOverlay",
    "ProfileSummary",
    "Profiles",
    "ResolvedProfile",
    "SecretEnv",
    "config_path",
    "credentials_path",
    "hide_secret_values",
    "list_profiles",
    "mask_key_id",
    "resolve_profile",
    "validate_endpoint",
]


def __getattr__(name: str) -> object:
    # The protocol's shapes, defined once in ``shapes``: loaded only when someone asks, since
    # defining them takes a few milliseconds and nothing here needs them at run time.
    if name in ("Profiles", "ProfileSummary"):
        from ... import shapes

        return getattr(shapes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
