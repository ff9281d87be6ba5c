"""Views of the hand-curated tables: April list prices, benchmarks, the a16z study, the article's claims.

No daily rows exist for these; each view is the table with its lab's country
joined, sorted the way the pages show it.
"""

from __future__ import annotations

import pandas as pd

from macros.series import formatting as fmt
from macros.data.catalog import Catalog
from macros.core.errors import MacroError
from macros.series.views.base import tracked_view, View, with_countries


@tracked_view
def prices(cat: Catalog) -> View:
    frame = with_countries(cat, cat.frame("model_prices"))
    frame = frame.sort_values(["output_usd_per_mtok", "model"], ascending=[False, True])
    return frame.reset_index(drop=True)


def price_ratio(cat: Catalog, column: str = "output_usd_per_mtok", stat: str = "median") -> float:
    """US median list price over China's median (how many times dearer)."""
    frame = prices(cat).frame
    by = frame.groupby("country_group")[column].agg(stat)
    return float(by["US"] / by["CN"])


@tracked_view
def benchmarks(cat: Catalog, benchmark: str = "aa_intelligence_index") -> View:
    raw = cat.frame("benchmark_scores")
    choices = cat.meta("benchmark_scores").column("benchmark").enum
    if benchmark not in choices:
        raise MacroError(f"unknown benchmark {benchmark!r}.", argument="benchmark", got=benchmark, choices=choices)
    frame = with_countries(cat, raw[raw["benchmark"] == benchmark])
    frame = frame.sort_values(["snapshot_date", "score", "model"], ascending=[True, False, True])
    return frame.reset_index(drop=True)


@tracked_view
def benchmark_gap(cat: Catalog, benchmark: str = "aa_intelligence_index") -> View:
    """Best US and best Chinese model per snapshot, and the gap in points.

    Columns: snapshot_date, country_group, country, model, score, gap.
    """
    frame = benchmarks(cat, benchmark).frame
    frame = frame[frame["country_group"].isin(["US", "CN"])]
    best = frame.sort_values(["score", "model"], ascending=[False, True]).groupby(
        ["snapshot_date", "country_group"], as_index=False
    ).head(1)
    pivot = best.pivot(index="snapshot_date", columns="country_group", values="score")
    gaps = (pivot["US"] - pivot["CN"]).rename("gap")
    best = best.merge(gaps, left_on="snapshot_date", right_index=True)
    order = {"US": 0, "CN": 1}
    best = best.sort_values(["snapshot_date", "country_group"], key=lambda s: s.map(order) if s.name == "country_group" else s)
    cols = ["snapshot_date", "country_group", "country", "model", "author_slug", "score", "gap", "source"]
    return best[cols].reset_index(drop=True)


@tracked_view
def a16z(cat: Catalog) -> View:
    """The study's figures; shares (unit percent) are in share_pct, like every share of the site."""
    frame = cat.frame("a16z_state_of_ai")
    share = frame["value"].where(frame["unit"] == "percent")
    # The source's own hedges stay with the number: "nearly 30.0 %".
    words = [f"{q} ({fmt.percent(v)})" if isinstance(q, str) and q.startswith("about") else
             (f"{q} {fmt.percent(v)}" if isinstance(q, str) else fmt.percent(v)) if pd.notna(v) else ""
             for q, v in zip(frame["qualifier"], share)]
    return frame.assign(share_pct=share, share_pct__text=words)


@tracked_view
def claims(cat: Catalog) -> View:
    return cat.frame("article_claims")
