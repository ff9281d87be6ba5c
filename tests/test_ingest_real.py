"""Importing the real responses of tests/fixtures/openrouter into a copy of data/: counts, joins, the FACTS.md §2
weekly table computed from the daily rows, idempotence, overlaps, and rebuilding from raw alone.

The real files are read in place; they and what is made from them only ever
live in pytest's temporary directories.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from facts import facts_author_tokens, facts_weeks
from ingest_support import MERGED, MODELS_BARE, MODELS_WRAPPED, data_copy, rewrap_official, tree_hash
from macros.series import views
from macros.data.catalog import Catalog
from macros.ingest import cli
from macros.ingest import pipeline

DERIVED = ["openrouter_daily.csv", "openrouter_daily.meta.yml", "openrouter_models.csv", "openrouter_models.meta.yml"]



def run_cli(*args) -> int:
    return cli.main([str(a) for a in args])


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    data = data_copy(tmp_path_factory.mktemp("real") / "data")
    assert run_cli("--data", data, "import", MERGED, MODELS_BARE, MODELS_WRAPPED) == 0
    return data


@pytest.fixture
def imported_copy(imported, tmp_path) -> Path:
    return Path(shutil.copytree(imported, tmp_path / "data"))


@pytest.fixture(scope="module")
def cat(imported) -> Catalog:
    return Catalog(imported).require_valid()


def test_files_and_counts(imported):
    raw = sorted(str(p.relative_to(imported)) for p in (imported / "raw").rglob("*.json"))
    assert raw == [
        "raw/models/20260424T000000Z.json", "raw/models/20260819T000000Z.json",
        "raw/rankings-daily/2026-05-24_2026-08-21__20260822T000000Z.json",
    ]
    assert (imported / "raw" / "rankings-daily" / raw[2].split("/")[-1]).read_bytes() == MERGED.read_bytes()  # as received
    daily = pd.read_csv(imported / "openrouter_daily.csv", dtype=str, keep_default_na=False)
    assert list(daily.columns) == ["date", "model_permaslug", "author_slug", "model_id", "model_name", "is_free", "tokens", "as_of", "source"]
    assert len(daily) == 4590 and set(daily["source"]) == {"openrouter-data-api"} and set(daily["as_of"]) == {"2026-08-22T00:00:00Z"}
    models = pd.read_csv(imported / "openrouter_models.csv", dtype=str, keep_default_na=False)
    assert len(models) == 351 + 549 and not models.duplicated(["id", "as_of"]).any()  # every snapshot's rows
    assert models["id"].nunique() == 648 and sorted(set(models["as_of"])) == ["2026-04-24T00:00:00Z", "2026-08-19T00:00:00Z"]


def test_the_imported_data_validates_with_its_as_of(cat):
    assert cat.meta("openrouter_daily").as_of == "2026-08-22T00:00:00Z"
    assert cat.meta("openrouter_models").as_of == "2026-08-19T00:00:00Z"
    daily = cat.frame("openrouter_daily")
    assert daily["tokens"].dtype == "int64" and daily["is_free"].sum() == 462
    assert daily["date"].min() == pd.Timestamp("2026-05-24") and daily["date"].max() == pd.Timestamp("2026-08-21")


def test_weekly_country_shares_match_facts_section_2(cat):
    frame = views.country_weekly(cat).frame
    expected = facts_weeks()
    full = frame[~frame["partial"]]
    assert sorted(full["week_start"].dt.strftime("%Y-%m-%d").unique()) == sorted(expected)
    for row in full.itertuples():
        week = expected[row.week_start.strftime("%Y-%m-%d")]
        assert row.share_pct == pytest.approx(week[row.country_group], abs=0.1), (row.week_start, row.country_group)
        assert row.total_tokens / 1e12 == pytest.approx(week["total_t"], abs=0.1)
    partial = frame[frame["partial"]].drop_duplicates("week_start")
    assert partial[["week_start", "days"]].values.tolist() == [[pd.Timestamp("2026-05-18"), 1], [pd.Timestamp("2026-08-17"), 5]]


@pytest.mark.parametrize("week", ["2026-05-25", "2026-08-10"])
def test_tokens_by_author_match_facts(cat, week):
    shares = views.lab_shares(cat, week).frame.set_index("author_slug")
    expected = facts_author_tokens(week)
    assert set(expected) == set(shares.index)
    for author, billions in expected.items():
        assert shares.loc[author, "tokens"] / 1e9 == pytest.approx(billions, abs=0.1), author
    assert shares["share_pct"].sum() == pytest.approx(100.0)


def test_latest_full_week_and_top_models(cat):
    assert views.resolve_week(cat, "latest") == pd.Timestamp("2026-08-10")
    top = views.top_models(cat, "latest").frame
    assert top["model"].tolist()[:3] == ["deepseek/deepseek-v4-flash-20260731", "tencent/hy3-20260706", "openai/gpt-5.6-luna-20260709"]
    assert top["model"].iloc[9] == "nvidia/nemotron-3-ultra-550b-a55b-20260604:free"
    assert (top["tokens"] / 1e12).round(2).tolist() == [11.18, 9.95, 5.31, 4.83, 4.33, 3.79, 2.74, 2.67, 2.28, 2.14]


def test_importing_the_same_files_again_changes_nothing(imported_copy, capsys):
    before = tree_hash(imported_copy)
    assert run_cli("--data", imported_copy, "import", MODELS_WRAPPED, MERGED, MODELS_BARE) == 0
    assert "nothing changed (already imported)" in capsys.readouterr().out
    assert tree_hash(imported_copy) == before


def test_the_official_shape_overlapping_the_merged_file_keeps_one_row_per_day_and_model(imported_copy, tmp_path):
    official = tmp_path / "rankings-official.json"
    official.write_bytes(rewrap_official(MERGED.read_bytes(), "2026-08-22T06:30:00Z"))  # a later as_of
    assert run_cli("--data", imported_copy, "import", official) == 0
    daily = pd.read_csv(imported_copy / "openrouter_daily.csv", dtype=str, keep_default_na=False)
    assert len(daily) == 4590 and not daily.duplicated(["date", "model_permaslug"]).any()
    assert set(daily["as_of"]) == {"2026-08-22T06:30:00Z"}
    assert len(list((imported_copy / "raw" / "rankings-daily").iterdir())) == 2
    assert Catalog(imported_copy).meta("openrouter_daily").as_of == "2026-08-22T06:30:00Z"


def test_the_official_shape_alone_gives_the_same_rows(tmp_path, imported):
    data = data_copy(tmp_path / "data")
    official = tmp_path / "rankings-official.json"
    official.write_bytes(rewrap_official(MERGED.read_bytes(), "2026-08-22T00:00:00Z"))
    assert run_cli("--data", data, "import", official, MODELS_WRAPPED, MODELS_BARE) == 0
    for name in DERIVED:
        assert (data / name).read_bytes() == (imported / name).read_bytes(), name


def test_rebuild_from_raw_alone_gives_the_same_bytes(imported, tmp_path):
    data = data_copy(tmp_path / "data")  # curated data only ...
    shutil.copytree(imported / "raw", data / "raw")  # ... plus the raw responses
    assert run_cli("--data", data, "rebuild") == 0
    for name in DERIVED:
        assert (data / name).read_bytes() == (imported / name).read_bytes(), name
    assert tree_hash(data) == tree_hash(imported)


def test_make_rebuild_data(imported_copy):
    for name in DERIVED:
        (imported_copy / name).unlink()
    done = subprocess.run(
        ["make", "-s", "rebuild-data"], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True,
        env={**os.environ, "TOKENSHARE_DATA": str(imported_copy)},
    )
    assert done.returncode == 0, done.stderr
    assert "4590 daily rows" in done.stdout
    assert Catalog(imported_copy).problems() == []


def test_a_models_file_without_a_date_needs_as_of(tmp_path, capsys):
    data = data_copy(tmp_path / "data")
    undated = tmp_path / "catalogue.json"
    undated.write_bytes(MODELS_WRAPPED.read_bytes())
    before = tree_hash(data)
    assert run_cli("--data", data, "import", undated) == 1
    assert "give it with AS_OF=" in capsys.readouterr().err
    assert tree_hash(data) == before
    assert run_cli("--data", data, "import", undated, "--as-of", "2026-08-19T07:15:00+00:00") == 0
    assert (data / "raw" / "models" / "20260819T071500Z.json").read_bytes() == MODELS_WRAPPED.read_bytes()


def test_rebuild_with_no_raw_fails_cleanly(tmp_path, capsys):
    data = data_copy(tmp_path / "data")
    assert run_cli("--data", data, "rebuild") == 1
    assert "nothing to rebuild" in capsys.readouterr().err


def test_pipeline_result_summary(imported_copy):
    result = pipeline.rebuild(imported_copy)
    assert result.written == [] and result.daily_rows == 4590 and result.models == 648
    assert result.summary().startswith("4590 daily rows, 2026-05-24 to 2026-08-21, as of 2026-08-22T00:00:00Z")


def test_monthly_country_shares_from_the_daily_rows(cat):
    """figure("share", month=...) sums each calendar month of the imported days by the labs' countries."""
    from macros.pages import numbers

    daily = cat.frame("openrouter_daily").merge(cat.frame("labs")[["author_slug", "country_group"]], on="author_slug", how="left")
    july = daily[daily["date"].dt.strftime("%Y-%m") == "2026-07"]
    expected = 100 * july.loc[july["country_group"] == "CN", "tokens"].sum() / july["tokens"].sum()
    latest = numbers.evaluate(cat, "share", country="CN", month="latest")  # June and July are whole; August is not
    assert latest.period == "month of July 2026"
    assert abs(latest.value - expected) < 1e-9
    assert numbers.evaluate(cat, "share", country="CN", month="2026-07").value == latest.value
