"""Reference pages generated at build time, never copied by hand.

A page holds a marker line, `<!-- generated: NAME -->`, that the build replaces (Sphinx's
`source-read` event) with Markdown made from the source of truth:
- `settings`: the JupyterLab settings, from schema/*.json;
- `magic`: `%dask_cluster --help` and each verb's `--help`, run through IPython in a fresh
  interpreter with `%load_ext jupyterlab_dask_clusters` (the package's public entry point).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^<!-- generated: (\w+) -->$", re.MULTILINE)
_PUNCTUATION = re.compile(r"([\\`*_\[\]<>|~#!${}])")


def escape(text: str) -> str:
    """Plain text as Markdown that shows it as written (no markup, no raw HTML)."""
    return _PUNCTUATION.sub(r"\\\1", text)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _type(spec: dict[str, Any]) -> str:
    if "type" in spec:
        return str(spec["type"])
    if "anyOf" in spec:
        kinds = []
        for option in spec["anyOf"]:
            if "enum" in option:
                kinds.append(" or ".join(f"`{_json(v)}`" for v in option["enum"]))
            elif "pattern" in option:
                kinds.append(f"a {option['type']} matching `{option['pattern']}`")
            else:
                kinds.append(option.get("type", "any"))
        return ", ".join(kinds)
    return "any"


def _site_fields(schema: dict[str, Any]) -> list[str]:
    fields = schema["definitions"]["siteChange"]["properties"]
    required = schema["definitions"]["site"]["allOf"][1]["required"]
    lines = [
        "",
        "#### The fields of a site",
        "",
        f"A new site needs {' and '.join(f'`{r}`' for r in required)}; "
        "`jobqueue` sites need `jobqueue`, `class` sites need `class`. "
        "An entry for a built-in site gives only the fields it changes.",
        "",
        "| field | what it is |",
        "| --- | --- |",
    ]
    for name, spec in fields.items():
        text = spec.get("description", "")
        if "enum" in spec:
            text += " One of " + ", ".join(f"`{v}`" for v in spec["enum"]) + "."
        lines.append(f"| `{name}` | {escape(text)} |")
    return lines


def settings_markdown() -> str:
    lines: list[str] = []
    # The sidebar's settings first; then the plugins with menus and shortcuts only.
    schemas = sorted((ROOT / "schema").glob("*.json"), key=lambda p: (p.stem != "sidebar", p.stem))
    for path in schemas:
        schema = json.loads(path.read_text())
        plugin = f"jupyterlab-dask-clusters:{path.stem}"
        lines += [f"## {escape(schema['title'])}", ""]
        lines += [escape(schema.get("description", "")), ""]
        lines += [f"Plugin id `{plugin}` (from `schema/{path.name}`).", ""]
        for name, spec in schema.get("properties", {}).items():
            lines += [f"### `{name}`", ""]
            lines += [f"**{escape(spec.get('title', name))}**: {_type(spec)}, "]
            lines[-1] += f"default `{_json(spec.get('default'))}`."
            lines += ["", escape(spec.get("description", "")), ""]
            if name == "sites":
                lines += [*_site_fields(schema), ""]
        menus = schema.get("jupyter.lab.menus", {}).get("main", [])
        for menu in menus:
            lines += [f"### The {escape(menu['label'])} menu", ""]
            lines += [f"Commands, in order (menu id `{menu['id']}`):", ""]
            items = sorted(menu["items"], key=lambda item: item.get("rank", 0))
            lines += [f"- `{item['command']}`" for item in items if "command" in item]
            lines += [""]
        shortcuts = schema.get("jupyter.lab.shortcuts", [])
        if shortcuts:
            lines += ["### Keyboard shortcuts", "", "`Accel` is `Ctrl` (`Cmd` on a Mac).", ""]
            lines += ["| command | keys |", "| --- | --- |"]
            for shortcut in shortcuts:
                keys = " ".join(shortcut["keys"])
                lines += [f"| `{shortcut['command']}` | `{keys}` |"]
            lines += [""]
    return "\n".join(lines)


# Run in a fresh interpreter: only `%load_ext` and the magic, as a user would.
_HELP_SCRIPT = r"""
import contextlib, io, json, re, sys
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()
shell.run_line_magic("load_ext", "jupyterlab_dask_clusters")

def helped(line):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        shell.run_line_magic("dask_cluster", line)
    return out.getvalue().rstrip()

overview = helped("--help")
verbs = []
for verb in re.findall(r"^\s*%dask_cluster ([a-z][a-z-]*)", overview, re.MULTILINE):
    if verb not in verbs:
        verbs.append(verb)
json.dump({"overview": overview, "verbs": {v: helped(v + " --help") for v in verbs}}, sys.stdout)
"""


def magic_help() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _HELP_SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"%dask_cluster --help failed:\n{done.stderr}")
    return json.loads(done.stdout)


def magic_markdown() -> str:
    found = magic_help()
    lines = ["## All verbs", "", "```text", "%dask_cluster --help", "", found["overview"], "```"]
    for verb, text in found["verbs"].items():
        lines += ["", f"## `{verb}`", "", "```text", f"%dask_cluster {verb} --help", ""]
        lines += [text, "```"]
    return "\n".join(lines)


GENERATORS = {"settings": settings_markdown, "magic": magic_markdown}


def _fill(app: Any, docname: str, source: list[str]) -> None:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise ValueError(f"{docname}: no generator named {name!r}")
        return GENERATORS[name]()

    source[0] = MARKER.sub(replace, source[0])


def _always_generated(app: Any, env: Any, added: Any, changed: Any, removed: Any) -> list[str]:
    return ["reference/settings", "reference/magic"]


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _fill)
    # Generated pages depend on files outside docs/: rebuild them every time (they are cheap).
    app.connect("env-get-outdated", _always_generated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
