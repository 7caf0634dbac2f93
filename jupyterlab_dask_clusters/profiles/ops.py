"""AWS profile operations of the agent (``profiles``, ``use_profile``, ``clear_profile``): a
thin layer over ``credentials`` that keeps the kernel's one applied profile and the user's
per-profile endpoint settings, and hands the profile's variables to the controller, which puts
them into the kernel's environment and the workers'.

``credentials`` is imported on first use: the agent is imported in every kernel the panel
looks at, and most of them never list a profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..protocol import ProtocolError

if TYPE_CHECKING:
    from ..cluster.controller import Controller
    from ..protocol import Profiles, ProfileSummary
    from .credentials import ResolvedProfile


class ProfileOps:
    def __init__(self, controller: Controller) -> None:
        self._controller = controller
        self._profile: ResolvedProfile | None = None
        #: S3 endpoints by profile name from the extension's settings (hello's
        #: ``profile_endpoints``): below an endpoint typed with ``use_profile``, above the
        #: config file's.
        self.endpoint_overrides: dict[str, str] = {}

    def set_endpoint_overrides(self, endpoints: Mapping[str, str]) -> None:
        """The user's per-profile endpoints (already checked by ``protocol``). They count
        from the next Apply: an applied profile keeps the endpoint it was applied with."""
        self.endpoint_overrides = dict(endpoints)

    @property
    def active(self) -> str | None:
        return None if self._profile is None else self._profile.name

    def summary(self) -> ProfileSummary | None:
        """The applied profile (for the snapshot), without touching the AWS files."""
        return None if self._profile is None else self._profile.summary.copy()

    def list(self) -> Profiles:
        """The profiles of the AWS files, each with the endpoint an Apply without a typed
        one would use (the settings' endpoint over the config file's); ``error`` says why
        there are none."""
        from . import credentials

        active = self.active
        try:
            listing = credentials.list_profiles(active=active)
        except credentials.CredentialsError as exc:
            return {"profiles": [], "active": active, "error": str(exc)}
        for profile in listing["profiles"]:
            override = self.endpoint_overrides.get(profile["name"])
            if override:
                profile["endpoint"] = override
        return listing

    def use(self, name: str, endpoint: str | None = None) -> None:
        """Apply profile ``name`` to the kernel's environment and to the workers. A profile
        that cannot be applied (no such profile, no secret, a bad file or endpoint) is an
        ``invalid`` error and changes nothing."""
        from . import credentials

        try:
            resolved = credentials.resolve_profile(
                name, endpoint=endpoint, endpoint_overrides=self.endpoint_overrides
            )
        except credentials.CredentialsError as exc:
            raise ProtocolError("invalid", str(exc)) from None
        previous, self._profile = self._profile, resolved
        try:
            self._controller.set_profile_env(dict(resolved.env), resolved.unset)
        except ProtocolError:
            raise  # "failed": the kernel has the profile, only the workers could not get it
        except BaseException:  # nothing was applied
            self._profile = previous
            raise

    def clear(self) -> None:
        """Put the kernel's environment back as it was before the first ``use``, and take the
        profile's variables back from the workers."""
        self._profile = None
        self._controller.set_profile_env({})
