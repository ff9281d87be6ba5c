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


@pytest.mark.parametrize("path", ["", "countries/"])
def test_the_live_chart_is_named_by_the_static_pictures_alt(reader, path):
    """Once Vega has drawn, the chart's accessible name is still the finding (Vega's own is "Vega visualization")."""
    reader.open(path)
    reader.draw_all_charts()
    figures = reader.page.locator("figure.ts-chart")
    assert figures.count() > 0
    for i in range(figures.count()):
        figure = figures.nth(i)
        alt = figure.locator(".ts-static img").first.get_attribute("alt")
        assert alt and "Vega" not in alt
        live = figure.locator(".ts-chart__live")
        assert (live.get_attribute("role"), live.get_attribute("aria-label")) == ("img", alt)
        assert figure.get_by_role("img", name=alt, exact=True).count() == 1  # the static picture is hidden
    # Chromium's own accessibility tree: each chart an image named by its alt, none "Vega visualization".
    nodes = reader.page.context.new_cdp_session(reader.page).send("Accessibility.getFullAXTree")["nodes"]
    names = [str(n.get("name", {}).get("value", "")) for n in nodes if not n.get("ignored")]
    assert not [n for n in names if "Vega visualization" in n]
    alts = figures.evaluate_all("fs => fs.map(f => f.querySelector('.ts-static img').alt)")
    images = {str(n.get("name", {}).get("value", "")) for n in nodes
              if not n.get("ignored") and n.get("role", {}).get("value") in ("image", "img")}
    assert set(alts) <= images


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["guide/", "reference/"])
def test_editors_pages_code_passes_axe(context_for, path, scheme):
    """The `{{ … }}` examples' highlighting reaches 4.5:1 in both palettes (Material's sat at 4.44–4.47)."""
    from axe_playwright_python.sync_playwright import Axe

    reader = context_for(color_scheme=scheme)
    reader.open(path)
    assert reader.page.locator(".highlight code span").count() > 10  # highlighted code is there to check
    reader.settle()
    results = Axe().run(reader.page)
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


WORDS_WHOLE = """cells => cells.filter(cell => {
    // Any word of the cell laid out on more than one line box is broken inside.
    const range = document.createRange();
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\\S+/g)) {
            range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) return true;
        }
    }
    return false;
}).map(cell => cell.textContent)"""


@pytest.mark.parametrize("path", ["models/", "economics/", "labs/"])
def test_phone_tables_keep_words_whole_dates_on_one_line_and_the_first_column_fixed(context_for, path):
    reader = context_for(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    reader.open(path)
    broken = reader.page.eval_on_selector_all("article table td, article table th", WORDS_WHOLE)
    assert broken == []
    dates = reader.page.eval_on_selector_all(
        "article td.ts-date", "cs => cs.filter(c => c.getClientRects().length && c.querySelector('*') === null"
        " && (() => { const r = document.createRange(); r.selectNodeContents(c);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; })()).map(c => c.textContent)")
    assert dates == []
    wide = reader.page.evaluate("""() => [...document.querySelectorAll('article .ts-table-wrap')]
        .filter(w => w.scrollWidth > w.clientWidth + 20 && !w.closest('details:not([open])')).length""")
    if path in ("models/", "economics/"):
        assert wide > 0, "expected a table wider than a phone"
    for i in range(wide):
        moved = reader.page.evaluate("""i => {
            const wrap = [...document.querySelectorAll('article .ts-table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 20 && !w.closest('details:not([open])'))[i];
            const first = wrap.querySelector('tbody tr > :first-child'), second = wrap.querySelector('tbody tr > :nth-child(2)');
            first.scrollIntoView({block: 'center', inline: 'nearest'});
            wrap.scrollLeft = 0;
            const before = [first.getBoundingClientRect().left, second.getBoundingClientRect().left];
            const by = Math.min(120, wrap.scrollWidth - wrap.clientWidth);
            wrap.scrollLeft = by;
            const after = [first.getBoundingClientRect().left, second.getBoundingClientRect().left];
            const hit = document.elementFromPoint(after[0] + 5, first.getBoundingClientRect().top + 5);
            return {first: after[0] - before[0], second: after[1] - before[1] + by, onTop: first.contains(hit),
                    hit: hit && hit.outerHTML.slice(0, 120), cell: first.outerHTML.slice(0, 120)};
        }""", i)
        # The first column stays put and on top of the others, which slide under it by the scroll.
        assert abs(moved["first"]) <= 1.5 and abs(moved["second"]) < 1 and moved["onTop"], moved  # 1 px: the table's border
    assert reader.page.evaluate("document.documentElement.scrollWidth") == 390
