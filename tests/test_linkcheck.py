"""scripts/linkcheck.py: internal links and anchors of a built site.

The checker is tried on small hand-written fixture sites (one good, then the
same with one mistake each), then run over the real built site.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import linkcheck

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "linkcheck.py"

HOME = """<!doctype html><html><head>
<link rel="canonical" href="https://example.org/base/">
<link rel="stylesheet" href="assets/site.css">
<script src="assets/site.js"></script>
</head><body>
<h1 id="top">Home</h1>
<a href="story/">Story</a> <a href="story/#claims">Claims</a> <a href="#top">Top</a>
<a href="https://example.com/elsewhere#x">Elsewhere</a> <a href="mailto:a@example.org">Mail</a>
<a href="https://example.org/base/story/#claims">Canonical form</a>
<picture><source media="(max-width: 600px)" srcset="assets/narrow.svg 1x, assets/narrow.svg 2x">
<img src="assets/wide.svg" alt=""></picture>
<figure data-spec="assets/chart.vl.json" data-vega="assets/vega.js"></figure>
</body></html>
"""
STORY = """<!doctype html><html><head><link rel="canonical" href="https://example.org/base/story/"></head>
<body><h1 id="story">Story</h1><p id="claims">Claims</p><a href="../">Home</a>
<a href="/base/story/#story">Root-relative</a> <a href="../downloads/data%20file.csv">Data</a></body></html>
"""
NOT_FOUND = """<!doctype html><html><head><link rel="stylesheet" href="/base/assets/site.css"></head>
<body><a href="/base/">Home</a></body></html>
"""


def fixture_site(root: Path, **replace: str) -> Path:
    """A tiny built site that links correctly; `replace` swaps text in a file ("story" -> STORY...)."""
    files = {
        "index.html": HOME, "story/index.html": STORY, "404.html": NOT_FOUND,
        "assets/site.css": "body{background:url('img/bg.svg')} .x{mask:url(#m)} .y{background:url(data:image/png;base64,AA==)}",
        "assets/img/bg.svg": "<svg/>", "assets/site.js": "", "assets/narrow.svg": "<svg/>", "assets/wide.svg": "<svg/>",
        "assets/chart.vl.json": "{}", "assets/vega.js": "", "downloads/data file.csv": "a\n1\n",
    }
    for key, (old, new) in replace.items():
        name = {"home": "index.html", "story": "story/index.html", "css": "assets/site.css", "notfound": "404.html"}[key]
        assert old in files[name], (old, name)
        files[name] = files[name].replace(old, new)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def broken(site: Path, site_url: str | None = None) -> list[str]:
    return [str(b) for b in linkcheck.Checker(site, site_url).check()]


def test_a_correct_site_has_no_broken_link(tmp_path):
    site = fixture_site(tmp_path)
    checker = linkcheck.Checker(site)
    assert checker.prefix == "/base/"  # read from the home page's canonical link
    assert broken(site) == []
    internal = [link.url for link in checker.links() if checker.resolve(link) is not None]
    for url in ("story/#claims", "assets/narrow.svg", "assets/chart.vl.json", "assets/vega.js", "img/bg.svg",
                "https://example.org/base/story/#claims", "/base/assets/site.css"):
        assert url in internal, url
    external = [link.url for link in checker.links() if checker.resolve(link) is None]
    assert "https://example.com/elsewhere#x" in external and "mailto:a@example.org" in external


@pytest.mark.parametrize("change, expected", [
    ({"home": ('href="story/"', 'href="stroy/"')}, "index.html:7: stroy/ (no file stroy/index.html)"),
    ({"home": ('href="story/#claims"', 'href="story/#claim"')}, "index.html:7: story/#claim (no anchor #claim in story/index.html)"),
    ({"home": ('href="#top"', 'href="#tpo"')}, "index.html:7: #tpo (no anchor #tpo in index.html)"),
    ({"home": ('srcset="assets/narrow.svg 1x', 'srcset="assets/narow.svg 1x')}, "no file assets/narow.svg"),
    ({"home": ('data-spec="assets/chart.vl.json"', 'data-spec="assets/chart.json"')}, "no file assets/chart.json"),
    ({"home": ('data-vega="assets/vega.js"', 'data-vega="assets/vega-1.js"')}, "no file assets/vega-1.js"),
    ({"home": ('base/story/#claims', 'base/story/#nope')}, "no anchor #nope in story/index.html"),
    ({"css": ("img/bg.svg", "img/gone.svg")}, "assets/site.css:1: img/gone.svg (no file assets/img/gone.svg)"),
    ({"story": ('href="../"', 'href="../../"')}, "story/index.html:2: ../../ (points outside the site)"),
    ({"story": ('/base/story/#story', '/other/story/')}, "/other/story/ (points outside the site)"),
    ({"notfound": ('/base/assets/site.css', '/base/assets/site.min.css')}, "404.html:1: /base/assets/site.min.css (no file"),
])
def test_each_kind_of_broken_link_is_found(tmp_path, change, expected):
    found = broken(fixture_site(tmp_path, **change))
    assert len(found) == 1, found
    assert expected in found[0]


def test_the_site_url_option_overrides_the_canonical_link(tmp_path):
    site = fixture_site(tmp_path)
    assert any("no file base/story/index.html" in b for b in broken(site, "https://example.org/"))
    assert broken(site, "https://example.org/base") == []


def test_command_line_exit_codes_and_report(tmp_path):
    good = fixture_site(tmp_path / "good")
    bad = fixture_site(tmp_path / "bad", home=('href="story/#claims"', 'href="story/#missing"'))
    run = lambda *args: subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)
    ok = run(good)
    assert ok.returncode == 0, ok.stderr
    assert "0 broken" in ok.stdout
    failed = run(bad)
    assert failed.returncode == 1
    assert "broken link: index.html:7: story/#missing (no anchor #missing in story/index.html)" in failed.stderr
    assert "1 broken" in failed.stdout
    missing = run(tmp_path / "nothing")
    assert missing.returncode == 2 and "make build" in missing.stderr


@pytest.mark.build
def test_the_built_site_has_no_broken_internal_link(site):
    checker = linkcheck.Checker(site)
    internal = [link for link in checker.links() if checker.resolve(link) is not None]
    assert len(internal) > 300  # pages, assets, chart files, downloads, anchors
    assert sum(1 for link in internal if checker.resolve(link)[1]) > 50
    assert checker.check() == []
