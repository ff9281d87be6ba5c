"""How fresh the data is, said at the top of every page: "Data through 21 Aug 2026".

The date is the last `date` of the daily rows (`openrouter_daily`), never the
clock, so a build of the same data says the same thing on any day; the line
also names the dataset's source and the "as of" of its sidecar (when the API
answered). `line_html` is plain HTML with a `<time datetime>`, readable
without JavaScript; `docs/assets/tokenshare.js` adds how long ago that was by
the reader's clock. The notice for data more than two weeks old is in the line
from the build, hidden by CSS; `docs/assets/before-paint.js`, in the head,
reads `meta_html`'s day and shows it before the first paint when the reader's
clock says so, so the notice never pushes the page down.
`insert` puts the line right under the page's `<h1>` in the article (the
MkDocs hook calls it on every built page, in one place, after the search
index has read the page, so search results do not repeat it).

A data directory without the daily rows (the hand-curated figures only) gets
no line: there is no day the data runs through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from html import escape

from macros.data.catalog import Catalog
from macros.series.views.base import DAILY

ELEMENT_ID = "ts-freshness"
STALE_AFTER_DAYS = 14  # given to docs/assets/before-paint.js with the day (meta_html)
STALE_NOTICE = "This data is more than two weeks old: the weekly refresh may have stopped."


@dataclass(frozen=True)
class Freshness:
    last_day: date  # the last day the daily rows cover
    as_of: str  # the sidecar's as_of, as written ("2026-08-22T00:00:00Z")
    source: str  # the source's title, as text (escaped where it lands)


def of_catalog(cat: Catalog) -> Freshness | None:
    """The last day of the daily rows, with their "as of" and source; None without daily rows."""
    if cat is None or not cat.has(DAILY):
        return None
    frame = cat.frame(DAILY)
    if frame.empty:
        return None
    last = frame["date"].max()
    meta = cat.meta(DAILY)
    source = cat.sources.get(meta.sources[0]) if meta.sources else None
    return Freshness(last.date(), str(meta.as_of or ""), source.title if source else meta.title)


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def as_of_parts(as_of: str) -> tuple[str, str] | None:
    """(machine value for <time datetime>, as a reader reads it) for an "as of", or None if it is not a date."""
    text = as_of.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text, day_text(moment.date())
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
        return f"{machine(moment)}Z", f"{day_text(moment.date())} {moment:%H:%M} UTC"
    return machine(moment), f"{day_text(moment.date())} {moment:%H:%M}"


def machine(moment: datetime) -> str:
    """A valid <time datetime> value, seconds only when there are some (2026-08-22T00:00)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S" if moment.second or moment.microsecond else "%Y-%m-%dT%H:%M")


def text(fresh: Freshness) -> str:
    """The line as plain text: 'Data through 21 Aug 2026 (OpenRouter Data API, ...; as of 22 Aug 2026 00:00 UTC)'."""
    parts = as_of_parts(fresh.as_of)
    as_of = f"; as of {parts[1]}" if parts else (f"; as of {fresh.as_of}" if fresh.as_of else "")
    return f"Data through {day_text(fresh.last_day)} ({fresh.source}{as_of})"


def line_html(fresh: Freshness) -> str:
    """The line as the page shows it; every value from the data escaped."""
    iso = fresh.last_day.isoformat()
    parts = as_of_parts(fresh.as_of)
    if parts:
        as_of = f'; as of <time datetime="{escape(parts[0])}">{escape(parts[1])}</time>'
    else:
        as_of = f"; as of {escape(fresh.as_of)}" if fresh.as_of else ""
    return (
        f'<p class="ts-freshness" id="{ELEMENT_ID}" data-ts-last-day="{iso}" data-ts-stale-after="{STALE_AFTER_DAYS}">'
        f'<span class="ts-freshness__through">Data through <time class="ts-freshness__date" datetime="{iso}">'
        f'{day_text(fresh.last_day)}</time><span class="ts-freshness__age"></span></span> '
        f'<span class="ts-freshness__source">({escape(fresh.source)}{as_of})</span>'
        f'<span class="ts-freshness__stale" role="status">{STALE_NOTICE}</span></p>'
    )


def meta_html(fresh: Freshness) -> str:
    """The day the data runs through, for the script that decides before the first paint
    whether the notice shows (docs/assets/before-paint.js)."""
    return (f'<meta name="tokenshare:data-through" content="{fresh.last_day.isoformat()}" '
            f'data-stale-after="{STALE_AFTER_DAYS}">')


def archived_html(last_day: date) -> str:
    """The line of an archived page: the day its data stops, which never ages (no id: the script
    that adds the age and the stale notice leaves it alone)."""
    iso = last_day.isoformat()
    return (
        f'<p class="ts-freshness ts-freshness--archived" data-ts-last-day="{iso}">'
        f'<span class="ts-freshness__through">Archived: data through <time class="ts-freshness__date" '
        f'datetime="{iso}">{day_text(last_day)}</time> (the week\'s last day)</span></p>'
    )


_ARTICLE = re.compile(r'<article\b[^>]*\bclass="[^"]*\bmd-content__inner\b[^"]*"[^>]*>')
_H1_END = re.compile(r"</h1\s*>", re.I)


def insert(page: str, line: str) -> str:
    """The page with `line` right after the first <h1> of its article (or at the top of the
    article when it has no h1); a page without Material's article is returned as it is."""
    if not line:
        return page
    article = _ARTICLE.search(page)
    if not article:
        return page
    end = page.find("</article>", article.end())
    h1 = _H1_END.search(page, article.end(), end if end != -1 else len(page))
    at = h1.end() if h1 else article.end()
    return page[:at] + line + page[at:]
