"""One profile turned into the environment variables that make it the AWS identity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .endpoint import validate_endpoint
from .errors import CredentialsError
from .files import AwsFiles, setting
from .paths import CREDENTIALS_FILE_VAR
from .secret_env import SecretEnv

if TYPE_CHECKING:
    from ...shapes import ProfileSummary

#: Removed from the kernel's environment whenever a profile is applied: a profile selector
#: would make botocore ignore the keys we set, and a stale token or expiry left over from
#: another identity would be sent along with them (botocore reads AWS_SECURITY_TOKEN first).
_ALWAYS_UNSET = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
)
_MAX_LISTED_NAMES = 20


@dataclass(frozen=True, repr=False)
class ResolvedProfile:
    """One profile turned into environment changes; see :func:`resolve_profile`.

    ``env``: variables to set (a SecretEnv); ``unset``: variables to remove;
    ``summary``: the ProfileSummary to show (effective endpoint, masked key id).
    """

    name: str
    summary: ProfileSummary
    env: SecretEnv
    unset: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"ResolvedProfile(name={self.name!r}, endpoint={self.summary['endpoint']!r},"
            f" region={self.summary['region']!r}, key_id={self.summary['key_id']!r},"
            f" sets={sorted(self.env)!r}, unsets={list(self.unset)!r})"
        )

    __str__ = __repr__


def resolve_profile(
    name: str,
    endpoint: str | None = None,
    endpoint_overrides: Mapping[str, str | None] | None = None,
    environ: Mapping[str, str] | None = None,
) -> ResolvedProfile:
    """The environment changes that make profile ``name`` the kernel's AWS identity.

    Sets ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN`` (if the
    profile has one; otherwise it is removed), ``AWS_DEFAULT_REGION`` (if known), and for a
    known endpoint both ``AWS_S3_ENDPOINT`` and ``AWS_ENDPOINT_URL_S3``. Removes
    ``AWS_PROFILE``, ``AWS_DEFAULT_PROFILE``, ``AWS_SECURITY_TOKEN`` and
    ``AWS_CREDENTIAL_EXPIRATION``.

    Endpoint: ``endpoint`` > ``endpoint_overrides[name]`` (the extension's per-profile
    settings) > the config file; ``None`` or ``""`` means "not given". ``environ`` only
    locates the files. Raises CredentialsError (nothing is changed anywhere).
    """
    if not isinstance(name, str) or not name:
        raise CredentialsError("An AWS profile name must be a non-empty string.")
    files = AwsFiles.load(environ)
    if not files.has_profile(name):
        raise CredentialsError(_unknown_profile_message(files, name))
    key_id, secret, token = _static_keys(files, name)
    chosen = _endpoint(files, name, endpoint, endpoint_overrides or {})

    summary = files.summary(name, chosen)
    env: dict[str, str] = {"AWS_ACCESS_KEY_ID": key_id, "AWS_SECRET_ACCESS_KEY": secret}
    if token:
        env["AWS_SESSION_TOKEN"] = token
    if summary["region"]:
        env["AWS_DEFAULT_REGION"] = summary["region"]
    if chosen:
        env["AWS_S3_ENDPOINT"] = chosen
        env["AWS_ENDPOINT_URL_S3"] = chosen
    if any("\x00" in value for value in env.values()):
        raise CredentialsError(f"AWS profile {name!r} has a value containing a NUL character.")
    unset = _ALWAYS_UNSET if token else (*_ALWAYS_UNSET, "AWS_SESSION_TOKEN")
    return ResolvedProfile(name=name, summary=summary, env=SecretEnv(env), unset=unset)


def _static_keys(files: AwsFiles, name: str) -> tuple[str, str, str | None]:
    """The profile's key id, secret and session token (if any); only static keys apply."""
    keys, keys_path = files.key_section(name)
    key_id = setting(keys, "aws_access_key_id")
    secret = setting(keys, "aws_secret_access_key")
    token = setting(keys, "aws_session_token") or setting(keys, "aws_security_token")
    if not key_id or not secret:
        option = "aws_access_key_id" if not key_id else "aws_secret_access_key"
        no_file = (
            f", and there is no credentials file at {files.credentials_path}"
            if files.credentials is None
            else ""
        )
        raise CredentialsError(
            f"AWS profile {name!r} has no {option} in {keys_path}{no_file}"
            " (only profiles with static keys can be applied)."
        )
    return key_id, secret, token


def _endpoint(
    files: AwsFiles, name: str, endpoint: str | None, overrides: Mapping[str, str | None]
) -> str | None:
    """The S3 endpoint to use, checked: the one given, else the settings', else the config's."""
    chosen: str | None
    if endpoint:
        chosen, origin = endpoint, "chosen"
    elif overrides.get(name):
        chosen, origin = overrides[name], "set in the extension's settings"
    else:
        chosen, origin = files.config_endpoint(name), f"set in {files.config_path}"
    if chosen is None:
        return None
    return validate_endpoint(chosen, what=f"The S3 endpoint {origin} for profile {name!r}")


def _unknown_profile_message(files: AwsFiles, name: str) -> str:
    cred_path, conf_path = files.credentials_path, files.config_path
    if files.credentials is None:
        conf = (
            f"no config file at {conf_path}"
            if files.config is None
            else f"no profile {name!r} in {conf_path}"
        )
        return (
            f"There is no AWS credentials file at {cred_path} (set {CREDENTIALS_FILE_VAR}"
            f" to use another file) and {conf}."
        )
    return (
        f"There is no AWS profile named {name!r} in {cred_path} or {conf_path};"
        f" {_list_names(files.names())}."
    )


def _list_names(names: list[str]) -> str:
    if not names:
        return "there are none"
    shown = ", ".join(repr(n) for n in names[:_MAX_LISTED_NAMES])
    more = len(names) - _MAX_LISTED_NAMES
    return f"the profiles there are {shown}" + (f" and {more} more" if more > 0 else "")
