"""Sites: built-ins as data, settings merged in, detection, option values and names."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from jupyterlab_dask_clusters import gateway, jobqueue  # noqa: F401 (their kinds of site)
from jupyterlab_dask_clusters.cluster import kinds, sites
from jupyterlab_dask_clusters.jobqueue import kind as kinds_jobqueue
from jupyterlab_dask_clusters.jobqueue.options import effective_options
from jupyterlab_dask_clusters.protocol import ProtocolError, parse_request

ROOT = Path(__file__).resolve().parents[2]


def test_builtins_are_plain_json_in_detection_order() -> None:
    builtins = sites.builtin_sites()
    assert json.loads(json.dumps(builtins)) == builtins
    assert list(builtins) == ["nebari", "denali", "tallgrass", "local"]
    # Each one is a valid SiteSpec as the browser would send it back from the settings.
    parse_request(
        {"type": "request", "id": "r", "op": "hello", "args": {"protocol": 1, "sites": builtins}}
    )


def test_builtins_follow_the_design() -> None:
    b = sites.BUILTIN_SITES
    assert b["local"]["options"] == {"threads_per_worker": {"$cpu_count": True}}
    assert b["denali"]["options"] == {"threads_per_worker": 1}
    assert b["denali"]["detect"] == {"env": {"SLURM_CLUSTER_NAME": ["denali"]}}
    assert b["nebari"]["kind"] == "gateway"
    assert b["nebari"]["adapt"] == {"minimum": 2, "maximum": 30}
    assert b["nebari"]["detect"] == {"dask_config": "gateway.address"}
    tallgrass = b["tallgrass"]
    assert (tallgrass["kind"], tallgrass["jobqueue"]) == ("jobqueue", "slurm")
    assert tallgrass["options"]["job_extra_directives"] == [
        "--hint=multithread",
        "--exclusive=user",
    ]
    # Required: no made-up default account is ever submitted.
    assert tallgrass["options"]["account"] == {"$env": "SLURM_JOB_ACCOUNT"}
    assert tallgrass["adapt"] == {"minimum": 2, "maximum": 30}
    assert tallgrass["detect"] == {"env": {"SLURM_CLUSTER_NAME": ["tallgrass", "hovenweep"]}}


def test_the_settings_schema_holds_no_copy_of_the_builtins() -> None:
    # The built-ins live here alone; the settings hold only the user's own entries, and an
    # entry for a built-in id may change one field (the schema requires no label or kind).
    schema = json.loads((ROOT / "schema" / "sidebar.json").read_text(encoding="utf-8"))
    assert schema["properties"]["sites"]["default"] == {}
    assert "required" not in schema["definitions"]["siteChange"]
    for site_id in sites.BUILTIN_SITES:  # named in the setting's description
        assert site_id in schema["properties"]["sites"]["description"]


@pytest.mark.parametrize(
    ("entries", "valid"),
    [
        ({"tallgrass": {"options": {"account": "abc"}}}, True),  # a change to a built-in
        ({"hpc": {"label": "HPC", "kind": "jobqueue", "jobqueue": "pbs"}}, True),
        ({"hpc": {"label": "HPC", "kind": "jobqueue"}}, False),  # which job queue?
        ({"k8s": {"label": "K8s", "kind": "class"}}, False),  # which class?
        ({"mine": {"kind": "local"}}, False),  # a new site needs a label
        ({"tallgras": {"options": {"account": "abc"}}}, False),  # a typo is a new site
        ({"local": {"label": ""}}, False),
        ({"local": {"workers": 10001}}, False),
    ],
)
def test_the_settings_editor_flags_a_site_the_kernel_would_refuse(
    entries: dict, valid: bool
) -> None:
    import jsonschema

    schema = json.loads((ROOT / "schema" / "sidebar.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors({"sites": entries}))
    assert (errors == []) is valid
    # The kernel agrees: what the schema lets through merges; the rest is refused.
    if valid:
        sites.merge_sites(entries, config={})


def test_the_schema_knows_the_builtin_ids() -> None:
    # Only their ids: a change to a built-in site may leave out its label and kind.
    schema = json.loads((ROOT / "schema" / "sidebar.json").read_text(encoding="utf-8"))
    (pattern,) = schema["properties"]["sites"]["patternProperties"]
    assert set(pattern.strip("^$()").split("|")) == set(sites.BUILTIN_SITES)


def test_builtins_cannot_be_changed_through_a_copy() -> None:
    copy = sites.builtin_sites()
    copy["local"]["options"]["threads_per_worker"] = 99
    assert sites.BUILTIN_SITES["local"]["options"]["threads_per_worker"] == {"$cpu_count": True}


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------


def test_user_entry_overrides_fields_of_a_builtin() -> None:
    merged = sites.merge_sites({"denali": {"options": {"threads_per_worker": 2}, "workers": 4}})
    assert merged["denali"]["options"] == {"threads_per_worker": 2}
    assert merged["denali"]["workers"] == 4
    assert merged["denali"]["detect"] == sites.BUILTIN_SITES["denali"]["detect"]
    assert list(merged) == list(sites.BUILTIN_SITES)


def test_an_override_changes_only_the_options_it_gives() -> None:
    # As a Tallgrass user writes it: the account only; the rest of the site stays.
    merged = sites.merge_sites(
        {"tallgrass": {"options": {"account": "abc", "interface": None}, "env": {"A": "1"}}}
    )
    options = merged["tallgrass"]["options"]
    assert options["account"] == "abc"
    assert options["interface"] is None  # null: the cluster's own default
    assert options["cores"] == 1 and options["memory"] == "10GB"
    assert options["job_extra_directives"] == ["--hint=multithread", "--exclusive=user"]
    assert merged["tallgrass"]["env"] == {"A": "1"}
    # Layers add up: dask config's change, then the user's.
    merged = sites.merge_sites(
        {"denali": {"options": {"memory_limit": "4GB"}}},
        config={"denali": {"options": {"processes": False}}},
    )
    assert merged["denali"]["options"] == {
        "threads_per_worker": 1,
        "processes": False,
        "memory_limit": "4GB",
    }


def test_user_entry_with_a_new_id_adds_a_site() -> None:
    merged = sites.merge_sites(
        {
            "pbs": {
                "label": "Our PBS",
                "kind": "jobqueue",
                "jobqueue": "pbs",
                "options": {"cores": 4},
            }
        }
    )
    assert list(merged)[-1] == "pbs"
    assert merged["pbs"] == {
        "label": "Our PBS",
        "kind": "jobqueue",
        "jobqueue": "pbs",
        "options": {"cores": 4},
        "workers": None,
        "adapt": None,
        "detect": None,
        "env": {},
    }


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ({"mine": {"kind": "local"}}, "Site 'mine' needs a label."),
        ({"mine": {"label": "Mine"}}, "Site 'mine' needs a kind."),
        ({"hpc": {"label": "HPC", "kind": "jobqueue"}}, "must name its job queue"),
    ],
)
def test_incomplete_user_sites_are_refused(user: dict, message: str) -> None:
    with pytest.raises(ProtocolError, match=message) as caught:
        sites.merge_sites(user)
    assert caught.value.type == "invalid"


# ---------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "local"),
        ({"SLURM_CLUSTER_NAME": "denali"}, "denali"),
        ({"SLURM_CLUSTER_NAME": "tallgrass"}, "tallgrass"),
        ({"SLURM_CLUSTER_NAME": "hovenweep"}, "tallgrass"),
        ({"SLURM_CLUSTER_NAME": "elsewhere"}, "local"),
    ],
)
def test_detect_by_environment(environ: dict[str, str], expected: str) -> None:
    assert sites.detect(sites.builtin_sites(), environ) == expected


def test_detect_nebari_by_dask_config() -> None:
    import dask.config

    with dask.config.set({"gateway.address": "http://127.0.0.1:18001"}):
        assert sites.detect(sites.builtin_sites(), {"SLURM_CLUSTER_NAME": "denali"}) == "nebari"
    with dask.config.set({"gateway.address": None}):
        assert sites.detect(sites.builtin_sites(), {}) == "local"


def test_detect_a_user_site() -> None:
    merged = sites.merge_sites(
        {"lab": {"label": "Lab box", "kind": "local", "detect": {"env": {"HOST_ROLE": ["lab"]}}}}
    )
    assert sites.detect(merged, {"HOST_ROLE": "lab"}) == "lab"


# ---------------------------------------------------------------------------------------------
# Option values and names
# ---------------------------------------------------------------------------------------------


def test_resolve_markers() -> None:
    options = {
        "threads_per_worker": {"$cpu_count": True},
        "account": {"$env": "ACCOUNT", "default": "Unknown"},
        "queue": {"$env": "QUEUE"},
        "scheduler_options": {"dashboard_address": ":0"},
        "job_extra_directives": ["--exclusive", {"$env": "QUEUE"}],
    }
    resolved = sites.resolve_options(options, {"QUEUE": "short"})
    assert resolved == {
        "threads_per_worker": os.cpu_count(),
        "account": "Unknown",
        "queue": "short",
        "scheduler_options": {"dashboard_address": ":0"},
        "job_extra_directives": ["--exclusive", "short"],
    }
    assert (
        sites.resolve_options(options, {"QUEUE": "q", "ACCOUNT": "hytest"})["account"] == "hytest"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"$env": "NOT_SET_ANYWHERE"}, "reads the environment variable NOT_SET_ANYWHERE"),
        ({"$cpu_count": False}, "unknown value marker"),
        ({"$env": "X", "fallback": 1}, "unknown value marker"),
    ],
)
def test_bad_markers(value: object, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        sites.resolve_options({"opt": value}, {})


@pytest.mark.parametrize(
    "name",
    ["threads_per_worker", "processes", "dashboard_address", "memory_limit", "local_directory"],
)
def test_local_accepts_cluster_nanny_and_worker_options(name: str) -> None:
    kinds.check_option_names("local", sites.BUILTIN_SITES["local"], [name])


@pytest.mark.parametrize(
    ("site_id", "name", "message"),
    [
        ("local", "thread_per_worker", "did you mean 'threads_per_worker'?"),
        ("local", "n_workers", "set by the number of workers or adapt bounds"),
        ("local", "scheduler_port_number", "Unknown option 'scheduler_port_number'"),
        ("tallgrass", "walltme", "did you mean 'walltime'?"),
    ],
)
def test_unknown_options_are_refused_with_a_hint(site_id: str, name: str, message: str) -> None:
    with pytest.raises(ProtocolError, match=message) as caught:
        sites.site_options(site_id, sites.BUILTIN_SITES[site_id], {name: 1})
    assert caught.value.type == "invalid"


def test_jobqueue_accepts_job_options() -> None:
    spec = sites.BUILTIN_SITES["tallgrass"]
    kinds.check_option_names("tallgrass", spec, [*spec["options"], "queue", "job_script_prologue"])


def test_gateway_options_are_left_to_the_gateway() -> None:
    kinds.check_option_names("nebari", sites.BUILTIN_SITES["nebari"], ["anything_goes_here"])


def test_tallgrass_builds_the_slurm_job_it_should() -> None:
    spec = sites.BUILTIN_SITES["tallgrass"]
    # Everything as built in, except what this machine lacks (an ib0 interface, a free 8787).
    options = effective_options(
        "tallgrass",
        spec,
        {"interface": "lo", "scheduler_options": {"dashboard_address": "127.0.0.1:0"}},
        environ={"SLURM_JOB_ACCOUNT": "hytest"},
    ).given
    cluster = kinds.get_kind("jobqueue").build(spec, options, 0)
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    assert "#SBATCH --hint=multithread" in script
    assert "#SBATCH --exclusive=user" in script
    assert "#SBATCH -A hytest" in script
    assert "#SBATCH -t 04:00:00" in script
    assert "#SBATCH hint" not in script


# ---------------------------------------------------------------------------------------------
# What the browser sees
# ---------------------------------------------------------------------------------------------


def test_summaries_say_whether_a_site_can_start(monkeypatch: pytest.MonkeyPatch) -> None:
    summary = sites.summarize("tallgrass", sites.BUILTIN_SITES["tallgrass"])
    # Available where sbatch is (test_jobqueue checks the reason where it is not).
    assert summary["available"] is (shutil.which("sbatch") is not None)
    assert summary["options"]["account"] == {"$env": "SLURM_JOB_ACCOUNT"}

    real_find_spec = kinds.importlib.util.find_spec
    monkeypatch.setattr(
        kinds.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "dask_gateway" else real_find_spec(name, *a),
    )
    summary = sites.summarize("nebari", sites.BUILTIN_SITES["nebari"])
    assert summary["available"] is False
    assert summary["reason"] == "The package dask-gateway is not installed in this kernel."

    unknown_queue = {**sites.BUILTIN_SITES["tallgrass"], "jobqueue": "loadleveler"}
    assert "not one dask-jobqueue knows" in sites.summarize("ll", unknown_queue)["reason"]


def test_a_site_that_cannot_start_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import dask.config

    # No gateway in this kernel's dask config: nebari cannot start, and says so.
    with dask.config.set({"gateway.address": None}):
        summary = sites.summarize("nebari", sites.BUILTIN_SITES["nebari"])
    assert summary["available"] is False
    assert summary["reason"] == (
        "The Dask Gateway is not configured in this kernel "
        "(dask config gateway.address is not set)."
    )
    with dask.config.set({"gateway.address": "http://127.0.0.1:1"}):
        assert sites.summarize("nebari", sites.BUILTIN_SITES["nebari"])["available"] is True

    # Tallgrass where sbatch is: available, but its account is still to be given.
    monkeypatch.setattr(kinds_jobqueue.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.delenv("SLURM_JOB_ACCOUNT", raising=False)
    with dask.config.set({"jobqueue.slurm.account": None}):
        summary = sites.summarize("tallgrass", sites.BUILTIN_SITES["tallgrass"])
        assert (summary["available"], summary["missing"]) == (True, ["account"])
        monkeypatch.setenv("SLURM_JOB_ACCOUNT", "hytest")
        assert sites.summarize("tallgrass", sites.BUILTIN_SITES["tallgrass"])["missing"] == []
    monkeypatch.delenv("SLURM_JOB_ACCOUNT")
    with dask.config.set({"jobqueue.slurm.account": "from-config"}):
        assert sites.summarize("tallgrass", sites.BUILTIN_SITES["tallgrass"])["missing"] == []
    # Without sbatch the reason is that, and nothing is listed as missing.
    monkeypatch.setattr(kinds_jobqueue.shutil, "which", lambda name: None)
    summary = sites.summarize("tallgrass", sites.BUILTIN_SITES["tallgrass"])
    assert summary["reason"] == "The command sbatch is not on this kernel's PATH."
    assert summary["missing"] == []


def test_unknown_site() -> None:
    with pytest.raises(ProtocolError, match="Unknown site 'mars'") as caught:
        sites.get_site(sites.builtin_sites(), "mars")
    assert caught.value.type == "invalid"
