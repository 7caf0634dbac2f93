"""Tests of jupyterlab_dask_clusters.profiles.credentials: real files in tmp_path, a real moto S3
server, s3fs, and a real LocalCluster with process workers. No mocks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_dask_clusters.profiles.credentials import (
    CredentialsError,
    EnvironmentOverlay,
    ResolvedProfile,
    SecretEnv,
    config_path,
    credentials_path,
    list_profiles,
    mask_key_id,
    resolve_profile,
    validate_endpoint,
)

from .conftest import BODY, BUCKET, KEY, S3

KEY_ID = "AKIACANARYKEYID0WXYZ"  # masked: AKIA…WXYZ
SECRET = "canary-SECRET-must-never-be-shown-0123456789"
TOKEN = "canary-TOKEN-must-never-be-shown-9876543210"
CANARIES = (KEY_ID, SECRET, TOKEN, "canary")
CODE_NAME = "x'); import os; os.system('id')#"


def aws_files(tmp_path: Path, credentials: str | None = None, config: str | None = None) -> dict:
    """Write the two AWS files (``None``: leave it absent); return an environ pointing at them."""
    folder = tmp_path / "aws"
    folder.mkdir(parents=True, exist_ok=True)
    if credentials is not None:
        (folder / "credentials").write_text(textwrap.dedent(credentials), encoding="utf-8")
    if config is not None:
        (folder / "config").write_text(textwrap.dedent(config), encoding="utf-8")
    return {
        "AWS_SHARED_CREDENTIALS_FILE": str(folder / "credentials"),
        "AWS_CONFIG_FILE": str(folder / "config"),
        "HOME": str(tmp_path / "home"),
    }


def assert_no_secret(*objects: object) -> None:
    for obj in objects:
        texts = [repr(obj), str(obj)]
        if isinstance(obj, dict | list):
            texts.append(json.dumps(obj, ensure_ascii=False))
        if isinstance(obj, BaseException):
            texts.append(repr(obj.args))
        for text in texts:
            for canary in CANARIES:
                assert canary not in text, f"{canary!r} shown by {type(obj).__name__}: {text}"


def assert_clean_error(err: BaseException, *fragments: str) -> None:
    """One sentence, no traceback text, no chained exception, no secret, names what it says."""
    message = str(err)
    assert message[:1].isupper() and message.endswith("."), message
    assert "\n" not in message and "Traceback" not in message, message
    assert ". " not in message, message
    assert err.__cause__ is None and err.__context__ is None
    for fragment in fragments:
        assert fragment in message, message
    assert_no_secret(err)


CREDENTIALS = f"""\
    [default]
    aws_access_key_id = AKIADEFAULTKEY000001
    aws_secret_access_key = default-secret

    [osn]
    aws_access_key_id = {KEY_ID}
    aws_secret_access_key = {SECRET}

    [only-cred]
    aws_access_key_id = SHORTKEY
    aws_secret_access_key = s
    region = eu-north-1

    [nested]
    aws_access_key_id = AKIANESTEDKEY0000002
    aws_secret_access_key = nested-secret
    aws_session_token = {TOKEN}
"""

CONFIG = """\
    [default]
    region = us-east-1

    [profile osn]
    region = us-west-2
    endpoint_url = https://s3.example.org

    [profile nested]
    endpoint_url = https://general.example.org
    s3 =
        addressing_style = path
        endpoint_url = https://s3-specific.example.org

    [profile only-conf]
    aws_access_key_id = AKIACONFIGONLYKEY003
    aws_secret_access_key = conf-secret

    [profile via-services]
    services = my-services

    [services my-services]
    s3 =
        endpoint_url = http://services.example.org:9000

    [sso-session corp]
    sso_region = us-east-1

    [preview]
    cloudfront = true
"""


# --------------------------------------------------------------------------- listing


def test_mask_key_id() -> None:
    assert mask_key_id("AKIAIOSFODNN7EXAMPLE") == "AKIA…MPLE"
    assert mask_key_id(KEY_ID) == "AKIA…WXYZ"
    assert mask_key_id("AKIA12345678") == "…"  # short: nothing of it is shown
    assert mask_key_id("x") == "…"
    assert mask_key_id("") is None
    assert mask_key_id(None) is None


def test_list_merges_both_files(tmp_path: Path) -> None:
    environ = aws_files(tmp_path, CREDENTIALS, CONFIG)
    listing = list_profiles(environ, active="osn")
    assert listing == {
        "profiles": [
            {
                "name": "default",
                "source": "both",
                "endpoint": None,
                "region": "us-east-1",
                "key_id": "AKIA…0001",
            },
            {
                "name": "nested",
                "source": "both",
                "endpoint": "https://s3-specific.example.org",  # S3-specific wins
                "region": None,
                "key_id": "AKIA…0002",
            },
            {
                "name": "only-conf",
                "source": "config",
                "endpoint": None,
                "region": None,
                "key_id": "AKIA…Y003",
            },
            {
                "name": "only-cred",
                "source": "credentials",
                "endpoint": None,
                "region": "eu-north-1",  # from the credentials file
                "key_id": "…",
            },
            {
                "name": "osn",
                "source": "both",
                "endpoint": "https://s3.example.org",
                "region": "us-west-2",
                "key_id": "AKIA…WXYZ",
            },
            {
                "name": "via-services",
                "source": "config",
                "endpoint": "http://services.example.org:9000",
                "region": None,
                "key_id": None,
            },
        ],
        "active": "osn",
        "error": None,
    }
    assert json.loads(json.dumps(listing)) == listing
    assert_no_secret(listing)


def test_list_quoted_and_default_named_sections(tmp_path: Path) -> None:
    environ = aws_files(
        tmp_path,
        credentials=None,
        config="""\
        [profile "with space"]
        region = ap-south-1
        [profile default]
        region = eu-west-3
        [profilex]
        region = nowhere
        """,
    )
    names = {p["name"]: p for p in list_profiles(environ)["profiles"]}
    assert sorted(names) == ["default", "with space"]
    assert names["default"]["region"] == "eu-west-3"
    assert names["with space"]["source"] == "config"


@pytest.mark.parametrize(
    "files",
    [{}, {"credentials": "", "config": "[preview]\na = 1\n"}],
    ids=["no files", "files without profiles"],
)
def test_no_profiles_is_not_an_error(tmp_path: Path, files: dict[str, str]) -> None:
    listing = list_profiles(aws_files(tmp_path, **files))
    assert listing == {"profiles": [], "active": None, "error": None}


def test_list_one_file_missing_is_fine(tmp_path: Path) -> None:
    environ = aws_files(tmp_path, credentials=CREDENTIALS)
    listing = list_profiles(environ)
    assert [p["name"] for p in listing["profiles"]] == ["default", "nested", "only-cred", "osn"]
    assert {p["source"] for p in listing["profiles"]} == {"credentials"}
    assert listing["error"] is None


def test_default_paths_and_expansion(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("[home-profile]\naws_access_key_id = A\n")
    environ = {"HOME": str(home)}
    assert credentials_path(environ) == str(home / ".aws" / "credentials")
    assert config_path(environ) == str(home / ".aws" / "config")
    assert [p["name"] for p in list_profiles(environ)["profiles"]] == ["home-profile"]

    environ = {
        "HOME": str(home),
        "MYDIR": str(tmp_path / "elsewhere"),
        "AWS_SHARED_CREDENTIALS_FILE": "$MYDIR/creds",
        "AWS_CONFIG_FILE": "~/cfg",
    }
    assert credentials_path(environ) == str(tmp_path / "elsewhere" / "creds")
    assert config_path(environ) == str(home / "cfg")
    # An empty variable means the default, as an unset one.
    assert credentials_path({"HOME": str(home), "AWS_SHARED_CREDENTIALS_FILE": ""}) == str(
        home / ".aws" / "credentials"
    )


def test_list_hides_an_unusable_config_endpoint(tmp_path: Path) -> None:
    environ = aws_files(
        tmp_path,
        credentials="[a]\naws_access_key_id = K\naws_secret_access_key = S\n"
        "[b]\naws_access_key_id = K\naws_secret_access_key = S\n",
        config="[profile a]\nendpoint_url = file:///etc/passwd\n"
        "[profile b]\nendpoint_url = https://user:canary@host.example\n",
    )
    assert [p["endpoint"] for p in list_profiles(environ)["profiles"]] == [None, None]
    with pytest.raises(CredentialsError) as err:
        resolve_profile("a", environ=environ)
    assert_clean_error(err.value, "'file:///etc/passwd'", environ["AWS_CONFIG_FILE"], "'a'")
    with pytest.raises(CredentialsError) as err:
        resolve_profile("b", environ=environ)
    assert_clean_error(err.value, "user name or password")


# --------------------------------------------------------------------------- bad files

MALFORMED = [
    pytest.param(
        "credentials",
        f"aws_secret_access_key = {SECRET}\n[osn]\n",
        "a setting comes before the first [section] header (line 1)",
        id="no-section-header",
    ),
    pytest.param(
        "credentials",
        f"[osn]\naws_access_key_id = {KEY_ID}\nthe secret is {SECRET}\n",
        "a line is neither a [section] header nor 'name = value' (line 3)",
        id="not-name-value",
    ),
    pytest.param(
        "credentials",
        f"[osn]\naws_secret_access_key = {SECRET}\naws_secret_access_key = {SECRET}2\n",
        "the setting 'aws_secret_access_key' appears twice in section [osn] (line 3)",
        id="duplicate-option",
    ),
    pytest.param(
        "config",
        "[profile osn]\nregion = a\n[profile osn]\nregion = b\n",
        "the section [profile osn] appears twice (line 3)",
        id="duplicate-section",
    ),
    pytest.param(
        "config",
        f"[profile osn]\ns3 =\n    {SECRET}\n",
        "the indented block of 's3' in section [profile osn] has a line without '='",
        id="nested-without-equals",
    ),
]


@pytest.mark.parametrize(("which", "text", "what"), MALFORMED)
def test_malformed_file(tmp_path: Path, which: str, text: str, what: str) -> None:
    good = "[osn]\naws_access_key_id = K\naws_secret_access_key = S\n"
    environ = aws_files(
        tmp_path,
        credentials=text if which == "credentials" else good,
        config=text if which == "config" else "",
    )
    path = environ["AWS_SHARED_CREDENTIALS_FILE" if which == "credentials" else "AWS_CONFIG_FILE"]
    for call in (lambda: list_profiles(environ), lambda: resolve_profile("osn", environ=environ)):
        with pytest.raises(CredentialsError) as err:
            call()
        assert_clean_error(err.value, f"The AWS {which} file {path} is malformed: {what}.")


@pytest.mark.parametrize("which", ["credentials", "config"])
def test_unreadable_file(tmp_path: Path, which: str) -> None:
    environ = aws_files(tmp_path, credentials="[osn]\n" if which == "config" else None)
    path = Path(
        environ["AWS_SHARED_CREDENTIALS_FILE" if which == "credentials" else "AWS_CONFIG_FILE"]
    )
    path.mkdir()  # a directory where the file is expected (chmod 000 does not stop root)
    for call in (lambda: list_profiles(environ), lambda: resolve_profile("osn", environ=environ)):
        with pytest.raises(CredentialsError) as err:
            call()
        assert_clean_error(
            err.value, f"The AWS {which} file {path} cannot be read (is a directory)."
        )


def test_file_not_utf8(tmp_path: Path) -> None:
    environ = aws_files(tmp_path)
    Path(environ["AWS_SHARED_CREDENTIALS_FILE"]).write_bytes(b"[osn]\nregion = \xff\xfe\n")
    with pytest.raises(CredentialsError) as err:
        list_profiles(environ)
    assert_clean_error(err.value, "is not UTF-8 text")


# --------------------------------------------------------------------------- resolving


def test_resolve_sets_and_removes(tmp_path: Path) -> None:
    environ = aws_files(tmp_path, CREDENTIALS, CONFIG)
    resolved = resolve_profile("osn", environ=environ)
    assert isinstance(resolved, ResolvedProfile) and isinstance(resolved.env, SecretEnv)
    assert resolved.name == "osn"
    assert dict(resolved.env) == {
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_DEFAULT_REGION": "us-west-2",
        "AWS_S3_ENDPOINT": "https://s3.example.org",
        "AWS_ENDPOINT_URL_S3": "https://s3.example.org",
    }
    assert resolved.unset == (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SECURITY_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
        "AWS_SESSION_TOKEN",  # no token in this profile: a stale one must not stay
    )
    assert resolved.summary == list_profiles(environ)["profiles"][4]
    assert_no_secret(resolved, resolved.env, resolved.summary)


def test_resolve_token_nested_endpoint_no_region(tmp_path: Path) -> None:
    resolved = resolve_profile("nested", environ=aws_files(tmp_path, CREDENTIALS, CONFIG))
    assert dict(resolved.env) == {
        "AWS_ACCESS_KEY_ID": "AKIANESTEDKEY0000002",
        "AWS_SECRET_ACCESS_KEY": "nested-secret",
        "AWS_SESSION_TOKEN": TOKEN,
        "AWS_S3_ENDPOINT": "https://s3-specific.example.org",
        "AWS_ENDPOINT_URL_S3": "https://s3-specific.example.org",
    }
    assert "AWS_SESSION_TOKEN" not in resolved.unset
    assert_no_secret(resolved, resolved.env)


def test_resolve_without_endpoint_or_region(tmp_path: Path) -> None:
    resolved = resolve_profile("only-conf", environ=aws_files(tmp_path, CREDENTIALS, CONFIG))
    assert dict(resolved.env) == {
        "AWS_ACCESS_KEY_ID": "AKIACONFIGONLYKEY003",
        "AWS_SECRET_ACCESS_KEY": "conf-secret",
    }
    assert resolved.summary["endpoint"] is None and resolved.summary["source"] == "config"


def test_resolve_keys_from_config_without_credentials_file(tmp_path: Path) -> None:
    environ = aws_files(tmp_path, credentials=None, config=CONFIG)
    resolved = resolve_profile("only-conf", environ=environ)
    assert resolved.env["AWS_ACCESS_KEY_ID"] == "AKIACONFIGONLYKEY003"


def test_resolve_errors(tmp_path: Path) -> None:
    environ = aws_files(tmp_path, CREDENTIALS, CONFIG)
    cred, conf = environ["AWS_SHARED_CREDENTIALS_FILE"], environ["AWS_CONFIG_FILE"]

    with pytest.raises(CredentialsError) as err:
        resolve_profile("nope", environ=environ)
    assert_clean_error(
        err.value,
        f"There is no AWS profile named 'nope' in {cred} or {conf};",
        "'default', 'nested', 'only-conf', 'only-cred', 'osn', 'via-services'",
    )

    with pytest.raises(CredentialsError) as err:
        resolve_profile("via-services", environ=environ)  # config only, no keys
    assert_clean_error(err.value, f"AWS profile 'via-services' has no aws_access_key_id in {conf}")

    for name in ("", None):
        with pytest.raises(CredentialsError) as err:
            resolve_profile(name, environ=environ)  # type: ignore[arg-type]
        assert_clean_error(err.value, "profile name must be a non-empty string")


def test_resolve_missing_key_or_secret(tmp_path: Path) -> None:
    environ = aws_files(
        tmp_path,
        credentials=f"[no-id]\naws_secret_access_key = {SECRET}\n"
        f"[no-secret]\naws_access_key_id = {KEY_ID}\n[empty]\n",
    )
    cred = environ["AWS_SHARED_CREDENTIALS_FILE"]
    for name, option in (
        ("no-id", "aws_access_key_id"),
        ("no-secret", "aws_secret_access_key"),
        ("empty", "aws_access_key_id"),
    ):
        with pytest.raises(CredentialsError) as err:
            resolve_profile(name, environ=environ)
        assert_clean_error(err.value, f"AWS profile {name!r} has no {option} in {cred}")


def test_resolve_without_any_file(tmp_path: Path) -> None:
    environ = aws_files(tmp_path)
    with pytest.raises(CredentialsError) as err:
        resolve_profile("osn", environ=environ)
    assert_clean_error(
        err.value,
        f"There is no AWS credentials file at {environ['AWS_SHARED_CREDENTIALS_FILE']}",
        "AWS_SHARED_CREDENTIALS_FILE",
        f"no config file at {environ['AWS_CONFIG_FILE']}",
    )
    environ = aws_files(tmp_path, credentials=None, config="[profile other]\n")
    with pytest.raises(CredentialsError) as err:
        resolve_profile("osn", environ=environ)
    assert_clean_error(err.value, "There is no AWS credentials file", "no profile 'osn' in")


def test_endpoint_precedence(tmp_path: Path) -> None:
    environ = aws_files(tmp_path, CREDENTIALS, CONFIG)

    def endpoint(**kwargs: Any) -> str | None:
        resolved = resolve_profile("osn", environ=environ, **kwargs)
        assert resolved.env.get("AWS_S3_ENDPOINT") == resolved.summary["endpoint"]
        assert resolved.env.get("AWS_ENDPOINT_URL_S3") == resolved.summary["endpoint"]
        return resolved.summary["endpoint"]

    setting = {"osn": "http://setting.example:9000", "other": "http://other.example"}
    assert endpoint() == "https://s3.example.org"  # the config file
    assert endpoint(endpoint_overrides=setting) == "http://setting.example:9000"
    assert endpoint(endpoint_overrides={"other": "http://other.example"}) == (
        "https://s3.example.org"
    )
    assert endpoint(endpoint_overrides={"osn": ""}) == "https://s3.example.org"  # "" = unset
    assert endpoint(endpoint="https://explicit.example", endpoint_overrides=setting) == (
        "https://explicit.example"
    )
    # The chosen endpoint wins even over an unusable setting, which is then not consulted.
    assert endpoint(endpoint="http://127.0.0.1:5555", endpoint_overrides={"osn": "ftp://x"}) == (
        "http://127.0.0.1:5555"
    )
    # A profile without endpoint in the files gets one from the settings.
    overrides = setting | {"default": "http://d"}
    resolved = resolve_profile("default", endpoint_overrides=overrides, environ=environ)
    assert resolved.env["AWS_ENDPOINT_URL_S3"] == "http://d"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("file:///etc/passwd", "it must start with http:// or https://"),
        ("ftp://s3.example.org", "it must start with http:// or https://"),
        ("s3.example.org", "it must start with http:// or https://"),
        ("http://", "it has no host name"),
        ("http://host:99999", "its port is not a number from 0 to 65535"),
        ("http://host:port", "its port is not a number from 0 to 65535"),
        ("http://[::1", "it is not a valid URL"),
        ("http://host/a b", "it contains spaces or control characters"),
        ("http://host/\x00", "it contains spaces or control characters"),
        ("http://host/?x=1", "it must not have a query or fragment"),
        ("javascript:alert(1)//http://x", "it must start with http:// or https://"),
    ],
)
def test_unusable_endpoints(tmp_path: Path, bad: str, reason: str) -> None:
    with pytest.raises(CredentialsError) as err:
        validate_endpoint(bad)
    assert_clean_error(err.value, reason)

    environ = aws_files(tmp_path, CREDENTIALS, CONFIG)
    before = dict(environ)
    for kwargs, origin in (
        ({"endpoint": bad}, "The S3 endpoint chosen for profile 'osn'"),
        ({"endpoint_overrides": {"osn": bad}}, "set in the extension's settings"),
    ):
        with pytest.raises(CredentialsError) as err:
            resolve_profile("osn", environ=environ, **kwargs)
        assert_clean_error(err.value, origin, reason)
    assert environ == before


def test_endpoint_with_password_is_not_echoed() -> None:
    with pytest.raises(CredentialsError) as err:
        validate_endpoint(f"https://user:{SECRET}@s3.example.org")
    assert_clean_error(err.value, "must not contain a user name or password")
    assert validate_endpoint("  https://s3.example.org/prefix  ") == "https://s3.example.org/prefix"
    assert validate_endpoint("HTTP://127.0.0.1:5555") == "HTTP://127.0.0.1:5555"
    with pytest.raises(CredentialsError):
        validate_endpoint(42)


# --------------------------------------------------------------------------- applying


def test_overlay_apply_reapply_restore(tmp_path: Path) -> None:
    environ = aws_files(tmp_path, CREDENTIALS, CONFIG)
    osn = resolve_profile("osn", environ=environ)
    nested = resolve_profile("nested", environ=environ)
    original = {
        "HOME": "/home/user",
        "AWS_PROFILE": "old",
        "AWS_ACCESS_KEY_ID": "orig-key",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_SESSION_TOKEN": "old-token",
    }
    env = dict(original)
    overlay = EnvironmentOverlay(env)
    assert overlay.active is None and not overlay.applied and overlay.summary is None
    assert dict(overlay.worker_env()) == {} and overlay.worker_unset() == ()

    overlay.apply(osn)
    expected = {k: v for k, v in original.items() if k not in ("AWS_PROFILE", "AWS_SESSION_TOKEN")}
    assert env == expected | dict(osn.env)
    assert overlay.active == "osn" and overlay.profile is osn and overlay.applied
    assert overlay.summary == osn.summary and overlay.summary is not osn.summary
    assert dict(overlay.worker_env()) == dict(osn.env)
    assert set(overlay.worker_unset()) >= {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}

    overlay.apply(nested)  # restores osn's changes first
    expected = {k: v for k, v in original.items() if k != "AWS_PROFILE"}
    assert env == expected | dict(nested.env)  # region eu-west-1 is back, no endpoint of osn
    assert overlay.active == "nested"

    overlay.apply(nested)  # the same again changes nothing
    assert env == expected | dict(nested.env)

    overlay.restore()
    assert env == original
    assert overlay.active is None and overlay.profile is None and not overlay.applied
    assert dict(overlay.worker_env()) == {}
    overlay.restore()  # nothing applied: nothing to do
    assert env == original

    overlay.apply(osn)
    overlay.restore()
    assert env == original


def test_overlay_apply_vars(tmp_path: Path) -> None:
    env = {"KEEP": "1", "GONE": "2", "CHANGED": "3"}
    overlay = EnvironmentOverlay(env)
    overlay.apply_vars({"CHANGED": "new", "ADDED": "4"}, unset=["GONE", "ABSENT"], name="custom")
    assert env == {"KEEP": "1", "CHANGED": "new", "ADDED": "4"}
    assert overlay.active == "custom" and overlay.profile is None
    assert overlay.worker_unset() == ("GONE", "ABSENT")
    overlay.apply_vars({"OTHER": "5"})
    assert env == {"KEEP": "1", "GONE": "2", "CHANGED": "3", "OTHER": "5"}
    assert overlay.active is None and overlay.applied
    overlay.restore()
    assert env == {"KEEP": "1", "GONE": "2", "CHANGED": "3"}


@pytest.mark.parametrize(
    ("set_vars", "unset"),
    [
        ({"A": "x\x00y"}, ()),
        ({"A=B": "x"}, ()),
        ({"": "x"}, ()),
        ({"A": 1}, ()),
        ({"A": "x"}, ("A",)),
    ],
)
def test_overlay_refuses_bad_variables_and_changes_nothing(set_vars: dict, unset: tuple) -> None:
    env = {"AWS_PROFILE": "old"}
    overlay = EnvironmentOverlay(env)
    overlay.apply_vars({"AWS_ACCESS_KEY_ID": "first"}, ["AWS_PROFILE"], name="first")
    with pytest.raises(ValueError):
        overlay.apply_vars(set_vars, unset, name="second")
    assert env == {"AWS_ACCESS_KEY_ID": "first"} and overlay.active == "first"
    overlay.restore()
    assert env == {"AWS_PROFILE": "old"}


class _RefusingEnviron(dict):
    """A mapping whose writes of one variable fail, as a real environment can (putenv)."""

    def __setitem__(self, key: str, value: str) -> None:
        if key == "REFUSED":
            raise OSError("putenv failed")
        super().__setitem__(key, value)


def test_overlay_failed_apply_changes_nothing() -> None:
    env = _RefusingEnviron(AWS_PROFILE="old", B="orig")
    overlay = EnvironmentOverlay(env)
    overlay.apply_vars({"A": "first"}, ["AWS_PROFILE"], name="first")
    with pytest.raises(OSError):
        overlay.apply_vars({"B": "second", "REFUSED": "x"}, name="second")
    assert env == {"A": "first", "B": "orig"} and overlay.active == "first"
    overlay.restore()
    assert env == {"AWS_PROFILE": "old", "B": "orig"}


def test_overlay_on_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JLDC_TEST_VAR", raising=False)
    monkeypatch.setenv("JLDC_TEST_GONE", "here")
    overlay = EnvironmentOverlay()
    overlay.apply_vars({"JLDC_TEST_VAR": "set"}, ["JLDC_TEST_GONE"])
    try:
        assert os.environ["JLDC_TEST_VAR"] == "set" and "JLDC_TEST_GONE" not in os.environ
    finally:
        overlay.restore()
    assert "JLDC_TEST_VAR" not in os.environ and os.environ["JLDC_TEST_GONE"] == "here"


def test_code_looking_profile_names_are_data(tmp_path: Path) -> None:
    other = 'he said "hi"; $(id) `id` \\'
    environ = aws_files(
        tmp_path,
        credentials=f"[{CODE_NAME}]\naws_access_key_id = {KEY_ID}\n"
        f"aws_secret_access_key = {SECRET}\n"
        f"[{other}]\naws_access_key_id = AKIAOTHERKEY00000009\naws_secret_access_key = o\n",
        config=f"[profile {CODE_NAME}]\nregion = us-west-2\n"
        f"[profile {other}]\nendpoint_url = http://127.0.0.1:9\n",
    )
    listing = list_profiles(environ, active=CODE_NAME)
    assert [p["name"] for p in listing["profiles"]] == sorted([CODE_NAME, other])
    by_name = {p["name"]: p for p in listing["profiles"]}
    assert by_name[CODE_NAME] == {
        "name": CODE_NAME,
        "source": "both",
        "endpoint": None,
        "region": "us-west-2",
        "key_id": "AKIA…WXYZ",
    }
    assert by_name[other]["source"] == "both"
    assert by_name[other]["endpoint"] == "http://127.0.0.1:9"
    assert listing["active"] == CODE_NAME

    resolved = resolve_profile(
        CODE_NAME, environ=environ, endpoint_overrides={CODE_NAME: "http://h"}
    )
    assert resolved.name == CODE_NAME and resolved.summary["name"] == CODE_NAME
    assert resolved.env["AWS_SECRET_ACCESS_KEY"] == SECRET
    env: dict[str, str] = {}
    overlay = EnvironmentOverlay(env)
    overlay.apply(resolved)
    assert overlay.active == CODE_NAME and env["AWS_ENDPOINT_URL_S3"] == "http://h"
    overlay.apply(resolve_profile(other, environ=environ))
    assert overlay.active == other and env["AWS_ACCESS_KEY_ID"] == "AKIAOTHERKEY00000009"
    overlay.restore()
    assert env == {}

    with pytest.raises(CredentialsError) as err:
        resolve_profile(CODE_NAME + "2", environ=environ)
    assert_clean_error(err.value, repr(CODE_NAME + "2"), repr(CODE_NAME))


def test_nothing_shows_a_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    environ = aws_files(tmp_path, CREDENTIALS, CONFIG)
    listing = list_profiles(environ)
    resolved = resolve_profile("nested", environ=environ)
    overlay = EnvironmentOverlay({})
    overlay.apply(resolved)
    shown: list[object] = [
        listing,
        *listing["profiles"],
        resolved,
        resolved.env,
        resolved.env.items(),
        resolved.summary,
        overlay,
        overlay.profile,
        overlay.summary,
        overlay.worker_env(),
        overlay.worker_unset(),
    ]
    assert "AWS_SECRET_ACCESS_KEY" in repr(resolved.env)  # the names are shown, not the values
    assert "AKIA…0002" in repr(resolved.env)
    for bad_text in (
        f"[nested]\naws_secret_access_key = {SECRET}\naws_secret_access_key = {TOKEN}\n",
        f"aws_secret_access_key = {SECRET}\n",
        f"[x]\n{SECRET}\n",
    ):
        bad = aws_files(tmp_path / str(len(shown)), credentials=bad_text)
        with pytest.raises(CredentialsError) as err:
            list_profiles(bad)
        shown.append(err.value)
    with pytest.raises(CredentialsError) as err:
        resolve_profile("osn", endpoint=f"http://{SECRET}:{TOKEN}@h", environ=environ)
    shown.append(err.value)
    assert_no_secret(*shown)
    overlay.restore()
    out = capsys.readouterr()
    assert_no_secret(out.out, out.err, caplog.text)
    assert out.out == out.err == ""


def test_module_stays_light() -> None:
    code = (
        "import sys, jupyterlab_dask_clusters as p; before = set(sys.modules);"
        "import jupyterlab_dask_clusters.profiles.credentials;"
        "heavy = ('boto', 'botocore', 'boto3', 'dask', 'distributed', 's3fs', 'fsspec', 'logging');"
        "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- end to end


@pytest.fixture
def kernel_overlay(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[EnvironmentOverlay]:
    """os.environ like a fresh kernel's: no AWS keys or endpoints, AWS files that hold nothing
    (so botocore can only use what the overlay sets), a stale AWS_PROFILE naming a profile
    that does not exist and a stale AWS_SESSION_TOKEN (each makes botocore fail if it stays).
    Restored afterwards."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "FSSPEC_S3")):
            monkeypatch.delenv(name)
    empty = tmp_path / "empty-aws-file"
    empty.write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_PROFILE", "stale-profile-that-does-not-exist")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "stale-token-of-another-identity")
    overlay = EnvironmentOverlay()
    yield overlay
    overlay.restore()


def test_profile_reaches_s3fs_in_kernel_and_on_process_workers(
    s3: S3, kernel_overlay: EnvironmentOverlay, tmp_path: Path
) -> None:
    import s3fs
    from distributed import Client, LocalCluster

    def aws_environ() -> dict[str, str]:
        return {k: v for k, v in os.environ.items() if k.startswith("AWS_")}

    before = aws_environ()  # (LocalCluster sets OMP_NUM_THREADS & co. in this process)
    files = aws_files(
        tmp_path / "user",
        credentials=f"""\
        [osn]
        aws_access_key_id = {s3.key_id}
        aws_secret_access_key = {s3.secret}

        [wrong]
        aws_access_key_id = {s3.key_id}
        aws_secret_access_key = not-the-secret
        """,
        config=f"""\
        [profile osn]
        region = us-east-1
        s3 =
            endpoint_url = {s3.endpoint}
        """,
    )
    path = f"{BUCKET}/{KEY}"

    # Control: the server refuses a wrong secret, so a successful read proves the keys.
    kernel_overlay.apply(resolve_profile("wrong", endpoint=s3.endpoint, environ=files))
    with pytest.raises(PermissionError):
        s3fs.S3FileSystem(skip_instance_cache=True).cat(path)

    kernel_overlay.apply(resolve_profile("osn", environ=files))
    assert "AWS_PROFILE" not in os.environ and "AWS_SESSION_TOKEN" not in os.environ
    assert os.environ["AWS_ENDPOINT_URL_S3"] == os.environ["AWS_S3_ENDPOINT"] == s3.endpoint
    assert s3fs.S3FileSystem(skip_instance_cache=True).cat(path) == BODY

    def read_on_worker(path: str) -> tuple[bytes, str | None, bool]:
        import os

        import s3fs

        data = s3fs.S3FileSystem(skip_instance_cache=True).cat(path)
        return data, os.environ.get("AWS_ENDPOINT_URL_S3"), "AWS_PROFILE" in os.environ

    with (
        LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        data, endpoint, has_profile = client.submit(read_on_worker, path, pure=False).result(
            timeout=120
        )
    assert data == BODY
    assert endpoint == s3.endpoint and not has_profile

    kernel_overlay.restore()
    assert aws_environ() == before
