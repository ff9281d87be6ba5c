"""Figure kinds that look a number or a name up: rank, count, name, claim, gap, price_ratio, week, a16z (see numbers.py)."""

from __future__ import annotations

import pandas as pd

from macros.core.errors import MacroError, unknown
from macros.core.params import REQUIRED, Choice, Param, Text, Week
from macros.core.safe import md_inline
from macros.data.catalog import Catalog
from macros.pages.kinds import (
    BENCHMARK, PERIOD, RANK, Figure, country, country_code, kind, one_of, week, week_text,
)
from macros.series import formatting as fmt
from macros.series import views


@kind(
    Param("lab", Text(), None, "a lab's author slug: its rank by share"),
    Param("model", Text(), None, "a model's name or permaslug: its rank by tokens"),
    week(),
    examples=('OpenAI ranked {{ figure("rank", lab="openai") }}; Hy3 {{ figure("rank", model="Hy3", week="latest") }}.',),
)
def fig_rank(cat: Catalog, lab, model, week) -> Figure:
    """Where a lab (by share) or a model (by tokens) ranked in a week."""
    which = one_of(lab=lab, model=model)
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
    return Figure(rank, str(rank), week_text(cat, week))


@kind(
    country(REQUIRED),
    PERIOD,
    Param("n", RANK, 10, "how many of the top models are counted"),
    examples=('{{ figure("count", country="CN", period="latest", n=10) }} of the ten most-used models are Chinese.',),
)
def fig_count(cat: Catalog, country, period, n) -> Figure:
    """How many of the top n models of a period come from a country group."""
    frame = views.top_models(cat, period, n=n).frame
    frame = frame[frame["measure"].isin(["article", "weekly"]) & (frame["rank"] <= n)]
    if len(frame) < n:
        raise MacroError(f"the data ranks only {len(frame)} models for that period, fewer than n={n}.", argument="n")
    count = int((frame["country_group"] == country_code(cat, country)).sum())
    when = "April 2026, as the article gives it" if period == "seed" else week_text(cat, period)
    return Figure(count, str(count), f"top {n}, {when}")


@kind(
    Param("rank", RANK, 1, "the rank named (1 is the most-used)"),
    PERIOD,
    Param("of", Choice("thing to name", ("model", "lab")), "model", "\"model\" (by tokens) or \"lab\" (by share)"),
    examples=('The largest lab was {{ figure("name", of="lab", rank=1, period="latest") }}.',),
)
def fig_name(cat: Catalog, rank, period, of) -> Figure:
    """The name of the model (of='model') or lab (of='lab') at a rank."""
    if of == "model":
        frame = views.top_models(cat, period).frame
        frame = frame[frame["measure"].isin(["article", "weekly"])]
        column = "model_label"
    else:
        frame = views.lab_shares(cat, period).frame
        frame = frame.assign(rank=range(1, len(frame) + 1))
        column = "lab"
    match = frame[frame["rank"] == rank]
    if match.empty:
        raise MacroError(f"no {of} at rank {rank}.", argument="rank", got=rank, choices=[int(r) for r in frame["rank"]])
    return Figure(None, md_inline(str(match.iloc[0][column])))


@kind(
    Param("id", Text(), doc="the claim_id of a row of article_claims"),
    examples=('The article says six Chinese labs held {{ figure("claim", id="cn_six_labs_share") }}.',),
)
def fig_claim(cat: Catalog, id) -> Figure:
    """A number as the seed article states it."""
    row = _row(views.claims(cat).frame, "claim_id", id, "claim", "id")
    value = float(row["value"])
    return Figure(value, fmt.percent(value) if row["unit"] == "percent" else fmt.number(value), "the seed article")


@kind(
    Param("snapshot", Week(("first", "latest"), what="snapshot"), "latest",
          "a benchmark snapshot: \"first\", \"latest\" or its date"),
    BENCHMARK,
    examples=('The gap was {{ figure("gap", snapshot="first", benchmark="aa_intelligence_index") }} points.',),
)
def fig_gap(cat: Catalog, snapshot, benchmark) -> Figure:
    """Points between the best US and the best Chinese model on a benchmark snapshot."""
    frame = views.benchmark_gap(cat, benchmark).frame
    dates = sorted(frame["snapshot_date"].unique())
    known = {pd.Timestamp(d).strftime("%Y-%m-%d"): d for d in dates}
    pick = {"first": dates[0], "latest": dates[-1]}.get(snapshot) if snapshot in ("first", "latest") else known.get(str(snapshot))
    if pick is None:
        raise unknown("snapshot", snapshot, ["first", "latest", *known], argument="snapshot")
    value = float(frame.loc[frame["snapshot_date"] == pick, "gap"].iloc[0])
    return Figure(value, fmt.number(value, 1), "benchmark snapshot of " + pd.Timestamp(pick).strftime("%-d %b %Y"))


@kind(
    Param("price", Choice("price", ("input", "output")), "output", "\"input\" or \"output\" list prices"),
    examples=('US output tokens cost {{ figure("price_ratio", price="output") }} the Chinese.',),
)
def fig_price_ratio(cat: Catalog, price) -> Figure:
    """How many times the median US list price is the median Chinese one."""
    value = views.price_ratio(cat, f"{price}_usd_per_mtok")
    return Figure(value, f"{value:.1f}×", "list prices")


@kind(week(), examples=('The week of {{ figure("week", week="latest") }}.',))
def fig_week(cat: Catalog, week) -> Figure:
    """The date a week starts, as prose shows it (10 August 2026)."""
    return Figure(None, views.resolve_week(cat, week).strftime("%-d %B %Y"))


@kind(
    Param("metric", Text(), doc="the metric of a row of a16z_state_of_ai"),
    examples=('Chinese open-weight models averaged {{ figure("a16z", metric="cn_open_weight_weekly_share_mean") }}.',),
)
def fig_a16z(cat: Catalog, metric) -> Figure:
    """A figure of the a16z × OpenRouter State of AI study."""
    row = _row(views.a16z(cat).frame, "metric", metric, "metric", "metric")
    value = float(row["value"])
    text = fmt.percent(value) if row["unit"] == "percent" else f"{fmt.number(value)} {row['unit']}"
    return Figure(value, md_inline(text), str(row["period"]))


def _row(frame: pd.DataFrame, column: str, key, what: str, argument: str) -> pd.Series:
    """The row of a curated table whose `column` is `key`, or the editor's mistake with the keys it has."""
    match = frame[frame[column] == key]
    if match.empty:
        raise unknown(what, key, frame[column], argument=argument)
    return match.iloc[0]
