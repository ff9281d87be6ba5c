"""scripts/pageweight.py: what each page weighs, and the budget for its HTML."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

import pageweight

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "pageweight.py"

CONFIG = '<script id="__config" type="application/json">{"base": "%s", "features": ["navigation.instant"], "search": "%sassets/search.js"}</script>'
CHART_PAGE = """<!doctype html><html><head><link rel="canonical" href="https://example.org/">
<link rel="stylesheet" href="../assets/site.css"><link rel="icon" href="../assets/icon.png">
<script src="../assets/site.js"></script></head><body>
<figure class="ts-chart" data-spec="../assets/a.vl.json" data-vega="../assets/vega.js"><img src="../assets/a.svg" alt=""></figure>
<figure class="ts-chart" data-spec="../assets/b.vl.json" data-vega="../assets/vega.js"><img src="../assets/b.svg" alt=""></figure>
<img src="../assets/a.svg" alt="the same picture again"><a href="https://example.com/x.js">not loaded</a>
""" + CONFIG % ("..", "../") + "</body></html>"
HOME = """<!doctype html><html><head><link rel="canonical" href="https://example.org/">
<link rel="stylesheet" href="assets/site.css"><script src="assets/site.js"></script></head><body><p>No chart.</p>
""" + CONFIG % (".", "") + "</body></html>"
FILES = {
    "assets/site.css": b"body{color:red}" * 20, "assets/site.js": b"console.log(1);" * 30, "assets/icon.png": b"\x89PNG" + bytes(96),
    "assets/vega.js": b"var vega=1;" * 500, "assets/a.vl.json": b'{"a":1}' * 10, "assets/b.vl.json": b'{"b":2}' * 10,
    "assets/a.svg": b"<svg></svg>" * 5, "assets/b.svg": b"<svg/>" * 5, "assets/search.js": b"search()" * 10,
    "search/search_index.json": b'{"docs":[]}' * 10, "sitemap.xml": b"<urlset/>",
}


@pytest.fixture
def fixture_site(tmp_path) -> Path:
    (tmp_path / "chart").mkdir()
    (tmp_path / "index.html").write_text(HOME, encoding="utf-8")
    (tmp_path / "chart" / "index.html").write_text(CHART_PAGE, encoding="utf-8")
    for name, data in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return tmp_path


def raw(*names: str) -> int:
    return sum(len(FILES[n]) for n in names)


def gz(*names: str) -> int:
    return sum(len(gzip.compress(FILES[n], compresslevel=9, mtime=0)) for n in names)


def test_a_chart_page_counts_what_it_loads_once(fixture_site):
    w = pageweight.Site(fixture_site).weigh("chart/index.html")
    assert w.html.raw == len(CHART_PAGE.encode())
    assert w.html.gz == len(gzip.compress(CHART_PAGE.encode(), compresslevel=9, mtime=0))
    assert (w.assets["css"].raw, w.files["css"]) == (raw("assets/site.css"), 1)
    # the page's script, the Vega bundle once for two charts, Material's search worker
    assert (w.assets["js"].raw, w.files["js"]) == (raw("assets/site.js", "assets/vega.js", "assets/search.js"), 3)
    assert w.assets["js"].gz == gz("assets/site.js", "assets/vega.js", "assets/search.js")
    assert (w.assets["data"].raw, w.files["data"]) == (raw("assets/a.vl.json", "assets/b.vl.json", "search/search_index.json", "sitemap.xml"), 4)
    # a picture shown twice is fetched once; binary files are not gzipped
    assert (w.assets["img"].raw, w.files["img"]) == (raw("assets/icon.png", "assets/a.svg", "assets/b.svg"), 3)
    assert w.assets["img"].gz == len(FILES["assets/icon.png"]) + gz("assets/a.svg", "assets/b.svg")
    assert w.missing == []
    assert w.total.raw == w.html.raw + sum(a.raw for a in w.assets.values())


def test_a_page_without_charts_does_not_load_vega(fixture_site):
    w = pageweight.Site(fixture_site).weigh("index.html")
    assert w.files["js"] == 2 and w.assets["js"].raw == raw("assets/site.js", "assets/search.js")
    assert w.files["img"] == 0


def test_a_missing_asset_is_reported_not_counted(fixture_site):
    (fixture_site / "assets" / "b.svg").unlink()
    w = pageweight.Site(fixture_site).weigh("chart/index.html")
    assert w.missing == ["../assets/b.svg"]
    assert w.files["img"] == 2


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_command_prints_a_table_and_passes_within_budget(fixture_site):
    result = run(fixture_site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| page | HTML KB (gz) | CSS KB (gz) | JS KB (gz) |")
    assert any(line.startswith("| `chart/index.html` |") and line.endswith("| ok |") for line in lines)
    assert "within the budget of 100,000 bytes" in result.stdout


def test_command_fails_when_a_page_html_is_over_budget(fixture_site):
    (fixture_site / "big").mkdir()
    (fixture_site / "big" / "index.html").write_text("<p>" + "x" * 100_001 + "</p>", encoding="utf-8")
    result = run(fixture_site)
    assert result.returncode == 1
    assert "error: big/index.html is 100,008 bytes of HTML, over the budget of 100,000" in result.stderr
    assert "**over by" in result.stdout
    assert run(fixture_site, "--budget-kb", "200").returncode == 0
    assert run(fixture_site / "nothing").returncode == 2


@pytest.mark.build
def test_every_page_of_the_built_site_is_within_budget(site):
    s = pageweight.Site(site)
    weights = {w.page: w for w in map(s.weigh, s.pages())}
    assert "index.html" in weights and "data/index.html" in weights
    for page, w in weights.items():
        assert w.html.raw <= 100_000, page
        assert w.missing == [], (page, w.missing)
        has_chart = 'class="ts-chart"' in (site / page).read_text(encoding="utf-8")
        vega = [p for p in (site / "assets" / "vendor").glob("vega-*.js")]
        assert len(vega) == 1
        assert (w.assets["js"].raw >= vega[0].stat().st_size) == has_chart, page


def test_a_pages_own_weight_leaves_out_the_search_index_and_sitemap(fixture_site):
    site = pageweight.Site(fixture_site)
    for page in ("index.html", "chart/index.html"):
        weight = site.weigh(page)
        assert weight.total.raw - weight.own.raw == raw(*pageweight.SITE_WIDE) > 0
        assert weight.total.gz - weight.own.gz == gz(*pageweight.SITE_WIDE)
