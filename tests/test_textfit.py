"""Row names wrapped for a chart's axis: within the line length, and never two alike."""

from macros.charts import textfit


def test_names_that_start_alike_stay_distinct_once_wrapped():
    names = ["deepseek-v4-flash", "deepseek-v4-flash:free", "Chinese open-weight, late 2024",
             "Chinese open-weight, peak weeks of 2025", "Chinese open-weight, average week",
             "Rest of the world's open-weight, average week and then some more words to cut"]
    for chars in (16, 20, 36):
        rows = textfit.wrapped(names, chars)
        assert len(set(rows.values())) == len(names), rows
        for name, text in rows.items():
            assert all(len(line) <= chars for line in text.split("\n")), text
            assert text.replace("\n", " ").rstrip("…").replace("- ", "-")[:10] == name[:10]


def test_names_cut_to_the_same_lines_keep_all_their_lines():
    a, b = "Alpha beta gamma delta epsilon zeta eta one", "Alpha beta gamma delta epsilon zeta eta two"
    rows = textfit.wrapped([a, b], 10)
    assert rows[a] != rows[b] and "…" not in rows[a] + rows[b]


def test_wider_text_is_estimated_wider():
    assert textfit.text_px("WWW") > textfit.text_px("iii") > 0
    assert textfit.text_px("China 57.3 %", bold=True) > textfit.text_px("China 57.3 %")
