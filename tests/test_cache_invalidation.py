"""A changed input rebuilds exactly the cached outputs that depend on it, and nothing else.

Every chart of the catalogue is made from a copy of data/ with a cache of its
own, then made again after one change: a CSV row, a sidecar, a chart's
declaration. For each chart we count the Vega runs (render.STATS) and whether
its figure was made or reused, and for each view whether it was computed.
Passes marked `disk` forget everything held in memory first, as a second
`mkdocs build` (a new process) would. No timing is measured here.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from macros.core import cache
from macros.core import memo
from macros.core import options
from macros.charts import declarations
from macros.data import catalog
from macros.publish import figure as embed
from macros.publish import render
from macros.pages import build as site
from macros.series import views

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
PRICES = {"prices_output", "prices_input"}


@pytest.fixture
def data(tmp_path):
    """A copy of data/ and an empty cache directory for it (render and data caches)."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    with options.using(options.BuildOptions(data_dir=target, cache_dir=tmp_path / "cache", disk_cache=True)):
        yield target


def forget_memory() -> None:
    """What a new process starts without: every in-memory cache."""
    memo.clear_all()


def make_all(data_dir) -> dict[str, dict]:
    """Make every catalogue chart once; per chart: Vega runs by kind, figure made or reused, its HTML."""
    build = site.Build(data_dir)
    assert build.fatal is None, build.fatal
    out = {}
    for name in sorted(declarations.NAMED_CHARTS):
        before = dict(render.STATS)
        made = cache.STATS.get("figure:made", 0)
        decl, view = declarations.named(build.catalog, name)
        rendered = build.renderer.figure(decl, view, "")
        runs = {k.split(":")[1]: v - before.get(k, 0) for k, v in render.STATS.items() if k.startswith("rendered:")}
        out[name] = {"runs": {k: v for k, v in runs.items() if v}, "made": cache.STATS.get("figure:made", 0) > made,
                     "html": rendered.html}
    return out


def computed(fn) -> int:
    return cache.STATS.get(f"miss:{fn.__qualname__}", 0)


def edit_csv_cell(path, row: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[row].split(",")
    cells[header.index(column)] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("disk", [False, True], ids=["memory", "disk"])
def test_nothing_changed_reuses_every_chart_and_runs_vega_zero_times(data, disk):
    first = make_all(data)
    assert all(r["made"] and r["runs"] for r in first.values())
    if disk:
        forget_memory()
    again = make_all(data)
    assert {n: (r["made"], r["runs"]) for n, r in again.items()} == {n: (False, {}) for n in again}
    assert {n: r["html"] for n, r in again.items()} == {n: r["html"] for n, r in first.items()}


def test_a_build_that_shows_no_pictures_reuses_its_figures_in_the_next_process(data, tmp_path):
    """A test build without pictures (TOKENSHARE_PICTURES=off) has nothing left to draw: its figures are
    whole and kept on disk, so the next such build takes them instead of making every chart again."""
    with options.using(options.active().replace(pictures="off")):
        first = make_all(data)
        assert all(r["made"] for r in first.values()), {n: r["runs"] for n, r in first.items() if r["runs"]}
        forget_memory()
        again = make_all(data)
    assert not any(r["made"] for r in again.values())
    assert {n: r["html"] for n, r in again.items()} == {n: r["html"] for n, r in first.items()}
    forget_memory()
    shown = make_all(data)  # a build that shows pictures never takes a figure made without them
    assert all(r["made"] for r in shown.values())


@pytest.mark.parametrize("disk", [False, True], ids=["memory", "disk"])
def test_one_csv_row_rebuilds_the_charts_of_its_dataset_only(data, disk):
    make_all(data)
    if disk:
        forget_memory()
    prices_before, country_before = computed(views.prices.uncached), computed(views.country_weekly.uncached)
    edit_csv_cell(data / "model_prices.csv", 1, "output_usd_per_mtok", "123.45")
    after = make_all(data)
    assert {n for n, r in after.items() if r["made"]} == PRICES
    assert {n for n, r in after.items() if r["runs"]} == PRICES
    # every picture of a prices chart shows the new value, so each is drawn again
    for name in PRICES:
        assert after[name]["runs"]["svg"] >= 5 and after[name]["runs"]["png"] == 1
    assert "123" in after["prices_output"]["html"]  # never stale: the table under the chart has it
    assert computed(views.prices.uncached) == prices_before + 1
    assert computed(views.country_weekly.uncached) == country_before  # another dataset's view: reused


def test_a_sidecar_rebuilds_only_what_shows_it(data):
    make_all(data)
    meta = data / "model_prices.meta.yml"
    text = meta.read_text(encoding="utf-8")
    assert 'as_of: "2026-04-24"' in text
    meta.write_text(text.replace('as_of: "2026-04-24"', 'as_of: "2026-04-25"'), encoding="utf-8")
    after = make_all(data)
    assert {n for n, r in after.items() if r["made"]} == PRICES
    for name in PRICES:
        # the date is in the subtitle and the source line, set only around the downloadable picture:
        # its SVG framed again and its PNG, no Vega run; the four pictures in the page are reused
        assert after[name]["runs"] == {"svg": 1, "png": 1}
        assert "25 April 2026" in after[name]["html"]
    assert not any(r["runs"] for n, r in after.items() if n not in PRICES)


def test_a_chart_declaration_rebuilds_that_chart_only(data, monkeypatch):
    make_all(data)
    changed = dict(declarations.NAMED_CHARTS["prices_output"], title="Output prices, a new title")
    monkeypatch.setitem(declarations.NAMED_CHARTS, "prices_output", changed)
    after = make_all(data)
    assert {n for n, r in after.items() if r["made"]} == {"prices_output"}
    assert after["prices_output"]["runs"] == {"svg": 1, "png": 1}  # the download only, framed again (no Vega run)
    assert "Output prices, a new title" in after["prices_output"]["html"]
    assert not any(r["runs"] for n, r in after.items() if n != "prices_output")


def test_a_dataset_that_appears_is_a_change_for_views_that_asked_whether_it_exists(data):
    """Weeks are computed again when the daily rows are replaced (`cat.has(name)` is a read too, so a view
    that asked whether a dataset exists is computed again once it does)."""
    import synthetic_data
    from macros.ingest import normalise
    from macros.ingest import sidecars

    before = views.weeks(site.Build(data).catalog)
    misses = computed(views.weeks.uncached)
    assert views.weeks(site.Build(data).catalog).equals(before) and computed(views.weeks.uncached) == misses
    authors = ["openai", "anthropic", "google", "deepseek", "qwen", "mistralai"]
    rows = [r[:-1] + ["openrouter-data-api"] for r in synthetic_data.daily_rows(21, 11, authors, [])]
    (data / "openrouter_daily.csv").write_bytes(normalise.to_csv(normalise.DAILY_COLUMNS, rows))
    (data / "openrouter_daily.meta.yml").write_bytes(sidecars.render(sidecars.DAILY, synthetic_data.AS_OF))
    after = views.weeks(site.Build(data).catalog)
    assert computed(views.weeks.uncached) > misses
    assert after["week_start"].max() == __import__("pandas").Timestamp("2026-08-17")  # the synthetic days' last week


def test_sources_file_is_part_of_every_key(data):
    views.weeks(site.Build(data).catalog)
    misses = computed(views.weeks.uncached)
    (data / "sources.yml").write_text((data / "sources.yml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    views.weeks(site.Build(data).catalog)
    assert computed(views.weeks.uncached) == misses + 1
