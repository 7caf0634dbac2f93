"""The layout of the kernel side (issue 16): one folder per feature, imports that point one way
(features → the cluster core → the protocol and the shared modules), no import circle, and no
file over 300 lines on either side.

The import graph is read from the source with ``ast``: every ``import`` of this package's
modules, at the top of a module, inside a function or under ``if TYPE_CHECKING`` (a type-only
import back is a circle too). Importing a submodule also runs its packages' ``__init__``; that
is not an edge here, as nothing can point back through it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "jupyterlab_dask_clusters"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
ROOT = PACKAGE_DIR.parent
#: What the features build on, in the order imports may point: a module may import its own
#: layer and those after it, never one before.
LAYERS = ("cluster", "protocol")
#: Modules every layer may use.
SHARED = ("errors", "shapes", "version", "_version")
FEATURES = ("agent", "codegen", "gateway", "jobqueue", "magic", "profiles", "server")
MAX_LINES = 300


def kernel_modules() -> dict[str, Path]:
    """Dotted module name → file, for the package's modules outside its tests."""
    modules = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR).with_suffix("").parts
        if parts[0] in ("tests", "labextension"):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join((PACKAGE, *parts))] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that module ``name`` imports (anywhere in its source)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]

    def known(dotted: str) -> str | None:
        parts = dotted.split(".")
        while parts and ".".join(parts) not in modules:
            parts.pop()
        return ".".join(parts) or None

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            # `from . import x` names a module x when there is one, else a name of the package.
            targets = [f"{module}.{alias.name}" for alias in node.names] or [module]
        else:
            continue
        for target in targets:
            resolved = known(target) if target.split(".")[0] == PACKAGE else None
            if resolved is not None and resolved != name:
                found.add(resolved)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = kernel_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (``[a, b, …, a]``), or None."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def top(name: str) -> str:
    """The package's top-level folder or module a module belongs to ("" for the root)."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_layers_and_features_are_folders() -> None:
    folders = {p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").is_file()}
    assert {*LAYERS, *FEATURES} <= folders
    for folder in {*LAYERS, *FEATURES} - {"server"}:
        doc = ast.get_docstring(ast.parse((PACKAGE_DIR / folder / "__init__.py").read_text()))
        assert doc and "Open ``" in doc.split("\n\n")[0], f"{folder}/__init__.py: what to open"


def test_no_import_circle() -> None:
    assert find_cycle(import_graph()) is None


def test_the_finder_finds_a_circle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_imports_point_one_way() -> None:
    """Features → the cluster core → the protocol → the shared modules, never back."""
    wrong = []
    for name, targets in import_graph().items():
        source = top(name)
        if source not in (*LAYERS, *SHARED):
            continue  # a feature (or the package root) may import anything below it
        allowed = {*LAYERS[LAYERS.index(source) :], *SHARED} if source in LAYERS else {*SHARED}
        wrong += [f"{name} → {t}" for t in sorted(targets) if top(t) not in allowed]
    assert wrong == []


def test_no_module_is_over_300_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in kernel_modules().values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
