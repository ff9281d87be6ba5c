"""MkDocs events (loaded through `hooks:` in mkdocs.yml): the build's gatekeeper.

- on_startup: in `mkdocs serve`, pictures not drawn yet are left to a worker
  process that draws them straight after each rebuild (macros/pictures.py).
- on_config: reload our package when its code changed, so `mkdocs serve`
  picks up edits to macros/ without a restart; date the build by the data's
  latest "as of" (SOURCE_DATE_EPOCH), not the clock, unless the caller set it.
- on_pre_build: stop at once when the data does not validate.
- on_env: after every page has been read and before any is written, fail the
  build if any page had a mistake, listing them all.
- on_post_page: accessible names Material leaves out, social card tags.
- on_post_build: write the charts' files and the downloads into the site.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "macros"
STAMP = "_tokenshare_code_stamp"  # kept on the package: MkDocs re-imports this file every rebuild
OURS = "TOKENSHARE_SOURCE_DATE_EPOCH"  # the SOURCE_DATE_EPOCH we set, told apart from one the caller set


def _code_stamp() -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in (ROOT / PACKAGE).rglob("*.py")))


def on_startup(command, dirty):
    """`mkdocs serve`: pictures not cached yet are drawn after each rebuild, by a worker (macros/pictures.py)."""
    if command == "serve":
        os.environ["TOKENSHARE_SERVE"] = "1"  # cache.py: disk entries written just after each rebuild
        if os.environ.get("TOKENSHARE_DEFER_PICTURES") != "0":
            os.environ["TOKENSHARE_DEFER_PICTURES"] = "1"
    _lazy_git_info()


def _lazy_git_info() -> None:
    """mkdocs-macros runs 13 `git` commands every build for its `git` variable, which no page of
    ours uses: run them only if a page reads it (a rebuild in mkdocs serve then starts no process)."""
    try:
        from mkdocs_macros import context
    except ImportError:
        return
    if getattr(context.get_git_info, "lazy", False):
        return
    eager = context.get_git_info

    class LazyGitInfo(dict):
        loaded = False

        def _load(self):
            if not self.loaded:
                self.loaded = True
                self.update(eager() or {})

    for name in ("__getitem__", "__contains__", "__iter__", "__len__", "__repr__", "get", "keys", "values", "items"):
        def method(self, *args, _name=name):
            self._load()
            return getattr(dict, _name)(self, *args)
        setattr(LazyGitInfo, name, method)

    def lazy():
        return LazyGitInfo()

    lazy.lazy = True
    context.get_git_info = lazy


@event_priority(100)  # before mkdocs-macros imports the package for this build
def on_config(config):
    loaded = sys.modules.get(PACKAGE)
    if loaded is not None and getattr(loaded, STAMP, None) != _code_stamp():
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    _date_by_data()
    return config


def _date_by_data() -> None:
    """Set SOURCE_DATE_EPOCH from the data (read again each build), unless the caller set their own."""
    if "SOURCE_DATE_EPOCH" in os.environ and os.environ.get(OURS) != os.environ["SOURCE_DATE_EPOCH"]:
        return
    from macros.builddate import source_date_epoch

    stamp = source_date_epoch()
    if stamp is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        os.environ.pop(OURS, None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = os.environ[OURS] = str(stamp)


def _build():
    from macros import site  # imported late: on_config may just have reloaded it

    return site.current()


def on_pre_build(config):
    setattr(sys.modules[PACKAGE], STAMP, _code_stamp())
    build = _build()
    if build is not None and build.fatal:
        raise PluginError(build.fatal)


def on_env(env, config, files):
    from macros import templatecache

    build = _build()
    failure = build.failure() if build else "the macros did not load"
    if failure:
        raise PluginError(failure)
    templatecache.attach(env)  # the theme's templates compiled once per process, not once per rebuild
    return env


def on_page_content(html, page, config, files):
    """Put back the chart and table HTML the macros left placeholders for (see site.Build._stash)."""
    build = _build()
    return build.unstash(html) if build else html


def on_post_page(output, page, config):
    from macros import htmlpatch

    build = _build()
    html = htmlpatch.accessibility(output)
    card = build.social_card(page.file.src_path) if build else None
    site_url = config.get("site_url") or ""
    image = urljoin(site_url, card[0]) if card and site_url else None
    title = page.title if page.is_homepage else f"{page.title} · {config['site_name']}"
    return htmlpatch.social_tags(
        html,
        site_name=config["site_name"],
        title=title,
        description=page.meta.get("description") or config.get("site_description") or "",
        url=page.canonical_url or "",
        image=image,
        image_alt=card[1] if card else "",
    )


def on_post_build(config):
    from macros import timing

    build = _build()
    if build is not None:
        with timing.stage("write"):
            build.outputs.write(Path(config["site_dir"]))
    timing.report()  # debug log; a JSON file only if TOKENSHARE_TIMINGS asks for one
