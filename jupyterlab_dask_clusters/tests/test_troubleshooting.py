"""The symptoms of docs/troubleshooting.md, reproduced with the real components: each test
makes the cause and checks that the user sees the words the page quotes.

The magic runs in a fresh interpreter, as a user's kernel would: ``%load_ext`` and
``%dask_cluster`` only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .gateway import PASSWORD, dask_env, gateway_server

PAGE = Path(__file__).resolve().parents[2] / "docs" / "troubleshooting.md"

_SCRIPT = r"""
import sys
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()
shell.run_line_magic("load_ext", "jupyterlab_dask_clusters")
for line in sys.argv[1:]:
    try:
        shell.run_line_magic("dask_cluster", line)
    except Exception as exc:  # a UsageError: what the user reads
        print(f"{type(exc).__name__}: {exc}")
"""


def magic(*lines: str, env: dict[str, str] | None = None) -> str:
    """What ``%dask_cluster LINE`` prints for each line, in a kernel with ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DASK_", "SLURM_"))}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *lines],
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return done.stdout


def quoted_on_the_page(text: str) -> bool:
    return not PAGE.exists() or text in " ".join(PAGE.read_text().split())


def test_the_gateway_is_not_configured() -> None:
    # No gateway.address in the kernel's dask config (no /etc/dask file, no DASK_CONFIG).
    said = magic("gateway-options nebari", "start nebari --workers 1")
    words = "The Dask Gateway is not configured in this kernel"
    assert said.count(words) == 2
    assert quoted_on_the_page(words)


def test_the_gateway_refuses_the_credentials() -> None:
    with gateway_server() as config:
        env = dask_env(config)
        env["DASK_GATEWAY__AUTH__KWARGS__PASSWORD"] = PASSWORD + "-wrong"
        said = magic("gateway-options", env=env)
    words = "refused the credentials (HTTP 401)"
    assert words in said
    assert quoted_on_the_page(words)


def test_slurm_without_an_account_submits_nothing() -> None:
    said = magic("job-script tallgrass --set interface=lo")
    assert "account" in said and said.startswith("UsageError:")
    assert "#SBATCH" not in said
    assert quoted_on_the_page("needs a value for 'account'")


def test_slurm_on_a_node_without_the_interface() -> None:
    said = magic("job-script tallgrass --set account=hytest --set interface=no-such-nic0")
    words = "which this host does not have (it has:"
    assert words in said and " lo" in said
    assert quoted_on_the_page(words)
