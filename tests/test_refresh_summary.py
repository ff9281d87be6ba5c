"""scripts/refresh_summary.py: the refresh pull request's summary, from two imported states.

SYNTHETIC data only: the two states below are made up in this file (labs
named "Test lab ...", dates in 2030) so that every expected number can be
worked out by hand. Tokens per day, in billions:

    week of 2030-01-07 and 2030-01-14 (old and new): us-lab 60, cn-lab 40
    week of 2030-01-21 (new only):  us-lab 50, cn-lab 40, new-lab 5, mystery 5
    2030-01-28 (new only, a week not yet full): us-lab 50, cn-lab 40

The new state also revises one earlier row (2030-01-08, us-lab: 60 -> 61),
maps new-lab in labs.csv and leaves `mystery` unmapped.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import refresh_summary as rs

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "refresh_summary.py"
B = 1_000_000_000
LABS = {
    "us-lab": ("Test lab US", "US", "US"),
    "cn-lab": ("Test lab CN", "CN", "CN"),
    "new-lab": ("Test lab New", "FR", "OTHER"),
}


def daily_rows(start: str, days: int, tokens: dict[str, float], as_of: str) -> list[dict]:
    rows = []
    for d in pd.date_range(start, periods=days, freq="D"):
        for author, billions in tokens.items():
            rows.append({
                "date": d.strftime("%Y-%m-%d"), "model_permaslug": f"{author}/model-1", "author_slug": author,
                "model_id": f"{author}/model-1", "model_name": f"Test model of {author}", "is_free": False,
                "tokens": int(billions * B), "as_of": as_of, "source": "synthetic",
            })
    return rows


def write_state(root: Path, rows: list[dict] | None, labs: list[str]) -> Path:
    root.mkdir(parents=True)
    if rows is not None:
        pd.DataFrame(rows, columns=rs.DAILY_COLUMNS).to_csv(root / rs.DAILY, index=False)
    pd.DataFrame(
        [{"author_slug": a, "lab": LABS[a][0], "country": LABS[a][1], "country_group": LABS[a][2], "basis": "test",
          "notes": "", "source": "synthetic"} for a in labs]
    ).to_csv(root / rs.LABS, index=False)
    return root


def old_rows() -> list[dict]:
    return daily_rows("2030-01-07", 14, {"us-lab": 60, "cn-lab": 40}, "2030-01-21T06:00:00Z")


def new_rows() -> list[dict]:
    rows = [dict(r, as_of="2030-01-29T06:00:00Z") for r in old_rows()]
    for r in rows:
        if r["date"] == "2030-01-08" and r["author_slug"] == "us-lab":
            r["tokens"] = 61 * B
    rows += daily_rows("2030-01-21", 7, {"us-lab": 50, "cn-lab": 40, "new-lab": 5, "mystery": 5}, "2030-01-29T06:00:00Z")
    rows += daily_rows("2030-01-28", 1, {"us-lab": 50, "cn-lab": 40}, "2030-01-29T06:00:00Z")
    return rows


@pytest.fixture
def states(tmp_path) -> tuple[Path, Path]:
    old = write_state(tmp_path / "old", old_rows(), ["us-lab", "cn-lab"])
    new = write_state(tmp_path / "new", new_rows(), ["us-lab", "cn-lab", "new-lab"])
    return old, new


def test_comparisons_from_two_states(states):
    old, new = map(rs.load, states)
    assert [d.strftime("%Y-%m-%d") for d in rs.new_days(old, new)] == [f"2030-01-{d}" for d in range(21, 29)]
    revised = rs.revised_rows(old, new)
    assert revised[["model_permaslug", "tokens_old", "tokens_new"]].values.tolist() == [["us-lab/model-1", 60 * B, 61 * B]]
    assert rs.new_authors(old, new) == ["mystery", "new-lab"]
    assert rs.new_labs(old, new)["author_slug"].tolist() == ["new-lab"]
    unmapped = rs.unmapped_authors(new)
    assert unmapped.values.tolist() == [["mystery", 35 * B, 7, 1]]
    assert [w.strftime("%Y-%m-%d") for w in rs.full_weeks(new.daily)] == ["2030-01-07", "2030-01-14", "2030-01-21"]


def test_share_moves_of_the_latest_full_week(states):
    _, new = map(rs.load, states)
    frame = rs.labelled(new)
    week, previous = pd.Timestamp("2030-01-21"), pd.Timestamp("2030-01-14")
    countries = rs.share_moves(frame, "country_group", week, previous)
    assert countries.round(6).values.tolist() == [
        ["US", 60.0, 50.0, -10.0], ["OTHER", 0.0, 5.0, 5.0], ["UNKNOWN", 0.0, 5.0, 5.0], ["CN", 40.0, 40.0, 0.0],
    ]
    labs = rs.share_moves(frame, "lab", week, previous)
    assert labs["lab"].tolist() == ["Test lab US", "Test lab New", "mystery (unmapped)", "Test lab CN"]
    assert labs["change_pts"].round(6).tolist() == [-10.0, 5.0, 5.0, 0.0]


def test_markdown_summary(states):
    text = rs.summarize(*map(rs.load, states))
    expected_lines = [
        "## Data refresh",
        "Daily data as of **2030-01-29T06:00:00Z** (was 2030-01-21T06:00:00Z); 58 rows, 22 days, 2030-01-07 to 2030-01-28.",
        "- New days: 8 (2030-01-21 to 2030-01-28)",
        "- Rows of earlier days with changed tokens: 1 on 1 day(s) (first: 2030-01-08 us-lab/model-1, 60.00B → 61.00B)",
        "- Authors new to the daily data: `mystery`, `new-lab`",
        "- Labs new to labs.csv: Test lab New (`new-lab`, OTHER)",
        "| `mystery` | 35.00B | 1.60 % | 7 | 1 |",
        "Week of 2030-01-21 (Monday to Sunday, UTC) against the week of 2030-01-14; share of all tokens, largest moves first.",
        "| US | 60.0 % | 50.0 % | -10.0 pts |",
        "| OTHER | 0.0 % | 5.0 % | +5.0 pts |",
        "| CN | 40.0 % | 40.0 % | +0.0 pts |",
        "| Test lab US | 60.0 % | 50.0 % | -10.0 pts |",
        "| mystery (unmapped) | 0.0 % | 5.0 % | +5.0 pts |",
    ]
    lines = text.splitlines()
    for line in expected_lines:
        assert line in lines, line
    # 35B of mystery's tokens among 2,191B in all: 1,400 + 1 (the revision) + 700 + 90
    assert "1 author(s) with 35.00B tokens (1.60 % of all) count as unknown country until mapped in `data/labs.csv`:" in text


def test_first_import_makes_every_day_new(tmp_path):
    old = write_state(tmp_path / "old", None, ["us-lab", "cn-lab"])
    new = write_state(tmp_path / "new", old_rows(), ["us-lab", "cn-lab"])
    text = rs.summarize(rs.load(old), rs.load(new))
    assert "(was no daily data)" in text
    assert "- New days: 14 (2030-01-07 to 2030-01-20)" in text
    assert "- Rows of earlier days with changed tokens: none" in text
    assert "None: every author in the daily data is in labs.csv." in text
    assert "Week of 2030-01-14 (Monday to Sunday, UTC) against the week of 2030-01-07" in text


def test_no_full_week_and_no_previous_week(tmp_path):
    old = write_state(tmp_path / "old", None, ["us-lab"])
    short = write_state(tmp_path / "short", daily_rows("2030-01-08", 6, {"us-lab": 1}, "x"), ["us-lab"])
    assert "No full week (Monday to Sunday, all 7 days) in the new data." in rs.summarize(rs.load(old), rs.load(short))
    one = write_state(tmp_path / "one", daily_rows("2030-01-09", 12, {"us-lab": 1}, "x"), ["us-lab"])
    assert "the week before is not complete" in rs.summarize(rs.load(old), rs.load(one))


def test_command_line(states, tmp_path):
    old, new = states
    result = subprocess.run([sys.executable, str(SCRIPT), str(old), str(new)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == rs.summarize(rs.load(old), rs.load(new))
    empty = write_state(tmp_path / "empty", None, ["us-lab"])
    failed = subprocess.run([sys.executable, str(SCRIPT), str(old), str(empty)], capture_output=True, text=True)
    assert failed.returncode == 2 and "the new data has no openrouter_daily.csv" in failed.stderr
