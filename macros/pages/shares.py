"""Figure kinds of shares and tokens: share, tokens, change, rounding (see numbers.py)."""

from __future__ import annotations

import pandas as pd

from macros.core.errors import MacroError, unknown
from macros.core.safe import md_inline
from macros.data.catalog import Catalog
from macros.core.params import Choice, Param, Text, Texts, Week
from macros.pages.kinds import (
    COUNTRY, DECIMALS, LAB, LABS, MODEL, MONTH, RANK, Figure, country, country_code, evaluate, kind, labs_of, one_of,
    week, week_text,
)
from macros.series import formatting as fmt
from macros.series import rounding
from macros.series import views


@kind(
    country(), LABS, LAB, week(), MONTH, DECIMALS,
    Param("rank", RANK, None, "the lab at this rank in the week, by share (1 is the largest)"),
    examples=(
        'China took {{ figure("share", country="CN", week="latest") }} of tokens.',
        'The US big three held {{ figure("share", labs="anthropic,google,openai", week="seed", decimals=1) }}.',
        'DeepSeek took {{ figure("share", lab="deepseek") }}; the largest lab {{ figure("share", rank=1, week="first") }}.',
        'In the latest complete month China took {{ figure("share", country="China", month="latest") }}.',
    ),
)
def fig_share(cat: Catalog, country, labs, lab, week, month, decimals, rank) -> Figure:
    """Share of tokens of a country group, a lab, several labs combined, or the lab at a rank, in a week or a month."""
    which = one_of(country=country, labs=labs, lab=lab, rank=rank)
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
        value = views.group_share(cat, week, labs_=labs_of(labs if labs is not None else lab))
    return Figure(value, fmt.percent(value, decimals), week_text(cat, week))


@kind(
    week(), MONTH, MODEL, LAB, country(),
    Param("period", Week(what="period"), None,
          "for model=: \"seed\" (April 2026, as the article gives it) or a week, instead of week="),
    examples=(
        'All tokens that week: {{ figure("tokens", week="latest") }}; in the latest complete month {{ figure("tokens", month="latest") }}.',
        'MiMo-V2-Pro had {{ figure("tokens", model="MiMo-V2-Pro", period="seed") }}; Tencent {{ figure("tokens", lab="tencent") }}.',
        'US labs took {{ figure("tokens", country="US") }}.',
    ),
)
def fig_tokens(cat: Catalog, week, month, model, lab, country, period) -> Figure:
    """Tokens: all of a week or month, a country group's or one lab's in a week, or one model's (period='seed' for April 2026)."""
    if sum(v is not None for v in (model, lab, country)) > 1:
        one_of(country=country, lab=lab, model=model)
    if country is not None:
        if month is not None:
            raise MacroError("tokens by country are weekly; use week=.", argument="month")
        start = views.resolve_week(cat, week)
        if start == views.SEED_WEEK:
            raise MacroError("the seed week has no tokens by country (the rankings page does not break down its total).",
                             argument="week", got=week, choices=["latest", "first"])
        frame = views.country_weekly(cat).frame
        row = frame[(frame["week_start"] == start) & (frame["country_group"] == country_code(cat, country))]
        return _tokens(float(row["tokens"].sum()), week_text(cat, week))
    if model is not None:
        frame = views.top_models(cat, period or week).frame
        frame = frame[frame["measure"].isin(["article", "weekly"])]
        match = frame[(frame["model"] == model) | (frame["model_label"] == model)]
        if match.empty:
            raise unknown("model", model, frame["model_label"], argument="model")
        when = "April 2026, as the article gives it" if (period or week) == "seed" else week_text(cat, period or week)
        return _tokens(float(match.iloc[0]["tokens"]), when)
    if lab is not None:
        frame = views.lab_shares(cat, week).frame
        match = frame[frame["author_slug"] == lab]
        if match.empty or pd.isna(match.iloc[0]["tokens"]):
            raise unknown("lab with tokens that week", lab, frame.dropna(subset=["tokens"])["author_slug"], argument="lab")
        return _tokens(float(match.iloc[0]["tokens"]), week_text(cat, week))
    if month is not None:
        table = views.months(cat)
        month = views.resolve_month(cat, month)
        value = float(table.loc[table["month"] == month, "total_tokens"].iloc[0])
        return _tokens(value, f"month of {pd.Timestamp(month + '-01').strftime('%B %Y')}")
    table = views.weeks(cat)
    start = views.resolve_week(cat, week)
    return _tokens(float(table.loc[table["week_start"] == start, "total_tokens"].iloc[0]), week_text(cat, week))


def _tokens(value: float, period: str) -> Figure:
    return Figure(value, fmt.tokens(value), period)


@kind(
    country(doc="a country group (code or name), for its share or, with of=\"tokens\", its tokens"),
    Param("lab", Text(), None, "a lab's author slug, for its share or, with of=\"tokens\", its tokens"),
    Param("of", Choice("quantity to compare", ("share", "tokens")), "share",
          "\"share\" (a change in points) or \"tokens\" (a change in percent)"),
    week("start", "first", "the first week compared, as week="),
    week("end", "latest", "the last week compared, as week="),
    DECIMALS,
    examples=(
        'China moved {{ figure("change", country="CN") }}; all tokens {{ figure("change", of="tokens") }}.',
        'DeepSeek: {{ figure("change", lab="deepseek", start="first", end="latest", decimals=1) }}.',
    ),
)
def fig_change(cat: Catalog, country, lab, of, start, end, decimals) -> Figure:
    """Change between two weeks: a share in points (country= or lab=), or tokens in percent (of='tokens').

    of='tokens' compares all tokens, or a country group's or a lab's with country= or lab=.

    A change in points is the difference of the unrounded shares, rounded once (44.85 % to
    57.25 % is +12.4 pts, though the shares show as 44.8 % and 57.3 %): put
    `figure("rounding", change=...)` after a sentence giving both shares to say so where it matters.
    """
    period = f"{week_text(cat, start)} to {week_text(cat, end)}".replace(" to week of ", " to ")
    if of == "tokens":
        if country is not None and lab is not None:
            one_of(country=country, lab=lab)
        who = {"country": country} if country is not None else ({"lab": lab} if lab is not None else {})
        a, b = evaluate(cat, "tokens", week=start, **who).value, evaluate(cat, "tokens", week=end, **who).value
        if a == 0:
            raise MacroError("no tokens in the first week: a change in percent from zero is undefined.", argument="start")
        return Figure((b - a) / a * 100, fmt.change_percent(a, b), period)
    which = one_of(country=country, lab=lab)
    a = evaluate(cat, "share", **{which: country or lab}, week=start).value
    b = evaluate(cat, "share", **{which: country or lab}, week=end).value
    return Figure(b - a, fmt.points(b - a, decimals), period)


@kind(
    LABS,
    Param("countries", Texts(lookup=country_code), None, "several country groups (codes or names): \"US,CN\" or a list"),
    Param("change", COUNTRY, None, "a country group (code or name) whose change in points is checked"),
    week(),
    week("start", "first", "for change=: the first week of the change, as week="),
    DECIMALS,
    examples=(
        'The three held 46.6 % together.{{ figure("rounding", labs="anthropic,google,openai", week="seed") }}',
        'US and China{{ figure("rounding", countries="US,CN") }}',
        'China moved from 44.8 % to 57.3 %.{{ figure("rounding", change="CN", start="first", week="latest", decimals=1) }}',
    ),
)
def fig_rounding(cat: Catalog, labs, countries, change, week, start, decimals) -> Figure:
    """A note only when rounded figures shown side by side cannot both be right.

    labs= or countries=: the rounded shares of some labs or country groups miss their combined
    share. change= (a country): a change in points, computed from unrounded shares, differs from
    the difference of the two shares as shown (week= is its end, start= its start). Put it after
    the sentence or table giving them; it is empty when they agree.

    Its value is the shown figures' disagreement (0 when they agree).
    """
    if change is not None:
        if labs is not None or countries is not None:
            one_of(labs=labs, countries=countries, change=change)
        code = country_code(cat, change)
        a = views.group_share(cat, start, country=code)
        b = views.group_share(cat, week, country=code)
        shown = rounding.shown_difference(a, b, decimals)
        exact = float(rounding.shown(b - a, decimals))
        label = views.country_label(cat, code)
        note = rounding.change_note(a, b, decimals, label + ("'" if label.endswith("s") else "'s"))
        return Figure(round(shown - exact, decimals), md_inline(note), week_text(cat, week))
    which = one_of(labs=labs, countries=countries)
    names = labs_of(labs if which == "labs" else countries)
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
    return Figure(value, md_inline(note), week_text(cat, week))
