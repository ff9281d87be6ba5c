"""Live numbers for prose: `figure("share", country="CN", week="latest")` -> 57.3 %.

Each kind of figure is a small function over the views returning a `Figure`:
the number and the text a reader sees (formatted as tables and charts format
the same quantity). Parameters are checked against each function's signature,
with the valid choices in the error, so a typo in a page fails the build
instead of printing a wrong number. Claims compare the numbers.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from macros.series import formatting as fmt
from macros.series import rounding
from macros.series import views
from macros.data.catalog import Catalog
from macros.core.errors import MacroError, unknown
from macros.core.safe import md_inline


@dataclass(frozen=True)
class Figure:
    value: float | None  # None for a name
    text: str  # as the reader sees it (Markdown-safe)
    period: str = ""  # what period it describes, for claims ("week of 10 Aug 2026"; claims.when reads it)


KINDS: dict[str, Callable[..., Figure]] = {}


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


def _week_text(cat: Catalog, week) -> str:
    return "week of " + views.resolve_week(cat, week).strftime("%-d %b %Y")


def _one_of(**given) -> str:
    named = [k for k, v in given.items() if v is not None]
    if len(named) != 1:
        raise MacroError(f"give exactly one of {', '.join(f'{k}=' for k in given)}.", argument=next(iter(given)))
    return named[0]


@kind
def fig_share(cat: Catalog, country: str | None = None, labs: str | list | None = None, lab: str | None = None,
              week="latest", month: str | None = None, decimals: int = 1, rank: int | None = None) -> Figure:
    """Share of tokens of a country group, a lab, several labs combined, or the lab at a rank, in a week or a month."""
    which = _one_of(country=country, labs=labs, lab=lab, rank=rank)
    if which == "rank":
        frame = views.lab_shares(cat, week).frame
        if not 1 <= rank <= len(frame):
            raise MacroError(f"no lab at rank {rank}.", argument="rank", got=rank, choices=list(range(1, len(frame) + 1)))
        lab = str(frame.iloc[rank - 1]["author_slug"])
    if month is not None:
        if which != "country":
            raise MacroError("monthly shares are by country; use week= for labs.", argument="month")
        frame = views.country_monthly(cat)
        month = views.resolve_month(cat, month)
        row = frame[(frame["month"] == month) & (frame["country_group"] == country_code(cat, country))]
        value = float(row["share_pct"].sum())
        return Figure(value, fmt.percent(value, decimals), f"month of {pd.Timestamp(month + '-01').strftime('%B %Y')}")
    if which == "country":
        value = views.group_share(cat, week, country=country_code(cat, country))
    else:
        value = views.group_share(cat, week, labs_=_labs(labs if labs is not None else lab))
    return Figure(value, fmt.percent(value, decimals), _week_text(cat, week))


@kind
def fig_tokens(cat: Catalog, week="latest", month: str | None = None, model: str | None = None,
               lab: str | None = None, country: str | None = None, period: str | None = None) -> Figure:
    """Tokens: all of a week or month, a country group's or one lab's in a week, or one model's (period='seed' for April 2026)."""
    if sum(v is not None for v in (model, lab, country)) > 1:
        _one_of(country=country, lab=lab, model=model)
    if country is not None:
        if month is not None:
            raise MacroError("tokens by country are weekly; use week=.", argument="month")
        start = views.resolve_week(cat, week)
        if start == views.SEED_WEEK:
            raise MacroError("the seed week has no tokens by country (the rankings page does not break down its total).",
                             argument="week", got=week, choices=["latest", "first"])
        frame = views.country_weekly(cat).frame
        row = frame[(frame["week_start"] == start) & (frame["country_group"] == country_code(cat, country))]
        return _tokens(float(row["tokens"].sum()), _week_text(cat, week))
    if model is not None:
        frame = views.top_models(cat, period or week).frame
        frame = frame[frame["measure"].isin(["article", "weekly"])]
        match = frame[(frame["model"] == model) | (frame["model_label"] == model)]
        if match.empty:
            raise unknown("model", model, frame["model_label"], argument="model")
        when = "April 2026, as the article gives it" if (period or week) == "seed" else _week_text(cat, period or week)
        return _tokens(float(match.iloc[0]["tokens"]), when)
    if lab is not None:
        frame = views.lab_shares(cat, week).frame
        match = frame[frame["author_slug"] == lab]
        if match.empty or pd.isna(match.iloc[0]["tokens"]):
            raise unknown("lab with tokens that week", lab, frame.dropna(subset=["tokens"])["author_slug"], argument="lab")
        return _tokens(float(match.iloc[0]["tokens"]), _week_text(cat, week))
    if month is not None:
        table = views.months(cat)
        month = views.resolve_month(cat, month)
        value = float(table.loc[table["month"] == month, "total_tokens"].iloc[0])
        return _tokens(value, f"month of {pd.Timestamp(month + '-01').strftime('%B %Y')}")
    table = views.weeks(cat)
    start = views.resolve_week(cat, week)
    return _tokens(float(table.loc[table["week_start"] == start, "total_tokens"].iloc[0]), _week_text(cat, week))


def _tokens(value: float, period: str) -> Figure:
    return Figure(value, fmt.tokens(value), period)


@kind
def fig_change(cat: Catalog, country: str | None = None, lab: str | None = None, of: str = "share",
               start="first", end="latest", decimals: int = 1) -> Figure:
    """Change between two weeks: a share in points (country= or lab=), or tokens in percent (of='tokens').

    of='tokens' compares all tokens, or a country group's or a lab's with country= or lab=.

    A change in points is the difference of the unrounded shares, rounded once (44.85 % to
    57.25 % is +12.4 pts, though the shares show as 44.8 % and 57.3 %): put
    `figure("rounding", change=...)` after a sentence giving both shares to say so where it matters.
    """
    period = f"{_week_text(cat, start)} to {_week_text(cat, end)}".replace(" to week of ", " to ")
    if of == "tokens":
        if country is not None and lab is not None:
            _one_of(country=country, lab=lab)
        who = {"country": country} if country is not None else ({"lab": lab} if lab is not None else {})
        a, b = fig_tokens(cat, week=start, **who).value, fig_tokens(cat, week=end, **who).value
        if a == 0:
            raise MacroError("no tokens in the first week: a change in percent from zero is undefined.", argument="start")
        return Figure((b - a) / a * 100, fmt.change_percent(a, b), period)
    if of != "share":
        raise unknown("quantity to compare", of, ["share", "tokens"], argument="of")
    which = _one_of(country=country, lab=lab)
    a = fig_share(cat, **{which: country or lab}, week=start).value
    b = fig_share(cat, **{which: country or lab}, week=end).value
    return Figure(b - a, fmt.points(b - a, decimals), period)


@kind
def fig_rounding(cat: Catalog, labs: str | list | None = None, countries: str | list | None = None,
                 change: str | None = None, week="latest", start="first", decimals: int = 1) -> Figure:
    """A note only when rounded figures shown side by side cannot both be right.

    labs= or countries=: the rounded shares of some labs or country groups miss their combined
    share. change= (a country): a change in points, computed from unrounded shares, differs from
    the difference of the two shares as shown (week= is its end, start= its start). Put it after
    the sentence or table giving them; it is empty when they agree.

    Its value is the shown figures' disagreement (0 when they agree).
    """
    if change is not None:
        if labs is not None or countries is not None:
            _one_of(labs=labs, countries=countries, change=change)
        code = country_code(cat, change)
        a = views.group_share(cat, start, country=code)
        b = views.group_share(cat, week, country=code)
        shown = rounding.shown_difference(a, b, decimals)
        exact = float(rounding.shown(b - a, decimals))
        label = views.country_label(cat, code)
        note = rounding.change_note(a, b, decimals, label + ("'" if label.endswith("s") else "'s"))
        return Figure(round(shown - exact, decimals), md_inline(note), _week_text(cat, week))
    which = _one_of(labs=labs, countries=countries)
    names = _labs(labs if which == "labs" else countries)
    if not names:
        raise MacroError(f"give the {which} to add up, e.g. {which}=\"a,b\".", argument=which)
    if which == "labs":
        parts = [views.group_share(cat, week, labs_=[n]) for n in names]
        whole = views.group_share(cat, week, labs_=names)
    else:
        codes = [country_code(cat, n) for n in names]
        parts = [views.group_share(cat, week, country=c) for c in codes]
        whole = sum(parts)
    note = rounding.sum_note(parts, whole, decimals)
    value = float(rounding.shown_sum(parts, decimals) - rounding.shown(whole, decimals))
    return Figure(value, md_inline(note), _week_text(cat, week))


@kind
def fig_rank(cat: Catalog, lab: str | None = None, model: str | None = None, week="latest") -> Figure:
    """Where a lab (by share) or a model (by tokens) ranked in a week."""
    which = _one_of(lab=lab, model=model)
    if which == "lab":
        frame = views.lab_shares(cat, week).frame.reset_index(drop=True)
        match = frame.index[frame["author_slug"] == lab]
        if not len(match):
            raise unknown("lab ranked that week", lab, frame["author_slug"], argument="lab")
        rank = int(frame.loc[frame["share_pct"] > frame.loc[match[0], "share_pct"]].shape[0]) + 1
    else:
        frame = views.top_models(cat, week, n=50).frame
        match = frame[(frame["model"] == model) | (frame["model_label"] == model)]
        if match.empty:
            raise unknown("model ranked that week", model, frame["model_label"], argument="model")
        rank = int(match.iloc[0]["rank"])
    return Figure(rank, str(rank), _week_text(cat, week))


@kind
def fig_count(cat: Catalog, country: str, period="latest", n: int = 10) -> Figure:
    """How many of the top n models of a period come from a country group."""
    frame = views.top_models(cat, period, n=n).frame
    frame = frame[frame["measure"].isin(["article", "weekly"]) & (frame["rank"] <= n)]
    if len(frame) < n:
        raise MacroError(f"the data ranks only {len(frame)} models for that period, fewer than n={n}.", argument="n")
    count = int((frame["country_group"] == country_code(cat, country)).sum())
    when = "April 2026, as the article gives it" if period == "seed" else _week_text(cat, period)
    return Figure(count, str(count), f"top {n}, {when}")


@kind
def fig_name(cat: Catalog, rank: int = 1, period="latest", of: str = "model") -> Figure:
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
    return Figure(None, md_inline(str(match.iloc[0][column])))


@kind
def fig_claim(cat: Catalog, id: str) -> Figure:
    """A number as the seed article states it."""
    frame = views.claims(cat).frame
    match = frame[frame["claim_id"] == id]
    if match.empty:
        raise unknown("claim", id, frame["claim_id"], argument="id")
    row = match.iloc[0]
    value = float(row["value"])
    return Figure(value, fmt.percent(value) if row["unit"] == "percent" else fmt.number(value), "the seed article")


@kind
def fig_gap(cat: Catalog, snapshot="latest", benchmark: str = "aa_intelligence_index") -> Figure:
    """Points between the best US and the best Chinese model on a benchmark snapshot."""
    frame = views.benchmark_gap(cat, benchmark).frame
    dates = sorted(frame["snapshot_date"].unique())
    known = {pd.Timestamp(d).strftime("%Y-%m-%d"): d for d in dates}
    pick = {"first": dates[0], "latest": dates[-1]}.get(snapshot) if snapshot in ("first", "latest") else known.get(str(snapshot))
    if pick is None:
        raise unknown("snapshot", snapshot, ["first", "latest", *known], argument="snapshot")
    value = float(frame.loc[frame["snapshot_date"] == pick, "gap"].iloc[0])
    return Figure(value, fmt.number(value, 1), "benchmark snapshot of " + pd.Timestamp(pick).strftime("%-d %b %Y"))


@kind
def fig_price_ratio(cat: Catalog, price: str = "output") -> Figure:
    """How many times the median US list price is the median Chinese one."""
    if price not in ("input", "output"):
        raise unknown("price", price, ["input", "output"], argument="price")
    value = views.price_ratio(cat, f"{price}_usd_per_mtok")
    return Figure(value, f"{value:.1f}×", "list prices")


@kind
def fig_week(cat: Catalog, week="latest") -> Figure:
    """The date a week starts, as prose shows it (10 August 2026)."""
    return Figure(None, views.resolve_week(cat, week).strftime("%-d %B %Y"))


@kind
def fig_a16z(cat: Catalog, metric: str) -> Figure:
    """A figure of the a16z × OpenRouter State of AI study."""
    frame = views.a16z(cat).frame
    match = frame[frame["metric"] == metric]
    if match.empty:
        raise unknown("metric", metric, frame["metric"], argument="metric")
    row = match.iloc[0]
    value = float(row["value"])
    text = fmt.percent(value) if row["unit"] == "percent" else f"{fmt.number(value)} {row['unit']}"
    return Figure(value, md_inline(text), str(row["period"]))


# --- calling a kind, with its parameters checked -----------------------------------------


def _check_type(kind_name: str, name: str, value, annotation: str) -> None:
    """Refuse a value of the wrong type, as the signature declares it."""
    wants_int = annotation.startswith("int")
    wants_text = annotation.startswith("str") and "list" not in annotation
    if wants_int and (isinstance(value, bool) or not isinstance(value, int)):
        raise MacroError(f"figure({kind_name!r}): {name} must be a whole number, got {value!r}.", argument=name)
    if wants_text and value is not None and not isinstance(value, str):
        raise MacroError(f"figure({kind_name!r}): {name} must be text in quotes, got {value!r}.", argument=name)


def evaluate(cat: Catalog, kind_name: str, **params) -> Figure:
    if kind_name not in KINDS:
        raise unknown("figure kind", kind_name, KINDS, argument="kind")
    fn = KINDS[kind_name]
    signature = inspect.signature(fn).parameters
    accepted = [p for p in signature if p != "cat"]
    for name, value in params.items():
        if name not in accepted:
            raise unknown(f"parameter of figure({kind_name!r})", name, accepted, argument=name)
        _check_type(kind_name, name, value, str(signature[name].annotation))
    missing = [p for p in accepted if signature[p].default is inspect.Parameter.empty and p not in params]
    if missing:
        raise MacroError(f"figure({kind_name!r}) needs {missing[0]}=.", argument=missing[0], choices=accepted)
    return fn(cat, **params)


def figure(cat: Catalog, kind_name: str, **params) -> str:
    return evaluate(cat, kind_name, **params).text
