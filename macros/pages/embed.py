"""Embed pages: `embed/<chart>/`, one chart alone for other sites to put in an `<iframe>`.

A chart named in a hand-written page (`{{ chart("country_share_weekly") }}` in
docs/) gets one: its title, static picture (drawn without JavaScript), source
line with its "as of", Cite, table and downloads, and the controls the page's
scripts add; no site header, menu or search. The pages are out of the menu
(mkdocs.yml's not_in_nav), out of the search index and marked noindex. Their
template is registered here, from our own text: it extends the theme's
main.html and empties its header (an empty stand-in stays: the theme's script stops at a page
without one), tabs and sidebars. With no palette toggle, the page follows the
reader's light or dark preference (docs/assets/embed.js, loaded before the chart).

Framing: a `<meta>` policy cannot say who may frame a page (`frame-ancestors`
is a header only); README.md says which header a host sends for these pages
and for every other one.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from urllib.parse import urljoin

import yaml

from macros.charts.declarations import NAMED_CHARTS
from macros.publish.figure import slug

FOLDER = "embed"
TEMPLATE = "embed.html"
# A named chart in a page: chart("name") or chart(name="name"), the name first (a declared chart has none).
_NAMED = re.compile(r"""\{\{-?\s*chart\(\s*(?:name\s*=\s*)?["']([a-z0-9_]+)["']\s*\)""")

TEMPLATE_TEXT = """{% extends "main.html" %}
{% block extrahead %}<meta name="robots" content="noindex">{% endblock %}
{% block header %}<div data-md-component="header" hidden></div>{% endblock %}
{% block tabs %}{% endblock %}
{% block site_nav %}{% endblock %}
{% block container %}<div class="md-content ts-embed" data-md-component="content"><article class="md-content__inner md-typeset">
<script src="{{ 'assets/embed.js' | url }}"></script>
{{ page.content }}<p class="ts-embed__from">From
<a href="{{ base_url }}/" target="_blank" rel="noopener">{{ config.site_name | e }}</a>.</p></article></div>{% endblock %}
{% block footer %}<footer class="md-footer"><div class="md-footer-meta md-typeset"><div class="md-footer-meta__inner md-grid">
<div class="md-copyright"><div class="md-copyright__highlight">{{ config.copyright | e }}</div></div></div></div></footer>{% endblock %}
"""


def named_in(docs_dir: Path) -> list[str]:
    """The named charts the hand-written pages of `docs_dir` show, in the order first met. A name that
    is no chart of the catalogue gets no page: its page reports the mistake, once."""
    found: dict[str, None] = {}
    for page in sorted(Path(docs_dir).rglob("*.md")):
        if FOLDER in page.relative_to(docs_dir).parts[:1]:
            continue
        for name in _NAMED.findall(page.read_text(encoding="utf-8")):
            if name in NAMED_CHARTS:
                found.setdefault(name, None)
    return list(found)


def path(name: str) -> str:
    """The embed page of a named chart, from the site's root ("embed/country-share-weekly/")."""
    return f"{FOLDER}/{slug(name)}/"


def pages(names: list[str]) -> dict[str, str]:
    """docs path -> Markdown of each chart's embed page."""
    return {f"{FOLDER}/{slug(name)}.md": _source(name) for name in names}


def _source(name: str) -> str:
    meta = {
        "title": f"Chart: {name.replace('_', ' ')}",
        "description": "One Token Share chart, for embedding in another page.",
        "template": TEMPLATE,
        "search": {"exclude": True},  # an embed repeats a chart already found on its page
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{{{{ chart({name!r}) }}}}\n"


def mark(figure_html: str, name: str, site_url: str, base: str) -> str:
    """The figure with `data-embed`: its embed page's address (absolute from site_url when the site has
    one), for the page's script to make the "Embed" button's snippet."""
    href = urljoin(site_url, path(name)) if site_url else base + path(name)
    return figure_html.replace('<figure class="ts-chart" ', f'<figure class="ts-chart" data-embed="{escape(href)}" ', 1)


def attach(env) -> None:
    """Make the embed template known to the theme's Jinja environment (once: it is kept across rebuilds)."""
    from jinja2 import ChoiceLoader, DictLoader

    if getattr(env, "_tokenshare_embed", False):
        return
    env.loader = ChoiceLoader([DictLoader({TEMPLATE: TEMPLATE_TEXT}), env.loader])
    env._tokenshare_embed = True
