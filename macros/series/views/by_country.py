"""Countries one by one (labs.csv's `country`), beside the country groups of `periods`."""

from __future__ import annotations

import pandas as pd

from macros.series import transforms as tf
from macros.core.cache import cached_view
from macros.data.catalog import Catalog
from macros.core.errors import MacroError
from macros.series.views.base import tracked_view, DAILY, SEED_WEEK, View, _single_source, _with_country_labels, weekly_totals
from macros.series.views.periods import resolve_week, weeks

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


@tracked_view
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
    return frame[cols].reset_index(drop=True)
