"""Pure transforms: frames in, tidy frames out. Nothing here reads files or prints.

Shares are always computed from tokens over a period's total (never summed
from rounded shares), rows are sorted explicitly so the same input gives the
same output, and every function accepts an empty frame.
"""

from __future__ import annotations

import pandas as pd

from macros.data.dates import week_start  # noqa: F401  (part of this module's vocabulary)

COUNTRY_GROUPS = ("US", "CN", "OTHER", "UNKNOWN")


def with_labs(frame: pd.DataFrame, labs: pd.DataFrame, author: str = "author_slug") -> pd.DataFrame:
    """Add each row's lab name and country group from the lab table.

    Authors missing from the lab table keep their rows, as UNKNOWN with the
    slug as the lab name: never drop tokens.
    """
    table = labs[["author_slug", "lab", "country", "country_group"]].rename(columns={"author_slug": author})
    out = frame.merge(table, on=author, how="left", validate="many_to_one")
    out["lab"] = out["lab"].fillna(out[author])
    out["country"] = out["country"].fillna("UNKNOWN")
    out["country_group"] = out["country_group"].fillna("UNKNOWN")
    return out


def shares(frame: pd.DataFrame, value: str, within: list[str], out: str = "share_pct") -> pd.DataFrame:
    """Add `out`: each row's `value` as a percentage of its `within` group's total."""
    result = frame.copy()
    if result.empty:
        result[out] = pd.Series(dtype="float64")
        return result
    totals = result.groupby(within, sort=False)[value].transform("sum") if within else result[value].sum()
    result[out] = (result[value] / totals * 100).where(totals != 0, 0.0).astype("float64")
    return result


def totals_by(frame: pd.DataFrame, value: str, by: list[str]) -> pd.DataFrame:
    """Sum `value` by `by`, sorted by `by`."""
    if frame.empty:
        return pd.DataFrame({**{b: pd.Series(dtype=frame[b].dtype) for b in by}, value: pd.Series(dtype="float64")})
    return frame.groupby(by, sort=True, as_index=False, dropna=False)[value].sum()


def country_shares(frame: pd.DataFrame, period: str, value: str) -> pd.DataFrame:
    """Tokens and share by country group for each period; every group present in every period.

    A country with nothing in a period gets 0 tokens and a 0 % share rather
    than a missing row, so lines and tables never skip a week.
    """
    columns = [period, "country_group", value, "share_pct"]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    summed = totals_by(frame, value, [period, "country_group"])
    periods = summed[period].drop_duplicates().sort_values()
    full = pd.MultiIndex.from_product([periods, list(COUNTRY_GROUPS)], names=[period, "country_group"])
    summed = summed.set_index([period, "country_group"]).reindex(full, fill_value=0).reset_index()
    result = shares(summed, value, [period])
    return result[columns].reset_index(drop=True)


def ranked(frame: pd.DataFrame, value: str, within: list[str] | None = None, out: str = "rank") -> pd.DataFrame:
    """Add a 1-based rank by `value`, largest first; ties share the better rank.

    Sorted by group, then rank, then the row's other columns, so ties come out
    in a stable order.
    """
    result = frame.copy()
    if result.empty:
        result[out] = pd.Series(dtype="int64")
        return result
    series = result.groupby(within, sort=False)[value] if within else result[value]
    result[out] = series.rank(method="min", ascending=False).astype("int64")
    order = (within or []) + [out] + [c for c in result.columns if c not in (within or []) and c != out]
    return result.sort_values(order, kind="stable").reset_index(drop=True)


def top(frame: pd.DataFrame, value: str, n: int, within: list[str] | None = None) -> pd.DataFrame:
    """The `n` largest rows by `value` (per group), ranked."""
    result = ranked(frame, value, within)
    return result[result["rank"] <= n].reset_index(drop=True)


def weekly(daily: pd.DataFrame, keys: list[str], value: str = "tokens", date: str = "date") -> pd.DataFrame:
    """Sum daily rows into Monday–Sunday weeks per key.

    `days` counts the distinct dates of the week present in the whole input
    (not per key: a model absent on a day has no row that day); a week with
    fewer than 7 is `partial`.
    """
    columns = ["week_start", *keys, value, "days", "partial"]
    if daily.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    frame = daily.assign(week_start=week_start(daily[date]))
    days = frame.groupby("week_start")[date].nunique().rename("days")
    summed = totals_by(frame, value, ["week_start", *keys])
    summed = summed.merge(days, left_on="week_start", right_index=True)
    summed["partial"] = summed["days"] < 7
    return summed[columns].sort_values(["week_start", *keys]).reset_index(drop=True)
