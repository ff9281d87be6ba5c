"""What a reader sees first, and that no chart's text is clipped or ambiguous, in headless Chromium.

- The home page's first screen (desktop 1280×900, phone 390×844) holds the finding's numbers, the
  data's last day and the lead chart, drawn: all compared with tests/rows.py, never with a literal.
- Every chart of the hand-written pages and of samples of the generated ones, at 1280, 1024, 768
  and 390 px: every <text> of its live SVG lies inside that SVG's box, on a fresh load and after
  the window is resized between the widths; every static picture (light and dark, desktop and
  phone) likewise; no two row (y-axis) labels of one chart read the same.
- The link-preview card of the home page is the lead chart, with no text cut or outside the card.

One browser and one tab for the whole module: pages are reused across widths.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

import rows
from browser_support import PAGES, Reader, browser, served  # noqa: F401  (fixtures)
from pagetext import page as page_html
from sitetools import pages as site_pages

pytestmark = pytest.mark.browser

WIDTHS = (1280, 1024, 768, 390)
HEIGHT = 900
DESKTOP = dict(viewport={"width": 1280, "height": 900})
PHONE = dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
LEAD = "chart-country-share-weekly"
SLACK = 2.0  # px: a glyph's box holds the font's line gap above the letters

# Every <text> of each SVG (skipping hidden ones) whose box leaves its SVG's box; the row labels of
# each chart's y axis (a wrapped label's lines joined by spaces).
MEASURE = """([svgs, slack]) => svgs.map(svg => {
    const box = svg.getBoundingClientRect();
    const outside = [];
    for (const t of svg.querySelectorAll('text')) {
        const words = [...t.querySelectorAll('tspan')].map(s => s.textContent);
        const text = (words.length ? words.join(' ') : t.textContent).trim();
        if (!text || t.getAttribute('opacity') === '0' || getComputedStyle(t).visibility === 'hidden') continue;
        const r = t.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < box.left - slack || r.right > box.right + slack || r.top < box.top - slack || r.bottom > box.bottom + slack)
            outside.push(`${JSON.stringify(text)} at [${Math.round(r.left - box.left)}, ${Math.round(r.right - box.left)}] in ${Math.round(box.width)} px`);
    }
    const rowLabels = [];
    for (const axis of svg.querySelectorAll('g.role-axis[aria-label^="Y-axis"]')) {
        for (const t of axis.querySelectorAll('.role-axis-label text')) {
            if (t.getAttribute('opacity') === '0') continue;
            const words = [...t.querySelectorAll('tspan')].map(s => s.textContent);
            rowLabels.push((words.length ? words.join(' ') : t.textContent).trim());
        }
    }
    return {outside, rowLabels, width: box.width};
})"""

# The SVG files at these URLs, each parsed and put in the page as it is (an <img> lays it out alike).
INLINE = """async urls => {
    document.body.replaceChildren();
    const svgs = [];
    for (const text of await Promise.all(urls.map(u => fetch(u).then(r => r.text())))) {
        const svg = document.importNode(new DOMParser().parseFromString(text, 'image/svg+xml').documentElement, true);
        // its embedded Lato subset (a <style>) would break the page's CSP here; the page's own Lato stands in
        svg.querySelectorAll('style').forEach(s => s.remove());
        const box = document.createElement('div');
        box.append(svg);
        document.body.append(box);
        svgs.push(svg);
    }
    return svgs;
}"""

# Resolves once every live chart fills its box and its size has held for a few frames (at once on a
# page without charts: it used to wait out its 10 s limit there, six times a page).
SETTLED = """async () => {
    const sizes = () => [...document.querySelectorAll('figure.ts-chart--live .ts-chart__live')].map(live => {
        const svg = live.querySelector('svg');
        return svg ? Math.round(svg.getBoundingClientRect().width) + ':' + Math.round(live.getBoundingClientRect().width) : 'none';
    }).join(',');
    let last = null, same = 0;
    for (let i = 0; i < 200 && same < 4; i++) {
        await new Promise(done => setTimeout(done, 50));
        const now = sizes();
        const fits = now === '' || now.split(',').every(p => p === 'none' ? false : Math.abs(p.split(':')[0] - p.split(':')[1]) <= 2);
        same = (now === last && fits) ? same + 1 : 0;
        last = now;
    }
}"""


def _duplicates(labels: list[str]) -> list[str]:
    return sorted({label for label in labels if labels.count(label) > 1})


def _problems(results: list[dict], names: list[str], where: str) -> list[str]:
    out = []
    for name, result in zip(names, results):
        out += [f"{where} {name}: text outside its picture: {o}" for o in result["outside"]]
        out += [f"{where} {name}: two row labels read {d!r}" for d in _duplicates(result["rowLabels"])]
    return out


def _sample_pages(site) -> list[str]:
    """The hand-written pages, and one page of each generated type (the one with the longest address:
    a long model name, the likeliest to be cut)."""
    every = site_pages(site)
    sample = list(PAGES)
    for kind in ("labs/", "models/", "weekly/"):
        generated = [p for p in every if p.startswith(kind) and p != kind]
        sample += [max(generated, key=lambda p: (len(p), p))] if generated else []
    return sample


@pytest.fixture(scope="module")
def tab(browser, served):
    context = browser.new_context(**DESKTOP)
    reader = Reader(context, served)
    yield reader
    context.close()


def _make_live(reader: Reader) -> int:
    """Draw every chart of the page as a reader would (pointer over it, focus in it, scrolled to),
    whether charts draw when seen or when touched; wait until all are live. Returns their count.
    The reader reaches for each in turn without waiting for the last to draw (they draw meanwhile)."""
    page = reader.page
    figures = page.locator("figure.ts-chart")
    count = figures.count()
    for i in range(count):
        figure = figures.nth(i)
        view = figure.locator(".ts-chart__view")
        view.evaluate("e => e.scrollIntoView({block: 'center'})")  # clear of the sticky header
        view.hover(position={"x": 3, "y": 3})
        figure.dispatch_event("focusin")
    page.wait_for_function("() => [...document.querySelectorAll('figure.ts-chart')].every(f => f.classList.contains('ts-chart--live'))",
                           timeout=20000 + 5000 * count)
    page.evaluate(SETTLED)
    return count


def _live_problems(reader: Reader, where: str) -> list[str]:
    page = reader.page
    page.evaluate(SETTLED)
    ids = page.evaluate("() => [...document.querySelectorAll('figure.ts-chart')].map(f => f.id)")
    svgs = page.evaluate_handle("() => [...document.querySelectorAll('figure.ts-chart')].map(f => f.querySelector('.ts-chart__live svg'))")
    missing = [i for i, has in zip(ids, page.evaluate("s => s.map(Boolean)", svgs)) if not has]
    assert not missing, f"{where}: charts not drawn: {missing}"
    return _problems(page.evaluate(MEASURE, [svgs, SLACK]), ids, where)


def test_every_chart_keeps_its_text_inside_at_every_width_and_after_resizing(tab, site):
    problems, static, charts = [], set(), 0
    missing: list[str] = []
    tab.page.on("response", lambda r: r.status >= 400 and missing.append(f"{r.status} {r.url}"))
    for path in _sample_pages(site):
        # A fresh load on a desktop, then the window resized through the other widths and back:
        # the phone's spec is drawn afresh at 390 px, the others are the same chart resized.
        tab.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        tab.open(path)
        live = _make_live(tab)
        if not live:
            continue  # a page without charts: nothing to measure at any width
        charts += live
        static |= set(tab.page.evaluate("""() => [...document.querySelectorAll('figure.ts-chart picture')].flatMap(p =>
            [...p.querySelectorAll('source')].map(s => s.srcset).concat([...p.querySelectorAll('img')].map(i => i.src)))"""))
        problems += _live_problems(tab, f"/{path} at {WIDTHS[0]} px")
        for width in (*WIDTHS[1:], WIDTHS[0]):
            tab.page.set_viewport_size({"width": width, "height": HEIGHT})
            problems += _live_problems(tab, f"/{path} resized to {width} px")
    assert charts >= 15, f"only {charts} charts found on the sampled pages"
    # Each static picture (light/dark, desktop/phone) once, all set side by side in one blank page.
    urls = sorted(urljoin(tab.base, u) for u in static)
    tab.page.goto(urljoin(tab.base, "404.html"))  # any page of the site: the pictures are fetched from it
    svgs = tab.page.evaluate_handle(INLINE, urls)
    problems += _problems(tab.page.evaluate(MEASURE, [svgs, SLACK]), [u.rsplit("/", 1)[-1] for u in urls], "picture")
    assert len(urls) >= 4 * 15
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
    # The pictures are made for an <img>; set into the page for measuring, their own styles meet the
    # page's CSP (refused, as it should be): those refusals are this test's doing, nothing else is allowed.
    errors = [e for e in tab.errors if not e.startswith("Applying inline style violates")]
    assert not missing and errors == [], (missing, errors)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_first_screen_of_home_answers_the_question(browser, served, device):
    context = browser.new_context(**(DESKTOP if device == "desktop" else PHONE))
    try:
        page = context.new_page()
        page.goto(served, wait_until="networkidle")
        height = page.evaluate("innerHeight")
        week = rows.latest_full_week()
        shares = rows.country_shares(week)
        # The finding, with its numbers from the rows, on the first screen.
        lead = page.locator("article .ts-lead").first
        box = lead.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (box, height)
        sentence = re.sub(r"\s+", " ", lead.inner_text()).replace("\u00a0", " ")
        assert rows.percent(shares["CN"]) in sentence and rows.percent(shares["US"]) in sentence, sentence
        assert rows.day(week) in sentence, sentence
        first = rows.first_full_week()
        assert rows.percent(rows.country_shares(first)["CN"]) in sentence and rows.day(first) in sentence, sentence
        # The data's last day.
        day = page.locator("#ts-freshness time.ts-freshness__date")
        assert day.get_attribute("datetime") == rows.last_day().strftime("%Y-%m-%d")
        box = day.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= height
        # The lead chart, drawn (its picture, static or live, whole on the screen) and first of the page's charts.
        assert page.locator("figure.ts-chart").first.get_attribute("id") == LEAD
        page.wait_for_function("""id => [...document.getElementById(id).querySelectorAll('.ts-static img, .ts-chart__live svg')]
            .some(el => el.getBoundingClientRect().width > 0 && (el.tagName !== 'IMG' || (el.complete && el.naturalWidth > 0)))""",
                               arg=LEAD, timeout=10000)
        shown = page.evaluate("""id => [...document.getElementById(id).querySelectorAll('.ts-static img, .ts-chart__live svg')]
            .map(el => el.getBoundingClientRect()).filter(r => r.width > 0).map(r => ({top: r.top, bottom: r.bottom, width: r.width}))""", LEAD)
        assert shown, "the lead chart shows no picture"
        assert all(r["top"] >= 0 and r["bottom"] <= height + 1 and r["width"] > 300 for r in shown), (shown, height)
        # The April snapshot comes after it.
        order = page.evaluate("() => [...document.querySelectorAll('figure.ts-chart')].map(f => f.id)")
        assert order.index(LEAD) < order.index("chart-lab-share-seed")
    finally:
        context.close()


def _meta(html: str) -> dict:
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:]+)" content="([^"]*)"', html))


def test_every_pages_card_names_its_finding_and_home_shows_the_lead_chart(site):
    from html import unescape

    home = _meta(page_html(site, ""))
    assert home["og:image"].endswith("/assets/social/country-share-weekly.png")
    week = rows.latest_full_week()
    shares = rows.country_shares(week)
    description = unescape(home["og:description"]).replace("\u00a0", " ")
    assert rows.percent(shares["CN"]) in description and rows.percent(shares["US"]) in description, description
    for path in _sample_pages(site):
        html = page_html(site, path)
        alts = re.findall(r'<img [^>]*alt="([^"]+)"', html)
        if 'class="ts-chart"' in html:  # a page with a chart: its card says what its lead chart finds
            assert unescape(_meta(html)["og:description"]) == unescape(alts[0]), path


def test_the_home_cards_picture_cuts_no_text(tab, catalog):
    """The card's picture, drawn as the PNG is (same spec, same fit), as an SVG: every text whole and inside."""
    from macros.charts import declarations
    from macros.publish import pictures
    from macros.publish.figure import CARD_HEIGHT, CARD_WIDTH, ChartRenderer
    from macros.publish.outputs import Outputs

    decl, view = declarations.named(catalog, "country_share_weekly")
    card = ChartRenderer(catalog, Outputs()).figure(decl, view, "").card
    svg = pictures.Picture("svg", card, ("size", CARD_WIDTH, CARD_HEIGHT)).draw().decode("utf-8")
    tab.page.set_content(f"<!doctype html><body style='margin:0'>{svg}</body>")
    result = tab.page.evaluate(MEASURE, [[tab.page.locator("svg").first.element_handle()], SLACK])[0]
    assert result["outside"] == []
    texts = tab.page.evaluate("() => [...document.querySelectorAll('svg text')].map(t => t.textContent)")
    assert texts and not [t for t in texts if "…" in t]
    assert abs(result["width"] - CARD_WIDTH) <= 2
