"""Kind ``class``: any cluster manager class, named by its import path in the site's ``class``
(``"dask_kubernetes.operator.KubeCluster"``, ``"distributed.LocalCluster"``), built with the
site's options as keyword arguments, then scaled or made adaptive through its own methods.

The class is imported only when the site is used (a start, or checking its option names); until
then only its top-level package is looked up, without importing it.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from ..errors import one_sentence
from ..protocol import ProtocolError
from .options import parameter_names

if TYPE_CHECKING:
    from ..protocol import SiteSpec


def unavailable_reason(spec: SiteSpec) -> str | None:
    path = spec.get("class")
    if not path:
        return 'A site of kind "class" must name its cluster class (e.g. "class": "pkg.Cluster").'
    package = path.split(".", 1)[0]
    if importlib.util.find_spec(package) is None:
        return f"The package {package} (for {path}) is not installed in this kernel."
    return None


def cluster_class(spec: SiteSpec) -> Any:
    path = spec.get("class", "")
    module_name, _, name = path.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as exc:
        raise ProtocolError("invalid", one_sentence(f"Cannot import {path}", exc)) from None
    if not isinstance(cls, type):
        raise ProtocolError("invalid", f"{path} is not a class.")
    return cls


def _option_names(cls: type) -> frozenset[str] | None:
    """The keyword parameters of the class's ``__init__``s, down its bases for as long as each
    passes ``**kwargs`` on; None when the last one still takes ``**kwargs`` (anything goes)."""
    import inspect

    inits = []
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if init is None or klass is object:
            continue
        inits.append(init)
        params = inspect.signature(init).parameters.values()
        if not any(p.kind is p.VAR_KEYWORD for p in params):
            return parameter_names(*inits)
    return None


class ClassKind:
    package = ""  # per site: see ``unavailable_reason``
    distribution = ""
    # Unknown for an arbitrary manager: the cluster is sized after the workers' environment
    # plugin is registered, as for a gateway.
    workers_inherit_env = False

    def option_names(self, spec: SiteSpec) -> frozenset[str] | None:
        return _option_names(cluster_class(spec))

    def build(self, spec: SiteSpec, options: dict[str, Any], workers: int | None) -> Any:
        return cluster_class(spec)(**options)
