"""The weekly briefings as pages: one per full week, generated from the data, and the Weekly page.

`pages(cat)` lists the full weeks, newest first, each at `weekly/<YYYY-MM-DD>/`
(the Monday it starts); `source` is a briefing's Markdown (front matter and one
macro call), `page` its body, `index` the Weekly page's list. The week not over
yet is shown only on the Weekly page and the newest briefing, marked as
partial. The claims that changed status are filled in by `fill_claims` once
every page has been read (claims are collected as pages render).
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd
import yaml

from macros.core.safe import html_text
from macros.data.catalog import Catalog
from macros.pages import archive, briefing
from macros.pages.claims import Claim, at_week
from macros.series import formatting as fmt
from macros.series import views

FOLDER = "weekly"
_MARK = re.compile(r'<div class="ts-week-claims" data-ts-week="(\d{4}-\d{2}-\d{2})"></div>')


def pages(cat: Catalog) -> list[str]:
    """Every full week as YYYY-MM-DD (its page is weekly/<it>/), newest first."""
    return [f"{w:%Y-%m-%d}" for w in reversed(views.full_weeks(cat))]


def title(week) -> str:
    return f"The week of {briefing.day(week)}"


def source(cat: Catalog, week: str) -> str:
    """The Markdown of a week's briefing; data reaches it only through YAML, never as template code."""
    meta = {
        "title": html_text(title(week)),
        "description": html_text(briefing.lead(cat, pd.Timestamp(week))),
        "tokenshare_week": week,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n# {title(week)}\n\n{{{{ weekly_briefing() }}}}\n"


def page(cat: Catalog, week: str, base: str, linker) -> str:
    """The body of a week's briefing page (HTML): lead, the week so far (newest only), the rest, and links."""
    weeks = pages(cat)
    at = weeks.index(week)
    parts = [f'<p class="ts-week-lead">{escape(briefing.lead(cat, pd.Timestamp(week)))}</p>']
    if at == 0:
        parts.append(partial(cat))
    parts.append(briefing.body(cat, pd.Timestamp(week), linker))
    links = []
    if at + 1 < len(weeks):
        links.append(f'<a href="{base}{FOLDER}/{weeks[at + 1]}/">← {escape(title(weeks[at + 1]))}</a>')
    links.append(f'<a href="{base}{FOLDER}/">Every week</a>')
    if week in archive.weeks(cat):
        links.append(f'<a href="{base}{archive.FOLDER}/{week}/">The charts and tables as they stood that week</a>')
    if at > 0:
        links.append(f'<a href="{base}{FOLDER}/{weeks[at - 1]}/">{escape(title(weeks[at - 1]))} →</a>')
    parts.append(f'<p class="ts-week-nav">{" · ".join(links)}</p>')
    return "".join(parts)


def index(cat: Catalog, base: str) -> str:
    """The Weekly page's body: the week so far, then every full week's lead, newest first."""
    weeks = pages(cat)
    if not weeks:
        return "<p>The data has no full week yet.</p>"
    parts = [f'<p>Follow them in a feed reader: <a href="{base}feed.xml">the Atom feed</a> gains an entry each full week.</p>',
             partial(cat)]
    for week in weeks:
        parts.append(f'<h2 id="week-{week}"><a href="{base}{FOLDER}/{week}/">{escape(title(week))}</a></h2>'
                     f'<p class="ts-week-lead">{escape(briefing.lead(cat, pd.Timestamp(week)))}</p>')
    return "".join(parts)


def partial(cat: Catalog) -> str:
    """The week not over yet, clearly marked as partial ("" when the rows end on a Sunday)."""
    week = views.partial_week(cat)
    full = views.full_weeks(cat)
    if week is None or not full:
        return ""
    start, days = pd.Timestamp(week["week_start"]), int(week["days"])
    frame = views.country_weekly(cat).frame
    now = frame[frame["week_start"] == start].set_index("country_group")
    before = frame[frame["week_start"] == full[-1]].set_index("country_group")
    last = start + pd.Timedelta(days=days - 1)
    cn, us = (fmt.percent(now.loc[c, "share_pct"]) for c in ("CN", "US"))
    cn_before, us_before = (fmt.percent(before.loc[c, "share_pct"]) for c in ("CN", "US"))
    text = (f"The week of {briefing.day(start)} is not over: the rows cover {briefing.count(days)} of its seven days, "
            f"through {briefing.day(last)}. So far Chinese labs have taken {cn} of OpenRouter tokens ({cn_before} in the "
            f"last full week) and US labs {us} ({us_before}), of {fmt.tokens(float(week['total_tokens']))} tokens. "
            "These figures will change; the week gets its briefing once it is complete.")
    return ('<div class="admonition warning ts-partial-week" role="note"><p class="admonition-title">'
            f"So far this week (partial: {briefing.count(days)} of seven days)</p><p>{escape(text)}</p></div>")


def _distinct(claims: list[Claim]) -> list[Claim]:
    """Each sentence once (the first place it is made), in page order."""
    seen, out = set(), []
    for claim in sorted(claims, key=lambda c: (c.page, c.line or 0)):
        if claim.text not in seen:
            seen.add(claim.text)
            out.append(claim)
    return out


def changed(cat: Catalog, claims: list[Claim], week: str) -> list[tuple[Claim, Claim]]:
    """(now, the week before) for every claim whose status in `week` differs from the full week before."""
    prev = views.previous(cat, pd.Timestamp(week))
    if prev is None:
        return []
    out = []
    for claim in _distinct(claims):
        now, before = at_week(cat, claim, week), at_week(cat, claim, f"{prev:%Y-%m-%d}")
        if now is not None and before is not None and now.holds != before.holds:
            out.append((now, before))
    return out


def claims_html(cat: Catalog, claims: list[Claim], week: str, base: str) -> str:
    flips = changed(cat, claims, week)
    if not flips:
        return "<p>No claim checked on this site changed status from the week before.</p>"
    items = []
    for now, before in flips:
        link = f'<a href="{escape(base + now.url)}#{escape(now.anchor)}">{escape(now.text)}</a>'
        if now.holds:
            said = f"now holds: {escape(now.evidence)}. The week before it did not: {escape(before.evidence)}."
        else:
            said = f"no longer holds: {escape(now.evidence)}. The week before it did: {escape(before.evidence)}."
        state = "holds" if now.holds else "fails"
        items.append(f'<li class="ts-week-claim ts-week-claim--{state}">“{link}” {said}</li>')
    lead = "One claim" if len(flips) == 1 else f"{briefing.count(len(flips)).capitalize()} claims"
    return (f"<p>{lead} checked on this site changed status this week:</p>"
            f'<ul class="ts-week-claims">{"".join(items)}</ul>')


def marks_claims(html: str) -> bool:
    """Whether a page holds a place for a week's changed claims (`fill_claims`)."""
    return _MARK.search(html) is not None


def fill_claims(html: str, cat: Catalog, claims: list[Claim], base: str) -> str:
    """Put each week's changed claims where its briefing marked them (called once every page has been read)."""
    return _MARK.sub(lambda m: claims_html(cat, claims, m.group(1), base), html)
