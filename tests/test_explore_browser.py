"""A reader explores a weekly chart (docs/assets/explore.js), in headless Chromium.

One chart, the country share on the Countries page: its series picker, range,
share/tokens and line/area switches, its link that reopens the same view, its
keyboard reading (checked against the rows, tests/rows.py), axe and the CSP.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import rows as R
from browser_support import Reader, browser, context_for, csp_violations, served, watch_csp  # noqa: F401  (fixtures)

CHART = "#chart-country-share-weekly"
KEY = "country-share-weekly"
SHOTS = Path("/tmp/explore-shots")


def open_chart(reader: Reader, path: str = "countries/", hash_: str = "") -> None:
    watch_csp(reader)
    reader.open(path + hash_)
    reader.page.wait_for_function("() => document.body.getAttribute('data-ts-page') === location.pathname")
    reader.page.locator(f"{CHART} .ts-explore").wait_for(timeout=20000)
    reader.page.locator(CHART).scroll_into_view_if_needed()
    reader.page.locator(f"{CHART} .ts-chart__view").hover(force=True)  # a chart goes live when the reader reaches for it
    wait_drawn(reader)


def wait_drawn(reader: Reader) -> None:
    """Until the chart is live and drawn with the controls' state (its nearest-week rule is there)."""
    reader.page.wait_for_function(
        """sel => { const f = document.querySelector(sel);
            return f && f._tsView && f.classList.contains('ts-chart--live') &&
                   f._tsView.getState().signals.ts_week !== undefined; }""", arg=CHART, timeout=20000)
    reader.page.evaluate("sel => document.querySelector(sel)._tsView.runAsync().then(() => null)", CHART)


def redraw(reader: Reader, action) -> None:
    """Do `action`, then wait until the chart is drawn anew (a new Vega view)."""
    reader.page.evaluate("sel => { document.querySelector(sel)._oldView = document.querySelector(sel)._tsView; }", CHART)
    action()
    reader.page.wait_for_function("sel => { const f = document.querySelector(sel); return f._tsView && f._tsView !== f._oldView; }",
                                  arg=CHART, timeout=20000)
    wait_drawn(reader)


def line_count(reader: Reader) -> int:
    return reader.page.locator(f"{CHART} .ts-chart__live svg .mark-line path").count()


def y_title(reader: Reader) -> str:
    return reader.page.evaluate(f"""() => [...document.querySelectorAll('{CHART} .ts-chart__live svg .role-axis-title text')]
        .map(t => t.textContent).join(' | ')""")


def x_domain(reader: Reader) -> list[float]:
    return reader.page.evaluate("sel => document.querySelector(sel)._tsView.scale('x').domain().map(Number)", CHART)


def utc(day: str) -> float:
    return pd.Timestamp(day, tz="UTC").timestamp() * 1000


def test_picker_range_measure_and_a_link_that_reopens_the_view(context_for):
    reader = context_for(permissions=["clipboard-read", "clipboard-write"])
    # A link that leaves "Unknown" out: the chart opens with three lines
    open_chart(reader, hash_=f"#{KEY}:series=US,CN,OTHER")
    page = reader.page
    assert page.locator(f"{CHART} .ts-explore__series summary").inner_text().startswith("Series: 3 of 4")
    assert line_count(reader) == 3
    assert page.locator(f"{CHART} .ts-explore__search").count() == 0  # four series: no search box
    assert page.locator(f"{CHART} .ts-chart__live svg text", has_text="Unknown").count() == 0

    # the picker adds it, and the chart draws it
    page.locator(f"{CHART} .ts-explore__series summary").click()
    redraw(reader, lambda: page.locator(f"{CHART} .ts-explore__panel label", has_text="Unknown").locator("input").check())
    assert line_count(reader) == 4
    assert page.locator(f"{CHART} .ts-chart__live svg text", has_text="Unknown").count() >= 1

    # a later "from" narrows the x domain to the weeks chosen
    weeks = page.locator(f"{CHART} select[data-range=from] option").evaluate_all("os => os.map(o => o.value)")
    assert len(weeks) > 4
    before = x_domain(reader)
    redraw(reader, lambda: page.locator(f"{CHART} select[data-range=from]").select_option(weeks[3]))
    after = x_domain(reader)
    # (the scale pads a few pixels beyond the first and last weeks)
    assert utc(weeks[2]) < after[0] <= utc(weeks[3]) and before[0] < utc(weeks[0]) + 1
    assert after[1] - after[0] < before[1] - before[0] and after[1] >= utc(weeks[-1])

    # share -> tokens changes the y axis' title, and the end labels read tokens
    assert "Share of tokens" in y_title(reader)
    redraw(reader, lambda: page.locator(f"{CHART} .ts-explore__toggle button", has_text="Tokens").click())
    assert y_title(reader) == "Tokens"
    latest = R.full_weeks()[-1]
    china = R.tokens(R.country_tokens(latest)["CN"])
    assert page.locator(f"{CHART} .ts-chart__live svg text", has_text=f"China {china}").count() == 1

    # lines -> stacked areas: one area a series
    redraw(reader, lambda: page.locator(f"{CHART} .ts-explore__toggle button", has_text="Stacked areas").click())
    assert page.locator(f"{CHART} .ts-chart__live svg .mark-area path").count() == 4

    # "Share" copies a link with the whole state; a new page opened at it shows the same view
    page.locator(f"{CHART} .ts-explore__share").click()
    page.locator(f"{CHART} .ts-explore__status", has_text="Link copied").wait_for()
    link = page.evaluate("navigator.clipboard.readText()")
    assert f"#{KEY}:" in link and f"from={weeks[3]}" in link and "y=tokens" in link and "mark=area" in link
    assert "series=" not in link  # every series is back: the default is not written

    again = context_for()
    watch_csp(again)
    again.page.goto(link, wait_until="networkidle")
    again.page.locator(f"{CHART} .ts-explore").wait_for(timeout=20000)
    wait_drawn(again)
    assert y_title(again) == "Tokens"
    assert utc(weeks[2]) < x_domain(again)[0] <= utc(weeks[3])
    assert again.page.locator(f"{CHART} .ts-chart__live svg .mark-area path").count() == 4
    assert again.page.locator(f"{CHART} select[data-range=from]").input_value() == weeks[3]
    assert again.page.locator(f"{CHART} .ts-explore__toggle button[aria-pressed=true]").all_inner_texts() == ["Tokens", "Stacked areas"]
    assert csp_violations(reader) == [] and csp_violations(again) == []
    assert reader.errors == [] and again.errors == []


def test_keyboard_reaches_the_chart_and_arrow_keys_say_each_week(context_for):
    reader = context_for()
    open_chart(reader)
    page = reader.page
    page.locator(f"{CHART} .ts-explore__share").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("sel => document.activeElement === document.querySelector(sel + ' .ts-chart__view')", CHART)
    say = page.locator(f"{CHART} .ts-explore__say")
    assert say.get_attribute("aria-live") == "polite"

    page.keyboard.press("End")  # the latest week
    last_week = pd.Timestamp(page.locator(f"{CHART} select[data-range=to]").input_value())
    first = say.inner_text()
    shares = R.country_shares(last_week)
    assert first.startswith(f"Week starting {R.day(last_week, '%b')}:")
    assert f"China {R.percent(shares['CN'])}".replace(" ", "") in first.replace(" ", "").replace("\u00a0", "")
    page.keyboard.press("ArrowLeft")
    second = say.inner_text()
    assert second != first and R.day(last_week - pd.Timedelta(days=7), "%b") in second
    # the rule stands at the week said
    week = page.evaluate("sel => document.querySelector(sel)._tsView.signal('ts_week')", CHART)
    assert week == utc((last_week - pd.Timedelta(days=7)).strftime("%Y-%m-%d"))
    assert csp_violations(reader) == []


def test_nearest_week_tooltip_anywhere_in_the_plot(context_for):
    reader = context_for()
    open_chart(reader)
    box = reader.page.locator(f"{CHART} .ts-chart__live svg").bounding_box()
    # the middle of the plot, far from any dot: the rule's tooltip lists every series
    reader.page.mouse.move(box["x"] + box["width"] * 0.40, box["y"] + box["height"] * 0.15)
    reader.page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.15, steps=4)
    tooltip = reader.page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert "Share of tokens, week starting" in text and all(name in text for name in ("United States", "China", "Unknown"))


def test_the_view_survives_a_palette_switch(context_for):
    reader = context_for()
    open_chart(reader, hash_=f"#{KEY}:y=tokens")
    assert y_title(reader) == "Tokens"
    reader.page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    reader.page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    reader.page.wait_for_function(
        """sel => { const f = document.querySelector(sel), t = f.querySelector('.role-axis-title text');
            return t && t.textContent === 'Tokens' && getComputedStyle(f.querySelector('.ts-chart__live svg')).backgroundColor !== 'rgb(255, 255, 255)'; }""",
        arg=CHART, timeout=20000)
    reader.page.wait_for_timeout(1500)  # a late redraw in the light palette or without the view would show here
    assert y_title(reader) == "Tokens"
    assert csp_violations(reader) == []


def test_more_than_ten_series_get_a_search_box(context_for):
    """Synthetic series, added in this browser only: the chart's explore file is intercepted
    and lists eight made-up series more (no rows), so the picker holds twelve."""
    reader = context_for()

    def more_series(route):
        response = route.fetch()
        info = response.json()
        info["series"] += [{"id": f"SYN{i}", "name": f"Synthetic series {i}", "value": f"Synthetic {i}",
                            "narrow": f"Synthetic {i}"} for i in range(8)]
        route.fulfill(response=response, json=info)

    reader.page.route("**/country-share-weekly-*.explore.json", more_series)
    open_chart(reader)
    page = reader.page
    page.locator(f"{CHART} .ts-explore__series summary").click()
    assert page.locator(f"{CHART} .ts-explore__series summary").inner_text().startswith("Series: 12 of 12")
    page.locator(f"{CHART} .ts-explore__search").fill("chi")
    visible = page.locator(f"{CHART} .ts-explore__panel label:visible").all_inner_texts()
    assert [v.strip() for v in visible] == ["China"]
    page.locator(f"{CHART} .ts-explore__search").fill("")
    assert page.locator(f"{CHART} .ts-explore__panel label:visible").count() == 12


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_controls_pass_axe_and_fit_a_phone(context_for, scheme):
    from axe_playwright_python.sync_playwright import Axe

    reader = context_for(color_scheme=scheme, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_chart(reader, hash_=f"#{KEY}:series=US,CN")
    page = reader.page
    page.locator(f"{CHART} .ts-explore__series summary").click()
    reader.settle()
    results = Axe().run(page, context=CHART)
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    overflow = page.evaluate(f"""() => [...document.querySelectorAll('{CHART} .ts-explore *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.outerHTML.slice(0, 80))""")
    assert overflow == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(CHART).screenshot(path=str(SHOTS / f"phone-{scheme}.png"))
    assert csp_violations(reader) == []


def test_without_javascript_there_is_no_dead_control(context_for):
    reader = context_for(java_script_enabled=False)
    reader.open("countries/")
    figure = reader.page.locator(CHART)
    assert figure.get_attribute("data-explore").endswith(".explore.json")  # the controls' data is there for the script
    assert figure.locator(".ts-explore, .ts-explore__say, button, select").count() == 0
    assert figure.locator(".ts-chart__view").get_attribute("tabindex") is None
    assert figure.locator(".ts-static--light img").is_visible()
