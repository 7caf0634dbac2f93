"""Starts what the galata tests need, then JupyterLab (galata's `webServer` runs this).

- a real S3 endpoint (moto) on 127.0.0.1 with a bucket and an object, which only accepts the
  keys of one IAM user;
- AWS credentials and config files whose profile `galata-canary` holds that user's keys (the
  secret is the canary the tests search for) and points at the endpoint, plus a profile whose
  name looks like Python code;
- kernelspecs of environments without this package (`bare-dask`: ipykernel and distributed
  only; `no-dask`: ipykernel only), from `kernel_envs.py`, found through JUPYTER_PATH;
- a real Dask Gateway (dask-gateway-server) on 127.0.0.1 with Nebari-like options, reached only
  by kernels of the kernelspec `conda-env-global-global-pangeo-py` (named as nb_conda_kernels
  names a conda environment's kernel), whose environment carries the gateway's dask config:
  every other kernel detects the `local` site as before;
- JupyterLab, with the kernel's environment pointing at those files, its output copied to
  `.cache/server.log` so that the tests can search the server's log.

What the tests need to know is written to `.cache/aws-test.json` (read by the test process,
never by the page).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyterlab_dask_clusters.tests import kernel_envs
from jupyterlab_dask_clusters.tests.gateway import dask_env, gateway_server
from jupyterlab_dask_clusters.tests.s3server import (
    create_access_key,
    create_bucket_with_object,
    enforce_auth,
    moto_server,
)

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PROFILE = "galata-canary"
CODE_LOOKING_PROFILE = "x'); import os; os.system('touch /tmp/pwned')#"
BUCKET, KEY, BODY = "hytest", "greeting.txt", "hello from S3 on loopback"


def write_aws_files(folder: Path, endpoint: str, key_id: str, secret: str) -> dict[str, str]:
    credentials = folder / "credentials"
    config = folder / "config"
    credentials.write_text(
        f"[{PROFILE}]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n\n"
        f"[{CODE_LOOKING_PROFILE}]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\n"
        "aws_secret_access_key = not-a-real-secret-either\n"
    )
    config.write_text(f"[profile {PROFILE}]\nregion = us-east-1\nendpoint_url = {endpoint}\n")
    return {"AWS_SHARED_CREDENTIALS_FILE": str(credentials), "AWS_CONFIG_FILE": str(config)}


GATEWAY_KERNEL = "conda-env-global-global-pangeo-py"


def write_gateway_kernelspec(folder: Path, config: dict[str, object]) -> Path:
    """A kernelspec whose kernels reach the test gateway (dask config by environment, as a
    Nebari image sets it); returns the folder to put on JUPYTER_PATH."""
    spec = folder / "kernels" / GATEWAY_KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                # Sorts after "Python 3 (ipykernel)", which new notebooks then get by default.
                "display_name": "Python with Dask Gateway (global-pangeo)",
                "language": "python",
                "env": dask_env(config),  # type: ignore[arg-type]
            }
        )
    )
    return folder


def main() -> int:
    # Playwright stops its web server with SIGTERM: unwind so that moto and JupyterLab stop too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    CACHE.mkdir(exist_ok=True)
    with (
        moto_server() as endpoint,
        tempfile.TemporaryDirectory(prefix="galata-aws-") as aws,
        gateway_server() as gateway,
        tempfile.TemporaryDirectory(prefix="galata-kernels-") as kernels,
    ):
        create_bucket_with_object(endpoint, BUCKET, KEY, BODY.encode())
        key_id, secret = create_access_key(endpoint)
        enforce_auth(endpoint)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(write_aws_files(Path(aws), endpoint, key_id, secret))
        kernel_envs.main()  # quick once built (make test-ui builds them first)
        gateway_kernels = write_gateway_kernelspec(Path(kernels), gateway)
        env["JUPYTER_PATH"] = os.pathsep.join(
            filter(
                None,
                [str(kernel_envs.JUPYTER_DATA), str(gateway_kernels), env.get("JUPYTER_PATH")],
            )
        )
        (CACHE / "gateway-test.json").write_text(
            json.dumps({"kernel": GATEWAY_KERNEL, "address": gateway["gateway.address"]})
        )
        (CACHE / "aws-test.json").write_text(
            json.dumps(
                {
                    "endpoint": endpoint,
                    "profile": PROFILE,
                    "codeLookingProfile": CODE_LOOKING_PROFILE,
                    "keyId": key_id,
                    "canary": secret,
                    "bucket": BUCKET,
                    "key": KEY,
                    "body": BODY,
                }
            )
        )
        with open(CACHE / "server.log", "wb") as log:
            lab = subprocess.Popen(
                [sys.executable, "-m", "jupyterlab", "--config", "jupyter_server_test_config.py"],
                cwd=HERE,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            assert lab.stdout is not None
            try:
                for line in lab.stdout:
                    log.write(line)
                    log.flush()
                    sys.stdout.buffer.write(line)
                    sys.stdout.flush()
            finally:
                lab.terminate()
                lab.wait(30)
    return lab.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
