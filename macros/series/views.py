"""The story's series, computed from the rows of the data.

A view is what charts, tables and figures draw from: a tidy frame plus where
it comes from (source ids and "as of"). Every usage series (weeks, countries,
labs, models) is computed from OpenRouter's daily rows (`openrouter_daily`),
from unrounded tokens; hand-curated tables remain only where no rows exist
(the article's April snapshot, list prices of April, benchmarks, a16z).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from macros.series import formatting as fmt
from macros.series import transforms as tf
from macros.core.cache import cached_view
from macros.data.catalog import Catalog
from macros.core.errors import MacroError, unknown

DAILY = "openrouter_daily"
CATALOGUE = "openrouter_models"
SEED_WEEK = pd.Timestamp("2026-04-20")
# The weeks a page's weekly chart or table shows: the latest half year. A page then weighs the
# same whether the data holds 90 days or years of them; every day stays in the downloads.
PAGE_WEEKS = 26


@dataclass(frozen=True)
class View:
    frame: pd.DataFrame
    datasets: tuple[str, ...]  # the datasets it is computed from


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
        return View(frame, view.datasets)
    weeks = weekly_totals(cat, ("country_group",))
    shares = tf.country_shares(weeks, "week_start", "tokens")
    meta = weeks[["week_start", "days", "partial"]].drop_duplicates()
    frame = shares.merge(meta, on="week_start")
    frame["total_tokens"] = frame.groupby("week_start")["tokens"].transform("sum")
    datasets = (DAILY, "labs")
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


# --- countries, one by one ---------------------------------------------------------------

# The lab table holds ISO 3166-1 alpha-2 codes (its sidecar says so). The codes that are also
# country groups (US, CN, UNKNOWN) are named by the sidecar's group labels; the others here.
# A code missing here is shown as the code itself (tests/test_countries.py asks for every code
# of data/labs.csv to have a name).
COUNTRY_NAMES = {
    "AE": "United Arab Emirates", "CA": "Canada", "CH": "Switzerland", "DE": "Germany", "ES": "Spain",
    "FI": "Finland", "FR": "France", "GB": "United Kingdom", "IL": "Israel", "IN": "India", "IT": "Italy",
    "JP": "Japan", "KR": "South Korea", "NL": "Netherlands", "SE": "Sweden", "SG": "Singapore",
}


def country_name(cat: Catalog, code: str) -> str:
    """'FR' -> 'France'; 'US' -> the sidecar's label of the US group ('United States')."""
    groups = cat.meta("labs").column("country_group").enum or {}
    return groups.get(code) or COUNTRY_NAMES.get(code) or str(code)


@cached_view
def country_detail_weekly(cat: Catalog) -> pd.DataFrame:
    """Tokens and share of every country of the labs (labs.csv's `country`), week by week.

    Columns: week_start, country_code, country_name, country_group, country
    (the group's label), tokens, total_tokens, share_pct, days, partial. Only
    countries with tokens in a week have a row; rows missing from the lab
    table count as Unknown (never dropped).
    """
    weeks_ = weekly_totals(cat, ("country", "country_group")).rename(columns={"country": "country_code"})
    frame = tf.shares(weeks_, "tokens", ["week_start"])
    frame = frame[frame["tokens"] > 0]
    frame = frame.assign(
        total_tokens=frame.groupby("week_start")["tokens"].transform("sum"),
        country_name=frame["country_code"].map(lambda c: country_name(cat, c)),
    )
    return _with_country_labels(cat, frame)


@cached_view
def countries(cat: Catalog, week="latest") -> View:
    """Every country with tokens in one week: its name, its group, tokens and share.

    Columns: week_start, country_code, country_name, country_group, country,
    tokens, total_tokens, share_pct, days, partial, source. Most tokens first;
    Unknown (the "other" row and stealth models) last.
    """
    start = resolve_week(cat, week)
    if start == SEED_WEEK:
        raise MacroError("countries one by one come from the daily rows; the seed week has none.", argument="week",
                         got=week, choices=["latest", "first", *[d.strftime("%Y-%m-%d") for d in weeks(cat)["week_start"]]])
    every = country_detail_weekly(cat)
    frame = every[every["week_start"] == start]
    frame = frame.assign(_unknown=frame["country_group"] == "UNKNOWN", source=_single_source(cat, DAILY))
    frame = frame.sort_values(["_unknown", "tokens", "country_code"], ascending=[True, False, True])
    cols = ["week_start", "country_code", "country_name", "country_group", "country", "tokens", "total_tokens",
            "share_pct", "days", "partial", "source"]
    return View(frame[cols].reset_index(drop=True), (DAILY, "labs"))


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
    else:
        every_lab = lab_weekly_shares(cat)
        frame = every_lab[every_lab["week_start"] == start].rename(columns={"week_start": "period_start"})
        datasets = (DAILY, "labs")
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
    datasets = (DAILY, "labs")
    frame = frame.sort_values("week_start")
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, datasets[0])
    cols = ["week_start", "author_slug", "lab", "country", "country_group", "tokens", "share_pct", "days", "partial", "source"]
    return View(_last_weeks(frame[cols], last).reset_index(drop=True), datasets)


@cached_view
def lab_models(cat: Catalog, lab: str) -> View:
    """A lab's models that were ever in a day's top 50, most tokens in the latest full week first.

    Columns: model, model_label, named, first_seen, last_seen, days_ranked,
    week_start, rank, tokens, share_pct, best_rank (see `models_index`).
    """
    frame = models_index(cat)
    frame = frame[frame["author_slug"] == lab]
    return View(frame.reset_index(drop=True), (DAILY, "labs"))


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
        frame = with_countries(cat, raw.assign(tokens=raw["tokens_t"] * 1e12, model_label=raw["model"], week_start=pd.NaT))
        datasets = ("seed_top_models", "labs")
    else:
        start = resolve_week(cat, period)
        every = model_weekly_all(cat)
        frame = every[(every["week_start"] == start) & (every["rank"] <= n)].assign(measure="weekly")
        datasets = (DAILY, "labs")
    if "source" not in frame.columns:
        frame["source"] = _single_source(cat, datasets[0])
    cols = ["measure", "week_start", "rank", "model", "model_label", "author_slug", "lab", "country_group", "country", "tokens", "source"]
    frame = frame.sort_values(["measure", "rank", "model"])
    return View(frame[cols].reset_index(drop=True), datasets)


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


@cached_view
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
    return View(_last_weeks(frame[cols], last).reset_index(drop=True), (DAILY, "labs"))


@cached_view
def model_prices(cat: Catalog, model: str) -> View:
    """A ranked model's list prices in each catalogue snapshot that lists its id (the one the daily rows name).

    Columns: as_of, id, name, input_usd_per_mtok, output_usd_per_mtok, context_length, source.
    """
    cols = ["as_of", "id", "name", "input_usd_per_mtok", "output_usd_per_mtok", "context_length", "source"]
    if not cat.has(CATALOGUE):  # daily rows imported without a catalogue snapshot: no prices to show
        return View(pd.DataFrame(columns=cols), (DAILY,))
    index = models_index(cat).set_index("model")
    model_id = index.loc[model, "model_id"] if model in index.index else None
    catalogue = cat.frame(CATALOGUE)
    frame = catalogue[catalogue["id"] == model_id] if isinstance(model_id, str) else catalogue.iloc[0:0]
    return View(frame.sort_values("as_of")[cols].reset_index(drop=True), (CATALOGUE,))


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
