"""dask-jobqueue's messages: a cluster's batch jobs in the snapshot, and the job script a start
would submit (``job_script``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .checks import (
    ProtocolError,
    exact_keys,
    fail_out,
    json_object,
    json_value,
    optional_string,
    string,
)

if TYPE_CHECKING:
    from .checks import ArgChecks


JOB_SCRIPT_KEYS = frozenset({"site", "job_script"})


def site_options_args(args: dict[str, Any]) -> None:
    # site_options and job_script: a site and, optionally, the options the user typed.
    if "site" not in args:
        raise ProtocolError("invalid", "This operation needs a site.")
    string(args["site"], "site")
    if "options" in args:
        json_value(json_object(args["options"], "options"), "options")


def check_jobs(value: object, where: str) -> None:
    if not isinstance(value, list):
        fail_out(where, "must be null or a list")
    for i, job in enumerate(value):
        obj = json_object(job, f"{where} {i}", "protocol")
        exact_keys(obj, f"{where} {i}", {"id", "state"}, error_type="protocol")
        optional_string(obj["id"], f"{where} {i} id", "protocol")
        string(obj["state"], f"{where} {i} state", "protocol")


def check_job_script(obj: dict[str, Any]) -> None:
    exact_keys(obj, "Job script", JOB_SCRIPT_KEYS, error_type="protocol")
    string(obj["site"], "Job script site", "protocol")
    string(obj["job_script"], "Job script job_script", "protocol")


ARGS: ArgChecks = {
    "job_script": (frozenset({"site", "options"}), site_options_args),
}
