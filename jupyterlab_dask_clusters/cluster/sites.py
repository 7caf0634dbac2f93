"""Sites: the built-in ones as data, the user's from settings, detection, option values.

A site is a kind (``local``, ``gateway``, ``jobqueue``, ``class``) plus defaults plus how to
recognise it. The built-ins are plain JSON data, written here only: the ``sites`` setting
(``schema/sidebar.json``) holds just the user's own entries and changes.

Sites come in three layers, each overriding fields of the one before or adding sites: the
built-ins < dask config ``dask-clusters.sites`` (what a hub's administrators put in
``/etc/dask/``) < the user's settings (carried by hello).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..protocol import ProtocolError, site_spec_problem
from . import capacity, kinds

if TYPE_CHECKING:
    from ..protocol import SiteSpec, SiteSummary

#: A gateway site's option value that only the gateway can resolve (``gateway/options.py``): the
#: notebook kernel's conda environment, when the gateway offers it.
KERNEL_ENV_MARKER = "$kernel_conda_env"

# Ordered: detection tries the sites in this order and falls back to ``local``.
BUILTIN_SITES: dict[str, SiteSpec] = {
    "nebari": {
        "label": "Nebari (Dask Gateway)",
        "kind": "gateway",
        # The kernel's own conda environment when the gateway offers it, else the seed's.
        "options": {
            "conda_environment": {"$kernel_conda_env": True, "default": "users/users-pangeo"},
            "profile": "Medium Worker",
        },
        "workers": None,
        "adapt": {"minimum": 2, "maximum": 30},
        "detect": {"dask_config": "gateway.address"},
        "env": {},
    },
    "denali": {
        "label": "Denali",
        "kind": "local",
        "options": {"threads_per_worker": 1},
        "workers": None,
        "adapt": None,
        "detect": {"env": {"SLURM_CLUSTER_NAME": ["denali"]}},
        "env": {},
    },
    "tallgrass": {
        "label": "Tallgrass (Slurm)",
        "kind": "jobqueue",
        "jobqueue": "slurm",
        "options": {
            "processes": 1,
            "cores": 1,
            "memory": "10GB",
            "interface": "ib0",
            # Required: from the kernel's environment, else dask config, else the panel; a
            # made-up account ("Unknown", as the seed had) is never submitted.
            "account": {"$env": "SLURM_JOB_ACCOUNT"},
            "walltime": "04:00:00",
            # sbatch flags, one per line of the job script (a dict would give `#SBATCH hint`).
            "job_extra_directives": ["--hint=multithread", "--exclusive=user"],
        },
        "workers": None,
        "adapt": {"minimum": 2, "maximum": 30},
        "detect": {"env": {"SLURM_CLUSTER_NAME": ["tallgrass", "hovenweep"]}},
        "env": {},
    },
    "local": {
        "label": "Local machine",
        "kind": "local",
        "options": {"threads_per_worker": {"$cpu_count": True}},
        # One worker with every core, as the seed's LocalCluster(threads_per_worker=…) gives.
        "workers": 1,
        "adapt": None,
        "detect": None,
        "env": {},
    },
}

FALLBACK_SITE = "local"

#: The dask config key whose value has the shape of the ``sites`` setting.
DASK_CONFIG_KEY = "dask-clusters.sites"

_DEFAULTS: dict[str, Any] = {
    "options": {},
    "workers": None,
    "adapt": None,
    "detect": None,
    "env": {},
}


def builtin_sites() -> dict[str, SiteSpec]:
    """A fresh copy of the built-in sites (JSON-able, in detection order)."""
    return copy.deepcopy(BUILTIN_SITES)


def config_sites() -> dict[str, dict[str, Any]]:
    """The sites of dask config ``dask-clusters.sites`` (none without dask), checked as hello
    checks the settings' (``invalid``, naming the config key)."""
    try:
        import dask.config
    except ImportError:
        return {}
    entries = dask.config.get(DASK_CONFIG_KEY, None) or {}
    if not isinstance(entries, dict):
        raise ProtocolError("invalid", f"The dask config {DASK_CONFIG_KEY} must be a mapping.")
    for site_id, entry in entries.items():
        problem = site_spec_problem(entry, f"Site {site_id!r} of dask config {DASK_CONFIG_KEY}")
        if problem:
            raise ProtocolError("invalid", problem)
    return entries


def merge_sites(
    user: Mapping[str, Mapping[str, Any]] | None,
    config: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, SiteSpec]:
    """The built-ins, then the dask config's sites (``config``; read from dask config when
    None), then the user's settings: an entry with a known id changes the fields it gives
    (within ``options`` and ``env``, the keys it gives); an entry with a new id adds a site
    (after the others).

    The user's entries are expected to have passed ``protocol.parse_request`` (hello's)."""
    sites = builtin_sites()
    for entries in (config_sites() if config is None else config, user or {}):
        _apply(sites, entries)
    return sites


#: Fields whose entries an override changes one by one (an option given as null: the
#: cluster's own default); the other fields it replaces.
_MERGED_FIELDS = ("options", "env")


def _apply(sites: dict[str, SiteSpec], entries: Mapping[str, Mapping[str, Any]]) -> None:
    for site_id, entry in entries.items():
        if site_id in sites:
            base = sites[site_id]
            merged: dict[str, Any] = {**base, **copy.deepcopy(dict(entry))}
            for field in _MERGED_FIELDS:
                if field in entry:
                    merged[field] = {**base[field], **copy.deepcopy(dict(entry[field]))}
        else:
            missing = [key for key in ("label", "kind") if key not in entry]
            if missing:
                raise ProtocolError("invalid", f"Site {site_id!r} needs a {missing[0]}.")
            merged = {**copy.deepcopy(_DEFAULTS), **copy.deepcopy(dict(entry))}
        if merged["kind"] == "jobqueue" and not merged.get("jobqueue"):
            raise ProtocolError(
                "invalid", f'Site {site_id!r} must name its job queue (e.g. "jobqueue": "slurm").'
            )
        if merged["kind"] != "jobqueue":
            merged.pop("jobqueue", None)
        if merged["kind"] == "class" and not merged.get("class"):
            raise ProtocolError(
                "invalid",
                f'Site {site_id!r} must name its cluster class (e.g. "class": "pkg.Cluster").',
            )
        if merged["kind"] != "class":
            merged.pop("class", None)
        sites[site_id] = merged  # type: ignore[assignment]


# ---------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------


def _dask_config_is_set(key: str) -> bool:
    try:
        import dask.config
    except ImportError:
        return False
    return dask.config.get(key, None) not in (None, "")


def _matches(rule: Mapping[str, Any] | None, environ: Mapping[str, str]) -> bool:
    if not rule:
        return False
    if "env" in rule:
        return any(environ.get(name) in values for name, values in rule["env"].items())
    if "dask_config" in rule:
        return _dask_config_is_set(rule["dask_config"])
    return False


def detect(sites: Mapping[str, SiteSpec], environ: Mapping[str, str] | None = None) -> str:
    """The first site, in order, whose ``detect`` rule matches this kernel; else ``local``."""
    environ = os.environ if environ is None else environ
    for site_id, spec in sites.items():
        if _matches(spec.get("detect"), environ):
            return site_id
    return FALLBACK_SITE


# ---------------------------------------------------------------------------------------------
# Option values
# ---------------------------------------------------------------------------------------------


def _resolve(value: Any, where: str, environ: Mapping[str, str]) -> Any:
    if isinstance(value, list):
        return [_resolve(item, where, environ) for item in value]
    if not isinstance(value, dict):
        return value
    if not any(isinstance(key, str) and key.startswith("$") for key in value):
        return {key: _resolve(item, where, environ) for key, item in value.items()}
    if value == {"$cpu_count": True}:
        return capacity.machine_cpus()
    if value.get(KERNEL_ENV_MARKER) is True and set(value) <= {KERNEL_ENV_MARKER, "default"}:
        return value  # only the gateway knows what it offers: see gateway/options.py

    if "$env" in value and set(value) <= {"$env", "default"} and isinstance(value["$env"], str):
        name = value["$env"]
        if name in environ:
            return environ[name]
        if "default" in value:
            return value["default"]
        raise ProtocolError(
            "invalid",
            f"The option {where!r} reads the environment variable {name}, "
            "which is not set in this kernel.",
        )
    raise ProtocolError(
        "invalid",
        f"The option {where!r} has an unknown value marker: use "
        '{"$env": "NAME", "default": …}, {"$cpu_count": true} or (gateway sites) '
        '{"$kernel_conda_env": true, "default": …}.',
    )


def resolve_options(
    options: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Option values with ``{"$env": …}`` and ``{"$cpu_count": true}`` replaced by their
    value in this kernel."""
    environ = os.environ if environ is None else environ
    return {name: _resolve(value, name, environ) for name, value in options.items()}


def site_options(
    site_id: str,
    spec: SiteSpec,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The constructor options for one start: the site's options with ``overrides`` on top,
    names checked against the kind's real constructor, values resolved and checked."""
    options = {**spec["options"], **(overrides or {})}
    kinds.check_option_names(site_id, spec, list(options))
    resolved = resolve_options(options, environ)
    kinds.check_option_values(spec, resolved)
    return resolved


# ---------------------------------------------------------------------------------------------
# What the browser sees
# ---------------------------------------------------------------------------------------------


def get_site(sites: Mapping[str, SiteSpec], site_id: str) -> SiteSpec:
    try:
        return sites[site_id]
    except KeyError:
        known = ", ".join(sites)
        raise ProtocolError(
            "invalid", f"Unknown site {site_id!r} (known sites: {known})."
        ) from None


def summarize(site_id: str, spec: SiteSpec) -> SiteSummary:
    """The browser's view of a site. Options are sent as configured, markers unresolved: a
    ``$env`` value may name a variable the browser has no business reading."""
    reason = kinds.unavailable_reason(spec)
    return {
        "id": site_id,
        "label": spec["label"],
        "kind": spec["kind"],
        "options": copy.deepcopy(spec["options"]),
        "workers": spec["workers"],
        "adapt": copy.deepcopy(spec["adapt"]),
        "available": reason is None,
        "reason": reason,
        "missing": [] if reason else kinds.missing_options(spec),
        **({"worker_size": size} if (size := capacity.worker_size(spec)) else {}),
    }
