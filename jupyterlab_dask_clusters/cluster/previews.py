"""What a start would use, before anything starts: the effective options of a site and, for a
job queue, the job script its submit command would receive."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..protocol import ProtocolError
from . import kinds, sites

if TYPE_CHECKING:
    from ..protocol import JobScript, SiteOptions, SiteSpec


def site_options(
    site_id: str, spec: SiteSpec, overrides: Mapping[str, Any] | None = None
) -> SiteOptions:
    """Each option's value as a start with ``overrides`` would use it, and where it comes
    from (a job queue's dask config included)."""
    _require_package(site_id, spec)
    # A kind whose options come from more places (a job queue's dask config) says where from.
    effective_options = getattr(kinds.get_kind(spec["kind"]), "effective_options", None)
    if effective_options is not None:
        effective = effective_options(site_id, spec, overrides)
        return {
            "site": site_id,
            "options": effective.used,
            "sources": effective.sources,
            "missing": list(effective.missing),
        }
    overrides = overrides or {}
    options = sites.site_options(site_id, spec, overrides)
    return {
        "site": site_id,
        "options": options,
        "sources": {name: "request" if name in overrides else "site" for name in options},
        "missing": [],
    }


def job_script(
    site_id: str, spec: SiteSpec, overrides: Mapping[str, Any] | None = None
) -> JobScript:
    """The job script of a job-queue site, refused (``invalid``) as a start would refuse it;
    nothing is submitted."""
    if spec["kind"] != "jobqueue":
        raise ProtocolError(
            "invalid", f"Site {site_id!r} is not a job queue: it has no job script."
        )
    _require_package(site_id, spec)
    kind = kinds.get_kind("jobqueue")
    options = kind.prepare(site_id, spec, overrides)  # type: ignore[attr-defined]
    script = kind.job_script(spec, options)  # type: ignore[attr-defined]
    return {"site": site_id, "job_script": script}


def _require_package(site_id: str, spec: SiteSpec) -> None:
    """Refuse (``invalid``) a preview of a site whose kind's package this kernel lacks; a
    missing submit command does not matter to a preview."""
    import importlib.util

    kind = kinds.get_kind(spec["kind"])
    if importlib.util.find_spec(kind.package) is None:
        raise ProtocolError(
            "invalid",
            f"Site {site_id!r} cannot be read here: the package {kind.distribution} "
            "is not installed in this kernel.",
        )
