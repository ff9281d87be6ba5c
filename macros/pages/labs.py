"""One page per lab, generated from the data: nobody writes these files.

`pages(cat)` says which labs get a page and under which file name; `source`
is the Markdown of a lab's page (front matter and one macro call), and
`profile` renders its body: the lab's country, its share week by week, its
models, their prices and benchmark scores. File names come from author slugs
(data) and are made safe here: ASCII, no separators, no dot-dot, unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from html import escape

import pandas as pd
import yaml

from macros.series import formatting as fmt
from macros.pages import tables
from macros.series import views
from macros.core.cache import cached_view
from macros.charts.declarations import declare
from macros.data.catalog import Catalog
from macros.series.fields import Field
from macros.core.safe import file_slug, file_slugs, html_text, md_inline
from macros.publish.htmltable import html_table

FOLDER = "labs"
NOT_LABS = "policy"  # `basis` of rows that are not labs: other, stealth, the unbroken remainder


def pages(cat: Catalog) -> dict[str, str]:
    """author slug -> file slug, for every lab (not policy row) that appears in a dataset."""
    table = views.labs(cat)
    seen: set[str] = set()
    for name in cat.names:
        if name in ("labs", views.MODELS):  # the catalogue lists labs whose models were never used
            continue
        frame = cat.frame(name)
        if "author_slug" in frame.columns:
            seen.update(frame["author_slug"].dropna().astype(str))
    labs = table[(table["basis"] != NOT_LABS) & table["author_slug"].isin(seen)]
    # safe.file_slug: ASCII, no separators or dots, never a name the site uses ('index'
    # would replace the Labs page), one name per slug (file_slugs raises otherwise)
    return file_slugs(sorted(labs["author_slug"]))


@dataclass(frozen=True)
class Linker:
    """Links from a page to the generated lab and model pages."""

    slugs: dict[str, str]  # author slug -> file slug of its lab page
    base: str
    models: dict[str, str] = field(default_factory=dict)  # permaslug -> path of its model page under models/

    def lab(self, author_slug) -> str | None:
        page = self.slugs.get(str(author_slug))
        return f"{self.base}{FOLDER}/{page}/" if page else None

    def model(self, permaslug) -> str | None:
        page = self.models.get(str(permaslug))
        return f"{self.base}models/{page}/" if page else None

    def lab_cell(self, row: dict) -> str | None:
        return self.lab(row.get("author_slug"))

    def model_cell(self, row: dict) -> str | None:
        return self.model(row.get("model"))

    def cells(self) -> dict:
        """Links for a table's lab and model name columns."""
        return {"lab": self.lab_cell, "model_label": self.model_cell}


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


def profile(cat: Catalog, renderer, author_slug: str, base: str, linker: Linker) -> str:
    """The body of a lab's generated page (HTML)."""
    row = views.labs(cat).set_index("author_slug").loc[author_slug]
    history = views.lab_weekly(cat, author_slug)
    parts = [f"<p>{_summary(cat, row, author_slug, history.frame)}</p>"]
    if history.frame.empty:
        parts.append("<p>None of this lab's models was in a day's top 50 in the data.</p>")
    else:
        slug = file_slug(author_slug)
        for measure, y, title, subtitle in (
            ("share", "share_pct", "share of OpenRouter tokens, week by week", "% of all tokens in each week, weeks starting {period}"),
            ("tokens", "tokens", "tokens on OpenRouter, week by week", "Tokens of its models in each week, weeks starting {period}"),
        ):
            decl, view = declare(cat, f"lab-{slug}-{measure}", dict(
                view="lab_weekly", lab=author_slug, mark="line", x="week_start", y=y, color="country", label="lab",
                title=f"{row['lab']}: {title}", subtitle=subtitle,
                note="A model counts on the days it was in the day's top 50; the rest of its tokens are in OpenRouter's \"other\" row.",
                tooltip=["tokens" if y == "share_pct" else "share_pct"],
            ))
            parts.append(renderer.figure(decl, view, base).html)
    parts.append(_seed_snapshot(cat, row, author_slug))
    parts.append("<h2 id=\"models\">Models</h2>" + _models(cat, author_slug, linker))
    parts.append("<h2 id=\"prices\">List prices</h2>" + _prices(cat, author_slug))
    parts.append("<h2 id=\"benchmarks\">Benchmark scores</h2>" + _benchmarks(cat, author_slug))
    parts.append(f'<p><a href="{base}labs/">All labs</a> · <a href="{base}methodology/#lab-to-country">How labs are assigned to countries</a></p>')
    return "".join(parts)


def _seed_snapshot(cat: Catalog, row, author_slug: str) -> str:
    """The April rankings-page figure, apart from the weekly line: it is another measure."""
    seed = views.lab_shares(cat, "seed").frame
    mine = seed[seed["author_slug"] == author_slug]
    if mine.empty:
        return ""
    share = float(mine.iloc[0]["share_pct"])
    tokens = mine.iloc[0]["tokens"]
    read = cat.frame("seed_author_share")["as_of"].max()
    amount = f" ({escape(fmt.tokens(float(tokens)))} tokens)" if pd.notna(tokens) else ""
    return (
        '<h2 id="april-2026">April 2026, on the rankings page</h2>'
        f"<p>OpenRouter's rankings page, read on {pd.Timestamp(read):%-d %B %Y at %H:%M} UTC, gave {escape(row['lab'])} "
        f"{escape(fmt.percent(share))} of the week's tokens so far{amount}, for the week starting "
        f"{views.SEED_WEEK:%-d %B %Y}. That is the figure the seed article quotes. It is a different measure from the "
        "weekly line above (a week to date, as the page rounded it, among the authors it listed), so it is shown "
        "here and never as a point on that line.</p>"
    )


def _summary(cat: Catalog, row, author_slug: str, history: pd.DataFrame) -> str:
    country = views.country_label(cat, row["country_group"])
    basis = {"epoch": "Epoch AI's country of organization", "trackers": "public usage trackers",
             "general-knowledge": "general knowledge, to be verified"}.get(row["basis"], row["basis"])
    text = f"{escape(row['lab'])} (author slug <code>{escape(author_slug)}</code>) is counted under {escape(country)} (basis: {escape(basis)})."
    latest = views.resolve_week(cat, "latest")
    week = history[history["week_start"] == latest]
    if week.empty:
        text += f" None of its models was in a day's top 50 in the week of {latest.strftime('%-d %B %Y')}."
        return text
    share, tokens = float(week.iloc[0]["share_pct"]), float(week.iloc[0]["tokens"])
    text += (f" In the week of {latest.strftime('%-d %B %Y')} it took {escape(fmt.percent(share))} of OpenRouter tokens "
             f"({escape(fmt.tokens(tokens))} tokens).")
    first = views.resolve_week(cat, "first")
    start = history[history["week_start"] == first]
    if first != latest and not start.empty:
        a_share, a_tokens = float(start.iloc[0]["share_pct"]), float(start.iloc[0]["tokens"])
        text += (f" In the week of {first.strftime('%-d %B %Y')} it took {escape(fmt.percent(a_share))} "
                 f"({escape(fmt.tokens(a_tokens))} tokens): {escape(fmt.points(share - a_share))} in share, "
                 f"{escape(fmt.change_percent(a_tokens, tokens))} in tokens.")
    return text


def _empty(what: str) -> str:
    return f"<p>No {what} of this lab in the data.</p>"


def _models(cat: Catalog, author_slug: str, linker: Linker) -> str:
    frame = views.lab_models(cat, author_slug).frame
    if frame.empty:
        return _empty("model ranked by tokens")
    fields = tables.models_index_fields(cat)
    intro = ("<p>Every model of this lab that was in a day's top 50, with its rank among all models in the latest "
             "full week (– when it was not ranked that week).</p>")
    return intro + html_table(frame, ["model_label", "rank", "tokens", "best_rank", "first_seen", "last_seen"],
                              fields=fields, links={"model_label": linker.model_cell})


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
