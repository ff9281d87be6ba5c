"""The data as a package: `datapackage.json` beside the published CSVs, and one JSON file per dataset.

Both are made from the sidecars and sources.yml, never typed by hand, so a
tool that loads the package reads the same columns, units and licences as the
data page. The package (Frictionless Data Package v1, tabular) describes the
CSVs as published: a cell guarded against spreadsheet formulas keeps its
apostrophe, which only a string column can hold (csvsafe never guards a number).
The JSON endpoint `api/v1/<dataset>.json` carries the dataset's own cells, typed
by its sidecar; both are written with sorted, fixed separators: same data, same bytes.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from typing import Iterator

from macros.core import memo, options
from macros.data import parquet
from macros.data.catalog import Catalog
from macros.data.sidecar import Column, DatasetMeta

DOWNLOAD_DIR = "downloads/data"  # the published CSVs and their sidecars (the data page links them)
PACKAGE_PATH = f"{DOWNLOAD_DIR}/datapackage.json"
API_DIR = "api/v1"
SITE_NAME = "Token Share"
# Sidecar type -> Table Schema type (a month is YYYY-MM: Table Schema's yearmonth)
TYPES = {"string": "string", "integer": "integer", "number": "number", "date": "date",
         "datetime": "datetime", "month": "yearmonth", "boolean": "boolean"}
# Open Definition ids of the licences sources.yml names in words (anything else: stated in its title)
LICENCE_IDS = {"CC BY 4.0": "CC-BY-4.0", "CC0 1.0": "CC0-1.0", "CC BY-SA 4.0": "CC-BY-SA-4.0"}


# Each file as last made, with the content it was made from (`mkdocs serve` makes them once per data edit).
_MADE = memo.table("data package files")


def add(cat: Catalog, outputs, as_before: bool = False) -> None:
    """Add the package (describing the CSVs the data page published) and every dataset's JSON;
    `as_before`: each file as last made, if it was (a preview's rebuild that left pages as they were)."""
    published = [n for n in cat.names if f"{DOWNLOAD_DIR}/{n}.csv" in outputs.files]
    if published:
        outputs.add(PACKAGE_PATH, _made(PACKAGE_PATH, cat, published, lambda: _dump(datapackage(cat, published)), as_before))
    for name in cat.names:
        path = f"{API_DIR}/{name}.json"
        outputs.add(path, _made(path, cat, [name], lambda: api_bytes(cat, name), as_before))


def _made(path: str, cat: Catalog, names: list[str], make, as_before: bool) -> bytes:
    """The file's bytes (`make()`), kept for the next rebuild in `mkdocs serve` only: a build would
    hold the daily rows' JSON (130 MB at 100x) to its end for nobody."""
    key = (cat.data_dir, cat.fingerprints(names), cat.sources_fingerprint)
    kept = _MADE.get(path)
    if kept is None or (kept[0] != key and not as_before):
        kept = (key, make())
        if options.active().serving:
            _MADE[path] = kept
    return kept[1]


def _dump(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False) + "\n").encode("utf-8")


def datapackage(cat: Catalog, names: list[str]) -> dict:
    resources = [_resource(cat, cat.meta(n)) for n in names]
    licences = {lic["name"] + lic["title"]: lic for r in resources for lic in r["licenses"]}
    sources = {s["title"]: s for r in resources for s in r["sources"]}
    return {
        "profile": "tabular-data-package",
        "name": "tokenshare",
        "title": f"{SITE_NAME}: the datasets behind the site",
        "description": "Every dataset the site is built from, as published beside this file, with its columns, units, sources and licences.",
        "version": max(cat.meta(n).as_of for n in names)[:10],
        "licenses": [licences[k] for k in sorted(licences)],
        "sources": [sources[k] for k in sorted(sources)],
        "resources": resources,
    }


def _resource(cat: Catalog, meta: DatasetMeta) -> dict:
    schema: dict = {"fields": [_field(c) for c in meta.columns], "missingValues": [""]}
    if meta.key:
        schema["primaryKey"] = list(meta.key)
    references = [c for c in meta.columns if c.references and c.references[0] in cat.files]
    if references:
        schema["foreignKeys"] = [
            {"fields": c.name, "reference": {"resource": c.references[0], "fields": c.references[1]}} for c in references
        ]
    return {
        "name": meta.name,
        "path": f"{meta.name}.csv",  # beside this file
        "profile": "tabular-data-resource",
        "title": meta.title,
        "description": meta.description + (f" Scope: {meta.scope}" if meta.scope else ""),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "as_of": meta.as_of,  # a custom property: the date the rows run through
        "schema": schema,
        "sources": [_source(cat, s) for s in meta.sources if s in cat.sources],
        "licenses": [_licence(cat, s) for s in meta.sources if s in cat.sources],
    }


def _field(col: Column) -> dict:
    field = {"name": col.name, "type": TYPES[col.type], "title": col.title}
    if col.description:
        field["description"] = col.description
    if col.unit:
        field["unit"] = col.unit  # a custom property (Table Schema has none for units)
    if col.type == "boolean":
        field["trueValues"], field["falseValues"] = ["true", "True", "TRUE"], ["false", "False", "FALSE"]  # as cells.py reads them
    constraints = {}
    if not col.nullable:
        constraints["required"] = True
    if col.enum and col.type == "string":
        constraints["enum"] = list(col.enum)
    if col.numeric and col.min is not None:
        constraints["minimum"] = col.min
    if col.numeric and col.max is not None:
        constraints["maximum"] = col.max
    if constraints:
        field["constraints"] = constraints
    return field


def _source(cat: Catalog, sid: str) -> dict:
    src = cat.sources[sid]
    out = {"title": src.title, "publisher": src.publisher}
    if src.url:
        out["path"] = src.url
    return out


def _licence(cat: Catalog, sid: str) -> dict:
    src = cat.sources[sid]
    out = {"name": LICENCE_IDS.get(src.licence, "other-at" if "attribution" in src.licence.lower() else "notspecified"),
           "title": src.licence}
    if src.licence_url:
        out["path"] = src.licence_url
    return out


# --- the JSON endpoint ------------------------------------------------------------------


def api_bytes(cat: Catalog, name: str) -> bytes:
    """`api_document` as the file holds it (`_dump`'s bytes), its rows encoded a batch at a time: the
    whole document as Python objects was 1 GB at 100x the rows, the peak of the build."""
    head = api_document(cat, name, rows=[_ROWS])
    before, after = _dump(head).rsplit(_ROWS_LINE, 1)  # "rows" comes after "meta" (sorted keys)
    columns = cat.meta(name).columns
    rows = (_typed_row(columns, cells) for cells in _text_rows(cat, name))
    out = io.BytesIO()
    out.write(before)
    for n, batch in enumerate(iter(lambda: list(itertools.islice(rows, _BATCH)), [])):
        # a batch as a list of its own ("[\n {...},\n {...}\n]"), one level deeper inside "rows"
        text = json.dumps(batch, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False)[2:-2]
        out.write(((",\n" if n else "") + " " + text.replace("\n", "\n ")).encode("utf-8"))
    if out.tell() == len(before):  # no row: "rows": [] as json.dumps writes it
        return _dump(dict(head, rows=[]))
    out.write(after)
    return out.getvalue()


_ROWS = "\x00the rows\x00"  # stands for the rows in the dumped head: alone on its line, as indent=1 puts it
_ROWS_LINE = b'  "\\u0000the rows\\u0000"'
_BATCH = 5000


def api_document(cat: Catalog, name: str, rows: list | None = None) -> dict:
    """{"meta": {...}, "rows": [{column: value}, ...]}: the dataset's rows in file order (or `rows`)."""
    meta = cat.meta(name)
    return {
        "meta": {
            "dataset": name,
            "title": meta.title,
            "as_of": meta.as_of,
            "columns": [
                {k: v for k, v in (("name", c.name), ("type", c.type), ("title", c.title), ("unit", c.unit),
                                   ("description", c.description)) if v}
                for c in meta.columns
            ],
            "source": [dict(_source(cat, s), citation=cat.sources[s].citation) for s in meta.sources if s in cat.sources],
            "licence": [_licence(cat, s) for s in meta.sources if s in cat.sources],
            "csv": f"../../{DOWNLOAD_DIR}/{name}.csv",
        },
        "rows": [_typed_row(meta.columns, row) for row in _text_rows(cat, name)] if rows is None else rows,
    }


def _text_rows(cat: Catalog, name: str) -> Iterator[list[str]]:
    """The dataset's cells as the file holds them (text), header left out, a row at a time."""
    path, meta = cat.files[name], cat.meta(name)
    if path.suffix == ".parquet":
        frame = parquet.text_frame(path, [(c.name, c.type) for c in meta.columns])
        yield from (["" if v is None else str(v) for v in r] for r in frame.itertuples(index=False, name=None))
        return
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        order = [header.index(c.name) for c in meta.columns]  # the sidecar's order (checked on load)
        yield from ([row[i] for i in order] for row in reader if row)


def _typed_row(columns: tuple[Column, ...], cells: list[str]) -> dict:
    return {c.name: _typed(c, v) for c, v in zip(columns, cells)}


def _typed(col: Column, text: str):
    """A cell as JSON: null when empty, a number or boolean when the sidecar says so, else its text."""
    text = text.strip() if col.type != "string" else text
    if text == "":
        return None
    if col.type == "integer":
        return int(text)
    if col.type == "number":
        return float(text)
    if col.type == "boolean":
        return text.lower() == "true"
    return text
