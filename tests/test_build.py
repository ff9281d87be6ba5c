"""Whole-site builds under --strict: the real site, and fixture sites with mistakes."""

import re
from pathlib import Path

import pandas as pd
import pytest

import rows
from pagetext import page, tables, text

pytestmark = pytest.mark.build
ROOT = Path(__file__).resolve().parent.parent


def test_home_page_shows_the_claims_and_the_data(site):
    body = text(page(site, ""))
    for figure in ("46.6 %", "37.0 %", "37.1 %", "8.21T"):  # the April snapshot and the article: frozen sources
        assert figure in body, figure
    week = rows.latest_full_week()
    china = rows.percent(rows.country_shares(week)["CN"])
    us = rows.percent(rows.country_shares(week)["US"])
    assert f"In the latest full week, from {rows.day(week)}, Chinese labs took {china} of OpenRouter's tokens and US labs {us}" in body


def test_countries_page_weekly_table_is_the_rows_summed_by_week(site):
    """Every week the table shows has each country's share of that week's daily rows, to the shown decimal."""
    html = page(site, "countries")
    weekly = [t for t in tables(html) if t and t[0][:2] == ["Week starting", "United States (%)"]]
    assert weekly, "no weekly table with a 'Week starting' header on the countries page"
    table = weekly[-1]
    header = table[0]
    names = {f"{name} (%)": group for group, name in rows.GROUP_NAMES.items()}
    seen = set()
    for row in table[1:]:
        week = pd.Timestamp(row[0])
        expected = rows.country_shares(week)
        for column, cell in zip(header[1:], row[1:]):
            if column in names:
                assert cell == f"{expected[names[column]]:.1f}", (week, column)
        seen.add(week)
    assert rows.latest_full_week() in seen and len(seen) == min(len(rows.weeks()), 26)


def test_every_chart_is_framed(site):
    charts = 0
    for html_path in site.rglob("index.html"):
        html = html_path.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="ts-chart".*?</figure>', html, flags=re.S):
            charts += 1
            assert 'class="ts-chart__title"' in figure and 'class="ts-chart__subtitle"' in figure
            # every chart says its "as of", once, at the end of its source line
            assert re.search(r'class="ts-chart__source">Sources?: [^<]*[aA]s of \d{4}-\d\d(-\d\d( \d\d:\d\d UTC)?)?</p>', figure)
            assert "<table" in figure, "a chart without its table"
            for kind in ("csv", "vl.json", "svg", "png"):
                assert re.search(rf'href="[^"]+\.{re.escape(kind)}" download', figure), kind
            for src in re.findall(r'(?:src|srcset|href|data-spec)="([^"#]+)"', figure):
                target = (html_path.parent / src).resolve() / ("index.html" if src.endswith("/") else "")  # a page, or a file
                assert target.is_file() and target.stat().st_size > 0, src
    assert charts >= 12


def test_every_dataset_is_downloadable_with_its_dictionary(site, catalog):
    html = page(site, "data")
    for name in catalog.names:
        assert f'href="../downloads/data/{name}.csv"' in html
        download = (site / "downloads" / "data" / f"{name}.csv").read_bytes()
        assert download.split(b"\n", 1)[0].decode("utf-8-sig").split(",") == list(catalog.meta(name).column_names), name
        for column in catalog.meta(name).column_names:
            assert f">{column}<" in html
    weekly = [c for n in catalog.names for c in catalog.meta(n).columns if c.period == "week"]
    assert weekly and html.count(">date, one a week<") == len(weekly)  # the dictionary says a column's period


def test_no_request_to_another_host_in_any_page(site):
    for html_path in site.rglob("*.html"):
        html = html_path.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|img|source|iframe)\b[^>]*\b(?:src|srcset)="((?:https?:)?//[^"]*)"', html)
        loads += re.findall(r'<link\b[^>]*rel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]*href="((?:https?:)?//[^"]*)"', html)
        assert not loads, f"{html_path} loads {loads}"


def test_unknown_chart_fails_the_build_naming_the_page(mini_site):
    result, _ = mini_site({"index.md": "# Home\n", "story.md": "# Story\n\nText.\n\n{{ chart(\"contry_share_weekly\") }}\n"})
    assert result.returncode != 0
    assert "docs/story.md, line 5 in chart(): unknown chart 'contry_share_weekly'. Did you mean 'country_share_weekly'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_mistakes_on_two_pages_are_reported_together(mini_site):
    result, _ = mini_site({
        "index.md": "---\ntitle: Home\n---\n\n# Home\n\n{{ figure(\"share\", country=\"Chna\") }}\n",
        "other.md": "# Other\n\n{{ chrt(\"country_share_weekly\") }}\n",
    })
    assert result.returncode != 0
    assert "2 mistake(s)" in result.stderr
    assert "docs/index.md, line 7 in figure(): unknown country 'Chna'. Did you mean 'China'?" in result.stderr
    assert "docs/other.md, line 3: unknown macro or variable 'chrt'. Did you mean 'chart'?" in result.stderr


def test_code_blocks_are_not_evaluated(mini_site):
    page_text = (
        "# Example\n\nInline: `{{ figure(\"share\", country=\"CN\") }}`.\n\n"
        "```markdown\n{{ chart(\"no_such_chart\") }}\n```\n\nLive: {{ figure(\"share\", country=\"CN\") }}\n"
    )
    result, out = mini_site({"index.md": page_text})
    assert result.returncode == 0, result.stderr[-2000:]
    body = text((out / "index.html").read_text(encoding="utf-8"))
    assert '{{ chart("no_such_chart") }}' in body
    assert 'Inline: {{ figure("share", country="CN") }}' in body
    assert f"Live: {rows.percent(rows.country_shares(rows.latest_full_week())['CN'])}" in body


def test_invalid_data_stops_the_build_with_located_messages(mini_site, data_copy):
    path = data_copy / "seed_author_share.csv"
    path.write_text(path.read_text().replace(",anthropic,2957757883891,17.8,", ",anthropic,2957757883891,-17.8,", 1))
    result, out = mini_site({"index.md": "# Home\n"}, data_dir=data_copy)
    assert result.returncode != 0
    assert "seed_author_share.csv, line 2, column 'share_pct': got '-17.8', expected a value ≥ 0" in result.stderr
    assert not (out / "index.html").exists()


def test_every_page_has_a_social_card(site):
    import struct

    for html_path in site.rglob("index.html"):
        if "search" in html_path.parts:
            continue
        html = html_path.read_text(encoding="utf-8")
        tags = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:]+)" content="([^"]*)"', html))
        assert tags["twitter:card"] == "summary_large_image", html_path
        assert tags["og:description"] and tags["og:title"], html_path
        image = site / tags["og:image"].split("/", 3)[3]
        head = image.read_bytes()[:24]
        assert head.startswith(b"\x89PNG") and struct.unpack(">II", head[16:24]) == (1200, 630), image


def test_alt_text_states_a_finding_not_the_title(site):
    html = page(site, "countries")
    alts = re.findall(r'<img [^>]*alt="([^"]+)"', html)
    assert alts and all(re.search(r"\d", a) for a in alts)
    shares = rows.country_shares(rows.latest_full_week())
    leader = max(shares, key=shares.get)
    assert f"{rows.GROUP_NAMES[leader]} had the largest share of tokens at {rows.percent(shares[leader])}" in alts[0].replace("\u00a0", " ")


def test_the_sources_list_gives_each_source_with_its_licence_citation_and_date(site, catalog):
    """Every source of data/sources.yml is listed, its publication written as a date (a time in UTC
    where it has one), never as a raw ISO timestamp."""
    html = page(site, "methodology")
    for sid, source in catalog.sources.items():
        item = re.search(rf'<li id="source-{re.escape(sid)}">(.*?)</li>', html, re.S)
        assert item, sid
        assert "Licence:" in item.group(1) and "Cite as:" in item.group(1)
    assert "(OpenRouter, 2026-04-24 07:56 UTC)" in html and not re.search(r"\d{2}:\d{2}:\d{2}Z", html)


def test_no_markdown_backtick_shows_in_a_pages_text(site):
    """Notes and descriptions from the data are text, not Markdown: a backtick in one would show as is."""
    for html_path in site.rglob("index.html"):
        html = html_path.read_text(encoding="utf-8")
        html = re.sub(r"<(code|pre|script|style)\b.*?</\1>", "", html, flags=re.S)
        assert "`" not in re.sub(r"<[^>]+>", "", html), html_path
