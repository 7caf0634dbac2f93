"""A real python3 kernel driven as the panel drives it (the constant bootstrap, then JSON
requests over a comm) or as a user does (a cell), for benchmarks that time a kernel's first
moments. Only stable names of the package are used: ``jupyterlab_dask_clusters.agent``."""

from __future__ import annotations

import queue
import time
import uuid
from typing import Any

from jupyter_client.manager import KernelManager

from jupyterlab_dask_clusters.agent import BOOTSTRAP, COMM_TARGET

TIMEOUT = 120


class KernelSession:
    """One fresh kernel; ``close()`` shuts it down (its cluster closed on the way out)."""

    def __init__(self) -> None:
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel()
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)
        self.comm_id = uuid.uuid4().hex
        self.received: list[dict[str, Any]] = []
        self._count = 0

    @property
    def pid(self) -> int:
        return self.manager.provisioner.process.pid  # type: ignore[union-attr]

    def run(self, code: str, **kwargs: Any) -> float:
        """Run a cell; the seconds from sending it to its reply (an error raises)."""
        t0 = time.perf_counter()
        reply = self.client.execute_interactive(
            code, timeout=TIMEOUT, output_hook=self._feed, **kwargs
        )
        elapsed = time.perf_counter() - t0
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the cell failed: {reply['content']}")
        return elapsed

    def attach(self) -> None:
        """What the panel does when the notebook opens: bootstrap, open a comm, say hello."""
        self.run(BOOTSTRAP, silent=True, store_history=False)
        self._send("comm_open", {"comm_id": self.comm_id, "target_name": COMM_TARGET, "data": {}})
        self.request("hello", protocol=1)

    def send_request(self, op: str, **args: Any) -> str:
        self._count += 1
        rid = f"b-{self._count}"
        data = {"type": "request", "id": rid, "op": op, "args": args}
        self._send("comm_msg", {"comm_id": self.comm_id, "data": data})
        return rid

    def request(self, op: str, **args: Any) -> dict[str, Any]:
        rid = self.send_request(op, **args)
        response = self.wait(lambda m: m["type"] == "response" and m["id"] == rid)
        if not response["ok"]:
            raise RuntimeError(f"{op} failed: {response['error']}")
        return response["result"]

    def wait_for_workers(self, workers: int) -> None:
        """Until the agent says ``workers`` are ready (a state push or a start's answer)."""

        def ready(m: dict[str, Any]) -> bool:
            state = m.get("state") if m["type"] == "state" else m.get("result")
            if m["type"] == "response" and not m["ok"]:
                raise RuntimeError(f"the start failed: {m['error']}")
            return (
                isinstance(state, dict)
                and state.get("status") == "running"
                and state["workers"]["ready"] >= workers
            )

        self.wait(ready)

    def wait(self, predicate: Any) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for index, message in enumerate(self.received):
                if predicate(message):
                    del self.received[: index + 1]
                    return message
            self.received.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no matching comm message")
            try:
                self._feed(self.client.get_iopub_msg(timeout=min(remaining, 1)))
            except queue.Empty:
                continue

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)

    def _send(self, msg_type: str, content: dict[str, Any]) -> None:
        self.client.shell_channel.send(self.client.session.msg(msg_type, content))

    def _feed(self, msg: dict[str, Any]) -> None:
        content = msg["content"]
        if msg["msg_type"] == "comm_msg" and content.get("comm_id") == self.comm_id:
            self.received.append(content["data"])
