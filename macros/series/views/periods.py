"""The weeks and months of the daily rows, and the country groups' share week by week.

`weeks` is read off the country-group series (one row per week), so the two
live together; `resolve_week` and `resolve_month` turn a page's 'latest',
'first', 'seed' or a date into a period the data holds.
"""

from __future__ import annotations

import pandas as pd

from macros.series import transforms as tf
from macros.core.cache import cached_view
from macros.data.catalog import Catalog
from macros.core.errors import MacroError
from macros.series.views.base import (
    tracked_view,
    DAILY, SEED_WEEK, View, _last_weeks, _single_source, _with_country_labels, labs, weekly_totals,
)


@tracked_view
def country_weekly_through(cat: Catalog, week: str, last: int | None = None) -> View:
    """`country_weekly` as it stood at the end of `week` (a Monday): its weeks up to that one only,
    the latest `last` of them (the dated archive's chart: a full week's figures come from its own rows)."""
    frame = country_weekly(cat).frame
    return _last_weeks(frame[frame["week_start"] <= pd.Timestamp(week)], last).reset_index(drop=True)


@tracked_view
def country_weekly(cat: Catalog, last: int | None = None) -> View:
    """Share of tokens by country group, week by week (the latest `last` weeks, or all).

    Columns: week_start, days, partial, country_group, country, tokens,
    total_tokens, share_pct.
    """
    if last is not None:
        view = country_weekly(cat)
        frame = _last_weeks(view.frame, last).reset_index(drop=True)
        return frame
    weeks = weekly_totals(cat, ("country_group",))
    shares = tf.country_shares(weeks, "week_start", "tokens")
    meta = weeks[["week_start", "days", "partial"]].drop_duplicates()
    frame = shares.merge(meta, on="week_start")
    frame["total_tokens"] = frame.groupby("week_start")["tokens"].transform("sum")
    rows_from = DAILY  # the dataset whose source the rows cite
    frame = _with_country_labels(cat, frame)
    order = {g: i for i, g in enumerate(tf.COUNTRY_GROUPS)}
    frame = frame.sort_values(["week_start", "country_group"], key=lambda s: s.map(order) if s.name == "country_group" else s)
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, rows_from)
    cols = ["week_start", "days", "partial", "country_group", "country", "tokens", "total_tokens", "share_pct", "source"]
    return frame[cols].reset_index(drop=True)


@cached_view
def weeks(cat: Catalog) -> pd.DataFrame:
    """One row per week: week_start, days, partial, total_tokens."""
    frame = country_weekly(cat).frame
    return frame[["week_start", "days", "partial", "total_tokens"]].drop_duplicates("week_start").reset_index(drop=True)


def resolve_week(cat: Catalog, week) -> pd.Timestamp:
    """'latest' (latest full week), 'first' (first full week), 'seed', or a date in the data."""
    table = weeks(cat)
    full = table[~table["partial"]]
    if week == "seed":
        return SEED_WEEK
    if week in ("latest", "first"):
        if full.empty:
            raise MacroError("the data has no full week yet.", argument="week")
        return full["week_start"].max() if week == "latest" else full["week_start"].min()
    try:
        stamp = pd.Timestamp(str(week))
    except ValueError:
        stamp = None
    known = [d.strftime("%Y-%m-%d") for d in table["week_start"]]
    if stamp is None or stamp not in set(table["week_start"]):
        raise MacroError(
            f"week {week!r} is not in the data.", argument="week", got=week,
            choices=["latest", "first", "seed", *known],
        )
    return stamp


def months(cat: Catalog) -> pd.DataFrame:
    """One row per calendar month of the daily rows: month (YYYY-MM), days, complete, total_tokens."""
    daily = cat.frame(DAILY)
    month = daily["date"].dt.strftime("%Y-%m")
    table = daily.assign(month=month).groupby("month", sort=True).agg(days=("date", "nunique"), total_tokens=("tokens", "sum"))
    table["complete"] = table["days"] == pd.to_datetime(table.index + "-01").days_in_month
    return table.reset_index()


def country_monthly(cat: Catalog) -> pd.DataFrame:
    """Tokens and share by country group for each calendar month of the daily rows."""
    daily = tf.with_labs(cat.frame(DAILY), labs(cat))
    daily = daily.assign(month=daily["date"].dt.strftime("%Y-%m"))
    return tf.country_shares(daily, "month", "tokens")


def resolve_month(cat: Catalog, month) -> str:
    """'latest' (latest complete month) or a YYYY-MM month in the daily rows."""
    table = months(cat)
    if month == "latest":
        complete = table[table["complete"]]
        if complete.empty:
            raise MacroError("the daily rows cover no complete month yet.", argument="month")
        return complete["month"].max()
    if str(month) not in set(table["month"]):
        raise MacroError(f"month {month!r} is not in the daily rows.", argument="month", got=month, choices=["latest", *table["month"]])
    return str(month)
