"""Editors' mistakes: every one at its own line, all of them at once, with what was meant."""

from __future__ import annotations

import pytest

from macros.core.errors import ErrorLog


def test_a_builds_mistakes_are_listed_by_file_then_line():
    log = ErrorLog()
    log.add("docs/b.md", 9, "chart", "nine")
    log.add("docs/a.md", 12, "", "twelve")
    log.add("docs/b.md", 2, "", "two")
    log.add("docs/a.md", None, "", "no line")
    log.add("docs/a.md", 3, "figure", "three")
    assert log.report().splitlines() == [
        "5 mistake(s) in the pages:",
        "  - docs/a.md: no line",
        "  - docs/a.md, line 3 in figure(): three",
        "  - docs/a.md, line 12: twelve",
        "  - docs/b.md, line 2: two",
        "  - docs/b.md, line 9 in chart(): nine",
    ]


@pytest.mark.parametrize("value, choices, meant", [
    ("antrhopic", ["anthropic", "openai", "deepseek"], "anthropic"),
    ("DeepSeek", ["anthropic", "openai", "deepseek"], "deepseek"),
    ("=>", [">", ">=", "<", "<=", "==", "!="], ">="),
    ("=<", [">", ">=", "<", "<=", "==", "!="], "<="),
    ("=!", [">", ">=", "<", "<=", "==", "!="], "!="),
    ("openia", ["anthropic", "openai", "deepseek"], "openai"),
])
def test_did_you_mean_finds_swapped_letters_and_any_case(value, choices, meant):
    from macros.core.errors import did_you_mean

    assert did_you_mean(value, choices) == meant


def test_a_claims_wrong_operator_suggests_the_one_meant(catalog):
    from macros.core.errors import MacroError
    from macros.pages import claims

    with pytest.raises(MacroError) as err:
        claims.check(catalog, "x", "count", "=>", 6, country="CN")
    assert "unknown comparison '=>'. Did you mean '>='?" in err.value.describe()


@pytest.mark.parametrize("slug, advice", [
    ("antrhopic", "(did you mean 'anthropic'?)"),
    ("DeepSeek", "(did you mean 'deepseek'?)"),
    ("zzyzx-labs", "(add it to data/labs.csv)"),  # nothing close: a lab the table does not know yet
])
def test_a_misspelt_lab_slug_in_a_dataset_names_the_slug_meant(data_copy, slug, advice):
    from macros.data.catalog import Catalog

    path = data_copy / "benchmark_scores.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",anthropic,", f",{slug},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in Catalog(data_copy).problems() if "author_slug" in str(p)]
    assert [p.removeprefix(str(data_copy.parent) + "/") for p in problems] == [
        f"data/benchmark_scores.csv, line 3, column 'author_slug': got {slug!r}, "
        f"expected a value listed in labs.author_slug {advice}"
    ]


UNCLOSED = {
    # page: (markdown, the message: the line where the block opens, quoted)
    "middle.md": ('---\ntitle: Middle\n---\n\n# Trial\n\nText.\n\n{{ figure("share", country="CN") }}\n\n'
                  '{{ chart(view="lab_shares", week="latest"\n\nMore text.\n\n{{ figure("share", country="US") }}\n\nThe end.\n',
                  'docs/middle.md, line 11: "{{ chart(view="la..." opens {{ and is never closed (}} expected)'),
    "end.md": ('# Trial\n\nIt\'s text.\n\n{{ figure("share", country="CN") }}\n\n{{ chart("lab_share_latest")\n',
               'docs/end.md, line 7: "{{ chart("lab_sha..." opens {{ and is never closed (}} expected)'),
    "tag.md": ('# Trial\n\n{% if true %}\nShown.\n{% endif\n\nMore text.\n',
               'docs/tag.md, line 5: "{% endif" opens {% and is never closed (%} expected)'),
}


@pytest.mark.build
def test_an_unclosed_block_is_named_at_the_line_where_it_opens(mini_site):
    result, _ = mini_site({"index.md": "# Home\n"} | {name: md for name, (md, _) in UNCLOSED.items()})
    assert result.returncode != 0
    assert f"{len(UNCLOSED)} mistake(s) in the pages" in result.stderr
    for name, (_, message) in UNCLOSED.items():
        assert message in result.stderr, f"{name}: {result.stderr[-3000:]}"


SIX = """# Six mistakes

{{ chrt(view="lab_shares", mark="bar", x="share_pct", y="lab") }}

{{ chart("country_shares_weekly") }}

China's share: {{ figure("share", country="CN", week="last") }}.

{{ figure("share", country="Chna") }}

Anthropic ranks {{ figure("rank", lab="antrhopic") }}.

{{ claim("China leads.", "share", "=>", 50, country="CN") }}

{{ figure("share", country="CN") }} is fine.
"""
SIX_MISTAKES = [
    "docs/six.md, line 3: unknown macro or variable 'chrt'. Did you mean 'chart'?",
    "docs/six.md, line 5 in chart(): unknown chart 'country_shares_weekly'. Did you mean 'country_share_weekly'?",
    "docs/six.md, line 7 in figure(): week 'last' is not \"latest\", \"first\", \"seed\" or a date (YYYY-MM-DD). Did you mean 'latest'?",
    "docs/six.md, line 9 in figure(): unknown country 'Chna'. Did you mean 'China'?",
    "docs/six.md, line 11 in figure(): unknown lab ranked that week 'antrhopic'. Did you mean 'anthropic'?",
    "docs/six.md, line 13 in claim(): unknown comparison '=>'. Did you mean '>='?",
]


@pytest.mark.build
def test_an_unknown_name_does_not_hide_the_pages_other_mistakes(mini_site):
    result, _ = mini_site({"index.md": "# Home\n", "six.md": SIX})
    assert result.returncode != 0
    assert "6 mistake(s) in the pages" in result.stderr, result.stderr[-3000:]
    reported = [line.strip().removeprefix("- ") for line in result.stderr.splitlines() if "docs/six.md" in line]
    assert len(reported) == 6, reported
    for line, expected in zip(reported, SIX_MISTAKES):  # each at its own line, in the page's order
        assert line.startswith(expected), (line, expected)
    assert "Traceback" not in result.stderr


class _Page:
    """The little of a MkDocs page that the macros' hooks read."""

    def __init__(self, src_path: str, markdown: str):
        from types import SimpleNamespace

        self.file = SimpleNamespace(src_path=src_path, content_string=markdown)
        self.url = src_path.removesuffix(".md") + "/"
        self.meta = {}


class _MacrosEnv:
    """mkdocs-macros' `env` as define_env and on_pre_page_macros use it; `render` is what the plugin then does."""

    def __init__(self):
        from jinja2 import Environment, StrictUndefined

        self.variables, self.macros, self.filters = {}, {}, {}
        self.conf = {"site_name": "Token Share", "site_url": "https://example.org/"}  # mkdocs.yml, as the plugin passes it
        self.env = Environment(undefined=StrictUndefined)

    def macro(self, fn, name):
        self.macros[name] = self.variables[name] = fn

    def render(self, src_path: str, markdown: str) -> str:
        from macros import on_pre_page_macros

        self.page, self.markdown = _Page(src_path, markdown), markdown
        on_pre_page_macros(self)
        return self.env.from_string(self.markdown).render(**self.variables)


@pytest.mark.parametrize("serving", [True, False])
def test_a_preview_shows_every_mistake_of_the_page_and_a_build_fails_on_them(serving):
    from macros import define_env
    from macros.core import options
    from macros.pages import build as site

    with options.using(options.from_environment({}, serving=serving)):
        env = _MacrosEnv()
        define_env(env)
        html = env.render("six.md", SIX)
    build = site.current()
    assert all(str(e).startswith(m) for e, m in zip(build.errors.errors, SIX_MISTAKES, strict=True)), build.errors.errors
    assert build.failure() is not None  # `make build` stops on them
    shown = html.replace("&#x27;", "'").replace("&quot;", '"').replace("&gt;", ">")
    assert all((m in shown) == serving for m in SIX_MISTAKES), shown  # `make serve` shows every one
    assert html.count('class="ts-error"') == (6 if serving else 0)
    assert "\u00a0% is fine." in html  # the page's good calls still render
    assert html.startswith('<div class="ts-error"') == serving  # the unknown name: above the page


def test_a_preview_of_an_unclosed_block_shows_it_without_jinja_reading_it_again():
    from macros import define_env
    from macros.core import options

    with options.using(options.from_environment({}, serving=True)):
        env = _MacrosEnv()
        define_env(env)
        html = env.render("middle.md", UNCLOSED["middle.md"][0].split("---\n\n", 1)[1])
    assert html.startswith('<div class="ts-error"') and "&#123;&#123; chart(view=" in html
    assert "docs/middle.md, line 7: &quot;&#123;&#123; chart(view=" in html


@pytest.mark.parametrize("use", [
    "{{ chrt('x', n=3) }}", "{{ foo.bar['baz'] }}", "{% for row in foo %}{{ row }}{% endfor %}",
    "{% if foo %}yes{% endif %}", "{{ foo + 1 }}", "{{ 2 * foo - 1 }}", "{% if foo > 3 %}yes{% endif %}",
    "{{ foo | upper }}", "{{ -foo }}",
])
def test_an_unknown_name_stands_for_nothing_however_it_is_used(use):
    from jinja2 import Environment, StrictUndefined

    from macros.mkdocs import pagecheck

    env = Environment(undefined=StrictUndefined)
    page = f"# A\n\n{use}\n"
    names = [name for _, _, name in pagecheck.check_template(env, page, set())]
    rendered = env.from_string(pagecheck.stand_in(page, names)).render({pagecheck.STAND_IN: pagecheck.StandIn()})
    assert rendered == "# A\n\n"  # (Jinja drops the last newline)


@pytest.mark.build
def test_a_build_that_fails_leaves_none_of_its_files_in_the_site(mini_site):
    """A build writes each chart's files into the site as the page showing it is read (publish/outputs.py);
    one that fails on a later page takes them back out, so the site is left as empty as MkDocs leaves it."""
    result, out = mini_site({"index.md": "# Home\n\n{{ chart(\"country_share_weekly\") }}\n", "z.md": "# Z\n\n{{ chrt() }}\n"},
                            pictures=False)
    assert result.returncode != 0 and "docs/z.md, line 3" in result.stderr, result.stderr[-3000:]
    left = [p.relative_to(out).as_posix() for p in out.rglob("*")] if out.exists() else []
    assert left == [], left[:10]
