"""The code export's messages: reproducible code (``code``) and the work a stop would drop
(``work``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .checks import exact_keys, no_args, string, whole_count

if TYPE_CHECKING:
    from .checks import ArgChecks

CODE_KEYS = frozenset({"python", "magic"})
WORK_KEYS = frozenset({"in_memory", "processing"})


def check_code(obj: dict[str, Any]) -> None:
    exact_keys(obj, "Code", CODE_KEYS, error_type="protocol")
    string(obj["python"], "Code python", "protocol")
    string(obj["magic"], "Code magic", "protocol")


def check_work(obj: dict[str, Any]) -> None:
    exact_keys(obj, "Work", WORK_KEYS, error_type="protocol")
    whole_count(obj["in_memory"], "Work in_memory", "protocol")
    whole_count(obj["processing"], "Work processing", "protocol")


ARGS: ArgChecks = {
    "code": (frozenset(), no_args),
    "work": (frozenset(), no_args),
}
