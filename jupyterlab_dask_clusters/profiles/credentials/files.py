"""The two AWS files read together, and what they say about one profile: its keys, its region,
its S3 endpoint, its summary. Which file wins follows botocore."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ini import Sections, nested_block, read_ini, section_name
from .paths import config_path, credentials_path
from .secret_env import mask_key_id

if TYPE_CHECKING:
    from ...shapes import ProfileSource, ProfileSummary


@dataclass
class AwsFiles:
    credentials_path: str
    config_path: str
    credentials: Sections | None  # None: the file does not exist
    config: Sections | None
    #: The config file's ``[profile NAME]`` and ``[default]`` sections, by profile name.
    config_profiles: Sections
    #: The config file's ``[services NAME]`` sections, by name.
    services: Sections

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None) -> AwsFiles:
        """Read both files (``environ`` locates them); raises CredentialsError."""
        cred_path = credentials_path(environ)
        conf_path = config_path(environ)
        credentials = read_ini(cred_path, "credentials")
        config = read_ini(conf_path, "config")
        profiles: Sections = {}
        services: Sections = {}
        for section, values in (config or {}).items():
            if section == "default":
                profiles.setdefault("default", {}).update(values)
            elif (name := section_name(section, "profile")) is not None:
                profiles.setdefault(name, {}).update(values)
            elif (name := section_name(section, "services")) is not None:
                services.setdefault(name, {}).update(values)
        return cls(cred_path, conf_path, credentials, config, profiles, services)

    def names(self) -> list[str]:
        """Every profile of both files, sorted."""
        return sorted(set(self.credentials or {}) | set(self.config_profiles))

    def has_profile(self, name: str) -> bool:
        return name in (self.credentials or {}) or name in self.config_profiles

    def config_endpoint(self, name: str) -> str | None:
        """S3 endpoint from the config file: S3-specific settings win over ``endpoint_url``.

        Order: ``[services X]`` → ``s3 = endpoint_url`` (botocore's service-specific setting,
        for a profile with ``services = X``), then the profile's own ``s3 = endpoint_url``,
        then the profile's ``endpoint_url``.
        """
        profile = self.config_profiles.get(name)
        if not profile:
            return None
        path = self.config_path
        candidates: list[str | None] = []
        service_name = setting(profile, "services")
        if service_name and service_name in self.services:
            block = self.services[service_name].get("s3")
            candidates.append(
                setting(nested_block(block, "s3", f"services {service_name}", path), "endpoint_url")
            )
        candidates.append(
            setting(nested_block(profile.get("s3"), "s3", f"profile {name}", path), "endpoint_url")
        )
        candidates.append(setting(profile, "endpoint_url"))
        return next((c for c in candidates if c), None)

    def key_section(self, name: str) -> tuple[Mapping[str, str] | None, str]:
        """Where the profile's keys are, and that file's path: the credentials file first
        (as botocore), else the config file."""
        cred = (self.credentials or {}).get(name)
        if setting(cred, "aws_access_key_id") or setting(cred, "aws_secret_access_key"):
            return cred, self.credentials_path
        conf = self.config_profiles.get(name)
        if setting(conf, "aws_access_key_id") or setting(conf, "aws_secret_access_key"):
            return conf, self.config_path
        if cred is not None:
            return cred, self.credentials_path
        return conf, self.config_path

    def summary(self, name: str, endpoint: str | None) -> ProfileSummary:
        """What the browser may see of profile ``name``, with ``endpoint`` as its endpoint."""
        in_cred = name in (self.credentials or {})
        in_conf = name in self.config_profiles
        source: ProfileSource = (
            "both" if in_cred and in_conf else "credentials" if in_cred else "config"
        )
        cred = (self.credentials or {}).get(name)
        region = setting(self.config_profiles.get(name), "region") or setting(cred, "region")
        keys, _ = self.key_section(name)
        return {
            "name": name,
            "source": source,
            "endpoint": endpoint,
            "region": region,
            "key_id": mask_key_id(setting(keys, "aws_access_key_id")),
        }


def setting(section: Mapping[str, str] | None, key: str) -> str | None:
    """One setting of a section, stripped; ``None`` when absent or blank."""
    value = (section or {}).get(key)
    value = value.strip() if value else None
    return value or None
