"""HTML tables from frames: escaped text, units in headers, numbers right-aligned.

Each cell carries its raw value in `data-sort`, so the site's sorting script
orders numbers and dates by value, not by their text. The output is one line
of HTML, which survives Markdown lists and tabs unchanged.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable

import pandas as pd

from macros.series.fields import Field, field

_HYPHENATED = re.compile(r"[^\s<>]+-[^\s<>]+")  # a run of text with a hyphen inside (entities have no spaces)


def _sort_key(f: Field, value) -> str:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if f.type == "temporal":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if f.numeric or f.type == "ordinal":
        return repr(float(value))
    return str(value)


def html_table(
    frame: pd.DataFrame,
    columns: list[str],
    *,
    caption: str | None = None,
    fields: dict[str, Field] | None = None,
    css_class: str = "ts-table",
    links: dict[str, Callable[[dict], str | None]] | None = None,
) -> str:
    """A sortable table of `columns` of `frame`, in the frame's row order.

    `links` maps a column to a function of the whole row giving the cell's
    link (or None), e.g. a lab's name linking to the lab's page. A text column
    with one value in every row (of two or more) is said once above the table
    instead of repeated in each row; downloads keep it.
    """
    fields = {c: (fields or {}).get(c) or field(c) for c in columns}
    same = _same_in_every_row(frame, columns, fields)
    columns = [c for c in columns if c not in same]
    head = "".join(
        f'<th scope="col" data-type="{_kind(fields[c])}"{_num(fields[c])}>{escape(fields[c].header)}</th>'
        for c in columns
    )
    links = links or {}
    rows = []
    for record in frame.to_dict("records") if links else frame[columns].to_dict("records"):
        cells = []
        for c in columns:
            f, value = fields[c], record[c]
            shown = _whole_words(escape(f.cell(value)))
            href = links[c](record) if c in links else None
            if href:
                shown = f'<a href="{escape(href)}">{shown}</a>'
            cells.append(f'<td data-sort="{escape(_sort_key(f, value))}"{_num(f)}>{shown}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    said = "; ".join(f"{escape(fields[c].header)}: {escape(fields[c].cell(v))}" for c, v in same.items()
                     if fields[c].cell(v).strip() not in ("", "–"))  # an empty column goes unsaid
    above = f'<p class="ts-table-same">Every row below has {said}.</p>' if said else ""
    return (
        f'{above}<div class="ts-table-wrap" tabindex="0"><table class="{css_class}">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _whole_words(text: str) -> str:
    """Hyphenated names ("MiMo-V2-Pro", "gpt-oss-20b") stay on one line: a browser may break after
    any hyphen, and a name cut there reads as two."""
    return _HYPHENATED.sub(lambda m: f'<span class="ts-word">{m.group(0)}</span>', text)


def _same_in_every_row(frame: pd.DataFrame, columns: list[str], fields: dict[str, Field]) -> dict:
    """Text columns (not the first, which names the row) holding one value in every row."""
    if len(frame) < 2:
        return {}
    same = {}
    for c in columns[1:]:
        f = fields[c]
        if f.numeric or f.type in ("ordinal", "temporal"):
            continue
        shown = {f.cell(v) for v in frame[c]}
        if len(shown) == 1:
            same[c] = frame[c].iloc[0]
    return same if len(same) < len(columns) - 1 else {}


def _kind(f: Field) -> str:
    return "number" if f.numeric or f.type == "ordinal" else ("date" if f.type == "temporal" else "text")


def _num(f: Field) -> str:
    # Numbers align right; dates never wrap ("25 May 2026" on one line).
    if f.numeric or f.type == "ordinal":
        return ' class="ts-num"'
    return ' class="ts-date"' if f.type == "temporal" else ""


def wide(frame: pd.DataFrame, index: str, columns: str, values: str,
         value_field: Field | None = None, index_field: Field | None = None) -> tuple[pd.DataFrame, dict[str, Field]]:
    """Pivot a long series to one row per `index` and one column per `columns` value.

    Returns the wide frame and a field for each new column (titled by the
    series name, with the unit of `values`), so a line chart's table reads
    like the chart: one row per week, one column per country.
    """
    order = list(dict.fromkeys(frame[columns]))
    table = frame.pivot(index=index, columns=columns, values=values).reindex(columns=order).reset_index()
    vf = value_field or field(values)
    fields = {str(c): Field(str(c), str(c), vf.type, vf.unit, vf.decimals) for c in order}
    fields[index] = index_field or field(index)
    table.columns = [str(c) for c in table.columns]
    return table, fields
