"""What issue 4 promises a reader, checked in headless Chromium on every page."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import PAGES, browser, context_for, reader, served  # noqa: F401  (fixtures)
from test_freshness import csv_dates

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", PAGES)
def test_without_javascript_every_chart_shows_its_static_picture(context_for, path):
    reader = context_for(java_script_enabled=False)
    reader.open(path)
    pictures = reader.page.evaluate("""() => [...document.querySelectorAll('figure.ts-chart')].map(f => {
        const img = [...f.querySelectorAll('img')].find(i => i.getBoundingClientRect().width > 0);
        return img ? {src: img.currentSrc, complete: img.complete, natural: img.naturalWidth,
                      width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height,
                      alt: img.alt} : null;
    })""")
    for picture in pictures:
        assert picture is not None, "a chart shows no picture without JavaScript"
        assert picture["complete"] and picture["natural"] > 0 and picture["height"] > 50, picture
        assert "-light-" in picture["src"]


@pytest.mark.parametrize("path", ["", "labs/", "benchmarks/"])
def test_interactive_chart_takes_the_static_pictures_place_without_layout_shift(context_for, path):
    reader = context_for()
    # A reader's clock within two weeks of the data's last day: the notice that the data is stale
    # is a deliberate alarm placed above the content (its shift is bounded in test_freshness_browser.py).
    last = max(csv_dates())
    reader.page.clock.set_fixed_time(datetime(last.year, last.month, last.day, 12) + timedelta(days=3))
    reader.page.add_init_script("""
        window.__cls = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
            .observe({type: 'layout-shift', buffered: true});
    """)
    reader.open(path)
    before = reader.page.evaluate("[...document.querySelectorAll('.ts-chart__view')].map(v => v.getBoundingClientRect().height)")
    reader.draw_all_charts()
    after = reader.page.evaluate("""() => [...document.querySelectorAll('.ts-chart__view')].map(v => {
        const svg = v.querySelector('.ts-chart__live svg');
        return [v.getBoundingClientRect().height, svg.getBoundingClientRect().height];
    })""")
    for height, (view, live) in zip(before, after):
        assert view == pytest.approx(height, abs=1), "the chart's box changed size when it became interactive"
        assert live == pytest.approx(view, abs=2), "the interactive chart does not fill the static picture's box"
    assert reader.page.evaluate("window.__cls") < 0.01


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(context_for, path, scheme):
    reader = context_for(color_scheme=scheme)
    reader.open(path)
    reader.draw_all_charts()
    reader.settle()
    results = Axe().run(reader.page)
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("path", PAGES)
def test_phone_width_has_no_horizontal_scrolling(context_for, path):
    reader = context_for(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    reader.open(path)
    reader.draw_all_charts()
    assert reader.page.evaluate("document.documentElement.scrollWidth") == 390
    widths = reader.page.evaluate("[...document.querySelectorAll('.ts-chart__live svg')].map(s => s.getBoundingClientRect().width)")
    assert all(w <= 390 for w in widths)


def looks_like(url: str, body: bytes) -> bool:
    """Whether a download is the kind of file its name says."""
    if url.endswith(".csv"):
        return body.decode("utf-8").splitlines()[0].count(",") >= 1
    if url.endswith(".vl.json"):
        return json.loads(body)["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    if url.endswith(".svg"):
        return body.lstrip().startswith(b"<svg")
    if url.endswith(".png"):
        return body.startswith(b"\x89PNG\r\n\x1a\n")
    if url.endswith(".meta.yml"):
        return b"columns:" in body
    if url.endswith("datapackage.json"):
        return bool(json.loads(body)["resources"])
    if url.endswith(".schema.json"):
        return json.loads(body)["$schema"].startswith("http://json-schema.org/")
    if "/api/v1/" in url and url.endswith(".json"):
        return {"meta", "rows"} <= set(json.loads(body))
    raise AssertionError(f"unexpected download {url}")


@pytest.mark.parametrize("path", PAGES)
def test_every_download_link_resolves_to_a_file_of_its_type(context_for, path):
    reader = context_for()
    reader.open(path)
    for url in reader.page.eval_on_selector_all("a[download]", "as => as.map(a => a.href)"):
        response = reader.page.request.get(url)
        assert response.ok and response.body(), url
        assert looks_like(url, response.body()), url


def test_palette_toggle_changes_background_and_text_colours(reader):
    reader.open("countries/")
    reader.draw_all_charts()
    colours = "() => { const s = document.querySelector('.ts-chart__live svg'); const t = s.querySelector('.role-axis-label text');" \
              " return [getComputedStyle(s).backgroundColor, t.getAttribute('fill')]; }"
    light = reader.page.evaluate(colours)
    reader.page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    reader.page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    reader.page.wait_for_function(f"() => ({colours})()[0] !== {json.dumps(light[0])}")
    dark = reader.page.evaluate(colours)
    assert dark[0] != light[0] and dark[1] != light[1]


def test_tables_sort_by_value_when_a_header_is_clicked(reader):
    reader.open("labs/")
    table = reader.page.locator("article table.ts-table").nth(1)
    header = table.locator("th", has_text="Share of tokens")
    header.locator("button").click()
    values = [float(v) for v in table.locator("tbody td:nth-child(4)").all_inner_texts()]
    assert values == sorted(values)
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    values = [float(v) for v in table.locator("tbody td:nth-child(4)").all_inner_texts()]
    assert values == sorted(values, reverse=True)
