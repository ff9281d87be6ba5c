"""mkdocs-macros entry point: registers the editor-facing macros, nothing else.

Every macro runs through `Build.call`, which turns a mistake into a reported
error (page, line, valid choices) instead of text in the page. The work lives
in modules that know nothing of MkDocs; `hooks.py` holds the MkDocs events.
"""

from __future__ import annotations

from . import catalogue, claims, figures, named_tables, pagecheck, reference, site


def define_env(env) -> None:
    build = site.start()

    @env.macro
    def chart(name: str | None = None, **declaration) -> str:
        """A chart: a named one from the catalogue, or one declared here (view=, mark=, x=, y=, ...)."""
        def run():
            if declaration:
                decl, view = catalogue.declare(build.catalog, name or _declared_name(declaration), declaration)
            else:
                decl, view = catalogue.named(build.catalog, name)
            rendered = build.renderer.figure(decl, view, build.base)
            build.charts_by_page.setdefault(build.page, []).append((decl.name, rendered))
            return rendered.html
        return build.call("chart", run)

    @env.macro
    def table(name: str, **params) -> str:
        """A named table (claims, lab_shares, top_models, prices, ...)."""
        return build.call("table", lambda: named_tables.table(build.catalog, name, **params))

    @env.macro
    def figure(kind: str, **params) -> str:
        """A live number for prose: share, tokens, change, count, name, claim, gap, price_ratio, week, a16z."""
        return build.call("figure", lambda: figures.figure(build.catalog, kind, **params))

    @env.macro
    def claim(text: str, kind: str, op: str, than, **params) -> str:
        """A sentence checked against the data: figure(kind, **params) <op> than (a number or {"kind": ..., ...})."""
        def run():
            checked = build.add_claim(claims.check(build.catalog, text, kind, op, than, **params))
            return claims.inline(checked)
        return build.call("claim", run)

    @env.macro
    def claims_list() -> str:
        """Every claim of the site with its status (filled in once every page has been read)."""
        return build.call("claims_list", lambda: claims.PLACEHOLDER)

    @env.macro
    def sources() -> str:
        """Every source with its licence and citation."""
        return build.call("sources", lambda: reference.sources_list(build.catalog, build.base))

    @env.macro
    def datasets() -> str:
        """Every dataset: downloads and data dictionary."""
        return build.call("datasets", lambda: reference.datasets_page(build.catalog, build.outputs, build.base))


def _declared_name(declaration: dict) -> str:
    parts = [str(declaration.get(k, "")) for k in ("view", "mark", "x", "y", "color")]
    return "declared-" + "-".join(p for p in parts if p)


def on_pre_page_macros(env) -> None:
    """Before Jinja: note the page, keep code literal, report unknown names with their line."""
    build = site.current()
    page = env.page
    source = page.file.content_string if hasattr(page.file, "content_string") else ""
    build.start_page(page.file.src_path, page.url, source, env.markdown)
    markdown = pagecheck.protect_code(env.markdown)
    known = set(env.variables) | set(env.macros) | set(env.filters) | set(env.env.globals)
    problems = pagecheck.check_template(env.env, markdown, known)
    for line, message in problems:
        build.record(line, message)
    # A page with such a mistake is not rendered: Jinja would stop the whole build at it.
    env.markdown = "" if problems else markdown
