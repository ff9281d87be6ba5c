"""The models: their names, weekly ranks and shares, the index of every ranked model, their list prices."""

from __future__ import annotations

import pandas as pd

from macros.series import transforms as tf
from macros.core.cache import cached_view
from macros.data.catalog import Catalog
from macros.core.errors import unknown
from macros.series.views.base import (
    tracked_view,
    MODELS, DAILY, PAGE_WEEKS, View, _last_weeks, _single_source, weekly_totals, with_countries,
)
from macros.series.views.periods import resolve_week


@cached_view
def model_weekly_all(cat: Catalog) -> pd.DataFrame:
    """Every ranked model's tokens, share and rank, week by week, with its name, lab and country.

    The API's "other" row is not a model: it is left out of the ranking (its
    tokens stay in each week's total). A model counts only the days it was in
    that day's top 50, so a model near the edge is undercounted in a week it
    dropped out of the list. Ties share the better rank.
    """
    wk = weekly_totals(cat, ("model_permaslug", "author_slug"))
    totals = wk.groupby("week_start")["tokens"].transform("sum")
    wk = wk.assign(share_pct=(wk["tokens"] / totals * 100).astype("float64"))
    wk = tf.ranked(wk[wk["model_permaslug"] != "other"], "tokens", ["week_start"]).rename(columns={"model_permaslug": "model"})
    wk = _named(cat, wk)
    return with_countries(cat, wk)


@tracked_view
def top_models(cat: Catalog, period="latest", n: int = 10) -> View:
    """The most-used models of a period.

    Columns: measure, week_start (empty for 'seed'), rank, model, model_label,
    author_slug, lab, country_group, country, tokens, source. 'seed' gives the article's April list and the
    cross-check; a week gives that week's top n (the `other` row excluded from
    the ranking, as it is not a model).
    """
    if period == "seed":
        raw = cat.frame("seed_top_models")
        frame = with_countries(cat, raw.assign(tokens=raw["tokens_t"] * 1e12, model_label=raw["model"], week_start=pd.NaT))
        rows_from = "seed_top_models"  # the dataset whose source the rows cite
    else:
        start = resolve_week(cat, period)
        every = model_weekly_all(cat)
        frame = every[(every["week_start"] == start) & (every["rank"] <= n)].assign(measure="weekly")
        rows_from = DAILY  # the dataset whose source the rows cite
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, rows_from)
    cols = ["measure", "week_start", "rank", "model", "model_label", "author_slug", "lab", "country_group", "country", "tokens", "source"]
    frame = frame.sort_values(["measure", "rank", "model"])
    return frame[cols].reset_index(drop=True)


def _named(cat: Catalog, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with a `model` permaslug, with its display name (the catalogue's, else from the slug) and
    whether the catalogue names it."""
    names = model_names(cat)
    return frame.assign(model_label=frame["model"].map(lambda m: names.get(m) or model_label(m)),
                        named=frame["model"].isin(set(names)))


@cached_view
def model_names(cat: Catalog) -> dict[str, str]:
    """Permaslug -> the models API's name without its "Lab: " prefix, plus "(free)" for a free variant.

    Only models the catalogue lists are here; the others are named by `model_label`."""
    daily = cat.frame(DAILY)
    named = daily.dropna(subset=["model_name"]).drop_duplicates("model_permaslug", keep="last")
    out = {}
    for slug, name in zip(named["model_permaslug"], named["model_name"]):
        name = str(name).split(": ", 1)[-1]
        if slug.endswith(":free") and "free" not in name.lower():
            name += " (free)"
        out[slug] = name
    return out


@cached_view
def models_index(cat: Catalog) -> pd.DataFrame:
    """One row per model that was ever in a day's top 50, most tokens in the latest full week first.

    Columns: model, model_label, named (the catalogue names it), model_id,
    author_slug, lab, country_group, country, first_seen, last_seen,
    days_ranked (days in the top 50), week_start (the latest full week),
    rank, tokens, share_pct (that week; empty when the model was not ranked),
    best_rank (its best weekly rank over full weeks).
    """
    daily = cat.frame(DAILY)
    daily = daily[daily["model_permaslug"] != "other"]
    seen = daily.groupby("model_permaslug").agg(
        first_seen=("date", "min"), last_seen=("date", "max"), days_ranked=("date", "nunique"),
        author_slug=("author_slug", "first"),
        model_id=("model_id", lambda s: s.dropna().iloc[-1] if s.notna().any() else None),
    ).reset_index().rename(columns={"model_permaslug": "model"})
    every = model_weekly_all(cat)
    full = every[~every["partial"].astype(bool)]
    best = full.groupby("model")["rank"].min().rename("best_rank")
    latest = resolve_week(cat, "latest")
    week = full[full["week_start"] == latest].set_index("model")[["rank", "tokens", "share_pct"]]
    frame = seen.join(best, on="model").join(week, on="model").assign(week_start=latest)
    frame = _named(cat, frame)
    frame = with_countries(cat, frame).astype({"rank": "Int64", "best_rank": "Int64"})
    frame = frame.sort_values(["tokens", "last_seen", "model"], ascending=[False, False, True], na_position="last")
    cols = ["model", "model_label", "named", "model_id", "author_slug", "lab", "country_group", "country", "first_seen",
            "last_seen", "days_ranked", "week_start", "rank", "tokens", "share_pct", "best_rank"]
    return frame[cols].reset_index(drop=True)


@tracked_view
def model_weekly(cat: Catalog, model: str, last: int | None = PAGE_WEEKS) -> View:
    """One model's tokens, share of all tokens and rank in each week it was ranked (the latest `last`).

    Columns: week_start, model, model_label, author_slug, lab, country_group,
    country, tokens, share_pct, rank, days, partial, source.
    """
    every = model_weekly_all(cat)
    frame = every[every["model"] == model]
    if frame.empty:
        raise unknown("model", model, sorted(set(every["model"])), argument="model")
    frame = frame.sort_values("week_start").assign(source=_single_source(cat, DAILY))
    cols = ["week_start", "model", "model_label", "author_slug", "lab", "country_group", "country", "tokens",
            "share_pct", "rank", "days", "partial", "source"]
    return _last_weeks(frame[cols], last).reset_index(drop=True)


@tracked_view
def model_prices(cat: Catalog, model: str) -> View:
    """A ranked model's list prices in each catalogue snapshot that lists its id (the one the daily rows name).

    Columns: as_of, id, name, input_usd_per_mtok, output_usd_per_mtok, context_length, source.
    """
    cols = ["as_of", "id", "name", "input_usd_per_mtok", "output_usd_per_mtok", "context_length", "source"]
    index = models_index(cat).set_index("model")
    if not cat.has(MODELS):  # daily rows imported without a catalogue snapshot: no prices to show
        return pd.DataFrame(columns=cols)
    model_id = index.loc[model, "model_id"] if model in index.index else None
    catalogue = cat.frame(MODELS)
    frame = catalogue[catalogue["id"] == model_id] if isinstance(model_id, str) else catalogue.iloc[0:0]
    return frame.sort_values("as_of")[cols].reset_index(drop=True)


def model_label(permaslug: str) -> str:
    """deepseek/deepseek-v4-flash-20260731 -> deepseek-v4-flash (2026-07-31); keeps :free."""
    name = permaslug.split("/", 1)[-1]
    suffix = ""
    if ":" in name:
        name, tag = name.split(":", 1)
        suffix = f" ({tag})"
    head, _, tail = name.rpartition("-")
    if head and len(tail) == 8 and tail.isdigit():
        name = f"{head} ({tail[:4]}-{tail[4:6]}-{tail[6:]})"
    return name + suffix
