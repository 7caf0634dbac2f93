"""Environment changes that can be taken back exactly: the kernel's AWS identity (a
ResolvedProfile) or any set of variables (the controller's site and profile layers)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, MutableMapping
from typing import TYPE_CHECKING

from .secret_env import SecretEnv

if TYPE_CHECKING:
    from ...shapes import ProfileSummary
    from .resolve import ResolvedProfile


class EnvironmentOverlay:
    """Applies environment changes to a mapping and can put it back exactly as it was.

    ``environ`` defaults to ``os.environ``. Every variable an apply touches is remembered with
    its previous value, or its absence, and :meth:`restore` puts those back. Applying while
    something is applied first restores, so any sequence of applies followed by one restore
    gives the original environment back. A failed apply changes nothing.
    """

    def __init__(self, environ: MutableMapping[str, str] | None = None) -> None:
        self._environ: MutableMapping[str, str] = os.environ if environ is None else environ
        self._saved: dict[str, str | None] = {}
        self._set = SecretEnv()
        self._unset: tuple[str, ...] = ()
        self._name: str | None = None
        self._profile: ResolvedProfile | None = None
        self._applied = False

    @property
    def active(self) -> str | None:
        """Name of the applied profile (or of the applied variable set), else ``None``."""
        return self._name

    @property
    def applied(self) -> bool:
        """Whether anything is applied (also for :meth:`apply_vars` without a name)."""
        return self._applied

    @property
    def profile(self) -> ResolvedProfile | None:
        """The applied ResolvedProfile, else ``None``."""
        return self._profile

    @property
    def summary(self) -> ProfileSummary | None:
        """A copy of the applied profile's ProfileSummary, else ``None``."""
        return self._profile.summary.copy() if self._profile else None

    def apply(self, profile: ResolvedProfile) -> None:
        """Make ``profile`` the environment's AWS identity (restoring any earlier one first)."""
        self._apply(profile.env, profile.unset, profile.name, profile)

    def apply_vars(
        self, set_vars: Mapping[str, str], unset: Iterable[str] = (), *, name: str | None = None
    ) -> None:
        """Set ``set_vars`` and remove ``unset`` (restoring any earlier apply first)."""
        self._apply(set_vars, tuple(unset), name, None)

    def _apply(
        self,
        set_vars: Mapping[str, str],
        unset: tuple[str, ...],
        name: str | None,
        profile: ResolvedProfile | None,
    ) -> None:
        set_vars = dict(set_vars)
        _check_vars(set_vars, unset)
        environ = self._environ
        previous = (self._saved, self._set, self._unset, self._name, self._profile, self._applied)
        before = {key: environ.get(key) for key in {*self._saved, *set_vars, *unset}}
        try:
            self.restore()
            saved: dict[str, str | None] = {}
            for key in (*set_vars, *unset):
                saved.setdefault(key, environ.get(key))
            for key, value in set_vars.items():
                environ[key] = value
            for key in unset:
                environ.pop(key, None)
        except BaseException:
            self._put_back(before)
            (self._saved, self._set, self._unset, self._name, self._profile, self._applied) = (
                previous
            )
            raise
        self._saved = saved
        self._set = SecretEnv(set_vars)
        self._unset = unset
        self._name = name
        self._profile = profile
        self._applied = True

    def _put_back(self, saved: Mapping[str, str | None]) -> None:
        for key, value in saved.items():
            if value is None:
                self._environ.pop(key, None)
            else:
                self._environ[key] = value

    def restore(self) -> None:
        """Put back every variable the last apply changed; nothing to do if none is applied."""
        saved, self._saved = self._saved, {}
        self._put_back(saved)
        self._set = SecretEnv()
        self._unset = ()
        self._name = None
        self._profile = None
        self._applied = False

    def worker_env(self) -> SecretEnv:
        """The variables workers must get (empty when nothing is applied).

        For a running cluster: ``client.register_plugin(Environ(dict(overlay.worker_env())))``
        (``distributed.diagnostics.plugin.Environ``). Secrets must not go into gateway
        cluster options.
        """
        return self._set

    def worker_unset(self) -> tuple[str, ...]:
        """The variables workers should not have (removed from the kernel by the apply)."""
        return self._unset

    def __repr__(self) -> str:
        return (
            f"EnvironmentOverlay(active={self._name!r}, sets={sorted(self._set)!r},"
            f" unsets={list(self._unset)!r})"
        )

    __str__ = __repr__


def _check_vars(set_vars: Mapping[str, str], unset: tuple[str, ...]) -> None:
    for key in (*set_vars, *unset):
        if not isinstance(key, str) or not key or "=" in key or "\x00" in key:
            raise ValueError(f"{key!r} is not a valid environment variable name.")
    for key, value in set_vars.items():
        if not isinstance(value, str) or "\x00" in value:
            raise ValueError(f"The value for {key} is not a string without NUL characters.")
    both = sorted(set(set_vars) & set(unset))
    if both:
        raise ValueError(f"{', '.join(both)} cannot be both set and removed.")
