"""Reproducible code for the kernel's cluster (``%dask_cluster code`` and the ``code`` op).

Two forms of the same cluster:

- ``python``: standalone Python that needs only dask and the site's package (distributed,
  dask-gateway or dask-jobqueue), not this one. It reads the AWS profile's keys from the AWS
  files when it runs (``configparser``, as the seed set-up code does), so it never contains
  a secret value.
- ``magic``: ``%load_ext jupyterlab_dask_clusters`` and ``%dask_cluster`` lines, for a
  notebook that should show its cluster in the panel and run the same headless.

Every value is written with ``repr()`` (Python) or ``json.dumps`` + ``shlex.quote`` (magic
lines): nothing a user typed is spliced into code unescaped, so a profile named
``x'); import os#`` stays a string.
"""

from __future__ import annotations

import json
import math
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..protocol import ProtocolError

if TYPE_CHECKING:
    from ..protocol import Adapt, SiteSpec

#: Variables a profile's Apply removes (``credentials.resolve``): a profile selector or a stale
#: token of another identity would win over the keys set here.
_UNSET = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION")

#: What an applied profile can set: the nanny plugin of a gateway cluster ships these.
_AWS_VARS = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_S3_ENDPOINT",
    "AWS_ENDPOINT_URL_S3",
)

_CLASS_MODULES = {"local": "distributed", "jobqueue": "dask_jobqueue"}


@dataclass
class ProfileRecipe:
    """An applied AWS profile, without its secrets: where its keys are read from at run time."""

    name: str
    #: "credentials": ``[NAME]`` of the credentials file; "config": ``[profile NAME]`` (or
    #: ``[default]``) of the config file.
    keys_file: str
    endpoint: str | None = None
    region: str | None = None


@dataclass
class ClusterRecipe:
    """How the running cluster was made: the site, its options as configured (``$env`` and
    ``$cpu_count`` markers unresolved) and how it is sized now."""

    site_id: str
    spec: SiteSpec
    options: dict[str, Any]
    workers: int | None = None
    adapt: Adapt | None = None
    profile: ProfileRecipe | None = None
    #: The options the start gave on top of the site's (what a cell must repeat).
    overrides: dict[str, Any] = field(default_factory=dict)


_ABSENT = object()


# ---------------------------------------------------------------------------------------------
# Values as Python expressions
# ---------------------------------------------------------------------------------------------


def literal(value: Any) -> str:
    """A Python expression for a JSON value; the site markers become what they mean."""
    if isinstance(value, dict):
        if value == {"$cpu_count": True}:
            return "(os.cpu_count() or 1)"
        if "$env" in value and set(value) <= {"$env", "default"}:
            name = literal(str(value["$env"]))
            if "default" in value:
                return f"os.environ.get({name}, {literal(value['default'])})"
            return f"os.environ[{name}]"
        items = ", ".join(f"{literal(str(k))}: {literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        raise ProtocolError("invalid", f"The option value {value!r} cannot be written as code.")
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    raise ProtocolError("invalid", f"The option value {value!r} is not a JSON value.")


def _call(callee: str, kwargs: Mapping[str, Any]) -> list[str]:
    """``callee(`` one keyword argument a line ``)``."""
    return [f"{callee}(", *(f"    {k}={literal(v)}," for k, v in kwargs.items()), ")"]


# ---------------------------------------------------------------------------------------------
# Standalone Python
# ---------------------------------------------------------------------------------------------


def python_code(recipe: ClusterRecipe, version: str) -> str:
    spec = recipe.spec
    kind = spec["kind"]
    lines = [
        f"# The Dask cluster of site {recipe.site_id!r}, as jupyterlab-dask-clusters {version}",
        "# started it; plain Python that does not need jupyterlab-dask-clusters.",
        "import os",
    ]
    if recipe.profile:
        lines.insert(2, "import configparser")
    lines.append("")
    if recipe.profile:
        lines += _profile_lines(recipe.profile)
    if spec["env"]:
        lines += [
            "# The site's (non-secret) environment variables, for the kernel and the workers.",
            f"os.environ.update({literal(dict(spec['env']))})",
            "",
        ]
    if kind == "gateway":
        lines += _gateway_lines(recipe)
    else:
        lines += _constructor_lines(recipe)
    lines += ["client.dashboard_link"]
    return "\n".join(lines) + "\n"


def _profile_lines(profile: ProfileRecipe) -> list[str]:
    if profile.keys_file == "config":
        path = "os.environ.get('AWS_CONFIG_FILE') or '~/.aws/config'"
        section = "default" if profile.name == "default" else f"profile {profile.name}"
    else:
        path = "os.environ.get('AWS_SHARED_CREDENTIALS_FILE') or '~/.aws/credentials'"
        section = profile.name
    lines = [
        f"# AWS profile {profile.name!r}: its keys are read from the AWS files when this runs.",
        "aws_files = configparser.ConfigParser(interpolation=None)",
        f"aws_files.read(os.path.expanduser({path}))",
        f"aws_keys = aws_files[{section!r}]",
        "os.environ['AWS_ACCESS_KEY_ID'] = aws_keys['aws_access_key_id'].strip()",
        "os.environ['AWS_SECRET_ACCESS_KEY'] = aws_keys['aws_secret_access_key'].strip()",
        "aws_token = aws_keys.get('aws_session_token') or aws_keys.get('aws_security_token')",
        "if aws_token:",
        "    os.environ['AWS_SESSION_TOKEN'] = aws_token.strip()",
        "else:",
        "    os.environ.pop('AWS_SESSION_TOKEN', None)",
    ]
    if profile.region:
        lines.append(f"os.environ['AWS_DEFAULT_REGION'] = {profile.region!r}")
    if profile.endpoint:
        lines += [
            f"os.environ['AWS_S3_ENDPOINT'] = {profile.endpoint!r}",
            f"os.environ['AWS_ENDPOINT_URL_S3'] = {profile.endpoint!r}",
        ]
    lines += [f"for name in {_UNSET!r}:", "    os.environ.pop(name, None)", ""]
    return lines


def _constructor_lines(recipe: ClusterRecipe) -> list[str]:
    """LocalCluster / dask-jobqueue: workers start from this process's environment."""
    spec = recipe.spec
    if spec["kind"] == "jobqueue":
        from ..jobqueue.options import CLUSTER_CLASSES

        cls = CLUSTER_CLASSES[spec.get("jobqueue", "")]
    else:
        cls = "LocalCluster"
    module = _CLASS_MODULES[spec["kind"]]
    adapt = recipe.adapt
    initial = adapt["minimum"] if adapt else recipe.workers
    lines = ["from distributed import Client", f"from {module} import {cls}", ""]
    lines += _call(f"cluster = {cls}", {"n_workers": initial, **recipe.options})
    lines += [*_sizing_lines(adapt, None), "client = Client(cluster)"]
    return lines


def _gateway_lines(recipe: ClusterRecipe) -> list[str]:
    """Dask Gateway: options from the gateway; the AWS variables reach the workers by a nanny
    plugin (never through the gateway's options, which it stores and returns)."""
    env = recipe.spec["env"]
    lines = [
        "from dask_gateway import Gateway",
        "from distributed import Client",
        "",
        "gateway = Gateway()",
        "options = gateway.cluster_options()",
    ]
    lines += [f"options[{name!r}] = {literal(v)}" for name, v in recipe.options.items()]
    if env:
        lines += [
            "if 'environment_vars' in options:",
            "    options['environment_vars'] = {",
            "        **dict(options['environment_vars'] or {}),",
            f"        **{literal(dict(env))},",
            "    }",
        ]
    lines += [
        "cluster = gateway.new_cluster(options, shutdown_on_close=True)",
        "client = Client(cluster)",
    ]
    plugin_vars = [*env, *(_AWS_VARS if recipe.profile else ())]
    if plugin_vars:
        lines += [
            "from distributed.diagnostics.plugin import Environ",
            "",
            "# The workers' environment, before the first one starts.",
            "client.register_plugin(Environ({",
            f"    name: os.environ[name] for name in {tuple(plugin_vars)!r} if name in os.environ",
            "}))",
        ]
    lines += _sizing_lines(recipe.adapt, recipe.workers)
    return lines


def _sizing_lines(adapt: Adapt | None, workers: int | None) -> list[str]:
    if adapt:
        return [f"cluster.adapt(minimum={adapt['minimum']!r}, maximum={adapt['maximum']!r})"]
    if workers:
        return [f"cluster.scale({workers!r})"]
    return []


# ---------------------------------------------------------------------------------------------
# Magic lines
# ---------------------------------------------------------------------------------------------


def magic_code(recipe: ClusterRecipe) -> str:
    """``%load_ext`` and the ``%dask_cluster`` lines that start the same cluster."""
    lines = ["%load_ext jupyterlab_dask_clusters"]
    profile = recipe.profile
    if profile:
        words = ["use-profile", profile.name]
        if profile.endpoint:
            words += ["--endpoint", profile.endpoint]
        lines.append(_magic_line(words))
    words = ["start", recipe.site_id]
    if recipe.adapt:
        words += ["--adapt", str(recipe.adapt["minimum"]), str(recipe.adapt["maximum"])]
    elif recipe.workers is not None:
        words += ["--workers", str(recipe.workers)]
    # Only what the start changed: `start SITE` gives the rest as the site says it (a
    # `$cpu_count` or `$env` marker is the site's business, not the cell's).
    site_options = recipe.spec["options"]
    for name, value in recipe.overrides.items():
        if site_options.get(name, _ABSENT) != value:
            words += ["--set", f"{name}={json.dumps(value)}"]
    lines.append(_magic_line(words))
    return "\n".join(lines) + "\n"


def _magic_line(words: list[str]) -> str:
    return "%dask_cluster " + " ".join(shlex.quote(w) for w in words)
