"""What a figure kind is, its shared parameters, and how one is called (see numbers.py).

A kind is a function over the views returning a `Figure`, registered in the
registry (core/registry.py) with its parameters declared once: `evaluate` checks
a call against them (unknown parameter, missing one, wrong type, with the valid
choices) before the function runs, and fills in the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from macros.core.errors import MacroError, unknown
from macros.core.params import Month, Param, Text, Texts, Week, Whole, positive
from macros.core.registry import REGISTRY
from macros.data.catalog import Catalog
from macros.series import views


@dataclass(frozen=True)
class Figure:
    value: float | None  # None for a name
    text: str  # as the reader sees it (Markdown-safe)
    period: str = ""  # what period it describes, for claims ("week of 10 Aug 2026"; claims.when reads it)


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


def labs_of(value) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def week_text(cat: Catalog, week) -> str:
    return "week of " + views.resolve_week(cat, week).strftime("%-d %b %Y")


def one_of(**given) -> str:
    named = [k for k, v in given.items() if v is not None]
    if len(named) != 1:
        raise MacroError(f"give exactly one of {', '.join(f'{k}=' for k in given)}.", argument=next(iter(given)))
    return named[0]


# --- the types and parameters the kinds share ---------------------------------------------

COUNTRY = Text(lookup=country_code)  # a group's code (CN) or name (China), any case
WHOLE = Whole()
RANK = positive(words="a whole number", range_words="a whole number ≥ 1")


def country(default=None, doc: str = "a country group: its code (US, CN, OTHER, UNKNOWN) or its name (China)") -> Param:
    return Param("country", COUNTRY, default, doc)


def week(name: str = "week", default="latest", doc: str = "the week: \"latest\" (the latest full week), \"first\" "
         "(the first full week), \"seed\" (the article's week of 20 April 2026) or the date a week starts") -> Param:
    return Param(name, Week(what=name), default, doc)


LAB = Param("lab", Text(), None, "a lab's author slug, as OpenRouter names it (deepseek, openai, z-ai)")
LABS = Param("labs", Texts(), None, 'several labs\' author slugs, combined: "a,b,c" or a list')
MODEL = Param("model", Text(), None, "a model's name as the rankings show it (Hy3) or its permaslug")
MONTH = Param("month", Month(), None, "a calendar month instead of a week: \"latest\" (the latest complete month) or "
              "YYYY-MM; needs the imported daily rows")
DECIMALS = Param("decimals", WHOLE, 1, "decimals shown")
PERIOD = Param("period", Week(what="period"), "latest", "\"seed\" (April 2026, as the article gives it) or a week, as week=")
BENCHMARK = Param("benchmark", Text(), "aa_intelligence_index", "a benchmark of benchmark_scores: aa_intelligence_index, "
                  "lmarena_text")


def kind(*params: Param, examples: tuple[str, ...] = ()) -> Callable:
    """Register a figure kind: `fig_share` is the kind "share"."""
    return REGISTRY.register("figure", *params, strip="fig_", examples=examples)


def evaluate(cat: Catalog, kind_name: str, **params) -> Figure:
    entry = REGISTRY.get("figure", kind_name, argument="kind")
    return entry.fn(cat, **entry.check(params, cat))


def figure(cat: Catalog, kind_name: str, **params) -> str:
    return evaluate(cat, kind_name, **params).text


