"""The story's series from frozen real data: the figures of FACTS.md.

These tests pin literal figures, so they read the frozen fixture data (the real
rows of tests/fixtures/openrouter, see conftest.frozen_catalog), never data/,
which gains a week every Monday.
"""

import re
from pathlib import Path

import pandas as pd
import pytest

from macros.pages import numbers
from macros.series import views
from macros.core.errors import MacroError

NB = "\u00a0"
FACTS = Path(__file__).resolve().parent / "fixtures" / "FACTS.md"


@pytest.fixture
def catalog(frozen_catalog):
    return frozen_catalog


def test_seed_week_claims(catalog):
    assert views.group_share(catalog, "seed", labs_=["anthropic", "google", "openai"]) == pytest.approx(46.6)
    assert views.group_share(catalog, "seed", labs_=["minimax", "deepseek", "moonshotai", "z-ai", "qwen", "xiaomi"]) == pytest.approx(37.0)
    frame = views.lab_shares(catalog, "seed").frame
    assert frame["share_pct"].sum() == pytest.approx(100.0)
    others = frame[frame["author_slug"] == "Others"].iloc[0]
    assert others["share_pct"] == pytest.approx(16.4) and others["country_group"] == "UNKNOWN"


def test_latest_week_lab_shares_are_computed_from_tokens(catalog):
    frame = views.lab_shares(catalog, "latest").frame.set_index("author_slug")
    assert frame["share_pct"].sum() == pytest.approx(100.0)
    assert round(frame.loc["deepseek", "share_pct"], 1) == 26.2
    assert round(frame.loc["tencent", "share_pct"], 1) == 13.2
    assert round(frame.loc["openai", "share_pct"], 1) == 11.7
    by_country = frame.groupby("country_group")["share_pct"].sum().round(1)
    assert by_country["CN"] == 57.3 and by_country["US"] == 35.5


def test_first_week_by_country_from_author_tokens_matches_the_country_table(catalog):
    labs = views.lab_shares(catalog, "first").frame
    computed = labs.groupby("country_group")["share_pct"].sum().round(1)
    table = views.country_weekly(catalog).frame
    first = table[table["week_start"] == views.resolve_week(catalog, "first")].set_index("country_group")["share_pct"]
    for group in ("US", "CN", "OTHER", "UNKNOWN"):
        assert computed[group] == pytest.approx(first[group], abs=0.1)


def test_weeks_and_resolution(catalog):
    assert views.resolve_week(catalog, "latest") == pd.Timestamp("2026-08-10")
    assert views.resolve_week(catalog, "first") == pd.Timestamp("2026-05-25")
    assert views.resolve_week(catalog, "2026-07-20") == pd.Timestamp("2026-07-20")
    with pytest.raises(MacroError) as err:
        views.resolve_week(catalog, "2026-07-21")
    assert "2026-07-20" in err.value.describe()


def test_top_models(catalog):
    latest = views.top_models(catalog, "latest").frame
    assert len(latest) == 10 and latest.iloc[0]["model"] == "deepseek/deepseek-v4-flash-20260731"
    assert (latest["country_group"] == "CN").sum() == 6
    seed = views.top_models(catalog, "seed").frame
    assert seed.iloc[0]["model"] == "MiMo-V2-Pro" and seed.iloc[0]["tokens"] == pytest.approx(8.21e12)


def test_benchmark_gap_narrows(catalog):
    gap = views.benchmark_gap(catalog).frame.drop_duplicates("snapshot_date")["gap"].round(1).tolist()
    assert gap == [6.3, 3.4]


@pytest.mark.parametrize("kind, params, text", [
    ("share", dict(country="CN"), f"57.3{NB}%"),
    ("share", dict(country="China", week="first"), f"44.8{NB}%"),
    ("share", dict(labs="anthropic,google,openai", week="seed"), f"46.6{NB}%"),
    ("share", dict(lab="deepseek"), f"26.2{NB}%"),
    ("claim", dict(id="cn_six_labs_share"), f"37.1{NB}%"),
    ("tokens", dict(model="MiMo-V2-Pro", period="seed"), "8.21T"),
    ("tokens", dict(week="latest"), "75.3T"),
    ("tokens", dict(lab="tencent"), "9.95T"),
    ("change", dict(country="CN"), f"+12.4{NB}pts"),  # 57.25 − 44.85: from unrounded shares, not 57.3 − 44.8
    ("change", dict(country="US"), f"−5.6{NB}pts"),
    ("count", dict(country="CN", n=10), "6"),
    ("gap", dict(snapshot="first"), "6.3"),
    ("week", dict(week="latest"), "10 August 2026"),
    ("name", dict(of="lab", rank=1), "DeepSeek"),
    ("price_ratio", dict(price="output"), "5.5×"),
])
def test_figures(catalog, kind, params, text):
    assert numbers.figure(catalog, kind, **params) == text


@pytest.mark.parametrize("kind, params, expect", [
    ("shar", {}, "Did you mean 'share'?"),
    ("share", dict(country="Chna"), "Did you mean 'China'?"),
    ("share", dict(contry="CN"), "Did you mean 'country'?"),
    ("share", dict(lab="deepsek"), "Did you mean 'deepseek'?"),
    ("share", dict(country="CN", week="2031-01-05"), "is not in the data"),
    ("claim", dict(id="us_big_three"), "Did you mean 'us_big_three_share'?"),
])
def test_figure_mistakes_name_the_choices(catalog, kind, params, expect):
    with pytest.raises(MacroError) as err:
        numbers.figure(catalog, kind, **params)
    assert expect in err.value.describe()


def test_a_week_with_no_row_for_a_country_shows_it_at_zero(catalog, tmp_path):
    """Odd but valid: a week with nothing from one country group (its shares still sum to 100)."""
    import shutil

    from macros.data.catalog import Catalog

    data = Path(shutil.copytree(catalog.data_dir, tmp_path / "data"))
    labs = pd.read_csv(data / "labs.csv")
    other = set(labs.loc[labs["country_group"] == "OTHER", "author_slug"])
    path = data / "openrouter_daily.csv"
    lines = path.read_text().splitlines(keepends=True)
    keep = [line for line in lines if not (re.match(r"2026-0(5-2[5-9]|5-3[01]),", line) and line.split(",")[2] in other)]
    assert len(keep) < len(lines)
    path.write_text("".join(keep))
    catalog = Catalog(data).require_valid()
    frame = views.country_weekly(catalog).frame
    week = frame[frame["week_start"] == pd.Timestamp("2026-05-25")].set_index("country_group")
    assert list(week.index) == ["US", "CN", "OTHER", "UNKNOWN"]
    assert week.loc["OTHER", "share_pct"] == 0 and week.loc["OTHER", "days"] == 7
    assert week["total_tokens"].nunique() == 1 and week["source"].notna().all()
    assert numbers.figure(catalog, "share", country="OTHER", week="first") == f"0.0{NB}%"
