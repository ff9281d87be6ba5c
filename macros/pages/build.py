"""One build of the site, independent of MkDocs: data, outputs and mistakes.

The MkDocs adapter (`__init__.py` and `mkdocs/hooks.py`) starts a `Build` per build,
calls macros through `Build.call` (which turns an editor's mistake into a
recorded error with its page and line, never a traceback in a page), and asks
at the end whether the build may be published.
"""

from __future__ import annotations

import functools
import logging
import re
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Callable

from macros.pages import archive, columndoc, embed, freshness, labs, macrodoc, models, weekly
from macros.core import cache, memo
from macros.core import options as build_options
from macros.core import timing
from macros.core.options import BuildOptions
from macros.pages.claims import anchor_for, listing
from macros.data.catalog import Catalog
from macros.publish.cite import CiteContext
from macros.publish.figure import ChartRenderer
from macros.publish.outputs import Outputs
from macros.publish import drawpool, fonts, package, render
from macros.core.errors import ErrorLog, MacroError, template_line
from macros.pages.mistakes import DATA_MISTAKE, data_failure, error_box
from macros.data.yamlread import SchemaError
from macros.data.problems import DataError

log = logging.getLogger("mkdocs.plugins.tokenshare")

_CURRENT: "Build | None" = None
_GENERATED = memo.table("generated pages")  # "pages" -> (the data they were made from, path -> Markdown)


STASHED = ("chart", "table", "site_citation")  # macros whose HTML (blocks with no heading) skips Markdown
_STASHED_KEY = re.compile(r"<!--tokenshare-block-\d+-->")


class Build:
    """One build. `options` are those its entry point made (default: the active ones, see
    core/options.py); `data_dir`, if given, replaces theirs."""

    def __init__(self, data_dir: Path | None = None, options: BuildOptions | None = None):
        options = options or build_options.active()
        if data_dir is not None:
            options = options.replace(data_dir=Path(data_dir))
        self.options = options
        self.started = time.time()  # what the cache holds from before this may be pruned (core/prune.py)
        self.errors = ErrorLog()
        self.outputs = Outputs()
        self.fatal: str | None = None
        self.data_problems: list[str] = []  # why the data did not validate, each problem once
        self.page: str = ""
        self.page_url: str = ""
        self.line_offset = 0
        self.charts_by_page: dict[str, list] = {}  # page -> [(chart name, RenderedChart)]
        self.claims: list = []  # every claims.Claim of the build, with its page and line
        self.stashed: dict[str, str] = {}  # placeholder -> the HTML it stands for (see _stash)
        self.sizes: dict[str, tuple[int, int]] = {}  # picture drawn by the pool -> its size (see draw_pictures)
        self._drawn_with: dict[str, set[str]] = {}  # picture drawn by the pool -> the cache entries it used
        try:
            self.catalog = Catalog(options.data_dir).require_valid()
        except (DataError, SchemaError) as exc:
            self.catalog = None
            self.data_problems = [str(p) for p in exc.problems]
            self.fatal = data_failure(self.data_problems, options.serving)
        self.lab_pages: dict[str, str] = labs.pages(self.catalog) if self.catalog else {}
        self.model_pages: dict[str, str] = models.pages(self.catalog) if self.catalog else {}
        if options.model_pages == "sample":  # a test build's (core/options.py): links go to these only
            self.model_pages = models.sample(self.model_pages)
        self.week_pages: list[str] = weekly.pages(self.catalog) if self.catalog else []  # newest first
        self.archive_weeks: dict[str, str] = {w: w for w in archive.weeks(self.catalog)} if self.catalog else {}
        self.generated: set[str] = set()  # "docs/..." of the generated pages (see generated_pages)
        self.site_name, self.site_url = "", ""  # set from the site's configuration (mkdocs.yml) for the Cite
        links = labs.Linker(self.lab_pages, "", self.model_pages)
        self.renderer = ChartRenderer(self.catalog, self.outputs, links) if self.catalog else None
        # What each page's first chart finds (chart() or a generated page's): its card's description. The card's
        # picture is drawn for the hand-written pages' lead charts only (charts_by_page): one PNG a page would
        # add a hundred and fifty to the build.
        self.findings: dict[str, str] = {}
        if self.renderer:
            self.renderer.on_figure = lambda name, rendered: self.findings.setdefault(self.page, rendered.alt)
        self.macros: dict = {}  # name -> function, for the reference page
        self.embedded: tuple[str, ...] = ()  # the named charts with an embed page (pages/embed.py)
        # In `mkdocs serve` a mistake is shown in the page and the server goes on;
        # in a build it fails the build.
        self.serving = options.serving

    # --- the page being rendered ----------------------------------------------------

    def start_page(self, src_path: str, url: str, source: str, markdown: str) -> None:
        """Note the page now rendering; `source` is the file, `markdown` what Jinja sees."""
        drawpool.harvest(self.outputs.deferred, self._take_drawn)  # drawn so far: written now, not held till the end
        drawpool.send(self.outputs.deferred)  # the pages before this one are read: their pictures can be drawn
        self.page = self.outputs.page = f"docs/{src_path}"
        self.page_url = url
        index = source.find(markdown[:200]) if markdown else -1
        self.line_offset = source[:index].count("\n") if index > 0 else 0
        if self.renderer is not None:
            self.renderer.cite = self.cite()

    @property
    def base(self) -> str:
        """The relative path from the current page to the site root."""
        return "../" * self.page_url.count("/")

    @property
    def linker(self) -> "labs.Linker":
        return labs.Linker(self.lab_pages, self.base, self.model_pages)

    def generated_pages(self, docs_dir: Path | None = None) -> dict[str, str]:
        """Pages nobody writes: docs path -> Markdown (one per lab, one per model, one per full week, one per
        archived week, one per chart named in the pages of `docs_dir` to embed, the macro reference and its columns)."""
        key = (self.catalog.data_dir, self.catalog.fingerprints(), self.catalog.sources_fingerprint,
               sorted(self.macros), self.options.model_pages) if self.catalog else None
        kept = _GENERATED.get("pages")
        if kept is None or kept[0] != key:  # made again when the data change (`mkdocs serve`: not on a text edit)
            kept = _GENERATED["pages"] = (key, self._pages_from_data())
        pages = dict(kept[1])
        self.embedded = tuple(embed.named_in(docs_dir)) if docs_dir and self.catalog else ()
        pages.update(embed.pages(self.embedded))
        self.generated = {f"docs/{src}" for src in pages}  # TOKENSHARE_PICTURES=sample draws few of theirs
        return pages

    def _pages_from_data(self) -> dict[str, str]:
        pages = {f"{labs.FOLDER}/{page}.md": labs.source(self.catalog, slug) for slug, page in self.lab_pages.items()}
        pages.update({f"{models.FOLDER}/{path}.md": models.source(self.catalog, slug) for slug, path in self.model_pages.items()})
        pages.update({f"{weekly.FOLDER}/{week}.md": weekly.source(self.catalog, week) for week in self.week_pages})
        pages.update(archive.pages(self.catalog) if self.catalog else {})
        pages["reference.md"] = macrodoc.page(self.macros)
        pages["columns.md"] = columndoc.page(self.catalog)
        return pages

    def cite(self) -> CiteContext:
        """What a chart's "Cite" on the current page needs: its address and the archived weeks."""
        return CiteContext(self.site_name, self.site_url, self.page_url, tuple(self.archive_weeks), archive.FOLDER)

    def line(self, template_line_no: int | None) -> int | None:
        return None if template_line_no is None else template_line_no + self.line_offset

    # --- calling macros -------------------------------------------------------------

    def call(self, macro: str, fn: Callable[[], str]) -> str:
        if self.fatal:
            return ""
        try:
            with timing.stage("chart"), cache.scope():  # scope: the pictures a figure is made with
                html = fn()
            return self._stash(html) if macro in STASHED else html
        except MacroError as exc:
            self.errors.add(self.page, self.line(template_line()), macro, exc.describe())
        except Exception as exc:  # a bug, not the editor's mistake: keep the trace for developers
            log.debug(traceback.format_exc())
            self.errors.add(self.page, self.line(template_line()), macro, f"internal error ({type(exc).__name__}: {exc})")
        return error_box([str(self.errors.errors[-1])]) if self.serving else ""

    def page_replacement(self, problems: list[str] | None = None) -> str:
        """The Markdown of a page that cannot be rendered: its template is broken (`problems`), or the data is."""
        if not self.serving:
            return ""
        return error_box(problems) if problems is not None else error_box(self.data_problems, DATA_MISTAKE)

    def add_claim(self, claim):
        """Note where a checked claim is made; returns it with its page, line and anchor."""
        taken = {c.anchor for c in self.claims if c.page == self.page}
        placed = replace(claim, page=self.page, url=self.page_url, line=self.line(template_line()),
                         anchor=anchor_for(claim.text, taken))
        self.claims.append(placed)
        return placed

    def _stash(self, html: str) -> str:
        """A placeholder for a block of finished HTML, put back by `unstash` once MkDocs has turned the
        page's Markdown into HTML: Markdown's HTML parser need not read every cell of every table."""
        key = f"<!--tokenshare-block-{len(self.stashed)}-->"
        self.stashed[key] = html
        return key

    def unstash(self, html: str) -> str:
        return _STASHED_KEY.sub(lambda m: self.stashed.get(m.group(0), m.group(0)), html) if self.stashed else html

    def record(self, line: int | None, message: str, macro: str = "") -> None:
        """Record a mistake found before rendering (syntax, unknown names)."""
        self.errors.add(self.page, self.line(line), macro, message)

    # --- after every page has been read -------------------------------------------

    def social_card(self, src_path: str, home: str = "index.md") -> tuple[str, str] | None:
        """(picture path in the site, its alt text) for a page: its lead chart, else the home page's."""
        for page in (f"docs/{src_path}", f"docs/{home}"):
            charts = self.charts_by_page.get(page)
            if charts and self.renderer:
                name, rendered = charts[0]
                return self.renderer.social_card(rendered.card, name), rendered.alt
        return None

    def page_finding(self, src_path: str) -> str | None:
        """What a page's lead chart finds, in words (its text alternative): the page's link-preview
        description. None for a page without a chart of its own."""
        return self.findings.get(f"docs/{src_path}")

    def draw_pictures(self, src_paths: list[str]) -> None:
        """Every page read, none written yet: draw the pictures the render cache lacked, all at once
        (publish/drawpool.py), the social cards of `src_paths` (the site's pages) included. A test build
        with some pictures (TOKENSHARE_PICTURES=sample) drops the others, and one with none deferred none
        (publish/picturespecs.py): its pages name pictures it never writes."""
        if self.renderer is None or not self.options.pool_pictures:
            return
        self.outputs.page = ""  # the cards: of the hand-written pages' lead charts
        for src_path in src_paths:
            self.social_card(src_path)
        if self.options.pictures == "sample":
            self.outputs.deferred = drawpool.sample(self.outputs.deferred, self.outputs.shown_on, self.outputs.showing(), self.generated)
        drawpool.draw(dict(self.outputs.deferred), self._take_drawn)
        self.renderer.settle(self._drawn_with)

    def _take_drawn(self, path: str, data: bytes, used: set[str]) -> None:
        """A picture the pool drew: into the site, its size for the pages that show it, and the cache entries
        it was drawn with for the figure it completes (renderer.settle)."""
        self.outputs.add(path, data, page="")  # for no page in particular: its figure's pages were read
        if path.endswith(".svg"):
            self.sizes[path] = render.svg_size(data)
        self._drawn_with[path] = used

    def sized(self, html: str) -> str:
        """A page with the sizes of the pictures drawn after it was read (none yet in make serve)."""
        return drawpool.sized(html, self.sizes)

    def freshness_line(self, src_uri: str = "") -> str:
        """The "Data through ..." line under every page's title ("" without daily rows); an archived
        week's page says instead the day its data stops."""
        week = archive.week_of(src_uri, self.archive_weeks)
        return freshness.archived_html(archive.last_day(week)) if week else self._fresh_html[0]

    def freshness_meta(self) -> str:
        return self._fresh_html[1]  # the day the data runs through, for the head's script

    @functools.cached_property
    def _fresh_html(self) -> tuple[str, str]:
        fresh = freshness.of_catalog(self.catalog) if self.catalog and not self.fatal else None
        return (freshness.line_html(fresh), freshness.meta_html(fresh)) if fresh else ("", "")

    def claims_listing(self, page_url: str) -> str:
        return listing(self.claims, "../" * page_url.count("/"))

    def week_claims(self, html: str, page_url: str) -> str:
        """A briefing with the claims that changed status that week filled in (every page has been read by now)."""
        if not self.catalog or self.fatal:
            return html
        return weekly.fill_claims(html, self.catalog, self.claims, "../" * page_url.count("/"))

    def add_feed(self, site_url: str, site_name: str) -> None:
        """The Atom feed of the weekly briefings, among the files the build writes."""
        from macros.pages import feed

        self.outputs.add(feed.PATH, feed.atom(self.catalog, site_url, site_name))

    # --- the end of the build -------------------------------------------------------

    def add_package(self, as_before: bool = False) -> None:
        """The data package beside the CSVs the data page published, the JSON of every dataset, and
        the charts' font the stylesheet names (publish/fonts.py); `as_before`: see package.add."""
        if self.catalog is not None and not self.fatal:
            package.add(self.catalog, self.outputs, as_before)
        for path, data in fonts.web_fonts(self.options.cache_dir).items():
            self.outputs.add(path, data)

    def failure(self) -> str | None:
        """Why this build must not be published, or None."""
        if self.fatal:
            return self.fatal
        if self.errors.errors:
            return self.errors.report()
        return None


def start(data_dir: Path | None = None, options: BuildOptions | None = None) -> Build:
    """A new build (the MkDocs adapter's options unless given others); what the last one used is forgotten."""
    global _CURRENT
    timing.reset()
    cache.forget_uses()
    _CURRENT = Build(data_dir, options)
    return _CURRENT


def current() -> Build | None:
    return _CURRENT
