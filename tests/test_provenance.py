"""A chart's sources and "as of" come from the datasets its view read, never from a list kept beside it."""

from __future__ import annotations

import ast
from pathlib import Path

from macros.charts import declarations
from macros.publish.provenance import provenance
from macros.series import views

ROOT = Path(__file__).resolve().parents[1]


def test_a_view_records_the_datasets_its_computation_read(catalog):
    assert views.country_weekly(catalog).datasets == ("labs", "openrouter_daily")
    # a nested view's reads count: `last=` reads through the whole series
    assert views.country_weekly(catalog, last=4).datasets == ("labs", "openrouter_daily")
    assert views.dataset_rows(catalog, "benchmark_scores").datasets == ("benchmark_scores", "labs")
    assert views.dataset_rows(catalog, "labs").datasets == ("labs",)


def test_a_chart_is_dated_by_the_datasets_its_rows_come_from(catalog):
    """April's lab chart reads the daily rows to place its week, but cites and is dated by the
    rankings page read in April; a model's prices read the daily rows to find its id, and are
    dated by the catalogue snapshot."""
    decl, view = declarations.named(catalog, "lab_share_seed")
    assert "openrouter_daily" in view.datasets  # read, to resolve the week
    ids, as_of = provenance(catalog, view, view.frame)
    seed = catalog.meta("seed_author_share")
    assert ids == sorted(seed.sources) and as_of == seed.as_of

    model = views.models_index(catalog)["model"].iloc[0]
    prices = views.model_prices(catalog, model)
    assert set(prices.datasets) >= {"openrouter_daily", "openrouter_models"}
    if not prices.frame.empty:
        ids, as_of = provenance(catalog, prices, prices.frame)
        models = catalog.meta("openrouter_models")
        assert ids == sorted(models.sources) and as_of == models.as_of


def test_the_lab_table_dates_only_a_chart_of_itself(catalog):
    view = views.dataset_rows(catalog, "labs")
    assert provenance(catalog, view, view.frame)[1] == catalog.meta("labs").as_of


def test_no_view_is_given_its_datasets_by_hand():
    """Every `View(...)` is made by `tracked_view`: a second argument written anywhere else would be a
    hand-kept list of datasets again."""
    made = []
    for path in sorted((ROOT / "macros").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "View":
                made.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert made == ["macros/series/views/base.py:" + str(_tracked_view_line())], made


def _tracked_view_line() -> int:
    source = (ROOT / "macros" / "series" / "views" / "base.py").read_text(encoding="utf-8")
    return next(i for i, line in enumerate(source.splitlines(), 1) if "return View(frame, tuple(sorted(" in line)
