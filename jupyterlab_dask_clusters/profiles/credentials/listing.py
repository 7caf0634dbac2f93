"""All profiles of the AWS files, as the ``profiles`` request returns them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .endpoint import validate_endpoint
from .errors import CredentialsError
from .files import AwsFiles

if TYPE_CHECKING:
    from ...shapes import Profiles, ProfileSummary


def list_profiles(
    environ: Mapping[str, str] | None = None, *, active: str | None = None
) -> Profiles:
    """All profiles of both files, merged by name and sorted (protocol ``Profiles``).

    No profile at all (no AWS files, or none in them) is a normal state, not an error: the
    listing is empty and ``error`` None.
    A config endpoint that is not a usable http(s) URL is listed as ``None``
    (:func:`resolve_profile` reports it). Raises CredentialsError for an unreadable or
    malformed file. ``active`` is copied into the result (the applied profile's name).
    """
    files = AwsFiles.load(environ)
    summaries: list[ProfileSummary] = []
    for name in files.names():
        endpoint = files.config_endpoint(name)
        if endpoint is not None:
            try:
                endpoint = validate_endpoint(endpoint)
            except CredentialsError:
                endpoint = None
        summaries.append(files.summary(name, endpoint))
    return {"profiles": summaries, "active": active, "error": None}
