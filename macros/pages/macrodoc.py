"""The macro reference page, generated from the code.

For every registered macro: its call signature, its docstring, the choices it
accepts (read from the same registries the macros check against: named charts,
views, marks, tables, figure kinds, comparisons) and examples. Each example is
shown as code and then run, live, on the page: an example that stops working
fails the build like any other mistake.
"""

from __future__ import annotations

import inspect
from typing import Callable

from macros.charts import declarations
from macros.pages import claims
from macros.pages import numbers
from macros.pages import tables
from macros.charts.decl import MARKS

EXAMPLES: dict[str, list[str]] = {
    "chart": [
        '{{ chart("country_share_weekly") }}',
        '{{ chart(view="lab_shares", week="latest", mark="bar", x="share_pct", y="lab", color="country", top=5, '
        'title="The five largest labs, week of {week}", note="A chart declared in Markdown.") }}',
        '{{ chart(dataset="model_prices", mark="point", x="input_usd_per_mtok", y="output_usd_per_mtok", '
        'color="country", tooltip=["model"], title="Input and output list prices", subtitle="USD per million tokens") }}',
    ],
    "table": ['{{ table("lab_shares", week="latest", top=5) }}'],
    "figure": [
        'China took {{ figure("share", country="CN", week="latest") }} of tokens in the week of {{ figure("week") }}.',
        'All tokens that week: {{ figure("tokens", week="latest") }}; since the first full week: {{ figure("change", of="tokens") }}.',
        'China moved {{ figure("change", country="CN") }}; OpenAI ranked {{ figure("rank", lab="openai") }}.',
        'US labs took {{ figure("tokens", country="US") }} ({{ figure("change", country="US", of="tokens") }} since the first full week).',
    ],
    "claim": [
        '{{ claim("Chinese labs take more tokens than US labs.", "share", ">", {"kind": "share", "country": "US"}, country="CN") }}',
    ],
    "claims_list": ['{{ claims_list() }}'],
    "lab_profile": ['{{ lab_profile() }}'],
    "model_profile": ['{{ model_profile() }}'],
    "sources": ['{{ sources() }}'],
    "datasets": ['{{ datasets() }}'],
}
# Shown here but run on the page they belong to (long, or bound to their page).
RUNS_ON = {
    "claims_list": "the [Claims](claims.md) page",
    "sources": "the [methodology](methodology.md#sources) page",
    "datasets": "the [data](data.md) page",
    "lab_profile": "every generated lab page, such as [DeepSeek](labs/deepseek.md)",
    "model_profile": "every generated model page, listed on the [models](models.md#every-model) page",
}


def _signature(name: str, fn: Callable) -> str:
    return name + _params(fn, skip=())


def _code(text: str) -> str:
    return f"```jinja\n{text}\n```"


def _choices(name: str) -> list[str]:
    if name == "chart":
        views = "; ".join(
            f"`{v}` ({d.description.rstrip('.')}{', arguments: ' + ', '.join(f'{k}={a!r}' for k, a in d.defaults.items()) if d.defaults else ''})"
            for v, d in declarations.VIEWS.items()
        )
        return [
            "**Named charts:** " + ", ".join(f"`{c}`" for c in declarations.CATALOGUE),
            "**Declared charts:** `view=` one of " + views + "; or `dataset=` any dataset of the [data page](data.md).",
            "**Marks:** " + ", ".join(f"`{m}`" for m in MARKS)
            + ". Also `x=`, `y=`, `color=`, `label=`, `tooltip=[...]`, `filter={column: value or [values]}`, "
            "`sort=\"-column\"`, `top=`, `height=`, `title=`, `subtitle=` ({period}, {week}, {as_of} are filled in), `note=`.",
        ]
    if name == "table":
        return ["**Tables:** " + "; ".join(
            f"`{t}`" + _params(fn, skip=("cat", "linker")) + (f": {fn.__doc__.strip().splitlines()[0]}" if fn.__doc__ else "")
            for t, fn in tables.TABLES.items()
        )]
    if name == "figure":
        return ["**Kinds:**"] + [
            f"- `{k}`{_params(fn, skip=('cat',))}: {fn.__doc__.strip().splitlines()[0]}" for k, fn in numbers.KINDS.items()
        ]
    if name == "claim":
        return ["**Comparisons:** " + ", ".join(f"`{op}` ({word})" for op, (_, word) in claims.OPS.items())
                + ". `than` is a number or a figure as a mapping, e.g. `{\"kind\": \"share\", \"country\": \"US\"}`."]
    return []


def _params(fn: Callable, skip: tuple[str, ...]) -> str:
    """How an editor calls it: names and defaults, not Python's type annotations."""
    params = [p.replace(annotation=p.empty) for n, p in inspect.signature(fn).parameters.items() if n not in skip]
    return "(" + ", ".join(str(p).replace("'", '"') for p in params) + ")"


def page(macros: dict[str, Callable]) -> str:
    """The Markdown of the reference page for the registered `macros`."""
    parts = [
        "---\ndescription: Every macro an editor can call in a page, its parameters, its choices and a live example.\n---\n",
        "# Macro reference\n",
        "Generated from the code on every build: what each macro accepts is read from the same "
        "lists the macros check against, and every example below runs live. See the "
        "[editor's guide](guide.md) for how to add a dataset, a chart, a claim or a page.\n",
    ]
    for name, fn in sorted(macros.items()):
        parts.append(f"## `{name}` {{ #{name.replace('_', '-')} }}\n")
        parts.append(_code(_signature(name, fn)) + "\n")
        parts.append(inspect.cleandoc(fn.__doc__ or "") + "\n")
        parts.extend(line + "\n" for line in _choices(name))
        for example in EXAMPLES.get(name, []):
            parts.append("Example:\n\n" + _code(example) + "\n")
            if name in RUNS_ON:
                parts.append(f"It runs on {RUNS_ON[name]}.\n")
            else:
                parts.append("Result:\n\n" + example + "\n")
    return "\n".join(parts)
