"""The macro reference page, generated from the registry (core/registry.py, filled by pages/registry.py).

For every registered macro: its call signature, its doc, the choices it accepts
(the same entries the macros check against: named charts, views, marks, tables,
figure kinds, comparisons) and examples. Each example is shown as code and then
run, live, on the page: an example that stops working fails the build like any
other mistake.
"""

from __future__ import annotations

from typing import Callable

from macros.core.registry import REGISTRY, Entry
from macros.pages import claims
from macros.pages.registry import MACROS, RUNS_ON
from macros.charts.chartparams import DECLARATION

EXAMPLES: dict[str, list[str]] = {e.name: list(e.examples) for e in REGISTRY.entries("macro")}


def _code(text: str) -> str:
    return f"```jinja\n{text}\n```"


def _first_line(entry: Entry) -> str:
    return entry.doc.strip().splitlines()[0] if entry.doc else ""


def _param_lines(params, indent: str = "") -> list[str]:
    return [f"{indent}- `{p.shown()}`: {p.doc}" for p in params]


def _listed(entries: list[Entry]) -> list[str]:
    """Each entry with its call, its doc's first line, its parameters and its example (run by tests/test_registry.py)."""
    lines = []
    for entry in entries:
        lines.append(f"- `{entry.name}`{entry.signature()}: {_first_line(entry)}")
        lines += _param_lines(entry.params, "    ")
        lines += [f"    - Example: `{example}`" for example in entry.examples]
    return lines


def _choices(name: str) -> list[str]:
    if name == "chart":
        return [
            "**Named charts:** " + ", ".join(f"`{c}`" for c in REGISTRY.names("chart")),
            "**Declared charts:** the keys of a declaration:",
            "\n".join(_param_lines(DECLARATION)),
            "`view=` is one of these series of the story, each with its own arguments "
            "(or `dataset=` any dataset of the [data page](data.md)):",
            "\n".join(_listed(REGISTRY.entries("view"))),
        ]
    if name == "table":
        return ["**Tables:**", "\n".join(_listed(REGISTRY.entries("table"))),
                "**A dataset's rows** (any dataset of the [data page](data.md); its columns are "
                "on the [columns page](columns.md)):", "\n".join(_param_lines(REGISTRY.get("macro", "table").keywords))]
    if name == "figure":
        return ["**Kinds:**", "\n".join(_listed(REGISTRY.entries("figure")))]
    if name == "claim":
        return ["**Comparisons:** " + ", ".join(f"`{op}` ({word})" for op, (_, word) in claims.OPS.items())
                + ". `than` is a number or a figure as a mapping, e.g. `{\"kind\": \"share\", \"country\": \"US\"}`."]
    return []


def page(macros: dict[str, Callable] | None = None) -> str:
    """The Markdown of the reference page; `macros`, when given, are the ones MkDocs registered (the same names)."""
    if macros is not None and set(macros) != set(MACROS):
        raise ValueError(f"registered macros {sorted(macros)} are not the documented {sorted(MACROS)}")
    parts = [
        "---\nsearch:\n  exclude: true  # editors' pages stay out of the readers' search\ndescription: Every macro an editor can call in a page, its parameters, its choices and a live example.\n---\n",
        "# Macro reference\n",
        "Generated from the code on every build: what each macro accepts is read from the same "
        "registry the macros check their parameters against, and every example of a macro runs live "
        "(those of each view, table and figure kind run in the tests); the [columns page](columns.md) lists "
        "every column of every view and dataset. See the "
        "[editor's guide](guide.md) for how to add a dataset, a chart, a claim or a page.\n",
    ]
    for entry in sorted(REGISTRY.entries("macro"), key=lambda e: e.name):
        name = entry.name
        parts.append(f"## `{name}` {{ #{name.replace('_', '-')} }}\n")
        parts.append(_code(name + entry.signature()) + "\n")
        parts.append(entry.doc + "\n")
        own = _param_lines(entry.params) + ([f"- `**{entry.rest}`: {entry.rest_doc}"] if entry.rest else [])
        if own:
            parts.append("\n".join(own) + "\n")
        parts.extend(line + "\n" for line in _choices(name))
        for example in entry.examples:
            parts.append("Example:\n\n" + _code(example) + "\n")
            if name in RUNS_ON:
                parts.append(f"It runs on {RUNS_ON[name]}.\n")
            else:
                parts.append("Result:\n\n" + example + "\n")
    return "\n".join(parts)
