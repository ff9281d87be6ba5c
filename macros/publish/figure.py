"""A chart as a reader gets it: one `<figure>` with everything a chart owes them.

Title and subtitle, a static picture (light and dark, desktop and phone) that
shows without JavaScript and holds the chart's place until the interactive
version has drawn, the source line with its "as of" date, a note on scope, the
numbers as a table, and downloads (CSV, Vega-Lite JSON, SVG, PNG). The files
go to `outputs.Outputs` (which writes them into the built site); the HTML, where
every string from data is escaped, is publish/figurehtml.py's.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

import pandas as pd

from macros.core import cache, memo, options
from macros.charts import decl as chartdecl
from macros.charts import plan as chartplan
from macros.charts import specs
from macros.publish import explore, framed, pictures, render, weekpick
from macros.charts import theme
from macros.charts.decl import ChartDecl
from macros.data.catalog import Catalog
from macros.charts.alttext import finding
from macros.publish.csvsafe import chart_csv
from macros.publish.htmltable import html_table, wide
from macros.publish.cite import CiteContext, weeks_shown
from macros.publish.figurehtml import BASE, NARROW_MEDIA, figure_html  # noqa: F401 (NARROW_MEDIA: staticchart.py's too)
from macros.publish.outputs import Outputs
from macros.publish.picturespecs import ask, card_picture, framed_pictures, shown, static_picture
from macros.publish.provenance import fill, provenance, source_text
from macros.series.views.base import View

# (chart, page depth, data directory) -> (content key, (RenderedChart, files)): see ChartRenderer.figure
_FIGURES: dict[str, tuple[str, tuple]] = memo.table("figures")  # the memo's owner: core/memo.py
# The same for figures made while the worker was still to draw some of their pictures (make serve)
_PENDING: dict[str, tuple[str, tuple]] = memo.table("figures waiting for pictures")  # core/memo.py

CHART_DIR = "assets/charts"
VENDOR_DIR = "assets/vendor"
NARROW_WIDTH = 360  # px: the static picture a phone gets
CARD_WIDTH, CARD_HEIGHT = 1200, 630  # the size link previews use
FIGURE_VERSION = 8  # what a cached figure's parts hold (2: its "as of", for the Cite; 3: its explore file; 4: its controls' slot; 5-7: week pickers; 8: framed downloads)


@dataclass(frozen=True)
class RenderedChart:
    html: str
    card: dict  # the spec of the page's social card picture, should this be its lead chart
    alt: str
    complete: bool = True  # False in make serve while some picture is still being drawn (sizes left out)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


# The column that says which page a name links to: a lab's author slug, a model's permaslug.
LINKED = {"lab": "author_slug", "model_label": "model"}

class ChartRenderer:
    """Renders charts of one build into HTML and output files."""

    def __init__(self, cat: Catalog, outputs: Outputs, linker=None):
        self.cat = cat
        self.outputs = outputs
        # Links to the generated lab and model pages, from the site's root: a chart's parts are made
        # once for every page it is on, so its table's links carry BASE until a page's _html.
        self.linker = linker
        self.labels = cat.meta("labs").column("country_group").enum
        self._vega: str | None = None
        self._recording: dict[str, bytes] | None = None
        self._complete = True
        self._this_build: dict[str, tuple] = {}
        self._cards: dict[str, str] = {}  # chart name -> its social card's path, this build
        self._made_from: dict[str, set[str]] = {}  # figure waiting for its pictures -> the entries it was made from
        self.cite: CiteContext | None = None  # the page being rendered, for each chart's "Cite" (set per page)
        self.on_figure = None  # called with (chart name, RenderedChart) for each figure a page gets

    def vega_path(self) -> str:
        if self._vega is None:
            name, data = render.vega_bundle()
            self._vega = self.outputs.add(f"{VENDOR_DIR}/{name}", data)
        return self._vega

    def figure(self, decl: ChartDecl, view: View, base: str) -> RenderedChart:
        """The chart's `<figure>` for a page `base` away from the site's root (with a "Cite" once `cite` is set)."""
        parts = self._parts(decl, view)
        html = figure_html(base=base, cite=self.cite, vega=self.vega_path(), **parts["html"])
        rendered = RenderedChart(html, parts["card"], parts["alt"], parts["complete"])
        if self.on_figure:
            self.on_figure(decl.name, rendered)
        return rendered

    def _parts(self, decl: ChartDecl, view: View) -> dict:
        """Everything of a figure but its links, reused (with its files) while its declaration,
        its rows and their sources are unchanged: unchanged charts cost no Altair and no Vega."""
        # a test build with no pictures or some model pages has its own slots, not to evict the site's
        slot = cache.digest("figure", decl.name, str(self.cat.data_dir), shown(), options.active().model_pages)
        key = self._figure_key(decl, view)
        entry = self._this_build.get(slot) or _FIGURES.get(slot) or cache.disk_load("figure", slot)
        if (entry is None or entry[0] != key) and slot in _PENDING and _PENDING[slot][0] == key:
            entry = _with_pictures_drawn(_PENDING.pop(slot))  # unchanged since: only its pictures are new
            self._keep(slot, entry)
        if entry is not None and entry[0] == key:
            if entry[1][0]["complete"] and self._holds():  # one still waiting for pictures is kept in _PENDING only
                _FIGURES.setdefault(slot, entry)
            cache.note("figure:cached")
            parts, files, deferred = entry[1]
            for path, data in files.items():
                self.outputs.add(path, data)
            for path, picture in deferred.items():
                self.outputs.defer(path, picture)
            return parts
        cache.note("figure:made")
        added: dict[str, bytes] = {}
        before = dict(self.outputs.deferred)
        self._recording = added
        try:
            parts = self._make_parts(decl, view)
        finally:
            self._recording = None
        deferred = {p: pic for p, pic in self.outputs.deferred.items() if before.get(p) is not pic}
        self._keep(slot, (key, (parts, added, deferred)))
        return parts

    def _holds(self) -> bool:
        """Whether whole figures stay in memory: not in a build that streams its files (publish/outputs.py),
        which takes a chart on a second page from the disk rather than hold every picture till the end."""
        return self.outputs.site_dir is None or not options.active().disk_cache

    def _keep(self, slot: str, entry: tuple) -> None:
        """Keep a figure for this build (a chart on two pages is made once, pictures drawn or not)
        and for later ones: on disk once complete, else in memory until the worker has drawn it."""
        complete, holds = entry[1][0]["complete"], self._holds()
        if holds or not complete:
            self._this_build[slot] = entry
        else:
            self._this_build.pop(slot, None)
        if complete:
            if holds:
                _FIGURES[slot] = entry
            cache.disk_store("figure", slot, entry)
        else:
            _PENDING[slot] = entry
            self._made_from[slot] = cache.seen()  # what it is made from, but its pictures (see settle)

    def settle(self, entries: dict[str, set[str]]) -> None:
        """After the pool has drawn the pictures (drawpool.py): the figures of this build that waited for them,
        complete now (their pictures read back from the render cache a figure at a time: the build wrote and
        let go of them as they came), kept for later builds as if made whole, with the cache entries they were
        made from (`entries`: a picture's path -> those its drawing used; core/prune.py)."""
        for slot, entry in list(self._this_build.items()):
            if entry[1][0]["complete"]:
                continue
            settled = _with_pictures_drawn(_PENDING.pop(slot, entry))
            inputs = self._made_from.pop(slot, set()).union(*(entries.get(p, ()) for p in entry[1][2]))
            self._keep(slot, settled)
            if settled[1][0]["complete"]:
                cache.made_with("figure", slot, inputs)

    def _figure_key(self, decl: ChartDecl, view: View) -> str:
        datasets = sorted({*view.datasets, "labs"})
        pages = (self.linker.slugs, self.linker.models) if self.linker else None  # the links a chart may carry
        return cache.digest(FIGURE_VERSION, decl, cache.frame_digest(view.frame), self.cat.fingerprints(datasets),
                            self.cat.sources_fingerprint, render.VERSION, framed.VERSION, theme.STATIC_WIDTH, NARROW_WIDTH, pages,
                            *(() if shown() else ("no pictures",)))  # never shared with a build that shows them

    def _add(self, path: str, data: bytes) -> str:
        if self._recording is not None:
            self._recording[path] = data
        return self.outputs.add(path, data)

    def _picture(self, path: str, picture: pictures.Picture) -> tuple[str, tuple[int, int] | None]:
        """Add a picture to the site; its size (None when drawing it is left to later or to nobody, or not an SVG)."""
        if (data := ask(self.outputs, path, picture)) is None:
            self._complete = not shown()  # left to the pool or worker: wait; a build with no pictures: whole
            return path, None
        self._add(path, data)
        return path, render.svg_size(data) if picture.kind == "svg" else None

    def _make_parts(self, decl: ChartDecl, view: View) -> dict:
        self._complete = True
        rows = self._with_links(chartdecl.select(view.frame, decl), decl)
        spec = specs.spec(rows, decl, self.labels)
        source_ids, as_of = provenance(self.cat, view, rows)
        title = fill(decl.title, rows, decl, as_of)
        subtitle = fill(decl.subtitle, rows, decl, as_of)
        source_line = source_text(self.cat, source_ids, as_of)
        alt_text = finding(rows, decl)

        narrow = specs.spec(rows, decl, self.labels, narrow=True)
        for variant in (spec, narrow):
            variant["usermeta"] = {"tokenshare": {"dark": theme.config("dark"), "alt": alt_text}}
        spec_data, narrow_data = render.spec_bytes(spec), render.spec_bytes(narrow)
        chart_id = f"{slug(decl.name)}-{hashlib.sha256(spec_data + narrow_data).hexdigest()[:10]}"
        stem = f"{CHART_DIR}/{chart_id}"
        light = static_picture(spec, "light", theme.STATIC_WIDTH)  # in the page, and framed for the downloads
        files = {
            "spec": self._add(f"{stem}.vl.json", spec_data),
            "narrow": self._add(f"{stem}.narrow.vl.json", narrow_data),
            "csv": self._add(f"{stem}.csv", chart_csv(rows, chartdecl.used_columns(decl), decl, source_line)),
            **{kind: self._picture(f"{stem}.{kind}", picture)[0]
               for kind, picture in zip(("svg", "png"), framed_pictures(light, title, subtitle, source_line))},
        }
        controls = explore.describe(rows, decl, self.labels) or weekpick.describe(  # explore.js's: a weekly chart's, or a week picker
            self.cat, decl, rows, {"wide": spec, "narrow": narrow}, self.labels, as_of, lambda r: self._with_links(r, decl))
        if controls is not None:
            controls, week_parts = weekpick.split(controls)  # a week picker's charts load when a week is picked
            files["explore"] = self._add(f"{stem}.explore.json", explore.encoded(controls))
            if week_parts:
                self._add(f"{stem}.weeks.json", explore.encoded(week_parts))
        static = {}
        for scheme in ("light", "dark"):
            for size, source, width in (("wide", spec, theme.STATIC_WIDTH), ("narrow", narrow, NARROW_WIDTH)):
                picture = light if (scheme, size) == ("light", "wide") else static_picture(source, scheme, width)
                static[(scheme, size)] = self._picture(f"{stem}-{scheme}-{size}.svg", picture)
        anchor = f"chart-{slug(decl.name)}"
        note = decl.note
        if chartdecl.has_partial(rows, decl):
            shown = "shown as hollow points, not joined to the line" if decl.mark == "line" else "left out"
            note = f"{note} Weeks with fewer than 7 days of data are partial and {shown}.".strip()
        if chartplan.has_gap(rows, decl):
            note = f"{note} Where a line breaks, the data has no figure for the weeks between.".strip()
        html = dict(anchor=anchor, files=files, static=static, title=title, subtitle=subtitle, source_line=source_line,
                    note=note, alt_text=alt_text, table=self._table(rows, decl), as_of=as_of,
                    weeks=weeks_shown(rows), slot=explore.slot_html(controls))
        return {"html": html, "card": card_picture(spec, title, subtitle, source_line), "alt": alt_text, "complete": self._complete}

    def social_card(self, card: dict, name: str) -> str:
        """Render a social card picture (only lead charts need one); returns its path in the site.
        Pages without a chart of their own share the home page's: fitted once a build."""
        if name not in self._cards:
            picture = pictures.Picture("png", card, ("size", CARD_WIDTH, CARD_HEIGHT), scale=1)
            self._cards[name] = self._picture(f"assets/social/{slug(name)}.png", picture)[0]
        return self._cards[name]

    def _with_links(self, rows: pd.DataFrame, decl: ChartDecl) -> pd.DataFrame:
        """A bar chart of labs or models gets each bar's page (from the site's root) in chartdecl.LINK."""
        if self.linker is None or decl.mark != "bar" or decl.y not in LINKED or LINKED[decl.y] not in rows.columns:
            return rows
        root = replace(self.linker, base="")
        target = root.lab if decl.y == "lab" else root.model
        links = [target(v) for v in rows[LINKED[decl.y]]]
        return rows.assign(**{chartdecl.LINK: links}) if any(links) else rows

    def _table(self, rows: pd.DataFrame, decl: ChartDecl) -> str:
        fx = decl.field(decl.x)
        if decl.mark in ("line", "area") and fx.type == "temporal" and decl.color:
            table, fields = wide(rows, decl.x, chartdecl.series_column(rows, decl), decl.y, decl.field(decl.y), fx)
            return html_table(table, list(table.columns), fields=fields)
        columns = [c for c in dict.fromkeys([decl.y, decl.color, decl.x, *decl.tooltip]) if c]
        links = replace(self.linker, base=BASE).cells() if self.linker else {}
        links = {c: link for c, link in links.items() if c in columns and LINKED[c] in rows.columns}
        return html_table(rows, columns, fields={c: decl.field(c) for c in columns}, links=links)


def _with_pictures_drawn(entry: tuple) -> tuple:
    """A figure made while its pictures were left to the worker or the pool, with those drawn since (the
    render cache's): their files added and their sizes in the page, as a figure made now would have them.
    Nothing else of it depends on the pictures."""
    key, (parts, files, deferred) = entry
    drawn = {path: data for path, picture in deferred.items() if (data := pictures.get(picture))}
    if not drawn:
        return entry
    static = {
        which: (path, render.svg_size(drawn[path]) if path in drawn and path.endswith(".svg") else size)
        for which, (path, size) in parts["html"]["static"].items()
    }
    waiting = {path: picture for path, picture in deferred.items() if path not in drawn}
    parts = dict(parts, html=dict(parts["html"], static=static), complete=not waiting)
    return key, (parts, {**files, **drawn}, waiting)
