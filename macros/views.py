"""The story's series, each from the best data the catalog holds.

A view is what charts, tables and figures draw from: a tidy frame plus where
it comes from (source ids and "as of"). When imported daily rows are present
(`openrouter_daily`), weekly series are computed from them; otherwise they come
from the hand-curated figures of FACTS.md. Callers never need to know which.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import formatting as fmt
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


def with_countries(cat: Catalog, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that name an author, with the lab's name, country group and country label added."""
    return _with_country_labels(cat, tf.with_labs(frame, labs(cat)))


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
        raw = _every_group(cat.frame("country_share_weekly"))
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


def _every_group(raw: pd.DataFrame) -> pd.DataFrame:
    """Hand-curated weekly shares with a 0 % row for a group a week does not list
    (its shares still sum to 100), as the daily path does: lines never skip a week."""
    weeks_ = raw.drop_duplicates("week_start").set_index("week_start")
    full = pd.MultiIndex.from_product([weeks_.index, list(tf.COUNTRY_GROUPS)], names=["week_start", "country_group"])
    missing = full.difference(pd.MultiIndex.from_frame(raw[["week_start", "country_group"]]))
    if missing.empty:
        return raw
    extra = missing.to_frame(index=False)
    extra = extra.join(weeks_.drop(columns=["country_group"]), on="week_start").assign(share_pct=0.0)
    return pd.concat([raw, extra[raw.columns]], ignore_index=True)


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


def _need_daily(cat: Catalog, what: str) -> None:
    if not cat.has(DAILY):
        raise MacroError(f"{what} need the imported daily rows ({DAILY}), which this data does not have; use week= instead.", argument="month")


def months(cat: Catalog) -> pd.DataFrame:
    """One row per calendar month of the daily rows: month (YYYY-MM), days, complete, total_tokens."""
    _need_daily(cat, "monthly figures")
    daily = cat.frame(DAILY)
    month = daily["date"].dt.strftime("%Y-%m")
    table = daily.assign(month=month).groupby("month", sort=True).agg(days=("date", "nunique"), total_tokens=("tokens", "sum"))
    table["complete"] = table["days"] == pd.to_datetime(table.index + "-01").days_in_month
    return table.reset_index()


def country_monthly(cat: Catalog) -> pd.DataFrame:
    """Tokens and share by country group for each calendar month of the daily rows."""
    _need_daily(cat, "monthly figures")
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


@cached_view
def lab_weekly_shares(cat: Catalog) -> pd.DataFrame:
    """Every lab's share of the imported daily rows' tokens, week by week, with its name and
    country: computed once, not once per lab page."""
    return with_countries(cat, tf.shares(weekly_totals(cat, ("author_slug",)), "tokens", ["week_start"]))


@cached_view
def lab_weekly(cat: Catalog, lab: str, last: int | None = PAGE_WEEKS) -> View:
    """One lab's share of tokens in each week the data breaks down by lab (the latest `last`).

    Columns: week_start, author_slug, lab, country, tokens, share_pct, days,
    partial. With curated data that is the seed week (week to date, so
    partial) and the first and last full weeks.
    """
    known = set(labs(cat)["author_slug"])
    if lab not in known:
        raise MacroError(f"unknown lab {lab!r}.", argument="lab", got=lab, choices=sorted(known))
    if cat.has(DAILY):
        every_lab = lab_weekly_shares(cat)
        frame = every_lab[every_lab["author_slug"] == lab]
        datasets = (DAILY, "labs")
    else:
        seed = cat.frame("seed_author_share")
        seed = seed[seed["author_slug"] == lab].rename(columns={"period_start": "week_start"})
        seed = seed.assign(days=(seed["period_end"] - seed["week_start"]).dt.days + 1, partial=True)
        weekly = cat.frame("author_tokens_weekly")
        totals = weekly.groupby("week_start")["tokens_b"].transform("sum")
        weekly = weekly.assign(tokens=weekly["tokens_b"] * 1e9, share_pct=weekly["tokens_b"] / totals * 100, partial=weekly["days"] < 7)
        weekly = weekly[weekly["author_slug"] == lab]
        cols = ["week_start", "author_slug", "tokens", "share_pct", "days", "partial", "source"]
        frame = with_countries(cat, pd.concat([seed[cols], weekly[cols]], ignore_index=True))
        datasets = ("seed_author_share", "author_tokens_weekly", "labs")
    frame = frame.sort_values("week_start")
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, datasets[0])
    cols = ["week_start", "author_slug", "lab", "country", "country_group", "tokens", "share_pct", "days", "partial", "source"]
    return View(_last_weeks(frame[cols], last).reset_index(drop=True), datasets)


@cached_view
def lab_models(cat: Catalog, lab: str) -> View:
    """A lab's models with their tokens: the latest full week's ranking and the article's April list."""
    frames = []
    latest = top_models(cat, "latest", n=50 if cat.has(DAILY) else 10).frame
    frames.append(latest[latest["author_slug"] == lab].assign(period="week of " + resolve_week(cat, "latest").strftime("%-d %b %Y")))
    seed = top_models(cat, "seed").frame
    seed = seed[(seed["author_slug"] == lab) & (seed["measure"] == "article")]
    frames.append(seed.assign(period="April 2026, as the seed article gives it"))
    frame = pd.concat(frames, ignore_index=True)
    return View(frame.reset_index(drop=True), ("top_models_weekly", "seed_top_models", "labs"))


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

    Columns: measure, week_start (empty for 'seed'), rank, model, model_label,
    author_slug, lab, country_group, country, tokens, source. 'seed' gives the article's April list and the
    cross-check; a week gives that week's top n (the `other` row excluded from
    the ranking, as it is not a model).
    """
    if period == "seed":
        raw = cat.frame("seed_top_models")
        frame = raw.assign(tokens=raw["tokens_t"] * 1e12, model_label=raw["model"], week_start=pd.NaT)
        datasets = ("seed_top_models", "labs")
    else:
        start = resolve_week(cat, period)
        if cat.has(DAILY):
            wk = weekly_totals(cat, ("model_permaslug", "author_slug"))
            wk = wk[(wk["week_start"] == start) & (wk["model_permaslug"] != "other")]
            frame = tf.top(wk, "tokens", n).rename(columns={"model_permaslug": "model"})
            names = _catalogue_names(cat.frame(DAILY))
            frame = frame.assign(model_label=[names.get(m) or model_label(m) for m in frame["model"]])
            datasets = (DAILY, "labs")
        else:
            raw = cat.frame("top_models_weekly")
            raw = raw[(raw["week_start"] == start) & raw["rank"].notna()]
            if raw.empty:
                raise MacroError(f"no model ranking for the week of {start.date()}.", argument="period", got=str(start.date()), choices=["seed", "latest"])
            frame = raw.rename(columns={"model_permaslug": "model"}).assign(tokens=raw["tokens_t"] * 1e12)
            frame = frame[frame["rank"] <= n]
            frame = frame.assign(model_label=frame["model"].map(model_label))
            datasets = ("top_models_weekly", "labs")
        frame = frame.assign(measure="weekly", week_start=start)
    frame = with_countries(cat, frame)
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, datasets[0])
    cols = ["measure", "week_start", "rank", "model", "model_label", "author_slug", "lab", "country_group", "country", "tokens", "source"]
    frame = frame.sort_values(["measure", "rank", "model"])
    return View(frame[cols].reset_index(drop=True), datasets)


def _catalogue_names(daily: pd.DataFrame) -> dict[str, str]:
    """Permaslug -> the models API's name without its "Lab: " prefix, plus "(free)" for a free variant."""
    if "model_name" not in daily.columns:
        return {}
    named = daily.dropna(subset=["model_name"]).drop_duplicates("model_permaslug", keep="last")
    out = {}
    for slug, name in zip(named["model_permaslug"], named["model_name"]):
        name = str(name).split(": ", 1)[-1]
        if slug.endswith(":free") and "free" not in name.lower():
            name += " (free)"
        out[slug] = name
    return out


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
    frame = with_countries(cat, cat.frame("model_prices"))
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
    frame = with_countries(cat, raw[raw["benchmark"] == benchmark])
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
    """The study's figures; shares (unit percent) are in share_pct, like every share of the site."""
    frame = cat.frame("a16z_state_of_ai")
    share = frame["value"].where(frame["unit"] == "percent")
    # The source's own hedges stay with the number: "nearly 30.0 %".
    words = [f"{q} ({fmt.percent(v)})" if isinstance(q, str) and q.startswith("about") else
             (f"{q} {fmt.percent(v)}" if isinstance(q, str) else fmt.percent(v)) if pd.notna(v) else ""
             for q, v in zip(frame["qualifier"], share)]
    return View(frame.assign(share_pct=share, share_pct__text=words), ("a16z_state_of_ai",))


@cached_view
def claims(cat: Catalog) -> View:
    return View(cat.frame("article_claims"), ("article_claims",))


def as_of(cat: Catalog, datasets) -> str:
    """The latest "as of" among the datasets a view draws on (ignoring the lab table)."""
    values = [cat.meta(d).as_of for d in datasets if d != "labs"] or [cat.meta(d).as_of for d in datasets]
    return max(values)
