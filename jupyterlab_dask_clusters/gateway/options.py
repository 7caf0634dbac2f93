"""A Dask Gateway's cluster options as JSON, and the values a start gives them.

The gateway describes its options (``Gateway().cluster_options()``: Select, Integer, Float,
Bool, String, Mapping fields with their choices, bounds and defaults); the panel builds its
form from that description. Values are checked by the gateway's own fields, so a rejected
value is refused with the gateway's message before anything is submitted.

A site's options may hold one marker of their own, resolved against what the gateway offers::

    "conda_environment": {"$kernel_conda_env": true, "default": "users/users-pangeo"}

the notebook kernel's conda environment when the gateway offers it (nb_conda_kernels names a
kernel ``conda-env-<ns>-<name>-py`` → ``<ns>/<name>``), else ``default`` when offered, else
the gateway's own default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..cluster.sites import KERNEL_ENV_MARKER
from ..protocol import ProtocolError

if TYPE_CHECKING:
    from ..protocol import GatewayOption

#: dask_gateway field class name → the protocol's option type
_TYPES = {
    "Select": "select",
    "Integer": "integer",
    "Float": "float",
    "Bool": "bool",
    "String": "string",
    "Mapping": "mapping",
}

# nb_conda_kernels: conda-env-<namespace>-<name>-py, where the name may contain dashes itself
# (conda-store names Nebari environments <namespace>-<name>, e.g. users-pangeo).
_NB_CONDA_KERNEL = r"^conda-env-(?P<ns>[^-]+)-(?P<name>.+)-py$"

#: The kernelspec name of this kernel, as the frontend said in ``hello`` (None: not known).
_kernel_name: str | None = None


def set_kernel_name(name: str | None) -> None:
    global _kernel_name
    _kernel_name = name


def kernel_conda_env(kernel_name: str | None) -> str | None:
    """``conda-env-users-users-pangeo-py`` → ``users/users-pangeo``; None for other names."""
    import re  # here: the agent imports this module in every kernel

    match = re.match(_NB_CONDA_KERNEL, kernel_name or "")
    return f"{match['ns']}/{match['name']}" if match else None


def first_choice(marker: Mapping[str, Any]) -> Any:
    """The value a marker stands for before the gateway is asked: the kernel's environment,
    else the default (reproducible code writes it as a literal)."""
    return kernel_conda_env(_kernel_name) or marker.get("default")


def is_marker(value: object) -> bool:
    return isinstance(value, dict) and KERNEL_ENV_MARKER in value


def describe(options: Any) -> list[GatewayOption]:
    """The fields of a ``dask_gateway.options.Options`` as the protocol's GatewayOption list."""
    described: list[GatewayOption] = []
    for name, field in options._fields.items():
        kind = _TYPES.get(type(field).__name__, "string")
        described.append(
            {
                "name": name,
                "label": str(getattr(field, "label", None) or name),
                "type": kind,  # type: ignore[typeddict-item]
                "default": field.get(),
                "choices": list(field.options) if kind == "select" else None,
                "min": getattr(field, "min", None),
                "max": getattr(field, "max", None),
            }
        )
    return described


def _offered(field: Any, value: object) -> bool:
    try:
        field.validate(value)
    except (TypeError, ValueError):
        return False
    return True


def _resolve_marker(field: Any, marker: Mapping[str, Any]) -> Any:
    """The marker's value for this gateway field, or None to keep the gateway's default."""
    candidates = [kernel_conda_env(_kernel_name), marker.get("default")]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate and _offered(field, candidate):
            return candidate
    return None


def site_values(options: Any, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """``wanted`` (a site's options with a request's overrides) with markers resolved against
    the gateway's ``options``: a marker the gateway cannot honour is left out."""
    values: dict[str, Any] = {}
    for name, value in wanted.items():
        if is_marker(value):
            field = options._fields.get(name)
            resolved = None if field is None else _resolve_marker(field, value)
            if resolved is not None:
                values[name] = resolved
        else:
            values[name] = value
    return values


def apply(options: Any, values: Mapping[str, Any]) -> None:
    """Set ``values`` on the gateway's ``options``; ``invalid`` with the gateway's own message
    (an unknown name, a value out of bounds or not offered) before anything is submitted."""
    for name, value in values.items():
        if name not in options:
            known = ", ".join(sorted(options)) or "none"
            raise ProtocolError(
                "invalid", f"Unknown option {name!r} for this gateway (it offers: {known})."
            )
        try:
            options[name] = value
        except (TypeError, ValueError) as exc:
            raise ProtocolError("invalid", f"The gateway refused {name!r}: {exc}.") from None


def form_values(options: Any, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """Where the panel's form starts: every option, with the site's defaults applied where the
    gateway accepts them (one it refuses shows the gateway's default; Start then says why)."""
    for name, value in site_values(options, wanted).items():
        try:
            apply(options, {name: value})
        except ProtocolError:
            continue
    return {name: options[name] for name in options}
