"""Ranked authors the lab table does not know.

Their tokens are kept (as UNKNOWN) and every one is reported by name with its
tokens; when together they hold more than 1 % of a week's tokens, the data
does not validate, since the week's country shares would then rest on a guess.
`Catalog.problems()` calls `unmapped_problems` whenever `openrouter_daily` is
present, so `make validate`, `make build` and every import apply the rule.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from macros.data.dates import week_start
from macros.data.problems import Problem

LIMIT_PCT = 1.0
DAILY = "openrouter_daily"


def unmapped(daily: pd.DataFrame, known: set[str]) -> pd.DataFrame:
    """One row per (week, unknown author): tokens, the week's tokens, share_pct, days, first_row.

    Sorted by week, then tokens (largest first). `first_row` is the position of
    the author's first row that week in `daily`, for locating messages.
    """
    columns = ["week_start", "author_slug", "tokens", "week_tokens", "share_pct", "days", "first_row"]
    if daily.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    # rows with a bad date or count are reported by the type checks; the rest still count
    daily = daily.dropna(subset=["date", "author_slug", "tokens"])
    if daily.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    frame = daily[["date", "author_slug", "tokens"]].assign(week_start=week_start(daily["date"]), row=daily.index)
    totals = frame.groupby("week_start").agg(week_tokens=("tokens", "sum"), days=("date", "nunique"))
    missing = frame[~frame["author_slug"].isin(known)]
    if missing.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    by_author = missing.groupby(["week_start", "author_slug"], as_index=False).agg(tokens=("tokens", "sum"), first_row=("row", "min"))
    out = by_author.merge(totals, left_on="week_start", right_index=True)
    out["share_pct"] = out["tokens"] / out["week_tokens"] * 100
    out = out.sort_values(["week_start", "tokens", "author_slug"], ascending=[True, False, True])
    return out[columns].reset_index(drop=True)


def _tokens_text(tokens: float) -> str:
    for size, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if tokens >= size:
            return f"{tokens / size:,.2f}{unit}"
    return f"{tokens:,.0f}"


def _week_text(row) -> str:
    partial = "" if row["days"] >= 7 else f", a partial week of {row['days']} day(s)"
    return f"week of {row['week_start']:%Y-%m-%d}{partial}"


def unmapped_problems(daily: pd.DataFrame, known: set[str], display: str, line_of: Callable[[int], int]) -> list[Problem]:
    """A problem per unknown author in every week where unknown authors hold more than 1 %."""
    table = unmapped(daily, known)
    if table.empty:
        return []
    week_share = table.groupby("week_start")["share_pct"].transform("sum")
    problems = []
    for (_, row), share in zip(table.iterrows(), week_share):
        if share <= LIMIT_PCT:
            continue
        problems.append(Problem(
            display, line_of(row["first_row"]), "author_slug", row["author_slug"],
            f"an author listed in data/labs.csv: {row['author_slug']!r} holds {_tokens_text(row['tokens'])} tokens "
            f"({row['share_pct']:.2f} %) in the {_week_text(row)}, and authors missing from the lab table hold "
            f"{share:.2f} % of that week (at most {LIMIT_PCT:g} % allowed); add it to data/labs.csv with its country",
        ))
    return problems


def unmapped_notes(daily: pd.DataFrame, known: set[str]) -> list[str]:
    """Every unknown author, by name with its tokens, including those under the limit."""
    table = unmapped(daily, known)
    return [
        f"{row['author_slug']!r} is not in data/labs.csv: {_tokens_text(row['tokens'])} tokens, "
        f"{row['share_pct']:.2f} % of the {_week_text(row)} (counted as UNKNOWN)"
        for _, row in table.iterrows()
    ]
