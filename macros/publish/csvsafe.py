"""CSV cells a spreadsheet will not run as formulas: every CSV the site offers goes through here (a chart's too)."""

from __future__ import annotations

import pandas as pd


def safe_csv_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    text = str(value)
    # Spaces first do not save a cell (importers may trim them); East Asian Excel reads full-width signs too.
    if text.lstrip(" \u00a0\u3000")[:1] in _FORMULA_START and not _is_number(text):
        return "'" + text
    return text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def chart_csv(rows: pd.DataFrame, columns: list[str], decl, source_line: str) -> bytes:
    """A chart's numbers as its CSV download: its columns (dates as days), then the source on each row."""
    import csv
    import io

    columns = list(columns)
    frame = rows[columns].copy()
    for c in columns:
        if decl.field(c).type == "temporal":
            frame[c] = pd.to_datetime(frame[c]).dt.strftime("%Y-%m-%d")
    frame["source"] = source_line
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns + ["source"])
    for record in frame.itertuples(index=False, name=None):
        writer.writerow([safe_csv_cell(v) for v in record])
    return buffer.getvalue().encode("utf-8")
