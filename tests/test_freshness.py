"""Freshness: every page says the day the data runs through; claims say the week they were checked on.

The expected dates are read straight from data/openrouter_daily.csv (csv
module, not the catalog), never written here: the data gains a week every
Monday and these tests must not need editing when it does.
"""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta

import pytest
import yaml

from conftest import ROOT
from macros.pages import claims
from macros.pages import freshness
from macros.data.catalog import Catalog
from macros.pages.numbers import Figure
from pagetext import page, text
from sitetools import pages

DAILY_CSV = ROOT / "data" / "openrouter_daily.csv"


def csv_dates() -> list[date]:
    with DAILY_CSV.open(encoding="utf-8", newline="") as f:
        return [date.fromisoformat(row["date"]) for row in csv.DictReader(f)]


def last_day() -> date:
    return max(csv_dates())


def latest_full_week() -> date:
    """The Monday of the latest Monday-to-Sunday week with all 7 days in the rows."""
    days = set(csv_dates())
    mondays = {d - timedelta(days=d.weekday()) for d in days}
    full = [m for m in mondays if all(m + timedelta(days=i) in days for i in range(7))]
    return max(full)


def short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


# --- the date, from the data ---------------------------------------------------------------


def test_the_last_day_is_the_last_date_of_the_daily_rows(catalog):
    fresh = freshness.of_catalog(catalog)
    assert fresh.last_day == last_day()
    sidecar = yaml.safe_load((ROOT / "data" / "openrouter_daily.meta.yml").read_text(encoding="utf-8"))
    assert fresh.as_of == str(sidecar["as_of"])
    assert fresh.source == catalog.sources[sidecar["sources"][0]].title


def test_the_line_reads_as_a_sentence_with_a_machine_readable_date(catalog):
    fresh = freshness.of_catalog(catalog)
    assert freshness.text(fresh).startswith(f"Data through {short(last_day())} (")
    html = freshness.line_html(fresh)
    assert f'<time class="ts-freshness__date" datetime="{last_day().isoformat()}">{short(last_day())}</time>' in html
    assert 'id="ts-freshness"' in html and 'role="status"' in html
    assert "style=" not in html and "<script" not in html
    assert text(html).strip().startswith(f"Data through {short(last_day())} (")


def test_no_daily_rows_no_line(data_copy):
    for path in data_copy.glob("openrouter_daily.*"):
        path.unlink()
    assert freshness.of_catalog(Catalog(data_copy, cache=False)) is None


@pytest.mark.parametrize("as_of, expected", [
    ("2026-08-22T00:00:00Z", ("2026-08-22T00:00Z", "22 Aug 2026 00:00 UTC")),
    ("2026-08-22T02:30:00+02:00", ("2026-08-22T00:30Z", "22 Aug 2026 00:30 UTC")),
    ("2026-04-24T07:56:34Z", ("2026-04-24T07:56:34Z", "24 Apr 2026 07:56 UTC")),
    ("2026-08-22", ("2026-08-22", "22 Aug 2026")),
    ("2026-08", None),
    ("soon", None),
])
def test_as_of_is_read_as_a_moment_or_left_as_written(as_of, expected):
    assert freshness.as_of_parts(as_of) == expected


def test_data_in_the_line_is_escaped():
    hostile = freshness.Freshness(date(2030, 1, 6), '"><img src=x onerror=alert(1)>', "<script>alert(1)</script> & co")
    html = freshness.line_html(hostile)
    assert "<script" not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "as of &quot;&gt;&lt;img" in html
    assert 'datetime="2030-01-06">6 Jan 2030</time>' in html


ARTICLE = '<div class="md-content"><article class="md-content__inner md-typeset">{}</article></div>'


def test_the_line_goes_right_under_the_articles_h1():
    header = '<header><h1>Site</h1></header>'  # an h1 outside the article is not the page's title
    page_html = header + ARTICLE.format('<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><p>Body</p><h1>Two</h1>')
    out = freshness.insert(page_html, "<p>LINE</p>")
    assert out == header + ARTICLE.format('<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><p>LINE</p><p>Body</p><h1>Two</h1>')
    assert freshness.insert(ARTICLE.format("<p>Body</p>"), "<p>LINE</p>") == ARTICLE.format("<p>LINE</p><p>Body</p>")
    assert freshness.insert("<html><body><h1>x</h1></body></html>", "<p>LINE</p>") == "<html><body><h1>x</h1></body></html>"
    assert freshness.insert(page_html, "") == page_html


# --- claims: the week they were checked on, in the past tense -------------------------------


def figure_claim(holds: bool, period: str, value="57.3 %", op=">", right="35.5 %") -> claims.Claim:
    return claims.Claim("China leads.", holds, Figure(1.0, value, period), op, Figure(0.0, right))


@pytest.mark.parametrize("period, status, evidence", [
    ("week of 10 Aug 2026", "held in the week of 10 Aug 2026", "57.3 % (needs more than 35.5 %)"),
    ("top 10, week of 10 Aug 2026", "held in the week of 10 Aug 2026", "57.3 % of the top 10 (needs more than 35.5 %)"),
    ("week of 25 May 2026 to 10 Aug 2026", "held from the week of 25 May 2026 to the week of 10 Aug 2026",
     "57.3 % (needs more than 35.5 %)"),
    ("month of July 2026", "held in July 2026", "57.3 % (needs more than 35.5 %)"),
    ("benchmark snapshot of 19 Aug 2026", "held in the benchmark snapshot of 19 Aug 2026", "57.3 % (needs more than 35.5 %)"),
    ("the seed article", "held", "57.3 % (needs more than 35.5 %), the seed article"),
    ("top 5, April 2026, as the article gives it", "held",
     "57.3 % of the top 5 (needs more than 35.5 %), April 2026, as the article gives it"),
    ("", "held", "57.3 % (needs more than 35.5 %)"),
])
def test_a_claim_says_when_it_held(period, status, evidence):
    held = figure_claim(True, period)
    assert (held.status, held.evidence) == (status, evidence)
    failed = figure_claim(False, period)
    assert failed.status == status.replace("held", "did not hold", 1)
    shown = re.sub(r"<[^>]+>", "", claims.inline(failed))
    assert shown == f"China leads. ✗ {failed.status}: {evidence}"


def test_the_inline_claim_keeps_its_mark_classes_and_escapes_the_period():
    held = claims.inline(figure_claim(True, "week of <b>1</b>"))
    assert 'class="ts-claim ts-claim--holds"' in held and '<span class="ts-claim__status">' in held
    assert "&lt;b&gt;1&lt;/b&gt;" in held and "<b>" not in held
    failed = claims.inline(figure_claim(False, "week of 10 Aug 2026"))
    assert 'class="ts-claim ts-claim--fails"' in failed and "✗ did not hold" in failed


def test_claims_against_the_catalog_name_the_latest_full_week(catalog):
    week = short(latest_full_week())
    held = claims.check(catalog, "China leads.", "share", ">", {"kind": "share", "country": "US"}, country="CN")
    failed = claims.check(catalog, "The US leads.", "share", ">", {"kind": "share", "country": "CN"}, country="US")
    assert {held.status, failed.status} == {f"held in the week of {week}", f"did not hold in the week of {week}"}
    count = claims.check(catalog, "Many.", "count", ">=", 0, country="CN", n=10)
    assert count.status == f"held in the week of {week}" and " of the top 10 (needs at least 0)" in count.evidence
    seed = claims.check(catalog, "Seed.", "count", ">=", 0, country="CN", n=5, period="seed")
    assert seed.status == "held" and seed.evidence.endswith("April 2026, as the article gives it")


def test_the_listing_says_it_too():
    listed = claims.listing([figure_claim(True, "week of 10 Aug 2026"), figure_claim(False, "week of 10 Aug 2026")], "")
    assert "✗ did not hold in the week of 10 Aug 2026</td>" in listed
    assert "✓ held in the week of 10 Aug 2026</td>" in listed
    assert listed.index("did not hold") < listed.index("✓ held")  # overturned first
    assert "2 claims on the site" in listed and "1 did not hold." in listed
    assert 'class="ts-claim-row ts-claim-row--holds"' in listed and 'class="ts-claim-row ts-claim-row--fails"' in listed


# --- the built site ---------------------------------------------------------------------------


@pytest.mark.build
def test_every_page_carries_the_line_under_its_title(site):
    day = last_day()
    line = re.compile(r'</h1>\s*<p class="ts-freshness" id="ts-freshness" data-ts-last-day="([^"]+)"')
    paths = pages(site)
    assert any(p.startswith("labs/") and p != "labs/" for p in paths) and any(p.startswith("models/") and p != "models/" for p in paths)
    assert "reference/" in paths
    archived = [p for p in paths if p.startswith("archive/") and p != "archive/"]
    assert archived, "the archive's week pages say their own day instead (tests/archivecheck.py)"
    embeds = [p for p in paths if p.startswith("embed/")]  # a chart alone, no title: the line heads the page
    assert embeds
    for path in embeds:
        html = page(site, path)
        assert html.count('id="ts-freshness"') == 1 and f"Data through {short(day)} (" in text(html), path
    for path in sorted(set(paths) - set(archived) - set(embeds)):
        html = page(site, path)
        article = html[html.index('<article class="md-content__inner'):]
        assert html.count('id="ts-freshness"') == 1, path
        found = line.search(article)
        assert found and found.group(1) == day.isoformat(), path
        assert article.index("</h1>") < found.start() + 5, f"{path}: the line is not right under the first h1"
        assert f'<time class="ts-freshness__date" datetime="{day.isoformat()}">{short(day)}</time>' in html, path
        assert f"Data through {short(day)} (" in text(html), path


@pytest.mark.build
def test_the_search_index_does_not_repeat_the_line(site):
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f"Data through {short(last_day())}" not in index and "ts-freshness" not in index


@pytest.mark.build
def test_the_built_claims_name_their_week(site):
    week = short(latest_full_week())
    home = text(page(site, ""))
    assert f"✓ held in the week of {week}:" in home
    assert "holds:" not in home and "no longer holds" not in home
    listed = text(page(site, "claims"))
    assert f"✓ held in the week of {week}" in listed and "did not hold." in listed
