"""The one registry of what an editor can call (macros/core/registry.py, filled by macros/pages/registry.py).

Like datasette's documentation tests: every macro, named chart, chart view, named table and figure
kind, and each of their parameters, must be documented and shown in an example, and every example
must run. The parameter types check themselves and name the closest choice.
"""

from __future__ import annotations

import re

import jinja2
import pytest

from macros.charts import declarations
from macros.core.errors import MacroError
from macros.core.params import REQUIRED, Choice, Month, Param, Text, Texts, Week, Whole, positive
from macros.core.registry import REGISTRY, Entry, Registry
from macros.pages import numbers, tables
from macros.pages.registry import MACROS, RUNS_ON

KINDS = ("macro", "chart", "view", "table", "figure")


def _things() -> list[tuple[str, Entry]]:
    return [(f"{e.kind} {e.name}", e) for e in REGISTRY.all()]


def test_everything_an_editor_can_name_is_registered():
    import macros

    assert set(REGISTRY.names("macro")) == set(MACROS) == set(macros.MACROS)
    assert set(REGISTRY.names("chart")) == set(declarations.NAMED_CHARTS)
    assert set(REGISTRY.names("table")) == set(tables.TABLES) and len(tables.TABLES) >= 12
    assert set(REGISTRY.names("figure")) == set(numbers.KINDS) and len(numbers.KINDS) >= 12
    assert len(REGISTRY.names("view")) >= 10


@pytest.mark.parametrize("kind", KINDS)
def test_every_registered_thing_and_parameter_has_documentation(kind):
    missing = []
    for entry in REGISTRY.entries(kind):
        if not entry.doc.strip():
            missing.append(f"{kind} {entry.name}")
        for param in (*entry.params, *entry.keywords):
            if not param.doc.strip():
                missing.append(f"{kind} {entry.name}, parameter {param.name}")
        if entry.rest and not entry.rest_doc.strip():
            missing.append(f"{kind} {entry.name}, **{entry.rest}")
    assert not missing, "no documentation: " + "; ".join(missing)


@pytest.mark.parametrize("kind", KINDS)
def test_every_registered_thing_and_parameter_has_an_example(kind):
    """Each thing has an example calling it; each parameter is passed in one of them."""
    calls = {"macro": r"\b{name}\(", "chart": r'\bchart\("{name}"', "view": r'\bview="{name}"',
             "table": r'\btable\("{name}"', "figure": r'\bfigure\("{name}"'}
    # the chart macro's declaration keys are shown in its own examples and in those of the views
    shared = {"chart": [e for v in REGISTRY.entries("view") for e in v.examples]}
    missing = []
    for entry in REGISTRY.entries(kind):
        own = [e for e in entry.examples if re.search(calls[kind].format(name=re.escape(entry.name)), e)]
        if not own:
            missing.append(f"{kind} {entry.name}")
        seen = " ".join([*own, *shared.get(entry.name, [])]) if kind == "macro" else " ".join(own)
        # a macro's own parameters are positional; the keywords it takes are named
        named = entry.keywords if kind == "macro" else entry.params
        missing += [f"{kind} {entry.name}, parameter {p.name}" for p in named if not re.search(rf"\b{p.name}=", seen)]
    assert not missing, "no example: " + "; ".join(missing)


def _environment(cat) -> jinja2.Environment:
    def chart(name=None, **declaration):
        decl, view = declarations.declare(cat, name or "example", declaration) if declaration else declarations.named(cat, name)
        assert not view.frame.empty, decl
        return decl.title

    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.globals.update(
        chart=chart,
        table=lambda name=None, **params: tables.table(cat, name, **params),
        figure=lambda kind, **params: numbers.figure(cat, kind, **params),
    )
    return env


@pytest.mark.parametrize("kind", ["chart", "view", "table", "figure"])
def test_every_example_runs(frozen_catalog, kind):
    """On the frozen data; the macros' own examples run on the reference page of every build."""
    env = _environment(frozen_catalog)
    for entry in REGISTRY.entries(kind):
        for example in entry.examples:
            assert env.from_string(example).render(), example


def test_every_macro_example_but_those_bound_to_their_page_is_shown_and_run_on_the_reference():
    from macros.pages import macrodoc

    page = macrodoc.page()
    for entry in REGISTRY.entries("macro"):
        for example in entry.examples:
            assert f"```jinja\n{example}\n```" in page, example
            assert (f"Result:\n\n{example}\n" in page) == (entry.name not in RUNS_ON), example
    for kind in ("chart", "view", "table", "figure"):
        for name in REGISTRY.names(kind):
            assert f"`{name}`" in page, (kind, name)


# --- the types ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -3, "ten", 2.5, True, None])
def test_a_positive_whole_number_refuses_anything_else(value):
    with pytest.raises(MacroError, match=re.escape(f"top must be a whole number ≥ 1, got {value!r}.")):
        positive().check(value, "top")


def test_a_whole_number_says_which_bound_it_missed_and_where():
    assert positive().check(3, "n") == 3
    height = Whole(60, 1200, words="a whole number of pixels from 60 to 1200")
    with pytest.raises(MacroError, match="height must be a whole number of pixels from 60 to 1200, got 40"):
        height.check(40, "height")
    rank = positive(words="a whole number", range_words="a whole number ≥ 1")
    with pytest.raises(MacroError, match=re.escape("figure('name'): rank must be a whole number ≥ 1, got 0.")):
        rank.check(0, "rank", "figure('name'): ")
    with pytest.raises(MacroError, match=re.escape("figure('name'): rank must be a whole number, got '1'.")):
        rank.check("1", "rank", "figure('name'): ")


def _describe(check, *args) -> str:
    with pytest.raises(MacroError) as err:
        check(*args)
    return err.value.describe()


@pytest.mark.parametrize("value, expect", [
    ("lastest", "week 'lastest' is not \"latest\", \"first\", \"seed\" or a date (YYYY-MM-DD). Did you mean 'latest'?"),
    ("frist", "Did you mean 'first'?"),
    ("2026-8-10", "is not \"latest\""),
    (20260810, "is not \"latest\""),
])
def test_a_week_is_a_keyword_or_a_date(value, expect):
    assert expect in _describe(Week().check, value, "week")


def test_a_week_of_the_right_form_is_left_to_the_data():
    for value in ("latest", "first", "seed", "2026-08-10", "2031-01-05"):
        assert Week().check(value, "week") == value
    assert "Did you mean 'latest'?" in _describe(Week(("first", "latest"), what="snapshot").check, "lates", "snapshot")


def test_a_month_and_a_choice_and_text():
    assert Month().check("2026-07", "month") == "2026-07"
    assert "Did you mean 'latest'?" in _describe(Month().check, "lates", "month")
    assert "unknown set of models 'ranekd'. Did you mean 'ranked'?" in _describe(
        Choice("set of models", ("ranked", "no_lab_page", "all")).check, "ranekd", "which")
    assert "country must be text in quotes, got 5." in _describe(Text().check, 5, "country")
    assert Texts().check("a, b", "labs") == "a, b" and Texts().check(["a"], "labs") == ["a"]
    assert "labs must be text with commas" in _describe(Texts().check, 5, "labs")


def test_a_country_is_looked_up_in_the_data(frozen_catalog):
    for value in ("CN", "cn", "China"):
        assert numbers.figure(frozen_catalog, "share", country=value)
    assert "unknown country 'Chna'. Did you mean 'China'?" in _describe(
        lambda: numbers.figure(frozen_catalog, "count", country="Chna"))
    assert "Did you mean 'Unknown'?" in _describe(lambda: numbers.figure(frozen_catalog, "rounding", countries="CN,Unknwn"))


@pytest.mark.parametrize("call, expect", [
    (lambda cat: numbers.figure(cat, "shrae"), "unknown figure kind 'shrae'. Did you mean 'share'?"),
    (lambda cat: numbers.figure(cat, "share", contry="CN"), "unknown parameter of figure('share') 'contry'. Did you mean 'country'?"),
    (lambda cat: numbers.figure(cat, "count"), "figure('count') needs country=."),
    (lambda cat: numbers.figure(cat, "share", country="CN", week="lastest"), "Did you mean 'latest'?"),
    (lambda cat: numbers.figure(cat, "name", of="labs"), "unknown thing to name 'labs'. Did you mean 'lab'?"),
    (lambda cat: numbers.figure(cat, "count", country="CN", n=0), "figure('count'): n must be a whole number ≥ 1, got 0."),
    (lambda cat: tables.table(cat, "lab_share"), "unknown table 'lab_share'. Did you mean 'lab_shares'?"),
    (lambda cat: tables.table(cat, "lab_shares", wek="latest"), "unknown parameter of table('lab_shares') 'wek'. Did you mean 'week'?"),
    (lambda cat: tables.table(cat, "lab_shares", top=0), "top must be a whole number ≥ 1, got 0."),
    (lambda cat: tables.table(cat, "country_share_weekly", last="all"), "last must be a whole number of weeks ≥ 1 (or none for every week)"),
    (lambda cat: tables.table(cat, "models_index", which="rankd"), "Did you mean 'ranked'?"),
    (lambda cat: declarations.named(cat, "lab_share_lates"), "unknown chart 'lab_share_lates'. Did you mean 'lab_share_latest'?"),
    (lambda cat: declarations.declare(cat, "x", dict(view="top_models", n="ten", x="tokens", y="model")), "n must be a whole number ≥ 1, got 'ten'."),
    (lambda cat: declarations.declare(cat, "x", dict(view="lab_shares", wek="latest", x="share_pct", y="lab")), "view 'lab_shares' takes no argument 'wek'. Did you mean 'week'?"),
    (lambda cat: declarations.declare(cat, "x", dict(view="lab_shares", x="share_pct", y="lab", height=30)), "height must be a whole number of pixels from 60 to 1200, got 30."),
])
def test_calls_are_checked_against_the_registry(frozen_catalog, call, expect):
    assert expect in _describe(call, frozen_catalog)


def test_none_is_a_value_only_where_declared():
    weeks = Param("last", positive("a whole number of weeks ≥ 1 (or none for every week)"), 26, "weeks", none=True)
    assert weeks.check(None) is None
    with pytest.raises(MacroError):
        Param("n", positive(), 10, "how many").check(None)
    assert Param("rank", positive(), None, "a rank").check(None) is None


def test_a_registration_declares_each_parameter_once():
    registry = Registry()

    with pytest.raises(TypeError, match="declared in the registry"):
        @registry.register("figure", Param("week", Week(), "latest", "the week"))
        def fig_defaults(cat, week="latest"):
            """A kind whose default is declared twice."""

    with pytest.raises(TypeError, match="not the declared"):
        @registry.register("figure", Param("week", Week(), "latest", "the week"))
        def fig_other(cat, weeks):
            """A kind whose parameter is not the declared one."""

    @registry.register("figure", Param("week", Week(), "latest", "the week"), Param("n", positive(), REQUIRED, "n"), strip="fig_")
    def fig_fine(cat, week, n):
        """A kind."""
        return week, n

    entry = registry.get("figure", "fine")
    assert entry.signature() == '(week="latest", n)'
    assert entry.check({"n": 2}) == {"week": "latest", "n": 2}
    with pytest.raises(ValueError, match="registered twice"):
        registry.add(entry)


def test_a_macro_call_is_bound_to_its_declared_parameters():
    claim, chart, table = (REGISTRY.get("macro", m) for m in ("claim", "chart", "table"))
    assert claim.bind(("A.", "share", ">", 3), {"country": "CN"}) == dict(text="A.", kind="share", op=">", than=3, country="CN")
    assert chart.bind((), {"view": "prices"}) == {"name": None, "view": "prices"}
    assert table.bind(("lab_shares",), {"top": 5}) == {"name": "lab_shares", "top": 5}
    for macro, args, kwargs, expect in [
        ("sources", (), {"x": 1}, "sources() takes no parameter, got x=."),
        ("claims_list", (1,), {}, "claims_list() takes no parameter, got 1."),
        ("claim", ("A.", "share", ">"), {}, "claim() needs than=."),
        ("claim", ("A.", "share", "=>", 3), {}, "unknown comparison '=>'. Did you mean"),
        ("claim", (5, "share", ">", 3), {}, "text must be the sentence it checks, in quotes, got 5."),
        ("table", ("x",), {"name": "y"}, "table() got name twice."),
        ("figure", ("share", "CN"), {}, "figure() takes 1 value(s) without a name, got 2."),
    ]:
        assert expect in _describe(REGISTRY.get("macro", macro).bind, args, kwargs), macro


@pytest.mark.build
def test_a_wrong_macro_call_is_reported_with_its_page_and_line(mini_site):
    """Before the registry bound macro calls, these stopped the build at the first with a Python TypeError."""
    pages = {"index.md": "# Home\n", "a.md": "# A\n\n{{ sources(x=1) }}\n",
             "b.md": "# B\n\nText.\n\n{{ figure(\"share\", \"CN\") }}\n"}
    result, _ = mini_site(pages)
    assert result.returncode != 0
    assert "docs/a.md, line 3 in sources(): sources() takes no parameter, got x=." in result.stderr, result.stderr[-3000:]
    assert "docs/b.md, line 5 in figure(): figure() takes 1 value(s) without a name, got 2." in result.stderr
    assert "2 mistake(s) in the pages" in result.stderr and "Traceback" not in result.stderr
