"""Editors: charts declared in Markdown, live figures and claims, on fixture sites and hand-made data."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from ingest_support import add_curated
from macros.charts import declarations
from macros.charts import builders
from macros.charts import decl as chartdecl
from macros.charts import plan as chartplan
from macros.pages import claims
from macros.pages import numbers
from macros.core.errors import MacroError
from pagetext import tables, text


@pytest.fixture
def catalog(frozen_catalog):
    """Frozen real data (tests/fixtures/openrouter): these tests pin its figures."""
    return frozen_catalog

LABELS = {"US": "United States", "CN": "China", "OTHER": "Other countries", "UNKNOWN": "Unknown"}


def spec_of(cat, name, declaration=None):
    decl, view = declarations.declare(cat, name, declaration) if declaration else declarations.named(cat, name)
    return builders.to_spec(builders.build(chartdecl.select(view.frame, decl), decl, LABELS))


def test_a_declared_chart_equals_the_catalogue_chart(catalog):
    declared = dict(declarations.NAMED_CHARTS["country_share_weekly"])
    assert spec_of(catalog, "anything", declared) == spec_of(catalog, "country_share_weekly")
    declared = dict(declarations.NAMED_CHARTS["lab_share_latest"])
    assert spec_of(catalog, "mine", declared) == spec_of(catalog, "lab_share_latest")


def test_a_chart_declared_on_a_dataset_uses_its_sidecar(catalog):
    decl, view = declarations.declare(catalog, "prices", dict(
        dataset="model_prices", mark="point", x="input_usd_per_mtok", y="output_usd_per_mtok",
        color="country", tooltip=["model"], filter={"country": ["China"]}, title="Chinese list prices",
    ))
    assert decl.field("input_usd_per_mtok").header == "Input price (USD / M tokens)"
    rows = chartdecl.select(view.frame, decl)
    assert set(rows["country_group"]) == {"CN"} and len(rows) == 6
    spec = builders.to_spec(builders.build(rows, decl, LABELS))
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Input price (USD / M tokens)"
    assert spec["layer"][-1]["mark"]["type"] == "text"  # dots are named: readable without colour


@pytest.mark.parametrize("declaration, message", [
    (dict(view="country_weekly", mark="pie", x="week_start", y="share_pct"), "unknown mark 'pie'. Valid choices: 'area', 'bar', 'line', 'point'."),
    (dict(view="country_weekly", mark="line", x="week", y="share_pct"), "unknown column for x 'week'. Did you mean 'week_start'?"),
    (dict(view="contry_weekly", mark="line", x="week_start", y="share_pct"), "Did you mean 'country_weekly'?"),
    (dict(dataset="model_price", mark="bar", x="model", y="model"), "Did you mean 'model_prices'?"),
    (dict(view="country_weekly", mark="line", x="week_start", y="share_pct", filter={"country": "Chna"}), "filter country='Chna' matches no rows. Did you mean 'China'?"),
    (dict(view="lab_shares", week="2031-01-05", mark="bar", x="share_pct", y="lab"), "week '2031-01-05' is not in the data."),
    (dict(view="lab_shares", mark="bar", x="share_pct", y="lab", top="ten"), "top must be a whole number"),
    (dict(view="lab_shares", mark="bar", x="share_pct", y="lab", sort="-shares"), "Did you mean '-share_pct'?"),
])
def test_declaration_mistakes_name_the_choices(catalog, declaration, message):
    with pytest.raises(MacroError) as err:
        declarations.declare(catalog, "x", declaration)
    assert message in err.value.describe()


def test_figure_types_are_checked(catalog):
    with pytest.raises(MacroError, match="n must be a whole number, got 'ten'"):
        numbers.evaluate(catalog, "count", country="CN", n="ten")
    with pytest.raises(MacroError, match="needs country="):
        numbers.evaluate(catalog, "count")


def test_rank_and_change_figures(catalog):
    assert numbers.figure(catalog, "rank", lab="openai") == "3"
    assert numbers.figure(catalog, "rank", model="Hy3") == "2"  # the catalogue's name
    assert numbers.figure(catalog, "rank", model="tencent/hy3-20260706") == "2"  # or the permaslug
    assert numbers.figure(catalog, "change", lab="deepseek") == "+9.3\u00a0pts"
    assert numbers.figure(catalog, "change", of="tokens") == "+137\u00a0%"


def test_claims_that_hold_and_fail(catalog):
    holds = claims.check(catalog, "China leads.", "share", ">", {"kind": "share", "country": "US"}, country="CN")
    assert holds.holds and holds.evidence == "57.3\u00a0% (needs more than 35.5\u00a0%)"
    shown = re.sub(r"<[^>]+>", "", claims.inline(holds))  # in a page: no parentheses inside parentheses
    assert shown == "China leads. ✓ held in the week of 10 Aug 2026: 57.3\u00a0% (needs more than 35.5\u00a0%)"
    fails = claims.check(catalog, "The US leads.", "share", ">", {"kind": "share", "country": "CN"}, country="US")
    assert not fails.holds and fails.status == "did not hold in the week of 10 Aug 2026"
    assert claims.check(catalog, "Six of ten.", "count", ">=", 6, country="CN", n=10).holds
    assert not claims.check(catalog, "Seven of ten.", "count", ">=", 7, country="CN", n=10).holds
    with pytest.raises(MacroError, match="unknown comparison '=>'"):
        claims.check(catalog, "x", "count", "=>", 6, country="CN")


def test_a_claim_overturned_by_new_data(catalog, tmp_path):
    """The same sentence, checked against a (SYNTHETIC) latest week where US labs' tokens are four times the real ones."""
    import shutil

    from macros.data.catalog import Catalog

    data = Path(shutil.copytree(catalog.data_dir, tmp_path / "data"))
    labs = {line.split(",")[0] for line in (data / "labs.csv").read_text().splitlines() if ",US," in line}
    path = data / "openrouter_daily.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    for row in table[1:]:
        if "2026-08-10" <= row[0] <= "2026-08-16" and row[2] in labs:
            row[6] = str(int(row[6]) * 4)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    sentence = ("China leads.", "share", ">", {"kind": "share", "country": "US"})
    assert claims.check(catalog, *sentence, country="CN").holds
    assert not claims.check(Catalog(data).require_valid(), *sentence, country="CN").holds


@pytest.mark.build
def test_two_declared_charts_of_one_view_are_two_charts_and_the_lab_table_can_be_charted(mini_site):
    """Regressions: the seed week's and the latest week's lab_shares charts shared an id and a cache slot;
    a chart of the lab table alone failed with an internal error (no dataset but labs to date it)."""
    page = (
        '# Two weeks\n\n{{ chart(view="lab_shares", week="seed", mark="bar", x="share_pct", y="lab") }}\n\n'
        '{{ chart(view="lab_shares", week="latest", mark="bar", x="share_pct", y="lab", top=5) }}\n\n'
        '{{ chart(dataset="labs", mark="bar", x="country_group", y="lab", top=5) }}\n'
    )
    result, out = mini_site({"index.md": page})
    assert result.returncode == 0, result.stderr[-3000:]
    html = (out / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<figure class="ts-chart" id="([^"]+)"', html)
    assert len(ids) == 3 and len(set(ids)) == 3, ids
    specs = re.findall(r'data-spec="([^"]+)"', html)
    assert len(set(specs)) == 3, specs


CLAIMS_PAGE = "# Claims\n\n{{ claims_list() }}\n"
STORY = """# Story

- {{ claim("China leads.", "share", ">", {"kind": "share", "country": "US"}, country="CN") }}
- {{ claim("The US leads.", "share", ">", {"kind": "share", "country": "CN"}, country="US") }}
"""


@pytest.mark.build
def test_the_claims_page_lists_every_claim_overturned_first(mini_site, frozen_catalog):
    """On the frozen data (where China leads in the week of 10 Aug 2026), whatever data/ says by now.
    The pages only: built without pictures."""
    result, out = mini_site({"index.md": "# Home\n", "story.md": STORY, "claims.md": CLAIMS_PAGE}, data_dir=frozen_catalog.data_dir,
                            pictures=False)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = tables((out / "claims" / "index.html").read_text())[0]
    assert rows[1][:2] == ["✗ did not hold in the week of 10 Aug 2026", "The US leads."]
    assert rows[2][:2] == ["✓ held in the week of 10 Aug 2026", "China leads."]
    assert rows[1][3] == "docs/story.md, line 4" and rows[2][3] == "docs/story.md, line 3"
    story = (out / "story" / "index.html").read_text()
    assert 'id="claim-the-us-leads"' in story and "✗ did not hold in the week of 10 Aug 2026" in text(story)
    assert 'href="../story/#claim-the-us-leads"' in (out / "claims" / "index.html").read_text()


MISTAKES = {
    # page: (markdown, expected message with page, line and suggestion)
    "chart.md": ('# A\n\n{{ chart("country_shares_weekly") }}\n',
                 "docs/chart.md, line 3 in chart(): unknown chart 'country_shares_weekly'. Did you mean 'country_share_weekly'?"),
    "dataset.md": ('# A\n\nText.\n\n{{ chart(dataset="model_price", mark="bar", x="model", y="input_usd_per_mtok") }}\n',
                   "docs/dataset.md, line 5 in chart(): unknown dataset 'model_price'. Did you mean 'model_prices'?"),
    "column.md": ('# A\n\n{{ chart(view="lab_shares", mark="bar", x="shares", y="lab") }}\n',
                  "docs/column.md, line 3 in chart(): unknown column for x 'shares'. Did you mean 'share_pct'?"),
    "mark.md": ('# A\n\n{{ chart(view="lab_shares", mark="bars", x="share_pct", y="lab") }}\n',
                "docs/mark.md, line 3 in chart(): unknown mark 'bars'. Did you mean 'bar'?"),
    "country.md": ('---\ntitle: Country\n---\n\n# A\n\n{{ figure("share", country="Chna") }}\n',
                   "docs/country.md, line 7 in figure(): unknown country 'Chna'. Did you mean 'China'?"),
    "lab.md": ('# A\n\n{{ figure("rank", lab="deepsek") }}\n',
               "docs/lab.md, line 3 in figure(): unknown lab ranked that week 'deepsek'. Did you mean 'deepseek'?"),
    "filter.md": ('# A\n\n{{ chart(view="prices", mark="bar", x="output_usd_per_mtok", y="model", filter={"country": "Chinaa"}) }}\n',
                  "docs/filter.md, line 3 in chart(): filter country='Chinaa' matches no rows. Did you mean 'China'?"),
    "period.md": ('# A\n\n{{ figure("share", country="CN", week="2025-02-03") }}\n',
                  "docs/period.md, line 3 in figure(): week '2025-02-03' is not in the data."),
    "type.md": ('# A\n\n{{ figure("count", country="CN", n="ten") }}\n',
                "docs/type.md, line 3 in figure(): figure('count'): n must be a whole number, got 'ten'."),
    "name.md": ('# A\n\n{{ figur("share", country="CN") }}\n',
                "docs/name.md, line 3: unknown macro or variable 'figur'. Did you mean 'figure'?"),
    "syntax.md": ('# A\n\n{{ figure("share", country="CN") }\n',
                  'docs/syntax.md, line 3: "{{ figure("share"..." opens {{ and is never closed (}} expected)'),
}


@pytest.mark.build
def test_every_kind_of_mistake_is_reported_with_page_line_and_suggestion(mini_site):
    pages = {"index.md": "# Home\n"} | {name: md for name, (md, _) in MISTAKES.items()}
    result, _ = mini_site(pages)
    assert result.returncode != 0
    assert f"{len(MISTAKES)} mistake(s) in the pages" in result.stderr
    for name, (_, message) in MISTAKES.items():
        assert message in result.stderr, f"{name}: {result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("period", ["week", None])
def test_a_weekly_date_column_of_any_name_breaks_its_line_where_its_sidecar_says_so(data_copy, period):
    """A dataset's date column with `period: week` in its sidecar is a series of weeks: a week with no
    row breaks the line. Without a period the dates are just dates, and the line is drawn whole."""
    from macros.data.catalog import Catalog

    add_curated(data_copy, ["country_share_weekly"])  # FACTS.md §2 as an editor's weekly dataset
    meta = data_copy / "country_share_weekly.meta.yml"
    text = meta.read_text(encoding="utf-8").replace("week_start", "week_of")
    meta.write_text(text if period else text.replace("    period: week\n", ""), encoding="utf-8")
    rows = (data_copy / "country_share_weekly.csv").read_text(encoding="utf-8").splitlines()
    weeks = sorted({r.split(",")[0] for r in rows[1:]})
    assert len(weeks) >= 3, weeks
    kept = [rows[0].replace("week_start", "week_of")] + [r for r in rows[1:] if not r.startswith(weeks[1] + ",")]
    (data_copy / "country_share_weekly.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")

    cat = Catalog(data_copy).require_valid()
    decl, view = declarations.declare(cat, "mine", dict(
        dataset="country_share_weekly", mark="line", x="week_of", y="share_pct", color="country_group"))
    assert decl.field("week_of").period_days == (7 if period else None)
    rows = chartdecl.select(view.frame, decl)
    spec = builders.to_spec(builders.build(rows, decl, LABELS))
    assert chartplan.has_gap(rows, decl) == bool(period)
    assert ("detail" in spec["layer"][0]["encoding"]) == bool(period)
