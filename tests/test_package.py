"""The data as a package: datapackage.json beside the published CSVs, and the JSON endpoint per dataset.

The package must validate with the `frictionless` library against the CSVs as
published (formula-guarded cells included), list every CSV the data page links,
and each `api/v1/<dataset>.json` must hold the dataset's rows, read here again
with plain pandas and the sidecar's types (nothing of `macros` involved).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
import yaml

from conftest import ROOT
from pagetext import page

pytestmark = pytest.mark.build
DATA = ROOT / "data"


def sidecars() -> dict[str, dict]:
    return {p.name.removesuffix(".meta.yml"): yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.meta.yml"))}


def test_the_built_package_validates_with_frictionless(site):
    from frictionless import validate

    package = site / "downloads" / "data" / "datapackage.json"
    report = validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    assert len(report.tasks) == len(sidecars())  # every resource was read, row by row
    assert all(task.stats["rows"] > 0 for task in report.tasks)


def test_the_package_fails_validation_when_a_published_cell_breaks_its_schema(site, tmp_path):
    """The validation is not a formality: a number column holding text is caught."""
    from frictionless import validate

    folder = tmp_path / "package"
    folder.mkdir()
    for path in (site / "downloads" / "data").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    claims = folder / "article_claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1]
    assert "value" in header
    broken = re.sub(r",(\d+(?:\.\d+)?),percent,", ",'=1+1,percent,", cells, count=1)
    assert broken != cells
    claims.write_text("\n".join([lines[0], broken, *lines[2:]]) + "\n", encoding="utf-8")
    report = validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert any(err[1] == "value" for err in report.flatten(["rowNumber", "fieldName"]))


def test_every_csv_on_the_data_page_is_in_the_package(site):
    html = page(site, "data")
    linked = set(re.findall(r'href="\.\./downloads/data/([^"/]+\.csv)"', html))
    package = json.loads((site / "downloads" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert linked and linked == {r["path"] for r in package["resources"]}
    assert 'href="../downloads/data/datapackage.json"' in html
    for resource in package["resources"]:
        assert (site / "downloads" / "data" / resource["path"]).is_file()  # relative to the package: it resolves
        meta = sidecars()[resource["name"]]
        assert [f["name"] for f in resource["schema"]["fields"]] == [c["name"] for c in meta["columns"]]
        units = {c["name"]: c["unit"] for c in meta["columns"] if c.get("unit")}
        assert {f["name"]: f["unit"] for f in resource["schema"]["fields"] if "unit" in f} == units
        assert resource["licenses"] and resource["sources"]


PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "string"}


@pytest.mark.parametrize("name", sorted(sidecars()))
def test_each_api_json_holds_the_datasets_rows(site, name):
    meta = sidecars()[name]
    document = json.loads((site / "api" / "v1" / f"{name}.json").read_text(encoding="utf-8"))
    assert document["meta"]["dataset"] == name
    assert document["meta"]["as_of"] == str(meta["as_of"])
    assert [c["name"] for c in document["meta"]["columns"]] == [c["name"] for c in meta["columns"]]
    assert document["meta"]["source"] and document["meta"]["licence"]
    types = {c["name"]: c["type"] for c in meta["columns"]}
    frame = pd.read_csv(DATA / f"{name}.csv", dtype={c: PANDAS_TYPES.get(t, "string") for c, t in types.items()},
                        keep_default_na=False, na_values=[""])
    expected = []
    for record in frame.to_dict("records"):
        row = {}
        for column, value in record.items():
            if pd.isna(value):
                row[column] = None
            elif types[column] == "boolean":
                row[column] = value.lower() == "true"
            elif types[column] == "integer":
                row[column] = int(value)
            elif types[column] == "number":
                row[column] = float(value)
            else:
                row[column] = str(value)
        expected.append(row)
    assert document["rows"] == expected
    assert all(list(r) == sorted(types) for r in document["rows"][:1])  # sorted keys: the same data, the same bytes


def test_each_published_sidecar_names_the_schema_published_beside_it(site):
    """An editor's tool opening a downloaded sidecar finds its JSON Schema (in the repository the
    line names the file in macros/, which a download cannot reach), and the sidecar passes it."""
    import jsonschema

    folder = site / "downloads" / "data"
    schema = json.loads((folder / "sidecar.schema.json").read_text(encoding="utf-8"))
    for name, meta in sidecars().items():
        published = (folder / f"{name}.meta.yml").read_text(encoding="utf-8")
        target = re.match(r"# yaml-language-server: \$schema=(\S+)\n", published)
        assert target and (folder / target.group(1)).is_file(), name
        assert yaml.safe_load(published) == meta, name  # only the comment differs
        jsonschema.Draft7Validator(schema).validate(meta)


@pytest.mark.parametrize("batch", [5000, 7], ids=["one-batch", "many-batches"])
def test_the_api_json_encoded_a_batch_of_rows_at_a_time_is_the_whole_documents_dump(monkeypatch, tmp_path, batch):
    """The build encodes each dataset's rows a batch at a time (the whole document as Python objects was the
    build's peak memory at 100x the rows); the bytes are json.dumps' of the whole document, an empty one too."""
    import shutil

    from macros.data.catalog import Catalog
    from macros.publish import package

    monkeypatch.setattr(package, "_BATCH", batch)
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    path = data / "benchmark_scores.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")  # its header alone
    cat = Catalog(data)
    for name in cat.names:
        assert package.api_bytes(cat, name) == package._dump(package.api_document(cat, name)), name
    assert json.loads(package.api_bytes(cat, "benchmark_scores"))["rows"] == []
