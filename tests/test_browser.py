"""The real site in headless Chromium (Debian's package), as a reader meets it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitetools import CHROMIUM, launch, pages, serve

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", pytrace=False)

from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def served(site, site_port):
    with serve(site, site_port) as base:
        yield base


class Reader:
    """A page plus everything it asked the network for and complained about."""

    def __init__(self, context, base: str):
        self.page = context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="networkidle")

    def follow(self, link_text: str, path: str) -> None:
        """Click a navigation link and wait until the new page is in place and wired up."""
        self.page.locator("nav.md-nav--primary a.md-nav__link", has_text=link_text).first.click()
        self.page.wait_for_function("p => document.body.getAttribute('data-ts-page') === p", arg=path)

    def draw_all_charts(self) -> list[dict]:
        """Scroll each chart into view (they draw when visible) and wait until all are live."""
        self.page.wait_for_function("() => document.body.getAttribute('data-ts-page') === location.pathname")
        count = self.page.locator("figure.ts-chart").count()
        for i in range(count):  # one at a time, as a reader scrolls
            self.page.locator("figure.ts-chart").nth(i).scroll_into_view_if_needed()
            self.page.wait_for_function(
                "i => document.querySelectorAll('figure.ts-chart')[i].classList.contains('ts-chart--live')",
                arg=i, timeout=20000,
            )
        return self.page.evaluate("""() => [...document.querySelectorAll('figure.ts-chart')].map(f => {
            const svg = f.querySelector('.ts-chart__live svg');
            const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
            return {id: f.id, width: r.width, height: r.height, marks: svg ? svg.querySelectorAll('path, rect, line, text').length : 0,
                    background: svg ? getComputedStyle(svg).backgroundColor : null};
        })""")

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.base) or u.startswith("data:") or u.startswith("blob:"))]


@pytest.fixture
def reader(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Reader(context, served)
    context.close()


def test_site_has_the_pages(site):
    assert set(pages(site)) >= {"", "countries/", "labs/", "models/", "economics/", "benchmarks/", "methodology/", "data/"}


@pytest.mark.parametrize("path", ["", "countries/", "labs/", "models/", "economics/", "benchmarks/", "methodology/", "data/"])
def test_every_chart_renders_without_errors_or_foreign_requests(reader, path):
    reader.open(path)
    charts = reader.draw_all_charts()
    for chart in charts:
        assert chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["marks"] > 5, chart
    assert reader.errors == []
    assert reader.foreign_requests() == []


def test_charts_survive_instant_navigation_and_palette_toggle(reader):
    reader.open("")
    first = reader.draw_all_charts()
    assert first
    light_bg = first[0]["background"]
    # Instant navigation: Material swaps the content in place, no full reload.
    reader.page.evaluate("window.__same_document = true")
    reader.follow("Countries", "/countries/")
    assert reader.page.evaluate("window.__same_document === true"), "the click reloaded the page"
    after_nav = reader.draw_all_charts()
    assert after_nav and all(c["width"] > 100 for c in after_nav)
    # Dark mode: the palette toggle re-renders every chart in the dark palette.
    reader.page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    reader.page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    reader.page.wait_for_function(
        "bg => [...document.querySelectorAll('.ts-chart__live svg')].every(s => getComputedStyle(s).backgroundColor !== bg)",
        arg=light_bg, timeout=10000,
    )
    dark = reader.draw_all_charts()
    assert all(c["background"] != light_bg for c in dark)
    # And back after another instant navigation, still dark and still drawn.
    reader.follow("Labs", "/labs/")
    assert all(c["width"] > 100 and c["background"] != light_bg for c in reader.draw_all_charts())
    assert reader.errors == []
    assert reader.foreign_requests() == []


def test_hover_shows_a_tooltip(reader):
    reader.open("countries/")
    reader.draw_all_charts()
    point = reader.page.locator("#chart-country-share-weekly .ts-chart__live svg path[aria-roledescription='point'], #chart-country-share-weekly .ts-chart__live svg .mark-symbol path").first
    point.hover(force=True)
    tooltip = reader.page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "Share of tokens" in tooltip.inner_text()
