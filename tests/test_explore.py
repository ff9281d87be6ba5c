"""What a weekly chart's controls get (macros/publish/explore.py), against the rows (tests/rows.py)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import rows as R
from macros.charts import decl as chartdecl
from macros.charts.declarations import declare, named
from macros.publish import explore


def described(catalog, name=None, spec=None) -> dict:
    decl, view = named(catalog, name) if name else declare(catalog, "lab-chart", spec)
    labels = catalog.meta("labs").column("country_group").enum
    data = explore.describe(chartdecl.select(view.frame, decl), decl, labels)
    return json.loads(explore.encoded(data)) if data is not None else None  # as the file explore.js reads


@pytest.mark.parametrize("name", ["country_share_weekly", "country_tokens_weekly"])
def test_a_country_chart_gets_both_measures_of_every_week_from_the_rows(catalog, name):
    info = described(catalog, name)
    assert info["measure"] == ("share_pct" if name == "country_share_weekly" else "tokens")
    assert set(info["measures"]) == {"share_pct", "tokens"}
    assert [s["id"] for s in info["series"]] == ["US", "CN", "OTHER", "UNKNOWN"]
    assert info["whole"] is True  # shares of every week add up to 100: a stacked area reads right
    week = R.full_weeks()[-1]
    mine = {r["series"]: r for r in info["rows"] if r["week_start"] == week.strftime("%Y-%m-%d")}
    shares, tokens = R.country_shares(week), R.country_tokens(week)
    for group in R.GROUP_NAMES:
        assert mine[group]["share_pct"] == pytest.approx(shares[group], abs=1e-9)
        assert mine[group]["tokens"] == pytest.approx(tokens[group], rel=1e-12)
        assert mine[group]["tokens__text"].replace("\u00a0", " ") == R.tokens(tokens[group])
    assert info["weeks"] == sorted({r["week_start"] for r in info["rows"]})


def test_a_lab_line_is_one_series_not_a_whole_and_a_bar_chart_gets_no_controls(catalog):
    lab = next(s for s in R.lab_shares(R.full_weeks()[-1]).index if s != "other")
    info = described(catalog, spec=dict(view="lab_weekly", lab=lab, mark="line", x="week_start", y="share_pct",
                                        color="country", label="lab"))
    assert len(info["series"]) == 1 and info["whole"] is False
    assert set(info["measures"]) == {"share_pct", "tokens"}
    assert described(catalog, "lab_share_latest") is None


def test_a_week_with_shares_not_adding_to_100_is_no_whole():
    rows = pd.DataFrame({"week_start": pd.to_datetime(["2026-06-01", "2026-06-01"]), "share_pct": [40.0, 30.0]})
    assert explore._parts_of_whole(rows, "week_start") is False
    assert explore._parts_of_whole(rows.assign(share_pct=[60.0, 40.0]), "week_start") is True


def week_picker(catalog, name):
    from macros.charts import specs
    from macros.publish import weekpick

    decl, view = named(catalog, name)
    rows = chartdecl.select(view.frame, decl)
    labels = catalog.meta("labs").column("country_group").enum
    built = {"wide": specs.spec(rows, decl, labels), "narrow": specs.spec(rows, decl, labels, narrow=True)}
    data = weekpick.describe(catalog, decl, rows, built, labels, "2026-01-01", lambda r: r)
    return json.loads(explore.encoded(data)) if data is not None else None  # as the file explore.js reads


def test_a_bar_chart_of_one_week_gets_every_full_week_made_from_that_weeks_rows(catalog):
    info = week_picker(catalog, "lab_share_latest")
    assert info["kind"] == "week" and info["week"] == R.latest_full_week().strftime("%Y-%m-%d")
    assert [w["week"] for w in info["weeks"]] == [w.strftime("%Y-%m-%d") for w in R.full_weeks()]
    for entry in info["weeks"]:
        week = pd.Timestamp(entry["week"])
        assert entry["title"] == f"Share of tokens by lab, week of {R.day(week, '%b')}"
        if entry["week"] == info["week"]:
            assert entry["wide"] == {} and entry["narrow"] == {}  # the built week swaps nothing in
            continue
        expected = R.lab_shares(week)
        for variant in ("wide", "narrow"):
            parts = entry[variant]
            assert set(parts) <= {"datasets", "data", "layer", "params"}  # never the palette or the size
            shown = parts["datasets"][parts["data"]["name"]]
            assert [r["share_pct"] for r in shown] == pytest.approx(list(expected.head(15)), abs=1e-9)
        top = expected.index[0]
        assert R.percent(expected.iloc[0]) in entry["alt"].replace("\u00a0", " ") and top not in ("",)


def test_a_week_pickers_file_holds_the_words_and_its_second_file_the_charts(catalog):
    from macros.publish import weekpick

    info = week_picker(catalog, "lab_share_latest")
    words, parts = weekpick.split(info)
    assert [w["week"] for w in words["weeks"]] == [w["week"] for w in info["weeks"]]
    assert all(set(w) == {"week", "text", "title", "subtitle", "alt"} for w in words["weeks"])
    assert parts["weeks"] == {w["week"]: {"wide": w["wide"], "narrow": w["narrow"]} for w in info["weeks"]}
    assert len(explore.encoded(words)) * 5 < len(explore.encoded(parts))  # the bytes are in the charts
    weekly = {"version": 1, "weeks": ["2026-06-01"], "rows": []}
    assert weekpick.split(weekly) == (weekly, None)  # a weekly chart's controls stay one file


def test_a_models_chart_switches_to_each_weeks_ten_and_a_snapshot_has_no_weeks(catalog):
    info = week_picker(catalog, "top_models_latest")
    earlier = next(w for w in info["weeks"] if w["week"] != info["week"])
    parts = earlier["wide"]
    shown = parts["datasets"][parts["data"]["name"]]
    ranking = R.model_ranking(pd.Timestamp(earlier["week"]))
    assert [r["tokens"] for r in shown] == [float(t) for t in ranking["tokens"].head(10)]
    # the bars' order is the week's own, not the built week's
    sort = parts["layer"][0]["encoding"]["y"]["sort"]
    assert sort == [r["__row"] for r in shown]
    assert week_picker(catalog, "top_models_seed") is None and week_picker(catalog, "lab_share_seed") is None
    assert week_picker(catalog, "country_share_weekly") is None
