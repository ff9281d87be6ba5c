"""What a chart declaration accepts: its keys, and the views (series of the story) it can draw.

Both are declared once, with their types, defaults and docs: the keys as
`DECLARATION` (the `**declaration` of the chart macro), each view as an entry of
the registry (core/registry.py) with the arguments it takes in a chart and their
defaults there. `declarations.declare` checks a declaration against them; the
macro reference lists them.
"""

from __future__ import annotations

from macros.charts.decl import MARKS
from macros.core.params import Anything, Choice, Param, Text, Week, Whole, positive
from macros.core.registry import REGISTRY, Entry
from macros.series import views

WEEKS = Param("last", views.LAST_WEEKS, views.PAGE_WEEKS,
              "the latest weeks drawn; none for every week", none=True)
WEEK = Param("week", Week(), "latest", "the week: \"latest\" (the latest full week), \"first\", \"seed\" (the article's "
             "week of 20 April 2026) or the date a week starts")
BENCHMARK = Param("benchmark", Text(), "aa_intelligence_index", "a benchmark of benchmark_scores: aa_intelligence_index, "
                  "lmarena_text")


def _view(fn, doc: str, *params: Param, example: str, columns: str) -> None:
    """A view with its columns, declared: their titles, types and units are those of series/fields.py."""
    REGISTRY.add(Entry("view", fn.__name__, doc, params, (example,), fn, label=f"view {fn.__name__!r}",
                       columns=tuple(columns.split())))


LABS_JOINED = "lab country country_group"  # what a row naming an author gains from data/labs.csv

_view(views.country_weekly, "Share of tokens by country group, week by week (the latest `last` weeks; none for all).", WEEKS,
      example='{{ chart(view="country_weekly", last=8, mark="area", x="week_start", y="share_pct", color="country", height=240) }}',
      columns="week_start days partial country_group country tokens total_tokens share_pct source")
_view(views.countries, "Tokens and share of every country of the labs in one week ('first', 'latest' or a date), Unknown last.",
      Param("week", Week(), "latest", "the week: \"latest\" (the latest full week), \"first\" or the date a week starts"),
      example='{{ chart(view="countries", week="first", mark="bar", x="tokens", y="country_name", color="country") }}',
      columns="week_start country_code country_name country_group country tokens total_tokens share_pct days partial source")
_view(views.lab_shares, "Share of tokens by lab in one week ('seed', 'first', 'latest' or a date).", WEEK,
      example='{{ chart(view="lab_shares", week="seed", mark="bar", x="share_pct", y="lab", color="country", sort="-share_pct") }}',
      columns="period_start author_slug lab country_group country tokens share_pct partial source")
_view(views.top_models, "The most-used models: 'seed' (April 2026, as the article gives them) or a week.",
      Param("period", Week(what="period"), "latest", "\"seed\" (April 2026, as the article gives it) or a week, as week="),
      Param("n", positive(), 10, "how many models"),
      example='{{ chart(view="top_models", period="latest", n=5, mark="bar", x="tokens", y="model_label", color="country") }}',
      columns="measure week_start rank model model_label author_slug lab country_group country tokens source")
_view(views.lab_weekly, "One lab's share and tokens, week by week (lab= an author slug).",
      Param("lab", Text(), "deepseek", "a lab's author slug"), WEEKS,
      example='{{ chart(view="lab_weekly", lab="openai", last=12, mark="line", x="week_start", y="share_pct", label="lab") }}',
      columns="week_start author_slug lab country country_group tokens share_pct days partial source")
_view(views.model_weekly, "One model's tokens, share and rank, week by week (model= a permaslug).",
      Param("model", Text(), None, "a model's permaslug"), WEEKS,
      example='{{ chart(view="model_weekly", model="deepseek/deepseek-v3.2-20251201", last=8, mark="line", x="week_start", y="tokens") }}',
      columns="week_start model model_label author_slug lab country_group country tokens share_pct rank days partial source")
_view(views.prices, "List prices by model, USD per million tokens.",
      example='{{ chart(view="prices", mark="bar", x="output_usd_per_mtok", y="model", filter={"country": "China"}) }}',
      columns="as_of model_id model author_slug input_usd_per_mtok output_usd_per_mtok source " + LABS_JOINED)
_view(views.benchmarks, "Benchmark scores by model.", BENCHMARK,
      example='{{ chart(view="benchmarks", benchmark="aa_intelligence_index", mark="bar", x="score", y="model") }}',
      columns="snapshot_date benchmark model author_slug score rank source " + LABS_JOINED)
_view(views.benchmark_gap, "Best US and best Chinese model per snapshot.", BENCHMARK,
      example='{{ chart(view="benchmark_gap", benchmark="aa_intelligence_index", mark="point", x="score", y="snapshot_date") }}',
      columns="snapshot_date country_group country model author_slug score gap source")
_view(views.a16z, "The a16z × OpenRouter State of AI figures (a different measure).",
      example='{{ chart(view="a16z", mark="bar", x="share_pct", y="label", filter={"unit": ["percent"]}, tooltip=["period"]) }}',
      columns="metric label value unit qualifier period source share_pct")

TEXT = Text()
# The keys of a chart declaration (the `**declaration` of `chart(...)`); any other key is an argument of its view.
DECLARATION = (
    Param("view", TEXT, None, "a series of the story (the views below); or dataset="),
    Param("dataset", TEXT, None, "a dataset's own rows, with its sidecar's titles and units; or view="),
    Param("mark", Choice("mark", MARKS), "bar", "how the rows are drawn: " + ", ".join(f'"{m}"' for m in MARKS)),
    Param("x", TEXT, None, "the column across (needed)"),
    Param("y", TEXT, None, "the column up (needed)"),
    Param("color", TEXT, None, "the column whose values get a colour each (one line, one bar colour)"),
    Param("label", TEXT, None, "the column naming each line or dot, instead of color="),
    Param("filter", Anything("a mapping of column to value(s)"), None, "rows kept: {column: value or [values]}"),
    Param("sort", TEXT, None, "the column to sort by, \"-column\" for largest first (bars: by x, largest first)"),
    Param("top", positive(), None, "only the first rows after sorting"),
    Param("title", TEXT, None, "the title; {period}, {week} and {as_of} are filled in (by default: the name)"),
    Param("subtitle", TEXT, "", "the line under the title; {period}, {week} and {as_of} are filled in"),
    Param("note", TEXT, "", "a note under the chart: scope and caveats"),
    Param("height", Whole(60, 1200, words="a whole number of pixels from 60 to 1200"), None, "the chart's height in pixels"),
    Param("tooltip", Anything("a list of columns"), None, "more columns shown on hover: [column, ...]"),
)
DECL_KEYS = {p.name for p in DECLARATION}
