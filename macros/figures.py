"""Live numbers for prose: `figure("share", country="CN", week="latest")` -> 57.3 %.

Each kind of figure is a small function over the views; its parameters are
checked, with the valid choices in the error, so a typo in a page fails the
build instead of printing a wrong number. The text returned is what the
reader sees, formatted as tables and charts format the same quantity.
"""

from __future__ import annotations

import inspect
from typing import Callable

import pandas as pd

from . import formatting as fmt
from . import views
from .datasets import Catalog
from .errors import MacroError, unknown
from .safe import md_inline

KINDS: dict[str, Callable] = {}


def kind(fn: Callable) -> Callable:
    KINDS[fn.__name__.removeprefix("fig_")] = fn
    return fn


def country_code(cat: Catalog, country: str) -> str:
    """'CN', 'cn' or 'China' -> 'CN'."""
    labels = cat.meta("labs").column("country_group").enum
    by_label = {v.lower(): k for k, v in labels.items()}
    text = str(country)
    if text.upper() in labels:
        return text.upper()
    if text.lower() in by_label:
        return by_label[text.lower()]
    raise unknown("country", country, [*labels, *labels.values()], argument="country")


def _labs(value) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


@kind
def fig_share(cat: Catalog, country: str | None = None, labs: str | list | None = None, lab: str | None = None, week="latest", decimals: int = 1) -> str:
    """Share of tokens of a country group, a lab, or several labs combined, in one week."""
    if sum(x is not None for x in (country, labs, lab)) != 1:
        raise MacroError("share needs exactly one of country=, lab= or labs=.", argument="country")
    if country is not None:
        value = views.group_share(cat, week, country=country_code(cat, country))
    else:
        value = views.group_share(cat, week, labs_=_labs(labs if labs is not None else lab))
    return fmt.percent(value, decimals)


@kind
def fig_tokens(cat: Catalog, week="latest", model: str | None = None, lab: str | None = None, period: str | None = None) -> str:
    """Tokens: all of a week, one lab's in a week, or one model's (period='seed' for April 2026)."""
    if model is not None:
        frame = views.top_models(cat, period or week).frame
        frame = frame[frame["measure"].isin(["article", "weekly"])]
        match = frame[(frame["model"] == model) | (frame["model_label"] == model)]
        if match.empty:
            raise unknown("model", model, frame["model"], argument="model")
        return fmt.tokens(float(match.iloc[0]["tokens"]))
    if lab is not None:
        frame = views.lab_shares(cat, week).frame
        match = frame[frame["author_slug"] == lab]
        if match.empty or pd.isna(match.iloc[0]["tokens"]):
            raise unknown("lab with tokens that week", lab, frame.dropna(subset=["tokens"])["author_slug"], argument="lab")
        return fmt.tokens(float(match.iloc[0]["tokens"]))
    table = views.weeks(cat)
    start = views.resolve_week(cat, week)
    return fmt.tokens(float(table.loc[table["week_start"] == start, "total_tokens"].iloc[0]))


@kind
def fig_change(cat: Catalog, country: str, start="first", end="latest", decimals: int = 1) -> str:
    """Change in a country group's share between two weeks, in points."""
    code = country_code(cat, country)
    a = views.group_share(cat, start, country=code)
    b = views.group_share(cat, end, country=code)
    return fmt.points(b - a, decimals)


@kind
def fig_count(cat: Catalog, country: str, period="latest", n: int = 10) -> str:
    """How many of the top n models of a period come from a country group."""
    frame = views.top_models(cat, period, n=n).frame
    frame = frame[frame["measure"].isin(["article", "weekly"]) & (frame["rank"] <= n)]
    if len(frame) < n:
        raise MacroError(f"the data ranks only {len(frame)} models for that period, fewer than n={n}.", argument="n")
    return str(int((frame["country_group"] == country_code(cat, country)).sum()))


@kind
def fig_name(cat: Catalog, rank: int = 1, period="latest", of: str = "model") -> str:
    """The name of the model (of='model') or lab (of='lab') at a rank."""
    if of == "model":
        frame = views.top_models(cat, period).frame
        frame = frame[frame["measure"].isin(["article", "weekly"])]
        column = "model_label"
    elif of == "lab":
        frame = views.lab_shares(cat, period).frame
        frame = frame.assign(rank=range(1, len(frame) + 1))
        column = "lab"
    else:
        raise unknown("thing to name", of, ["model", "lab"], argument="of")
    match = frame[frame["rank"] == rank]
    if match.empty:
        raise MacroError(f"no {of} at rank {rank}.", argument="rank", got=rank, choices=[int(r) for r in frame["rank"]])
    return md_inline(str(match.iloc[0][column]))


@kind
def fig_claim(cat: Catalog, id: str) -> str:
    """A number as the seed article states it."""
    frame = views.claims(cat).frame
    match = frame[frame["claim_id"] == id]
    if match.empty:
        raise unknown("claim", id, frame["claim_id"], argument="id")
    row = match.iloc[0]
    if row["unit"] == "percent":
        return fmt.percent(float(row["value"]))
    return fmt.number(float(row["value"]))


@kind
def fig_gap(cat: Catalog, snapshot="latest", benchmark: str = "aa_intelligence_index") -> str:
    """Points between the best US and the best Chinese model on a benchmark snapshot."""
    frame = views.benchmark_gap(cat, benchmark).frame
    dates = sorted(frame["snapshot_date"].unique())
    pick = {"first": dates[0], "latest": dates[-1]}.get(snapshot)
    if pick is None:
        known = {pd.Timestamp(d).strftime("%Y-%m-%d"): d for d in dates}
        if str(snapshot) not in known:
            raise unknown("snapshot", snapshot, ["first", "latest", *known], argument="snapshot")
        pick = known[str(snapshot)]
    return fmt.number(float(frame.loc[frame["snapshot_date"] == pick, "gap"].iloc[0]), 1)


@kind
def fig_price_ratio(cat: Catalog, price: str = "output") -> str:
    """How many times the median US list price is the median Chinese one."""
    if price not in ("input", "output"):
        raise unknown("price", price, ["input", "output"], argument="price")
    return f"{views.price_ratio(cat, f'{price}_usd_per_mtok'):.1f}×"


@kind
def fig_week(cat: Catalog, week="latest") -> str:
    """The date a week starts, as prose shows it (10 Aug 2026)."""
    return views.resolve_week(cat, week).strftime("%-d %B %Y")


@kind
def fig_a16z(cat: Catalog, metric: str) -> str:
    """A figure of the a16z × OpenRouter State of AI study, with the source's own wording."""
    frame = views.a16z(cat).frame
    match = frame[frame["metric"] == metric]
    if match.empty:
        raise unknown("metric", metric, frame["metric"], argument="metric")
    row = match.iloc[0]
    if row["unit"] == "percent":
        text = fmt.percent(float(row["value"]))
    else:
        text = f"{fmt.number(float(row['value']))} {row['unit']}"
    return md_inline(text)


def figure(cat: Catalog, kind_name: str, **params) -> str:
    if kind_name not in KINDS:
        raise unknown("figure kind", kind_name, KINDS, argument="kind")
    fn = KINDS[kind_name]
    accepted = [p for p in inspect.signature(fn).parameters if p != "cat"]
    for name in params:
        if name not in accepted:
            raise unknown(f"parameter of figure({kind_name!r})", name, accepted, argument=name)
    try:
        return fn(cat, **params)
    except TypeError as exc:
        raise MacroError(f"figure({kind_name!r}): {exc}.", argument="kind", choices=accepted) from None
