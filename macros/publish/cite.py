"""A chart's "Cite": how to cite it (text and BibTeX), and the dated archive page of the week it shows;
and the site's own citation, for the methodology page.

A live chart moves with every new week; the dated link (see pages/archive.py)
keeps what it showed for the week it was cited. The text is fixed by the data
("data as of"), never by the clock, so two builds of the same data agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin

import pandas as pd


@dataclass(frozen=True)
class CiteContext:
    """What a chart's citation needs from its page and the site."""

    site_name: str
    site_url: str  # may be "": the citation then gives the page's path
    page_url: str  # the page's path from the site's root ("countries/")
    archived: tuple[str, ...] = ()  # the Mondays (YYYY-MM-DD) of the weeks with an archive page
    archive_folder: str = "archive"  # archive/<Monday>/ from the site's root


WEEK_COLUMNS = ("week_start", "period_start")  # the views' columns that name a week by its Monday


def weeks_shown(rows: pd.DataFrame) -> tuple[str, ...]:
    """The Mondays of the weeks a chart's rows show (none for a chart of snapshots or prices)."""
    found = set()
    for column in WEEK_COLUMNS:
        if column in rows.columns:
            found.update(pd.to_datetime(rows[column].dropna()).dt.strftime("%Y-%m-%d"))
    return tuple(sorted(found))


def _absolute(ctx: CiteContext, path: str) -> str:
    return urljoin(ctx.site_url, path) if ctx.site_url else "/" + path


def cite_html(ctx: CiteContext, base: str, anchor: str, title: str, as_of: str, weeks: tuple[str, ...]) -> str:
    """A small `<details>` with the citation and, when the latest week the chart shows has an
    archive page, its dated link (a chart of the April snapshot or of prices has none)."""
    when = as_of[:10]
    year = when[:4]
    text = f"{ctx.site_name} ({year}). “{title}”. Data as of {when}. {_absolute(ctx, ctx.page_url)}#{anchor}"
    dated = ""
    kept = sorted(set(weeks) & set(ctx.archived))
    if kept:
        week = pd.Timestamp(kept[-1]).strftime("%-d %B %Y")
        path = f"{ctx.archive_folder}/{kept[-1]}/"
        archived = _absolute(ctx, path)
        text += f". Archived for the week of {week}: {archived}"
        dated = (f'<p>As it stood for the week of {escape(week)}: '
                 f'<a class="ts-cite__dated" href="{escape(base + path)}">{escape(archived)}</a></p>')
    url = f"{_absolute(ctx, ctx.page_url)}#{anchor}"
    entry = bibtex(f"tokenshare-{anchor.removeprefix('chart-')}-{when}", title, ctx.site_name, year, url,
                   f"Data as of {when}", f"Chart on the {ctx.site_name} website")
    return (
        '<details class="ts-chart__cite"><summary>Cite</summary>'
        f'<p class="ts-cite__text">{escape(text)}</p>{dated}'
        f'<p>BibTeX:</p><pre class="ts-cite__bibtex"><code>{escape(entry)}</code></pre></details>'
    )


_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def bib_text(text: str) -> str:
    """Text safe inside a BibTeX field's braces (a title may hold any character a label does)."""
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in str(text)).replace("\n", " ")


def bibtex(key: str, title: str, author: str, year: str, url: str, note: str, howpublished: str) -> str:
    """A @misc entry; the author in double braces, as BibTeX reads an organisation's name whole.
    The URL is left as it is (url and \\url{} take it verbatim)."""
    key = "".join(c if c.isalnum() or c in "-_:" else "-" for c in key)
    fields = [("title", "{" + bib_text(title) + "}"), ("author", "{" + bib_text(author) + "}"), ("year", year),
              ("url", url), ("howpublished", bib_text(howpublished) + ", \\url{" + url + "}"), ("note", bib_text(note))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def site_citation_html(ctx: CiteContext, description: str, as_of: str, last_day: str) -> str:
    """The site's own citation, as text and BibTeX, dated by its data (never the clock)."""
    when = as_of[:10]
    year = when[:4]
    url = _absolute(ctx, "")
    title = f"{ctx.site_name}: {description}" if description else ctx.site_name
    through = f", daily rows through {last_day}" if last_day else ""
    text = f"{ctx.site_name} ({year}). {title}. Data as of {when}{through}. {url}"
    entry = bibtex(f"tokenshare-{when}", title, ctx.site_name, year, url, f"Data as of {when}{through}", "Website")
    return (
        f'<p class="ts-cite__text">{escape(text)}</p>'
        f'<pre class="ts-cite__bibtex"><code>{escape(entry)}</code></pre>'
    )
