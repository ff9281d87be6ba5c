"""What every view shares: the View type, the datasets' names, the lab-table joins and the weekly totals.

Kept apart from the subject modules (periods, countries, labs, models, curated
tables) so each of them imports the same ground without importing the others.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from macros.series import transforms as tf
from macros.core.cache import cached_view
from macros.data.catalog import Catalog
from macros.core.params import positive

DAILY = "openrouter_daily"  # the daily rows of the Data API
MODELS = "openrouter_models"  # OpenRouter's model catalogue, one row per model and snapshot
SEED_WEEK = pd.Timestamp("2026-04-20")
# The weeks a page's weekly chart or table shows: the latest half year. A page then weighs the
# same whether the data holds 90 days or years of them; every day stays in the downloads.
PAGE_WEEKS = 26
LAST_WEEKS = positive("a whole number of weeks ≥ 1 (or none for every week)")  # `last=` of every weekly view


@dataclass(frozen=True)
class View:
    frame: pd.DataFrame
    datasets: tuple[str, ...]  # the datasets its computation read (never a list kept by hand)


def tracked_view(fn):
    """A view of the story: `fn(cat, ...)` returns its frame, and the `View` records every dataset the
    computation read (`Catalog.track`, nested views included), so a chart's sources and "as of"
    come from what was read. Cached like any derived result (`cached_view`)."""
    @functools.wraps(fn)
    def read(cat: Catalog, *args, **kwargs) -> View:
        with cat.track() as deps:
            frame = fn(cat, *args, **kwargs)
        return View(frame, tuple(sorted(name for name, fingerprint in deps.items() if fingerprint is not None)))
    return cached_view(read)


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


@tracked_view
def dataset_rows(cat: Catalog, name: str) -> View:
    """A dataset's own rows (a chart declared with `dataset=`), with each row's lab and country
    when it names an author."""
    frame = cat.frame(name)
    return with_countries(cat, frame) if "author_slug" in frame.columns and name != "labs" else frame


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
    LAST_WEEKS.check(last, "last")
    keep = frame[column].drop_duplicates().sort_values().iloc[-last:]
    return frame[frame[column].isin(keep)]
