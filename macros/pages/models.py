"""One page per model that was ever in a day's top 50, generated from the daily rows.

`pages(cat)` says which models get a page and where (`models/<lab>/<model>/`);
`source` is the Markdown of a model's page (front matter and one macro call),
and `profile` renders its body: its name, lab and country, its weekly tokens
and rank, its list prices in each catalogue snapshot, and the first and last
day it was seen. Paths come from permaslugs (data) and are made safe here.
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd
import yaml

from macros.series import formatting as fmt
from macros.series import views
from macros.charts.declarations import declare
from macros.data.catalog import Catalog
from macros.series.fields import Field
from macros.core.safe import file_slug, html_text, md_inline
from macros.publish.htmltable import html_table

FOLDER = "models"


def page_path(permaslug: str, readable: bool = True) -> str:
    """'anthropic/claude-4.5-haiku-20251001' -> 'anthropic/claude-4-5-haiku-20251001'; ':free' -> '-free'.

    Each part goes through `safe.file_slug`, so data cannot reach outside models/. `readable`
    turns dots and colons into hyphens first; without it the part keeps a hash of its exact text
    (for the rare model whose readable path another model took)."""
    author, _, rest = str(permaslug).partition("/")
    if readable:
        rest = re.sub(r"[.:]", "-", rest)
    return f"{file_slug(author)}/{file_slug(rest)}"


def pages(cat: Catalog) -> dict[str, str]:
    """permaslug -> page path under models/, for every model of the daily rows but "other": one page each."""
    out: dict[str, str] = {}
    for slug in views.models_index(cat)["model"].sort_values():
        path = page_path(slug)
        out[slug] = path if path not in out.values() else page_path(slug, readable=False)
    return out


SAMPLE_STEP = 8  # a test build's sample (core/options.py MODEL_PAGES): one model in 8


def sample(pages: dict[str, str]) -> dict[str, str]:
    """One page in SAMPLE_STEP, by permaslug, the first included: a test build's model pages."""
    return {slug: path for i, (slug, path) in enumerate(sorted(pages.items())) if i % SAMPLE_STEP == 0}


def _row(cat: Catalog, permaslug: str):
    return views.models_index(cat).set_index("model").loc[permaslug]


def source(cat: Catalog, permaslug: str) -> str:
    """The Markdown of a model's page. Data reaches it only through YAML and
    Markdown-escaped text, never as template code (see labpages.source)."""
    row = _row(cat, permaslug)
    meta = {
        "title": html_text(str(row["model_label"])),
        "description": html_text(f"{row['model_label']} ({row['lab']}, {row['country']}): its tokens and rank on OpenRouter "
                                 "week by week, and its list prices."),
        "tokenshare_model": str(permaslug),
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n# {md_inline(row['model_label'])}\n\n{{{{ model_profile() }}}}\n"


def profile(cat: Catalog, renderer, permaslug: str, base: str, linker) -> str:
    """The body of a model's page (HTML)."""
    row = _row(cat, permaslug)
    history = views.model_weekly(cat, permaslug, last=None)
    parts = [f"<p>{_summary(cat, row, permaslug, linker)}</p>"]
    decl, view = declare(cat, f"model-{file_slug(permaslug)}-tokens", dict(
        view="model_weekly", model=permaslug, mark="line", x="week_start", y="tokens", color="country", label="model_label",
        title=f"{row['model_label']}: tokens on OpenRouter, week by week",
        subtitle="Tokens in each week, on the days the model was in the day's top 50, weeks starting {period}",
        note="A week in which the model was never in a day's top 50 has no point: its line breaks there.",
        tooltip=["rank", "share_pct"],
    ))
    parts.append(renderer.figure(decl, view, base).html)
    fields = {"days": Field("days", "Days of data in the week", "quantitative", decimals=0)}
    weekly = history.frame.sort_values("week_start", ascending=False).assign(
        status=["partial week" if p else "full week" for p in history.frame.sort_values("week_start", ascending=False)["partial"]])
    fields["status"] = Field("status", "Week", "nominal")
    parts.append('<h2 id="weekly">Week by week</h2>'
                 "<p>Its rank is among every model ranked that week; its share is of all tokens of the week.</p>"
                 + html_table(weekly, ["week_start", "status", "rank", "tokens", "share_pct"], fields=fields))
    parts.append('<h2 id="prices">List prices</h2>' + _prices(cat, permaslug))
    lab = linker.lab(row["author_slug"])
    lab_link = f'<a href="{escape(lab)}">{escape(row["lab"])}</a> · ' if lab else ""
    parts.append(f'<p>{lab_link}<a href="{base}models/#every-model">All models</a></p>')
    return "".join(parts)


def _summary(cat: Catalog, row, permaslug: str, linker) -> str:
    lab = linker.lab(row["author_slug"])
    lab_name = escape(str(row["lab"]))
    lab_text = f'<a href="{escape(lab)}">{lab_name}</a>' if lab else lab_name
    text = (f"{escape(str(row['model_label']))} (permaslug <code>{escape(permaslug)}</code>) is a model of {lab_text}, "
            f"counted under {escape(str(row['country']))}.")
    if not row["named"]:
        text += " OpenRouter's model catalogue does not list it (a retired or stealth model), so it is named by its permaslug."
    text += (f" It was in OpenRouter's daily top 50 on {int(row['days_ranked'])} days, from {row['first_seen']:%-d %B %Y} "
             f"to {row['last_seen']:%-d %B %Y}.")
    week = pd.Timestamp(row["week_start"]).strftime("%-d %B %Y")
    if pd.isna(row["rank"]):
        text += f" It was not among the ranked models in the week of {week}."
    else:
        text += (f" In the week of {week} it was the {_ordinal(int(row['rank']))} most-used model, with "
                 f"{escape(fmt.tokens(float(row['tokens'])))} tokens, {escape(fmt.percent(float(row['share_pct'])))} of all tokens.")
    return text


def _ordinal(n: int) -> str:
    """1 -> 'first' ("the 1st most-used" reads oddly), 2 -> '2nd', 13 -> '13th', 21 -> '21st'."""
    if n == 1:
        return "first"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _prices(cat: Catalog, permaslug: str) -> str:
    frame = views.model_prices(cat, permaslug).frame
    if frame.empty:
        return "<p>OpenRouter's model catalogue lists no price for this model in the snapshots kept.</p>"
    fields = {
        "as_of": Field("as_of", "Catalogue read on", "temporal"),
        "context_length": Field("context_length", "Context length (tokens)", "quantitative", decimals=0),
    }
    return ("<p>List prices in each snapshot of OpenRouter's model catalogue that lists it; providers, caching and "
            "discounts change what users pay.</p>"
            + html_table(frame, ["as_of", "input_usd_per_mtok", "output_usd_per_mtok", "context_length"], fields=fields))
