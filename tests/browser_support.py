"""Fixtures and helpers for tests that read the built site in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitetools import CHROMIUM, launch, serve

if not Path(CHROMIUM).exists():
    pytest.fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", pytrace=False)

from playwright.sync_api import sync_playwright  # noqa: E402


PAGES = ["", "countries/", "labs/", "models/", "economics/", "benchmarks/", "methodology/", "data/"]

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
        """Point at a navigation link and click it, as a reader does; wait until the new page is in
        place and wired up. Pointing runs the theme (theme-on-demand.js), whose instant navigation
        then takes the click; it follows only links to pages it has read in the sitemap."""
        link = self.page.locator("nav.md-nav--primary a.md-nav__link", has_text=link_text).first
        link.hover()
        self.theme_ready()
        link.click()
        self.page.wait_for_function("p => document.body.getAttribute('data-ts-page') === p", arg=path)

    def theme_ready(self) -> None:
        """Wait until the theme's bundle, run at the reader's first gesture, has set up the page,
        its instant navigation included (it waits for the sitemap)."""
        self.page.wait_for_selector("html[data-ts-theme=ready]", state="attached", timeout=20000)
        self.page.wait_for_load_state("networkidle")

    def draw_all_charts(self) -> list[dict]:
        """Point at each chart (a chart goes live when the reader reaches for it) and wait until all are live."""
        self.page.wait_for_function("() => document.body.getAttribute('data-ts-page') === location.pathname")
        count = self.page.locator("figure.ts-chart").count()
        for i in range(count):  # one at a time, as a reader scrolls and points
            self.make_live(i)
        return self.charts()

    def make_live(self, i: int) -> None:
        """Scroll chart `i` into view and point at it; wait until it is live."""
        view = self.page.locator("figure.ts-chart").nth(i).locator(".ts-chart__view")
        view.scroll_into_view_if_needed()
        view.hover(force=True)
        self.page.wait_for_function(
            "i => document.querySelectorAll('figure.ts-chart')[i].classList.contains('ts-chart--live')", arg=i, timeout=20000)

    def charts(self) -> list[dict]:
        """Each chart's live SVG: its size, marks and background."""
        return self.page.evaluate("""() => [...document.querySelectorAll('figure.ts-chart')].map(f => {
            const svg = f.querySelector('.ts-chart__live svg');
            const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
            return {id: f.id, width: r.width, height: r.height, marks: svg ? svg.querySelectorAll('path, rect, line, text').length : 0,
                    background: svg ? getComputedStyle(svg).backgroundColor : null};
        })""")

    def settle(self) -> None:
        """Wait until no finite CSS transition or animation runs: the theme fades the page title
        into the header once the page has scrolled, and axe measures colours mid-fade otherwise."""
        self.page.evaluate("""async () => {
            await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
            const finite = document.getAnimations().filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
            await Promise.all(finite.map(a => a.finished.catch(() => null)));
        }""")

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.base) or u.startswith("data:") or u.startswith("blob:"))]


@pytest.fixture
def reader(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Reader(context, served)
    context.close()


@pytest.fixture
def context_for(browser, served):
    """Open a browser context with options: `context_for(**options)` -> Reader."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        contexts.append(browser.new_context(**options))
        return Reader(contexts[-1], served)
    yield make
    for context in contexts:
        context.close()


# Collects Content Security Policy violations from the first moment of every page.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${(e.sample || '').slice(0, 60)}`));
"""


def watch_csp(reader: Reader) -> Reader:
    reader.page.add_init_script(CSP_LISTENER)
    return reader


def csp_violations(reader: Reader) -> list[str]:
    return reader.page.evaluate("window.__csp || []")
