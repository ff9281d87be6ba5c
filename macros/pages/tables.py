"""Named tables editors put on pages with `table(name, ...)`.

Each is a view's rows with the columns a reader needs, in a sensible order;
`claims` sets each of the seed article's numbers beside what the data says.
"""

from __future__ import annotations

import inspect
from typing import Callable

import pandas as pd

from macros.core import cache
from macros.pages import numbers
from macros.series import rounding
from macros.series import views
from macros.series import formatting as fmt
from macros.data.catalog import Catalog
from macros.core.errors import MacroError, unknown
from macros.series.fields import Field
from macros.publish.htmltable import html_table, wide

TABLES: dict[str, Callable[..., str]] = {}


def named(fn: Callable) -> Callable:
    TABLES[fn.__name__.removeprefix("table_")] = fn
    return fn


def _top(frame: pd.DataFrame, top) -> pd.DataFrame:
    if top is None:
        return frame
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise MacroError(f"top must be a whole number ≥ 1, got {top!r}.", argument="top")
    return frame.head(top)


@named
def table_country_share_weekly(cat: Catalog, last: int | None = views.PAGE_WEEKS) -> str:
    """One row per week (the latest `last`, or all): each country group's share, the week's tokens and days of data."""
    frame = views.country_weekly(cat, last=last).frame
    table, fields = wide(frame, "week_start", "country", "share_pct")
    meta = frame.drop_duplicates("week_start")[["week_start", "total_tokens", "days", "partial"]]
    table = table.merge(meta, on="week_start")
    table["status"] = ["partial week" if p else "full week" for p in table.pop("partial")]
    fields["status"] = Field("status", "Week", "nominal")
    return html_table(table, list(table.columns), fields=fields) + rounding.note_html(_weekly_sum_note(frame))


def _weekly_sum_note(frame: pd.DataFrame) -> str:
    """A note when, in some weeks, the rounded shares of the country groups do not add up to 100 %."""
    sums = {week: rounding.shown_sum(group["share_pct"]) for week, group in frame.groupby("week_start")}
    off = {week: total for week, total in sums.items() if total != rounding.shown(100.0)}
    if not off:
        return ""
    totals = " or ".join(fmt.percent(float(t)) for t in sorted(set(off.values())))
    weeks = "one week" if len(off) == 1 else f"{len(off)} of the {len(sums)} weeks"
    return f"{rounding.NOTE}: in {weeks} the rounded shares add up to {totals}, not 100{fmt.NBSP}%."


def _lab_links(linker) -> dict:
    """Links from lab names to lab pages and model names to model pages."""
    return linker.cells() if linker else {}


@named
def table_lab_shares(cat: Catalog, week="latest", top: int | None = None, linker=None) -> str:
    """Labs of one week by share: lab, country, tokens, share; a note when the rounded shares miss 100 %.

    The note is given only for the whole week (no top=), when the rounded shares do not add up to 100 %.
    """
    every = views.lab_shares(cat, week).frame
    frame = _top(every, top)
    note = rounding.sum_note(frame["share_pct"], 100.0) if len(frame) == len(every) else ""
    return html_table(frame, ["lab", "country", "tokens", "share_pct"], links=_lab_links(linker)) + rounding.note_html(note)


@named
def table_countries(cat: Catalog, week="latest") -> str:
    """Every country of the labs with tokens in one week, Unknown last: its group, tokens and share.

    Countries are labs.csv's `country` codes, named (United States, China, France, ...). A note
    follows when the rounded shares do not add up to 100 % or to their group's share.
    """
    frame = views.countries(cat, week).frame
    fields = {
        "country_name": Field("country_name", "Country", "nominal"),
        "country": Field("country", "Counted as", "nominal"),
        "tokens": Field("tokens", f"Tokens, {numbers._week_text(cat, week)}", "quantitative", "tokens"),
    }
    table = html_table(frame, ["country_name", "country", "tokens", "share_pct"], fields=fields)
    return table + rounding.note_html(_countries_note(cat, frame))


def _countries_note(cat: Catalog, frame: pd.DataFrame) -> str:
    """Whether the countries' rounded shares add up to 100 % and, group by group, to the group's share as
    the country charts and tables show it ("Other countries" is France, Canada, ... together)."""
    notes = []
    total = rounding.shown_sum(frame["share_pct"])
    if total != rounding.shown(100.0):
        notes.append(f"these add up to {fmt.percent(float(total))}, not 100{fmt.NBSP}%")
    for (group, label), rows in frame.groupby(["country_group", "country"], sort=False):
        if len(rows) > 1 and not rounding.adds_up(rows["share_pct"], rows["share_pct"].sum()):
            parts = rounding.shown_sum(rows["share_pct"])
            whole = fmt.percent(float(rows["share_pct"].sum()))
            notes.append(f"the countries counted as {label} add up to {fmt.percent(float(parts))}, the group's share is {whole}")
    return f"{rounding.NOTE}: " + "; ".join(notes) + "." if notes else ""


@named
def table_labs_index(cat: Catalog, linker=None) -> str:
    """Every lab with a page of its own: name, country, and its share in the latest full week."""
    slugs = linker.slugs if linker else {}
    frame = views.with_countries(cat, pd.DataFrame({"author_slug": sorted(slugs)}))
    latest = views.lab_shares(cat, "latest").frame[["author_slug", "share_pct"]]
    frame = frame.merge(latest, on="author_slug", how="left").sort_values(["share_pct", "lab"], ascending=[False, True], na_position="last")
    fields = {"share_pct": Field("share_pct", f"Share, week of {views.resolve_week(cat, 'latest').strftime('%-d %b %Y')}", "quantitative", "percent")}
    return html_table(frame, ["lab", "country", "share_pct"], fields=fields, links=_lab_links(linker))


@named
def table_top_models(cat: Catalog, period="latest", n: int = 10, linker=None) -> str:
    """The most-used models of a period; for 'seed', the article's figures beside the cross-check."""
    frame = views.top_models(cat, period, n=n).frame
    if period == "seed":
        article = frame[frame["measure"] == "article"].set_index("model")
        check = frame[frame["measure"] == "weekly-top10-crosscheck"].set_index("model")["tokens"].rename("crosscheck")
        table = article.join(check).reset_index()
        fields = {
            "tokens": Field("tokens", "Article's monthly tokens", "quantitative", "tokens"),
            "crosscheck": Field("crosscheck", "Weekly top-10 sum", "quantitative", "tokens"),
        }
        return html_table(table, ["rank", "model_label", "lab", "country", "tokens", "crosscheck"], fields=fields, links=_lab_links(linker))
    return html_table(frame, ["rank", "model_label", "lab", "country", "tokens"], links=_lab_links(linker))


def models_index_fields(cat: Catalog) -> dict[str, Field]:
    """The headers of a table of `views.models_index` rows (the models page's, a lab page's)."""
    week = views.resolve_week(cat, "latest").strftime("%-d %b %Y")
    return {
        "rank": Field("rank", f"Rank, week of {week}", "ordinal", decimals=0),
        "tokens": Field("tokens", f"Tokens, week of {week}", "quantitative", "tokens"),
        "best_rank": Field("best_rank", "Best weekly rank", "ordinal", decimals=0),
        "first_seen": Field("first_seen", "First day in the top 50", "temporal"),
        "last_seen": Field("last_seen", "Last day in the top 50", "temporal"),
    }


MODEL_SETS = ("ranked", "no_lab_page", "all")


@named
def table_models_index(cat: Catalog, which: str = "ranked", linker=None) -> str:
    """Models of the daily top 50 with their lab, country, latest full week's rank and tokens, and days seen:
    which="ranked" those ranked in the latest full week (at most 50 rows, whatever the length of the data),
    "no_lab_page" those whose lab has no page (stealth, unknown authors), "all" every one."""
    if which not in MODEL_SETS:
        raise unknown("set of models", which, MODEL_SETS, argument="which")
    frame = views.models_index(cat)
    if which == "ranked":
        frame = frame[frame["rank"].notna()]
    elif which == "no_lab_page":
        frame = frame[~frame["author_slug"].isin(set(linker.slugs if linker else ()))]
    if frame.empty:
        return "<p>No model.</p>"
    return html_table(frame, ["model_label", "lab", "country", "rank", "tokens", "best_rank", "first_seen", "last_seen"],
                      fields=models_index_fields(cat), links=_lab_links(linker))


@named
def table_prices(cat: Catalog, linker=None) -> str:
    """List prices by model, dearest output first."""
    return html_table(views.prices(cat).frame, ["model", "lab", "country", "input_usd_per_mtok", "output_usd_per_mtok"], links=_lab_links(linker))


@named
def table_benchmarks(cat: Catalog, benchmark: str = "aa_intelligence_index", linker=None) -> str:
    """Every quoted score of one benchmark."""
    frame = views.benchmarks(cat, benchmark).frame
    return html_table(frame, ["snapshot_date", "model", "lab", "country", "score"], links=_lab_links(linker))


@named
def table_benchmark_gap(cat: Catalog, benchmark: str = "aa_intelligence_index", linker=None) -> str:
    """The best US and best Chinese model of each snapshot, and the gap."""
    frame = views.benchmark_gap(cat, benchmark).frame
    frame = frame.merge(views.labs(cat)[["author_slug", "lab"]], on="author_slug", how="left")
    return html_table(frame, ["snapshot_date", "country", "model", "lab", "score", "gap"], links=_lab_links(linker))


@named
def table_labs(cat: Catalog, linker=None) -> str:
    """The lab-to-country table, as the methodology page shows it."""
    frame = views.labs(cat)
    labels = cat.meta("labs").column("country_group").enum
    frame = frame.assign(group=frame["country_group"].map(labels)).sort_values(["country_group", "author_slug"])
    fields = {c.name: Field(c.name, c.title, "nominal") for c in cat.meta("labs").columns}
    fields["group"] = Field("group", "Counted as", "nominal")
    return html_table(frame, ["author_slug", "lab", "country", "group", "basis", "notes"], fields=fields, links=_lab_links(linker))


@named
def table_a16z(cat: Catalog) -> str:
    frame = views.a16z(cat).frame.copy()
    frame["shown"] = [_plain_a16z(r) for r in frame.itertuples()]
    fields = {
        "label": Field("label", "What", "nominal"),
        "shown": Field("shown", "Figure", "nominal"),
        "qualifier": Field("qualifier", "Source's wording", "nominal"),
        "period": Field("period", "Period", "nominal"),
    }
    return html_table(frame, ["label", "shown", "qualifier", "period"], fields=fields)


def _plain_a16z(row) -> str:
    return fmt.percent(row.value) if row.unit == "percent" else f"{fmt.number(row.value)} {row.unit}"


@named
def table_claims(cat: Catalog) -> str:
    """The seed article's numbers beside what the data says, and where that comes from."""
    cn_six = ["minimax", "deepseek", "moonshotai", "z-ai", "qwen", "xiaomi"]
    us_three = ["anthropic", "google", "openai"]
    rows = [
        ("The US big three (Anthropic, Google, OpenAI) hold", numbers.figure(cat, "claim", id="us_big_three_share"),
         numbers.figure(cat, "share", labs=us_three, week="seed"), "seed_author_share",
         "Sum of the three shares on OpenRouter's rankings page, week to date, 24 April 2026."),
        ("Six Chinese labs (MiniMax, DeepSeek, Moonshot, Z.ai, Qwen, Xiaomi) hold", numbers.figure(cat, "claim", id="cn_six_labs_share"),
         numbers.figure(cat, "share", labs=cn_six, week="seed"), "seed_author_share",
         "Sum of the six shares on the same page; the article's total is 0.1 point higher than its parts."),
        ("The most-used model of April 2026 is MiMo-V2-Pro, with", numbers.figure(cat, "tokens", model="MiMo-V2-Pro", period="seed"),
         _crosscheck(cat, "MiMo-V2-Pro"), "seed_top_models",
         "OpenRouter's weekly top-10 tables for the same four weeks, summed: the same order of magnitude, first place confirmed."),
        ("Chinese models among the top 10", numbers.figure(cat, "claim", id="cn_models_in_top10"),
         f"{numbers.figure(cat, 'count', country='CN', period='latest', n=10)} (week of {numbers.figure(cat, 'week', week='latest')})",
         views.DAILY,
         "The article names only its top five (four Chinese); the data here ranks a later week."),
    ]
    frame = pd.DataFrame(rows, columns=["claim", "article", "data", "dataset", "how"])
    frame["source"] = [cat.sources[cat.meta(d).sources[0]].title if d in cat.metas else d for d in frame["dataset"]]
    fields = {
        "claim": Field("claim", "The article says", "nominal"),
        "article": Field("article", "Article", "nominal"),
        "data": Field("data", "Data", "nominal"),
        "how": Field("how", "How the data figure is computed", "nominal"),
        "source": Field("source", "Source", "nominal"),
    }
    return html_table(frame, ["claim", "article", "data", "how", "source"], fields=fields)


def _crosscheck(cat: Catalog, model: str) -> str:
    frame = views.top_models(cat, "seed").frame
    row = frame[(frame["measure"] == "weekly-top10-crosscheck") & (frame["model"] == model)]
    return fmt.tokens(float(row.iloc[0]["tokens"])) if not row.empty else "–"


def table(cat: Catalog, name: str, linker=None, **params) -> str:
    """The table's HTML, reused while the datasets it reads are unchanged (see core/cache.py)."""
    if name not in TABLES:
        raise unknown("table", name, TABLES, argument="name")
    signature = inspect.signature(TABLES[name]).parameters
    accepted = [p for p in signature if p not in ("cat", "linker")]
    for param in params:
        if param not in accepted:
            raise unknown(f"parameter of table({name!r})", param, accepted, argument=param)
    if "linker" in signature:
        params["linker"] = linker  # part of the cache key: links depend on the page and the lab pages
    return cache.derived(cat, _table, (name,), params)


def _table(cat: Catalog, name: str, **params) -> str:
    return TABLES[name](cat, **params)
