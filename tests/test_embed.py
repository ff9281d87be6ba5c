"""Embed and cite (issue 15, item 3), on the real site.

Every chart named in a hand-written page has an embed page: the chart alone,
out of the menu and the search index, that shows inside an <iframe> of a page
served from another port (its static picture with JavaScript off), while the
site's other pages refuse to be framed (the header a host sends: README.md).
The "Embed" button copies the snippet that does it. Each chart's Cite and the
methodology page's site citation carry the data's "as of" (read here from the
sidecars, not from the page) and the page's address.
"""

from __future__ import annotations

import json
import re
import tempfile
from html import unescape
from pathlib import Path

import pytest
import yaml

from browser_support import Reader, browser, context_for, served  # noqa: F401  (fixtures)
from sitetools import serve

ROOT = Path(__file__).resolve().parents[1]
NAMED = re.compile(r"""\{\{-?\s*chart\(\s*["']([a-z0-9_]+)["']\s*\)""")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _named_charts() -> list[str]:
    """The named charts the hand-written pages show, read from docs/ here."""
    found = {}
    for page in sorted((ROOT / "docs").glob("*.md")):
        for name in NAMED.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, page)
    return list(found)


def _as_of(dataset: str) -> str:
    return str(yaml.safe_load((ROOT / "data" / f"{dataset}.meta.yml").read_text(encoding="utf-8"))["as_of"])[:10]


def _site_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/"  # the real site is built for the port it is served on (conftest.py)


def test_every_named_chart_has_an_embed_page_out_of_menu_and_search(site):
    names = _named_charts()
    assert len(names) >= 8
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [d["location"] for d in index if d["location"].startswith("embed")]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "embed/" not in home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    for name in names:
        page = (site / "embed" / _slug(name) / "index.html").read_text(encoding="utf-8")
        assert f'id="chart-{_slug(name)}"' in page, name
        assert '<meta name="robots" content="noindex">' in page
        assert 'class="md-header' not in page and "md-nav--primary" not in page and "md-search" not in page, name
        assert re.search(r'<picture class="ts-static ts-static--light">.*?<img src="[^"]+\.svg"', page), name
        assert re.search(r"class=\"ts-chart__source\">[^<]*\b[Aa]s of \d{4}", page), name  # the source line


def test_a_charts_cite_gives_text_and_bibtex_with_its_as_of_and_address(site, site_port):
    url = _site_url(site_port)
    html = (site / "countries" / "index.html").read_text(encoding="utf-8")
    figure = html.split('id="chart-country-share-weekly"', 1)[1].split("</figure>", 1)[0]
    cite = unescape(figure.split('<details class="ts-chart__cite">', 1)[1].split("</details>", 1)[0])
    when = _as_of("openrouter_daily")
    address = f"{url}countries/#chart-country-share-weekly"
    text = re.search(r'<p class="ts-cite__text">(.*?)</p>', cite, re.S).group(1)
    assert f"Data as of {when}" in text and address in text
    bib = re.search(r"<code>(@misc\{.*?\n\})</code>", cite, re.S).group(1)
    title = unescape(re.search(r'class="ts-chart__title"[^>]*>(.*?)</a>', figure).group(1))
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", bib, re.M))
    assert set(fields) >= {"title", "author", "year", "url", "note", "howpublished"}
    assert fields["title"] == "{" + title + "}" and fields["author"] == "{Token Share}"
    assert fields["year"] == when[:4] and fields["url"] == address and when in fields["note"]
    assert address in fields["howpublished"]


def test_the_methodology_page_gives_the_sites_citation(site, site_port):
    url = _site_url(site_port)
    latest = max(_as_of(p.name.removesuffix(".meta.yml")) for p in (ROOT / "data").glob("*.meta.yml"))
    html = unescape((site / "methodology" / "index.html").read_text(encoding="utf-8"))
    section = html.split('id="cite-this-site"', 1)[1]
    text = re.search(r'<p class="ts-cite__text">(.*?)</p>', section, re.S).group(1)
    assert f"Data as of {latest}" in text and text.rstrip().endswith(url)
    bib = re.search(r"<code>(@misc\{.*?\n\})</code>", section, re.S).group(1)
    assert f"url = {{{url}}}" in bib and f"year = {{{latest[:4]}}}" in bib and latest in bib and "author = {{Token Share}}" in bib


HOST = '<!doctype html><title>Another site</title><h1>Another site</h1>{frames}'


def _host(frames: str):
    folder = tempfile.TemporaryDirectory()
    (Path(folder.name) / "index.html").write_text(HOST.format(frames=frames), encoding="utf-8")
    return folder


@pytest.mark.browser
def test_the_embed_button_copies_a_snippet_that_frames_the_chart_from_another_site(context_for, site_port):
    url = _site_url(site_port)
    reader = context_for(permissions=["clipboard-read", "clipboard-write"])
    reader.open("countries/")
    figure = reader.page.locator("#chart-country-share-weekly")
    figure.locator("button.ts-chart__embed-button").click()
    field = figure.locator("input.ts-chart__embed-code")
    snippet = field.input_value()
    assert field.is_visible()
    assert re.fullmatch(r'<iframe src="([^"]+)" title="[^"]+" width="100%" height="\d+" loading="lazy" frameborder="0"></iframe>',
                        snippet), snippet
    assert f'src="{url}embed/country-share-weekly/"' in snippet
    figure.locator(".ts-chart__embed-status").filter(has_text="Copied").wait_for(timeout=5000)
    assert reader.page.evaluate("navigator.clipboard.readText()") == snippet
    # The snippet, pasted into a page served from another port, shows the chart, which goes live when pointed at.
    with _host(snippet) as folder, serve(Path(folder)) as other:
        assert other.split(":")[2] != url.split(":")[2]
        guest = reader.page.context.new_page()
        guest.goto(other, wait_until="networkidle")
        frame = guest.frame_locator("iframe")
        frame.locator("figure.ts-chart .ts-chart__view").hover()
        frame.locator("figure.ts-chart.ts-chart--live .ts-chart__live svg").wait_for(timeout=20000)
    assert reader.errors == []


@pytest.mark.browser
def test_every_embed_page_shows_its_picture_in_another_sites_iframe_with_javascript_off(browser, site, served):
    """Embed pages may be framed by another site; other pages refuse (the host's header: sitetools.frame_policy)."""
    names = _named_charts()
    frames = "".join(f'<iframe src="{served}embed/{_slug(n)}/" width="800" height="700"></iframe>' for n in names)
    frames += f'<iframe src="{served}countries/" width="800" height="700"></iframe>'
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        with _host(frames) as folder, serve(Path(folder)) as other:
            page = context.new_page()
            page.goto(other, wait_until="load")
            for i, name in enumerate(names):
                page.locator("iframe").nth(i).scroll_into_view_if_needed()
                frame = page.frames[i + 1]
                assert frame.url.endswith(f"/embed/{_slug(name)}/"), frame.url
                img = frame.locator(f"#chart-{_slug(name)} .ts-static--light img")
                img.wait_for(state="visible", timeout=10000)
                page.wait_for_timeout(50)
                for _ in range(100):  # JavaScript is off: poll from here
                    if img.evaluate("i => i.complete && i.naturalWidth > 0"):
                        break
                    page.wait_for_timeout(100)
                assert img.evaluate("i => i.complete && i.naturalWidth > 0"), name
                assert frame.locator("button.ts-chart__embed-button").count() == 0  # no dead control without JavaScript
            refused = page.frames[len(names) + 1]
            assert refused.locator("figure.ts-chart").count() == 0, "a page other than an embed page was framed by another site"
    finally:
        context.close()


ROOM = """() => { const slot = document.querySelector('figure.ts-chart .ts-explore-slot');
    return {reserved: parseFloat(getComputedStyle(slot).minHeight), filled: !!slot.querySelector('.ts-explore')}; }"""
CONTROLS = """() => { const f = document.querySelector('figure.ts-chart'), slot = f.querySelector('.ts-explore-slot');
    const head = f.querySelector('.ts-chart__head').getBoundingClientRect(), view = f.querySelector('.ts-chart__view').getBoundingClientRect();
    return {controls: slot.querySelector('.ts-explore').getBoundingClientRect().height, slot: slot.getBoundingClientRect().height,
            above: slot.getBoundingClientRect().top < view.top, gap: view.top - head.bottom, cls: window.__cls}; }"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 1000, 700, 390])
def test_an_embed_pages_controls_fill_the_room_kept_for_them(context_for, width):
    """The room kept for a chart's controls before explore.js adds them (tokenshare.css) follows the
    figure's own width, which on an embed page is nearly the window's: the controls arrive without
    moving the chart, and leave no empty band between the title and the chart. The lines-or-areas
    chart has the most controls (one row on a wide embed page, two on a narrow desktop, four on a phone)."""
    reader = context_for(viewport={"width": width, "height": 900})
    reader.page.add_init_script("""window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries())
        if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    for name in ("country_share_weekly", "lab_share_latest"):  # a chart that splits a whole; a week picker
        reader.page.goto(reader.base + f"embed/{_slug(name)}/", wait_until="commit")
        reader.page.wait_for_selector("figure.ts-chart .ts-explore-slot", state="attached")
        room = reader.page.evaluate(ROOM)
        reader.page.wait_for_selector("figure.ts-chart .ts-explore-slot .ts-explore", timeout=20000)
        reader.page.wait_for_timeout(200)
        seen = reader.page.evaluate(CONTROLS)
        assert seen["controls"] <= room["reserved"] + 1, (name, room, seen)  # nothing moves when they arrive
        assert seen["slot"] - seen["controls"] <= 2, (name, room, seen)  # and no empty room is left
        assert seen["above"] == (width > 600) and seen["cls"] <= 0.01, (name, seen)
        if seen["above"]:  # the title, the controls, the chart: nothing else between
            assert seen["gap"] <= seen["controls"] + 20, (name, seen)
