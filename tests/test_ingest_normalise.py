"""Normalising: real rows joined to the real catalogues; overlaps; authors the lab table lacks."""

from datetime import date

import pandas as pd
import pytest

from ingest_support import MERGED, MODELS_BARE, MODELS_WRAPPED, synthetic_rankings
from macros.data import authors as checks
from macros.ingest import normalise as norm
from macros.ingest import shapes

COLS = norm.DAILY_COLUMNS


@pytest.fixture(scope="module")
def real_rows() -> pd.DataFrame:
    rankings = shapes.parse_rankings(MERGED.read_bytes(), "merged")
    april = shapes.parse_models(MODELS_BARE.read_bytes(), "bare", "2026-04-24")
    august = shapes.parse_models(MODELS_WRAPPED.read_bytes(), "wrapped", "2026-08-19")
    return pd.DataFrame(norm.daily_rows([rankings], [august, april]), columns=COLS)


def one(rows: pd.DataFrame, slug: str) -> pd.Series:
    return rows[rows["model_permaslug"] == slug].iloc[0]


def test_counts(real_rows):
    assert len(real_rows) == 4590
    assert real_rows["date"].nunique() == 90
    assert (real_rows.groupby("date").size() == 51).all()  # top 50 + other, every day
    assert (real_rows["is_free"] == "true").sum() == 462
    merged = shapes.parse_rankings(MERGED.read_bytes(), "merged")
    assert real_rows["tokens"].astype("int64").sum() == sum(r.tokens for r in merged.rows)  # nothing dropped
    assert list(real_rows[["date", "model_permaslug"]].itertuples(index=False)) == sorted(real_rows[["date", "model_permaslug"]].itertuples(index=False))


def test_other_and_stealth_rows_are_kept_with_their_author(real_rows):
    other = real_rows[real_rows["model_permaslug"] == "other"]
    assert len(other) == 90 and set(other["author_slug"]) == {"other"} and set(other["model_id"]) == {""}
    assert one(real_rows, "openrouter/owl-alpha")["author_slug"] == "openrouter"
    assert one(real_rows, "stealth/ox-alpha")["author_slug"] == "stealth"


def test_anthropic_word_order_is_joined_on_canonical_slug(real_rows):
    row = one(real_rows, "anthropic/claude-4.6-sonnet-20260217")
    assert (row["model_id"], row["model_name"]) == ("anthropic/claude-sonnet-4.6", "Anthropic: Claude Sonnet 4.6")


def test_free_variants(real_rows):
    listed = one(real_rows, "openai/gpt-oss-120b:free")
    assert listed["model_id"] == "openai/gpt-oss-120b:free" and listed["is_free"] == "true"
    # the catalogue lists no :free id for this one: the plain id of the same canonical slug
    fallback = one(real_rows, "tencent/hy3-20260706:free")
    assert fallback["model_id"] == "tencent/hy3" and fallback["is_free"] == "true"
    assert one(real_rows, "tencent/hy3-20260706")["model_id"] == "tencent/hy3"


def test_models_missing_from_both_catalogues_keep_empty_names(real_rows):
    missing = sorted(set(real_rows.loc[real_rows["model_id"] == "", "model_permaslug"]))
    assert missing == [
        "openrouter/owl-alpha", "other", "poolside/laguna-m.1-20260312:free", "poolside/laguna-xs.2-20260421:free",
        "stealth/ox-alpha", "z-ai/glm-5.3-20260816",
    ]


def test_an_older_snapshot_names_models_the_newer_one_dropped(real_rows):
    assert one(real_rows, "google/gemini-2.0-flash-001")["model_id"] == "google/gemini-2.0-flash-001"


def test_model_rows_keep_every_snapshot_and_prices_are_exact():
    april = shapes.parse_models(MODELS_BARE.read_bytes(), "bare", "2026-04-24")
    august = shapes.parse_models(MODELS_WRAPPED.read_bytes(), "wrapped", "2026-08-19")
    table = pd.DataFrame(norm.model_rows([august, april]), columns=norm.MODELS_COLUMNS)
    assert len(table) == len(april.models) + len(august.models)
    assert table[["id", "as_of"]].values.tolist() == sorted(table[["id", "as_of"]].values.tolist())  # by id, then date
    rows = table.drop_duplicates("id", keep="last").set_index("id")  # each id's latest snapshot
    assert rows.loc["qwen/qwen3.8-27b", ["input_usd_per_mtok", "output_usd_per_mtok"]].tolist() == ["0.45", "3.2"]
    assert rows.loc["openrouter/auto", ["input_usd_per_mtok", "output_usd_per_mtok"]].tolist() == ["", ""]
    assert table.loc[table["id"] == "ai21/jamba-large-1.7", "as_of"].tolist() == ["2026-04-24T00:00:00Z", "2026-08-19T00:00:00Z"]  # in both
    assert rows.loc["google/gemini-2.0-flash-001", "as_of"] == "2026-04-24T00:00:00Z"  # only in April
    assert rows.loc["~anthropic/claude-sonnet-latest", "author_slug"] == "~anthropic"


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_overlapping_windows_keep_one_row_per_day_and_model_with_the_later_as_of(order):
    early = shapes.parse_rankings(synthetic_rankings(date(2025, 3, 1), date(2025, 3, 10), "2025-03-11T01:00:00Z"), "a")
    late = shapes.parse_rankings(synthetic_rankings(date(2025, 3, 5), date(2025, 3, 15), "2025-03-16T01:00:00Z", scale=2), "b")
    pair = [early, late]
    rows = pd.DataFrame(norm.daily_rows([pair[i] for i in order], []), columns=COLS)
    assert not rows.duplicated(["date", "model_permaslug"]).any()
    assert rows["date"].nunique() == 15 and len(rows) == 15 * 4
    day = rows[(rows["date"] == "2025-03-07") & (rows["model_permaslug"] == "other")].iloc[0]
    assert (day["tokens"], day["as_of"]) == (str(1_000 * 2 * 7), "2025-03-16T01:00:00Z")
    day = rows[(rows["date"] == "2025-03-02") & (rows["model_permaslug"] == "other")].iloc[0]
    assert (day["tokens"], day["as_of"]) == (str(1_000 * 2), "2025-03-11T01:00:00Z")


def test_the_same_rows_give_the_same_bytes():
    a = shapes.parse_rankings(synthetic_rankings(date(2025, 3, 1), date(2025, 3, 3), "2025-03-04T00:00:00Z"), "a")
    first = norm.to_csv(COLS, norm.daily_rows([a], []))
    assert first == norm.to_csv(COLS, norm.daily_rows([a, a], []))
    assert first.endswith(b"\n") and b"\r" not in first


# --- authors missing from the lab table (SYNTHETIC frames) -------------------------------------------


def _daily(rows):
    frame = pd.DataFrame(rows, columns=["date", "author_slug", "tokens"])
    return frame.assign(date=pd.to_datetime(frame["date"]))


def test_unmapped_authors_are_reported_by_name_with_tokens():
    daily = _daily([("2030-01-07", "known", 990), ("2030-01-07", "newlab", 10), ("2030-01-14", "known", 900), ("2030-01-14", "newlab", 100)])
    table = checks.unmapped(daily, {"known"})
    assert table[["author_slug", "tokens"]].values.tolist() == [["newlab", 10], ["newlab", 100]]
    assert table["share_pct"].round(2).tolist() == [1.0, 10.0]
    notes = checks.unmapped_notes(daily, {"known"})
    assert notes[0].startswith("'newlab' is not in data/labs.csv: 10 tokens, 1.00 % of the week of 2030-01-07, a partial week of 1 day(s)")


def test_the_rule_fails_only_weeks_over_one_percent_of_all_unmapped_authors_together():
    daily = _daily([("2030-01-07", "known", 990), ("2030-01-07", "lab-a", 6), ("2030-01-07", "lab-b", 6),
                    ("2030-01-14", "known", 995), ("2030-01-14", "lab-a", 5)])
    found = checks.unmapped_problems(daily, {"known"}, "data/openrouter_daily.csv", lambda pos: pos + 2)
    assert [(p.line, p.column, p.value) for p in found] == [(3, "author_slug", "lab-a"), (4, "author_slug", "lab-b")]
    assert "1.20 % of that week (at most 1 % allowed)" in found[0].expected


def test_no_rows_no_unmapped_authors():
    assert checks.unmapped(_daily([]), set()).empty
