"""Any dataset in every macro (issue 18, items 1 and 2): table(dataset=...), figure("value", ...), claims
over it, and the reference's columns of every view and dataset.

The dataset is tests/fixtures/anydata/regional_hubs: synthetic test data, copied with data/ into a
temporary directory (never into data/). Expected numbers are computed again here with plain pandas
from the fixture CSV and data/labs.csv, never taken from the site's code.
"""

from __future__ import annotations

import re
from html import escape as html_escape
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from macros.core.errors import MacroError
from macros.core.registry import REGISTRY
from macros.data.catalog import Catalog
from macros.pages import claims, columndoc, labs, macrodoc, models, numbers, tables
from macros.pages.registry import RUNS_ON
from macros.series import views
from macros.series.fields import FIELDS
from pagetext import tables as html_tables, text

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "anydata"
NAME = "regional_hubs"
NBSP = "\u00a0"


def with_fixture(target: Path) -> Path:
    """data/ copied to `target`, plus the fixture dataset and its (synthetic) source."""
    shutil.copytree(ROOT / "data", target)
    for suffix in (".csv", ".meta.yml"):
        shutil.copyfile(FIXTURE / f"{NAME}{suffix}", target / f"{NAME}{suffix}")
    with open(target / "sources.yml", "a", encoding="utf-8") as sources:
        sources.write((FIXTURE / "sources.yml.part").read_text(encoding="utf-8"))
    return target


@pytest.fixture(scope="module")
def hubs_data(tmp_path_factory) -> Path:
    return with_fixture(tmp_path_factory.mktemp("anydata") / "data")


@pytest.fixture(scope="module")
def cat(hubs_data) -> Catalog:
    return Catalog(hubs_data).require_valid()


@pytest.fixture(scope="module")
def linker(cat):
    return labs.Linker(labs.pages(cat), "", models.pages(cat))


def raw() -> pd.DataFrame:
    """The fixture's rows, with each row's country group from data/labs.csv (as plain pandas reads them)."""
    rows = pd.read_csv(FIXTURE / f"{NAME}.csv", parse_dates=["date"], keep_default_na=False, na_values=[""])
    lab_rows = pd.read_csv(ROOT / "data" / "labs.csv", keep_default_na=False)
    return rows.assign(country_group=rows["author_slug"].map(dict(zip(lab_rows["author_slug"], lab_rows["country_group"]))),
                       lab=rows["author_slug"].map(dict(zip(lab_rows["author_slug"], lab_rows["lab"]))))


def kept(rows: pd.DataFrame, filter: dict | None) -> pd.DataFrame:
    for column, wanted in (filter or {}).items():
        rows = rows[rows[column].isin(wanted if isinstance(wanted, list) else [wanted])]
    return rows


def describe(call) -> str:
    with pytest.raises(MacroError) as err:
        call()
    return err.value.describe()


# --- figure("value", ...) and claims ----------------------------------------------------------


FILTERS = [None, {"region": "apac"}, {"author_slug": ["deepseek", "openai"]}, {"country_group": "US"}]


@pytest.mark.parametrize("agg", ["sum", "mean", "median", "min", "max", "count"])
@pytest.mark.parametrize("filter", FILTERS)
def test_a_value_from_any_dataset_is_the_rows_computed_again(cat, agg, filter):
    rows = kept(raw(), filter)
    expected = len(rows) if agg == "count" else float(getattr(rows["headcount"], agg)())
    figure = numbers.evaluate(cat, "value", dataset=NAME, column="headcount", filter=filter, agg=agg)
    assert figure.value == pytest.approx(expected)
    # the sidecar's unit follows the number (integer column: no decimals); a count is a plain number
    assert figure.text == (f"{expected:,.0f}" if agg == "count" else f"{expected:,.0f} people")


def test_a_value_takes_the_sidecars_unit_and_decimals(cat):
    mean = raw()["share"].mean()
    assert numbers.figure(cat, "value", dataset=NAME, column="share", agg="mean") == f"{mean:.1f}{NBSP}%"


@pytest.mark.parametrize("agg, region", [("first", "emea"), ("last", "emea"), ("last", "amer"), ("first", "apac")])
def test_first_and_last_are_by_the_datasets_date(cat, agg, region):
    rows = raw()[raw()["region"] == region].sort_values("date")
    row = rows.iloc[0 if agg == "first" else -1]
    figure = numbers.evaluate(cat, "value", dataset=NAME, column="headcount", filter={"region": region}, agg=agg)
    assert figure.value == row["headcount"]
    assert figure.period == "on " + row["date"].strftime("%-d %b %Y")


def test_first_over_several_rows_of_one_date_asks_for_a_filter(cat):
    first = raw()["date"].min()
    several = int((raw()["date"] == first).sum())
    assert several > 1
    assert f"agg='first' finds {several} rows of {NAME} on {first:%-d %b %Y}" in describe(
        lambda: numbers.evaluate(cat, "value", dataset=NAME, column="headcount", agg="first"))


def test_a_claim_over_a_value_holds_or_fails_as_the_rows_say(cat):
    total = float(raw()["headcount"].sum())
    for than, holds in ((total - 1, True), (total + 1, False)):
        claim = claims.check(cat, "The hubs employ that many.", "value", ">", than, dataset=NAME, column="headcount")
        assert claim.holds is holds and claim.left.value == total
    emea, amer = (float(raw().loc[raw()["region"] == r, "headcount"].sum()) for r in ("emea", "amer"))
    claim = claims.check(cat, "EMEA outgrows the Americas.", "value", ">",
                         {"kind": "value", "dataset": NAME, "column": "headcount", "filter": {"region": "amer"}},
                         dataset=NAME, column="headcount", filter={"region": "emea"})
    assert claim.holds is (emea > amer) and (claim.left.value, claim.right.value) == (emea, amer)


VALUE_MISTAKES = [
    (dict(dataset="regional_hub", column="headcount"), "unknown dataset 'regional_hub'. Did you mean 'regional_hubs'?"),
    (dict(dataset=NAME, column="headcont"), "unknown column of regional_hubs 'headcont'. Did you mean 'headcount'?"),
    (dict(dataset=NAME, column="headcount", agg="summ"), "unknown aggregation 'summ'. Did you mean 'sum'?"),
    (dict(dataset=NAME, column="headcount", filter={"regon": "emea"}), "unknown column to filter on 'regon'. Did you mean 'region'?"),
    (dict(dataset=NAME, column="headcount", filter={"region": "emae"}), "filter region='emae' matches no rows. Did you mean 'emea'?"),
    (dict(dataset=NAME, column="headcount", filter={"region": "emea", "author_slug": "openai"}), "matches no rows of regional_hubs together"),
    (dict(dataset=NAME, column="region"), "column 'region' of regional_hubs holds text, not numbers"),
    (dict(dataset=NAME), "figure('value') needs column= to take the sum."),
    (dict(dataset=NAME, column="headcount", colour="x"), "unknown parameter of figure('value') 'colour'. Did you mean 'column'?"),
]


@pytest.mark.parametrize("params, message", VALUE_MISTAKES)
def test_a_mistaken_value_names_the_choices(cat, params, message):
    assert message in describe(lambda: numbers.evaluate(cat, "value", **params))


# --- table(dataset=...) ------------------------------------------------------------------------


def _expected_cells(rows: pd.DataFrame, daily: pd.DataFrame) -> list[list[str]]:
    meta = yaml.safe_load((FIXTURE / f"{NAME}.meta.yml").read_text(encoding="utf-8"))
    regions = next(c for c in meta["columns"] if c["name"] == "region")["enum"]
    named = daily.dropna(subset=["model_name"]).drop_duplicates("model_permaslug", keep="last")
    model_names = {s: n.split(": ", 1)[-1] for s, n in zip(named["model_permaslug"], named["model_name"])}
    return [[r.date.strftime("%-d %b %Y"), regions[r.region], r.lab,
             model_names[r.model_permaslug] if isinstance(r.model_permaslug, str) else "–",
             f"{r.headcount:,}", f"{r.share:.1f}"] for r in rows.itertuples()]


def test_a_datasets_table_shows_its_rows_with_names_linked(cat, linker):
    daily = pd.read_csv(ROOT / "data" / "openrouter_daily.csv", keep_default_na=False, na_values=[""])
    slugs = set(raw()["model_permaslug"].dropna())
    assert slugs <= set(daily["model_permaslug"]), "the fixture's models must be in the daily rows"
    html = tables.table(cat, None, linker=linker, dataset=NAME,
                        columns=["date", "region", "author_slug", "model_permaslug", "headcount", "share"],
                        filter={"region": ["apac", "amer"]}, sort="-headcount", limit=3)
    rows = kept(raw(), {"region": ["apac", "amer"]}).sort_values("headcount", ascending=False, kind="stable").head(3)
    shown = html_tables(html)[0]
    assert shown[0] == ["Date", "Region", "Lab", "Model", "Headcount (people)", "Share of staff (%)"]
    assert shown[1:] == _expected_cells(rows, daily)
    for slug in rows["author_slug"]:  # a lab's name links to its page; the slug itself is not shown
        assert f'href="labs/{slug}/"' in html
    for slug in rows["model_permaslug"].dropna():
        assert re.search(rf'href="models/{slug.split("/")[0]}/[^"]+/">', html), slug
        assert f">{slug}<" not in html


def test_a_named_tables_models_and_labs_read_as_names_linked(cat, linker):
    html = tables.table(cat, "top_models", linker=linker, period="latest", n=5)
    top = views.top_models(cat, "latest", n=5).frame
    linked = [re.sub(r"<[^>]+>", "", a) for a in re.findall(r"<a [^>]*>(.*?)</a>", html)]  # a hyphenated name sits in a no-wrap span
    for row in top.itertuples():
        assert html_escape(row.model_label) in linked and f">{row.model}<" not in html
    assert html.count('href="models/') == len(top) and 'href="labs/' in html


def test_a_datasets_table_escapes_what_it_shows(hubs_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(hubs_data, data)
    csv = data / f"{NAME}.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",amer,", ",<b>x</b>,"), encoding="utf-8")
    meta = data / f"{NAME}.meta.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("      amer: Americas\n", "      <b>x</b>: <script>x</script>\n"),
                    encoding="utf-8")
    html = tables.table(Catalog(data).require_valid(), None, dataset=NAME, columns=["region", "headcount"])
    assert "<script>" not in html and "<b>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


TABLE_MISTAKES = [
    (dict(dataset="regional_hub"), "unknown dataset 'regional_hub'. Did you mean 'regional_hubs'?"),
    (dict(dataset=NAME, columns=["region", "headcont"]), "unknown column of regional_hubs 'headcont'. Did you mean 'headcount'?"),
    (dict(dataset=NAME, filter={"region": "amr"}), "filter region='amr' matches no rows. Did you mean 'amer'?"),
    (dict(dataset=NAME, filter="region=amer"), "filter must be a mapping of column to value(s)"),
    (dict(dataset=NAME, sort="-headcont"), "unknown column to sort by '-headcont'. Did you mean '-headcount'?"),
    (dict(dataset=NAME, limt=3), "unknown parameter of table(dataset=...) 'limt'. Did you mean 'limit'?"),
    (dict(dataset=NAME, limit=0), "limit must be a whole number ≥ 1, got 0."),
]


@pytest.mark.parametrize("params, message", TABLE_MISTAKES)
def test_a_mistaken_datasets_table_names_the_choices(cat, params, message):
    assert message in describe(lambda: tables.table(cat, None, **params))


def test_a_dataset_named_as_a_table_is_pointed_to_dataset(cat):
    assert "'regional_hubs' is a dataset, not a named table: write table(dataset='regional_hubs')." in describe(
        lambda: tables.table(cat, NAME))
    assert "table() takes a named table or dataset=, not both." in describe(lambda: tables.table(cat, "labs", dataset=NAME))


# --- the reference: every view's and dataset's columns -----------------------------------------


def _view_args(cat, entry) -> dict:
    return {"model": views.models_index(cat)["model"].iloc[0]} if entry.name == "model_weekly" else {}


@pytest.mark.parametrize("entry", REGISTRY.entries("view"), ids=lambda e: e.name)
def test_a_views_declared_columns_are_its_columns(cat, entry):
    frame = entry.fn(cat, **{**entry.defaults, **_view_args(cat, entry)}).frame
    assert [c for c in frame.columns if not c.endswith("__text")] == list(entry.columns)
    assert set(entry.columns) <= set(FIELDS), "every column a view declares is described in series/fields.py"


def test_the_reference_lists_every_views_and_every_datasets_columns(cat):
    page = columndoc.page(cat)
    assert yaml.safe_load(page.split("---\n")[1])["description"]  # front matter MkDocs can read
    for entry in REGISTRY.entries("view"):
        section = page.split(f"## View `{entry.name}`")[1].split("## ")[0]
        for column in entry.columns:
            assert f"| `{column}` | {FIELDS[column].title} |" in section, (entry.name, column)
    for name in cat.names:
        section = page.split(f"## Dataset `{name}`")[1].split("## ")[0]
        for column in cat.meta(name).columns:
            assert re.search(rf"\| `{re.escape(column.name)}` \| [^|]+ \| {column.type} \|", section), (name, column.name)
    hubs = page.split(f"## Dataset `{NAME}`")[1].split("## ")[0]
    assert "`amer` (Americas)" in hubs and "| `headcount` | Headcount | integer | people |" in hubs
    assert "a table shows the lab's name, linked to its page" in hubs


@pytest.mark.build
def test_the_columns_page_is_built_and_linked_from_the_reference_and_the_guide(site, catalog):
    html = (site / "columns" / "index.html").read_text(encoding="utf-8")
    for name in catalog.names:
        assert f'id="dataset-{name.replace("_", "-")}"' in html, name
    for entry in REGISTRY.entries("view"):
        assert f'id="view-{entry.name.replace("_", "-")}"' in html, entry.name
    assert 'href="../columns/"' in (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert 'href="../columns/"' in (site / "guide" / "index.html").read_text(encoding="utf-8")


def _examples() -> list[str]:
    """Every example the reference page shows (those of the macros, views, tables and figure kinds; named
    charts are listed by name), but those bound to their own page (a lab's, the Claims page)."""
    bound = tuple(f"{name}(" for name in RUNS_ON)
    every = [e for kind in ("macro", "view", "table", "figure") for entry in REGISTRY.entries(kind) for e in entry.examples]
    return [e for e in dict.fromkeys(every) if not any(b in e for b in bound)]


HUBS_PAGE = """# Hubs

{{{{ table(dataset="regional_hubs", columns=["date", "region", "author_slug", "model_permaslug", "headcount", "share"],
          filter={{"region": ["apac", "amer"]}}, sort="-headcount", limit=3) }}}}

The hubs employ {{{{ figure("value", dataset="regional_hubs", column="headcount") }}}} in all.

{{{{ claim("The hubs employ more than {than} people.", "value", ">", {than}, dataset="regional_hubs", column="headcount") }}}}

{{{{ chart(dataset="regional_hubs", mark="bar", x="headcount", y="region", filter={{"date": "{day}"}}, title="Hubs on {day}") }}}}
"""


@pytest.mark.build
def test_a_new_dataset_in_every_macro_and_every_reference_example_build(mini_site, hubs_data):
    page = macrodoc.page()
    examples = _examples()
    for example in examples:
        assert example in page, example
    rows = raw()
    total, day = int(rows["headcount"].sum()), rows["date"].min().strftime("%Y-%m-%d")
    pages = {"index.md": "# Home\n", "hubs.md": HUBS_PAGE.format(than=total - 10, day=day),
             "examples.md": "# Examples\n\n" + "\n\n".join(examples) + "\n"}
    result, out = mini_site(pages, data_dir=hubs_data)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (out / "hubs" / "index.html").read_text(encoding="utf-8")
    shown = text(html)
    assert f"The hubs employ {total:,} people in all." in shown
    # the claim's sentence, its verdict and the figure behind it (its wording is the claims module's)
    assert re.search(rf"more than {total - 10} people\. ✓ held\W.{{0,30}}\b{total:,} people\b", shown), shown[:3000]
    found = html_tables(html)
    assert found[0][1:] == _expected_cells(kept(rows, {"region": ["apac", "amer"]}).sort_values(
        "headcount", ascending=False, kind="stable").head(3),
        pd.read_csv(ROOT / "data" / "openrouter_daily.csv", keep_default_na=False, na_values=[""]))
    assert f"Hubs on {day}" in shown and 'class="ts-chart"' in html
    chart_rows = {tuple(r) for t in found[1:] for r in t[1:]}
    for r in kept(rows, {"date": rows["date"].min()}).itertuples():  # the chart's table: one row per hub that day
        assert any(str(r.headcount) in cells for cells in chart_rows), r
    assert (out / "examples" / "index.html").read_text(encoding="utf-8").count('class="ts-chart"') >= 10


MISTAKE_LINES = [
    ('{{ table(dataset="regional_hub") }}', "in table(): unknown dataset 'regional_hub'. Did you mean 'regional_hubs'?"),
    ('{{ table(dataset="regional_hubs", columns=["headcont"]) }}', "in table(): unknown column of regional_hubs 'headcont'. Did you mean 'headcount'?"),
    ('{{ table(dataset="regional_hubs", filter={"region": "amr"}) }}', "in table(): filter region='amr' matches no rows. Did you mean 'amer'?"),
    ('{{ table("regional_hubs") }}', "in table(): 'regional_hubs' is a dataset, not a named table"),
    ('{{ figure("value", dataset="regional_hubs", column="headcont") }}', "in figure(): unknown column of regional_hubs 'headcont'. Did you mean 'headcount'?"),
    ('{{ figure("value", dataset="regional_hubs", column="headcount", agg="summ") }}', "in figure(): unknown aggregation 'summ'. Did you mean 'sum'?"),
    ('{{ claim("Big.", "value", ">", 1, dataset="regional_hubs", column="headcont") }}', "in claim(): unknown column of regional_hubs 'headcont'. Did you mean 'headcount'?"),
    ('{{ chart(dataset="regional_hubs", mark="bar", x="headcont", y="region") }}', "in chart(): unknown column for x 'headcont'. Did you mean 'headcount'?"),
]


@pytest.mark.build
def test_mistakes_over_a_new_dataset_are_reported_at_their_lines(mini_site, hubs_data):
    body = "# Mistakes\n\n" + "\n\n".join(call for call, _ in MISTAKE_LINES) + "\n"
    result, _ = mini_site({"index.md": "# Home\n", "mistakes.md": body}, data_dir=hubs_data)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    for i, (call, message) in enumerate(MISTAKE_LINES):
        assert f"docs/mistakes.md, line {3 + 2 * i} {message}" in result.stderr, (call, result.stderr[-4000:])
