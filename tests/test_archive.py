"""The dated archive and each chart's "Cite".

Every archive page is compared with the rows truncated to its week's Sunday,
computed again with plain pandas (tests/rows.py); the Cite of a chart must
offer the dated page of the week the site publishes, and that page must exist.
"""

from __future__ import annotations

import pytest

import rows
from archivecheck import archive_numbers_shown, cites
from pagetext import page, text

pytestmark = pytest.mark.build


def test_the_archive_keeps_the_latest_quarter_of_full_weeks(site):
    kept = rows.archived_weeks()
    pages = sorted(p.parent.name for p in (site / "archive").glob("*/index.html"))
    assert pages == sorted(f"{w:%Y-%m-%d}" for w in kept)
    assert len(pages) == min(13, len(rows.full_weeks()))
    index = text(page(site, "archive"))
    for week in kept:
        assert f"The week of {rows.day(week)}" in index


@pytest.mark.parametrize("which", [0, 1, -1])
def test_an_archive_page_shows_its_weeks_numbers_from_the_truncated_rows(site, which):
    archive_numbers_shown(site, rows.archived_weeks()[which])


def test_every_chart_offers_a_citation_and_a_weekly_one_its_dated_link(site):
    latest = rows.latest_full_week()
    dated = set()
    for path, depth in (("", 0), ("countries", 1), ("labs/deepseek", 2)):
        found = cites(page(site, path))
        assert found
        for anchor, (title, words, href) in found.items():
            assert "Token Share (20" in words and f"“{title}”" in words and "Data as of 20" in words
            assert f"/{path + '/' if path else ''}#{anchor}" in words
            if href is None:  # a chart of no archived week (April's snapshot, a16z's figures)
                assert "Archived" not in words
                continue
            dated.add(anchor)
            assert href == "../" * depth + f"archive/{latest:%Y-%m-%d}/", anchor
            assert (site / path / href / "index.html").resolve().is_file()
            assert f"week of {rows.day(latest)}" in words
    assert {"chart-country-share-weekly", "chart-lab-deepseek-share"} <= dated
    assert not {"chart-lab-share-seed", "chart-a16z-open-weight"} & dated
