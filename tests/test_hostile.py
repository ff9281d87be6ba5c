"""The site built from SYNTHETIC hostile data (tests/hostile.py): every payload shows as text, none runs.

The data is made in a temporary folder and the site built from it with
TOKENSHARE_DATA; nothing of it reaches data/ or the published site. Build
checks read every page, download and spec, and the static pictures of every
hand-written page and of one generated page of each kind (SAMPLE_PICTURES: the
payloads are in the labels every chart takes, drawn by the same code on every page); Chromium then reads every
page under the Content Security Policy, drawing every chart, hovering its marks,
opening its table and searching. Escaping alone must hold, and one reading shows
it: a payload that became markup either runs, which a trap records, or is
blocked, which the page reports as a violation. Neither may happen, and a page
on which the policy blocked nothing runs as it would with no policy at all. Two
controls show both catches work (a payload that runs with the policy bypassed
is trapped; under the policy it is a violation).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import hostile
from browser_support import PAGES, Reader, browser, csp_violations  # noqa: F401  (fixtures)
from conftest import ROOT, SAMPLE_PICTURES, free_port, mkdocs_build
from macros.mkdocs import csp
from macros.core.safe import safe_site_path
from pagetext import text
from sitetools import serve

TEMPLATES = ("{{ 7*7 }}", "{% include 'x' %}", "{{ config.site_name }} {# a comment #} {{ chart('country_share_weekly') }}")


@pytest.fixture(scope="module")
def hostile_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def hostile_kind() -> str:
    """'curated': payloads in the hand-curated datasets; 'api' (test_hostile_api.py, the same tests: a file
    of its own so that `--dist loadfile` builds the two sites on two workers): also in OpenRouter
    responses imported by make import."""
    return "curated"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, hostile_port, hostile_kind) -> Path:
    work = tmp_path_factory.mktemp(f"hostile-{hostile_kind}")
    data = hostile.make(work / "data") if hostile_kind == "curated" else hostile.make_api(work / "data", work)
    out = work / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", out, {
        "TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(ROOT / ".cache"), "SITE_URL": f"http://127.0.0.1:{hostile_port}/",
        **SAMPLE_PICTURES,
    })
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Markup(HTMLParser):
    """Every element and attribute of a page, as a browser would build them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def markup(html: str) -> list[tuple[str, dict]]:
    parser = Markup()
    parser.feed(html)
    return parser.tags


# --- the build -----------------------------------------------------------------------------


@pytest.mark.build
def test_the_hostile_data_never_reaches_the_repository():
    for folder in ("data", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                assert hostile.MARK.encode() not in path.read_bytes(), path


@pytest.mark.build
def test_no_payload_becomes_markup_in_any_page(hostile_site):
    for path in html_pages(hostile_site):
        html = path.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
        for tag, attrs in markup(html):
            where = f"{path.relative_to(hostile_site)}: <{tag} {attrs}>"
            assert not any(k.startswith("on") for k in attrs), where
            assert tag not in ("iframe", "math", "mglyph", "style", "object", "embed", "base"), where
            assert not (tag == "img" and attrs.get("src") == "x"), where
            assert not (tag == "svg" and "__pwned" in str(attrs)), where
            for key in ("href", "src", "action"):
                assert not attrs.get(key, "").strip().lower().startswith(("javascript:", "data:text")), where
        for script in csp.inline_scripts(html):
            assert hostile.MARK not in script and csp.sha256(script) in policy, path


@pytest.mark.build
def test_every_payload_is_shown_as_text(hostile_site):
    shown = " ".join(text(p.read_text(encoding="utf-8")) for p in html_pages(hostile_site))
    for payload in hostile.strings_in_pages():
        assert payload in shown, payload


@pytest.mark.build
def test_names_from_the_api_are_shown_as_text(hostile_site, hostile_kind):
    if hostile_kind != "api":
        pytest.skip("the curated variant imports nothing")
    models = text((hostile_site / "models" / "index.html").read_text(encoding="utf-8"))
    # the models API's names of hostile permaslugs, shown as the week's top models
    assert any(f"{p} (model name)" in models for p in hostile.PAYLOADS if "<" in p), models[:300]
    daily = (hostile_site / "downloads" / "data" / "openrouter_daily.csv").read_text(encoding="utf-8")
    cells = {cell for row in csv.reader(io.StringIO(daily)) for cell in row}
    assert "'=HYPERLINK(\"//evil.example\")/m2" in cells and "'=HYPERLINK(\"" in cells  # the permaslug, its author


@pytest.mark.build
def test_data_is_never_a_template(hostile_site):
    methodology = text((hostile_site / "methodology" / "index.html").read_text(encoding="utf-8"))
    for template in TEMPLATES:
        assert template in methodology, template
    for page in ("labs", "economics", "data"):
        shown = text((hostile_site / page / "index.html").read_text(encoding="utf-8"))
        assert any(t in shown for t in TEMPLATES), page


@pytest.mark.build
def test_titles_alt_text_and_social_tags_carry_payloads_as_text(hostile_site):
    html = (hostile_site / "labs" / "index.html").read_text(encoding="utf-8")
    tags = markup(html)
    alts = [a["alt"] for t, a in tags if t == "img" and a.get("alt")]
    assert any('<script>window.__pwned="enum"</script>' in a for a in alts), alts[:2]
    metas = [a for t, a in tags if t == "meta"]
    card_alt = next(a["content"] for a in metas if a.get("property") == "og:image:alt")
    assert "<script>" in card_alt or "<img" in card_alt or "<svg" in card_alt
    head = html[: html.index("</head>")]
    allowed = {"charset", "name", "property", "http-equiv", "data-stale-after"}  # the last: before-paint.js's, a build constant
    for attrs in (a for t, a in markup(head) if t == "meta"):
        assert set(attrs) <= allowed | {"content"}, attrs


@pytest.mark.build
def test_static_pictures_are_well_formed_and_hold_payloads_as_text(hostile_site):
    svgs = sorted((hostile_site / "assets" / "charts").glob("*.svg"))
    assert len(svgs) > 20
    texts = []
    for path in svgs:
        root = ET.parse(path).getroot()  # a payload that broke out would not parse, or add elements
        for element in root.iter():
            name = element.tag.rsplit("}", 1)[-1]
            assert name not in ("script", "foreignObject", "iframe", "a", "image", "use"), (path, name)
            for key, value in element.attrib.items():
                assert not key.rsplit("}", 1)[-1].startswith("on"), (path, key)
                assert "javascript:" not in value.lower() or key in ("aria-label",), (path, key, value)
            texts.append(element.text or "")
    shown = " ".join(texts)
    assert '<script>window.__pwned="enum"</script>' in shown or "<script>window" in shown
    for path in sorted((hostile_site / "assets" / "charts").glob("*.png")) + sorted((hostile_site / "assets" / "social").glob("*.png")):
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), path


FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@pytest.mark.build
def test_no_csv_download_starts_a_formula(hostile_site):
    files = sorted((hostile_site / "assets" / "charts").glob("*.csv")) + sorted((hostile_site / "downloads" / "data").glob("*.csv"))
    assert len(files) > 15
    neutralised = 0
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                if cell.lstrip(" \u00a0\u3000")[:1] in FORMULA:
                    float(cell)  # a plain number is the only thing that may start so
                neutralised += cell.startswith("'=HYPERLINK(") or cell.startswith("'+1+cmd")
    assert neutralised > 5


@pytest.mark.build
def test_chart_specs_are_json_with_payloads_as_strings(hostile_site):
    specs = sorted((hostile_site / "assets" / "charts").glob("*.vl.json"))
    found = 0
    for path in specs:
        raw = path.read_bytes()
        assert b"<" not in raw and b">" not in raw, path
        decoded = json.dumps(json.loads(raw), ensure_ascii=False)
        found += any(p in decoded for p in hostile.PAYLOADS if "<" in p)
    assert found >= 5


def hostile_labs(site: Path) -> dict[str, str]:
    """author slug -> lab name of the hostile data the site was built from."""
    rows = csv.DictReader(io.StringIO((site.parent / "data" / "labs.csv").read_text(encoding="utf-8")))
    return {r["author_slug"]: r["lab"] for r in rows}


@pytest.mark.build
def test_lab_pages_take_safe_names_and_show_their_names_as_text(hostile_site):
    from macros.core.safe import file_slug

    labs = hostile_labs(hostile_site)
    assert "<title>Labs - Token Share</title>" in (hostile_site / "labs" / "index.html").read_text(encoding="utf-8"), \
        "a lab's page replaced the Labs page"
    for slug in hostile.SLUGS:
        path = hostile_site / "labs" / file_slug(slug) / "index.html"
        assert path.is_file(), (slug, path)
        html = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert unescape(title) == f"{labs[slug]} - Token Share", title  # shown as text, never run as a template
        assert unescape(re.search(r'<meta name="description" content="([^"]*)"', html).group(1)).startswith(labs[slug])
        assert f"author slug <code>{escape(slug)}</code>" in html


@pytest.mark.build
def test_every_file_stays_inside_the_site(hostile_site):
    for path in hostile_site.rglob("*"):
        rel = path.relative_to(hostile_site).as_posix()
        assert safe_site_path(rel), rel
        assert path.resolve().is_relative_to(hostile_site.resolve()), rel
    assert not Path("/tmp/pwned").exists()


# --- in Chromium -----------------------------------------------------------------------------

# Any payload that ran would set window.__pwned: a setter records it even if it is set again.
TRAP = """
window.__pwnedBy = [];
Object.defineProperty(window, '__pwned', {configurable: false, get() { return undefined; },
                                          set(v) { window.__pwnedBy.push(String(v)); }});
"""


@pytest.fixture(scope="module")
def hostile_served(hostile_site, hostile_port):
    with serve(hostile_site, hostile_port) as base:
        yield base


def read_page(browser, base: str, path: str, *, bypass_csp: bool) -> tuple[Reader, list[str]]:
    """Open a page, draw its charts, hover their marks, open their tables: returns tooltip texts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    context.add_init_script(TRAP)
    from browser_support import CSP_LISTENER

    context.add_init_script(CSP_LISTENER)
    reader = Reader(context, base)
    dialogs = []
    reader.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    reader.open(path)
    reader.draw_all_charts()
    tips = []
    from test_csp import hover

    for i in range(reader.page.locator("figure.ts-chart").count()):
        marks = reader.page.locator("figure.ts-chart").nth(i).locator(
            ".ts-chart__live svg g.mark-rect path, .ts-chart__live svg g.mark-symbol path")
        for j in range(min(marks.count(), 4)):
            box = marks.nth(j).bounding_box()
            if not box or box["width"] < 1 or box["height"] < 1:
                continue  # a zero-width bar: nothing to point at
            try:
                tips.append(hover(reader, marks.nth(j), timeout=2000))  # a tooltip shows in well under 1 s
            except Exception:  # under a mark that has no tooltip
                pass
    for summary in reader.page.locator("details.ts-chart__table > summary").all():
        summary.click()
    reader.dialogs = dialogs
    return reader, tips


def assert_nothing_ran(reader: Reader) -> None:
    assert reader.page.evaluate("window.__pwnedBy") == []
    assert reader.dialogs == []
    assert reader.page.locator("iframe, math, img[src='x'], img[src$='/x']").count() == 0


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_no_payload_runs_in_the_browser(browser, hostile_served, path):
    reader, tips = read_page(browser, hostile_served, path, bypass_csp=False)
    try:
        assert_nothing_ran(reader)
        assert csp_violations(reader) == [], "a payload became markup the policy had to block"
        body = reader.page.locator("article").inner_text()
        shown = [p for p in hostile.strings_in_pages() if p in body]
        assert shown, "no payload shows as text on the page"
        if reader.page.locator("figure.ts-chart").count():
            assert any("<" in t and hostile.MARK in t for t in tips), tips[:3]
        assert [e for e in reader.errors if "404" not in e] == []
    finally:
        reader.page.context.close()


@pytest.mark.browser
def test_no_payload_runs_on_the_generated_lab_pages(browser, hostile_served, hostile_site):
    from macros.core.safe import file_slug

    slugs = [s for s in hostile_labs(hostile_site) if (hostile_site / "labs" / file_slug(s) / "index.html").is_file()]
    hostile_slugs = [s for s in slugs if file_slug(s) != s] + ["deepseek"]
    for slug in hostile_slugs:
        reader, tips = read_page(browser, hostile_served, f"labs/{file_slug(slug)}/", bypass_csp=False)
        try:
            assert_nothing_ran(reader)
            assert csp_violations(reader) == [], slug
            assert [e for e in reader.errors if "404" not in e] == [], slug
        finally:
            reader.page.context.close()


INJECTED = """() => setTimeout(() => {
    const div = document.createElement('div');
    div.innerHTML = '<img src=x onerror="window.__pwned=\\'control\\'">';
    document.body.appendChild(div);
}, 0)"""


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [True, False], ids=["policy-bypassed", "under-the-policy"])
def test_a_payload_that_became_markup_is_caught(browser, hostile_served, bypass_csp):
    """Controls: were a payload to reach the page as markup, the tests above would see it, whether
    the policy lets it run (the trap records it) or blocks it (the page reports a violation)."""
    reader, _ = read_page(browser, hostile_served, "data/", bypass_csp=bypass_csp)
    try:
        reader.page.evaluate(INJECTED)
        if bypass_csp:
            reader.page.wait_for_function("() => window.__pwnedBy.length > 0")
            assert reader.page.evaluate("window.__pwnedBy") == ["control"]
        else:
            reader.page.wait_for_function("() => window.__csp.length > 0")
            assert any("script-src-attr" in v for v in csp_violations(reader)), csp_violations(reader)
            assert reader.page.evaluate("window.__pwnedBy") == []
    finally:
        reader.page.context.close()


@pytest.mark.browser
def test_searching_for_a_payload_runs_nothing(browser, hostile_served):
    reader, _ = read_page(browser, hostile_served, "methodology/", bypass_csp=False)
    try:
        from test_csp import search

        # A word of a hostile lab's name: the results show the table around it, payloads and all.
        results = search(reader, "Parrot")
        assert "<img src=x onerror=" in results, results[:500]
        reader.page.locator(".md-search-result__item a").first.click()
        reader.page.wait_for_load_state("networkidle")
        assert_nothing_ran(reader)
        assert csp_violations(reader) == []
    finally:
        reader.page.context.close()
