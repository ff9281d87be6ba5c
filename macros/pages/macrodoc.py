"""The macro reference page, generated from the registry (core/params.py, filled by pages/registry.py).

For every registered macro: its call signature, its doc, the choices it accepts
(the same entries the macros check against: named charts, views, marks, tables,
figure kinds, comparisons) and examples. Each example is shown as code and then
run, live, on the page: an example that stops working fails the build like any
other mistake.
"""

from __future__ import annotations

from typing import Callable

from macros.core.params import REGISTRY, Entry
from macros.pages import claims
from macros.pages.registry import MACROS, RUNS_ON
from macros.charts.builders import MARKS

EXAMPLES: dict[str, list[str]] = {e.name: list(e.examples) for e in REGISTRY.entries("macro")}


def _code(text: str) -> str:
    return f"```jinja\n{text}\n```"


def _first_line(entry: Entry) -> str:
    return entry.doc.strip().splitlines()[0] if entry.doc else ""


def _choices(name: str) -> list[str]:
    if name == "chart":
        views = "; ".join(
            f"`{v.name}` ({v.doc.rstrip('.')}{', arguments: ' + ', '.join(f'{p.name}={p.default!r}' for p in v.params) if v.params else ''})"
            for v in REGISTRY.entries("view")
        )
        return [
            "**Named charts:** " + ", ".join(f"`{c}`" for c in REGISTRY.names("chart")),
            "**Declared charts:** `view=` one of " + views + "; or `dataset=` any dataset of the [data page](data.md).",
            "**Marks:** " + ", ".join(f"`{m}`" for m in MARKS)
            + ". Also `x=`, `y=`, `color=`, `label=`, `tooltip=[...]`, `filter={column: value or [values]}`, "
            "`sort=\"-column\"`, `top=`, `height=`, `title=`, `subtitle=` ({period}, {week}, {as_of} are filled in), `note=`.",
        ]
    if name == "table":
        return ["**Tables:** " + "; ".join(
            f"`{t.name}`" + t.signature() + (f": {_first_line(t)}" if t.doc else "") for t in REGISTRY.entries("table")
        )]
    if name == "figure":
        return ["**Kinds:**"] + [f"- `{k.name}`{k.signature()}: {_first_line(k)}" for k in REGISTRY.entries("figure")]
    if name == "claim":
        return ["**Comparisons:** " + ", ".join(f"`{op}` ({word})" for op, (_, word) in claims.OPS.items())
                + ". `than` is a number or a figure as a mapping, e.g. `{\"kind\": \"share\", \"country\": \"US\"}`."]
    return []


def page(macros: dict[str, Callable] | None = None) -> str:
    """The Markdown of the reference page; `macros`, when given, are the ones MkDocs registered (the same names)."""
    if macros is not None and set(macros) != set(MACROS):
        raise ValueError(f"registered macros {sorted(macros)} are not the documented {sorted(MACROS)}")
    parts = [
        "---\ndescription: Every macro an editor can call in a page, its parameters, its choices and a live example.\n---\n",
        "# Macro reference\n",
        "Generated from the code on every build: what each macro accepts is read from the same "
        "lists the macros check against, and every example below runs live. See the "
        "[editor's guide](guide.md) for how to add a dataset, a chart, a claim or a page.\n",
    ]
    for entry in sorted(REGISTRY.entries("macro"), key=lambda e: e.name):
        name = entry.name
        parts.append(f"## `{name}` {{ #{name.replace('_', '-')} }}\n")
        parts.append(_code(name + entry.signature()) + "\n")
        parts.append(entry.doc + "\n")
        parts.extend(line + "\n" for line in _choices(name))
        for example in entry.examples:
            parts.append("Example:\n\n" + _code(example) + "\n")
            if name in RUNS_ON:
                parts.append(f"It runs on {RUNS_ON[name]}.\n")
            else:
                parts.append("Result:\n\n" + example + "\n")
    return "\n".join(parts)
