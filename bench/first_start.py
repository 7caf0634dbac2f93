"""The first Start in a fresh kernel, through the panel, against the same start in a kernel that
has already run one (target ratio ≤ 1.10) and against the seed's code run as the first cell of a
fresh kernel (target ratio ≤ 0.60).

Each round opens fresh kernels as a user opens a notebook: the panel attaches at once (the
bootstrap, a comm, hello) and the user presses Start ``LEAD`` seconds later; the seed's user
runs the set-up cell ``LEAD`` seconds after the kernel is ready. Times run from the press (or
the cell's sending) to ``WORKERS`` workers ready. The ways alternate, round by round, so that
machine noise hits them alike. Also: the kernel's extra memory after the panel attached (no
cluster started) and its child processes' own, and how long a one-line cell sent right after
hello waits for its reply.
"""

from __future__ import annotations

import os
import statistics
import time

from kernel_session import KernelSession

ROUNDS = int(os.environ.get("BENCH_FIRST_START_ROUNDS", "7"))
WORKERS = 2
#: Seconds between the notebook opening and the press of Start (or the run of the cell).
LEAD = float(os.environ.get("BENCH_FIRST_START_LEAD", "3"))
TARGET_AGAIN = 1.10
TARGET_SEED = 0.60

#: The local site's start, as the panel sends it (a free dashboard port: helpers share 8787).
START = {"site": "local", "workers": WORKERS, "options": {"dashboard_address": ":0"}}
#: The seed's local set-up, with the same size and a free dashboard port.
SEED = (
    "import os\n"
    "from dask.distributed import Client, LocalCluster\n"
    f"cluster = LocalCluster(n_workers={WORKERS}, threads_per_worker=os.cpu_count(),"
    " dashboard_address=':0')\n"
    "client = Client(cluster)\n"
    f"client.wait_for_workers({WORKERS})"
)
#: A cell that does next to nothing: its reply time is the kernel's responsiveness.
TINY = "x = 1"


def _rss(pid: int) -> int:
    import psutil

    return psutil.Process(pid).memory_info().rss


def _children_uss(pid: int) -> int:
    """The memory only the kernel's child processes hold (the warm-up's resource tracker)."""
    import psutil

    return sum(p.memory_full_info().uss for p in psutil.Process(pid).children(recursive=True))


def _timed_start(kernel: KernelSession) -> float:
    t0 = time.perf_counter()
    kernel.send_request("start", **START)
    kernel.wait_for_workers(WORKERS)
    return time.perf_counter() - t0


def _panel_round() -> dict[str, float]:
    kernel = KernelSession()
    try:
        bare = _rss(kernel.pid)
        kernel.attach()
        tiny = kernel.run(TINY)  # sent right after hello: during a warm-up, if there is one
        time.sleep(LEAD)
        extra = _rss(kernel.pid) - bare
        children = _children_uss(kernel.pid)
        first = _timed_start(kernel)
        kernel.request("stop")
        again = _timed_start(kernel)
        kernel.request("stop")
    finally:
        kernel.close()
    return {"first": first, "again": again, "rss": extra, "children": children, "tiny": tiny}


def _seed_round() -> dict[str, float]:
    kernel = KernelSession()
    try:
        tiny = kernel.run(TINY)  # a kernel that warms nothing
        time.sleep(LEAD)
        seed = kernel.run(SEED)
    finally:
        kernel.close()
    return {"seed": seed, "tiny": tiny}


def measure() -> list[tuple[str, str, str]]:
    _seed_round()  # untimed: the OS's caches warm for both ways
    panel: list[dict[str, float]] = []
    seed: list[dict[str, float]] = []
    for _ in range(ROUNDS):
        panel.append(_panel_round())
        seed.append(_seed_round())

    def med(rounds: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    first, again, by_seed = med(panel, "first"), med(panel, "again"), med(seed, "seed")
    # Each ratio from one round's own runs, as ``paired.Paired.ratio`` is.
    again_ratio = statistics.median(p["first"] / p["again"] for p in panel)
    seed_ratio = statistics.median(p["first"] / s["seed"] for p, s in zip(panel, seed))
    of = f"median of {ROUNDS} rounds' ratios"
    n = f"{WORKERS} workers ready, median of {ROUNDS}"
    return [
        (
            f"first Start in a fresh kernel, panel attached {LEAD:g} s before ({n})",
            f"{first:.2f} s",
            "",
        ),
        (f"the next Start in that kernel ({n})", f"{again:.2f} s", ""),
        (f"the seed's code as a fresh kernel's first cell ({n})", f"{by_seed:.2f} s", ""),
        (f"ratio first Start / next Start ({of})", f"{again_ratio:.3f}", f"≤ {TARGET_AGAIN}"),
        (f"ratio first Start / seed's first cell ({of})", f"{seed_ratio:.3f}", f"≤ {TARGET_SEED}"),
        (
            "kernel's extra memory after the panel attached, no cluster started",
            f"{med(panel, 'rss') / 2**20:.0f} MiB",
            "",
        ),
        (
            "its child processes then (the resource tracker of a local site), memory of their own",
            f"{med(panel, 'children') / 2**20:.1f} MiB",
            "",
        ),
        (
            f"a one-line cell right after hello: reply in (median of {ROUNDS})",
            f"{med(panel, 'tiny') * 1000:.0f} ms",
            f"no warm-up: {med(seed, 'tiny') * 1000:.0f} ms",
        ),
    ]
