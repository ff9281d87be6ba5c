"""A chart's Vega-Lite spec without Altair, for a chart shape seen before.

Altair is what a chart costs once its rows are known (building the chart
objects and `to_dict`: half of a `make serve` rebuild after a data edit, a
fifth of a cold build). A spec is its shape plus its tables and a few values
from its rows: `spec` keeps each shape's spec with the tables' names replaced
by their roles and those values by stand-ins, and for a chart of a known
shape puts the new tables in under the names Altair would give them and the
chart's own values where the stand-ins were. The result is the dict
`builders.to_spec(builders.build(...))` gives (tests/test_charts.py holds the
two equal); the shape key is everything of the declaration a spec shows, the
country labels, phone or not, the plan's shape values that are not stand-ins,
and each table's columns and types.

The values with stand-ins (`_parameters`) are the plan's px (the height, the
room beside the marks, which expressions hold too), the order of the bars and
the dates ticked: so the model pages' charts, each with its own dates and
names, share a handful of shapes. A shape is kept with stand-ins only when
Altair, given two different sets of them, makes specs that differ by the
stand-ins alone; otherwise its values are part of its key (`_BY_VALUE`).
A shape is kept on disk too (the same for every data directory), so a build
of new data (a test's, a refresh's) builds with Altair only the shapes no
earlier build of this code has seen.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from altair.vegalite.v6.api import _dataset_name  # Altair's own table names (Altair is pinned)

from macros.core import cache
from macros.core import memo
from macros.charts import builders
from macros.charts.decl import ChartDecl
from macros.charts.plan import Plan, planned

_SHAPES: dict[str, tuple] = memo.table("chart shapes")  # shape key -> (its spec: tables by role, values by stand-in; the stand-ins)
_BY_VALUE: dict[str, bool] = memo.table("chart shapes keyed by their values")  # shape keys whose values are not mere stand-ins
_MAX_SHAPES = 1000
_ROLE = "__tokenshare_role:"  # stands for a table's name in a kept shape (no dataset is named so)
# What of a declaration reaches the spec (titles, filters and sorting reach it through the rows)
_SPEC_FIELDS = ("mark", "x", "y", "color", "label", "tooltip", "height", "fields")
# plan.shape values a kept shape holds stand-ins for: px, the order of categories, the dates ticked
_NUMBERS, _NAMES, _DATES = ("height", "room", "label_room", "lines"), ("order",), ("ticks",)


def spec(rows: pd.DataFrame, decl: ChartDecl, labels: dict[str, str], narrow: bool = False) -> dict:
    """`to_spec(build(rows, decl, labels, narrow))`, the same dict; Altair runs only for a shape
    not seen before in this process (tests/test_charts.py holds the two equal)."""
    labels, plan = planned(rows, decl, labels, narrow)
    tables = {role: _table(frame) for role, frame in plan.frames.items()}
    about = ({f: getattr(decl, f) for f in _SPEC_FIELDS}, labels, narrow,
             {role: [(c, str(t)) for c, t in frame.dtypes.items()] for role, frame in plan.frames.items()})
    fixed, values = _parameters(plan.shape)
    key = cache.digest(*about, fixed)
    if key not in _BY_VALUE:
        kept = _SHAPES.get(key) or _known_shape(key, plan, decl, labels, narrow, values)
        if kept is None and values:  # its values do more than stand in the spec: keyed by them
            _BY_VALUE[key] = True
    if key in _BY_VALUE:
        key, values = cache.digest(*about, plan.shape, "by value"), {}
        kept = _SHAPES.get(key) or _known_shape(key, plan, decl, labels, narrow, values)
    if kept is None:  # the stand-ins not told apart: Altair over the whole tables
        made = builders.to_spec(builders.from_plan(plan, decl, labels, narrow))
        shape = _shape_of(made, {role: name for role, (name, _) in tables.items()})
        if shape is None:
            return made
        kept = (shape, {})
    if key not in _SHAPES:
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()
        _SHAPES[key] = kept
    shape, stand_ins = kept
    names = {_ROLE + role: name for role, (name, _) in tables.items()}
    out = _renamed(_put(shape, _swaps(stand_ins, values)), names)
    out["datasets"] = {name: values for name, values in tables.values()}
    return out


def _parameters(shape: dict) -> tuple[dict, dict]:
    """plan.shape split: what keys a kept shape (a value, or the kind of a value with a stand-in), and
    the values with stand-ins. A zero, an empty list or no dates stay in the key: they can change
    what the spec holds, not only a value in it."""
    fixed, values = {}, {}
    for name, value in shape.items():
        if ((name in _NUMBERS and type(value) is int and value)
                or (name in _NAMES and type(value) is list and value and all(type(v) is str for v in value))
                or (name in _DATES and type(value) is tuple and value and all(type(v) is str for v in value))):
            fixed[name], values[name] = "stand-in", value
        else:
            fixed[name] = value
    return fixed, values


def _stand_ins(values: dict, which: int) -> dict:
    """Values no chart has, of the same kinds as `values`; set 0 or 1, which differ in every value,
    in their lists' lengths and in the steps between their numbers (a builder's arithmetic on one
    cannot land on another in both sets)."""
    out = {}
    for i, name in enumerate(sorted(values)):
        if name in _NUMBERS:
            out[name] = (9_137_011, 8_266_093)[which] + (104_729, 130_363)[which] * i  # no sum or multiple of another
        elif name in _NAMES:
            out[name] = [f"__tokenshare_stand_in_{which}_{i}_{j}" for j in range(which + 1)]
        else:
            out[name] = tuple(f"{1901 + which}-{1 + i % 12:02d}-{1 + j:02d}" for j in range(which + 1))
    return out


def _swaps(stand_ins: dict, values: dict) -> tuple[dict, list]:
    """(number -> number, [(list, list)]): what `_put` replaces in a kept shape for these values."""
    numbers, lists = {}, []
    for name, stand_in in stand_ins.items():
        value = values[name]
        if name in _NUMBERS:
            numbers[stand_in] = value
        elif name in _NAMES:
            lists.append((stand_in, value))
        else:
            lists.append((builders.tick_values(stand_in), builders.tick_values(value)))
    return numbers, lists


def _put(node, swaps: tuple[dict, list]):
    """A copy of a kept shape with each stand-in replaced by its value: a number (also where an
    expression holds it as text) or a whole list."""
    numbers, lists = swaps
    if not numbers and not lists:
        return node
    if isinstance(node, dict):
        return {k: _put(v, swaps) for k, v in node.items()}
    if isinstance(node, list):
        for stand_in, value in lists:
            if node == stand_in:
                return [dict(v) if isinstance(v, dict) else v for v in value]
        return [_put(v, swaps) for v in node]
    if type(node) is int and node in numbers:
        return numbers[node]
    if isinstance(node, str):
        for stand_in, value in numbers.items():
            if str(stand_in) in node:
                node = node.replace(str(stand_in), str(value))
    return node


def _known_shape(key: str, plan: Plan, decl: ChartDecl, labels: dict[str, str], narrow: bool, values: dict) -> tuple | None:
    """`_new_shape`, or what it gave an earlier build (on disk: a shape is the same for every data
    directory, and Altair builds each new one twice, a tenth of a build of new data)."""
    disk_key = cache.digest(key, "altair", alt.__version__)  # the disk entry's CODE covers the rest of the code
    stored = cache.disk_load("shape", disk_key)
    if stored is not None:
        return stored[0]
    kept = _new_shape(plan, decl, labels, narrow, values)
    cache.disk_store("shape", disk_key, (kept,))
    return kept


def _new_shape(plan: Plan, decl: ChartDecl, labels: dict[str, str], narrow: bool, values: dict) -> tuple | None:
    """The shape of a plan and its stand-ins, built by Altair over each table's first rows only: a
    chart's spec takes nothing from its tables but their columns (the plan's `shape` holds what
    rows shape), and Altair copies a chart's tables whole at each layer and parameter, most of a
    cold build's Altair time. With `values` to stand in for, built twice with two sets of
    stand-ins: None unless the two specs differ by the stand-ins alone."""
    # a table of one row, the next of two, ...: tables alike in their first rows still get apart names
    frames = {role: frame.head(i + 1) for i, (role, frame) in enumerate(plan.frames.items())}
    names = {role: _table(frame)[0] for role, frame in frames.items()}
    made = []
    for which in range(2 if values else 1):
        stand_ins = _stand_ins(values, which)
        spec_made = builders.to_spec(builders.from_plan(Plan(frames, {**plan.shape, **stand_ins}), decl, labels, narrow))
        made.append((_shape_of(spec_made, names), stand_ins))
    (shape, stand_ins), *other = made
    if shape is None:
        return None
    if other and (other[0][0] is None or _put(shape, _swaps(stand_ins, other[0][1])) != other[0][0]):
        return None
    return shape, stand_ins


def _table(frame: pd.DataFrame) -> tuple[str, list]:
    """A table as Altair embeds it: its values and its name (a hash of them)."""
    values = _records(frame)
    if values is None:
        values = alt.data_transformers.get()(frame)["values"]
    return _dataset_name(values), values


def _records(frame: pd.DataFrame) -> list[dict] | None:
    """The rows as Altair's data transformer gives them (missing numbers and text as None), for the
    column types charts embed, a column at a time; None for any other type (Altair then does it)."""
    names = list(frame.columns)
    if not names or not all(isinstance(n, str) for n in names):
        return None
    columns = []
    for name, dtype in frame.dtypes.items():
        col = frame[name]
        if dtype == object or isinstance(dtype, pd.StringDtype):
            values, missing = col.tolist(), col.isna().tolist()
            if any(isinstance(v, np.ndarray) for v in values):
                return None
        elif dtype.kind == "f":
            values, missing = col.tolist(), (~np.isfinite(col.to_numpy())).tolist()
        elif dtype.kind in "iub":
            if col.hasnans:  # a nullable column's <NA>: Altair's own conversion
                return None
            values, missing = col.tolist(), None
        else:
            return None
        columns.append([None if m else v for v, m in zip(values, missing)] if missing and any(missing) else values)
    return [dict(zip(names, row)) for row in zip(*columns)]


def _shape_of(made: dict, names: dict[str, str]) -> dict | None:
    """`made` without its tables, each reference to one naming its role instead; None when
    that cannot be told apart (two roles with the same rows share one table)."""
    if len(set(names.values())) != len(names) or set(made.get("datasets", {})) != set(names.values()):
        return None
    roles = {name: _ROLE + role for role, name in names.items()}
    shape = _renamed({k: v for k, v in made.items() if k != "datasets"}, roles)
    text = repr(shape)
    return None if any(name in text for name in names.values()) else shape


def _renamed(node, names: dict[str, str]):
    """A copy of a spec with `{"data": {"name": a}}` references renamed by `names`."""
    if isinstance(node, dict):
        out = {k: _renamed(v, names) for k, v in node.items()}
        data = node.get("data")
        if isinstance(data, dict) and data.get("name") in names:
            out["data"] = {**data, "name": names[data["name"]]}
        return out
    if isinstance(node, list):
        return [_renamed(v, names) for v in node]
    return node
