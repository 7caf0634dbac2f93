"""``%%dask_cluster`` with a YAML or JSON mapping as its body: a declarative start.

::

    %%dask_cluster
    site: local
    workers: 2            # or: adapt: {minimum: 1, maximum: 4}  (or [1, 4])
    profile: osn
    options:
      threads_per_worker: 1

The keys are those of the ``start`` operation. A body is a mapping when its first line that
is neither blank nor a comment opens a JSON object (``{``) or starts with one of these keys
and a colon; a command line starts with a verb (``start``, ``scale``, …), never with one of
them, so the two forms cannot be confused. The values are checked once, by the protocol,
like every other start.
"""

from __future__ import annotations

import json
import re
from typing import Any

from IPython.core.error import UsageError

START_KEYS = ("site", "workers", "adapt", "profile", "options")
_MAPPING_START = re.compile(r"\{|(?:" + "|".join(START_KEYS) + r")\s*:")


def is_start_mapping(body: str) -> bool:
    """Whether a cell body is a start mapping rather than commands, one per line."""
    for line in body.splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            return _MAPPING_START.match(text) is not None
    return False


def parse_start_mapping(body: str) -> dict[str, Any]:
    """The ``start`` arguments of a mapping body; ``UsageError`` (one line) if it is not one.
    Without ``site`` the caller uses the detected site."""
    data = _load(body)
    if not isinstance(data, dict):
        raise UsageError("A %%dask_cluster start cell must be a mapping (site: …, workers: …).")
    unknown = [str(key) for key in data if key not in START_KEYS]
    if unknown:
        raise UsageError(unknown_key_message(unknown[0]))
    request = dict(data)
    adapt = request.get("adapt")
    if isinstance(adapt, list):
        if len(adapt) != 2:
            raise UsageError("adapt takes two numbers, [MIN, MAX], or {minimum: …, maximum: …}.")
        request["adapt"] = {"minimum": adapt[0], "maximum": adapt[1]}
    for key in ("site", "profile", "workers", "adapt", "options"):
        if key in request and request[key] is None:
            del request[key]  # `workers:` with nothing after it: as if absent
    return request


def unknown_key_message(key: str) -> str:
    return f"Unknown key {key!r} in the %%dask_cluster cell (it takes {', '.join(START_KEYS)})."


def _load(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        pass
    try:
        import yaml  # PyYAML: a dependency of dask, so present wherever a cluster can start
    except ImportError:
        raise UsageError(
            "The %%dask_cluster cell is not valid JSON (and PyYAML is not installed to read YAML)."
        ) from None
    try:
        return yaml.safe_load(body)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise UsageError(f"The %%dask_cluster cell is not valid YAML{where}: {problem}.") from None
