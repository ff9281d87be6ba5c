"""Every macro an editor can call, registered with its parameters, doc and examples.

Importing this module fills the one registry (core/registry.py) with everything
an editor can name: the macros below, and the figure kinds (numbers.py), named
tables (tables.py), named charts and chart views (charts/declarations.py,
charts/chartparams.py) that register themselves. `define_env` binds each macro
to its work; the macro reference page is generated from the same entries.
"""

from __future__ import annotations

from macros.charts import declarations  # noqa: F401  (registers the named charts and views)
from macros.charts.chartparams import DECLARATION
from macros.core.params import Anything, Choice, Param, Text
from macros.core.registry import REGISTRY, Entry
from macros.pages import anydata, claims, numbers, tables  # noqa: F401  (register the figure kinds and tables)

# Shown on the reference page but run on the page they belong to (long, or bound to their page).
RUNS_ON = {
    "claims_list": "the [Claims](claims.md) page",
    "sources": "the [methodology](methodology.md#sources) page",
    "datasets": "the [data](data.md) page",
    "lab_profile": "every generated lab page, such as [DeepSeek](labs/deepseek.md)",
    "model_profile": "every generated model page, listed on the [models](models.md#every-model) page",
    "weekly_briefing": "every generated weekly briefing, listed on the [Weekly](weekly.md) page",
    "weekly_briefings": "the [Weekly](weekly.md) page",
    "archive_week": "every dated archive page, listed on the [archive](archive/index.md) page",
    "site_citation": "the [methodology](methodology.md#cite-this-site) page",
}

FIGURE_PARAMS = "the figure kind's parameters (below)"


def _macro(name: str, doc: str, *params: Param, examples: tuple[str, ...], rest: str = "", rest_doc: str = "",
           keywords: tuple[Param, ...] = ()) -> None:
    REGISTRY.add(Entry("macro", name, doc, params, examples, rest=rest, rest_doc=rest_doc, keywords=keywords,
                       label=f"{name}()"))


_macro(
    "chart",
    """A chart with its title, source line, table, downloads and a picture for readers without JavaScript.

    Give the name of a chart of the catalogue, or declare one here: the data
    (`view=` a series of the story, or `dataset=` a dataset's own rows), the
    `mark`, the `x`, `y` and `color` fields, and optionally a filter, a sort,
    a title and a note. Both kinds are drawn by the same code and look alike.""",
    Param("name", Text(), None, "a named chart (below); leave it out to declare one"),
    rest="declaration", rest_doc="a chart declared here: its keys below, and any argument of its view",
    keywords=DECLARATION,
    examples=(
        '{{ chart("country_share_weekly") }}',
        '{{ chart(view="lab_shares", week="latest", mark="bar", x="share_pct", y="lab", color="country", top=5, '
        'title="The five largest labs, week of {week}", note="A chart declared in Markdown.") }}',
        '{{ chart(dataset="model_prices", mark="point", x="input_usd_per_mtok", y="output_usd_per_mtok", '
        'color="country", tooltip=["model"], title="Input and output list prices", subtitle="USD per million tokens") }}',
    ),
)
_macro(
    "table",
    """A sortable table, units in the headers; labs and models read as their names, linked to their pages.

    Give the name of a named table (below), or `dataset=` any dataset of the
    [data page](data.md) to show its own rows: the columns you pick, kept by
    the same `filter=` as a chart's, sorted and cut, with the titles and units
    of its sidecar. A column of lab or model slugs shows their names, linked;
    filter by the slugs.""",
    Param("name", Text(), None, "a named table (below); leave it out to show a dataset's rows with dataset="),
    rest="params", rest_doc="the named table's parameters (below), or the keywords of a dataset's table",
    keywords=anydata.TABLE_PARAMS,
    examples=(
        '{{ table("lab_shares", week="latest", top=5) }}',
        '{{ table(dataset="model_prices", columns=["model", "author_slug", "output_usd_per_mtok"], '
        'filter={"country_group": "CN"}, sort="-output_usd_per_mtok", limit=3) }}',
    ),
)
_macro(
    "figure",
    """A number for prose, computed from the data at build time (57.3 %, 8.21T, +12.5 pts).

    Weeks are "latest" (the latest full week), "first", "seed" (the article's
    week) or a date; months (`month=`) need the imported daily rows.""",
    Param("kind", Text(), doc="a figure kind (below)"),
    rest="params", rest_doc=FIGURE_PARAMS,
    examples=(
        'China took {{ figure("share", country="CN", week="latest") }} of tokens in the week of {{ figure("week") }}.',
        'All tokens that week: {{ figure("tokens", week="latest") }}; since the first full week: {{ figure("change", of="tokens") }}.',
        'China moved {{ figure("change", country="CN") }}; OpenAI ranked {{ figure("rank", lab="openai") }}.',
        'US labs took {{ figure("tokens", country="US") }} ({{ figure("change", country="US", of="tokens") }} since the first full week).',
    ),
)
_macro(
    "claim",
    """A sentence of the story, checked against the data on every build.

    The sentence holds when `figure(kind, **params) <op> than` is true, where
    `than` is a number or another figure. The page says whether it held in
    the week it was checked on ("✓ held in the week of 10 Aug 2026") and the
    figures behind it; the Claims page lists every claim.""",
    Param("text", Text(words="the sentence it checks, in quotes"), doc="the sentence, as the page shows it"),
    Param("kind", Text(), doc="the figure kind of the left side (see figure)"),
    Param("op", Choice("comparison", tuple(claims.OPS)), doc="the comparison (below)"),
    Param("than", Anything("a number or a figure as a mapping"), doc='a number, or a figure as a mapping: {"kind": "share", "country": "US"}'),
    rest="params", rest_doc="the left figure's parameters",
    examples=(
        '{{ claim("Chinese labs take more tokens than US labs.", "share", ">", {"kind": "share", "country": "US"}, country="CN") }}',
        '{{ claim("Every listed model costs under $100 per million output tokens.", "value", "<", 100, '
        'dataset="model_prices", column="output_usd_per_mtok", agg="max") }}',
    ),
)
_macro("claims_list", "Every claim of the site with its status, overturned ones first.", examples=('{{ claims_list() }}',))
_macro("lab_profile", "The body of a lab's generated page: country, share and tokens by week, models, prices, scores.",
       examples=('{{ lab_profile() }}',))
_macro("model_profile", "The body of a model's generated page: lab, country, tokens and rank by week, prices, days seen.",
       examples=('{{ model_profile() }}',))
_macro("weekly_briefing", "The body of a week's generated briefing: what changed from the week before, in words and "
       "numbers: country shares, labs and models that moved, the top 50's comings and goings, claims that changed status.",
       examples=('{{ weekly_briefing() }}',))
_macro("weekly_briefings", "Every full week's opening paragraph, newest first, linked to its briefing, after the week so "
       "far (marked as partial).", examples=('{{ weekly_briefings() }}',))
_macro("archive_week", "The body of a week's dated archive page: its country shares, the country chart through that week, "
       "its largest labs and models.", examples=('{{ archive_week() }}',))
_macro("sources", "Every source with its publisher, licence, citation and the datasets that cite it.",
       examples=('{{ sources() }}',))
_macro("site_citation", "How to cite the site itself, as text and BibTeX, dated by the data's latest \"as of\".",
       examples=('{{ site_citation() }}',))
_macro("datasets", "Every dataset as a download (CSV and its sidecar) with its data dictionary.",
       examples=('{{ datasets() }}',))

MACROS = tuple(REGISTRY.names("macro"))
