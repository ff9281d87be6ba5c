"""The dated archive: one light page per full week, at `archive/<Monday>/`, for the latest quarter.

Each page is rebuilt on every build from the daily rows up to that week's last
day (the weekly views cut at the week: a full week's figures come from its own
rows only, so later rows cannot change them), so no state is carried from one
deployment to the next and any week can be built again. Kept to the latest
`WEEKS` full weeks, and to one page each (the week's country shares, the country
chart through that week as still pictures, its top labs and models), the build
grows by a bounded amount however long the data runs.
"""

from __future__ import annotations

from html import escape

import pandas as pd
import yaml

from macros.charts.declarations import named
from macros.data.catalog import Catalog
from macros.pages import tables
from macros.publish import staticchart
from macros.series import formatting as fmt
from macros.series import views
from macros.series.views.base import PAGE_WEEKS

FOLDER = "archive"
WEEKLY = "weekly"  # the folder of the weekly briefings (pages/weekly.py), one per full week
WEEKS = 13  # a quarter of full weeks keep a dated page
META_KEY = "tokenshare_week"
CHART = "country_share_weekly"
TOP = 10


def weeks(cat: Catalog) -> list[str]:
    """The archived weeks' Mondays (YYYY-MM-DD), newest first: the latest WEEKS full weeks."""
    if not cat.has(views.DAILY):
        return []
    table = views.weeks(cat)
    full = sorted(table.loc[~table["partial"], "week_start"])[-WEEKS:]
    return [pd.Timestamp(w).strftime("%Y-%m-%d") for w in reversed(full)]


def label(week: str) -> str:
    return pd.Timestamp(week).strftime("%-d %B %Y")


def week_of(src_uri: str, kept) -> str | None:
    """The week an archive page shows ('archive/2026-08-10.md' -> '2026-08-10'), or None."""
    folder, _, name = src_uri.partition("/")
    week = name.removesuffix(".md")
    return week if folder == FOLDER and week in kept else None


def last_day(week: str):
    """The Sunday a week's archive stops at (a date)."""
    return (pd.Timestamp(week) + pd.Timedelta(days=6)).date()


def pages(cat: Catalog) -> dict[str, str]:
    """docs path -> Markdown: a page per archived week and the archive's index."""
    kept = weeks(cat)
    out = {f"{FOLDER}/{w}.md": _source(w) for w in kept}
    if kept:
        items = "\n".join(f"- [The week of {label(w)}]({w}.md)" for w in kept)
        out[f"{FOLDER}/index.md"] = (
            "---\ndescription: The site's key numbers as they stood for each of the latest full weeks, at a dated address.\n---\n\n"
            "# Archive\n\nEach full week keeps a page at a dated address, so a figure cited today can be found as it "
            f"read that week. The latest {WEEKS} full weeks are kept, each rebuilt from the daily rows up to its last "
            f"day: later data never changes it.\n\n{items}\n"
        )
    return out


def _source(week: str) -> str:
    meta = {
        "title": f"The week of {label(week)} (archive)",
        "description": f"OpenRouter tokens by country, the largest labs and models in the week of {label(week)}, as the data stood at its end.",
        META_KEY: week,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n# Archive: the week of {label(week)}\n\n{{{{ archive_week() }}}}\n"


def profile(cat: Catalog, outputs, week: str, base: str, linker) -> str:
    """The body of a week's archive page (HTML)."""
    start = pd.Timestamp(week)
    end = start + pd.Timedelta(days=6)
    through = views.country_weekly_through(cat, week).frame  # the rows up to the week's end
    decl, _ = named(cat, CHART)
    shown = views.country_weekly_through(cat, week, PAGE_WEEKS)
    chart = staticchart.still(cat, outputs, decl, shown, base, end.strftime("%Y-%m-%d"), "chart-country-share-weekly")
    live = [("", "home page"), ("countries/", "countries"), ("labs/", "labs"), ("models/", "models")]
    links = ", ".join(f'<a href="{escape(base + path)}">{name}</a>' for path, name in live)
    return (
        f'<p class="ts-archive__note">Archived: the site\'s numbers for the week of {escape(label(week))} '
        f"(Monday to Sunday, UTC), computed from the daily rows up to {escape(end.strftime('%-d %B %Y'))}, "
        f'its last day, so later data does not change them. The live {links} follow the latest week; '
        f'<a href="{escape(base + FOLDER)}/">other weeks</a>. What changed that week, in words: '
        f'<a href="{escape(base + WEEKLY)}/{escape(week)}/">its briefing</a>.</p>'
        f'<p class="ts-archive__finding">{_finding(cat, through, start)}</p>'
        + chart
        + '<h2 id="labs">The largest labs that week</h2>'
        + tables.table(cat, "lab_shares", week=week, top=TOP, linker=linker)
        + '<h2 id="models">The most-used models that week</h2>'
        + tables.table(cat, "top_models", period=week, n=TOP, linker=linker)
    )


def _finding(cat: Catalog, through: pd.DataFrame, start: pd.Timestamp) -> str:
    """The week's country shares in one sentence, and China's and the US's move from the week before."""
    week = through[through["week_start"] == start].set_index("country_group")
    share = lambda g: float(week["share_pct"].get(g, 0.0))
    text = (
        f"In the week of {escape(label(start.strftime('%Y-%m-%d')))}, Chinese labs took {escape(fmt.percent(share('CN')))} "
        f"of OpenRouter tokens and US labs {escape(fmt.percent(share('US')))}; labs of other countries took "
        f"{escape(fmt.percent(share('OTHER')))}, and {escape(fmt.percent(share('UNKNOWN')))} went to models with no known "
        f"lab. All together: {escape(fmt.tokens(float(week['tokens'].sum())))} tokens."
    )
    before = through[(through["week_start"] == start - pd.Timedelta(days=7)) & ~through["partial"]].set_index("country_group")
    if not before.empty:
        moved = lambda g: share(g) - float(before["share_pct"].get(g, 0.0))
        text += (f" From the week before, China's share moved {escape(fmt.points(moved('CN')))} "
                 f"and the United States' {escape(fmt.points(moved('US')))}.")
    return text
