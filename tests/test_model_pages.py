"""One generated page per model of the daily top 50: names, figures and links, against the rows.

Every model must have its page (a reader who follows any link would notice a
missing one); the figures of a page are checked on a sample, computed again
from data/openrouter_daily.csv with tests/rows.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

import rows
from conftest import ROOT
from macros.series import formatting
from macros.pages import models as modelpages
from browser_support import browser, reader, served  # noqa: F401  (fixtures)
from pagetext import page, tables, text

pytestmark = pytest.mark.build


def catalogue_names() -> dict[str, str]:
    """permaslug -> the catalogue's name as the daily rows carry it (empty when it has none)."""
    daily = rows.daily()
    named = daily.dropna(subset=["model_name"]).drop_duplicates("model_permaslug", keep="last")
    return dict(zip(named["model_permaslug"], named["model_name"]))


def sample(models: list[str]) -> list[str]:
    """The latest week's top three, the first model without a catalogue name, and the least ranked model."""
    ranking = rows.model_ranking(rows.latest_full_week())
    unnamed = [m for m in models if m not in catalogue_names()]
    seen = rows.daily().groupby("model_permaslug")["date"].nunique().drop("other")
    return list(dict.fromkeys([*ranking["model"][:3], *unnamed[:1], seen.idxmin()]))


def test_every_model_of_the_daily_top_50_has_a_page_named_by_the_catalogue(site, catalog):
    names = catalogue_names()
    paths = modelpages.pages(catalog)
    assert sorted(paths) == rows.ranked_models()
    for slug, path in paths.items():
        html = page(site, f"models/{path}")
        title = text(html.split("<h1", 1)[1].split("</h1>", 1)[0].split(">", 1)[1]).replace("¶", "").strip()
        if slug in names:
            expected = names[slug].split(": ", 1)[-1]
            assert title.startswith(expected), (slug, title)
        else:
            assert "does not list it" in text(html), slug
        assert 'figure class="ts-chart"' in html, slug


def test_every_model_page_is_linked_from_its_lab_page_or_the_models_page(site, catalog):
    """The models page lists the latest week's ranked models (at most 50 rows, however long the data)
    and those with no lab page; every lab page lists all of its lab's models."""
    from macros.pages import labs as labpages

    models_html = page(site, "models")
    labs = labpages.pages(catalog)
    latest = set(rows.model_ranking(rows.latest_full_week())["model"])
    for slug, path in modelpages.pages(catalog).items():
        author = slug.split("/", 1)[0]
        on_models_page = f'href="../models/{path}/"' in models_html
        if author in labs:
            assert f'href="../../models/{path}/"' in page(site, f"labs/{labs[author]}"), slug
            assert on_models_page == (slug in latest), slug
        else:
            assert on_models_page, slug


@pytest.mark.parametrize("pick", range(5))
def test_a_model_pages_weekly_tokens_and_ranks_are_the_rows(site, catalog, pick):
    models = rows.ranked_models()
    chosen = sample(models)
    if pick >= len(chosen):
        pytest.skip("the sample has fewer models")
    slug = chosen[pick]
    html = page(site, f"models/{modelpages.pages(catalog)[slug]}")
    weekly = [t for t in tables(html) if t and t[0][0] == "Week starting" and "Rank" in t[0]]
    assert weekly, slug
    header = weekly[0][0]
    shown = {pd.Timestamp(r[0]): dict(zip(header, r)) for r in weekly[0][1:]}
    daily = rows.daily()
    mine = daily[daily["model_permaslug"] == slug]
    assert set(shown) == set(mine["week"]), slug
    for week, row in shown.items():
        ranking = rows.model_ranking(week).set_index("model")
        assert row["Rank"] == str(ranking.loc[slug, "rank"]), (slug, week)
        assert row["Tokens"] == formatting.tokens(float(ranking.loc[slug, "tokens"])), (slug, week)
    # Whether each week is full or partial: a column, or said once above the table when it is the same in every row.
    full = set(rows.full_weeks())
    status = {w: "full week" if w in full else "partial week" for w in shown}
    if "Week" in header:
        assert {w: r["Week"] for w, r in shown.items()} == status, slug
    else:
        assert len(shown) > 1 and len(set(status.values())) == 1, slug
        assert f"Every row below has Week: {next(iter(status.values()))}." in text(html), slug
    body = text(html)
    assert f"from {rows.day(mine['date'].min())} to {rows.day(mine['date'].max())}" in body
    assert f"on {mine['date'].nunique()} days" in body


def test_a_model_page_lists_its_prices_from_each_catalogue_snapshot(site, catalog):
    models = pd.read_csv(rows.DATA / "openrouter_models.csv", keep_default_na=False)
    ranking = rows.model_ranking(rows.latest_full_week())
    slug = ranking["model"].iloc[0]
    model_id = rows.daily().set_index("model_permaslug").loc[slug, "model_id"].dropna().iloc[-1]
    snapshots = models[models["id"] == model_id]
    html = page(site, f"models/{modelpages.pages(catalog)[slug]}")
    prices = [t for t in tables(html) if t and t[0][0] == "Catalogue read on"]
    assert prices and len(prices[0]) - 1 == len(snapshots)


def test_lab_and_model_pages_link_each_other(site, catalog):
    ranking = rows.model_ranking(rows.latest_full_week())
    slug, author = ranking["model"].iloc[0], ranking["author_slug"].iloc[0]
    path = modelpages.pages(catalog)[slug]
    assert f'href="../../models/{path}/"' in page(site, f"labs/{author}")
    assert f'href="../../../labs/{author}/"' in page(site, f"models/{path}")


@pytest.mark.parametrize("slug, expected", [
    ("deepseek/deepseek-v4-flash-20260731", "deepseek/deepseek-v4-flash-20260731"),
    ("nvidia/nemotron-3-ultra-550b-a55b-20260604:free", "nvidia/nemotron-3-ultra-550b-a55b-20260604-free"),
])
def test_model_page_paths_are_readable(slug, expected):
    assert modelpages.page_path(slug) == expected


@pytest.mark.parametrize("slug", ["../../etc/passwd", "a/../../b", "~x/<script>", "x/y/z", "模型/名"])
def test_any_permaslug_gets_a_safe_path_inside_models(slug):
    import re

    path = modelpages.page_path(slug)
    assert re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+", path), path


# --- names in charts link to their pages ------------------------------------------------------


def chart_spec(site, html: str, chart: str) -> dict:
    import json
    import re

    path = re.search(rf'id="chart-{chart}" data-spec="([^"]+)"', html).group(1)
    return json.loads((site / path.lstrip("./").replace("../", "")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page_path, chart, column", [("labs", "lab-share-latest", "lab"), ("models", "top-models-latest", "model_label")])
def test_bars_of_labs_and_models_link_to_existing_pages(site, page_path, chart, column):
    html = page(site, page_path)
    spec = chart_spec(site, html, chart)
    rows_ = [r for values in spec["datasets"].values() for r in values]
    links = {r[column]: r.get("ts_link") for r in rows_}
    linked = [link for link in links.values() if link]
    assert linked and all((site / link / "index.html").is_file() for link in linked), links
    assert any(layer.get("encoding", {}).get("href") == {"field": "ts_link", "type": "nominal"} for layer in spec["layer"])
    # the chart's table (the accessible way to the same pages) links the same names, relative to the page
    figure = html.split(f'id="chart-{chart}"', 1)[1]
    table = figure.split('<details class="ts-chart__table">', 1)[1].split("</details>", 1)[0]
    for link in linked[:5]:
        assert f'href="../{link}"' in table, link


@pytest.mark.browser
def test_clicking_a_bar_opens_its_page(reader):
    reader.open("models/")
    figure = reader.page.locator("#chart-top-models-latest")
    figure.scroll_into_view_if_needed()
    figure.hover()  # a chart goes live when the reader points at it
    reader.page.wait_for_selector("#chart-top-models-latest.ts-chart--live", timeout=20000)
    top = rows.model_ranking(rows.latest_full_week())["model"].iloc[0]
    reader.settle()
    bar = reader.page.locator("#chart-top-models-latest .ts-chart__live g.mark-rect path").first
    with reader.page.expect_navigation():
        bar.click()  # Playwright scrolls it into view and clicks where it is now (a page may still move)
    assert reader.page.url.endswith(f"/models/{modelpages.page_path(top)}/"), reader.page.url
    assert reader.errors == []


@pytest.mark.parametrize("n, word", [(1, "first"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (111, "111th")])
def test_a_models_rank_reads_as_an_ordinal(n, word):
    assert modelpages._ordinal(n) == word


def test_model_paths_read_as_the_slug_and_never_collide(catalog):
    assert modelpages.page_path("anthropic/claude-4.5-haiku-20251001") == "anthropic/claude-4-5-haiku-20251001"
    paths = modelpages.pages(catalog)
    assert len(set(paths.values())) == len(paths)
    # a hash only where the slug cannot be read as a file name (upper case: perplexity has 0.6B beside 0.6b)
    assert all("--" not in p for slug, p in paths.items() if slug == slug.lower()), paths


def test_two_models_with_one_readable_path_get_two_pages(catalog, monkeypatch):
    import pandas as pd

    from macros.series import views

    twins = pd.DataFrame({"model": ["x/model-4.5", "x/model-4-5"]})
    monkeypatch.setattr(views, "models_index", lambda cat: twins)
    paths = modelpages.pages(catalog)
    assert len(set(paths.values())) == 2 and "x/model-4-5" in paths.values()


def test_a_test_build_with_sampled_model_pages_links_only_the_pages_it_builds(catalog):
    """TOKENSHARE_MODEL_PAGES=sample (tests whose subject is not the model pages): one model in eight,
    and no link to a page left out; `make build` and the `site` fixture build them all."""
    from macros.core import options
    from macros.pages import build as site_build
    from macros.pages import macrodoc

    every = modelpages.pages(catalog)
    whole = site_build.Build(ROOT / "data", options.active().replace(model_pages="all"))
    sampled = site_build.Build(ROOT / "data", options.active().replace(model_pages="sample"))
    assert whole.model_pages == every
    assert sampled.model_pages == modelpages.sample(every)
    assert len(every) // modelpages.SAMPLE_STEP <= len(sampled.model_pages) <= len(every) // modelpages.SAMPLE_STEP + 1
    assert sampled.linker.models == sampled.model_pages and whole.linker.models == every
    sampled.macros = dict.fromkeys(macrodoc.MACROS)  # as MkDocs registers them
    generated = [p for p in sampled.generated_pages() if p.startswith(f"{modelpages.FOLDER}/")]
    assert sorted(generated) == sorted(f"{modelpages.FOLDER}/{p}.md" for p in sampled.model_pages.values())


def test_a_test_only_setting_is_refused_when_misspelt():
    from macros.core import options

    with pytest.raises(ValueError, match="TOKENSHARE_MODEL_PAGES"):
        options.from_environment({"TOKENSHARE_MODEL_PAGES": "some"})
    assert options.from_environment({}).model_pages == "all"
