"""The labs' shares: in one week, week by week, and a lab's models."""

from __future__ import annotations

import pandas as pd

from macros.series import transforms as tf
from macros.core.cache import cached_view
from macros.data.catalog import Catalog
from macros.core.errors import MacroError
from macros.series.views.base import (
    tracked_view,
    DAILY, PAGE_WEEKS, SEED_WEEK, View, _last_weeks, _single_source, _with_country_labels, labs, weekly_totals,
    with_countries,
)
from macros.series.views.by_model import models_index
from macros.series.views.periods import country_weekly, resolve_week


@tracked_view
def lab_shares(cat: Catalog, week="latest") -> View:
    """Share of tokens by lab in one week.

    Columns: period_start, author_slug, lab, country_group, country, tokens,
    share_pct, partial. The seed week keeps the rankings page's unbroken
    remainder as one explicit row.
    """
    start = resolve_week(cat, week)
    if start == SEED_WEEK:
        raw = cat.frame("seed_author_share")
        frame = tf.with_labs(raw, labs(cat))
        frame["partial"] = True  # week to date: read on Friday morning
        rows_from = "seed_author_share"  # the dataset whose source the rows cite
    else:
        every_lab = lab_weekly_shares(cat)
        frame = every_lab[every_lab["week_start"] == start].rename(columns={"week_start": "period_start"})
        rows_from = DAILY  # the dataset whose source the rows cite
    frame = _with_country_labels(cat, frame)
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, rows_from)
    cols = ["period_start", "author_slug", "lab", "country_group", "country", "tokens", "share_pct", "partial", "source"]
    frame = frame.sort_values(["share_pct", "author_slug"], ascending=[False, True])
    return frame[cols].reset_index(drop=True)


@cached_view
def lab_weekly_shares(cat: Catalog) -> pd.DataFrame:
    """Every lab's share of the imported daily rows' tokens, week by week, with its name and
    country: computed once, not once per lab page."""
    return with_countries(cat, tf.shares(weekly_totals(cat, ("author_slug",)), "tokens", ["week_start"]))


@tracked_view
def lab_weekly(cat: Catalog, lab: str, last: int | None = PAGE_WEEKS) -> View:
    """One lab's share and tokens in every week of the daily rows (the latest `last`).

    Columns: week_start, author_slug, lab, country, country_group, tokens,
    share_pct, days, partial, source. A week in which none of the lab's models
    was in a day's top 50 has no row (its tokens are inside "other"), so the
    line breaks there. The April rankings-page snapshot is another measure and
    is not here.
    """
    known = set(labs(cat)["author_slug"])
    if lab not in known:
        raise MacroError(f"unknown lab {lab!r}.", argument="lab", got=lab, choices=sorted(known))
    every_lab = lab_weekly_shares(cat)
    frame = every_lab[every_lab["author_slug"] == lab]
    rows_from = DAILY  # the dataset whose source the rows cite
    frame = frame.sort_values("week_start")
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, rows_from)
    cols = ["week_start", "author_slug", "lab", "country", "country_group", "tokens", "share_pct", "days", "partial", "source"]
    return _last_weeks(frame[cols], last).reset_index(drop=True)


@tracked_view
def lab_models(cat: Catalog, lab: str) -> View:
    """A lab's models that were ever in a day's top 50, most tokens in the latest full week first.

    Columns: model, model_label, named, first_seen, last_seen, days_ranked,
    week_start, rank, tokens, share_pct, best_rank (see `models_index`).
    """
    frame = models_index(cat)
    frame = frame[frame["author_slug"] == lab]
    return frame.reset_index(drop=True)


def group_share(cat: Catalog, week, *, labs_: list[str] | None = None, country: str | None = None) -> float:
    """Combined share of some labs, or of a country group, in one week."""
    if country is not None and labs_ is None:
        frame = country_weekly(cat).frame
        start = resolve_week(cat, week)
        if start == SEED_WEEK:
            frame = lab_shares(cat, "seed").frame
            return float(frame.loc[frame["country_group"] == country, "share_pct"].sum())
        row = frame[(frame["week_start"] == start) & (frame["country_group"] == country)]
        return float(row["share_pct"].sum())
    frame = lab_shares(cat, week).frame
    known = set(frame["author_slug"])
    for slug in labs_ or []:
        if slug not in known:
            raise MacroError(f"lab {slug!r} has no share in that week.", argument="labs", got=slug, choices=sorted(known))
    return float(frame.loc[frame["author_slug"].isin(labs_ or []), "share_pct"].sum())
