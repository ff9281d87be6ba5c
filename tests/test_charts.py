"""Chart specs against golden files made from synthetic frames (tests/synthetic.py).

Regenerate after an intended change with: UPDATE_GOLDEN=1 make test
"""

import json
import os
from pathlib import Path

import pandas as pd
import pytest

import synthetic
from macros.charts import builders
from macros.charts import decl as chartdecl
from macros.charts import plan as chartplan
from macros.charts import specs as chartspec
from macros.charts import alttext
from macros.charts import theme
from macros.charts.decl import ChartDecl
from macros.core import options

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "line_country_weekly": (synthetic.country_weekly, ChartDecl(
        name="t", view="v", mark="line", x="week_start", y="share_pct", color="country", tooltip=("total_tokens",))),
    "line_partial_week": (synthetic.country_weekly_with_partial_week, ChartDecl(
        name="t", view="v", mark="line", x="week_start", y="share_pct", color="country")),
    "area_country_weekly": (synthetic.country_weekly, ChartDecl(
        name="t", view="v", mark="area", x="week_start", y="share_pct", color="country")),
    "bar_lab_shares": (synthetic.lab_shares, ChartDecl(
        name="t", view="v", mark="bar", x="share_pct", y="lab", color="country", sort="-share_pct", tooltip=("tokens",))),
    "point_benchmark_gap": (synthetic.benchmark_gap, ChartDecl(
        name="t", view="v", mark="point", x="score", y="snapshot_date", color="country", tooltip=("model",))),
}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("case", sorted(CASES))
def test_spec_matches_golden(case):
    make, decl = CASES[case]
    rows = chartdecl.select(make(), decl)
    spec = builders.to_spec(builders.build(rows, decl, synthetic.LABELS))
    check_golden(f"{case}.vl.json", json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _numbers_changed(frame, step):
    """The same rows with every number moved (as a data edit moves some): same shape, new values."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]) or (pd.api.types.is_integer_dtype(out[column]) and column != "days"):
            out[column] = out[column] + step
    return out


@pytest.mark.parametrize("narrow", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_kept_shapes_give_the_spec_altair_gives(case, narrow, monkeypatch):
    """chartspec.spec skips Altair for a shape seen before: it must give what Altair gives, for the
    first rows of a shape and for rows of the same shape with other numbers (a data edit)."""
    monkeypatch.setattr(chartspec, "_SHAPES", {})
    make, decl = CASES[case]
    for step in (0, 1, 7):
        rows = chartdecl.select(_numbers_changed(make(), step), decl)
        fresh = builders.to_spec(builders.build(rows, decl, synthetic.LABELS, narrow=narrow))
        assert chartspec.spec(rows, decl, synthetic.LABELS, narrow=narrow) == fresh, (case, step)
    assert len(chartspec._SHAPES) == 1  # one Altair build; the other two came from the kept shape


def test_other_dates_and_names_take_the_kept_shape_and_give_what_altair_gives(monkeypatch):
    """Rows that change only the shape's values with stand-ins (one week fewer on the axis: other
    ticks and room; other bars, in another order) give Altair's spec from the one kept shape."""
    for case, fewer in (("line_country_weekly", lambda r: r[r["week_start"] < r["week_start"].max()]),
                        ("bar_lab_shares", lambda r: r.iloc[1:].iloc[::-1])):
        monkeypatch.setattr(chartspec, "_SHAPES", {})
        make, decl = CASES[case]
        rows = chartdecl.select(make(), decl)
        chartspec.spec(rows, decl, synthetic.LABELS)
        other = fewer(rows)
        assert chartspec.spec(other, decl, synthetic.LABELS) == builders.to_spec(builders.build(other, decl, synthetic.LABELS))
        assert len(chartspec._SHAPES) == 1, case


def test_a_new_shape_is_built_by_altair_again(monkeypatch):
    """Rows that change what the spec holds, not only values in it (a partial week: one more
    layer), are not given an old shape."""
    monkeypatch.setattr(chartspec, "_SHAPES", {})
    make, decl = CASES["line_partial_week"]
    rows = chartdecl.select(make(), decl)
    whole = rows[~rows["partial"].astype(bool)].drop(columns="partial")
    for some in (whole, rows):
        assert chartspec.spec(some, decl, synthetic.LABELS) == builders.to_spec(builders.build(some, decl, synthetic.LABELS))
    assert len(chartspec._SHAPES) == 2


def test_a_shape_is_kept_on_disk_for_the_next_process(monkeypatch, tmp_path):
    """A shape Altair made is the same for the next build (of other data too): taken from the disk, not
    built again, and the spec is the one Altair gives for the new rows."""
    make, decl = CASES["line_country_weekly"]
    rows = chartdecl.select(make(), decl)
    with options.using(options.BuildOptions(cache_dir=tmp_path / "cache")):
        monkeypatch.setattr(chartspec, "_SHAPES", {})
        chartspec.spec(rows, decl, synthetic.LABELS)
        assert len(list((tmp_path / "cache" / "data" / "shape").rglob("*.pickle"))) == 1
        monkeypatch.setattr(chartspec, "_SHAPES", {})  # a new process
        monkeypatch.setattr(chartspec, "_new_shape", lambda *a: pytest.fail("Altair ran for a shape on disk"))
        fewer = rows[rows["week_start"] < rows["week_start"].max()]
        assert chartspec.spec(fewer, decl, synthetic.LABELS) == builders.to_spec(builders.build(fewer, decl, synthetic.LABELS))


def test_a_value_that_does_more_than_stand_in_keys_its_shape(monkeypatch):
    """A builder that computes with a value (here: the height, plus one) makes two sets of stand-ins
    give specs that differ by more than the stand-ins: that shape is keyed by its values instead,
    for a phone's chart too (its short country names, from the caller's labels)."""
    plain = builders.from_plan
    def computing(plan, decl, labels, narrow):
        return plain(plan, decl, labels, narrow).properties(height=plan.shape["height"] + 1)
    monkeypatch.setattr(builders, "from_plan", computing)
    # the code changed in this process only: no shape an earlier process left on disk
    monkeypatch.setattr(options, "_ACTIVE", [options.active().replace(disk_cache=False)])
    for case, narrow, fewer in (("bar_lab_shares", False, lambda r: r.iloc[1:]),
                                ("line_country_weekly", True, lambda r: r[r["week_start"] < r["week_start"].max()])):
        monkeypatch.setattr(chartspec, "_SHAPES", {})
        monkeypatch.setattr(chartspec, "_BY_VALUE", {})
        make, decl = CASES[case]
        rows = chartdecl.select(make(), decl)
        for some in (rows, fewer(rows)):
            labels, plan = chartplan.planned(some, decl, synthetic.LABELS, narrow)
            fresh = builders.to_spec(computing(plan, decl, labels, narrow))
            assert chartspec.spec(some, decl, synthetic.LABELS, narrow=narrow) == fresh, case
        assert len(chartspec._BY_VALUE) == 1 and len(chartspec._SHAPES) == 2, case


def test_every_chart_of_the_real_data_is_the_spec_altair_gives(catalog, monkeypatch):
    """Every named chart, and the charts of a sample of lab and model pages, wide and narrow, over
    the repository's rows: from kept shapes, the spec Altair gives; fewer shapes than charts."""
    from macros.charts import declarations
    from macros.series import views

    monkeypatch.setattr(chartspec, "_SHAPES", {})
    labels = catalog.meta("labs").column("country_group").enum
    charts = [declarations.named(catalog, name) for name in sorted(declarations.NAMED_CHARTS)]
    labs = sorted(views.labs(catalog)["author_slug"])[:: 4]
    models = sorted(views.models_index(catalog)["model"])[:: 6]
    charts += [declarations.declare(catalog, f"lab-{lab}", dict(view="lab_weekly", lab=lab, mark="line", x="week_start",
                                                                y="share_pct", color="country", label="lab")) for lab in labs]
    charts += [declarations.declare(catalog, f"model-{m}", dict(view="model_weekly", model=m, mark="line", x="week_start",
                                                                y="tokens", color="country", label="model_label")) for m in models]
    charts = [(decl, view) for decl, view in charts if not view.frame.empty]  # a page draws no chart of no rows
    for decl, view in charts:
        rows = chartdecl.select(view.frame, decl)
        for narrow in (False, True):
            fresh = builders.to_spec(builders.build(rows, decl, labels, narrow=narrow))
            assert chartspec.spec(rows, decl, labels, narrow=narrow) == fresh, (decl.name, narrow)
    assert len(chartspec._SHAPES) < len(charts)


def test_specs_are_deterministic():
    make, decl = CASES["line_country_weekly"]
    one = builders.to_spec(builders.build(chartdecl.select(make(), decl), decl, synthetic.LABELS))
    two = builders.to_spec(builders.build(chartdecl.select(make(), decl), decl, synthetic.LABELS))
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)


def test_country_colours_are_fixed_by_country_not_by_order():
    decl = CASES["bar_lab_shares"][1]
    spec = builders.to_spec(builders.build(chartdecl.select(synthetic.lab_shares(), decl), decl, synthetic.LABELS))
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["United States", "China", "Other countries", "Unknown"]
    assert scale["range"] == "category"
    assert spec["config"]["range"]["category"] == [theme.COUNTRY_COLORS["light"][g] for g in theme.COUNTRY_ORDER]
    dark = theme.config("dark")["range"]["category"]
    assert dark != spec["config"]["range"]["category"] and len(dark) == 4


def test_embedded_rows_are_only_the_columns_used():
    make, decl = CASES["bar_lab_shares"]
    spec = builders.to_spec(builders.build(chartdecl.select(make(), decl), decl, synthetic.LABELS))
    rows = next(iter(spec["datasets"].values()))
    # plus what the chart draws from them: the row's name as the axis shows it, the text beside each bar
    assert set(rows[0]) == {"lab", "share_pct", "country", "tokens", "share_pct__text", "tokens__text",
                            chartplan.ROW, chartplan.MARK_TEXT}
    assert {r[chartplan.MARK_TEXT] for r in rows} == {f"{r['share_pct__text']} · {r['country']}" for r in rows}


def test_top_cuts_after_sorting():
    decl = ChartDecl(name="t", view="v", mark="bar", x="share_pct", y="lab", sort="-share_pct", top=2)
    assert chartdecl.select(synthetic.lab_shares(), decl)["lab"].tolist() == ["Test lab A", "Test lab B"]


def test_findings_state_the_main_result():
    make, decl = CASES["line_country_weekly"]
    text = alttext.finding(chartdecl.select(make(), decl), decl)
    assert text.startswith("In the week of 21 Jan 2030, China had the largest share of tokens at 52.0\u00a0%")
    assert "ahead of United States at 40.0\u00a0%" in text and "+12.0\u00a0pts" in text
    make, decl = CASES["point_benchmark_gap"]
    text = alttext.finding(chartdecl.select(make(), decl), decl)
    assert "a gap of 10.0 points" in text and "a gap of 4.0 points" in text
    make, decl = CASES["bar_lab_shares"]
    text = alttext.finding(chartdecl.select(make(), decl), decl)
    assert text.startswith("Largest share of tokens: Test lab A (China) 40.0\u00a0%")
    assert "United States 50.0\u00a0%" in text


def test_partial_week_is_marked_and_kept_off_the_line():
    make, decl = CASES["line_partial_week"]
    rows = chartdecl.select(make(), decl)
    spec = builders.to_spec(builders.build(rows, decl, synthetic.LABELS))
    layers = spec["layer"]
    assert layers[0]["transform"] == [{"filter": "!datum.partial"}] and layers[0]["mark"]["type"] == "line"
    assert layers[2]["transform"] == [{"filter": "datum.partial"}] and layers[2]["mark"]["filled"] is False
    data = next(iter(spec["datasets"].values()))
    assert {r["period_note"] for r in data} == {"Full week", "Partial week: 3 of 7 days"}
    labels = [v for k, v in spec["datasets"].items()][1]
    # end labels say the last full week's values, drawn past the partial week's hollow points (not over them)
    assert {r["week_start"] for r in labels} == {"2030-01-28"}
    last_full = {(r["country"], r["share_pct"]) for r in data if r["week_start"] == "2030-01-21"}
    assert {(r["country"], r["share_pct"]) for r in labels} == last_full
    text = alttext.finding(rows, decl)
    assert text.startswith("In the week of 21 Jan 2030")


def test_embedded_rows_are_what_altair_embeds_for_missing_and_odd_values():
    """chartspec.spec writes a chart's rows itself (faster than Altair's converter): the same values."""
    import altair as alt
    import numpy as np

    frame = pd.DataFrame({
        "text": ["a", None, "<b>&", np.nan], "number": [1.5, np.nan, np.inf, -np.inf], "count": [1, 2, 3, 4],
        "flag": [True, False, True, False], "small": pd.Series([1, 2, 3, 4], dtype="uint8"),
    })
    assert chartspec._records(frame) == alt.data_transformers.get()(frame)["values"]
    assert chartspec._records(frame)[1] == {"text": None, "number": None, "count": 2, "flag": False, "small": 2}
    dates = pd.DataFrame({"when": pd.to_datetime(["2026-01-01"])})
    assert chartspec._records(dates) is None  # a type the charts do not embed: left to Altair
    nullable = pd.DataFrame({"tokens": pd.Series([1, None, 3], dtype="Int64")})
    assert chartspec._records(nullable) is None  # <NA>: left to Altair, which writes null
    assert chartspec._records(nullable.head(1)) == alt.data_transformers.get()(nullable.head(1))["values"]


def test_a_shape_made_over_the_first_rows_gives_the_spec_of_the_whole_rows(monkeypatch):
    """A new shape is built by Altair over each table's first rows (Altair copies whole tables at
    every layer): with the whole rows put in, the spec Altair gives over the whole rows, a missing
    value past the first rows included."""
    monkeypatch.setattr(chartspec, "_SHAPES", {})
    make, decl = CASES["bar_lab_shares"]
    rows = chartdecl.select(make(), decl)
    rows["tokens"] = pd.Series(range(len(rows)), dtype="Int64", index=rows.index).where(lambda s: s != len(rows) - 1)
    assert rows["tokens"].hasnans and not rows["tokens"].head(1).hasnans
    for narrow in (False, True):
        fresh = builders.to_spec(builders.build(rows, decl, synthetic.LABELS, narrow=narrow))
        assert chartspec.spec(rows, decl, synthetic.LABELS, narrow=narrow) == fresh


def test_a_line_is_not_drawn_across_a_missing_week():
    """A series with no row for a week (as a lab page's weeks from separate snapshots) breaks its line
    there: the points stay, the stretch between is not joined. Series without a gap are one line."""
    make, decl = CASES["line_country_weekly"]
    frame = make()
    frame = frame[~((frame["country_group"] == "US") & (frame["week_start"] == pd.Timestamp("2030-01-14")))]
    spec = builders.to_spec(builders.build(chartdecl.select(frame, decl), decl, synthetic.LABELS))
    assert chartspec.spec(chartdecl.select(frame, decl), decl, synthetic.LABELS) == spec
    line = spec["layer"][0]
    assert line["mark"]["type"] == "line" and line["encoding"]["detail"] == {"field": chartplan.SEGMENT, "type": "nominal"}
    rows = spec["datasets"][line["data"]["name"]]
    segments = {(r["country"], r["week_start"]): r[chartplan.SEGMENT] for r in rows}
    assert [segments[("United States", w)] for w in ("2030-01-07", "2030-01-21")] == [0, 1]
    assert {segments[("China", w)] for w in ("2030-01-07", "2030-01-14", "2030-01-21")} == {0}
    assert spec["layer"][1]["mark"]["type"] == "point"  # every measured week keeps its dot

    whole = builders.to_spec(builders.build(chartdecl.select(make(), decl), decl, synthetic.LABELS))
    assert "detail" not in whole["layer"][0]["encoding"]
    assert chartplan.SEGMENT not in whole["datasets"][whole["layer"][0]["data"]["name"]][0]


def test_a_partial_week_after_a_gap_is_not_a_gap_in_the_line():
    """The week in progress is drawn apart anyway (a hollow point): it never splits the full weeks."""
    make, decl = CASES["line_partial_week"]
    frame = make()
    frame.loc[frame["partial"], "week_start"] = pd.Timestamp("2030-02-18")  # three weeks after the last full one
    spec = builders.to_spec(builders.build(chartdecl.select(frame, decl), decl, synthetic.LABELS))
    assert "detail" not in spec["layer"][0]["encoding"]


def test_a_broken_line_is_explained_in_the_chart_note():
    make, decl = CASES["line_country_weekly"]
    frame = make()
    gap = frame[frame["week_start"] != pd.Timestamp("2030-01-14")]
    assert chartplan.has_gap(chartdecl.select(gap, decl), decl) and not chartplan.has_gap(chartdecl.select(frame, decl), decl)


def test_a_single_line_is_described_by_its_own_value_not_as_the_largest():
    make, decl = CASES["line_country_weekly"]
    frame = make()
    text = alttext.finding(chartdecl.select(frame[frame["country_group"] == "US"], decl), decl)
    assert text.startswith("In the week of 21 Jan 2030, United States' share of tokens was 40.0\u00a0%."), text
    assert "largest" not in text and "States's" not in text


def test_a_scatter_names_its_dots_and_a_change_adds_up_as_shown():
    """A scatter of two quantities names each dot (not '25.0 (United States) $5.00'); a change is the
    difference of the values as shown, and values that show the same are not called a change."""
    prices = pd.DataFrame({"model": ["A", "B"], "country": ["United States", "China"],
                           "input_usd_per_mtok": [5.0, 0.3], "output_usd_per_mtok": [25.0, 1.2]})
    decl = ChartDecl(name="p", view="v", mark="point", x="input_usd_per_mtok", y="output_usd_per_mtok",
                     color="country", tooltip=("model",))
    assert alttext.finding(prices, decl).startswith("Largest input price: A (United States) $5.00, then B (China) $0.30")

    make, decl = CASES["line_country_weekly"]
    frame = make()
    us = frame[frame["country_group"] == "US"].copy()
    us["share_pct"] = [0.24, 0.5, 0.16]  # shown as 0.2 %, 0.5 %, 0.2 %
    text = alttext.finding(chartdecl.select(us, decl), decl)
    assert "It was 0.2\u00a0% in the week of 7 Jan 2030 too." in text and "pts" not in text, text
    us["share_pct"] = [0.26, 0.5, 0.44]  # 0.3 % to 0.4 %: +0.1 pts as shown (the raw difference is 0.18)
    assert "(+0.1\u00a0pts)" in alttext.finding(chartdecl.select(us, decl), decl)


def test_a_ranking_by_tokens_reads_most_tokens():
    frame = pd.DataFrame({"model_label": ["A", "B"], "tokens": [8.21e12, 6e12]})
    decl = ChartDecl(name="t", view="v", mark="bar", x="tokens", y="model_label")
    assert alttext.finding(frame, decl).startswith("Most tokens: A 8.21T")


def test_a_series_is_named_by_its_label_only_when_each_series_has_one():
    decl = ChartDecl(name="s", view="v", mark="line", x="week_start", y="share_pct", color="country", label="lab")
    one_lab = pd.DataFrame({"country": ["China", "China"], "lab": ["Xiaomi", "Xiaomi"]})
    assert chartdecl.series_column(one_lab, decl) == "lab"
    two_labs = pd.DataFrame({"country": ["China", "China"], "lab": ["Xiaomi", "DeepSeek"]})
    assert chartdecl.series_column(two_labs, decl) == "country"  # labels finer than the lines: the lines' own names


def test_a_median_price_is_given_to_the_cent():
    """List prices are shown as published ($0.7448); a median of them is computed, so it is rounded."""
    frame = pd.DataFrame({"model": ["A", "B", "C", "D"], "country": ["China", "China", "United States", "United States"],
                          "input_usd_per_mtok": [0.7448, 0.325, 5.0, 3.0]})
    decl = ChartDecl(name="p", view="v", mark="bar", x="input_usd_per_mtok", y="model", color="country")
    text = alttext.finding(frame, decl)
    assert "A (China) $0.7448" in text  # the prices themselves as published
    assert text.endswith("Median: United States $4.00, China $0.53."), text


def test_a_dumbbell_leaves_room_for_its_outermost_names():
    """The lower dot's name is drawn to its left: at the end of the axis it would cover the row labels
    (seen on a phone). The x scale keeps room for the longest name on both sides."""
    make, decl = CASES["point_benchmark_gap"]
    rows = chartdecl.select(make(), decl)
    spec = builders.to_spec(builders.build(rows, decl, synthetic.LABELS))
    longest = max(len(str(v)) for v in rows[decl.tooltip[0]])
    paddings = {layer["encoding"]["x"]["scale"].get("padding") for layer in spec["layer"]}
    assert paddings == {longest * chartplan.DUMBBELL_CHAR_PX + 12}
