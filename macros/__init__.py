"""mkdocs-macros entry point: registers the editor-facing macros, nothing else.

Every macro runs through `Build.call`, which turns a mistake into a reported
error (page, line, valid choices) instead of text in the page. The work lives
in modules that know nothing of MkDocs; `mkdocs/hooks.py` holds the MkDocs events.
Each macro's parameters, doc and examples are declared once, in the registry
(`macros/pages/registry.py`); the functions here only bind them to the build.
"""

from __future__ import annotations



def define_env(env) -> None:
    # The engine is imported here, not at the top: `python -m macros.cli` and the importer
    # load this package too, and need neither Altair nor vl-convert nor MkDocs.
    from macros.charts import declarations
    from macros.core.errors import MacroError
    from macros.pages import build as site
    from macros.pages import archive, claims, reference, tables
    from macros.pages import labs as labpages
    from macros.pages import models as modelpages
    from macros.pages import numbers as figures
    from macros.pages import registry
    from macros.pages import weekly
    from macros.core.registry import REGISTRY

    build = site.start()
    build.site_name, build.site_url = env.conf.get("site_name") or "", env.conf.get("site_url") or ""

    def macro(fn):
        """Register `fn` as the macro of its name: each call is bound to the parameters the registry
        declares for it (a wrong one reported like any other mistake), then run through `Build.call`."""
        entry = REGISTRY.get("macro", fn.__name__)

        def call(*args, **kwargs) -> str:
            return build.call(entry.name, lambda: fn(**entry.bind(args, kwargs)))
        env.macro(call, entry.name)
        return fn

    @macro
    def chart(name, **declaration) -> str:
        if declaration:
            decl, view = declarations.declare(build.catalog, name or _declared_name(declaration), declaration)
        else:
            decl, view = declarations.named(build.catalog, name)
        rendered = build.renderer.figure(decl, view, build.base)
        build.charts_by_page.setdefault(build.page, []).append((decl.name, rendered))
        return rendered.html

    @macro
    def table(name, **params) -> str:
        return tables.table(build.catalog, name, linker=build.linker, **params)

    @macro
    def figure(kind, **params) -> str:
        return figures.figure(build.catalog, kind, **params)

    @macro
    def claim(text, kind, op, than, **params) -> str:
        return claims.inline(build.add_claim(claims.check(build.catalog, text, kind, op, than, **params)))

    @macro
    def claims_list() -> str:
        return claims.PLACEHOLDER

    def generated(macro: str, meta_key: str, pages: dict, profile) -> str:
        """The body of a page generated for a lab, a model or a week: the page's front matter names which."""
        slug = env.page.meta.get(meta_key)
        if slug not in pages:
            raise MacroError(f"{macro}() belongs on a page generated for it.", argument="page")
        return profile(build.catalog, build.renderer, slug, build.base, build.linker)

    @macro
    def lab_profile() -> str:
        return generated("lab_profile", "tokenshare_lab", build.lab_pages, labpages.profile)

    @macro
    def model_profile() -> str:
        return generated("model_profile", "tokenshare_model", build.model_pages, modelpages.profile)

    @macro
    def weekly_briefing() -> str:
        return generated("weekly_briefing", "tokenshare_week", build.week_pages,
                         lambda cat, _renderer, week, base, linker: weekly.page(cat, week, base, linker))

    @macro
    def weekly_briefings() -> str:
        return weekly.index(build.catalog, build.base)

    @macro
    def archive_week() -> str:
        return generated("archive_week", archive.META_KEY, build.archive_weeks,
                         lambda cat, renderer, week, base, linker: archive.profile(cat, build.outputs, week, base, linker))

    @macro
    def sources() -> str:
        return reference.sources_list(build.catalog, build.base)

    @macro
    def datasets() -> str:
        return reference.datasets_page(build.catalog, build.outputs, build.base)

    if set(MACROS) != set(registry.MACROS):
        raise RuntimeError(f"macros {sorted(MACROS)} are not the registered {sorted(registry.MACROS)}")
    build.macros = {name: env.macros[name] for name in MACROS}


MACROS = ("chart", "table", "figure", "claim", "claims_list", "lab_profile", "model_profile", "weekly_briefing",
          "weekly_briefings", "archive_week", "sources", "datasets")


def _declared_name(declaration: dict) -> str:
    """A declared chart's name: its main fields, and a digest of the whole declaration, so two charts
    of one view (the seed week and the latest) never share an id on a page or a cache slot."""
    import hashlib

    parts = [str(declaration.get(k, "")) for k in ("view", "dataset", "mark", "x", "y", "color")]
    digest = hashlib.sha256(repr(sorted((k, repr(v)) for k, v in declaration.items())).encode()).hexdigest()[:8]
    return "declared-" + "-".join(p for p in parts if p) + "-" + digest


def on_pre_page_macros(env) -> None:
    """Before Jinja: note the page, keep code literal, report unknown names with their line."""
    from macros.mkdocs import pagecheck
    from macros.pages import build as site

    build = site.current()
    page = env.page
    source = page.file.content_string if hasattr(page.file, "content_string") else ""
    build.start_page(page.file.src_path, page.url, source, env.markdown)
    if build.fatal:  # the data is invalid: no page can be rendered (a preview shows why)
        env.markdown = build.page_replacement()
        return
    markdown = pagecheck.protect_code(env.markdown)
    known = set(env.variables) | set(env.macros) | set(env.filters) | set(env.env.globals)
    problems = pagecheck.check_template(env.env, markdown, known)
    for line, message, _ in problems:
        build.record(line, message)
    found = [str(e) for e in build.errors.errors[-len(problems):]] if problems else []
    unknown = [name for _, _, name in problems if name]
    if len(unknown) < len(problems):  # a syntax error: Jinja cannot render the page at all
        env.markdown = build.page_replacement(found)
        return
    if unknown:
        # The unknown names stand for nothing, so the page's other calls still run and report their
        # mistakes; the build fails on the recorded ones, and a preview shows them above the page.
        env.variables[pagecheck.STAND_IN] = pagecheck.StandIn()
        notice = build.page_replacement(found)
        if notice:
            markdown = notice + "\n\n" + markdown
            build.line_offset -= notice.count("\n") + 2
        markdown = pagecheck.stand_in(markdown, unknown)
    env.markdown = markdown
