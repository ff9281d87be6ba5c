"""Odd but valid data: the site builds and the charts read well.

A SYNTHETIC copy of data/ (made here, in a temporary folder, never published)
with right-to-left, emoji, very long and "NaN" lab names, a lab with no
models, zero and very large token counts, a dataset of a single row and a week
in which one country group has nothing; plus chart-level tests on one-row
frames of every mark.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from browser_support import Reader, browser  # noqa: F401  (fixtures)
from conftest import ROOT, SAMPLE_PICTURES, free_port, mkdocs_build
from macros.charts import builders
from macros.charts import decl as chartdecl
from macros.charts import plan as chartplan
from macros.charts import alttext
from macros.publish import provenance
from macros.charts import theme
from macros.charts.decl import ChartDecl
from macros.core.errors import MacroError
from macros.publish.htmltable import html_table
from pagetext import page, tables, text
from sitetools import serve

RTL = "مختبر الذكاء"
EMOJI = "🦜 Parrot Lab 👩‍🔬"
LONG = "The Extraordinarily Long-Named International Laboratory for Very Large Language Models " * 3
ODD_LABS = [  # slug, name, country, group, tokens_b in the latest week
    ("synthetic-rtl", RTL, "AE", "OTHER", "1500.5"),
    ("synthetic-emoji", EMOJI, "US", "US", "1400"),
    ("synthetic-long", LONG.strip(), "CN", "CN", "1300"),
    ("synthetic-nan", "NaN", "FR", "OTHER", "1200"),
    ("synthetic-zero", "Zero Tokens Lab", "US", "US", "0"),
    ("synthetic-lonely", "Lab With No Models", "US", "US", None),
]
HUGE = "999999999999999999"  # 18 digits: the largest token count a file may hold


def rewrite(path: Path, change) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    columns = list(rows[0])
    rows = change(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def make_odd(target: Path) -> Path:
    """SYNTHETIC odd-but-valid copy of data/ in `target`."""
    import shutil

    shutil.copytree(ROOT / "data", target)
    (target / "SYNTHETIC-ODD-TEST-DATA.txt").write_text("SYNTHETIC test data made by tests/test_odd_data.py.\n", encoding="utf-8")
    rewrite(target / "labs.csv", lambda rows: rows + [
        {"author_slug": s, "lab": n, "country": c, "country_group": g, "basis": "trackers", "notes": "", "source": rows[0]["source"]}
        for s, n, c, g, _ in ODD_LABS])

    def latest_week(rows):  # each odd lab gets one model, on every day of the latest full week
        days = sorted({r["date"] for r in rows})
        week = [d for d in days if pd.Timestamp(d).day_of_week == 0 and pd.Timestamp(d) + pd.Timedelta(days=6) <= pd.Timestamp(days[-1])][-1]
        dates = [d for d in days if week <= d <= (pd.Timestamp(week) + pd.Timedelta(days=6)).strftime("%Y-%m-%d")]
        template = rows[0]
        return rows + [dict(template, date=d, model_permaslug=f"{s}/odd-model", author_slug=s, model_id="",
                            model_name=f"{n}: {n} model", tokens=str(int(float(t) * 1e9 / 7)))
                       for s, n, _, _, t in ODD_LABS if t is not None for d in dates]
    rewrite(target / "openrouter_daily.csv", lambda rows: sorted(latest_week(rows), key=lambda r: (r["date"], r["model_permaslug"])))
    rewrite(target / "seed_top_models.csv", lambda rows: rows[:1])  # a single row
    rewrite(target / "seed_author_share.csv", lambda rows: [dict(r, tokens=HUGE) if r["author_slug"] == "anthropic" else r for r in rows])

    groups = {r["author_slug"]: r["country_group"] for r in csv.DictReader(io.StringIO((target / "labs.csv").read_text(encoding="utf-8")))}

    def country_missing(rows):  # the first full week has no row of a lab from other countries: it reads 0
        first = min(d for d in {r["date"] for r in rows} if pd.Timestamp(d).day_of_week == 0)
        end = (pd.Timestamp(first) + pd.Timedelta(days=6)).strftime("%Y-%m-%d")
        return [r for r in rows if not (first <= r["date"] <= end and groups.get(r["author_slug"]) == "OTHER")]
    rewrite(target / "openrouter_daily.csv", country_missing)
    rewrite(target / "model_prices.csv", lambda rows: [dict(r, input_usd_per_mtok="0", output_usd_per_mtok="0")
                                                        if i == len(rows) - 1 else r for i, r in enumerate(rows)])
    return target


# --- charts of one row, of zeros, of long names ---------------------------------------------

LABELS = {"US": "United States", "CN": "China", "OTHER": "Other countries", "UNKNOWN": "Unknown"}


def one_row(mark: str) -> tuple[pd.DataFrame, ChartDecl]:
    if mark in ("line", "area"):
        frame = pd.DataFrame({"week_start": [pd.Timestamp("2030-01-07")], "country": ["China"], "share_pct": [100.0]})
        return frame, ChartDecl("one", "v", mark, "week_start", "share_pct", "country")
    if mark == "bar":
        frame = pd.DataFrame({"lab": [RTL], "country": ["China"], "tokens": [0.0]})
        return frame, ChartDecl("one", "v", "bar", "tokens", "lab", "country")
    frame = pd.DataFrame({"snapshot_date": [pd.Timestamp("2030-01-01")], "country": ["China"], "model": [EMOJI], "score": [50.0]})
    return frame, ChartDecl("one", "v", "point", "score", "snapshot_date", "country", tooltip=("model",))


@pytest.mark.parametrize("mark", ["line", "area", "bar", "point"])
def test_a_chart_of_one_row_builds_and_says_what_it_shows(mark):
    frame, decl = one_row(mark)
    spec = builders.to_spec(builders.build(chartdecl.select(frame, decl), decl, LABELS))
    values = next(iter(spec["datasets"].values()))
    assert len(values) == 1
    assert alttext.finding(frame, decl)
    assert "<td" in html_table(frame, chartdecl.used_columns(decl))


def test_zero_and_very_large_counts_read_as_numbers():
    frame = pd.DataFrame({"lab": ["A", "B", "C"], "country": ["China"] * 3, "tokens": [0.0, 9.99e17, 1.0]})
    decl = ChartDecl("big", "v", "bar", "tokens", "lab", "country")
    labels = [r["tokens__text"] for r in next(iter(builders.to_spec(builders.build(frame, decl, LABELS))["datasets"].values()))]
    assert labels == ["0", "999,000T", "1"] or labels == ["0", "999000T", "1"]
    assert "999" in alttext.finding(frame, decl)


def test_labels_beside_marks_are_cut_not_the_plot():
    frame = pd.DataFrame({"lab": [LONG], "country": [LONG], "tokens": [1e12]})
    decl = ChartDecl("long", "v", "bar", "tokens", "lab", "country")
    spec = builders.to_spec(builders.build(frame, decl, {**LABELS, "CN": LONG}))
    text_marks = [layer["mark"] for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    # cut at LABEL_LIMIT, or sooner when the chart is narrower: never past the chart's right edge
    assert text_marks and all(f"min({chartplan.LABEL_LIMIT} *" in m["limit"]["expr"] and "width -" in m["limit"]["expr"] for m in text_marks)
    x_scale = spec["encoding"]["x"]["scale"] if "encoding" in spec else spec["layer"][0]["encoding"]["x"]["scale"]
    assert "width -" in x_scale["rangeMax"]["expr"]  # the bars end short of the edge, by the labels' room


def test_a_title_placeholder_without_dates_is_an_error_not_text():
    frame = pd.DataFrame({"lab": ["A"], "tokens": [1.0]})
    decl = ChartDecl("x", "v", "bar", "tokens", "lab", title="Models, week of {week}")
    with pytest.raises(MacroError, match=r"says \{week\}"):
        provenance.fill(decl.title, frame, decl, "2026-08-21")


# --- the site built from odd data -------------------------------------------------------------


@pytest.fixture(scope="module")
def odd_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory, odd_port) -> Path:
    work = tmp_path_factory.mktemp("odd")
    data = make_odd(work / "data")
    out = work / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", out, {
        "TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(ROOT / ".cache"), "SITE_URL": f"http://127.0.0.1:{odd_port}/",
        **SAMPLE_PICTURES,  # the pictures of the hand-written pages (where the odd names meet) and one generated page of each kind
    })
    assert result.returncode == 0, result.stderr[-4000:]
    return out


@pytest.mark.build
def test_odd_names_show_exactly_in_tables(odd_site):
    labs = text(page(odd_site, "labs"))
    for name in (RTL, EMOJI, LONG.strip(), "NaN", "Zero Tokens Lab"):
        assert name in labs, name
    rows = [r for t in tables(page(odd_site, "labs")) for r in t]
    zero = next(r for r in rows if r and r[0] == "Zero Tokens Lab")
    assert zero[2:] == ["0", "0.0"], zero
    assert "Lab With No Models" in text(page(odd_site, "methodology"))
    # a lab with no price or score still gets its page, which says so; its model has a page named as the data names it
    rtl = text(page(odd_site, "labs/synthetic-rtl"))
    assert RTL in rtl and "No list price of this lab in the data." in rtl
    assert f"{RTL} model" in text(page(odd_site, "models/synthetic-rtl/odd-model"))
    assert f"{EMOJI} model" in text(page(odd_site, "models/synthetic-emoji/odd-model"))


@pytest.mark.build
def test_a_single_row_dataset_gives_a_one_bar_chart(odd_site):
    html = page(odd_site, "models")
    spec_path = re.search(r'id="chart-top-models-seed" data-spec="\.\./([^"]+)"', html).group(1)
    spec = json.loads((odd_site / spec_path).read_text(encoding="utf-8"))
    assert len(next(iter(spec["datasets"].values()))) == 1
    assert "MiMo-V2-Pro" in text(html)


@pytest.mark.build
def test_a_week_where_a_country_has_nothing_reads_zero(odd_site):
    weekly = [t for t in tables(page(odd_site, "countries")) if t and t[0][0] == "Week starting"][-1]
    header = weekly[0]
    first = min((r for r in weekly[1:] if "full week" in r), key=lambda r: pd.Timestamp(r[0]))  # the first full week
    assert first[header.index("Other countries (%)")] == "0.0"


@pytest.mark.build
def test_very_large_counts_and_free_prices_read_as_numbers(odd_site):
    assert "1000000T" in text(page(odd_site, "labs")) or "1,000,000T" in text(page(odd_site, "labs"))
    assert "0.00" in [c for t in tables(page(odd_site, "economics")) for r in t for c in r]


@pytest.mark.build
def test_long_names_do_not_widen_the_static_pictures(odd_site):
    """Every picture the build drew: those of the hand-written pages, where the long names are ranked
    side by side, and of one generated page of each kind, the one with the longest name (SAMPLE_PICTURES)."""
    drawn = sorted((odd_site / "assets" / "charts").glob("*-light-wide.svg"))
    assert len(drawn) >= 10 and any(p.name.startswith("lab-") for p in drawn)
    for path in drawn:
        width = float(re.search(rb'width="([\d.]+)"', path.read_bytes()[:400]).group(1))
        # vl-convert's one-pass fit lands within a few pixels of the width, long names or not
        assert width <= theme.STATIC_WIDTH * 1.05, path.name


@pytest.fixture(scope="module")
def odd_served(odd_site, odd_port):
    with serve(odd_site, odd_port) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("path, width", [("labs/", 1280), ("labs/", 390), ("models/", 1280), ("countries/", 1280), ("economics/", 390)])
def test_odd_data_charts_render_and_fit(browser, odd_served, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        reader = Reader(context, odd_served)
        reader.open(path)
        for chart in reader.draw_all_charts():
            assert chart["width"] > 100 and chart["height"] > 50 and chart["marks"] >= 3, chart
        assert reader.page.evaluate("document.documentElement.scrollWidth") == width, "the page scrolls sideways"
        plots = reader.page.evaluate("""() => [...document.querySelectorAll('.ts-chart__live svg')].map(svg => {
            const marks = [...svg.querySelectorAll('g.mark-rect path, g.mark-symbol path, g.mark-line path')];
            const box = marks.map(m => m.getBoundingClientRect()).filter(r => r.width || r.height);
            return box.length ? Math.max(...box.map(r => r.right)) - Math.min(...box.map(r => r.left)) : 0; })""")
        assert all(p > 0.25 * min(width, 680) for p in plots), f"a plot squeezed by its labels: {plots}"
        assert reader.errors == []
    finally:
        context.close()
