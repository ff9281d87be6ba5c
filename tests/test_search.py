"""The readers' search: names inside tables are words of their own; editors' pages stay out of it.

Checked on the built real site's search index (Material's search_index.json), against
names taken from the rows and the catalogue, not from today's pages.
"""

from __future__ import annotations

import json
import re
from html import escape

import pytest

import rows
from macros.mkdocs.searchtext import spaced_cells
from pagetext import page, tables

EDITORS = ("guide/", "reference/", "columns/")
READERS = ("", "countries/", "labs/", "models/", "economics/", "benchmarks/", "methodology/", "data/")


def test_cells_rows_and_parts_of_a_table_are_separated():
    html = "<table><thead><tr><th>Model</th><th>Lab</th></tr></thead><tbody><tr><td>Kimi K2.6</td><td>Moonshot AI</td></tr></tbody></table>"
    spaced = spaced_cells(html)
    assert "Kimi K2.6</td>\n<td>Moonshot AI" in spaced and "</th>\n<th>" in spaced and "</tr>\n</tbody>" in spaced
    assert re.sub(r"\s+", "", spaced) == re.sub(r"\s+", "", html)  # nothing but whitespace added
    assert spaced_cells("<p>a</p><p>b</p><code>&lt;/td&gt;&lt;td&gt;</code>") == "<p>a</p><p>b</p><code>&lt;/td&gt;&lt;td&gt;</code>"


@pytest.fixture(scope="module")
def index(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _indexed(index, path: str) -> str:
    return " ".join(e["text"] for e in index if e["location"].split("#")[0] == path)


@pytest.mark.build
@pytest.mark.parametrize("path", ["models/", "economics/", "benchmarks/", "labs/moonshotai/"])
def test_every_table_cell_is_a_phrase_of_its_own_in_the_index(site, index, path):
    """What a table shows (as the page's HTML has it) is found in the index between spaces, not glued
    to the next cell: "Kimi K2.6 Moonshot AI", never "Kimi K2.6Moonshot AI"."""
    indexed = " " + re.sub(r"\s+", " ", _indexed(index, path)) + " "
    cells = {c for t in tables(page(site, path.rstrip("/"))) for r in t[1:] for c in r if c.strip()}
    assert cells, path
    missing = [c for c in cells if f" {escape(' '.join(c.split()), quote=False)} " not in indexed]
    assert missing == [], (path, missing[:5])


@pytest.mark.build
def test_a_search_for_kimi_finds_the_models_that_carry_the_name(index):
    """Every Kimi model in the rows is found under its word "Kimi" on the models page."""
    daily = rows.daily()
    kimi = daily[daily["model_name"].str.contains("Kimi", na=False)]
    assert not kimi.empty  # the real data has Moonshot's Kimi models
    assert re.search(r"(^|\s)Kimi\s", _indexed(index, "models/"))
    assert re.search(r"(^|\s)Kimi\s", _indexed(index, "labs/moonshotai/"))


@pytest.mark.build
def test_editors_pages_are_built_linked_from_every_footer_and_not_in_the_menu_or_search(site, index):
    locations = {e["location"].split("#")[0] for e in index}
    assert not locations & set(EDITORS), locations & set(EDITORS)
    assert set(READERS) <= locations
    for path in EDITORS:
        assert (site / path / "index.html").is_file(), path
    for path in READERS + EDITORS + ("labs/moonshotai/",):
        html = page(site, path.rstrip("/"))
        footer = html.split('<footer class="md-footer">')[1]
        depth = "../" * path.count("/")
        assert f'<a href="{depth}guide/">For editors</a>' in footer, path
        menu = html.split('<nav class="md-nav md-nav--primary"')[1].split("</nav>")[0]
        assert "For editors" not in menu and 'href="' + depth + 'reference/"' not in menu, path
