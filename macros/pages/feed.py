"""The weekly briefings as an Atom 1.0 feed (`feed.xml` at the site's root).

One entry per full week, newest first: its title, a link to its briefing, its
summary the briefing's opening paragraph (plain text; the XML writer escapes
it). Dates come from the rows' "as of" (when the API answered), never the
clock, so two builds of the same data give the same bytes. An entry's id is a
tag: URI of the site's host and the week's Monday, so it never changes and a
feed reader never shows a week twice, whatever else moves.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape
from urllib.parse import urljoin, urlsplit

import pandas as pd

from macros.data.catalog import Catalog
from macros.pages import briefing, weekly
from macros.series import views

ATOM = "http://www.w3.org/2005/Atom"
PATH = "feed.xml"
TITLE = "weekly briefings"


def stamp(moment: pd.Timestamp) -> str:
    """An Atom date (RFC 3339, UTC): 2026-08-22T00:00:00Z."""
    moment = pd.Timestamp(moment)
    moment = moment.tz_convert("UTC").tz_localize(None) if moment.tzinfo else moment
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def tag(site_url: str, day: str, name: str) -> str:
    """tag:<host>,<day>:<path><name>: the host without its port, so a test server's port cannot change it."""
    parts = urlsplit(site_url or "")
    host = parts.hostname or "tokenshare.invalid"
    path = parts.path.strip("/")
    return f"tag:{host},{day}:{path + '/' if path else ''}{name}"


def entry_id(site_url: str, week: str) -> str:
    """A week's id: tag:<host>,<its Monday>:weekly/<its Monday>."""
    return tag(site_url, week, f"{weekly.FOLDER}/{week}")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom(cat: Catalog, site_url: str, site_name: str) -> bytes:
    """The feed's bytes."""
    ET.register_namespace("", ATOM)
    root_url = site_url or ""
    weeks = weekly.pages(cat)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", f"{site_name}: {TITLE}")
    _add(feed, "subtitle", "What changed on OpenRouter each full week, written from the data.")
    _add(feed, "id", tag(root_url, weeks[-1] if weeks else "2026-01-01", PATH))  # dated by the first full week
    _add(feed, "link", rel="self", type="application/atom+xml", href=urljoin(root_url, PATH))
    _add(feed, "link", rel="alternate", type="text/html", href=urljoin(root_url, f"{weekly.FOLDER}/"))
    dates = [views.week_as_of(cat, pd.Timestamp(w)) for w in weeks]
    _add(feed, "updated", stamp(max(dates)) if dates else "1970-01-01T00:00:00Z")
    author = _add(feed, "author")
    _add(author, "name", site_name)
    for week, updated in zip(weeks, dates):
        entry = _add(feed, "entry")
        _add(entry, "title", weekly.title(week))
        _add(entry, "id", entry_id(root_url, week))
        _add(entry, "link", rel="alternate", type="text/html", href=urljoin(root_url, f"{weekly.FOLDER}/{week}/"))
        _add(entry, "updated", stamp(updated))
        _add(entry, "summary", briefing.lead(cat, pd.Timestamp(week)), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def head_link(base: str, site_name: str) -> str:
    """The <link> every page's head carries to the feed (relative, so it works wherever the site is served)."""
    return (f'<link rel="alternate" type="application/atom+xml" title="{escape(site_name)}: {TITLE}" '
            f'href="{escape(base)}{PATH}">')
