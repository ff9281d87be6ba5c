"""Read a dataset file against its sidecar and say exactly what is wrong with it.

`read_table` turns a CSV (or Parquet) file into a typed DataFrame and a list of
`Problem`s (see `problems`): here the file's encoding, header and records are
checked and each row's line in the file is kept; `cells` types the columns;
`checks.check_relations` adds the checks that need the whole frame or other
datasets. Exact line numbers are only worked out when there is something to report.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from macros.data.cells import type_columns
from macros.data.problems import MAX_PER_COLUMN, Problem
from macros.data.sidecar import DatasetMeta

PLAIN_READER_BYTES = 1_000_000  # from this size a plain CSV is read by pyarrow (faster; slower to start)


@dataclass(frozen=True)
class Lines:
    """Row position (0-based) -> line in the file: `first` + position, or the line each row starts on
    when a quoted cell spans lines. A value, not a closure, so a Table can be cached on disk."""

    first: int = 2
    starts: tuple[int, ...] | None = None

    def __call__(self, pos) -> int:
        pos = int(pos)
        if self.starts is not None and pos < len(self.starts):
            return self.starts[pos]
        return pos + self.first


@dataclass
class Table:
    """A dataset file read against its sidecar."""

    meta: DatasetMeta
    frame: pd.DataFrame
    problems: list[Problem]
    line_of: Callable[[int], int]  # row position (0-based) -> line in the file
    whole: bool = True  # False when rows could not be read (encoding, header, shape)


def read_table(path: Path, meta: DatasetMeta, display: str | None = None) -> Table:
    """Read `path` (CSV or Parquet) typed by `meta`; never raises on bad data."""
    display = display or str(path)
    if path.suffix == ".parquet":
        return _read_parquet(path, meta, display)
    raw = path.read_bytes()
    return read_csv_bytes(raw, meta, display)


def read_csv_bytes(raw: bytes, meta: DatasetMeta, display: str) -> Table:
    empty = Table(meta, pd.DataFrame(columns=meta.column_names), [], Lines(2), whole=False)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: accept it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        empty.problems.append(_encoding_problem(raw, exc, meta, display))
        return empty
    if not text.strip():
        empty.problems.append(Problem(display, 1, None, None, f"a header line: {','.join(meta.column_names)}"))
        return empty
    header_problems = _check_header(text, meta, display)
    if header_problems:
        empty.problems.extend(header_problems)
        return empty
    ragged = _ragged_records(text, len(meta.columns))
    if len(raw) > PLAIN_READER_BYTES and not ragged and '"' not in text and "\r" not in text:
        # a large file as the importer writes them: no quoting, one record a line, every line complete
        frame = _read_plain_csv(raw, meta.column_names)
    else:
        try:
            with warnings.catch_warnings():
                # index_col=False: a first row with extra fields must not become an index; such rows are
                # reported below (_ragged_records), so pandas' own warning about them is noise
                warnings.simplefilter("ignore", pd.errors.ParserWarning)
                frame = pd.read_csv(
                    io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                    skip_blank_lines=False, engine="c", index_col=False,
                )
        except (pd.errors.ParserError, csv.Error) as exc:
            empty.problems.extend(_structure_problems(text, meta, display) or [
                Problem(display, None, None, None, f"well-formed CSV ({exc})")
            ])
            return empty
    line_of = _line_mapper(text, frame)
    problems = [
        Problem(display, line, None, None, f"{len(meta.columns)} fields, found {found}")
        for _, line, found in ragged[:MAX_PER_COLUMN]
    ]
    if len(ragged) > MAX_PER_COLUMN:
        problems.append(Problem(display, None, None, None, f"{len(meta.columns)} fields per row ({len(ragged) - MAX_PER_COLUMN} more rows like this)"))
    if ragged:
        frame = frame.drop(index=[pos for pos, _, _ in ragged if pos < len(frame)])
    typed, type_problems = type_columns(frame, meta, display, line_of)
    return Table(meta, typed, problems + type_problems, line_of, whole=not ragged)


def _encoding_problem(raw: bytes, exc: UnicodeDecodeError, meta: DatasetMeta, display: str) -> Problem:
    """Where the first byte that is not UTF-8 is: line, column, and what the file probably is."""
    line = raw[: exc.start].count(b"\n") + 1
    start = raw.rfind(b"\n", 0, exc.start) + 1
    prefix = raw[start: exc.start].decode("utf-8", "replace")
    fields = next(csv.reader([prefix]), [""]) if prefix else [""]
    names = meta.column_names
    column = names[len(fields) - 1] if line > 1 and len(fields) <= len(names) else None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = "; the file looks like UTF-16: save it as UTF-8"
    else:
        hint = "; save the file as UTF-8 (it looks like Latin-1 or Windows-1252)" if raw[exc.start] >= 0x80 else ""
    end = raw.find(b"\n", exc.start)
    value = raw[start: end if end >= 0 else len(raw)].decode("utf-8", "backslashreplace").rstrip("\r")
    return Problem(display, line, column, value, f"UTF-8 text (byte 0x{raw[exc.start]:02x} at byte {exc.start} is not UTF-8{hint})")


def _read_plain_csv(raw: bytes, names: list[str]) -> pd.DataFrame:
    """Every cell as text, parsed by pyarrow's multi-threaded reader straight into Arrow strings.

    Only for a file with no quote, no carriage return and every line the header's width
    (checked by the caller), where it reads exactly what pandas' parser reads, five times faster.
    """
    import pyarrow as pa
    from pyarrow import csv as pacsv

    table = pacsv.read_csv(
        pa.py_buffer(raw),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
        parse_options=pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, null_values=[], strings_can_be_null=False,
        ),
    )
    return pd.DataFrame({n: pd.Series(table.column(n).combine_chunks(), dtype="str") for n in names})


def _ragged_records(text: str, width: int) -> list[tuple[int, int, int]]:
    """(record position, line, fields found) of every record that is not `width` fields wide.

    The fast path counts commas line by line; a file with quotes goes through
    the csv module, which knows a quoted comma or line break from a real one.
    """
    out = []
    if '"' not in text:
        lines = text.split("\n")
        if lines and lines[-1] in ("", "\r"):
            lines.pop()
        for pos, line in enumerate(lines[1:]):
            fields = line.count(",") + 1
            if fields != width:
                out.append((pos, pos + 2, 0 if line.strip() == "" else fields))
        return out
    reader = csv.reader(io.StringIO(text))
    try:
        next(reader, None)
        start = reader.line_num + 1
        for pos, record in enumerate(reader):
            if len(record) != width:
                out.append((pos, start, len(record)))
            start = reader.line_num + 1
    except csv.Error:
        pass  # pandas read the file; the typed checks still locate what is wrong
    return out


def _check_header(text: str, meta: DatasetMeta, display: str) -> list[Problem]:
    try:
        first = next(csv.reader(io.StringIO(text.split("\n", 1)[0].rstrip("\r"))), [])
    except csv.Error as exc:  # e.g. a stray carriage return inside the header line
        return [Problem(display, 1, None, None, f"a well-formed header line {','.join(meta.column_names)} ({exc})")]
    expected = meta.column_names
    if first == expected:
        return []
    missing = [c for c in expected if c not in first]
    extra = [c for c in first if c not in expected]
    twice = sorted({c for c in first if first.count(c) > 1})
    detail = [f"named twice {twice}"] if twice else []
    if missing:
        detail.append(f"missing {missing}")
    if extra:
        detail.append(f"unexpected {extra}")
    if not detail:
        detail.append("columns in the declared order")
    return [Problem(display, 1, None, ",".join(first), f"the header {','.join(expected)} ({'; '.join(detail)})")]


def _structure_problems(text: str, meta: DatasetMeta, display: str) -> list[Problem]:
    """Name every malformed record; used only when the fast parser gives up."""
    out = []
    reader = csv.reader(io.StringIO(text))
    try:
        next(reader)
        start = reader.line_num + 1
        for record in reader:
            if record and len(record) != len(meta.columns):
                out.append(Problem(display, start, None, None, f"{len(meta.columns)} fields, found {len(record)}"))
            start = reader.line_num + 1
    except csv.Error as exc:
        out.append(Problem(display, reader.line_num, None, None, f"well-formed CSV ({exc})"))
    return out


def _line_mapper(text: str, frame: pd.DataFrame) -> Lines:
    """Row position -> file line. Rows start at line 2 unless a quoted cell spans lines."""
    multiline = '"' in text and any(
        frame[col].str.contains("\n", regex=False).fillna(False).any() for col in frame.columns
    )
    if not multiline:
        return Lines(2)
    starts = []
    reader = csv.reader(io.StringIO(text))
    next(reader)
    line = reader.line_num + 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return Lines(2, tuple(starts))


def _read_parquet(path: Path, meta: DatasetMeta, display: str) -> Table:
    """A Parquet file's declared columns, each cell as its CSV text, then typed as a CSV is.

    The columns are checked against the sidecar on the file's schema, before any data is read.
    """
    from macros.data import parquet

    try:
        found = parquet.columns_of(path)
        if found != meta.column_names:
            problem = Problem(display, None, None, ",".join(map(str, found)), f"the columns {','.join(meta.column_names)}")
            return Table(meta, pd.DataFrame(columns=meta.column_names), [problem], Lines(1), whole=False)
        frame = parquet.text_frame(path, [(c.name, c.type) for c in meta.columns])
    except Exception as exc:  # pyarrow raises many kinds; all mean "not readable Parquet"
        problem = Problem(display, None, None, None, f"a readable Parquet file ({type(exc).__name__}: {exc})")
        return Table(meta, pd.DataFrame(columns=meta.column_names), [problem], Lines(1), whole=False)
    line_of = Lines(1)  # Parquet has no lines: report the 1-based row
    typed, problems = type_columns(frame, meta, display, line_of)
    return Table(meta, typed, problems, line_of)
