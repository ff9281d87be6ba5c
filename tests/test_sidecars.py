"""Sidecars an editor can write without reading code (issue 18, items 4-6): the JSON Schema that
editors' tools and the validator share, every mistake of a sidecar at once with its line and the
column's name, one problem for one root cause, the "as of" on every chart, a preview's wording.

The dataset added here (`synthetic_hubs`) is SYNTHETIC, written by `add_hubs` into a temporary
copy of data/ and never published.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import ENV, ROOT
from macros.data.catalog import Catalog
from macros.data.sidecar import Column, load_meta
from macros.data.yamlread import SchemaError

SCHEMA = ROOT / "macros" / "data" / "sidecar.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema=../macros/data/sidecar.schema.json"
SIDECARS = sorted((ROOT / "data").glob("*.meta.yml"))

HUBS_SOURCE = """
synthetic-hubs:
  title: SYNTHETIC hubs made up by tests/test_sidecars.py
  publisher: Token Share tests
  licence: Not real data
  citation: "Source: SYNTHETIC hub census (tests)"
"""
HUBS_META = """# yaml-language-server: $schema=../macros/data/sidecar.schema.json
title: SYNTHETIC regional hubs (tests only)
description: Made up by tests/test_sidecars.py; not real, never published.
as_of: "2026-11-01"
key: [hub]
sources: [synthetic-hubs]
columns:
  - name: hub
    type: string
    title: Hub
  - name: headcount
    type: integer
    title: {headcount_title}
    unit: people
    min: 0
  - name: source
    type: string
    title: Source
"""


def add_hubs(data: Path, headcount_title: str = "Headcount (people)") -> None:
    """A new SYNTHETIC dataset, cited from a new source whose citation has no {as_of}."""
    (data / "sources.yml").write_text((data / "sources.yml").read_text(encoding="utf-8") + HUBS_SOURCE, encoding="utf-8")
    (data / "synthetic_hubs.meta.yml").write_text(HUBS_META.format(headcount_title=headcount_title), encoding="utf-8")
    (data / "synthetic_hubs.csv").write_text(
        "hub,headcount,source\nNorth,12,synthetic-hubs\nSouth,30,synthetic-hubs\nEast,7,synthetic-hubs\n", encoding="utf-8")


# --- the schema ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", SIDECARS, ids=lambda p: p.name)
def test_every_sidecar_in_data_names_the_schema_and_passes_it(path):
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert (path.parent / SCHEMA_LINE.split("$schema=")[1]).resolve() == SCHEMA  # the editor's tool finds it
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    errors = [e.message for e in Draft7Validator(schema).iter_errors(yaml.safe_load(text))]
    assert errors == [], errors


def test_the_schema_refuses_what_the_validator_refuses():
    """Not a schema that lets anything through: a misspelt field and an unknown type fail it."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    document = yaml.safe_load((ROOT / "data" / "labs.meta.yml").read_text(encoding="utf-8"))
    document["columns"][0]["nulable"] = True
    document["columns"][1]["type"] = "text"
    assert len(list(Draft7Validator(schema).iter_errors(document))) == 2


def test_the_importer_writes_the_schema_line_on_the_sidecars_it_writes():
    from macros.ingest import sidecars

    for template in (sidecars.DAILY, sidecars.MODELS):
        text = sidecars.render(template, "2026-08-22T00:00:00Z").decode("utf-8")
        assert text.splitlines()[0] == SCHEMA_LINE
        assert list(Draft7Validator(json.loads(SCHEMA.read_text())).iter_errors(yaml.safe_load(text))) == []


# --- every mistake at once ----------------------------------------------------------------

BROKEN = """# yaml-language-server: $schema=../macros/data/sidecar.schema.json
title: SYNTHETIC regional hubs (tests only)
description: Made up by tests/test_sidecars.py.
as_of: 2026-11-01
key: [hub, yeer]
sources: [synthetic-hubs]
columns:
  - name: hub
    type: string
    nulable: true
  - name: year
    type: integre
  - name: headcount
    type: integer
    unit: people
    decimals: two
  - name: hub
    type: string
"""


def test_every_mistake_of_every_sidecar_is_reported_at_once_by_line_and_column_name(data_copy):
    add_hubs(data_copy)
    (data_copy / "synthetic_hubs.meta.yml").write_text(BROKEN, encoding="utf-8")
    labs = data_copy / "labs.meta.yml"
    labs.write_text(labs.read_text(encoding="utf-8").replace("    title: Country group\n", "    titel: Country group\n"))
    titel = labs.read_text(encoding="utf-8").splitlines().index("    titel: Country group") + 1
    # an editor's own data directory, under the directory the command runs in
    done = subprocess.run([sys.executable, "-m", "macros.cli", "validate", "data"], cwd=data_copy.parent,
                          capture_output=True, text=True, env={**ENV, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    lines = [line.removeprefix("  - ") for line in done.stderr.splitlines()[1:]]
    hubs = "data/synthetic_hubs.meta.yml"
    assert lines == [
        f"data/labs.meta.yml, line {titel}, field 'columns.country_group.titel': unknown field; did you mean 'title'? "
        "allowed here: decimals, description, enum, max, min, name, nullable, pattern, period, references, title, type, unit",
        f"{hubs}, line 4, field 'as_of': expected text; write the date in quotes ('2026-11-01'), as YAML reads it as a date otherwise",
        f"{hubs}, line 5, field 'key': column 'yeer' is not declared; did you mean 'year'? declared: hub, year, headcount",
        f"{hubs}, line 10, field 'columns.hub.nulable': unknown field; did you mean 'nullable'? "
        "allowed here: decimals, description, enum, max, min, name, nullable, pattern, period, references, title, type, unit",
        f"{hubs}, line 12, field 'columns.year.type': got 'integre', expected one of string, integer, number, date, "
        "datetime, month, boolean; did you mean 'integer'?",
        f"{hubs}, line 16, field 'columns.headcount.decimals': got 'two', expected a whole number",
        f"{hubs}, line 17, field 'columns.hub': column 'hub' is declared twice (first on line 8)",
    ], done.stderr
    assert done.stderr.splitlines()[0] == "error: 7 problems in the data's descriptions:"
    assert str(data_copy) not in done.stderr and "columns[" not in done.stderr


def test_a_column_without_a_name_is_named_by_its_place(tmp_path):
    path = tmp_path / "x.meta.yml"
    path.write_text("title: x\ndescription: y\nas_of: '2026-01-01'\nsources: [a]\ncolumns:\n  - name: a\n    type: string\n"
                    "  - type: string\n    pattern: '[a-'\n", encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_meta(path)
    assert [p.split(": ", 1)[0].split(", ", 1)[1] for p in err.value.problems] == [
        "line 8, field 'columns.#2.name'", "line 9, field 'columns.#2.pattern'"]
    assert "missing: 'name' (the column's name, as in the data file's header)" in err.value.problems[0]


def test_an_unknown_source_in_a_sidecar_is_one_problem_not_one_per_row(data_copy):
    meta = data_copy / "model_prices.meta.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("sources: [openrouter-models-api]", "sources: [openrouter-model-api]"))
    found = [str(p) for p in Catalog(data_copy).problems()]
    assert len(found) == 1, found
    line = meta.read_text(encoding="utf-8").splitlines().index("sources: [openrouter-model-api]") + 1
    assert re.fullmatch(rf".*model_prices\.meta\.yml, line {line}: got 'openrouter-model-api', expected a source id of "
                        r"sources\.yml \(did you mean 'openrouter-models-api'\? defined: .*\)", found[0]), found


def test_rows_citing_a_source_their_sidecar_does_not_list_are_one_problem_per_source(data_copy):
    path = data_copy / "model_prices.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    changed = [i for i, row in enumerate(rows) if row.endswith(",openrouter-models-api")][:3]
    for i in changed:
        rows[i] = rows[i].replace(",openrouter-models-api", ",openrouter-data-api")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = [str(p) for p in Catalog(data_copy).problems()]
    assert len(found) == 1, found
    assert f"line {changed[0] + 1}, column 'source': got 'openrouter-data-api'" in found[0]
    assert f"or add 'openrouter-data-api' to the sidecar's sources (on 3 rows, lines {changed[0] + 1}–{changed[-1] + 1})" in found[0]


def test_data_problems_are_listed_in_file_and_line_order(data_copy):
    path = data_copy / "model_prices.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows[3] = rows[3].replace(",openrouter-models-api", ",elsewhere")  # a relation check, found after the cells
    rows[2] = re.sub(r",(\d+\.\d+),", ",lots,", rows[2], count=1)  # a cell's type, line 3
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = Catalog(data_copy).problems()
    assert [(p.file.rsplit("/", 1)[-1], p.line) for p in found] == [("model_prices.csv", 3), ("model_prices.csv", 4)], found


# --- titles, claims, the preview's words ---------------------------------------------------


@pytest.mark.parametrize("title, unit, header", [
    ("Headcount", "people", "Headcount (people)"),
    ("Headcount (people)", "people", "Headcount (people)"),
    ("Headcount in People", "people", "Headcount in People"),
    ("Headcount (demo)", "people", "Headcount (demo), people"),
    ("Share of tokens (%)", "percent", "Share of tokens (%)"),
    ("Share of tokens", "percent", "Share of tokens (%)"),
])
def test_a_title_that_holds_its_unit_does_not_get_it_twice(title, unit, header):
    from macros.series.fields import from_column

    column = Column(name="n", type="number", title=title, unit=unit)
    assert from_column(column).header == header
    if unit != "percent":
        assert column.header == header


@pytest.mark.parametrize("op, than, evidence", [
    ("==", 1, "1 (needs exactly 1)"),
    (">", 0.5, "1 (needs more than 0.5)"),
    ("<", 2, "1 (needs less than 2)"),
    ("!=", 3, "1 (needs anything but 3)"),
])
def test_a_claim_reads_as_a_reader_would_write_it(op, than, evidence):
    from macros.pages import claims
    from macros.pages.kinds import Figure

    claim = claims.Claim("One lab.", True, Figure(1.0, "1"), op, Figure(float(than), f"{than:g}"))
    assert claim.evidence == evidence
    shown = re.sub(r"<[^>]+>", "", claims.inline(claim))
    assert shown == f"One lab. ✓ held: {evidence}"


def test_the_preview_says_what_a_preview_does_with_invalid_data():
    from macros.pages.mistakes import DATA_MISTAKE, data_failure, error_box

    problems = ["data/a.csv, line 2, column 'x': got 'y', expected a number"]
    preview, build = data_failure(problems, serving=True), data_failure(problems, serving=False)
    assert "published" not in preview and "the preview shows no page until it does" in preview
    assert "nothing was published" in build
    for text in (preview, build):
        assert text.endswith("1 data problem(s), in file and line order:\n  - " + problems[0])
    box = error_box(problems, DATA_MISTAKE)
    assert "The data does not validate" in box and "This page has a mistake" not in box and "published" not in box


def test_a_preview_with_invalid_data_still_finds_the_editors_pages_the_guide_links(monkeypatch, tmp_path):
    """No "reference.md is not found" warning: stand-in pages take their place, showing the data's problems."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\nSee the [reference](reference.md) and [columns](columns.md).\n")
    hooks_file = str(ROOT / "macros" / "mkdocs" / "hooks.py")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nhooks: ['{hooks_file}']\nnav:\n  - index.md\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    hooks = dict(config.plugins.items())[hooks_file]  # the hook module as MkDocs loaded it
    monkeypatch.setattr(hooks, "_build", lambda: SimpleNamespace(fatal="the data does not validate", serving=True))
    files = config.plugins.on_files(Files([]), config=config)
    assert files.get_file_from_path("reference.md") is not None and files.get_file_from_path("columns.md") is not None


# --- "as of" on every chart -----------------------------------------------------------------


def test_a_source_line_shows_its_as_of_once():
    from macros.publish.provenance import citation_text, source_text

    cat = SimpleNamespace(sources={
        "plain": SimpleNamespace(citation="Source: A census"),
        "placed": SimpleNamespace(citation="Source: B, read {as_of} at noon"),
        "dated": SimpleNamespace(citation="Source: C, 2026-08-19"),
    })
    assert source_text(cat, ["plain"], "2026-08-19") == "Source: A census, as of 2026-08-19"
    assert source_text(cat, ["placed"], "2026-08-19") == "Source: B, read 2026-08-19 at noon"
    assert source_text(cat, ["dated"], "2026-08-19") == "Source: C, 2026-08-19"
    assert source_text(cat, ["plain", "dated"], "2026-08-22T06:30:00Z") == \
        "Sources: A census; C, 2026-08-19. As of 2026-08-22 06:30 UTC"
    assert citation_text(cat, "plain", "2026-08") == "Source: A census, as of 2026-08"


def test_no_citation_in_sources_yml_needs_an_as_of_placeholder():
    text = (ROOT / "data" / "sources.yml").read_text(encoding="utf-8")
    assert "{as_of}" not in "\n".join(line for line in text.splitlines() if not line.startswith("#"))


@pytest.mark.build
def test_a_new_datasets_chart_and_table_show_its_as_of_and_its_unit_once(data_copy, mini_site):
    add_hubs(data_copy, headcount_title="Headcount (demo)")
    page = ('# Hubs\n\n{{ chart(dataset="synthetic_hubs", mark="bar", x="headcount", y="hub", '
            'title="Hubs by headcount") }}\n')
    result, site = mini_site({"index.md": page}, data_dir=data_copy, pictures=False)  # the page's words only
    assert result.returncode == 0, result.stderr[-3000:]
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<p class="ts-chart__source">Source: SYNTHETIC hub census (tests), as of 2026-11-01</p>' in html
    assert "Headcount (demo), people" in html and "(demo) (people)" not in html
    assert "WARNING" not in result.stderr


def test_the_guides_complete_sidecar_is_valid_and_its_quoted_message_is_the_validators(tmp_path):
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(# yaml-language-server.*?)```", guide, re.S).group(1)
    path = tmp_path / "regional_hubs.meta.yml"
    path.write_text(example, encoding="utf-8")
    meta = load_meta(path)
    fields = {f for c in yaml.safe_load(example)["columns"] for f in c}
    assert fields == set(json.loads(SCHEMA.read_text())["definitions"]["column"]["properties"])  # complete: every field shown
    assert meta.column("headcount").header == "Headcount (people)"
    path.write_text(example.replace("type: integer\n    title: Headcount", "type: integre\n    title: Headcount"), encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_meta(path)
    quoted = re.search(r"\(`(data/regional_hubs\.meta\.yml, line \d+, field '[^']+')`\)", guide).group(1)
    assert str(err.value).removeprefix(str(tmp_path) + "/").startswith(quoted.removeprefix("data/"))
