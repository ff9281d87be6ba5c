"""Pages nobody writes: one per lab, and the macro reference generated from the code (model pages: test_model_pages.py)."""

from __future__ import annotations

import re

import pytest

import rows
from macros.pages import labs as labpages
from macros.pages import macrodoc
from pagetext import page, tables, text

MACROS = ("chart", "table", "figure", "claim", "claims_list", "lab_profile", "model_profile", "weekly_briefing",
          "weekly_briefings", "archive_week", "sources", "datasets", "site_citation")
GENERATED = ("lab_profile", "model_profile", "weekly_briefing", "archive_week")  # examples that run on the pages generated for them


@pytest.mark.parametrize("slug, expected", [
    ("deepseek", "deepseek"), ("meta-llama", "meta-llama"), ("z-ai", "z-ai"),
])
def test_plain_slugs_keep_their_name(slug, expected):
    assert labpages.file_slug(slug) == expected


@pytest.mark.parametrize("slug", ["../../etc/passwd", "a/b", "~openai", "", ".", "..", "Ünïcødé 模型", "x" * 300, "con", "a\\b"])
def test_any_slug_becomes_a_safe_unique_file_name(slug):
    name = labpages.file_slug(slug)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) and len(name) <= 70
    assert name != labpages.file_slug(slug + "x")


def test_similar_slugs_do_not_share_a_page():
    assert labpages.file_slug("~openai") != labpages.file_slug("openai")
    assert labpages.file_slug("Z-AI") != labpages.file_slug("z-ai")


def test_which_labs_get_a_page(catalog):
    pages = labpages.pages(catalog)
    assert {"deepseek", "openai", "xiaomi", "tencent", "poolside"} <= set(pages)
    assert not {"other", "openrouter", "Others", "stealth"} & set(pages)  # policy rows are not labs
    assert "baidu" not in pages  # in the lab table, but in no dataset


@pytest.mark.build
def test_every_lab_page_is_built_and_linked_from_the_labs_page(site, catalog):
    labs_html = page(site, "labs")
    for slug, name in labpages.pages(catalog).items():
        body = page(site, f"labs/{name}")
        assert f'href="../labs/{name}/"' in labs_html, slug
        assert 'figure class="ts-chart"' in body or "was in a day's top 50 in the data" in body
    deepseek = text(page(site, "labs/deepseek"))
    assert "DeepSeek (author slug deepseek ) is counted under China" in deepseek
    week = rows.latest_full_week()
    share = rows.percent(rows.lab_shares(week)["deepseek"])
    assert f"In the week of {rows.day(week)} it took {share} of OpenRouter tokens" in deepseek
    assert any(["DeepSeek V3.2", "0.252", "0.378"] in t for t in tables(page(site, "labs/deepseek")))  # April list prices


@pytest.mark.build
def test_tables_link_lab_names_to_their_pages(site):
    html = page(site, "models")
    assert '<a href="../labs/deepseek/">DeepSeek</a>' in html


@pytest.mark.build
def test_a_lab_with_no_models_or_prices_still_gets_a_readable_page(site):
    body = text(page(site, "labs/inclusionai"))
    assert "No list price of this lab in the data." in body
    assert "No benchmark score of this lab in the data." in body


@pytest.mark.build
def test_the_reference_lists_every_macro_with_an_example(site):
    html = page(site, "reference")
    body = text(html)
    squeezed = re.sub(r"\s+", "", body)  # code is highlighted: compare without the spaces between tokens
    for name in MACROS:
        assert f'id="{name.replace("_", "-")}"' in html, name
        examples = macrodoc.EXAMPLES[name]
        assert examples, f"{name} has no example"
        for example in examples:
            assert re.sub(r"\s+", "", example) in squeezed, example
    china = rows.percent(rows.country_shares(rows.latest_full_week())["CN"])
    assert "Result:" in body and f"China took {china} of tokens" in body  # examples run live
    assert 'chart(name=None,**declaration)' in squeezed  # as an editor calls it: no Python type annotations
    assert "str|None" not in squeezed and "->" not in body


@pytest.mark.build
def test_every_example_of_the_reference_builds(mini_site):
    examples = [e for name in MACROS for e in macrodoc.EXAMPLES[name] if name not in GENERATED]
    result, out = mini_site({"index.md": "# Examples\n\n" + "\n\n".join(examples) + "\n"})
    assert result.returncode == 0, result.stderr[-3000:]
    # lab_profile() runs on the generated lab pages of the same build, weekly_briefing() on the weeks'.
    assert "counted under China" in text((out / "labs" / "deepseek" / "index.html").read_text())
    latest = rows.latest_full_week()
    assert f"In the week of {rows.day(latest)}" in text((out / "weekly" / f"{latest:%Y-%m-%d}" / "index.html").read_text())
    # archive_week() runs on the dated archive pages of the same build.
    assert "Chinese labs took" in text(next((out / "archive").glob("*/index.html")).read_text())


def test_registered_macros_are_the_documented_ones():
    import macros

    assert set(macros.MACROS) == set(MACROS) == set(macrodoc.EXAMPLES)


@pytest.mark.build
def test_a_lab_page_says_why_its_line_breaks_exactly_when_the_lab_misses_a_week(site, catalog):
    """A lab none of whose models was in a day's top 50 for a week has no point that week: its line
    breaks, and the note says why. Whether a lab misses a week is computed from the rows."""
    note = "Where a line breaks, the data has no figure for the weeks between."
    every_week = sorted(rows.weeks().index)
    daily = rows.daily()
    for author_slug, file_slug in labpages.pages(catalog).items():
        present = set(daily.loc[daily["author_slug"] == author_slug, "week"])
        span = [w for w in every_week if min(present) <= w <= max(present)] if present else []
        gaps = any(w not in present for w in span)
        assert (note in text(page(site, f"labs/{file_slug}"))) == gaps, author_slug
    assert note not in text(page(site, "countries"))  # every week of the country series is there


def test_a_lab_pages_chart_description_names_the_lab_not_its_country(site, catalog):
    """The lab's line is coloured by country but labelled by lab: its text alternative must say
    "Xiaomi's share ... was 5.7 %", never "China had the largest share ... at 5.7 %" (China took 57 %)."""
    from macros.series import views

    html = page(site, "labs/xiaomi")
    alts = re.findall(r'<img src="[^"]*lab-xiaomi-share[^"]*" [^>]*alt="([^"]*)"', html)
    assert alts, "no picture of the lab's chart"
    latest = views.lab_weekly(catalog, "xiaomi").frame
    latest = latest[~latest["partial"]].iloc[-1]
    share = f"{latest['share_pct']:.1f}"
    assert alts[0].startswith(f"In the week of {latest['week_start']:%-d %b %Y}, Xiaomi&#x27;s share of tokens was {share}"), alts[0]
    assert "China" not in alts[0] and "largest" not in alts[0]


def test_a_lab_pages_table_is_about_that_lab_and_the_april_snapshot_stands_apart(site, catalog):
    """The chart's table names its column by the lab (not "China (%)"). The rankings page's April figure
    is another measure: a section of its own on the pages of the labs it lists, never a week of the line."""
    import pandas as pd

    assert "Week starting Xiaomi (%)" in text(page(site, "labs/xiaomi"))
    seed = pd.read_csv(rows.DATA / "seed_author_share.csv")
    for author_slug, file_slug in labpages.pages(catalog).items():
        html = page(site, f"labs/{file_slug}")
        assert ('id="april-2026"' in html) == (author_slug in set(seed["author_slug"])), author_slug
        weekly = [t for t in tables(html) if t and t[0][0] == "Week starting"]
        assert all("20 Apr 2026" not in row[0] for t in weekly for row in t), author_slug
