"""The story's series, each from the best data the catalog holds.

A view is what charts, tables and figures draw from: a tidy frame plus where
it comes from (source ids and "as of"). When imported daily rows are present
(`openrouter_daily`), weekly series are computed from them; otherwise they come
from the hand-curated figures of FACTS.md. Callers never need to know which.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import transforms as tf
from .cache import cached_view
from .datasets import Catalog
from .errors import MacroError

DAILY = "openrouter_daily"
SEED_WEEK = pd.Timestamp("2026-04-20")
# The weeks a page's weekly chart or table shows: the latest quarter. A page then weighs the
# same whether the data holds 90 days or years of them; every day stays in the downloads.
PAGE_WEEKS = 13


@dataclass(frozen=True)
class View:
    frame: pd.DataFrame
    datasets: tuple[str, ...]  # the datasets it is computed from
    note: str = ""
    extra: dict = field(default_factory=dict, compare=False)


def _single_source(cat: Catalog, dataset: str) -> str:
    """The source of a dataset that cites exactly one (computed views carry it on)."""
    sources = cat.meta(dataset).sources
    return sources[0]


def labs(cat: Catalog) -> pd.DataFrame:
    return cat.frame("labs")


def country_label(cat: Catalog, group: str) -> str:
    return cat.meta("labs").column("country_group").label(group)


def _with_country_labels(cat: Catalog, frame: pd.DataFrame) -> pd.DataFrame:
    labels = cat.meta("labs").column("country_group").enum
    return frame.assign(country=frame["country_group"].map(labels).fillna(frame["country_group"]))


# --- weekly series ------------------------------------------------------------------------


@cached_view
def weekly_totals(cat: Catalog, keys: tuple[str, ...]) -> pd.DataFrame:
    """Tokens of the imported daily rows summed by week and `keys` (see `transforms.weekly`).

    Reads only the columns it needs; a key from the lab table (country_group)
    joins it first. Computed once per content of the data, whatever asks.
    """
    daily = cat.frame(DAILY)
    own = [k for k in keys if k in daily.columns]
    frame = daily[list(dict.fromkeys(["date", "author_slug", *own, "tokens"]))]
    if any(k not in daily.columns for k in keys):
        frame = tf.with_labs(frame, labs(cat))
    return tf.weekly(frame, list(keys))


def _last_weeks(frame: pd.DataFrame, last, column: str = "week_start") -> pd.DataFrame:
    """The rows of the latest `last` weeks (all of them when `last` is None)."""
    if last is None:
        return frame
    if not isinstance(last, int) or isinstance(last, bool) or last < 1:
        raise MacroError(f"last must be a whole number of weeks ≥ 1 (or none for every week), got {last!r}.", argument="last")
    keep = frame[column].drop_duplicates().sort_values().iloc[-last:]
    return frame[frame[column].isin(keep)]


@cached_view
def country_weekly(cat: Catalog, last: int | None = None) -> View:
    """Share of tokens by country group, week by week (the latest `last` weeks, or all).

    Columns: week_start, days, partial, country_group, country, tokens,
    total_tokens, share_pct.
    """
    if last is not None:
        view = country_weekly(cat)
        frame = _last_weeks(view.frame, last).reset_index(drop=True)
        return View(frame, view.datasets, view.note)
    if cat.has(DAILY):
        weeks = weekly_totals(cat, ("country_group",))
        shares = tf.country_shares(weeks, "week_start", "tokens")
        meta = weeks[["week_start", "days", "partial"]].drop_duplicates()
        frame = shares.merge(meta, on="week_start")
        frame["total_tokens"] = frame.groupby("week_start")["tokens"].transform("sum")
        datasets = (DAILY, "labs")
    else:
        raw = cat.frame("country_share_weekly")
        frame = raw.assign(
            partial=raw["days"] < 7,
            total_tokens=raw["total_tokens_t"] * 1e12,
            tokens=float("nan"),
        )
        datasets = ("country_share_weekly",)
    frame = _with_country_labels(cat, frame)
    order = {g: i for i, g in enumerate(tf.COUNTRY_GROUPS)}
    frame = frame.sort_values(["week_start", "country_group"], key=lambda s: s.map(order) if s.name == "country_group" else s)
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, datasets[0])
    cols = ["week_start", "days", "partial", "country_group", "country", "tokens", "total_tokens", "share_pct", "source"]
    return View(frame[cols].reset_index(drop=True), datasets)


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


# --- labs ---------------------------------------------------------------------------------


@cached_view
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
        datasets = ("seed_author_share", "labs")
    elif cat.has(DAILY):
        wk = weekly_totals(cat, ("author_slug",))
        wk = wk[wk["week_start"] == start]
        frame = tf.with_labs(tf.shares(wk, "tokens", ["week_start"]), labs(cat)).rename(columns={"week_start": "period_start"})
        datasets = (DAILY, "labs")
    else:
        raw = cat.frame("author_tokens_weekly")
        raw = raw[raw["week_start"] == start]
        if raw.empty:
            have = sorted({d.strftime("%Y-%m-%d") for d in cat.frame("author_tokens_weekly")["week_start"]})
            raise MacroError(
                f"no lab breakdown for the week of {start.date()}.", argument="week", got=str(start.date()),
                choices=["seed", "latest", "first", *have],
            )
        frame = raw.assign(tokens=raw["tokens_b"] * 1e9, partial=raw["days"] < 7)
        frame = tf.with_labs(tf.shares(frame, "tokens", ["week_start"]), labs(cat)).rename(columns={"week_start": "period_start"})
        datasets = ("author_tokens_weekly", "labs")
    frame = _with_country_labels(cat, frame)
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, datasets[0])
    cols = ["period_start", "author_slug", "lab", "country_group", "country", "tokens", "share_pct", "partial", "source"]
    frame = frame.sort_values(["share_pct", "author_slug"], ascending=[False, True])
    return View(frame[cols].reset_index(drop=True), datasets)


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


# --- models -------------------------------------------------------------------------------


@cached_view
def top_models(cat: Catalog, period="latest", n: int = 10) -> View:
    """The most-used models of a period.

    Columns: rank, model, model_label, author_slug, lab, country_group,
    country, tokens, measure. 'seed' gives the article's April list and the
    cross-check; a week gives that week's top n (the `other` row excluded from
    the ranking, as it is not a model).
    """
    if period == "seed":
        raw = cat.frame("seed_top_models")
        frame = raw.assign(tokens=raw["tokens_t"] * 1e12, model_label=raw["model"])
        datasets = ("seed_top_models", "labs")
    else:
        start = resolve_week(cat, period)
        if cat.has(DAILY):
            wk = weekly_totals(cat, ("model_permaslug", "author_slug"))
            wk = wk[(wk["week_start"] == start) & (wk["model_permaslug"] != "other")]
            frame = tf.top(wk, "tokens", n).rename(columns={"model_permaslug": "model"})
            datasets = (DAILY, "labs")
        else:
            raw = cat.frame("top_models_weekly")
            raw = raw[(raw["week_start"] == start) & raw["rank"].notna()]
            if raw.empty:
                raise MacroError(f"no model ranking for the week of {start.date()}.", argument="period", got=str(start.date()), choices=["seed", "latest"])
            frame = raw.rename(columns={"model_permaslug": "model"}).assign(tokens=raw["tokens_t"] * 1e12)
            frame = frame[frame["rank"] <= n]
            datasets = ("top_models_weekly", "labs")
        frame = frame.assign(measure="weekly", model_label=frame["model"].map(model_label))
    frame = _with_country_labels(cat, tf.with_labs(frame, labs(cat)))
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, datasets[0])
    cols = ["measure", "rank", "model", "model_label", "author_slug", "lab", "country_group", "country", "tokens", "source"]
    frame = frame.sort_values(["measure", "rank", "model"])
    return View(frame[cols].reset_index(drop=True), datasets)


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


# --- prices, benchmarks, the longer view --------------------------------------------------


@cached_view
def prices(cat: Catalog) -> View:
    frame = _with_country_labels(cat, tf.with_labs(cat.frame("model_prices"), labs(cat)))
    frame = frame.sort_values(["output_usd_per_mtok", "model"], ascending=[False, True])
    return View(frame.reset_index(drop=True), ("model_prices", "labs"))


def price_ratio(cat: Catalog, column: str = "output_usd_per_mtok", stat: str = "median") -> float:
    """US median list price over China's median (how many times dearer)."""
    frame = prices(cat).frame
    by = frame.groupby("country_group")[column].agg(stat)
    return float(by["US"] / by["CN"])


@cached_view
def benchmarks(cat: Catalog, benchmark: str = "aa_intelligence_index") -> View:
    raw = cat.frame("benchmark_scores")
    choices = cat.meta("benchmark_scores").column("benchmark").enum
    if benchmark not in choices:
        raise MacroError(f"unknown benchmark {benchmark!r}.", argument="benchmark", got=benchmark, choices=choices)
    frame = _with_country_labels(cat, tf.with_labs(raw[raw["benchmark"] == benchmark], labs(cat)))
    frame = frame.sort_values(["snapshot_date", "score", "model"], ascending=[True, False, True])
    return View(frame.reset_index(drop=True), ("benchmark_scores", "labs"))


@cached_view
def benchmark_gap(cat: Catalog, benchmark: str = "aa_intelligence_index") -> View:
    """Best US and best Chinese model per snapshot, and the gap in points.

    Columns: snapshot_date, country_group, country, model, score, gap.
    """
    frame = benchmarks(cat, benchmark).frame
    frame = frame[frame["country_group"].isin(["US", "CN"])]
    best = frame.sort_values(["score", "model"], ascending=[False, True]).groupby(
        ["snapshot_date", "country_group"], as_index=False
    ).head(1)
    pivot = best.pivot(index="snapshot_date", columns="country_group", values="score")
    gaps = (pivot["US"] - pivot["CN"]).rename("gap")
    best = best.merge(gaps, left_on="snapshot_date", right_index=True)
    order = {"US": 0, "CN": 1}
    best = best.sort_values(["snapshot_date", "country_group"], key=lambda s: s.map(order) if s.name == "country_group" else s)
    cols = ["snapshot_date", "country_group", "country", "model", "author_slug", "score", "gap", "source"]
    return View(best[cols].reset_index(drop=True), ("benchmark_scores", "labs"))


@cached_view
def a16z(cat: Catalog) -> View:
    return View(cat.frame("a16z_state_of_ai"), ("a16z_state_of_ai",))


@cached_view
def claims(cat: Catalog) -> View:
    return View(cat.frame("article_claims"), ("article_claims",))


def as_of(cat: Catalog, datasets) -> str:
    """The latest "as of" among the datasets a view draws on (ignoring the lab table)."""
    values = [cat.meta(d).as_of for d in datasets if d != "labs"] or [cat.meta(d).as_of for d in datasets]
    return max(values)
