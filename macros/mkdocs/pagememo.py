"""The preview's memo of whole pages: in `mkdocs serve`, a page whose inputs did not change since the
last rebuild is not rendered again.

MkDocs renders every page on every save (`--dirty` would take every generated page, a lab's, a
model's, a week's, for changed each time), so after one sentence of one page changes, a hundred and
fifty pages would run their macros and Markdown again for the same HTML. Here a page rendered with no
mistake is kept with what rendering it did to the build: its claims, its charts, its finding and the
files it added (publish/outputs.py), among them the pictures left to the worker, whose sizes the page
holds as placeholders (publish/drawpool.py), filled once the worker has drawn them. While its
key holds, the next rebuild hands MkDocs an empty page to convert, then puts the kept HTML, table of
contents and title back and replays those effects, as if the page had been rendered.

The key is the page's own source and front matter, and all a page may read beside it: the data
(every dataset's fingerprint, sources.yml), our code, mkdocs.yml, the list of the site's pages and
the charts with an embed page. The page as the theme made it is kept likewise (`finished`), keyed
on the theme's HTML, the page's "Data through" line, link-preview card and description, and the
claims of the whole site where it lists them, and so are its search entries (`keep_search_entries`). `mkdocs build` uses none of them: a build
renders every page.

After an edit of the data (or of mkdocs.yml; an edit of our code reloads the package, and these
memos with it), every page's key changes. The pages open in a browser (mkdocs/openpages.py) and the
pages whose own source changed are rendered at once; every other page that has a kept render is put
back as it was (`later`), to be rendered by a second rebuild once the browsers have reloaded, which
renders every page whose key changed. Until it ends, a page opened elsewhere may show the numbers
of before the edit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from macros.core import cache, memo
from macros.pages import weekly
from macros.pages.claims import PLACEHOLDER
from macros.publish import pictures, render

_RENDERED = memo.table("preview: pages rendered")  # src_uri -> Rendered
_FINISHED = memo.table("preview: pages finished")  # src_uri -> (key, html)
_BUILD = memo.table("preview: this rebuild")  # "site" -> key; "keys": src_uri -> key; "hits": src_uri -> Rendered
_OWED = memo.table("preview: pages left for the next rebuild")  # "pages" -> src_uris the last rebuild put back old


@dataclass(frozen=True)
class Rendered:
    key: str
    own: str  # the part of the key that is the page's own: its source, front matter and address
    content: str
    toc: object
    title: str | None
    anchors: object
    links: object
    claims: tuple
    charts: tuple
    finding: str | None
    files: dict  # site path -> bytes, or the Picture left to the worker (its size a placeholder in `content`)


def start(build, files, config, code_stamp, open_urls: set[str] | None = None) -> None:
    """A new rebuild (on_files): the key of what every page may read beside its own source. Given the
    pages open in a browser (`open_urls`), other pages may be left for a second rebuild (`later`);
    never in the rebuild that follows one that left some: it renders every page whose key changed."""
    _BUILD.clear()
    catching_up = bool(_OWED.pop("pages", None))
    if build is None or not build.serving or build.fatal or build.catalog is None:
        return
    _BUILD["shown"] = None if open_urls is None else set(open_urls)
    _BUILD["later"], _BUILD["catching_up"] = set(), catching_up
    cat = build.catalog
    config_file = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    pages = sorted(f.src_uri for f in files.documentation_pages())
    _BUILD["site"] = cache.digest(code_stamp, config_file, cat.fingerprints(), cat.sources_fingerprint, pages, build.embedded)
    _BUILD["frame"] = cache.digest(code_stamp, config_file, config.site_url, pages)  # what finishing a page reads beside it
    _BUILD["keys"], _BUILD["hits"] = {}, {}


def before_render(markdown: str, page) -> str:
    """The page's Markdown, or nothing to convert when its kept render still holds (see `after_render`)."""
    site = _BUILD.get("site")
    if site is None:
        return markdown
    uri = page.file.src_uri
    own = cache.digest(uri, page.url, markdown, _front_matter(page))
    key = cache.digest(site, own)
    kept = _RENDERED.get(uri)
    if kept is not None and kept.key == key:
        _BUILD["hits"][uri] = kept
        cache.note("page:kept")
        return ""
    shown = _BUILD["shown"]
    if kept is not None and kept.own == own and not _BUILD["catching_up"] and shown is not None and page.url not in shown:
        _BUILD["hits"][uri] = kept  # only the data or the code changed, and no browser shows the page
        _BUILD["later"].add(uri)
        cache.note("page:later")
        return ""
    _BUILD["keys"][uri] = key, own
    return markdown


def leaves_pages() -> bool:
    """Whether this rebuild put back pages as they were (the data package may then wait too)."""
    return bool(_BUILD.get("later"))


def later() -> int:
    """How many pages this rebuild put back as they were: a second rebuild must follow (see `start`)."""
    owed = _BUILD.get("later")
    if owed:
        _OWED["pages"] = set(owed)
    return len(owed or ())


def _front_matter(page) -> list:
    return sorted(page.meta.items(), key=lambda kv: str(kv[0]))


def replayed(page, build) -> str | None:
    """The kept HTML of a page `before_render` emptied, its effects on the build replayed; else None."""
    kept = _BUILD.get("hits", {}).get(page.file.src_uri)
    if kept is None:
        return None
    src = build.page
    old = page.file.src_uri in _BUILD["later"]  # a file a page rendered now also adds is theirs
    build.claims.extend(kept.claims)
    if kept.charts:
        build.charts_by_page[src] = list(kept.charts)
    if kept.finding is not None:
        build.findings.setdefault(src, kept.finding)
    files = {}
    for path, data in kept.files.items():
        if old and path in build.outputs.files:
            files[path] = data
            continue
        if isinstance(data, pictures.Picture):  # left to the worker when the page was kept: drawn since?
            data = pictures.drawn(path, data) or pictures.get(data) or data
        if isinstance(data, bytes):
            (build.outputs.add_old if old else build.outputs.add)(path, data)
            if path.endswith(".svg"):  # the page's placeholder for its size is filled after the theme
                build.sizes[path] = render.svg_size(data)
        else:
            build.outputs.defer(path, data)
        files[path] = data
    _RENDERED[page.file.src_uri] = replace(kept, files=files)  # what the worker drew is looked up once
    page.toc, page._title_from_render = kept.toc, kept.title
    page.present_anchor_ids, page.links_to_anchors = kept.anchors, kept.links
    return kept.content


def after_render(page, html: str, build) -> None:
    """Keep a page just rendered, with its effects on the build (not one with a mistake: it is rendered again)."""
    uri = page.file.src_uri
    key, own = _BUILD.get("keys", {}).pop(uri, (None, None))
    if key is None:
        return
    src = f"docs/{page.file.src_path}"
    if any(e.page == src for e in build.errors.errors):
        _RENDERED.pop(uri, None)
        return
    files = build.outputs.by_page.get(src, {})
    _RENDERED[uri] = Rendered(
        key, own, html, page.toc, page._title_from_render, page.present_anchor_ids, page.links_to_anchors,
        tuple(c for c in build.claims if c.page == src), tuple(build.charts_by_page.get(src, ())),
        build.findings.get(src), dict(files))


def finished(output: str, page, build, finish: Callable[[], str]) -> str:
    """The page as our hooks finish it after the theme (`finish()`), or as they did last time for the same input."""
    site = _BUILD.get("site")
    if site is None:
        return finish()
    kept = _FINISHED.get(page.file.src_uri)
    if kept is not None and page.file.src_uri in _BUILD["later"]:  # put back as it was: finished as it was
        cache.note("page:finished later")
        return kept[1]
    if "claims" not in _BUILD:  # every page has been read: the same for all
        # all the claims list shows: after a data edit, the first rebuild lists the old claims of the pages it put back
        _BUILD["claims"] = cache.digest([(c.text, c.holds, repr(c.left), c.op, repr(c.right), c.page, c.url, c.line, c.anchor)
                                         for c in build.claims])
    card = build.social_card(page.file.src_path)  # its picture among this rebuild's files, hit or not
    # the data reach a finished page through its "Data through" line, its card and description, and
    # the claims lists (pages/claims.py, pages/weekly.py) only: a data edit finishes no other page again
    lists = PLACEHOLDER in output or weekly.marks_claims(output)
    key = cache.digest(_BUILD["frame"], page.url, output, card, build.page_finding(page.file.src_path),
                       build.freshness_line(page.file.src_uri), build.freshness_meta(), (site, _BUILD["claims"]) if lists else None)
    if kept is not None and kept[0] == key:
        cache.note("page:finished kept")
        return kept[1]
    html = finish()
    _FINISHED[page.file.src_uri] = (key, html)
    if page.url in (_BUILD.get("shown") or ()) and (kept is None or kept[1] != html):
        _BUILD["shown changed"] = True
    return html


def reload_needed() -> bool:
    """Whether browsers must reload after this rebuild: not after the second rebuild of an edit (see
    `start`) when every page open in a browser came out as the first made it."""
    return not _BUILD.get("catching_up") or _BUILD.get("shown") is None or _BUILD.get("shown changed", False)


_SEARCH = memo.table("preview: search entries")  # page url -> (key, the entries Material's search gave it)


def keep_search_entries() -> None:
    """In `mkdocs serve` (from on_startup): Material's search plugin parses every page's HTML again on each
    rebuild, a third of a rebuild after a text edit; a page whose HTML, address, title, table of
    contents and front matter are unchanged gets the entries it got last time."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:
        return
    if getattr(SearchIndex.add_entry_from_context, "kept", False):
        return
    index_page = SearchIndex.add_entry_from_context

    def add_entry_from_context(self, page):
        key = cache.digest(page.title, _front_matter(page), str(page.toc),
                           hashlib.sha256((page.content or "").encode("utf-8")).hexdigest())
        kept = _SEARCH.get(page.url)
        if kept is not None and kept[0] == key:
            self.entries.extend(dict(entry) for entry in kept[1])
            return
        start = len(self.entries)
        index_page(self, page)
        _SEARCH[page.url] = (key, [dict(entry) for entry in self.entries[start:]])

    add_entry_from_context.kept = True
    SearchIndex.add_entry_from_context = add_entry_from_context
