"""The columns page of the editors' reference: every view's columns (declared with it, described in
series/fields.py) and every dataset's (from its sidecar), with title, type, unit and allowed values.

These are the names an editor writes in `x=`, `y=`, `color=`, `filter=`, `sort=`,
`columns=` and `column=`. Text from sidecars is data: it is escaped where it lands.
"""

from __future__ import annotations

import re

import pandas as pd

from macros.core.errors import MacroError
from macros.core.registry import REGISTRY, Entry
from macros.core.safe import md_inline
from macros.data.catalog import Catalog
from macros.pages.names import LAB_COLUMNS, MODEL_COLUMNS
from macros.series.fields import ABOUT, FIELDS, Field, from_column

JOINED = ("lab", "country", "country_group")
TYPES = {"quantitative": "number", "temporal": "date", "nominal": "text", "ordinal": "rank"}
SHOWN_VALUES = 12  # a text column with at most this many values lists them all (but names, which vary by week)
NAMES = ("model", "model_label", "model_id", "lab", "author_slug", "label", "metric", "qualifier", "period")
_PLAIN = re.compile(r"[A-Za-z0-9_.-]+")


def anchor(kind: str, name: str) -> str:
    return f"{kind}-{name}".replace("_", "-")


def code(text) -> str:
    """A name as code when it is plain, else as escaped text (a sidecar may name a column anything)."""
    text = str(text)
    return f"`{text}`" if _PLAIN.fullmatch(text) else md_inline(text)


def _row(*cells) -> str:
    return "| " + " | ".join(cells) + " |"


HEAD = [_row("column", "title", "type", "unit", "values"), "|---|---|---|---|---|"]


def _listed(values) -> str:
    return ", ".join(code(v) if _PLAIN.fullmatch(str(v)) else md_inline(repr(v)) for v in values)


def view_values(cat: Catalog | None, entry: Entry) -> dict[str, list]:
    """The values of each text column of a view run with its defaults (none for a view that needs an argument)."""
    if cat is None or entry.fn is None:
        return {}
    try:
        frame = entry.fn(cat, **entry.defaults).frame
    except MacroError:
        return {}
    text = [c for c in frame.columns if c in entry.columns and c not in NAMES and FIELDS[c].type == "nominal"
            and (pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c]))]
    return {c: sorted(frame[c].dropna().astype(str).unique()) for c in text if frame[c].nunique() <= SHOWN_VALUES}


def view_section(cat: Catalog | None, entry: Entry) -> str:
    values = view_values(cat, entry)
    lines = [f"## View `{entry.name}` {{ #{anchor('view', entry.name)} }}\n", entry.doc + "\n", *HEAD]
    for column in entry.columns:
        f = FIELDS[column]
        about = ABOUT.get(column, "")
        if column in values:
            about = (about + "; " if about else "") + "here: " + _listed(values[column])
        lines.append(_row(code(column), md_inline(f.title), TYPES[f.type], md_inline(f.unit or ""), about))
    return "\n".join(lines) + "\n"


def _allowed(cat: Catalog, column) -> str:
    """What a sidecar lets a column hold, in words."""
    parts = []
    if column.enum:
        parts.append("one of " + ", ".join(code(k) if k == v else f"{code(k)} ({md_inline(v)})" for k, v in column.enum.items()))
    if column.references:
        parts.append("a value of " + code(".".join(column.references)))
    if column.pattern:
        parts.append("matching " + md_inline(column.pattern))
    if column.min is not None or column.max is not None:
        low, high = column.min, column.max
        parts.append(f"from {md_inline(low)} to {md_inline(high)}" if low is not None and high is not None
                     else (f"at least {md_inline(low)}" if low is not None else f"at most {md_inline(high)}"))
    if column.nullable:
        parts.append("may be empty")
    if column.name in LAB_COLUMNS or tuple(column.references or ()) == ("labs", "author_slug"):
        parts.append("a table shows the lab's name, linked to its page")
    if column.name in MODEL_COLUMNS:
        parts.append("a table shows the model's name, linked to its page")
    if column.description:
        parts.append(md_inline(" ".join(column.description.split())))
    return "; ".join(parts)


def dataset_section(cat: Catalog, name: str) -> str:
    meta = cat.meta(name)
    lines = [f"## Dataset `{name}` {{ #{anchor('dataset', name)} }}\n", md_inline(meta.title) + "\n", *HEAD]
    for column in meta.columns:
        f: Field = from_column(column)
        lines.append(_row(code(column.name), md_inline(column.title), md_inline(column.type), md_inline(f.unit or ""),
                          _allowed(cat, column)))
    if name != "labs" and any(c.name == "author_slug" for c in meta.columns):  # views.dataset_rows joins them
        lines.append(_row(", ".join(code(c) for c in JOINED), "Lab, Country, Country group", "text", "",
                          "joined from data/labs.csv on `author_slug`: filter by them or show them like any column"))
    return "\n".join(lines) + "\n"


def page(cat: Catalog | None) -> str:
    """The Markdown of the columns page (a page of its own: the macro reference is near its weight budget)."""
    parts = [
        "---\nsearch:\n  exclude: true  # editors' pages stay out of the readers' search\ndescription: Every column of every view and dataset an editor can chart, show, count or filter, "
        "with its title, type, unit and allowed values.\n---\n",
        "# Columns of the views and datasets\n",
        "Generated from the code and the sidecars on every build. The names to write in `x=`, `y=`, `color=`, `label=`, `tooltip=`, `sort=` and `filter=` of a chart, "
        "in `columns=`, `sort=` and `filter=` of `table(dataset=...)`, and in `column=` and `filter=` of "
        "`figure(\"value\", ...)` (see the [macro reference](reference.md)). A filter names a lab by its slug and a "
        "country by its name.\n",
    ]
    parts += [view_section(cat, entry) for entry in REGISTRY.entries("view")]
    if cat is not None:
        parts += [dataset_section(cat, name) for name in cat.names]
    return "\n".join(parts)

