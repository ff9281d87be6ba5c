"""One full week against the week before: what the weekly briefing is written from.

Every frame here is computed from the daily rows through the weekly series
(`country_weekly`, `lab_weekly_shares`, `model_weekly_all`), unrounded. A lab
or a model absent from one of the two weeks counts 0 tokens and a 0 % share
there: its tokens were inside OpenRouter's "other" row (outside each day's top
50), which is how the rows say it.
"""

from __future__ import annotations

import pandas as pd

from macros.core.cache import cached_view
from macros.data.catalog import Catalog
from macros.series.views.base import DAILY, labs
from macros.series.views.by_lab import lab_weekly_shares
from macros.series.views.by_model import model_weekly_all
from macros.series.views.periods import country_weekly, weeks

TOP = 50  # "the top 50": a model's rank among the week's models by tokens
NOT_LABS = "policy"  # lab-table rows that are not labs (other, stealth, the remainder): no page, no mover


def full_weeks(cat: Catalog) -> list[pd.Timestamp]:
    """Every full week of the daily rows, oldest first."""
    table = weeks(cat)
    return sorted(table.loc[~table["partial"].astype(bool), "week_start"])


def partial_week(cat: Catalog) -> pd.Series | None:
    """The week after the latest full one when the rows have part of it (week_start, days, total_tokens), else None."""
    table = weeks(cat)
    full = full_weeks(cat)
    later = table[table["partial"].astype(bool) & (table["week_start"] > (full[-1] if full else pd.Timestamp.min))]
    return None if later.empty else later.sort_values("week_start").iloc[-1]


def previous(cat: Catalog, week: pd.Timestamp) -> pd.Timestamp | None:
    """The full week just before `week` (seven days earlier), or None when the rows have no full week there."""
    before = pd.Timestamp(week) - pd.Timedelta(days=7)
    return before if before in set(full_weeks(cat)) else None


def _against(now: pd.DataFrame, before: pd.DataFrame, key: str, keep: list[str]) -> pd.DataFrame:
    """`now` and `before` (key, tokens, share_pct, ...) side by side, a missing side as 0, with the changes."""
    cols = [key, "tokens", "share_pct"]
    both = now[cols + keep].merge(before[cols + keep], on=key, how="outer", suffixes=("", "_before"))
    for col in keep:  # a name known only from the week before
        both[col] = both[col].where(both[col].notna(), both[f"{col}_before"])
    both = both.drop(columns=[f"{c}_before" for c in keep])
    both[["tokens", "share_pct", "tokens_before", "share_pct_before"]] = both[
        ["tokens", "share_pct", "tokens_before", "share_pct_before"]].astype("float64").fillna(0.0)
    return both.assign(change_pts=both["share_pct"] - both["share_pct_before"],
                       change_tokens=both["tokens"] - both["tokens_before"])


@cached_view
def country_change(cat: Catalog, week: pd.Timestamp) -> pd.DataFrame:
    """Each country group in `week` and the week before (when full).

    Columns: country_group, country, tokens, share_pct, tokens_before,
    share_pct_before, change_pts, change_tokens; the groups in their usual order.
    """
    frame = country_weekly(cat).frame
    now = frame[frame["week_start"] == week]
    prev = previous(cat, week)
    before = frame[frame["week_start"] == prev] if prev is not None else now.iloc[0:0]
    order = list(now["country_group"])
    out = _against(now, before, "country_group", ["country"])
    return out.set_index("country_group").loc[order].reset_index()


@cached_view
def lab_change(cat: Catalog, week: pd.Timestamp) -> pd.DataFrame:
    """Every lab (not the lab table's policy rows) in `week` or the week before, with the changes.

    Columns: author_slug, lab, country, tokens, share_pct, tokens_before,
    share_pct_before, change_pts, change_tokens.
    """
    frame = lab_weekly_shares(cat)
    prev = previous(cat, week)
    out = _against(frame[frame["week_start"] == week], frame[frame["week_start"] == prev], "author_slug", ["lab", "country"])
    policy = set(labs(cat).loc[labs(cat)["basis"] == NOT_LABS, "author_slug"])
    return out[~out["author_slug"].isin(policy)].sort_values("author_slug").reset_index(drop=True)


@cached_view
def model_change(cat: Catalog, week: pd.Timestamp) -> pd.DataFrame:
    """Every model ranked in `week` or the week before, with the changes and both weeks' ranks.

    Columns: model, model_label, author_slug, lab, country, tokens, share_pct,
    tokens_before, share_pct_before, change_pts, change_tokens, rank,
    rank_before (empty where it was not ranked).
    """
    frame = model_weekly_all(cat)
    prev = previous(cat, week)
    now, before = frame[frame["week_start"] == week], frame[frame["week_start"] == prev]
    out = _against(now, before, "model", ["model_label", "author_slug", "lab", "country"])
    out = out.merge(now[["model", "rank"]], on="model", how="left").merge(
        before[["model", "rank"]].rename(columns={"rank": "rank_before"}), on="model", how="left")
    return out.astype({"rank": "Int64", "rank_before": "Int64"}).sort_values("model").reset_index(drop=True)


def movers(frame: pd.DataFrame, by: str, key: str, n: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the `n` largest rises, the `n` largest falls) of `by` (change_pts or change_tokens); none that did not move.
    Ties are broken by `key`, so the same rows always come out."""
    up = frame[frame[by] > 0].sort_values([by, key], ascending=[False, True]).head(n)
    down = frame[frame[by] < 0].sort_values([by, key], ascending=[True, True]).head(n)
    return up.reset_index(drop=True), down.reset_index(drop=True)


def top_moves(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(models that entered the top 50 this week, models that left it), best rank first."""
    inside = frame["rank"].notna() & (frame["rank"] <= TOP)
    before = frame["rank_before"].notna() & (frame["rank_before"] <= TOP)
    entered = frame[inside & ~before].sort_values(["rank", "model"])
    left = frame[before & ~inside].sort_values(["rank_before", "model"])
    return entered.reset_index(drop=True), left.reset_index(drop=True)


def week_as_of(cat: Catalog, week: pd.Timestamp) -> pd.Timestamp:
    """When the rows a briefing is written from were read: the latest `as_of` of the week's rows and the week
    before's (the API's meta.as_of, never the clock), so a later import leaves an older week's date alone."""
    daily = cat.frame(DAILY)
    start = pd.Timestamp(week) - pd.Timedelta(days=7)
    rows = daily[(daily["date"] >= start) & (daily["date"] < pd.Timestamp(week) + pd.Timedelta(days=7))]
    return pd.Timestamp(rows["as_of"].max())
