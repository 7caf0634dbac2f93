"""AWS profile operations of the agent (``profiles``, ``use_profile``, ``clear_profile``): a
thin layer over ``credentials`` that keeps the kernel's one applied profile and hands its
variables to the workers. Without the credentials module every operation answers that
profiles are not available."""

from __future__ import annotations

from .protocol import ProtocolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    from .controller import Controller
    from .protocol import Profiles, ProfileSummary

NOT_AVAILABLE = "AWS profiles are not available yet."


def _credentials() -> ModuleType:
    try:
        from . import credentials
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.credentials":
            raise
        raise ProtocolError("invalid", NOT_AVAILABLE) from None
    return credentials


class ProfileOps:
    def __init__(self, controller: Controller) -> None:
        self._controller = controller
        self._overlay: Any = None  # credentials.EnvironmentOverlay, made on first use

    def _overlay_of(self, credentials: ModuleType) -> Any:
        if self._overlay is None:
            self._overlay = credentials.EnvironmentOverlay()
        return self._overlay

    def summary(self) -> ProfileSummary | None:
        """The applied profile (for the snapshot), without touching the AWS files."""
        return None if self._overlay is None else self._overlay.summary

    def list(self) -> Profiles:
        credentials = _credentials()
        active = self._overlay_of(credentials).active
        try:
            return credentials.list_profiles(active=active)
        except credentials.CredentialsError as exc:
            return {"profiles": [], "active": active, "error": str(exc)}

    def use(self, name: str, endpoint: str | None = None) -> None:
        """Apply profile ``name`` to the kernel's environment and to the workers."""
        credentials = _credentials()
        overlay = self._overlay_of(credentials)
        try:
            overlay.apply(credentials.resolve_profile(name, endpoint=endpoint))
        except credentials.CredentialsError as exc:
            raise ProtocolError("invalid", str(exc)) from None
        self._controller.set_worker_env(dict(overlay.worker_env()))

    def clear(self) -> None:
        """Put the kernel's environment back as it was before the first ``use``."""
        overlay = self._overlay_of(_credentials())
        overlay.restore()
        self._controller.set_worker_env({})
