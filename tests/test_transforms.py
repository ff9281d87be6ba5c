"""Transforms on small hand-made frames (made up here, never published)."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.series import transforms as tf

LABS = pd.DataFrame({
    "author_slug": ["openai", "deepseek", "mistralai", "other"],
    "lab": ["OpenAI", "DeepSeek", "Mistral AI", "Other models"],
    "country": ["US", "CN", "FR", "UNKNOWN"],
    "country_group": ["US", "CN", "OTHER", "UNKNOWN"],
})


def test_shares_within_groups():
    frame = pd.DataFrame({"week": [1, 1, 2, 2], "tokens": [30.0, 10.0, 5.0, 5.0]})
    out = tf.shares(frame, "tokens", ["week"])
    assert out["share_pct"].tolist() == [75.0, 25.0, 50.0, 50.0]


def test_shares_of_an_all_zero_group_are_zero_not_nan():
    out = tf.shares(pd.DataFrame({"g": [1, 1], "tokens": [0.0, 0.0]}), "tokens", ["g"])
    assert out["share_pct"].tolist() == [0.0, 0.0]


def test_with_labs_keeps_unknown_authors_as_unknown():
    frame = pd.DataFrame({"author_slug": ["openai", "newlab"], "tokens": [1, 2]})
    out = tf.with_labs(frame, LABS)
    assert out["country_group"].tolist() == ["US", "UNKNOWN"]
    assert out["lab"].tolist() == ["OpenAI", "newlab"]
    assert out["tokens"].sum() == 3  # no row dropped


def test_country_shares_fill_missing_countries_with_zero():
    frame = pd.DataFrame({
        "week": ["a", "a", "b"], "country_group": ["US", "CN", "CN"], "tokens": [1.0, 3.0, 2.0],
    })
    out = tf.country_shares(frame, "week", "tokens")
    assert len(out) == 8  # 2 weeks x 4 groups
    b = out[out["week"] == "b"].set_index("country_group")["share_pct"]
    assert b["CN"] == 100.0 and b["US"] == 0.0 and b["OTHER"] == 0.0


def test_ranked_and_top_break_ties_stably():
    frame = pd.DataFrame({"model": ["b", "a", "c"], "tokens": [5, 5, 1]})
    out = tf.ranked(frame, "tokens")
    assert out["model"].tolist() == ["a", "b", "c"]
    assert out["rank"].tolist() == [1, 1, 3]
    assert tf.top(frame, "tokens", 1)["model"].tolist() == ["a", "b"]


def test_weekly_marks_partial_weeks():
    dates = pd.date_range("2026-05-24", "2026-06-01")  # Sun .. Mon: 1 + 7 + 1 days
    daily = pd.DataFrame({"date": dates, "author_slug": "openai", "tokens": 1})
    out = tf.weekly(daily, ["author_slug"])
    assert out["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2026-05-18", "2026-05-25", "2026-06-01"]
    assert out["days"].tolist() == [1, 7, 1]
    assert out["partial"].tolist() == [True, False, True]
    assert out["tokens"].tolist() == [1, 7, 1]


def test_week_start_is_monday():
    out = tf.week_start(pd.Series(pd.to_datetime(["2026-08-16", "2026-08-10", "2026-08-17"])))
    assert out.dt.strftime("%Y-%m-%d").tolist() == ["2026-08-10", "2026-08-10", "2026-08-17"]


@pytest.mark.parametrize("fn", [
    lambda f: tf.shares(f, "tokens", ["week"]),
    lambda f: tf.country_shares(f, "week", "tokens"),
    lambda f: tf.ranked(f, "tokens"),
    lambda f: tf.totals_by(f, "tokens", ["week"]),
])
def test_empty_input_gives_empty_output(fn):
    empty = pd.DataFrame({"week": pd.Series(dtype="int64"), "country_group": pd.Series(dtype="str"), "tokens": pd.Series(dtype="float64")})
    assert fn(empty).empty


def test_weekly_on_empty_input():
    empty = pd.DataFrame({"date": pd.Series(dtype="datetime64[s]"), "author_slug": pd.Series(dtype="str"), "tokens": pd.Series(dtype="int64")})
    assert tf.weekly(empty, ["author_slug"]).empty


rows = st.lists(
    st.tuples(st.sampled_from(["w1", "w2", "w3"]), st.sampled_from(["US", "CN", "OTHER", "UNKNOWN"]),
              st.integers(min_value=0, max_value=10**15)),
    min_size=1, max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_country_shares_sum_to_100_and_keep_totals(data):
    frame = pd.DataFrame(data, columns=["week", "country_group", "tokens"]).astype({"tokens": "float64"})
    out = tf.country_shares(frame, "week", "tokens")
    assert out["tokens"].sum() == pytest.approx(frame["tokens"].sum())
    for week, group in out.groupby("week"):
        total = frame.loc[frame["week"] == week, "tokens"].sum()
        expected = 100.0 if total > 0 else 0.0
        assert group["share_pct"].sum() == pytest.approx(expected)
        assert ((group["share_pct"] >= 0) & (group["share_pct"] <= 100)).all()
