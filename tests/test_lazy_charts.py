"""Charts load their library when the reader reaches for them; search loads its index when opened (issue 16).

On the real site in Chromium: with the network throttled, a chart page shows every
chart's static picture and runs no Vega script; pointing at a chart, focusing inside
it or calling `tokenshareCharts.live` makes it live in the same box (layout shifts
measured with a PerformanceObserver); the interface another script uses
(docs/assets/explore.js) transforms the spec and hears `ts:live`; search works the
first time it is opened, though its index was not downloaded with the page.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from test_freshness import csv_dates
from browser_support import Reader, browser, context_for, reader, served  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

CLS_OBSERVER = """
window.__cls = 0; window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) {
    window.__cls += e.value;
    window.__shifts.push([e.value, ...(e.sources || []).map(s => s.node ? (s.node.className || s.node.nodeName) : '?')]); } })
    .observe({type: 'layout-shift', buffered: true});
"""
VEGA_RAN = "() => typeof window.vegaEmbed !== 'undefined' || typeof window.vega !== 'undefined'"
SLOW_3G = {"offline": False, "latency": 150, "downloadThroughput": 200 * 1024, "uploadThroughput": 90 * 1024}


def _vendor_scripts(reader: Reader) -> list[str]:
    return reader.page.evaluate("[...document.scripts].map(s => s.src).filter(s => s.includes('/vendor/'))")


def test_a_throttled_chart_page_shows_every_picture_before_any_vega_runs_and_a_pointed_chart_goes_live_in_place(context_for):
    reader = context_for()
    # A reader's clock within two weeks of the data's last day: the stale-data notice is a deliberate
    # alarm above the content (its own shift is bounded in test_freshness_browser.py).
    last = max(csv_dates())
    reader.page.clock.set_fixed_time(datetime(last.year, last.month, last.day, 12) + timedelta(days=3))
    reader.page.add_init_script(CLS_OBSERVER)
    cdp = reader.page.context.new_cdp_session(reader.page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    reader.page.goto(reader.base + "countries/", wait_until="load", timeout=120000)
    figures = reader.page.locator("figure.ts-chart")
    assert figures.count() >= 2
    boxes = []
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        picture = figure.locator(".ts-static--light img")  # the reader's scheme here is light
        reader.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle(), timeout=60000)
        boxes.append(figure.locator(".ts-chart__view").bounding_box()["height"])
        assert not figure.evaluate("f => f.classList.contains('ts-chart--live')"), "a chart went live unasked"
    # The reader has scrolled: in idle time the bundle is prefetched into the cache, never run.
    reader.page.wait_for_function("() => document.querySelector('link[rel=prefetch][href*=\"/vendor/\"]')", timeout=10000)
    reader.page.wait_for_timeout(1500)
    assert not reader.page.evaluate(VEGA_RAN), "a Vega script ran before the reader reached for a chart"
    assert _vendor_scripts(reader) == [], "the Vega bundle was put in the page before the reader reached for a chart"
    # (explore.js fetches <chart>.explore.json at once: the controls' series and weeks, a few KB, counted in make bench's first load)
    assert not any("/assets/charts/" in u and u.endswith(".json") and not u.endswith(".explore.json")
                   for u in reader.requests), "a chart's spec was fetched unasked"

    # Point at the first chart: it goes live, in the box its picture held.
    reader.page.evaluate("window.scrollTo(0, 0)")
    first = figures.nth(0).locator(".ts-chart__view")
    first.scroll_into_view_if_needed()
    shift_before = reader.page.evaluate("window.__cls")
    first.hover()
    reader.page.wait_for_function("() => document.querySelector('figure.ts-chart').classList.contains('ts-chart--live')",
                                  timeout=120000)
    assert reader.page.evaluate(VEGA_RAN)
    live = first.locator(".ts-chart__live svg").bounding_box()
    assert first.bounding_box()["height"] == pytest.approx(boxes[0], abs=1)
    assert live["height"] == pytest.approx(boxes[0], abs=2), "the live chart does not fill the picture's box"
    assert reader.page.evaluate("window.__cls") - shift_before <= 0.01
    assert reader.page.evaluate("window.__cls") <= 0.01, reader.page.evaluate("window.__shifts")
    assert not figures.nth(1).evaluate("f => f.classList.contains('ts-chart--live')"), "pointing at one chart made another live"
    assert reader.errors == []


def test_a_chart_whose_picture_is_not_there_yet_goes_live_at_once_in_a_box_of_its_own(reader):
    """make serve draws a new chart's pictures after the rebuild, so the reloaded page may ask for them
    before they exist: then each chart goes live unasked, at a chart's height (not a broken picture's),
    above its source line."""
    reader.page.route("**/assets/charts/*.svg", lambda route: route.fulfill(status=404, body="not drawn yet"))
    reader.open("countries/")
    figures = reader.page.locator("figure.ts-chart")
    assert figures.count() >= 2
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()  # its pictures are lazy: asked for once near the view
        reader.page.wait_for_function("f => f.classList.contains('ts-chart--live')", arg=figure.element_handle(), timeout=30000)
        live = figure.locator(".ts-chart__live svg").bounding_box()
        source = figure.locator(".ts-chart__source").bounding_box()
        assert live["height"] >= 300 and live["width"] >= 600, live
        assert live["y"] + live["height"] <= source["y"] + 1, (live, source)
        assert figure.locator(".ts-static img:visible").count() == 0  # no broken picture beside it
    assert [e for e in reader.errors if "404" not in e] == []


def test_focus_inside_a_chart_makes_it_live(reader):
    reader.open("labs/")
    assert not reader.page.evaluate(VEGA_RAN)
    reader.page.locator("figure.ts-chart").nth(0).locator("a.ts-chart__title").focus()
    reader.page.wait_for_function("() => document.querySelector('figure.ts-chart').classList.contains('ts-chart--live')",
                                  timeout=20000)
    assert reader.page.locator("figure.ts-chart").nth(0).locator(".ts-chart__live svg").count() == 1
    assert reader.errors == []


def test_the_interface_another_script_uses(reader):
    """tokenshareCharts.live and redraw resolve with a vega View; _tsTransform gets a copy of the Vega-Lite spec
    before every embed; ts:live is dispatched after every embed."""
    reader.open("countries/")
    result = reader.page.evaluate("""async () => {
        const figure = document.querySelector('figure.ts-chart');
        const seen = [], events = [];
        figure.addEventListener('ts:live', e => events.push(typeof e.detail.view.signal));
        figure._tsTransform = spec => { seen.push(spec.$schema || ''); spec.title = 'TRANSFORMED ' + seen.length; return spec; };
        const view = await window.tokenshareCharts.live(figure);
        const again = await window.tokenshareCharts.live(figure);  // already live: no second embed
        const redrawn = await window.tokenshareCharts.redraw(figure);
        const texts = [...figure.querySelectorAll('.ts-chart__live svg text')].map(t => t.textContent);
        let refused = null;
        try { await window.tokenshareCharts.live(document.body); } catch (e) { refused = e.message; }
        return {view: typeof view.signal, same: view === again, redrawn: typeof redrawn.runAsync, fresh: redrawn !== view,
                seen, events, title: texts.includes('TRANSFORMED 2'), refused};
    }""")
    assert result["view"] == "function" and result["same"] and result["redrawn"] == "function" and result["fresh"]
    assert len(result["seen"]) == 2 and all("vega-lite" in s for s in result["seen"]), "the transform did not get the Vega-Lite spec"
    assert result["events"] == ["function", "function"]
    assert result["title"], "the transformed spec was not the one drawn"
    assert result["refused"] and "not a chart" in result["refused"]


def test_the_theme_runs_at_the_first_gesture_and_search_loads_its_index_when_opened(reader):
    """theme-on-demand.js: the theme's bundle neither loads nor runs while the page loads; the
    reader's first move runs it (search field, palette toggle, instant navigation); opening
    search then fetches the index, and search works on first use."""
    reader.open("")
    reader.page.wait_for_timeout(1000)
    assert not any("/assets/javascripts/bundle." in u for u in reader.requests), "the theme loaded with the page"
    assert reader.page.evaluate("typeof window.document$") == "undefined"
    assert not reader.page.locator("input.md-search__input").is_visible()  # the theme's no-JavaScript page
    reader.page.locator("header.md-header").hover()  # the reader reaches for the header
    reader.theme_ready()
    assert sum("/assets/javascripts/bundle." in u for u in reader.requests) == 1
    assert reader.page.locator("label.md-header__button[for^='__palette']:visible").count() == 1
    assert not any(u.endswith("search/search_index.json") for u in reader.requests), "the index loaded with the theme"
    with reader.page.expect_response(lambda r: r.url.endswith("search/search_index.json")):
        reader.page.locator("input.md-search__input").click()  # desktop: the field is in the header
    # The theme's worker builds its index from the file, then invites typing (a busy machine: seconds)
    reader.page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('Type to start')", timeout=30000)
    reader.page.locator("input.md-search__input").press_sequentially("Kimi")
    result = reader.page.locator(".md-search-result__item").first
    result.wait_for(state="visible", timeout=15000)
    assert "kimi" in reader.page.locator(".md-search-result").inner_text().lower()
    assert reader.errors == []


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_a_readers_system_palette_shows_before_the_theme_runs_and_stays(context_for, scheme):
    """With no palette chosen yet, the page takes the system's, as the theme would, from the first
    paint; a scroll on a phone then runs the theme, which keeps it and shows the matching toggle."""
    reader = context_for(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme=scheme)
    reader.open("labs/")
    expected = {"dark": "slate", "light": "default"}[scheme]
    assert reader.page.evaluate("typeof window.document$") == "undefined"
    assert reader.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    reader.page.mouse.wheel(0, 400)
    reader.theme_ready()
    assert reader.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    toggle = reader.page.locator("label.md-header__button[for^='__palette']:visible")
    assert toggle.count() == 1
    assert toggle.get_attribute("title") == {"dark": "Switch to light mode", "light": "Switch to dark mode"}[scheme]
    assert reader.errors == []


def test_a_tap_on_a_phone_makes_a_chart_live(context_for):
    reader = context_for(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    reader.open("countries/")
    figure = reader.page.locator("figure.ts-chart").nth(0)
    figure.locator(".ts-chart__view").scroll_into_view_if_needed()
    assert not reader.page.evaluate(VEGA_RAN)
    figure.locator(".ts-chart__view").tap()
    reader.page.wait_for_function("() => document.querySelector('figure.ts-chart').classList.contains('ts-chart--live')",
                                  timeout=20000)
    assert figure.locator(".ts-chart__live svg").bounding_box()["width"] <= 390
    assert reader.errors == []
