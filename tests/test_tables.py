"""Tables: escaped, units in headers, numbers right-aligned, sortable by value; golden from synthetic frames."""

from pathlib import Path

import pandas as pd

import synthetic
from macros.publish.htmltable import html_table, wide
from macros.series.fields import Field
from test_charts import check_golden


def test_lab_table_golden():
    html = html_table(synthetic.lab_shares(), ["lab", "country", "tokens", "share_pct"])
    check_golden("table_lab_shares.html", html + "\n")


def test_wide_table_golden():
    table, fields = wide(synthetic.country_weekly(), "week_start", "country", "share_pct")
    check_golden("table_country_weekly.html", html_table(table, list(table.columns), fields=fields) + "\n")


def test_headers_carry_units_and_numbers_align_right():
    html = html_table(synthetic.lab_shares(), ["lab", "tokens", "share_pct"])
    assert '<th scope="col" data-type="number" class="ts-num">Share of tokens (%)</th>' in html
    assert '<td data-sort="40.0" class="ts-num">40.0</td>' in html
    assert '<td data-sort="4000000000000.0" class="ts-num">4.00T</td>' in html


def test_cells_are_escaped():
    frame = pd.DataFrame({"lab": ['<img src=x onerror="alert(1)">'], "share_pct": [1.0]})
    html = html_table(frame, ["lab", "share_pct"])
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_missing_values_show_a_dash():
    frame = pd.DataFrame({"lab": ["A"], "tokens": [float("nan")]})
    assert '<td data-sort="" class="ts-num">–</td>' in html_table(frame, ["lab", "tokens"])


def test_a_column_with_one_value_in_every_row_is_said_once_above_the_table():
    frame = pd.DataFrame({"model": ["Kimi K2.6", "GLM-5.1", "MiMo"], "status": ["full week"] * 3, "tokens": [1e9, 1e9, 2e9]})
    fields = {"status": Field("status", "Week", "nominal")}
    html = html_table(frame, ["model", "status", "tokens"], fields=fields)
    assert html.startswith('<p class="ts-table-same">Every row below has Week: full week.</p>')
    head = html.split("<thead>")[1].split("</thead>")[0]
    assert ">Week<" not in head and "Model" in head
    assert "full week" not in html.split("<tbody>")[1]
    # A number the same in every row is a value, not a label: it stays in its column.
    assert html.count('data-sort="1000000000.0"') == 2


def test_a_column_that_varies_or_a_single_row_keeps_its_column():
    varied = pd.DataFrame({"model": ["A", "B"], "status": ["full week", "partial week"]})
    one = pd.DataFrame({"model": ["A"], "status": ["full week"]})
    fields = {"status": Field("status", "Week", "nominal")}
    for frame in (varied, one):
        html = html_table(frame, ["model", "status"], fields=fields)
        assert "ts-table-same" not in html and ">Week<" in html and ">full week<" in html


def test_the_same_value_is_escaped_where_it_is_said():
    frame = pd.DataFrame({"model": ["A", "B"], "lab": ["<b>x</b>", "<b>x</b>"], "country": ["China", "Chile"]})
    html = html_table(frame, ["model", "lab", "country"])
    assert "&lt;b&gt;x&lt;/b&gt;" in html.split("</p>")[0] and "<b>" not in html


def test_date_cells_are_marked_so_they_never_wrap():
    table, fields = wide(synthetic.country_weekly(), "week_start", "country", "share_pct")
    html = html_table(table, list(table.columns), fields=fields)
    assert '<th scope="col" data-type="date" class="ts-date">' in html
    assert all('class="ts-date"' in row.split("</td>")[0] for row in html.split("<tr>")[2:])
    css = (Path(__file__).parents[1] / "docs" / "assets" / "tokenshare.css").read_text(encoding="utf-8")
    assert "td.ts-date" in css and "white-space: nowrap" in css.split("td.ts-date")[1].split("}")[0]


def test_an_empty_column_is_dropped_without_a_word():
    frame = pd.DataFrame({"column": ["a", "b"], "unit": ["", ""], "type": ["string", "string"], "notes": ["x", "y"]})
    html = html_table(frame, ["column", "unit", "type", "notes"])
    assert html.startswith('<p class="ts-table-same">Every row below has Type: string.</p>')
    assert "Unit" not in html


def test_hyphenated_names_are_kept_on_one_line_and_still_escaped():
    frame = pd.DataFrame({"model": ["MiMo-V2-Pro", "x-<b>", "Claude Opus 4.6"], "tokens": [1.0, 2.0, 3.0]})
    html = html_table(frame, ["model", "tokens"])
    assert '<span class="ts-word">MiMo-V2-Pro</span>' in html
    assert '<span class="ts-word">x-&lt;b&gt;</span>' in html and "<b>" not in html
    assert ">Claude Opus 4.6</td>" in html
