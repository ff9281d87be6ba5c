"""The sources list and the data page, generated from the sidecars.

Every dataset is offered as CSV (cells neutralised against spreadsheet
formulas) with its sidecar, and described column by column: type, unit,
allowed values and meaning. Nothing here is typed by hand, so the data page
cannot drift from the data.
"""

from __future__ import annotations

import csv
import io
import re
import json
from html import escape

from macros.core import cache
from macros.data import parquet
from macros.data.catalog import Catalog
from macros.data.schemacheck import SIDECAR_SCHEMA
from macros.publish.csvsafe import safe_csv_cell
from macros.publish.figure import slug
from macros.publish.outputs import Outputs
from macros.publish import package
from macros.publish.package import DOWNLOAD_DIR, PACKAGE_PATH
from macros.publish.provenance import as_of_text, citation_text
from macros.series.fields import Field
from macros.publish.htmltable import html_table

import pandas as pd

# The pages that call sources() and datasets(): each links to the other's anchors.
SOURCES_PAGE = "methodology/"
DATA_PAGE = "data/"


def sources_list(cat: Catalog, base: str = "") -> str:
    """Every source with publisher, licence, citation and the datasets citing it."""
    used: dict[str, list[str]] = {}
    for name in cat.names:
        for sid in cat.meta(name).sources:
            used.setdefault(sid, []).append(name)
    items = []
    for sid, src in sorted(cat.sources.items()):
        title = escape(src.title)
        if src.url:
            title = f'<a href="{escape(src.url)}">{title}</a>'
        licence = escape(src.licence)
        if src.licence_url:
            licence = f'<a href="{escape(src.licence_url)}">{licence}</a>'
        as_of = max((cat.meta(d).as_of for d in used.get(sid, [])), default=src.published)
        citation = escape(citation_text(cat, sid, as_of))
        datasets = ", ".join(f'<a href="{escape(base + DATA_PAGE)}#dataset-{escape(slug(d))}"><code>{escape(d)}</code></a>' for d in used.get(sid, []))
        note = f"<br>{escape(src.note)}" if src.note else ""
        items.append(
            f'<li id="source-{escape(slug(sid))}"><strong>{title}</strong> ({escape(src.publisher)}, {escape(as_of_text(src.published))})'
            f"<br>Licence: {licence}<br>Cite as: <q>{citation}</q>"
            + (f"<br>Datasets: {datasets}" if datasets else "")
            + f"{note}</li>"
        )
    return '<ul class="ts-sources">' + "".join(items) + "</ul>"


# A cell a spreadsheet could run as a formula starts with one of these (see csvsafe.safe_csv_cell).
_RISKY_CELL = re.compile(rb"(?:^|,)[=+\-@\t]", re.M)


def _download_csv(path, meta) -> bytes:
    """The dataset as published: the same cells, formulas neutralised, UTF-8, LF."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        if _plain_csv(raw):
            # nothing to quote, unquote or neutralise: the file is already what the slow path writes
            return raw if raw.endswith(b"\n") else raw + b"\n"
    if path.suffix == ".parquet":
        # the cells its CSV would hold (see data/parquet.py), so both publish the same download
        columns = [(c.name, c.type) for c in meta.columns]
        raw = parquet.plain_csv_bytes(path, columns)
        if raw is not None and _plain_csv(raw):
            return raw
        frame = parquet.text_frame(path, columns)
        rows = [list(frame.columns)] + list(frame.itertuples(index=False, name=None))
    else:
        text = path.read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        if row:
            writer.writerow([safe_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _download(cat: Catalog, name: str) -> bytes:
    """A dataset's download; for Parquet (text conversion of every cell) kept on disk by content.
    For a CSV, whether it can be published as it is, is remembered by content too."""
    path, meta = cat.files[name], cat.meta(name)
    if path.suffix == ".csv":
        raw = path.read_bytes()
        key = cache.digest("plain-csv", str(path.resolve()))
        known = cache.disk_load("download", key) if cat.disk_cache else None
        if known is not None and known[0] == cat.fingerprint(name):
            plain = known[1]
        else:
            plain = _plain_csv(raw)
            if cat.disk_cache:
                cache.disk_store("download", key, (cat.fingerprint(name), plain))
        if plain:
            return raw if raw.endswith(b"\n") else raw + b"\n"
        return _download_csv(path, meta)
    if not cat.disk_cache:
        return _download_csv(path, meta)
    slot = cache.digest("download", str(path.resolve()))
    stored = cache.disk_load("download", slot)
    if stored is not None and stored[0] == cat.fingerprint(name):
        return stored[1]
    data = _download_csv(path, meta)
    cache.disk_store("download", slot, (cat.fingerprint(name), data))
    return data


def _plain_csv(raw: bytes) -> bool:
    """No byte-order mark, quote, carriage return, blank line or cell that could be a formula."""
    if raw.startswith((b"\xef\xbb\xbf", b"\n")) or b'"' in raw or b"\r" in raw or b"\n\n" in raw:
        return False
    # the regular expression is slow on a large file: only when a cell may start with a risky character
    risky = (b"=", b"+", b"-", b"@", b"\t")
    if not raw.startswith(risky) and not any(sep + c in raw for sep in (b",", b"\n") for c in risky):
        return True
    return not _RISKY_CELL.search(raw)


_SCHEMA_LINE = re.compile(rb"^(# yaml-language-server: \$schema=)\S+", re.M)


def _published_sidecar(raw: bytes) -> bytes:
    """A sidecar as downloaded: its schema line names the schema published beside it (in the
    repository it names the file in macros/, which a download cannot reach)."""
    return _SCHEMA_LINE.sub(rb"\g<1>" + SIDECAR_SCHEMA.name.encode(), raw, count=1)


def datasets_page(cat: Catalog, outputs: Outputs, base: str) -> str:
    """One section per dataset: what it is, its downloads, and its data dictionary."""
    for name in cat.names:
        outputs.add(f"{DOWNLOAD_DIR}/{name}.csv", _download(cat, name))
        outputs.add(f"{DOWNLOAD_DIR}/{name}.meta.yml", _published_sidecar(cat.meta(name).path.read_bytes()))
    outputs.add(f"{DOWNLOAD_DIR}/{SIDECAR_SCHEMA.name}", SIDECAR_SCHEMA.read_bytes())
    # which datasets exist is an argument: a new file must change the page, not only a read one
    return _package_html(cat, base) + cache.derived(cat, _datasets_html, (base, tuple(cat.names)), {})


def _package_html(cat: Catalog, base: str) -> str:
    """The package and the JSON endpoint, with the first row of a small dataset's JSON as the example."""
    name = min(cat.names, key=lambda n: (cat.rows(n), n))
    document = package.api_document(cat, name)
    example = dict(document, rows=document["rows"][:1])
    example["meta"] = dict(example["meta"], columns=example["meta"]["columns"][:2])
    shown = json.dumps(example, ensure_ascii=False, indent=1, sort_keys=True)
    api = f"{package.API_DIR}/{name}.json"
    return (
        '<section class="ts-package" id="package"><h2 id="the-data-as-a-package">The data as a package</h2>'
        f'<p><a href="{escape(base + PACKAGE_PATH)}" download>datapackage.json</a> describes every CSV below '
        "(a Frictionless Data Package: columns, types, units, sources, licences), so a tool can load them all "
        "at once, for example <code>frictionless validate datapackage.json</code> or "
        "<code>frictionless.Package(\"datapackage.json\")</code> beside the CSVs.</p>"
        f"<p>Each dataset is also served as JSON at <code>api/v1/&lt;dataset&gt;.json</code> (version 1: its shape "
        "changes only under a new version): <code>meta</code> gives the dataset, its <code>as_of</code>, its "
        "columns with their types and units, its sources and licences; <code>rows</code> holds every row, "
        "numbers as numbers, an empty cell as <code>null</code>, dates as text. For example "
        f'<a href="{escape(base + api)}"><code>{escape(api)}</code></a>, its first row and first two columns:</p>'
        f'<pre class="ts-package__example"><code>{escape(shown).replace("{", "&#123;").replace("}", "&#125;")}</code></pre></section>'
    )


def _datasets_html(cat: Catalog, base: str, names: tuple[str, ...]) -> str:
    parts = []
    for name in names:
        meta = cat.meta(name)
        csv_path = f"{DOWNLOAD_DIR}/{name}.csv"
        meta_path = f"{DOWNLOAD_DIR}/{name}.meta.yml"
        rows = cat.rows(name)
        dictionary = pd.DataFrame([
            {
                "column": c.name,
                "title": c.title,
                "type": f"{c.type}, one a {c.period}" if c.period else c.type,  # "date, one a week"
                "unit": c.unit or "",
                "allowed": _allowed(c),
                "description": c.description,
            }
            for c in meta.columns
        ])
        fields = {k: Field(k, t, "nominal") for k, t in [
            ("column", "Column"), ("title", "Shown as"), ("type", "Type"), ("unit", "Unit"),
            ("allowed", "Allowed values"), ("description", "Meaning"),
        ]}
        sources = ", ".join(
            f'<a href="{escape(base + SOURCES_PAGE)}#source-{escape(slug(s))}">{escape(cat.sources[s].title)}</a>' for s in meta.sources if s in cat.sources
        )
        parts.append(
            f'<section class="ts-dataset" id="dataset-{escape(slug(name))}">'
            f'<h2 id="{escape(slug(name))}">{escape(meta.title)}</h2>'
            f"<p><code>{escape(name)}</code> · {rows} rows · as of {escape(meta.as_of)}"
            + (f" · key: {escape(', '.join(meta.key))}" if meta.key else "")
            + f"</p><p>{escape(meta.description)}</p>"
            + (f"<p><em>Scope:</em> {escape(meta.scope)}</p>" if meta.scope else "")
            + f"<p>Sources: {sources}</p>"
            f'<p class="ts-downloads">Download: <a href="{escape(base + csv_path)}" download>{escape(name)}.csv</a>'
            f' · <a href="{escape(base + meta_path)}" download>{escape(name)}.meta.yml</a> (the description below, machine-readable)'
            f' · <a href="{escape(base + package.API_DIR)}/{escape(name)}.json">{escape(name)}.json</a> (the rows as JSON)</p>'
            + html_table(dictionary, list(dictionary.columns), fields=fields)
            + "</section>"
        )
    return "".join(parts)


def _allowed(col) -> str:
    if col.enum:
        return "; ".join(f"{k} ({v})" if k != v else k for k, v in col.enum.items())
    bits = []
    if col.min is not None:
        bits.append(f"≥ {col.min}")
    if col.max is not None:
        bits.append(f"≤ {col.max}")
    if col.references:
        bits.append(f"listed in {'.'.join(col.references)}")
    if col.pattern:
        bits.append(f"matches {col.pattern}")
    if col.nullable:
        bits.append("may be empty")
    return ", ".join(bits)
