"""Tables: escaped, units in headers, numbers right-aligned, sortable by value; golden from synthetic frames."""

from pathlib import Path

import pandas as pd

import synthetic
from macros.publish.htmltable import html_table, wide
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
