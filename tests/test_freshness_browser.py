"""The freshness line in Chromium: tokenshare.js adds how long ago the data's last day was,
and a notice when that is over two weeks, by the reader's clock (Playwright sets it).

The last day is read from data/openrouter_daily.csv, never written here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from browser_support import browser, context_for, csp_violations, served, watch_csp  # noqa: F401  (fixtures)
from test_freshness import last_day

pytestmark = pytest.mark.browser

NOTICE = "This data is more than two weeks old: the weekly refresh may have stopped."


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0)  # the browser's local noon: far from a day's edge


def wired(reader, path: str) -> dict:
    """Open a page, wait until our script has run on it, and read the line."""
    reader.open(path)
    reader.page.wait_for_function("() => document.body.getAttribute('data-ts-page') === location.pathname")
    return line(reader)


def line(reader) -> dict:
    return reader.page.evaluate("""() => {
        const line = document.getElementById('ts-freshness');
        const notice = line.querySelector('.ts-freshness__stale');
        const box = notice.getBoundingClientRect();
        return {text: line.innerText, age: line.querySelector('.ts-freshness__age').textContent,
                notice: box.height > 0 ? notice.textContent : '', role: notice.getAttribute('role'),
                stale: box.width > 0 && box.height > 0,  // the notice as the reader sees it, whatever shows it
                noticeHeight: box.height, noticeWidth: box.width, datetime: line.querySelector('time').getAttribute('datetime')};
    }""")


def test_the_real_clock_finds_the_data_old_and_says_so(context_for):
    reader = watch_csp(context_for())
    shown = wired(reader, "")
    today = date.today()
    days = int(re.search(r", (\d+) days ago", shown["age"]).group(1))
    assert abs(days - (today - last_day()).days) <= 1  # the browser's calendar day, not necessarily UTC's
    if days > 14:  # the data in the repository is months old by now
        assert shown["stale"] and shown["notice"] == NOTICE and shown["role"] == "status" and shown["noticeHeight"] > 10
    assert shown["datetime"] == last_day().isoformat()
    assert csp_violations(reader) == [] and reader.errors == []


@pytest.mark.parametrize("after, age, stale", [(0, ", today", False), (1, ", 1 day ago", False), (9, ", 9 days ago", False),
                                               (14, ", 14 days ago", False), (15, ", 15 days ago", True)])
def test_within_two_weeks_no_notice(context_for, after, age, stale):
    reader = context_for()
    reader.page.clock.set_fixed_time(at_noon(last_day() + timedelta(days=after)))
    shown = wired(reader, "countries/")
    assert shown["age"] == age
    assert shown["stale"] is stale and shown["notice"] == (NOTICE if stale else "")
    if not stale:
        assert shown["noticeWidth"] == 0  # the empty notice takes no room
    assert shown["text"].startswith(f"Data through {last_day().day} {last_day():%b %Y}{age} (")


CLS = """
window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
    .observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_notice_moves_the_page_little(context_for, width):
    """The notice is decided in the head, before the first paint (before-paint.js): it moves nothing,
    even with the network and the CPU slowed as Lighthouse slows them (the theme's bundle and our
    scripts arrive late)."""
    reader = context_for(viewport={"width": width, "height": 844})
    reader.page.add_init_script(CLS)
    reader.page.clock.set_fixed_time(at_noon(last_day() + timedelta(days=60)))
    cdp = reader.page.context.new_cdp_session(reader.page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150, "downloadThroughput": 200_000,
                                                  "uploadThroughput": 100_000})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    assert wired(reader, "labs/")["stale"]
    reader.page.wait_for_timeout(300)
    assert reader.page.evaluate("window.__cls") <= 0.01


def test_the_rule_itself(context_for):
    reader = context_for()
    wired(reader, "")
    rule = "([d, now, limit]) => window.tokenshareFreshness(d, new Date(now), limit)"
    fresh = reader.page.evaluate(rule, ["2030-01-06", "2030-01-20T12:00:00", 14])
    assert fresh == {"days": 14, "age": "14 days ago", "stale": False, "notice": ""}
    assert reader.page.evaluate(rule, ["2030-01-06", "2030-01-21T00:00:01", 14])["stale"] is True
    assert reader.page.evaluate(rule, ["2030-01-06", "2030-01-05T12:00:00", 14])["age"] == ""  # a clock behind the data
    assert reader.page.evaluate(rule, ["not a date", "2030-01-05T12:00:00", 14]) is None


def test_after_instant_navigation_too(context_for):
    reader = context_for()
    reader.page.clock.set_fixed_time(at_noon(last_day() + timedelta(days=40)))
    wired(reader, "")
    reader.page.evaluate("window.__same_document = true")
    reader.follow("Labs", "/labs/")
    assert reader.page.evaluate("window.__same_document === true"), "the click reloaded the page"
    shown = line(reader)
    assert shown["age"] == ", 40 days ago" and shown["stale"] and shown["notice"] == NOTICE
    assert reader.page.locator("#ts-freshness").count() == 1


def test_without_javascript_the_date_alone_shows(context_for):
    reader = context_for(java_script_enabled=False)
    reader.open("labs/")
    shown = reader.page.evaluate("""() => {
        const line = document.getElementById('ts-freshness');
        return {text: line.innerText, notice: line.querySelector('.ts-freshness__stale').getBoundingClientRect().width};
    }""")
    assert shown["text"].startswith(f"Data through {last_day().day} {last_day():%b %Y} (")
    assert "ago" not in shown["text"] and shown["notice"] == 0


CONTRAST = """() => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const notice = document.querySelector('#ts-freshness .ts-freshness__stale');
    const line = document.querySelector('#ts-freshness .ts-freshness__source');
    const page = getComputedStyle(document.body).backgroundColor;
    const style = getComputedStyle(notice);
    return {notice: ratio(style.color, style.backgroundColor), line: ratio(getComputedStyle(line).color, page),
            scheme: document.body.getAttribute('data-md-color-scheme')};
}"""


@pytest.mark.parametrize("scheme, material", [("light", "default"), ("dark", "slate")])
def test_the_line_and_the_notice_are_readable_in_both_palettes(context_for, scheme, material):
    reader = context_for(color_scheme=scheme, viewport={"width": 390, "height": 844})
    reader.page.clock.set_fixed_time(at_noon(last_day() + timedelta(days=30)))
    wired(reader, "")
    contrast = reader.page.evaluate(CONTRAST)
    assert contrast["scheme"] == material
    assert contrast["notice"] >= 4.5 and contrast["line"] >= 4.5, contrast
    width = reader.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], "the line or the notice makes the phone page scroll sideways"
