"""Slugs in a table read as names: a lab's author slug as the lab's name, a model's permaslug as
the model's name, each linked to its generated page.

Filters and sorting still see the slugs (they run on the rows before this); only the
cells a reader sees change. Which columns hold slugs is read from their names and
sidecars: `author_slug` (or a column that `references: labs.author_slug`) holds
labs, `model_permaslug` (or a view's `model` column of permaslugs) holds models.
"""

from __future__ import annotations

import pandas as pd

from macros.data.catalog import Catalog
from macros.series import views

LAB_COLUMNS = ("author_slug",)
MODEL_COLUMNS = ("model_permaslug",)
_SLUG = "__slug_"  # the hidden column keeping a shown column's slug, for its link


def lab_columns(cat: Catalog, dataset: str | None, columns) -> list[str]:
    """The columns of `columns` holding labs' author slugs (but in the lab table itself, whose key they are)."""
    if dataset == "labs":
        return []
    refs = set()
    if dataset is not None and cat.has(dataset):
        refs = {c.name for c in cat.meta(dataset).columns if tuple(c.references or ()) == ("labs", "author_slug")}
    return [c for c in columns if c in LAB_COLUMNS or c in refs]


def model_columns(frame: pd.DataFrame, columns, known: dict) -> list[str]:
    """The columns of `columns` holding models' permaslugs: `model_permaslug`, or a `model` column whose
    every value is a model with a page (a usage view's; the curated tables' `model` is a name already)."""
    out = [c for c in columns if c in MODEL_COLUMNS]
    if "model" in columns and known:
        values = frame["model"].dropna().astype(str)
        if len(values) and values.isin(set(known)).all():
            out.append("model")
    return out


def readable(cat: Catalog, frame: pd.DataFrame, columns, linker, dataset: str | None = None) -> tuple[pd.DataFrame, dict]:
    """`frame` with its lab and model slug columns shown as names, and the links of every name column
    (`lab`, `model_label` and those): (frame, links) for `html_table`."""
    links = dict(linker.cells()) if linker else {}
    labs = lab_columns(cat, dataset, columns)
    models = model_columns(frame, columns, linker.models if linker else {})
    if not labs and not models:
        return frame, links
    frame = frame.copy()
    if labs:
        names = dict(zip(views.labs(cat)["author_slug"], views.labs(cat)["lab"]))
        for column in labs:
            frame[_SLUG + column] = frame[column]
            frame[column] = frame[column].map(lambda s: names.get(s, s) if isinstance(s, str) else s)
            if linker:
                links[column] = _link(linker.lab, column)
    if models:
        known = views.model_names(cat) if cat.has(views.DAILY) else {}
        for column in models:
            frame[_SLUG + column] = frame[column]
            frame[column] = frame[column].map(lambda s: (known.get(s) or views.model_label(s)) if isinstance(s, str) and s != "other" else s)
            if linker:
                links[column] = _link(linker.model, column)
    return frame, links


def _link(page, column: str):
    return lambda row: page(row.get(_SLUG + column))
