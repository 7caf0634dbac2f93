"""``%dask_cluster code`` and the ``code`` op: the code runs in a fresh interpreter that cannot
import this package, and gives the same kind of cluster with the same options and profile."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_dask_clusters.agent import Agent
from jupyterlab_dask_clusters.cluster.sites import BUILTIN_SITES
from jupyterlab_dask_clusters.codegen.writer import (
    ClusterRecipe,
    ProfileRecipe,
    literal,
    magic_code,
    python_code,
)
from jupyterlab_dask_clusters.magic.commands import split_words
from jupyterlab_dask_clusters.protocol import ProtocolError

from .conftest import KEY_ID, SECRET, RecordingComm

NASTY = "x'); import os; os.system('echo pwned') #\"\\"

# Run after the generated code, in the same fresh interpreter: what a user would look at.
REPORT = """
import json, os, sys
def _worker_env():
    import os
    return {n: os.environ.get(n) for n in ("AWS_ACCESS_KEY_ID", "AWS_S3_ENDPOINT", "SITE_VAR")}
client.wait_for_workers(1, timeout=60)
info = client.scheduler_info()
print(json.dumps({
    "imported_package": sys.modules.get("jupyterlab_dask_clusters") is not None,
    "cluster": type(cluster).__name__,
    "workers": len(info["workers"]),
    "threads": sorted(w["nthreads"] for w in info["workers"].values()),
    "worker_env": list(client.run(_worker_env).values()),
    "adapt": [cluster._adaptive.minimum, cluster._adaptive.maximum]
    if getattr(cluster, "_adaptive", None) else None,
}))
client.close()
cluster.close()
"""

# The fresh interpreter cannot import this package, even if it is installed.
BLOCK = "import sys; sys.modules['jupyterlab_dask_clusters'] = None\n"


def run_fresh(code: str, env: dict[str, str]) -> dict[str, Any]:
    source = BLOCK + "exec(compile(open(sys.argv[1]).read(), 'generated', 'exec'))\n" + REPORT
    path = Path(env["TMP_CODE"])
    path.write_text(code)
    done = subprocess.run(
        [sys.executable, "-I", "-c", source, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=path.parent,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_literal_writes_values_and_markers() -> None:
    assert literal(NASTY) == repr(NASTY)
    assert ast.literal_eval(literal({"a": [1, 2.5, None, True, NASTY]})) == {
        "a": [1, 2.5, None, True, NASTY]
    }
    assert literal({"$cpu_count": True}) == "(os.cpu_count() or 1)"
    assert literal({"$env": "X", "default": "u"}) == "os.environ.get('X', 'u')"
    with pytest.raises(ProtocolError, match="cannot be written"):
        literal(float("nan"))


def test_a_hostile_profile_name_stays_a_string() -> None:
    spec = dict(BUILTIN_SITES["local"])
    recipe = ClusterRecipe(
        "local",
        spec,  # type: ignore[arg-type]
        {"memory_limit": NASTY},
        workers=1,
        profile=ProfileRecipe(NASTY, "credentials", endpoint="https://s3.example.org"),
        overrides={"memory_limit": NASTY},
    )
    tree = ast.parse(python_code(recipe, "0"))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert NASTY in strings  # the name is one string constant, nothing was spliced
    calls = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert "os.system" not in calls
    # The magic lines split back into the same words.
    use_line, start_line = magic_code(recipe).splitlines()[1:]
    assert split_words(use_line.removeprefix("%dask_cluster "))[1] == NASTY
    assert f"memory_limit={json.dumps(NASTY)}" in split_words(start_line)


def test_the_magic_says_only_what_the_start_changed() -> None:
    """`start local` gives the site's options (a `$cpu_count` marker included): the cell repeats
    only the start's own, and none that equals the site's."""
    spec = dict(BUILTIN_SITES["local"])
    options = {**spec["options"], "processes": False}
    recipe = ClusterRecipe(
        "local",
        spec,  # type: ignore[arg-type]
        options,
        workers=2,
        overrides={"processes": False, **spec["options"]},
    )
    start_line = magic_code(recipe).splitlines()[1]
    assert start_line == "%dask_cluster start local --workers 2 --set processes=false"
    assert "$" not in magic_code(ClusterRecipe("local", spec, options, workers=1))  # type: ignore[arg-type]


@pytest.fixture
def fresh_env(tmp_path: Path, aws_files: None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") or k.endswith("_FILE")}
    env["TMP_CODE"] = str(tmp_path / "generated.py")
    env["SITE_VAR"] = "unset-in-the-fresh-interpreter"
    return env


def test_code_of_a_local_cluster_with_a_profile_runs_without_this_package(
    agent: Agent, comm: RecordingComm, fresh_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert comm.request("code")["error"]["type"] == "conflict"  # nothing to write yet
    started = comm.request(
        "start",
        site="denali",
        workers=1,
        profile="osn",
        options={"processes": True, "dashboard_address": ":0", "memory_limit": "1GB"},
    )
    assert started["ok"], started
    comm.request("adapt", minimum=1, maximum=2)
    response = comm.request("code")
    assert response["ok"], response
    code = response["result"]["python"]
    assert SECRET not in code and KEY_ID not in code  # read at run time from the files
    assert "'osn'" in code and "https://s3.example.org" in code

    # The same cluster in a fresh interpreter, keys from the same credentials file.
    agent.call("stop")
    seen = run_fresh(code, fresh_env)
    assert seen["imported_package"] is False
    assert seen["cluster"] == "LocalCluster"
    assert seen["threads"] == [1]  # denali: threads_per_worker=1
    assert seen["adapt"] == [1, 2]
    assert seen["worker_env"] == [
        {
            "AWS_ACCESS_KEY_ID": KEY_ID,
            "AWS_S3_ENDPOINT": "https://s3.example.org",
            "SITE_VAR": "unset-in-the-fresh-interpreter",
        }
    ]


def test_site_env_and_fixed_size(
    agent: Agent, fresh_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    agent.call(
        "hello",
        {
            "protocol": 1,
            "sites": {"lab": {"label": "Lab", "kind": "local", "env": {"SITE_VAR": "v"}}},
        },
    )
    agent.call(
        "start",
        {
            "site": "lab",
            "workers": 2,
            "options": {"threads_per_worker": 2, "dashboard_address": ":0"},
        },
    )
    code = agent.call("code")["python"]  # type: ignore[index]
    agent.call("stop")
    seen = run_fresh(code, fresh_env)
    assert (seen["cluster"], seen["workers"], seen["threads"], seen["adapt"]) == (
        "LocalCluster",
        2,
        [2, 2],
        None,
    )
    assert {env["SITE_VAR"] for env in seen["worker_env"]} == {"v"}


def test_tallgrass_code_builds_the_same_job_script(agent: Agent) -> None:
    """A Slurm site's code: the same SLURMCluster job script (no Slurm needed to write one)."""
    pytest.importorskip("dask_jobqueue")
    from jupyterlab_dask_clusters.cluster import sites

    spec = sites.merge_sites(None)["tallgrass"]
    options = {
        **spec["options"],
        "interface": "lo",
        "scheduler_options": {"dashboard_address": ":0"},
    }
    recipe = ClusterRecipe("tallgrass", spec, options, adapt={"minimum": 0, "maximum": 3})
    code = (
        python_code(recipe, "0")
        .replace("client = Client(cluster)", "")
        .replace("client.dashboard_link", "print(cluster.job_script()); cluster.close()")
    )
    code = code.replace("cluster.adapt(minimum=0, maximum=3)", "")
    # The site's account comes from the kernel's SLURM_JOB_ACCOUNT: so does the code's.
    done = subprocess.run(
        [sys.executable, "-I", "-c", BLOCK + code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SLURM_JOB_ACCOUNT": "hytest-acct"},
    )
    assert done.returncode == 0, done.stderr
    script = done.stdout
    assert "#SBATCH -A hytest-acct" in script
    assert "#SBATCH --hint=multithread" in script and "#SBATCH --exclusive=user" in script
    assert "#SBATCH -t 04:00:00" in script and "--memory-limit 9.31GiB" in script


@pytest.fixture(scope="module")
def gateway_config() -> Iterator[dict[str, Any]]:
    pytest.importorskip("dask_gateway_server")
    from .gateway import gateway_server

    with gateway_server() as config:
        yield config


def test_code_of_a_gateway_cluster_runs_without_this_package(
    gateway_config: dict[str, Any],
    agent: Agent,
    comm: RecordingComm,
    fresh_env: dict[str, str],
    tmp_path: Path,
) -> None:
    """Nebari's case: the gateway comes from dask config (as /etc/dask/gateway.yaml there),
    the profile's keys reach the workers by nanny plugin, never in the gateway's options."""
    import dask
    import yaml

    # Imported first: it adds the gateway's config defaults, which the `set` below must not
    # take away again when it ends (it removes keys that did not exist when it began).
    pytest.importorskip("dask_gateway")
    with dask.config.set(gateway_config):
        assert comm.request("hello", protocol=1)["ok"]
        started = comm.request("start", site="nebari", workers=1, profile="osn")
        assert started["ok"], started
        code = comm.request("code")["result"]["python"]
        comm.request("stop")
    assert SECRET not in code and KEY_ID not in code
    assert "environment_vars" not in code  # the site has no env: nothing in the options

    config_dir = tmp_path / "dask"
    config_dir.mkdir()
    nested: dict[str, Any] = {}
    for dotted, value in gateway_config.items():
        target = nested
        *parents, last = dotted.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    (config_dir / "gateway.yaml").write_text(yaml.safe_dump(nested))
    seen = run_fresh(code, {**fresh_env, "DASK_CONFIG": str(config_dir)})
    assert seen["imported_package"] is False
    assert seen["cluster"] == "GatewayCluster"
    assert seen["workers"] == 1
    assert seen["worker_env"][0]["AWS_ACCESS_KEY_ID"] == KEY_ID
    assert seen["worker_env"][0]["AWS_S3_ENDPOINT"] == "https://s3.example.org"


def test_work_counts_what_a_stop_would_drop(agent: Agent, comm: RecordingComm) -> None:
    assert comm.request("work")["result"] == {"in_memory": 0, "processing": 0}  # no cluster
    assert comm.request(
        "start", site="local", workers=1, options={"processes": False, "dashboard_address": ":0"}
    )["ok"]
    assert comm.request("work")["result"] == {"in_memory": 0, "processing": 0}
    client = agent.controller.client
    kept = client.scatter([1, 2, 3])
    assert comm.request("work")["result"]["in_memory"] == 3  # one result per item
    del kept
    deadline = time.monotonic() + 10
    while comm.request("work")["result"]["in_memory"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert comm.request("work")["result"]["in_memory"] == 0


def test_profile_keys_from_the_config_file(tmp_path: Path) -> None:
    """Keys in ``[profile NAME]`` of the config file (no credentials file), a session token,
    and a stale AWS_PROFILE: the code sets what Apply sets, as the agent does."""
    from jupyterlab_dask_clusters.codegen.writer import _profile_lines

    config = tmp_path / "config"
    config.write_text(
        f"[profile {NASTY}]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
        "aws_session_token = tok%en\n"
    )
    profile = ProfileRecipe(NASTY, "config", endpoint="https://s3.example.org", region="eu-1")
    code = "import configparser, json, os\n" + "\n".join(_profile_lines(profile))
    code += "\nprint(json.dumps({k: v for k, v in os.environ.items() if k.startswith('AWS_')}))"
    env = {"AWS_CONFIG_FILE": str(config), "AWS_PROFILE": "other", "PATH": os.environ["PATH"]}
    done = subprocess.run(
        [sys.executable, "-I", "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "AWS_CONFIG_FILE": str(config),
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_SESSION_TOKEN": "tok%en",
        "AWS_DEFAULT_REGION": "eu-1",
        "AWS_S3_ENDPOINT": "https://s3.example.org",
        "AWS_ENDPOINT_URL_S3": "https://s3.example.org",
    }
