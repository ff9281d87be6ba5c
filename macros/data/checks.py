"""The checks of a dataset that need its whole frame or other datasets: unique keys,
references to other datasets, cited sources, shares of a period that sum to 100.

`validate.read_table` reads and types a file row by row; these run on what it
read. Every problem names the file, the line, the column, the bad value and
what was expected, as there.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from macros.core.errors import did_you_mean
from macros.core.paths import display_path
from macros.data.sidecar import Check, Column, DatasetMeta, field_line
from macros.data.sources import Source
from macros.data.problems import MAX_PER_COLUMN, Problem
from macros.data.reader import Table

# What `lookup` answers for a dataset that could not be read whole: checking references
# against its partly read rows would only repeat its own problems, once per row.
UNCHECKED = frozenset({"<unchecked>"})


def check_relations(
    table: Table,
    display: str,
    sources: dict[str, Source],
    lookup: Callable[[str, str], set | None],
) -> list[Problem]:
    """Unique keys, references to other datasets, cited sources, sums to 100.

    `lookup(dataset, column)` returns the set of values of another dataset's
    column, None when that dataset is missing, or UNCHECKED when it could
    not be read whole (its own problems say why).
    """
    meta, frame, line_of = table.meta, table.frame, table.line_of
    problems: list[Problem] = []
    problems += _check_meta_sources(meta, sources)
    if frame.empty and not table.problems:
        problems.append(Problem(display, None, None, None, "at least one row of data"))
        return problems
    problems += _check_key(meta, frame, display, line_of)
    for col in meta.columns:
        if col.references:
            problems += _check_reference(col, frame, display, line_of, lookup)
    if "source" in frame.columns and all(s in sources for s in meta.sources):
        # (a sidecar citing an unknown source is the one problem: its rows are not checked against a typo)
        problems += _check_row_sources(meta, frame, display, line_of, sources)
    for check in meta.checks:
        problems += _check_sum(check, frame, display, line_of)
    return problems


def _check_meta_sources(meta: DatasetMeta, sources: dict[str, Source]) -> list[Problem]:
    out = []
    for i, sid in enumerate(meta.sources):
        if sid not in sources:
            guess = did_you_mean(sid, sources)
            hint = f"did you mean {guess!r}? " if guess else ""
            out.append(Problem(display_path(meta.path), field_line(meta.path, ["sources", i]), None, sid,
                               f"a source id of sources.yml ({hint}defined: {', '.join(sorted(sources))})"))
    return out


def _check_row_sources(meta: DatasetMeta, frame: pd.DataFrame, display: str, line_of, sources) -> list[Problem]:
    """Rows citing a source the sidecar does not list: one problem per source named, at its first row."""
    allowed = sorted(meta.sources)
    cited = frame["source"]
    bad = cited[cited.notna() & ~cited.isin(allowed)]
    out = []
    for value, rows in list(bad.groupby(bad, sort=True))[:MAX_PER_COLUMN]:
        lines = [line_of(pos) for pos in rows.index]
        where = f" (on {len(lines)} rows, lines {lines[0]}–{lines[-1]})" if len(lines) > 1 else ""
        if value in sources:
            advice = f"; or add {value!r} to the sidecar's sources"
        else:
            guess = did_you_mean(str(value), allowed)
            advice = f"; did you mean {guess!r}?" if guess else ""
        out.append(Problem(display, lines[0], "source", str(value), f"one of the sidecar's sources {allowed}{advice}{where}"))
    return out


def _check_key(meta: DatasetMeta, frame: pd.DataFrame, display: str, line_of) -> list[Problem]:
    if not meta.key:
        return []
    key = list(meta.key)
    dup = frame.duplicated(subset=key, keep=False)
    if not dup.any():
        return []
    out = []
    for _, group in list(frame[dup].groupby(key, dropna=False, sort=True))[:MAX_PER_COLUMN]:
        lines = [line_of(p) for p in group.index]
        value = ", ".join(f"{k}={_plain(group.iloc[0][k])}" for k in key)
        out.append(Problem(display, lines[1], "+".join(key), value, f"a unique key; the same key is on lines {lines}"))
    return out


def _plain(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _check_reference(col: Column, frame, display, line_of, lookup) -> list[Problem]:
    dataset, column = col.references
    known = lookup(dataset, column)
    if known is UNCHECKED:
        return []
    if known is None:
        return [Problem(display, None, col.name, None, f"the dataset '{dataset}' it references to exist")]
    values = frame[col.name]
    bad = values.notna() & ~values.isin(known)
    out = []
    for pos in bad[bad].index[:MAX_PER_COLUMN]:
        value = str(values.at[pos])
        guess = did_you_mean(value, [str(k) for k in known])
        advice = f"did you mean {guess!r}?" if guess else f"add it to data/{dataset}.csv"
        out.append(Problem(display, line_of(pos), col.name, value, f"a value listed in {dataset}.{column} ({advice})"))
    return out


def _check_sum(check: Check, frame: pd.DataFrame, display: str, line_of) -> list[Problem]:
    out = []
    groups = frame.groupby(list(check.by), sort=True, dropna=False) if check.by else [((), frame)]
    for key, group in groups:
        total = float(group[check.column].sum())
        if abs(total - 100.0) > check.tolerance + 1e-9:
            key = key if isinstance(key, tuple) else (key,)
            label = ", ".join(f"{b}={_plain(k)}" for b, k in zip(check.by, key)) or "all rows"
            lines = [line_of(p) for p in group.index]
            out.append(Problem(
                display, lines[0], check.column, f"{total:.2f} for {label} (lines {lines[0]}–{lines[-1]})",
                f"shares that sum to 100 ± {check.tolerance}",
            ))
    return out
