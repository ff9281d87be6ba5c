"""Named charts, and the one way any chart is declared and checked.

`declare` turns what an editor wrote (in the catalogue below or in a page) into
a `ChartDecl`, checking every name against the view's real columns and values
so a mistake is reported with the valid choices, never as a blank chart. The
catalogue itself is just declarations in the same form.
"""

from __future__ import annotations

import pandas as pd

from macros.series import views
from macros.charts.decl import ChartDecl
from macros.charts.chartparams import DECL_KEYS, DECLARATION
from macros.core.registry import REGISTRY, Entry
from macros.data.catalog import Catalog
from macros.core.errors import MacroError, unknown
from macros.series.fields import from_column


SCOPE = "OpenRouter traffic only; each upstream counts tokens with its own tokenizer; free and stealth models swing weekly shares."

NAMED_CHARTS: dict[str, dict] = {
    "country_share_weekly": dict(
        view="country_weekly", mark="line", x="week_start", y="share_pct", color="country",
        title="Who takes the tokens: share by country, week by week",
        subtitle="Share of OpenRouter tokens by the country of the model's lab, weeks starting {period}, %",
        note=SCOPE + " Unknown is the API's \"other\" row (models outside each day's top 50) plus stealth models."
        f" The latest {views.PAGE_WEEKS} weeks are shown; the data page has every day.",
        tooltip=("total_tokens",),
    ),
    "country_tokens_weekly": dict(
        view="country_weekly", mark="line", x="week_start", y="tokens", color="country",
        title="Tokens by country, week by week",
        subtitle="OpenRouter tokens a week by the country of the model's lab, weeks starting {period}",
        note="Tokens, not shares: a country's share can fall while its tokens grow. "
        "A partial week has fewer days, and so fewer tokens. " + SCOPE
        + " Unknown is the API's \"other\" row (models outside each day's top 50) plus stealth models.",
        tooltip=("share_pct", "total_tokens"),
    ),
    "lab_share_seed": dict(
        view="lab_shares", week="seed", mark="bar", x="share_pct", y="lab", color="country",
        title="Share of tokens by lab, week of 20 April 2026",
        subtitle="Week to date as OpenRouter's rankings page showed it on {as_of}, % of all tokens",
        note="The page lists only the largest authors; the rest of its total is not broken down and is shown as one bar. " + SCOPE,
        tooltip=("tokens",),
    ),
    "lab_share_latest": dict(
        view="lab_shares", week="latest", mark="bar", x="share_pct", y="lab", color="country", top=15,
        title="Share of tokens by lab, week of {week}",
        subtitle="The 15 largest labs of the week (Monday to Sunday, UTC), % of all tokens",
        note="\"other\" is every model outside each day's top 50; it has no lab. " + SCOPE,
        tooltip=("tokens",),
    ),
    "top_models_seed": dict(
        view="top_models", period="seed", mark="bar", x="tokens", y="model_label", color="country",
        filter={"measure": "article"},
        title="The top five models of April 2026, as the article gives them",
        subtitle="Monthly tokens on OpenRouter as stated in the seed article",
        note="The article gives no source; OpenRouter's weekly top-10 tables for the same four weeks give the same order of magnitude (see the table).",
    ),
    "top_models_latest": dict(
        view="top_models", period="latest", mark="bar", x="tokens", y="model_label", color="country",
        title="The ten most-used models, week of {week}",
        subtitle="Tokens in the week (Monday to Sunday, UTC); a \":free\" variant is a separate model",
        note=SCOPE,
        tooltip=("lab",),
    ),
    "prices_output": dict(
        view="prices", mark="bar", x="output_usd_per_mtok", y="model", color="country",
        title="Output list prices by model",
        subtitle="US dollars per million output tokens on OpenRouter, read {as_of}",
        note="List prices; providers, caching and discounts change what users pay.",
        tooltip=("input_usd_per_mtok", "lab"),
    ),
    "prices_input": dict(
        view="prices", mark="bar", x="input_usd_per_mtok", y="model", color="country", sort="-input_usd_per_mtok",
        title="Input list prices by model",
        subtitle="US dollars per million input tokens on OpenRouter, read {as_of}",
        note="List prices; providers, caching and discounts change what users pay.",
        tooltip=("output_usd_per_mtok", "lab"),
    ),
    "benchmark_gap": dict(
        view="benchmark_gap", mark="point", x="score", y="snapshot_date", color="country",
        title="The benchmark gap: best US model vs best Chinese model",
        subtitle="Artificial Analysis Intelligence Index, points, as OpenRouter showed it",
        note="Best model of each country among those the snapshots list.",
        tooltip=("model",),
    ),
    "benchmark_scores_april": dict(
        view="benchmarks", mark="bar", x="score", y="model", color="country",
        filter={"snapshot_date": ["2026-04-24"]},
        title="Intelligence Index of leading models, April 2026",
        subtitle="Artificial Analysis Intelligence Index as shown on openrouter.ai/rankings on 24 April 2026, points",
        note="Only the models this site quotes are shown.",
    ),
    "a16z_open_weight": dict(
        view="a16z", mark="bar", x="share_pct", y="label", filter={"unit": ["percent"]}, sort=None,
        title="The longer view: open-weight models on OpenRouter, 2024–2025",
        subtitle="Share of weekly tokens, %, as reported by a16z × OpenRouter's State of AI (published {as_of})",
        note="A different measure from the rest of this site: open-weight models only (Chinese open-weight, not all Chinese labs). Quoted, not re-derived; 'nearly' and 'about' are the source's words.",
        tooltip=("period", "qualifier"),
    ),
}

for _name, _spec in NAMED_CHARTS.items():
    REGISTRY.add(Entry("chart", _name, _spec["title"], examples=(f'{{{{ chart("{_name}") }}}}',)))


def dataset_view(cat: Catalog, name: str) -> tuple[views.View, tuple]:
    """A dataset's own rows as a view, with each row's lab and country when it names an author.

    Returns the view and the fields of its columns, from the dataset's sidecar.
    """
    meta = cat.meta(name)
    return views.dataset_rows(cat, name), tuple((c.name, from_column(c)) for c in meta.columns)


def view_frame(cat: Catalog, view: str, args: dict) -> views.View:
    entry = REGISTRY.get("view", view, argument="view")
    unexpected = sorted(set(args) - set(entry.param_names))
    if unexpected:
        name = unexpected[0]
        raise MacroError(f"view {view!r} takes no argument {name!r}.", argument=name, got=name, choices=entry.param_names)
    return entry.fn(cat, **entry.check(args, cat))


def declare(cat: Catalog, name: str, spec: dict) -> tuple[ChartDecl, views.View]:
    """Check a chart declaration against its view's data; return it with the view."""
    spec = dict(spec)
    view_name, dataset = spec.pop("view", None), spec.pop("dataset", None)
    args = {k: spec.pop(k) for k in list(spec) if k not in DECL_KEYS}
    fields: tuple = ()
    if (view_name is None) == (dataset is None):
        raise MacroError(
            "a chart needs exactly one of view= (a series of the story) or dataset= (a dataset's own rows).",
            argument="view", choices=[*REGISTRY.names("view"), *cat.names],
        )
    if dataset is not None:
        if args:
            name_ = sorted(args)[0]
            raise unknown("chart argument", name_, sorted(DECL_KEYS), argument=name_)
        if dataset not in cat.files:
            raise unknown("dataset", dataset, cat.names, argument="dataset")
        view, fields = dataset_view(cat, dataset)
        view_name = f"dataset:{dataset}"
    else:
        view = view_frame(cat, view_name, args)
    for param in DECLARATION:
        if param.name in spec:
            param.check(spec[param.name])
    frame = view.frame
    columns = list(frame.columns)
    mark = spec.get("mark", "bar")
    for arg in ("x", "y", "color", "label"):
        value = spec.get(arg)
        if value is None and arg in ("x", "y"):
            raise MacroError(f"a chart needs {arg}.", argument=arg, choices=columns)
        if value is not None and value not in columns:
            raise unknown(f"column for {arg}", value, columns, argument=arg)
    tooltip = tuple(spec.get("tooltip") or ())
    for value in tooltip:
        if value not in columns:
            raise unknown("column for tooltip", value, columns, argument="tooltip")
    filters = check_filter(frame, spec.get("filter") or {})
    sort = spec.get("sort", f"-{spec['x']}" if mark == "bar" else None)
    if sort is not None and sort.lstrip("-") not in columns:
        raise unknown("column to sort by", sort, columns + [f"-{c}" for c in columns], argument="sort")
    top, height = spec.get("top"), spec.get("height")
    decl = ChartDecl(
        name=name, view=view_name, mark=mark, x=spec["x"], y=spec["y"], color=spec.get("color"), label=spec.get("label"),
        args=tuple(sorted(args.items())), filter=filters, sort=sort, top=top,
        title=spec.get("title") or name.replace("_", " ").capitalize(), subtitle=spec.get("subtitle", ""),
        note=spec.get("note", ""), height=height, tooltip=tooltip, fields=fields,
    )
    return decl, view


def check_filter(frame: pd.DataFrame, filters: dict) -> tuple:
    """A `filter=` mapping checked against a frame's columns and values: ((column, values kept), ...).

    The one filter language of chart(), table(dataset=...) and figure("value", ...)."""
    if not isinstance(filters, dict):
        raise MacroError("filter must be a mapping of column to value(s), e.g. {'country': 'China'}.", argument="filter")
    out = []
    for column, wanted in sorted(filters.items()):
        if column not in frame.columns:
            raise unknown("column to filter on", column, frame.columns, argument="filter")
        values = wanted if isinstance(wanted, (list, tuple)) else [wanted]
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            present = {d.strftime("%Y-%m-%d") for d in series.dropna()}
            matched = [pd.Timestamp(v) for v in values if str(v) in present]
            shown = sorted(present)
        else:
            present = set(series.dropna().astype(str))
            matched = [v for v in values if str(v) in present]
            shown = sorted(present)
        if not matched:
            raise MacroError(
                f"filter {column}={wanted!r} matches no rows.", argument="filter",
                got=str(values[0]), choices=shown,
            )
        out.append((column, tuple(matched)))
    return tuple(out)


def apply_filter(frame: pd.DataFrame, checked: tuple) -> pd.DataFrame:
    """The rows `check_filter`'s result keeps: every column's value among those given."""
    for column, values in checked:
        frame = frame[frame[column].isin(values)]
    return frame


def named(cat: Catalog, name: str) -> tuple[ChartDecl, views.View]:
    REGISTRY.get("chart", name)
    return declare(cat, name, NAMED_CHARTS[name])
