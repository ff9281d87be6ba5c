"""MkDocs events (loaded through `hooks:` in mkdocs.yml): the build's gatekeeper.

- on_config: reload our package when its code changed, so `mkdocs serve`
  picks up edits to macros/ without a restart; refuse a key given twice in
  mkdocs.yml; date the build by the data's latest "as of"
  (SOURCE_DATE_EPOCH), not the clock, unless the caller set it.
- on_serve: note the pages open in a browser; a data edit renders them first (see openpages.py).
- on_startup: make the build's options (core/options.py), once: the only place a build reads the
  environment (TOKENSHARE_*), and whether this is `mkdocs serve`, which shows mistakes in the pages and
  keeps serving instead of failing, and leaves pictures not drawn yet to a worker process.
- on_pre_build: stop at once when the data does not validate.
- on_files: add the pages generated from the data (labs, models, weeks, archived weeks, charts' embed
  pages, the editors' reference and columns); with invalid data, only stand-ins for the guide's links.
  A build (not serve) writes each chart's files into the emptied site as they are made (publish/outputs.py).
- on_env: every page read, none written: fail the build if any page had a mistake, listing them all;
  else draw the pictures missing (publish/drawpool.py). on_build_error cancels those started and takes
  the files streamed back out.
- on_page_content: put back the chart and table HTML kept out of Markdown's way, and fail the
  build for what a page's HTML holds that the CSP would silently block (scripts, inline handlers, ...).
- on_post_page, on_post_template: the "Data through" line under each page's
  title (see pages/freshness.py; after the search index has read the page),
  accessible names Material leaves out, social card tags, the feed's <link>, and the Content
  Security Policy (see mkdocs/csp.py) of every page.
- on_post_build: write the files still held (serve), the data package and the Atom feed into the
  site; after a build (not a serve rebuild, nor one without pictures), prune what the cache did not use.
"""

from __future__ import annotations

import logging
import os
import sys
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.tokenshare")
ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "macros"
STAMP = "_tokenshare_code_stamp"  # kept on the package: MkDocs re-imports this file every rebuild
# The BuildOptions of this process, made once (on_startup, else the first on_config). This module
# lives as long as the process (MkDocs loads a hook file once), across reloads of the package.
_OPTIONS: list = []
_SERVER: list = []  # in `mkdocs serve`: its LiveReloadServer (on_serve)


def _importable() -> None:
    """Put the project on sys.path (MkDocs restores sys.path after loading this file)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def _code_stamp() -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in (ROOT / PACKAGE).rglob("*.py")))


def on_startup(command, dirty):
    """The build's options, from the environment: `mkdocs serve` shows mistakes in the pages (a build fails
    on them), writes disk cache entries after each rebuild, leaves pictures to a worker (publish/pictures.py)."""
    _importable()
    _make_options(serving=command == "serve")
    from macros.mkdocs import gitinfo, pagememo

    gitinfo.make_lazy()
    if command == "serve":
        pagememo.keep_search_entries()  # the search index of the pages a rebuild kept


def on_serve(server, config, builder):
    """Note the pages open in a browser: a data edit renders them first (mkdocs/openpages.py)."""
    from macros.mkdocs import openpages

    openpages.watch(server)
    _SERVER[:] = [server]
    return server


def _make_options(serving: bool) -> None:
    from macros.core.options import from_environment
    _OPTIONS[:] = [from_environment(os.environ, serving=serving)]


def _options():
    """This process's options as the (maybe just reloaded) package's own BuildOptions, made active."""
    from dataclasses import asdict
    from macros.core import options

    if not _OPTIONS:  # MkDocs run without its command line (on_startup is for its CLI)
        _make_options(serving=False)
    if type(_OPTIONS[0]) is not options.BuildOptions:  # the package was reloaded: same values, its class
        _OPTIONS[0] = options.BuildOptions(**asdict(_OPTIONS[0]))
    return options.activate(_OPTIONS[0])


@event_priority(100)  # before mkdocs-macros imports the package for this build
def on_config(config):
    loaded = sys.modules.get(PACKAGE)
    if loaded is not None and getattr(loaded, STAMP, None) != _code_stamp():
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
    _importable()
    build_options = _options()
    _check_config_file(config)
    from macros.mkdocs.builddate import date_by_data
    date_by_data(build_options.data_dir)
    return config


def _check_config_file(config) -> None:
    """Stop on a key given twice in mkdocs.yml, which MkDocs would let the last one win."""
    from macros.data.yamlread import SchemaError, check_config_keys

    if config.config_file_path:
        try:
            check_config_keys(Path(config.config_file_path))
        except SchemaError as exc:
            raise PluginError(str(exc)) from None


def _build():
    from macros.pages import build as site  # imported late: on_config may just have reloaded it

    return site.current()


def on_pre_build(config):
    setattr(sys.modules[PACKAGE], STAMP, _code_stamp())
    build = _build()
    if build is not None and build.fatal and not build.serving:
        raise PluginError(build.fatal)
    if build is not None and build.serving:  # before MkDocs empties the site: what the picture worker drew
        from macros.publish import pictures

        pictures.read_drawn(Path(config["site_dir"]))  # and stops the worker: it would draw into the emptied site


# Generated for editors (path -> title), beside the guide (not fixture sites).
EDITOR_PAGES = {"reference.md": "Macro reference", "columns.md": "Columns"}


def _has_guide(config) -> bool:
    """Editors' pages (guide, reference, columns) are out of the readers' menu: the footer links the guide."""
    return (Path(config["docs_dir"]) / "guide.md").is_file()


def on_files(files, config):
    """Add the pages generated from the data; they exist only in the build."""
    from mkdocs.structure.files import File

    build = _build()
    if build is None:
        return files
    if not build.serving:  # MkDocs has emptied the site: files go there as they are made, not held till the end
        build.outputs.stream(Path(config["site_dir"]))
    # With data that does not validate (a preview: a build has stopped), no page is generated, but the guide
    # still links the editors' pages: stand-ins show the data's problems there, not MkDocs' "not found".
    pages = {uri: f"# {title}\n" for uri, title in EDITOR_PAGES.items()} if build.fatal else build.generated_pages(Path(config["docs_dir"]))
    for src_uri, markdown in pages.items():
        if src_uri in EDITOR_PAGES and not _has_guide(config):
            continue  # only a site with an editor's guide gets the reference (not fixture sites)
        if files.get_file_from_path(src_uri) is None:  # a hand-written page of the same name wins
            files.append(File.generated(config, src_uri, content=markdown))
    from macros.mkdocs import openpages, pagememo

    pagememo.start(build, files, config, _code_stamp(), openpages.shown(_SERVER[0] if _SERVER else None))
    return files


@event_priority(100)  # before mkdocs-macros renders it
def on_page_markdown(markdown, page, config, files):
    from macros.mkdocs import pagememo

    return pagememo.before_render(markdown, page)  # nothing to render when the preview kept the page


def on_env(env, config, files):
    from macros.mkdocs import templatecache
    from macros.pages import embed

    build = _build()
    failure = build.failure() if build else "the macros did not load"
    if failure and build is not None and build.serving:
        log.warning(failure)  # the preview shows each mistake in its page; the server goes on
    elif failure:
        raise PluginError(failure)
    try:  # every page read, none written: the pictures the cache lacks, drawn on every core (not in serve)
        build and not build.serving and build.draw_pictures([f.src_path for f in files.documentation_pages()])
    except RuntimeError as exc:
        raise PluginError(str(exc)) from None
    templatecache.attach(env)  # the theme's templates compiled once per process, not once per rebuild
    embed.attach(env)  # the embed pages' template (pages/embed.py)
    return env


def on_build_error(error):
    from macros.publish import drawpool
    drawpool.abandon()  # a failed build waits for none of the pictures it started drawing
    if (build := _build()) is not None:
        build.outputs.discard()  # and leaves none of its files in the site


def on_page_content(html, page, config, files):
    """Put back the chart and table HTML the macros left placeholders for (see site.Build._stash),
    then fail the build for what the page holds that the Content Security Policy would block."""
    from macros.mkdocs import csp, pagememo, searchtext

    build = _build()
    if build is None:
        return html
    if (kept := pagememo.replayed(page, build)) is not None:
        return kept
    html = build.unstash(html)
    source = getattr(page.file, "content_string", "") or ""
    for line, message in csp.page_problems(html, source):
        build.errors.add(f"docs/{page.file.src_path}", line, "", message)
    html = searchtext.spaced_cells(html)  # before the search plugin reads the page
    pagememo.after_render(page, html, build)
    return html


def on_post_page(output, page, config):
    from macros.mkdocs import pagememo

    build = _build()
    output = build.sized(output) if build else output  # the sizes of pictures drawn since the page was read
    finish = lambda: _csp(_post_page(output, page, config), page.content or "")  # noqa: E731
    return pagememo.finished(output, page, build, finish) if build else finish()


def on_post_template(output_content, template_name, config):
    if template_name == "404.html" and _build():  # served at any depth: its addresses start at the site's root
        output_content = _head(output_content, urlsplit(config.get("site_url") or "/").path or "/", config)
    return _csp(output_content) if template_name.endswith(".html") else output_content


def _csp(html: str, content: str = "") -> str:
    from macros.mkdocs import csp
    return csp.add_policy(html, content)


def _post_page(output, page, config):
    from macros.pages import freshness
    from macros.mkdocs import headtags

    build = _build()
    html = headtags.accessibility(output)
    if build:  # every page, hand-written or generated, in one place
        html = freshness.insert(html, build.freshness_line(page.file.src_uri))
    from macros.pages.claims import PLACEHOLDER
    if build and PLACEHOLDER in html:  # every page has been read by now: list their claims
        html = html.replace(PLACEHOLDER, build.claims_listing(page.url))
    if build:
        html = build.week_claims(html, page.url)  # a briefing's claims that changed status, likewise
        html = _head(html, "../" * page.url.count("/"), config)
    if _has_guide(config):
        html = headtags.editors_link(html, "../" * page.url.count("/") + "guide/")
    card = build.social_card(page.file.src_path) if build else None
    site_url = config.get("site_url") or ""
    image = urljoin(site_url, card[0]) if card and site_url else None
    title = page.title if page.is_homepage else f"{page.title} · {config['site_name']}"
    return headtags.social_tags(  # titles and descriptions reach the theme as HTML (see labpages): as text here
        html,
        site_name=config["site_name"],
        title=unescape(title),
        description=unescape((build and build.page_finding(page.file.src_path)) or page.meta.get("description") or config.get("site_description") or ""),
        url=page.canonical_url or "",
        image=image,
        image_alt=card[1] if card else "",
    )


def _head(html: str, base: str, config) -> str:
    """The feed's <link> and the head's scripts (the theme's bundle among them, run on demand)."""
    from macros.mkdocs import headtags
    from macros.pages.feed import head_link
    html = headtags.feed_link(html, head_link(base, config["site_name"]))
    return headtags.head_scripts(html, base, _build().freshness_meta())


def on_post_build(config):
    from macros.core import prune, timing
    from macros.mkdocs import pagememo

    build = _build()
    if build is not None:
        with timing.stage("write"):
            if build.catalog is not None and not build.fatal:
                build.add_feed(config.get("site_url") or "", config["site_name"])
            build.add_package(as_before=pagememo.leaves_pages())  # with the pages put back, until the second rebuild
            build.outputs.write(Path(config["site_dir"]))
        if not build.serving and build.options.pictures == "on" and build.failure() is None:  # whole: keep what it used
            prune.prune(build.options, build.started, Path(config.config_file_path or "mkdocs.yml"))
        if build.serving and _SERVER:  # the pages a rebuild left for the next (mkdocs/openpages.py)
            from macros.mkdocs import openpages

            openpages.after_rebuild(_SERVER[0], log)
    timing.report(_OPTIONS[0].timings_file if _OPTIONS else None)  # debug log; a JSON file only if asked for
