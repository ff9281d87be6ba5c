"""The real site in headless Chromium (Debian's package), as a reader meets it."""

from __future__ import annotations

import pytest

from browser_support import PAGES, Reader, browser, context_for, reader, served  # noqa: F401  (fixtures)
from sitetools import pages

pytestmark = pytest.mark.browser


def test_site_has_the_pages(site):
    assert set(pages(site)) >= {"", "countries/", "labs/", "models/", "economics/", "benchmarks/", "methodology/", "data/"}


@pytest.mark.parametrize("path", PAGES)
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
