"""AWS profiles for the kernel: read the shared AWS files, turn one profile into environment
variables, and apply them to (and later take them back from) the kernel's environment.

Typical use, by the agent or the magic::

    listing = list_profiles(active=overlay.active)          # Profiles, JSON-ready
    resolved = resolve_profile("osn", endpoint=None, endpoint_overrides=settings)
    overlay.apply(resolved)                                  # os.environ now carries the keys
    cluster = LocalCluster(...)                              # process workers inherit them
    client.register_plugin(Environ(dict(overlay.worker_env())))  # workers of a running cluster
    overlay.restore()                                        # "Clear": environment as before

Files read: ``$AWS_SHARED_CREDENTIALS_FILE`` (default ``~/.aws/credentials``, sections
``[NAME]``) and ``$AWS_CONFIG_FILE`` (default ``~/.aws/config``, sections ``[profile NAME]``
and ``[default]``). Only profiles with static keys (``aws_access_key_id`` and
``aws_secret_access_key``, optionally ``aws_session_token``) can be applied.

Secrets never leave this module in printable form: summaries carry a masked key id only, the
``repr``/``str`` of every object returned here hides secret values, error messages never quote
file content, and nothing here logs or prints. Profile names and endpoints are plain data.

Stdlib only (no boto, no dask): this module is imported in a notebook kernel.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Literal, TypedDict
from urllib.parse import urlsplit

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
    "list_profiles",
    "mask_key_id",
    "resolve_profile",
    "validate_endpoint",
]

CREDENTIALS_FILE_VAR = "AWS_SHARED_CREDENTIALS_FILE"
CONFIG_FILE_VAR = "AWS_CONFIG_FILE"
_DEFAULT_CREDENTIALS_FILE = "~/.aws/credentials"
_DEFAULT_CONFIG_FILE = "~/.aws/config"

#: Removed from the kernel's environment whenever a profile is applied: a profile selector
#: would make botocore ignore the keys we set, and a stale token or expiry left over from
#: another identity would be sent along with them (botocore reads AWS_SECURITY_TOKEN first).
_ALWAYS_UNSET = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
)
#: Values that may be shown (in a repr, an error message); every other variable's value is hidden.
SHOWN_VARS = frozenset(
    {
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_S3_ENDPOINT",
        "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL",
    }
)
_MASKED_VARS = frozenset({"AWS_ACCESS_KEY_ID"})
_MIN_MASKABLE = 16  # AWS key ids are 16–128 characters; shorter ones are hidden entirely
_MAX_ENDPOINT = 2048
_MAX_LISTED_NAMES = 20

Source = Literal["credentials", "config", "both"]


class ProfileSummary(TypedDict):
    """What the browser may see of a profile (protocol v1 ``ProfileSummary``)."""

    name: str
    source: Source
    endpoint: str | None
    region: str | None
    key_id: str | None


class Profiles(TypedDict):
    """The result of the ``profiles`` request (protocol v1 ``Profiles``)."""

    profiles: list[ProfileSummary]
    active: str | None
    error: str | None


class CredentialsError(Exception):
    """A profile cannot be listed or applied; ``str(error)`` is one sentence for the user.

    The message names files and profiles but never quotes file content or a secret.
    """


def mask_key_id(key_id: str | None) -> str | None:
    """``AKIAIOSFODNN7EXAMPLE`` → ``AKIA…MPLE``; a key shorter than 16 characters → ``…``.

    ``None`` or an empty string gives ``None`` (no key).
    """
    if not key_id:
        return None
    if len(key_id) < _MIN_MASKABLE:
        return "…"
    return f"{key_id[:4]}…{key_id[-4:]}"


def validate_endpoint(url: object, *, what: str = "The S3 endpoint") -> str:
    """Return ``url`` (stripped) if it is a plain http(s) URL, else raise CredentialsError.

    Refused: other schemes, no host, a bad port, a user name or password in the URL,
    whitespace or control characters, a query or fragment. ``what`` starts the message.
    """
    if not isinstance(url, str):
        raise CredentialsError(f"{what} is not a usable http(s) URL (it is not a string).")
    url = url.strip()
    if "@" in url:
        # Not echoed: the part before "@" may be a password.
        raise CredentialsError(f"{what} must not contain a user name or password.")
    reason = _endpoint_problem(url)
    if reason:
        shown = repr(url if len(url) <= 100 else url[:100] + "…")
        raise CredentialsError(f"{what} {shown} is not a usable http(s) URL ({reason}).")
    return url


def _endpoint_problem(url: str) -> str | None:
    if not url:
        return "it is empty"
    if len(url) > _MAX_ENDPOINT:
        return "it is too long"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "it contains spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "it is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(
        ("http://", "https://")
    ):
        return "it must start with http:// or https://"
    if not parts.hostname:
        return "it has no host name"
    try:
        parts.port  # noqa: B018 - the property raises ValueError for a bad port
    except ValueError:
        return "its port is not a number from 0 to 65535"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "it must not have a query or fragment"
    return None


# --------------------------------------------------------------------------- files


def _expand(path: str, environ: Mapping[str, str]) -> str:
    """``$VAR``/``${VAR}`` from ``environ`` and ``~`` (``environ['HOME']`` first), absolute."""

    def var(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return environ.get(name, match.group(0))

    path = re.sub(r"\$(?:(\w+)|\{([^}]*)\})", var, path)
    if path == "~" or path.startswith("~/"):
        home = environ.get("HOME") or os.path.expanduser("~")
        path = home + path[1:]
    else:
        path = os.path.expanduser(path)
    return os.path.abspath(path)


def credentials_path(environ: Mapping[str, str] | None = None) -> str:
    """The credentials file: ``$AWS_SHARED_CREDENTIALS_FILE`` or ``~/.aws/credentials``."""
    env = os.environ if environ is None else environ
    return _expand(env.get(CREDENTIALS_FILE_VAR) or _DEFAULT_CREDENTIALS_FILE, env)


def config_path(environ: Mapping[str, str] | None = None) -> str:
    """The config file: ``$AWS_CONFIG_FILE`` or ``~/.aws/config``."""
    env = os.environ if environ is None else environ
    return _expand(env.get(CONFIG_FILE_VAR) or _DEFAULT_CONFIG_FILE, env)


_Sections = dict[str, dict[str, str]]


def _parse_error(kind: str, path: str, err: configparser.Error) -> str:
    line = getattr(err, "lineno", None)
    if isinstance(err, configparser.MissingSectionHeaderError):
        what = "a setting comes before the first [section] header"
    elif isinstance(err, configparser.DuplicateSectionError):
        what = f"the section [{err.section}] appears twice"
    elif isinstance(err, configparser.DuplicateOptionError):
        what = f"the setting {err.option!r} appears twice in section [{err.section}]"
    elif isinstance(err, configparser.ParsingError):
        what = "a line is neither a [section] header nor 'name = value'"
        errors = getattr(err, "errors", None)
        if errors:
            line = errors[0][0]
    else:
        what = "it is not a valid INI file"
    where = f" (line {line})" if isinstance(line, int) else ""
    return f"The AWS {kind} file {path} is malformed: {what}{where}."


def _read_ini(path: str, kind: str) -> _Sections | None:
    """Sections of one INI file as plain dicts; ``None`` when the file does not exist."""
    parser = configparser.RawConfigParser()
    message = None
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle, source=path)
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        message = f"The AWS {kind} file {path} is not UTF-8 text."
    except OSError as err:
        reason = (err.strerror or type(err).__name__).lower()
        message = f"The AWS {kind} file {path} cannot be read ({reason})."
    except configparser.Error as err:
        message = _parse_error(kind, path, err)
    if message is not None:
        # Raised outside the except block so that no traceback or __context__ carries the
        # parser's error, whose text may quote a line of the file (a secret).
        raise CredentialsError(message)
    return {section: dict(parser.items(section)) for section in parser.sections()}


def _nested(value: str | None, option: str, section: str, path: str) -> dict[str, str]:
    """Parse an indented block (``s3 =\\n    endpoint_url = …``) as botocore does."""
    if not value or not value.startswith("\n"):
        return {}
    result: dict[str, str] = {}
    for line in value.splitlines():
        line = line.strip()
        if not line:
            continue
        if "=" not in line:
            raise CredentialsError(
                f"The AWS config file {path} is malformed: the indented block of"
                f" {option!r} in section [{section}] has a line without '='."
            )
        key, _, val = line.partition("=")
        result[key.strip()] = val.strip()
    return result


def _section_name(section: str, prefix: str) -> str | None:
    """``profile osn`` → ``osn``; quoted names as botocore reads them, else the rest as is."""
    if not section.startswith(prefix) or not section[len(prefix) : len(prefix) + 1].isspace():
        return None
    rest = section[len(prefix) :].strip()
    try:
        parts = shlex.split(section)
    except ValueError:
        parts = []
    if len(parts) == 2:
        return parts[1] or None
    return rest or None


@dataclass
class _Files:
    credentials_path: str
    config_path: str
    credentials: _Sections | None  # None: the file does not exist
    config: _Sections | None
    config_profiles: _Sections
    services: _Sections

    def names(self) -> list[str]:
        return sorted(set(self.credentials or {}) | set(self.config_profiles))


def _load(environ: Mapping[str, str] | None) -> _Files:
    cred_path = credentials_path(environ)
    conf_path = config_path(environ)
    credentials = _read_ini(cred_path, "credentials")
    config = _read_ini(conf_path, "config")
    profiles: _Sections = {}
    services: _Sections = {}
    for section, values in (config or {}).items():
        if section == "default":
            profiles.setdefault("default", {}).update(values)
        elif (name := _section_name(section, "profile")) is not None:
            profiles.setdefault(name, {}).update(values)
        elif (name := _section_name(section, "services")) is not None:
            services.setdefault(name, {}).update(values)
    return _Files(cred_path, conf_path, credentials, config, profiles, services)


def _value(section: Mapping[str, str] | None, key: str) -> str | None:
    value = (section or {}).get(key)
    value = value.strip() if value else None
    return value or None


def _config_endpoint(files: _Files, name: str) -> str | None:
    """S3 endpoint from the config file: S3-specific settings win over ``endpoint_url``.

    Order: ``[services X]`` → ``s3 = endpoint_url`` (botocore's service-specific setting,
    for a profile with ``services = X``), then the profile's own ``s3 = endpoint_url``, then
    the profile's ``endpoint_url``.
    """
    profile = files.config_profiles.get(name)
    if not profile:
        return None
    path = files.config_path
    candidates: list[str | None] = []
    service_name = _value(profile, "services")
    if service_name and service_name in files.services:
        block = files.services[service_name].get("s3")
        candidates.append(
            _value(_nested(block, "s3", f"services {service_name}", path), "endpoint_url")
        )
    candidates.append(
        _value(_nested(profile.get("s3"), "s3", f"profile {name}", path), "endpoint_url")
    )
    candidates.append(_value(profile, "endpoint_url"))
    return next((c for c in candidates if c), None)


def _key_section(files: _Files, name: str) -> tuple[Mapping[str, str] | None, str]:
    """Where the profile's keys are: the credentials file first (as botocore), else config."""
    cred = (files.credentials or {}).get(name)
    if _value(cred, "aws_access_key_id") or _value(cred, "aws_secret_access_key"):
        return cred, files.credentials_path
    conf = files.config_profiles.get(name)
    if _value(conf, "aws_access_key_id") or _value(conf, "aws_secret_access_key"):
        return conf, files.config_path
    if cred is not None:
        return cred, files.credentials_path
    return conf, files.config_path


def _summary(files: _Files, name: str, endpoint: str | None) -> ProfileSummary:
    in_cred = name in (files.credentials or {})
    in_conf = name in files.config_profiles
    source: Source = "both" if in_cred and in_conf else "credentials" if in_cred else "config"
    cred = (files.credentials or {}).get(name)
    region = _value(files.config_profiles.get(name), "region") or _value(cred, "region")
    keys, _ = _key_section(files, name)
    return {
        "name": name,
        "source": source,
        "endpoint": endpoint,
        "region": region,
        "key_id": mask_key_id(_value(keys, "aws_access_key_id")),
    }


def _no_profiles_message(files: _Files) -> str:
    cred = (
        f"there is no credentials file at {files.credentials_path}"
        if files.credentials is None
        else f"the credentials file {files.credentials_path} has none"
    )
    conf = (
        f"there is no config file at {files.config_path}"
        if files.config is None
        else f"the config file {files.config_path} has none"
    )
    return f"No AWS profiles: {cred} and {conf}."


def list_profiles(
    environ: Mapping[str, str] | None = None, *, active: str | None = None
) -> Profiles:
    """All profiles of both files, merged by name and sorted (protocol ``Profiles``).

    ``error`` is a message when there is no profile at all (it names the files looked for).
    A config endpoint that is not a usable http(s) URL is listed as ``None``
    (:func:`resolve_profile` reports it). Raises CredentialsError for an unreadable or
    malformed file. ``active`` is copied into the result (the overlay's active name).
    """
    files = _load(environ)
    summaries: list[ProfileSummary] = []
    for name in files.names():
        endpoint = _config_endpoint(files, name)
        if endpoint is not None:
            try:
                endpoint = validate_endpoint(endpoint)
            except CredentialsError:
                endpoint = None
        summaries.append(_summary(files, name, endpoint))
    error = None if summaries else _no_profiles_message(files)
    return {"profiles": summaries, "active": active, "error": error}


# --------------------------------------------------------------------------- resolving


class SecretEnv(Mapping[str, str]):
    """A read-only mapping of environment variables whose ``repr``/``str`` hide secrets.

    The access key id is masked; region and endpoint variables are shown; every other value
    is ``<hidden>``. ``dict(env)`` gives the plain values (e.g. for an ``Environ`` plugin).
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        self._data: dict[str, str] = dict(data)

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        shown = []
        for key, value in self._data.items():
            if key in SHOWN_VARS:
                text = repr(value)
            elif key in _MASKED_VARS:
                text = repr(mask_key_id(value))
            else:
                text = "<hidden>"
            shown.append(f"{key!r}: {text}")
        return "SecretEnv({" + ", ".join(shown) + "})"

    __str__ = __repr__


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


def _list_names(names: list[str]) -> str:
    if not names:
        return "there are none"
    shown = ", ".join(repr(n) for n in names[:_MAX_LISTED_NAMES])
    more = len(names) - _MAX_LISTED_NAMES
    return f"the profiles there are {shown}" + (f" and {more} more" if more > 0 else "")


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
    files = _load(environ)
    cred_path, conf_path = files.credentials_path, files.config_path
    known = name in (files.credentials or {}) or name in files.config_profiles
    if not known:
        if files.credentials is None:
            conf = (
                f"no config file at {conf_path}"
                if files.config is None
                else f"no profile {name!r} in {conf_path}"
            )
            raise CredentialsError(
                f"There is no AWS credentials file at {cred_path} (set {CREDENTIALS_FILE_VAR}"
                f" to use another file) and {conf}."
            )
        raise CredentialsError(
            f"There is no AWS profile named {name!r} in {cred_path} or {conf_path};"
            f" {_list_names(files.names())}."
        )

    keys, keys_path = _key_section(files, name)
    key_id = _value(keys, "aws_access_key_id")
    secret = _value(keys, "aws_secret_access_key")
    token = _value(keys, "aws_session_token") or _value(keys, "aws_security_token")
    if not key_id or not secret:
        option = "aws_access_key_id" if not key_id else "aws_secret_access_key"
        no_file = (
            f", and there is no credentials file at {cred_path}"
            if files.credentials is None
            else ""
        )
        raise CredentialsError(
            f"AWS profile {name!r} has no {option} in {keys_path}{no_file}"
            " (only profiles with static keys can be applied)."
        )

    overrides = endpoint_overrides or {}
    if endpoint:
        chosen, origin = endpoint, "chosen"
    elif overrides.get(name):
        chosen, origin = overrides[name], "set in the extension's settings"
    else:
        chosen, origin = _config_endpoint(files, name), f"set in {conf_path}"
    if chosen is not None:
        chosen = validate_endpoint(chosen, what=f"The S3 endpoint {origin} for profile {name!r}")

    summary = _summary(files, name, chosen)
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


# --------------------------------------------------------------------------- applying


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
        """The applied profile's ProfileSummary (the snapshot's ``profile``), else ``None``."""
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
