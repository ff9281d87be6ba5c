"""A weekly refresh, rehearsed: one more week of SYNTHETIC rows imported into a copy of data/,
the whole site built from it, checked, and following the new week.

The rows come from scripts/synthetic_week.py (labelled synthetic in the file's
meta; they live only in pytest's temporary folders and are never published).
Every expected figure is computed again from the copy's rows (tests/rows.py).
Every page is built; the pictures drawn are those of every hand-written page
(where the weekly charts gain the new week) and of one generated page of each
kind (SAMPLE_PICTURES): no test here reads a picture, and drawing the rest of
the new week's pictures would be the generators of the `site` fixture again.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pandas as pd
import pytest

import rows
from conftest import ROOT, SAMPLE_PICTURES, mkdocs_build
from archivecheck import archive_numbers_shown, cites
from pagetext import page, tables, text

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory, site_port):
    """(data copy with one more week, the site built from it)."""
    tmp = tmp_path_factory.mktemp("new-week")
    data = Path(shutil.copytree(ROOT / "data", tmp / "data"))
    week = tmp / "synthetic-week.json"
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "synthetic_week.py"), str(week), "--data", str(data)],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    imported = subprocess.run([sys.executable, "-m", "macros.ingest", "--data", str(data), "import", str(week)],
                              capture_output=True, text=True, cwd=ROOT)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    site = tmp / "site"
    # the site URL of the real site's build (the `site` fixture), so their feeds can be compared entry by entry;
    # the tests' shared cache: the pictures the new week leaves as they were (the archived weeks') are not drawn again
    result = mkdocs_build(ROOT / "mkdocs.yml", site, {"TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(ROOT / ".cache"),
                                                      "SITE_URL": f"http://127.0.0.1:{site_port}/", **SAMPLE_PICTURES})
    assert result.returncode == 0, result.stderr[-4000:]
    return data, site


def test_the_new_week_is_the_latest_full_week(refreshed):
    data, _ = refreshed
    assert rows.latest_full_week(data) > rows.latest_full_week(), "the synthetic week should complete a new full week"
    assert rows.last_day(data) == rows.last_day() + pd.Timedelta(days=7)


def test_home_page_names_the_new_week_with_shares_from_its_rows(refreshed):
    data, site = refreshed
    body = text(page(site, ""))
    week = rows.latest_full_week(data)
    shares = rows.country_shares(week, data)
    assert (f"In the latest full week, from {rows.day(week)}, Chinese labs took {rows.percent(shares['CN'])} of OpenRouter's"
            f" tokens and US labs {rows.percent(shares['US'])}") in body


def test_the_countries_table_gains_the_week(refreshed):
    data, site = refreshed
    weekly = [t for t in tables(page(site, "countries")) if t and t[0][:2] == ["Week starting", "United States (%)"]]
    shown = {pd.Timestamp(r[0]) for r in weekly[-1][1:]}
    assert rows.latest_full_week(data) in shown and rows.latest_full_week() in shown


def test_the_feed_gains_exactly_one_entry_and_keeps_the_others(refreshed, site):
    """Against the build of the repository's data: one new entry, for the new week, first; every other
    entry keeps its id and link (a feed reader never shows a week twice)."""
    data, new_site = refreshed
    before = feedparser.parse((site / "feed.xml").read_bytes()).entries
    after = feedparser.parse((new_site / "feed.xml").read_bytes()).entries
    assert len(after) == len(before) + 1 == len(rows.full_weeks(data))
    week = f"{rows.latest_full_week(data):%Y-%m-%d}"
    assert after[0].link.endswith(f"/weekly/{week}/") and week in after[0].id
    assert [(e.id, e.link) for e in after[1:]] == [(e.id, e.link) for e in before]
    assert after[0].updated == rows.as_of_of_week(rows.latest_full_week(data), data)


def test_the_weekly_page_leads_with_the_new_week(refreshed):
    data, site = refreshed
    html = page(site, "weekly")
    week = rows.latest_full_week(data)
    listed = re.findall(r'<h2 id="week-(\d{4}-\d{2}-\d{2})"', html)
    assert listed[0] == f"{week:%Y-%m-%d}" and len(listed) == len(rows.full_weeks(data))
    shares = rows.country_shares(week, data)
    lead = text(page(site, f"weekly/{week:%Y-%m-%d}"))
    assert rows.percent(shares["CN"]) in lead and rows.percent(shares["US"]) in lead
    assert "ts-partial-week" not in html or rows.last_day(data).day_of_week != 6


def test_the_site_checks_pass_on_the_new_build(refreshed):
    """Every link and anchor of the new build holds, but the pictures the sample left undrawn: on the lab
    and model pages only, and of each of those one page has all of its own (the one drawn)."""
    import linkcheck

    _, site = refreshed
    broken = linkcheck.Checker(site).check()
    undrawn = [b for b in broken if b.link.url.endswith((".svg", ".png")) and b.reason.startswith("no file ")]
    assert [str(b) for b in broken if b not in undrawn] == []
    kinds = {"labs": "labs/*/index.html", "models": "models/*/*/index.html"}
    assert {b.link.source.split("/")[0] for b in undrawn} <= set(kinds)
    for kind, pages in kinds.items():
        missing = {b.link.source for b in undrawn}
        whole = [p for p in site.glob(pages) if p.relative_to(site).as_posix() not in missing and "<picture" in p.read_text()]
        assert whole, f"no {kind} page has all its pictures"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "pageweight.py"), str(site)], capture_output=True, text=True)
    assert result.returncode == 0, f"pageweight.py: {result.stdout[-2000:]}{result.stderr[-2000:]}"


def test_the_repository_data_is_untouched(refreshed):
    """The rehearsal worked on a copy: data/ still ends where it ended."""
    assert not any("synthetic" in p.name for p in (ROOT / "data").rglob("*"))
    assert rows.last_day(ROOT / "data") < rows.last_day(refreshed[0])


def test_the_archive_of_the_previous_week_still_shows_its_numbers(refreshed):
    """The week that was the latest keeps its dated page, its numbers those of the repository's own rows
    (before the import), and the new week gets one; a chart's Cite now offers the new week's."""
    data, site = refreshed
    before, new = rows.latest_full_week(), rows.latest_full_week(data)
    archive_numbers_shown(site, before, rows.DATA)  # the numbers as computed before the new week came in
    archive_numbers_shown(site, new, data)
    kept = sorted(p.parent.name for p in (site / "archive").glob("*/index.html"))
    assert kept == sorted(f"{w:%Y-%m-%d}" for w in rows.archived_weeks(data)) and len(kept) <= 13
    _, _, href = cites(page(site, ""))["chart-country-share-weekly"]
    assert href == f"archive/{new:%Y-%m-%d}/"


def test_the_lab_charts_week_picker_gains_the_week_with_its_shares(refreshed):
    """The labs chart's week picker (publish/weekpick.py) offers every full week of the new rows; the
    week before the new one, no longer the chart's own, is swapped in with that week's shares."""
    import json

    data, site = refreshed
    html = (site / "labs" / "index.html").read_text(encoding="utf-8")
    path = re.search(r'id="chart-lab-share-latest"[^>]*data-explore="\.\./([^"]+)"', html).group(1)
    info = json.loads((site / path).read_text(encoding="utf-8"))
    assert [w["week"] for w in info["weeks"]] == [f"{w:%Y-%m-%d}" for w in rows.full_weeks(data)]
    assert info["week"] == f"{rows.latest_full_week(data):%Y-%m-%d}"
    parts = json.loads((site / path.replace(".explore.json", ".weeks.json")).read_text(encoding="utf-8"))["weeks"]
    before = parts[f"{rows.latest_full_week():%Y-%m-%d}"]  # each week's chart, fetched when it is picked
    shown = before["wide"]["datasets"][before["wide"]["data"]["name"]]
    expected = rows.lab_shares(rows.latest_full_week(), data).head(len(shown))
    assert [r["share_pct"] for r in shown] == pytest.approx(list(expected), abs=1e-9)
