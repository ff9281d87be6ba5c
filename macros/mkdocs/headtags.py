"""Finishing touches on each built page's HTML (called from the MkDocs hook).

- Names for two landmarks Material leaves unnamed (its search dialog and its
  progress bar), which screen readers announce as nameless.
- The <link> to the Atom feed of the weekly briefings, in every page's head.
- Three scripts in the head, before the first paint:
  docs/assets/before-paint.js (the page is scripted; the data is old by the
  reader's clock, read from a <meta> with the day it runs through),
  docs/assets/search-on-demand.js (the search index waits until search is opened)
  and docs/assets/theme-on-demand.js (the theme's bundle, taken out of the page,
  runs at the reader's first gesture).
- "For editors" in the footer: the editors' pages are not in the readers' menu.
- OpenGraph and Twitter card tags: title, description and a picture of the
  page's lead chart, so a shared link previews the finding, not a logo.
Every value is escaped. If Material's markup changes, the labels simply stop
applying, and the accessibility tests (axe-core) say so.
"""

from __future__ import annotations

import re
from html import escape

LABELS = {
    '<div class="md-search" data-md-component="search" role="dialog">':
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search the site">',
    '<div class="md-progress" data-md-component="progress" role="progressbar">':
        '<div class="md-progress" data-md-component="progress" role="progressbar" aria-label="Loading the next page">',
}


class PatchError(RuntimeError):
    """The page is not shaped as expected: publishing it without the patch would be wrong."""


def accessibility(html: str) -> str:
    for old, new in LABELS.items():
        if old in html:
            html = html.replace(old, new, 1)
    return html


def social_tags(html: str, *, site_name: str, title: str, description: str, url: str, image: str | None, image_alt: str) -> str:
    """Insert card tags before </head>; `image` is an absolute URL (cards need one)."""
    if "</head>" not in html:
        raise PatchError("no </head> in the page: cannot add social card tags")
    tags = [
        ("property", "og:type", "website"),
        ("property", "og:site_name", site_name),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if image:
        tags += [
            ("property", "og:image", image),
            ("property", "og:image:width", "1200"),
            ("property", "og:image:height", "630"),
            ("property", "og:image:alt", image_alt),
            ("name", "twitter:image", image),
            ("name", "twitter:image:alt", image_alt),
        ]
    block = "".join(f'<meta {attr}="{escape(key)}" content="{escape(value)}">' for attr, key, value in tags)
    return html.replace("</head>", block + "</head>", 1)


def feed_link(html: str, link: str) -> str:
    """Insert the feed's <link> (already escaped HTML) before </head>."""
    if "</head>" not in html:
        raise PatchError("no </head> in the page: cannot link the feed")
    return html.replace("</head>", link + "</head>", 1)


BEFORE_PAINT = "assets/before-paint.js"  # marks the page scripted, and its data old, before the first paint
SEARCH_ON_DEMAND = "assets/search-on-demand.js"  # the search index loads when the reader opens search
THEME_ON_DEMAND = "assets/theme-on-demand.js"  # the theme's bundle runs at the reader's first gesture

# The theme's bundle, at the end of the body. Run while the page loads, it was almost all of the
# main thread's blocking time; the page needs none of it to be read. It is taken out, and
# theme-on-demand.js runs it at the reader's first gesture (from data-theme-bundle).
_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def head_scripts(html: str, base: str, meta: str = "") -> str:
    """Insert, before </head>, `meta` (already escaped HTML: what before-paint.js reads) and our three
    head scripts (files of this site, `base` their way up to its root), which run before the first
    paint; the theme's bundle leaves the page for theme-on-demand.js."""
    if "</head>" not in html:
        raise PatchError("no </head> in the page: cannot add the scripts that run before the first paint")
    bundle = _BUNDLE.search(html)
    if not bundle:
        raise PatchError("no theme bundle <script> at the end of the page: cannot load it on demand")
    html = html[:bundle.start()] + html[bundle.end():]
    scripts = "".join(f'<script src="{escape(base + src)}"></script>' for src in (BEFORE_PAINT, SEARCH_ON_DEMAND))
    scripts += f'<script src="{escape(base + THEME_ON_DEMAND)}" data-theme-bundle="{escape(bundle.group(1))}"></script>'
    return html.replace("</head>", meta + scripts + "</head>", 1)


FOOTER = '<div class="md-copyright__highlight">'


def editors_link(html: str, href: str) -> str:
    """Add a link to the editor's guide at the end of the footer's copyright line."""
    start = html.find(FOOTER)
    end = html.find("</div>", start)
    if start < 0 or end < 0:
        raise PatchError("no copyright line in the page's footer: cannot link the editor's guide")
    return html[:end].rstrip() + f' · <a href="{escape(href)}">For editors</a>\n' + html[end:]
