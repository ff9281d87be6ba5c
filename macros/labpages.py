"""One page per lab, generated from the data: nobody writes these files.

`pages(cat)` says which labs get a page and under which file name; `source`
is the Markdown of a lab's page (front matter and one macro call), and
`profile` renders its body: the lab's country, its share week by week, its
models, their prices and benchmark scores. File names come from author slugs
(data) and are made safe here: ASCII, no separators, no dot-dot, unique.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import yaml

from . import formatting as fmt
from . import views
from .cache import cached_view
from .catalogue import declare
from .datasets import Catalog
from .fields import Field
from .safe import file_slug, file_slugs, html_text, md_inline
from .tables import html_table

FOLDER = "labs"
NOT_LABS = "policy"  # `basis` of rows that are not labs: other, stealth, the unbroken remainder


def pages(cat: Catalog) -> dict[str, str]:
    """author slug -> file slug, for every lab (not policy row) that appears in a dataset."""
    table = views.labs(cat)
    seen: set[str] = set()
    for name in cat.names:
        frame = cat.frame(name)
        if name != "labs" and "author_slug" in frame.columns:
            seen.update(frame["author_slug"].dropna().astype(str))
    labs = table[(table["basis"] != NOT_LABS) & table["author_slug"].isin(seen)]
    # safe.file_slug: ASCII, no separators or dots, never a name the site uses ('index'
    # would replace the Labs page), one name per slug (file_slugs raises otherwise)
    return file_slugs(sorted(labs["author_slug"]))


@dataclass(frozen=True)
class Linker:
    """Links from a page to lab pages."""

    slugs: dict[str, str]
    base: str

    def lab(self, author_slug) -> str | None:
        page = self.slugs.get(str(author_slug))
        return f"{self.base}{FOLDER}/{page}/" if page else None

    def lab_cell(self, row: dict) -> str | None:
        return self.lab(row.get("author_slug"))


def source(cat: Catalog, author_slug: str) -> str:
    """The Markdown of a lab's page. Data reaches it only through YAML and
    Markdown-escaped text, never as template code."""
    row = views.labs(cat).set_index("author_slug").loc[author_slug]
    country = views.country_label(cat, row["country_group"])
    # MkDocs and Material write a page's title and description into the HTML
    # unescaped (<title>, the header, the menu, <meta name="description">), and
    # mkdocs-macros renders a title holding '{{' as a template: see safe.html_text.
    meta = {
        "title": html_text(str(row["lab"])),
        "description": html_text(f"{row['lab']} ({country}): its share of OpenRouter tokens week by week, its models and their list prices."),
        "tokenshare_lab": str(author_slug),
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n# {md_inline(row['lab'])}\n\n{{{{ lab_profile() }}}}\n"


def profile(cat: Catalog, renderer, author_slug: str, base: str) -> str:
    """The body of a lab's page (HTML)."""
    row = views.labs(cat).set_index("author_slug").loc[author_slug]
    history = views.lab_weekly(cat, author_slug)
    parts = [f"<p>{_summary(cat, row, author_slug, history.frame)}</p>"]
    if history.frame.empty:
        parts.append("<p>The data has no weekly breakdown for this lab.</p>")
    else:
        decl, view = declare(cat, f"lab-{file_slug(author_slug)}-share", dict(
            view="lab_weekly", lab=author_slug, mark="line", x="week_start", y="share_pct", color="country", label="lab",
            title=f"{row['lab']}: share of OpenRouter tokens, week by week",
            subtitle="% of all tokens in each week the data breaks down by lab, weeks starting {period}",
            note=_seed_week_note(history.frame),
            tooltip=["tokens"],
        ))
        parts.append(renderer.figure(decl, view, base).html)
    parts.append("<h2 id=\"models\">Models</h2>" + _models(cat, author_slug))
    parts.append("<h2 id=\"prices\">List prices</h2>" + _prices(cat, author_slug))
    parts.append("<h2 id=\"benchmarks\">Benchmark scores</h2>" + _benchmarks(cat, author_slug))
    parts.append(f'<p><a href="{base}labs/">All labs</a> · <a href="{base}methodology/#lab-to-country">How labs are assigned to countries</a></p>')
    return "".join(parts)


def _seed_week_note(history: pd.DataFrame) -> str:
    """Say what the seed week is, on the pages whose chart shows it (not every lab was on that page)."""
    if not (history["week_start"] == views.SEED_WEEK).any():
        return ""
    return f"The week of {views.SEED_WEEK:%-d %B %Y} is the rankings page's week to date."


def _summary(cat: Catalog, row, author_slug: str, history: pd.DataFrame) -> str:
    from html import escape

    country = views.country_label(cat, row["country_group"])
    basis = {"epoch": "Epoch AI's country of organization", "trackers": "public usage trackers",
             "general-knowledge": "general knowledge, to be verified"}.get(row["basis"], row["basis"])
    text = f"{escape(row['lab'])} (author slug <code>{escape(author_slug)}</code>) is counted under {escape(country)} (basis: {escape(basis)})."
    latest = views.resolve_week(cat, "latest")
    week = history[history["week_start"] == latest]
    if week.empty:
        text += f" It had no share among the ranked models in the week of {latest.strftime('%-d %B %Y')}."
    else:
        share = float(week.iloc[0]["share_pct"])
        text += f" In the week of {latest.strftime('%-d %B %Y')} it took {escape(fmt.percent(share))} of OpenRouter tokens."
    return text


def _empty(what: str) -> str:
    return f"<p>No {what} of this lab in the data.</p>"


def _models(cat: Catalog, author_slug: str) -> str:
    frame = views.lab_models(cat, author_slug).frame
    if frame.empty:
        return _empty("model ranked by tokens")
    fields = {"period": Field("period", "Period", "nominal")}
    return html_table(frame, ["model_label", "period", "rank", "tokens"], fields=fields)


def _prices(cat: Catalog, author_slug: str) -> str:
    frame = views.prices(cat).frame
    frame = frame[frame["author_slug"] == author_slug]
    if frame.empty:
        return _empty("list price")
    return html_table(frame, ["model", "input_usd_per_mtok", "output_usd_per_mtok"])


@cached_view
def every_benchmark(cat: Catalog) -> pd.DataFrame:
    """The scores of every benchmark, named: made once a data, each lab page takes its rows."""
    frames = [views.benchmarks(cat, b).frame.assign(benchmark_name=name)
              for b, name in cat.meta("benchmark_scores").column("benchmark").enum.items()]
    return pd.concat(frames, ignore_index=True)


def _benchmarks(cat: Catalog, author_slug: str) -> str:
    frame = every_benchmark(cat)
    frame = frame[frame["author_slug"] == author_slug]
    if frame.empty:
        return _empty("benchmark score")
    fields = {"benchmark_name": Field("benchmark_name", "Benchmark", "nominal")}
    return html_table(frame, ["snapshot_date", "benchmark_name", "model", "score"], fields=fields)
