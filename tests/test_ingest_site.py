"""The whole site built from the 90 days of real rows of tests/fixtures/openrouter, imported into a copy of
data/ in a temporary directory (TOKENSHARE_DATA points the build there). Its tests read pages and downloads,
so it is built without static pictures (NO_PICTURES) and with one model page in eight (SAMPLE_MODEL_PAGES: no
test here reads a model's page); those of the real data are tested on the `site` fixture."""

import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import NO_PICTURES, SAMPLE_MODEL_PAGES, mkdocs_build
from ingest_support import MERGED, MODELS_BARE, MODELS_WRAPPED, data_copy
from macros.ingest import cli
from pagetext import page, tables, text
from facts import facts_weekly_table

pytestmark = pytest.mark.build
ROOT = Path(__file__).resolve().parents[1]
CITATION = "Source: OpenRouter (openrouter.ai/rankings), as of 2026-08-22"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("real-site")
    data = data_copy(work / "data")
    assert cli.main(["--data", str(data), "import", str(MERGED), str(MODELS_BARE), str(MODELS_WRAPPED)]) == 0
    out = work / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", out, {"TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(ROOT / ".cache"),
                                                    **NO_PICTURES, **SAMPLE_MODEL_PAGES})
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def sources(html: str) -> list[str]:
    return re.findall(r'class="ts-chart__source">([^<]*)<', html)


def test_countries_page_computes_the_facts_weekly_table(real_site):
    html = page(real_site, "countries")
    weekly = [t for t in tables(html) if t and t[0][:2] == ["Week starting", "United States (%)"]]
    assert weekly, "no weekly table on the countries page"
    rows, expected = weekly[-1], facts_weekly_table()
    names = {"United States (%)": "US", "China (%)": "CN", "Other countries (%)": "OTHER", "Unknown (%)": "UNKNOWN"}
    seen = set()
    for row in rows[1:]:
        week = pd.Timestamp(row[0]).strftime("%Y-%m-%d")
        if week not in expected:
            continue  # the partial weeks at either end (1 and 5 days), which FACTS.md leaves out
        for column, cell in zip(rows[0][1:], row[1:]):
            if column in names:
                assert float(cell) == pytest.approx(expected[week][names[column]], abs=0.1), (week, column)
                seen.add((week, column))
    assert len(seen) == 48
    assert set(sources(html)) == {CITATION}


@pytest.mark.parametrize("path, sentence", [
    ("labs", "In the week of 10 August 2026, DeepSeek alone took 26.2 %"),
    ("models", "In the week of 10 August 2026, 6 of the ten most-used models came from Chinese labs."),
    ("", "In the latest full week, from 10 August 2026, Chinese labs took 57.3 % of OpenRouter's tokens and US labs 35.5 %"),
])
def test_pages_move_to_the_latest_full_week_of_the_imported_rows(real_site, path, sentence):
    html = page(real_site, path)
    assert sentence in text(html)
    assert CITATION in sources(html)


def test_the_latest_charts_cite_the_imported_data(real_site):
    labs = page(real_site, "labs")
    assert "Share of tokens by lab, week of 10 Aug 2026" in labs
    # the April snapshot of the rankings page and the Data API read alike but for this: the reader can tell them apart
    assert sources(labs) == ["Source: OpenRouter rankings page, market-share section (openrouter.ai/rankings), as of 2026-04-24 07:56 UTC", CITATION]


def test_the_data_page_offers_the_imported_datasets(real_site):
    body = text(page(real_site, "data"))
    assert "openrouter_daily · 4590 rows · as of 2026-08-22T00:00:00Z" in body
    assert "openrouter_models · 900 rows" in body  # 351 models on 24 April, 549 on 19 August
    assert (real_site / "downloads" / "data" / "openrouter_daily.csv").stat().st_size > 500_000


def test_a_build_without_pictures_names_pictures_it_never_wrote_so_the_link_check_stops_it(real_site):
    """This site is built with TOKENSHARE_PICTURES=off: were such a build ever published, CI's link check
    (run after `make build`, before publishing) would stop it; nor did it prune the cache it shares."""
    import subprocess
    import sys

    from macros.core import prune

    html = page(real_site, "countries")
    named = re.findall(r'<img src="\.\./(assets/charts/[^"]+)"', html)
    assert named and not any((real_site / n).exists() for n in named)
    checked = subprocess.run([sys.executable, str(ROOT / "scripts" / "linkcheck.py"), str(real_site)], capture_output=True, text=True)
    assert checked.returncode != 0 and "assets/charts/" in checked.stdout + checked.stderr
    data = real_site.parent / "data"
    assert not prune.manifest_path(ROOT / ".cache", (ROOT / "mkdocs.yml").resolve(), data.resolve()).exists()
