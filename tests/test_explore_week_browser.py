"""A bar chart of one week switches the week; controls come in the order they are seen; embed pages
follow the reader's dark preference. Headless Chromium, against the rows (tests/rows.py).

The bars drawn after a switch are read from the live chart's scenegraph and compared with the
week's shares (or tokens) computed again from data/'s rows: the week is any full week but the one
the chart was built for, so a refresh that brings a new week keeps this meaningful.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import rows as R
from browser_support import Reader, browser, context_for, csp_violations, served, watch_csp  # noqa: F401  (fixtures)

LABS = "#chart-lab-share-latest"
MODELS = "#chart-top-models-latest"
SHOTS = Path("/tmp/explore-week-shots")

BARS = """([sel, field]) => {
    const view = document.querySelector(sel)._tsView, x = view.scale('x'), out = [];
    (function walk(node) {
        if (!node) return;
        if (node.marktype === 'rect' && node.role === 'mark')
            node.items.forEach(i => out.push({value: i.datum[field], row: i.datum.__row, width: i.width, expected: x(i.datum[field]) - x(0)}));
        (node.items || []).forEach(walk);
    })(view.scenegraph().root);
    return out; }"""


def open_live(reader: Reader, sel: str, path: str) -> None:
    watch_csp(reader)
    reader.open(path)
    reader.page.wait_for_function("() => document.body.getAttribute('data-ts-page') === location.pathname")
    reader.page.locator(f"{sel} .ts-explore").wait_for(timeout=20000)
    reader.page.locator(sel).scroll_into_view_if_needed()
    reader.page.locator(f"{sel} .ts-chart__view").hover(force=True)  # the chart goes live when the reader reaches for it
    reader.page.wait_for_function("sel => document.querySelector(sel)._tsView && document.querySelector(sel).classList.contains('ts-chart--live')",
                                  arg=sel, timeout=20000)


def switch(reader: Reader, sel: str, week: str) -> None:
    reader.page.evaluate("sel => { document.querySelector(sel)._oldView = document.querySelector(sel)._tsView; }", sel)
    reader.page.locator(f"{sel} select[data-week]").select_option(week)
    reader.page.wait_for_function("sel => { const f = document.querySelector(sel); return f._tsView && f._tsView !== f._oldView; }",
                                  arg=sel, timeout=20000)


def bars(reader: Reader, sel: str, field: str) -> list[dict]:
    drawn = reader.page.evaluate(BARS, [sel, field])
    assert drawn and all(abs(b["width"] - b["expected"]) < 0.5 for b in drawn)  # each bar is drawn at its value
    return drawn


def texts_outside(reader: Reader, sel: str) -> list[str]:
    """The live chart's texts that stand outside its SVG's box (a label cut or drawn off the picture)."""
    return reader.page.evaluate("""sel => { const svg = document.querySelector(sel + ' .ts-chart__live svg'), box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text')].filter(t => { const r = t.getBoundingClientRect();
            return r.width && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5); })
          .map(t => t.textContent); }""", sel)


def an_earlier_week() -> pd.Timestamp:
    weeks = R.full_weeks()
    assert len(weeks) >= 2, "the data needs two full weeks for a week to switch to"
    return weeks[len(weeks) // 2]


def test_a_lab_chart_switches_to_another_week_with_that_weeks_shares(context_for):
    from axe_playwright_python.sync_playwright import Axe

    reader = context_for(permissions=["clipboard-read", "clipboard-write"])
    fetched = []
    reader.page.on("request", lambda r: fetched.append(r.url))
    open_live(reader, LABS, "labs/")
    page = reader.page
    # the weeks' charts stay off the first load: fetched when a week is picked
    assert not any(u.endswith(".weeks.json") for u in fetched) and any(u.endswith(".explore.json") for u in fetched)
    options = page.locator(f"{LABS} select[data-week] option").evaluate_all("os => os.map(o => o.value)")
    assert options == [w.strftime("%Y-%m-%d") for w in R.full_weeks()]  # every full week of the rows
    latest = R.latest_full_week()
    assert page.locator(f"{LABS} select[data-week]").input_value() == latest.strftime("%Y-%m-%d")
    before_label = page.locator(f"{LABS} .ts-chart__live").get_attribute("aria-label")

    week = an_earlier_week()
    switch(reader, LABS, week.strftime("%Y-%m-%d"))
    assert sum(u.endswith(".weeks.json") for u in fetched) == 1
    drawn = bars(reader, LABS, "share_pct")
    expected = R.lab_shares(week).head(len(drawn))
    assert sorted((b["value"] for b in drawn), reverse=True) == pytest.approx(list(expected), abs=1e-9)
    assert sorted(b["value"] for b in drawn) != pytest.approx(sorted(R.lab_shares(latest).head(len(drawn))), abs=1e-6)
    assert texts_outside(reader, LABS) == []

    # everything the reader is told about the chart names that week
    stamp = R.day(week, "%b")
    title = page.locator(f"{LABS} .ts-chart__title").inner_text()
    assert title.endswith(f"week of {stamp}")
    label = page.locator(f"{LABS} .ts-chart__live").get_attribute("aria-label")
    assert label != before_label and R.percent(expected.iloc[0]).replace(" ", "\u00a0") in label.replace(" ", "\u00a0")
    note = page.locator(f"{LABS} .ts-explore__asbuilt").inner_text()
    assert f"week of {stamp}" in note and f"week of {R.day(latest, '%b')}, as built" in note

    # the link carries the week; "Reset" goes back to the week as built
    assert page.evaluate("location.hash") == f"#lab-share-latest:week={week:%Y-%m-%d}"
    page.locator(f"{LABS} .ts-explore__share").click()
    page.locator(f"{LABS} .ts-explore__status", has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"#lab-share-latest:week={week:%Y-%m-%d}")
    results = Axe().run(page, context=LABS)
    assert [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")] == []
    page.locator(f"{LABS} .ts-explore__reset").click()
    page.wait_for_function("sel => document.querySelector(sel + ' select[data-week]').value === document.querySelector(sel + ' select[data-week] option:last-child').value",
                           arg=LABS)
    assert page.locator(f"{LABS} .ts-explore__asbuilt").inner_text() == ""
    assert page.locator(f"{LABS} .ts-chart__title").inner_text().endswith(f"week of {R.day(latest, '%b')}")
    assert csp_violations(reader) == [] and reader.errors == []


def test_a_link_reopens_the_models_chart_at_its_week(context_for):
    week = an_earlier_week()
    reader = context_for()
    open_live(reader, MODELS, f"models/#top-models-latest:week={week:%Y-%m-%d}")
    page = reader.page
    page.wait_for_function("sel => document.querySelector(sel + ' select[data-week]').value !== ''", arg=MODELS)
    assert page.locator(f"{MODELS} select[data-week]").input_value() == week.strftime("%Y-%m-%d")
    page.wait_for_function("sel => (document.querySelector(sel + ' .ts-chart__live').getAttribute('aria-label') || '') !== ''", arg=MODELS)
    drawn = bars(reader, MODELS, "tokens")
    ranking = R.model_ranking(week)
    assert sorted((b["value"] for b in drawn), reverse=True) == [float(t) for t in ranking["tokens"].head(len(drawn))]
    assert page.locator(f"{MODELS} .ts-chart__title").inner_text().endswith(f"week of {R.day(week, '%b')}")
    assert csp_violations(reader) == []


@pytest.mark.parametrize("width, chart_first", [(390, True), (1280, False)])
def test_tab_reaches_what_is_seen_first(context_for, width, chart_first):
    """On a phone the controls are drawn under the chart: Tab from the title reaches the chart first.
    On a desktop they are drawn above it, and come first."""
    reader = context_for(viewport={"width": width, "height": 844 if width < 600 else 900}, is_mobile=width < 600, has_touch=width < 600)
    chart = "#chart-country-share-weekly"
    open_live(reader, chart, "countries/")
    page = reader.page
    page.locator(f"{chart} .ts-chart__title").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("sel => document.activeElement.closest(sel + ' .ts-chart__view') ? 'chart' : "
                            "document.activeElement.closest(sel + ' .ts-explore') ? 'controls' : document.activeElement.outerHTML.slice(0, 80)", chart)
    assert focused == ("chart" if chart_first else "controls")
    # the order read is the order drawn, for the bar chart's picker too
    for sel, path in ((chart, None), (LABS, "labs/")):
        if path:
            open_live(reader, sel, path)
        tops = page.evaluate("""sel => { const f = document.querySelector(sel);
            return [f.querySelector('.ts-chart__view'), f.querySelector('.ts-explore-slot')].map(e => e.getBoundingClientRect().top); }""", sel)
        dom_after = page.evaluate("sel => !!(document.querySelector(sel + ' .ts-chart__view').compareDocumentPosition("
                                  "document.querySelector(sel + ' .ts-explore-slot')) & Node.DOCUMENT_POSITION_FOLLOWING)", sel)
        assert dom_after == (tops[1] > tops[0]) == chart_first
    # the week picked on this width draws its labels inside the chart too
    switch(reader, LABS, an_earlier_week().strftime("%Y-%m-%d"))
    page.wait_for_timeout(300)
    assert texts_outside(reader, LABS) == []


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_an_embed_page_follows_the_readers_colour_scheme(context_for, scheme):
    reader = context_for(color_scheme=scheme)
    watch_csp(reader)
    reader.open("embed/lab-share-latest/")
    page = reader.page
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    assert page.locator(f"{LABS} .ts-static--{scheme} img").is_visible()
    other = "light" if scheme == "dark" else "dark"
    assert not page.locator(f"{LABS} .ts-static--{other} img").is_visible()
    first = page.evaluate("document.querySelector('.md-content__inner > :not(script)').getBoundingClientRect().top")
    assert first < 20  # no empty band above the chart: the page has no header
    page.locator(f"{LABS} .ts-chart__view").hover(force=True)
    page.wait_for_function("sel => document.querySelector(sel).classList.contains('ts-chart--live')", arg=LABS, timeout=20000)
    background = page.evaluate(f"getComputedStyle(document.querySelector('{LABS} .ts-chart__live svg')).backgroundColor")
    assert (background != "rgb(255, 255, 255)") == (scheme == "dark")
    # the reader's preference changes while the page is open: the page follows
    page.emulate_media(color_scheme=other)
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg="slate" if other == "dark" else "default")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.emulate_media(color_scheme=scheme)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / f"embed-{scheme}.png"))
    assert csp_violations(reader) == [] and reader.errors == []
