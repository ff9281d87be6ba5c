"""Named tables editors put on pages with `table(name, ...)`.

Each is a view's rows with the columns a reader needs, in a sensible order;
`claims` sets each of the seed article's numbers beside what the data says.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from . import cache, figures, views
from . import formatting as fmt
from .datasets import Catalog
from .errors import MacroError, unknown
from .fields import Field
from .tables import html_table, wide

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
    meta = frame.drop_duplicates("week_start")[["week_start", "total_tokens", "days"]]
    table = table.merge(meta, on="week_start")
    return html_table(table, list(table.columns), fields=fields)


@named
def table_lab_shares(cat: Catalog, week="latest", top: int | None = None) -> str:
    """Labs of one week by share: lab, country, tokens, share."""
    frame = _top(views.lab_shares(cat, week).frame, top)
    return html_table(frame, ["lab", "country", "tokens", "share_pct"])


@named
def table_top_models(cat: Catalog, period="latest", n: int = 10) -> str:
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
        return html_table(table, ["rank", "model_label", "lab", "country", "tokens", "crosscheck"], fields=fields)
    return html_table(frame, ["rank", "model_label", "lab", "country", "tokens"])


@named
def table_prices(cat: Catalog) -> str:
    """List prices by model, dearest output first."""
    return html_table(views.prices(cat).frame, ["model", "lab", "country", "input_usd_per_mtok", "output_usd_per_mtok"])


@named
def table_benchmarks(cat: Catalog, benchmark: str = "aa_intelligence_index") -> str:
    frame = views.benchmarks(cat, benchmark).frame
    return html_table(frame, ["snapshot_date", "model", "lab", "country", "score"])


@named
def table_benchmark_gap(cat: Catalog, benchmark: str = "aa_intelligence_index") -> str:
    frame = views.benchmark_gap(cat, benchmark).frame
    frame = frame.merge(views.labs(cat)[["author_slug", "lab"]], on="author_slug", how="left")
    return html_table(frame, ["snapshot_date", "country", "model", "lab", "score", "gap"])


@named
def table_labs(cat: Catalog) -> str:
    """The lab-to-country table, as the methodology page shows it."""
    frame = views.labs(cat)
    labels = cat.meta("labs").column("country_group").enum
    frame = frame.assign(group=frame["country_group"].map(labels)).sort_values(["country_group", "author_slug"])
    fields = {c.name: Field(c.name, c.title, "nominal") for c in cat.meta("labs").columns}
    fields["group"] = Field("group", "Counted as", "nominal")
    return html_table(frame, ["author_slug", "lab", "country", "group", "basis", "notes"], fields=fields)


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
        ("The US big three (Anthropic, Google, OpenAI) hold", figures.fig_claim(cat, "us_big_three_share"),
         figures.fig_share(cat, labs=us_three, week="seed"), "seed_author_share",
         "Sum of the three shares on OpenRouter's rankings page, week to date, 24 April 2026."),
        ("Six Chinese labs (MiniMax, DeepSeek, Moonshot, Z.ai, Qwen, Xiaomi) hold", figures.fig_claim(cat, "cn_six_labs_share"),
         figures.fig_share(cat, labs=cn_six, week="seed"), "seed_author_share",
         "Sum of the six shares on the same page; the article's total is 0.1 point higher than its parts."),
        ("The most-used model of April 2026 is MiMo-V2-Pro, with", figures.fig_tokens(cat, model="MiMo-V2-Pro", period="seed"),
         _crosscheck(cat, "MiMo-V2-Pro"), "seed_top_models",
         "OpenRouter's weekly top-10 tables for the same four weeks, summed: the same order of magnitude, first place confirmed."),
        ("Chinese models among the top 10", figures.fig_claim(cat, "cn_models_in_top10"),
         f"{figures.fig_count(cat, 'CN', period='latest', n=10)} (week of {figures.fig_week(cat, 'latest')})",
         "top_models_weekly" if not cat.has(views.DAILY) else views.DAILY,
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


def table(cat: Catalog, name: str, **params) -> str:
    """The table's HTML, reused while the datasets it reads are unchanged (see cache.py)."""
    if name not in TABLES:
        raise unknown("table", name, TABLES, argument="name")
    return cache.derived(cat, _table, (name,), params)


def _table(cat: Catalog, name: str, **params) -> str:
    try:
        return TABLES[name](cat, **params)
    except TypeError as exc:
        raise MacroError(f"table({name!r}): {exc}.", argument="name") from None
