"""Named tables editors put on pages with `table(name, ...)`.

Each is a view's rows with the columns a reader needs, in a sensible order;
`claims` sets each of the seed article's numbers beside what the data says.
"""

from __future__ import annotations

import inspect

import pandas as pd

from macros.core import cache
from macros.core.params import Choice, Param, Text, Week, positive
from macros.core.errors import MacroError
from macros.core.registry import REGISTRY
from macros.pages import anydata, numbers
from macros.series import rounding
from macros.series import views
from macros.series import formatting as fmt
from macros.data.catalog import Catalog
from macros.series.fields import Field
from macros.publish.htmltable import html_table, wide


def named(*params: Param, examples: tuple[str, ...]):
    """Register a named table: `table_lab_shares` is the table "lab_shares"; a `linker` is passed by the caller."""
    return REGISTRY.register("table", *params, strip="table_", skip=("cat", "linker"), examples=examples)


WEEK = Param("week", Week(), "latest", "the week: \"latest\" (the latest full week), \"first\", \"seed\" or the date a week starts")
TOP = Param("top", positive(), None, "only the first rows, the largest first")
BENCHMARK = Param("benchmark", Text(), "aa_intelligence_index", "a benchmark of benchmark_scores: aa_intelligence_index, lmarena_text")


def _top(frame: pd.DataFrame, top) -> pd.DataFrame:
    return frame if top is None else frame.head(top)


@named(
    Param("last", views.LAST_WEEKS, views.PAGE_WEEKS,
          "the latest weeks shown; none for every week", none=True),
    examples=('{{ table("country_share_weekly", last=8) }}',),
)
def table_country_share_weekly(cat: Catalog, last) -> str:
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


@named(WEEK, TOP, examples=('{{ table("lab_shares", week="latest", top=5) }}',))
def table_lab_shares(cat: Catalog, week, top, linker=None) -> str:
    """Labs of one week by share: lab, country, tokens, share; a note when the rounded shares miss 100 %.

    The note is given only for the whole week (no top=), when the rounded shares do not add up to 100 %.
    """
    every = views.lab_shares(cat, week).frame
    frame = _top(every, top)
    note = rounding.sum_note(frame["share_pct"], 100.0) if len(frame) == len(every) else ""
    return html_table(frame, ["lab", "country", "tokens", "share_pct"], links=_lab_links(linker)) + rounding.note_html(note)


@named(WEEK, examples=('{{ table("countries", week="first") }}',))
def table_countries(cat: Catalog, week) -> str:
    """Every country of the labs with tokens in one week, Unknown last: its group, tokens and share.

    Countries are labs.csv's `country` codes, named (United States, China, France, ...). A note
    follows when the rounded shares do not add up to 100 % or to their group's share.
    """
    frame = views.countries(cat, week).frame
    fields = {
        "country_name": Field("country_name", "Country", "nominal"),
        "country": Field("country", "Counted as", "nominal"),
        "tokens": Field("tokens", f"Tokens, {numbers.week_text(cat, week)}", "quantitative", "tokens"),
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


@named(examples=('{{ table("labs_index") }}',))
def table_labs_index(cat: Catalog, linker=None) -> str:
    """Every lab with a page of its own: name, country, and its share in the latest full week."""
    slugs = linker.slugs if linker else {}
    frame = views.with_countries(cat, pd.DataFrame({"author_slug": sorted(slugs)}))
    latest = views.lab_shares(cat, "latest").frame[["author_slug", "share_pct"]]
    frame = frame.merge(latest, on="author_slug", how="left").sort_values(["share_pct", "lab"], ascending=[False, True], na_position="last")
    fields = {"share_pct": Field("share_pct", f"Share, week of {views.resolve_week(cat, 'latest').strftime('%-d %b %Y')}", "quantitative", "percent")}
    return html_table(frame, ["lab", "country", "share_pct"], fields=fields, links=_lab_links(linker))


@named(
    Param("period", Week(what="period"), "latest", "\"seed\" (April 2026, as the article gives it) or a week, as week="),
    Param("n", positive(), 10, "how many models"),
    examples=('{{ table("top_models", period="latest", n=5) }}', '{{ table("top_models", period="seed") }}'),
)
def table_top_models(cat: Catalog, period, n, linker=None) -> str:
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


@named(
    Param("which", Choice("set of models", MODEL_SETS), "ranked",
          "\"ranked\" (ranked in the latest full week), \"no_lab_page\" (their lab has no page) or \"all\""),
    examples=('{{ table("models_index", which="no_lab_page") }}',),
)
def table_models_index(cat: Catalog, which, linker=None) -> str:
    """Models of the daily top 50 with their lab, country, latest full week's rank and tokens, and days seen:
    which="ranked" those ranked in the latest full week (at most 50 rows, whatever the length of the data),
    "no_lab_page" those whose lab has no page (stealth, unknown authors), "all" every one."""
    frame = views.models_index(cat)
    if which == "ranked":
        frame = frame[frame["rank"].notna()]
    elif which == "no_lab_page":
        frame = frame[~frame["author_slug"].isin(set(linker.slugs if linker else ()))]
    if frame.empty:
        return "<p>No model.</p>"
    return html_table(frame, ["model_label", "lab", "country", "rank", "tokens", "best_rank", "first_seen", "last_seen"],
                      fields=models_index_fields(cat), links=_lab_links(linker))


@named(examples=('{{ table("prices") }}',))
def table_prices(cat: Catalog, linker=None) -> str:
    """List prices by model, dearest output first."""
    return html_table(views.prices(cat).frame, ["model", "lab", "country", "input_usd_per_mtok", "output_usd_per_mtok"], links=_lab_links(linker))


@named(BENCHMARK, examples=('{{ table("benchmarks", benchmark="lmarena_text") }}',))
def table_benchmarks(cat: Catalog, benchmark, linker=None) -> str:
    """Every quoted score of one benchmark."""
    frame = views.benchmarks(cat, benchmark).frame
    return html_table(frame, ["snapshot_date", "model", "lab", "country", "score"], links=_lab_links(linker))


@named(BENCHMARK, examples=('{{ table("benchmark_gap", benchmark="aa_intelligence_index") }}',))
def table_benchmark_gap(cat: Catalog, benchmark, linker=None) -> str:
    """The best US and best Chinese model of each snapshot, and the gap."""
    frame = views.benchmark_gap(cat, benchmark).frame
    frame = frame.merge(views.labs(cat)[["author_slug", "lab"]], on="author_slug", how="left")
    return html_table(frame, ["snapshot_date", "country", "model", "lab", "score", "gap"], links=_lab_links(linker))


@named(examples=('{{ table("labs") }}',))
def table_labs(cat: Catalog, linker=None) -> str:
    """The lab-to-country table, as the methodology page shows it."""
    frame = views.labs(cat)
    labels = cat.meta("labs").column("country_group").enum
    frame = frame.assign(group=frame["country_group"].map(labels)).sort_values(["country_group", "author_slug"])
    fields = {c.name: Field(c.name, c.title, "nominal") for c in cat.meta("labs").columns}
    fields["group"] = Field("group", "Counted as", "nominal")
    return html_table(frame, ["author_slug", "lab", "country", "group", "basis", "notes"], fields=fields, links=_lab_links(linker))


@named(examples=('{{ table("a16z") }}',))
def table_a16z(cat: Catalog) -> str:
    """The a16z × OpenRouter State of AI figures, in the source's words and with their periods (a different measure)."""
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


@named(examples=('{{ table("claims") }}',))
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


def table(cat: Catalog, name: str | None, linker=None, **params) -> str:
    """The table's HTML, reused while the datasets it reads are unchanged (see core/cache.py): a named
    table, or with dataset= a dataset's own rows (pages/anydata.py)."""
    if name is None or "dataset" in params:
        return anydata.dataset_table(cat, name, linker, params)
    if not REGISTRY.has("table", name) and isinstance(name, str) and cat.has(name):
        raise MacroError(f"{name!r} is a dataset, not a named table: write table(dataset={name!r}).", argument="name")
    entry = REGISTRY.get("table", name)
    entry.check(params, cat)
    if "linker" in inspect.signature(entry.fn).parameters:
        params["linker"] = linker  # part of the cache key: links depend on the page and the lab pages
    return cache.derived(cat, _table, (name,), params)


def _table(cat: Catalog, name: str, **params) -> str:
    entry = REGISTRY.get("table", name)
    return entry.fn(cat, **{**entry.defaults, **params})


TABLES = {entry.name: entry.fn for entry in REGISTRY.entries("table")}
