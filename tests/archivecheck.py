"""Reading the archive pages and the charts' Cite of a built site, checked against tests/rows.py."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd

import rows
from pagetext import page, tables, text


def archive_numbers_shown(site, week: pd.Timestamp, data=rows.DATA) -> None:
    """Assert that the archive page of `week` shows that week's numbers from the truncated rows."""
    expected = rows.archived_week(week, data)
    html = page(site, f"archive/{week:%Y-%m-%d}")
    body = text(html)
    shares = expected["shares"]
    assert (f"In the week of {rows.day(week)}, Chinese labs took {rows.percent(shares['CN'])} of OpenRouter tokens "
            f"and US labs {rows.percent(shares['US'])}; labs of other countries took {rows.percent(shares['OTHER'])}, "
            f"and {rows.percent(shares['UNKNOWN'])} went to models with no known lab.") in body
    sunday = week + pd.Timedelta(days=6)
    assert f"up to {rows.day(sunday)}" in body
    # under its title it says where its data stops, not the live site's "Data through" (which ages and goes stale)
    assert f"Archived: data through {sunday:%-d %b %Y} (the week's last day)" in body
    assert 'id="ts-freshness"' not in html and "more than two weeks old" not in body
    assert f'href="../../weekly/{week:%Y-%m-%d}/"' in html, "the archive links the week's briefing"
    briefing = page(site, f"weekly/{week:%Y-%m-%d}")
    assert f'href="../../archive/{week:%Y-%m-%d}/"' in briefing, "the briefing links the week's archive"
    labs, models = [t for t in tables(html) if t and t[0][0] in ("Lab", "Rank")][:2]
    shown_labs = [(r[0], r[-1]) for r in labs[1:]]
    top = expected["labs"].head(len(shown_labs))
    assert shown_labs == [(name, f"{share:.1f}") for name, share in top.items()]
    links = re.findall(r'<a href="\.\./\.\./models/([^"]+)/"', html.split('id="models"', 1)[1])
    assert len(links) == 10 and [r[0] for r in models[1:]] == [str(i) for i in range(1, 11)]
    plain = lambda slug: re.sub(r"[^a-z0-9]+", "", slug.lower())
    for link, permaslug in zip(links, expected["models"]):  # a model's page is at its permaslug, made a file name
        assert plain(link).startswith(plain(permaslug.split(":")[0])), (link, permaslug)
    # the chart's numbers run through the archived week, not a day past it
    still = re.search(r'<figure class="ts-still".*?</figure>', html, flags=re.S).group(0)
    weeks_shown = [pd.Timestamp(r[0]) for r in tables(still)[0][1:]]
    assert max(weeks_shown) == week
    for src in re.findall(r'(?:src|srcset)="([^"]+)"', still):
        assert (site / "archive" / f"{week:%Y-%m-%d}" / src).resolve().is_file(), src


def cites(html: str) -> dict[str, tuple[str, str, str | None]]:
    """chart anchor -> (its title, its citation's words, its dated link or None)."""
    out = {}
    for figure in re.findall(r'<figure class="ts-chart".*?</figure>', html, flags=re.S):
        anchor = re.search(r'id="([^"]+)"', figure).group(1)
        cite = re.search(r'<details class="ts-chart__cite"><summary>Cite</summary>(.*?)</details>', figure, flags=re.S)
        assert cite, f"{anchor}: a chart without its Cite"
        title = unescape(re.search(r'class="ts-chart__title"[^>]*>(.*?)</a>', figure).group(1))
        dated = re.search(r'class="ts-cite__dated" href="([^"]+)"', cite.group(1))
        out[anchor] = (title, text(cite.group(1)), dated.group(1) if dated else None)
    return out
