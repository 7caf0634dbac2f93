"""A real S3 endpoint on loopback for tests: ``moto_server`` from this environment.

API (everything else here is private)::

    with moto_server() as endpoint:                 # "http://127.0.0.1:<free port>"
        create_bucket_with_object(endpoint, "data", "hello.txt", b"hello")
        key_id, secret = create_access_key(endpoint) # an IAM user allowed s3:*
        enforce_auth(endpoint)                       # from now on only real keys work
        ...                                          # the server is stopped on exit

Until :func:`enforce_auth` the server accepts any keys; after it, only keys made by
:func:`create_access_key` work and a wrong secret fails with 403, so a successful read proves
the right credentials arrived. Call the two "create" helpers before :func:`enforce_auth`.

From a shell (e.g. a galata global setup), it prints the endpoint and runs until SIGTERM::

    python -m jupyterlab_dask_clusters.tests.s3server --bucket data --key hello.txt --body hi
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["create_access_key", "create_bucket_with_object", "enforce_auth", "moto_server"]

_HOST = "127.0.0.1"
_REGION = "us-east-1"
_ANY_KEY = "testing"  # accepted by moto until enforce_auth()


def _moto_command() -> list[str]:
    script = Path(sys.executable).with_name("moto_server")
    if script.exists():
        return [str(script)]
    found = shutil.which("moto_server")
    return [found] if found else [sys.executable, "-m", "moto.server"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        return int(sock.getsockname()[1])


def _answers(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(endpoint + "/", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer means the server is up
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def moto_server(*, timeout: float = 30.0) -> Iterator[str]:
    """Start ``moto_server -H 127.0.0.1 -p <free port>``; yield its endpoint URL; stop it.

    The server gets the caller's environment without its ``AWS_*`` variables. Waits until
    the server answers HTTP (raises RuntimeError with its output if it does not
    within ``timeout`` seconds). The process is always terminated, also on errors.
    """
    # moto itself uses botocore: a profile named by the caller's environment (AWS_PROFILE=x
    # with no such profile) would make its signature checks fail with HTTP 500.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    with tempfile.TemporaryFile() as log:
        for _attempt in range(3):  # another process may take the free port first
            port = _free_port()
            endpoint = f"http://{_HOST}:{port}"
            proc = subprocess.Popen(
                [*_moto_command(), "-H", _HOST, "-p", str(port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
            try:
                deadline = time.monotonic() + timeout
                while proc.poll() is None and time.monotonic() < deadline:
                    if _answers(endpoint):
                        yield endpoint
                        return
                    time.sleep(0.1)
                exited = proc.poll() is not None
            finally:
                _stop(proc)
            if not exited:  # timed out; an early exit is retried on another port
                break
        log.seek(0)
        output = log.read()[-2000:].decode(errors="replace")
    raise RuntimeError(f"moto_server did not answer on {endpoint}; its output:\n{output}")


def _client(service: str, endpoint: str) -> Any:
    import boto3
    import botocore.session

    # Explicit keys, and AWS_PROFILE / AWS_DEFAULT_PROFILE not read: whatever profile the
    # environment names (even one that does not exist) does not matter here.
    core = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
    session = boto3.session.Session(
        aws_access_key_id=_ANY_KEY,
        aws_secret_access_key=_ANY_KEY,
        region_name=_REGION,
        botocore_session=core,
    )
    return session.client(service, endpoint_url=endpoint)


def create_bucket_with_object(endpoint: str, bucket: str, key: str, body: bytes) -> None:
    """Create ``bucket`` (if needed) and put ``body`` at ``key`` in it, with boto3."""
    s3 = _client("s3", endpoint)
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=body)


def create_access_key(endpoint: str, user: str = "dask-clusters-test") -> tuple[str, str]:
    """Create an IAM user allowed ``s3:*`` and return a new ``(access_key_id, secret)``."""
    iam = _client("iam", endpoint)
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_user(UserName=user)
    iam.put_user_policy(
        UserName=user,
        PolicyName="s3-all",
        PolicyDocument=(
            '{"Version": "2012-10-17", "Statement":'
            ' [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'
        ),
    )
    key = iam.create_access_key(UserName=user)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def enforce_auth(endpoint: str) -> None:
    """From now on the server checks every request's signature and IAM permissions."""
    request = urllib.request.Request(
        endpoint + "/moto-api/reset-auth",
        data=b"0",  # requests that need no authentication from now on
        headers={"Content-Type": "text/plain"},  # a form type would hide the body from moto
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def main(argv: list[str] | None = None) -> None:
    import argparse
    import signal

    parser = argparse.ArgumentParser(description="Run moto's S3 on 127.0.0.1 until stopped.")
    parser.add_argument("--bucket")
    parser.add_argument("--key", default="hello.txt")
    parser.add_argument("--body", default="hello from moto")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with moto_server() as endpoint:
        if args.bucket:
            create_bucket_with_object(endpoint, args.bucket, args.key, args.body.encode())
        print(endpoint, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
