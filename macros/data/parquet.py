"""Parquet datasets: written typed by their sidecar, read back as the text their CSV would hold.

A dataset may be `x.parquet` instead of `x.csv` (a year of daily rows is a
fifth of the size, and read in a fraction of the time). The importer writes
the rows it would write to the CSV, each column typed by the sidecar (text,
int64, float64, bool, date32, UTC timestamps; an empty cell is a null), so
`write` then `text_frame` gives back exactly the CSV's cells: validation,
the site and the published download are the same whichever file holds the
data. Reading looks at the file's schema first (no data read) and reads only
the columns the sidecar declares; every conversion is vectorised (Arrow
compute), never a Python call per value.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ARROW_TYPES = {
    "string": pa.string(), "month": pa.string(), "integer": pa.int64(), "number": pa.float64(),
    "boolean": pa.bool_(), "date": pa.date32(), "datetime": pa.timestamp("s", tz="UTC"),
}
DATETIME_TEXT = "%Y-%m-%dT%H:%M:%SZ"


def write(columns: list[tuple[str, str]], rows: list[list[str]]) -> bytes:
    """Parquet bytes of `rows` (cells as the CSV has them); `columns` are (name, sidecar type).

    The same rows always give the same bytes (no timestamps, fixed options).
    """
    arrays = []
    for i, (name, kind) in enumerate(columns):
        cells = pa.array([row[i] for row in rows], type=pa.string())
        cells = pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.string()), cells)
        arrays.append(_typed(cells, kind))
    table = pa.table(arrays, names=[name for name, _ in columns])
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", use_dictionary=True, write_statistics=True)
    return buffer.getvalue()


def _typed(cells: pa.Array, kind: str) -> pa.Array:
    if kind == "boolean":
        lowered = pc.utf8_lower(cells)
        return pc.if_else(pc.is_null(lowered), pa.scalar(None, pa.bool_()), pc.equal(lowered, "true"))
    if kind == "date":
        return pc.cast(pc.strptime(cells, format="%Y-%m-%d", unit="s"), pa.date32())
    if kind == "datetime":
        return pc.assume_timezone(pc.strptime(cells, format=DATETIME_TEXT, unit="s"), "UTC")
    return pc.cast(cells, ARROW_TYPES.get(kind, pa.string()))


def columns_of(path: Path) -> list[str]:
    """The column names in a Parquet file's footer (no data read)."""
    return list(pq.read_schema(path).names)


def text_table(path: Path, columns: list[tuple[str, str]]) -> pa.Table:
    """The declared columns of a Parquet file, each cell as the CSV text ("" for a null)."""
    table = pq.read_table(path, columns=[name for name, _ in columns])
    return pa.table([_as_text(table.column(name).combine_chunks(), kind) for name, kind in columns],
                    names=[name for name, _ in columns])


def text_frame(path: Path, columns: list[tuple[str, str]]) -> pd.DataFrame:
    table = text_table(path, columns)
    return pd.DataFrame({name: pd.Series(table.column(name).combine_chunks(), dtype="str") for name in table.column_names})


def plain_csv_bytes(path: Path, columns: list[tuple[str, str]]) -> bytes | None:
    """The file as CSV with no quoting (header, cells, LF line ends), or None if a cell would need quotes."""
    names = [name for name, _ in columns]
    if any(set(name) & set(',"\r\n') for name in names):
        return None
    buffer = io.BytesIO()
    buffer.write((",".join(names) + "\n").encode("utf-8"))
    try:
        pacsv.write_csv(text_table(path, columns), buffer,
                        write_options=pacsv.WriteOptions(include_header=False, quoting_style="none"))
    except pa.ArrowInvalid:  # a comma, quote or line break in a cell
        return None
    return buffer.getvalue()


def _as_text(values: pa.Array, kind: str) -> pa.Array:
    kind_of = values.type
    if pa.types.is_floating(kind_of):
        values = pc.if_else(pc.is_nan(values), pa.scalar(None, kind_of), values)
    if pa.types.is_timestamp(kind_of):
        # as UTC wall time, to the second (Parquet keeps seconds as milliseconds: %S would print "00.000")
        values = pc.cast(values, pa.timestamp("s"), safe=False)
        text = pc.strftime(values, format="%Y-%m-%d" if kind == "date" else DATETIME_TEXT)
    elif pa.types.is_date(kind_of):
        text = pc.strftime(pc.cast(values, pa.timestamp("s")), format="%Y-%m-%d")
    elif pa.types.is_boolean(kind_of):
        text = pc.if_else(values, "true", "false")
    elif pa.types.is_string(kind_of) or pa.types.is_large_string(kind_of):
        text = values
    else:
        try:
            text = pc.cast(values, pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            text = pa.array(["" if v is None else str(v) for v in values.to_pylist()], type=pa.string())
    return pc.fill_null(text, "")
