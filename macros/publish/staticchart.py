"""A chart as a still: its pictures (light and dark, desktop and phone), title, source line and numbers.

For pages that must stay light and read the same years from now, such as the
dated archive: no Vega-Lite spec for the page's script to draw, no downloads,
only the static pictures the live figure also shows (drawn by the same code,
cached on their spec), so the page needs no JavaScript at all.
"""

from __future__ import annotations

import hashlib
from html import escape

from macros.charts import decl as chartdecl
from macros.charts import specs
from macros.charts.alttext import finding
from macros.charts.decl import ChartDecl
from macros.data.catalog import Catalog
from macros.publish import drawpool, render
from macros.publish.figure import CHART_DIR, NARROW_MEDIA, NARROW_WIDTH, slug
from macros.publish.htmltable import html_table, wide
from macros.publish.outputs import Outputs
from macros.publish.picturespecs import ask, static_picture
from macros.publish.provenance import fill, provenance, source_text
from macros.charts import theme
from macros.series.views.base import View


def still(cat: Catalog, outputs: Outputs, decl: ChartDecl, view: View, base: str, as_of: str, anchor: str) -> str:
    """The chart's `<figure>` with its pictures only; `as_of` dates its title and source line
    (for an archived week: the week's last day, not the dataset's latest)."""
    rows = chartdecl.select(view.frame, decl)
    labels = cat.meta("labs").column("country_group").enum
    source_ids, _ = provenance(cat, view, rows)
    title = fill(decl.title, rows, decl, as_of)
    subtitle = fill(decl.subtitle, rows, decl, as_of)
    source_line = source_text(cat, source_ids, as_of)
    alt_text = finding(rows, decl)
    spec, narrow = specs.spec(rows, decl, labels), specs.spec(rows, decl, labels, narrow=True)
    stem = f"{CHART_DIR}/still-{slug(decl.name)}-" + hashlib.sha256(render.spec_bytes(spec) + render.spec_bytes(narrow)).hexdigest()[:10]
    pics = []
    for scheme in ("light", "dark"):
        paths = {}
        for size, source, width in (("wide", spec, theme.STATIC_WIDTH), ("narrow", narrow, NARROW_WIDTH)):
            path, picture = f"{stem}-{scheme}-{size}.svg", static_picture(source, scheme, width)
            data = ask(outputs, path, picture)
            if data is None:  # drawn once every page is read (drawpool.py), in make serve by the worker, or never
                paths[size] = (path, drawpool.placeholder(path))
            else:
                outputs.add(path, data)
                w, h = render.svg_size(data) or (None, None)
                paths[size] = (path, f' width="{w}" height="{h}"' if w else "")
        pics.append(
            f'<picture class="ts-static ts-static--{scheme}">'
            f'<source media="{NARROW_MEDIA}" srcset="{escape(base + paths["narrow"][0])}"{paths["narrow"][1]}>'
            f'<img src="{escape(base + paths["wide"][0])}"{paths["wide"][1]} alt="{escape(alt_text)}" loading="lazy" decoding="async">'
            "</picture>"
        )
    table = _table(rows, decl)
    note = ("Weeks with fewer than 7 days of data are partial and shown as hollow points, not joined to the line."
            if chartdecl.has_partial(rows, decl) else "")
    return (
        f'<figure class="ts-still" id="{escape(anchor)}">'
        f'<figcaption class="ts-chart__head"><span class="ts-chart__title">{escape(title)}</span>'
        f'<span class="ts-chart__subtitle">{escape(subtitle)}</span></figcaption>'
        f'<div class="ts-chart__view">{"".join(pics)}</div>'
        f'<p class="ts-chart__source">{escape(source_line)}</p>'
        + (f'<p class="ts-chart__note">{escape(note)}</p>' if note else "")
        + f'<details class="ts-chart__table"><summary>Show the numbers as a table</summary>{table}</details>'
        "</figure>"
    )


def _table(rows, decl: ChartDecl) -> str:
    """The numbers of a weekly line chart, one row a week, one column a series."""
    table, fields = wide(rows, decl.x, chartdecl.series_column(rows, decl), decl.y, decl.field(decl.y), decl.field(decl.x))
    return html_table(table, list(table.columns), fields=fields)
