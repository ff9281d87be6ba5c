"""Typing a dataset's cells: each column's text parsed as its sidecar declares, every bad cell a `Problem`.

Vectorised, so a year of daily rows stays cheap: a column is checked as a whole
and a cell's line is worked out only when it is reported. A column that
repeats its texts (dates, labs, flags) has each distinct text parsed once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from macros.core import timing
from macros.data.problems import MAX_PER_COLUMN, Problem
from macros.data.sidecar import Column, DatasetMeta

# Characters text from data may not hold: control characters (tab and line
# breaks aside), and the invisible ones that reorder or hide what a reader
# sees (bidirectional embeddings, overrides and isolates, a byte-order mark
# inside a value, line and paragraph separators). Right-to-left text needs
# none of them: the Unicode bidirectional algorithm lays it out.
HIDDEN = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb]"
HIDDEN_EXPECTED = "text without control characters or invisible bidirectional overrides (such as U+202E)"
DISTINCT_ROWS = 50_000  # from this many rows, a column's distinct texts are parsed once each


def type_columns(frame: pd.DataFrame, meta: DatasetMeta, display: str, line_of) -> tuple[pd.DataFrame, list[Problem]]:
    with timing.stage("validate"):
        return _typed(frame, meta, display, line_of)


def _typed(frame: pd.DataFrame, meta: DatasetMeta, display: str, line_of) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    out = {}
    limit = _as_of_limit(meta.as_of)
    for col in meta.columns:
        raw = frame[col.name].astype(str)
        values, bad = _parse_distinct(col, raw, limit)
        problems.extend(_report(bad, raw, col, display, line_of))
        out[col.name] = values
    typed = pd.DataFrame(out, index=frame.index)
    return typed.reset_index(drop=True), problems


def _parse_distinct(col: Column, raw: pd.Series, limit: pd.Timestamp | None) -> tuple[pd.Series, dict[str, pd.Series]]:
    """`_parse`, each distinct text parsed once: daily rows repeat their dates, labs, flags and as_of."""
    if len(raw) < DISTINCT_ROWS:
        return _parse(col, raw, limit)
    codes, uniques = pd.factorize(raw, sort=False)
    if len(uniques) * 2 > len(raw):
        return _parse(col, raw, limit)
    values, bad = _parse(col, pd.Series(uniques, dtype=raw.dtype), limit)
    values = values.take(codes).set_axis(raw.index)
    return values, {k: pd.Series(mask.to_numpy()[codes], index=raw.index) for k, mask in bad.items()}


def _report(bad: dict[str, pd.Series], raw: pd.Series, col: Column, display: str, line_of) -> list[Problem]:
    out = []
    for expected, mask in bad.items():
        rows = mask[mask].index
        for pos in rows[:MAX_PER_COLUMN]:
            out.append(Problem(display, line_of(pos), col.name, raw.loc[pos], expected))
        if len(rows) > MAX_PER_COLUMN:
            out.append(Problem(display, None, col.name, None, f"{expected} ({len(rows) - MAX_PER_COLUMN} more rows like this)"))
    return out


def _parse(col: Column, raw: pd.Series, limit: pd.Timestamp | None) -> tuple[pd.Series, dict[str, pd.Series]]:
    """Typed values and {what was expected: mask of rows that fail it}."""
    blank = raw.str.strip() == ""
    bad: dict[str, pd.Series] = {}
    if not col.nullable:
        bad["a value (this column may not be empty)"] = blank
    present = ~blank
    kind = col.type
    if kind == "string":
        values = raw.where(present, None)
        bad[HIDDEN_EXPECTED] = present & raw.str.contains(HIDDEN, regex=True)
        if col.enum:
            bad[f"one of {sorted(col.enum)}"] = present & ~raw.isin(list(col.enum))
        if col.pattern:
            bad[f"text matching {col.pattern}"] = present & ~raw.str.fullmatch(col.pattern)
        return values, bad
    if kind == "integer":
        whole = raw.str.fullmatch(r"[+-]?\d+")
        ok = raw.str.fullmatch(r"[+-]?\d{1,18}")
        bad["a whole number"] = present & ~whole
        bad["a whole number of at most 18 digits"] = present & whole & ~ok
        values = pd.to_numeric(raw.where(present & ok, None), errors="coerce").astype("Int64")
        _range(col, values, present & ok, bad)
        if not col.nullable and not bad["a whole number"].any() and not blank.any():
            values = values.astype("int64")
        return values, bad
    if kind == "number":
        numbers = pd.to_numeric(raw.where(present, None), errors="coerce")
        finite = pd.Series(np.isfinite(numbers.to_numpy(dtype="float64", na_value=np.nan)), index=numbers.index)
        bad["a finite number"] = present & ~finite
        values = numbers.where(finite).astype("float64")
        _range(col, values, present & finite, bad)
        return values, bad
    if kind == "boolean":
        lowered = raw.str.lower()
        bad["true or false"] = present & ~lowered.isin(["true", "false"])
        return lowered.map({"true": True, "false": False}).astype("boolean"), bad
    if kind == "month":
        ok = raw.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
        bad["a month as YYYY-MM"] = present & ~ok
        return raw.where(present, None), bad
    if kind == "date":
        shaped = raw.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        parsed = pd.to_datetime(raw.where(present & shaped, None), format="%Y-%m-%d", errors="coerce")
        bad["a real date as YYYY-MM-DD"] = present & parsed.isna()
    else:  # datetime
        parsed = pd.to_datetime(raw.where(present, None), format="ISO8601", errors="coerce", utc=True)
        parsed = parsed.dt.tz_localize(None)
        bad["an ISO 8601 date and time, such as 2026-04-24T07:56:34Z"] = present & parsed.isna()
    valid = present & parsed.notna()
    if limit is not None:
        bad[f"a date no later than the dataset's as_of ({limit.date()})"] = valid & (parsed.dt.normalize() > limit)
    _range(col, parsed, valid, bad, convert=pd.Timestamp)
    return parsed, bad


def _range(col: Column, values: pd.Series, valid: pd.Series, bad: dict, convert=float) -> None:
    if col.min is not None:
        lo = convert(col.min)
        bad[f"a value ≥ {col.min}"] = valid & (values < lo).fillna(False).astype(bool)
    if col.max is not None:
        hi = convert(col.max)
        bad[f"a value ≤ {col.max}"] = valid & (values > hi).fillna(False).astype(bool)


def _as_of_limit(as_of: str) -> pd.Timestamp | None:
    """The last day a dataset's rows may carry: its as_of (end of month for YYYY-MM)."""
    try:
        if len(as_of) == 7:
            return pd.Timestamp(as_of + "-01") + pd.offsets.MonthEnd(0)
        return pd.Timestamp(as_of[:10])
    except ValueError:
        return None
