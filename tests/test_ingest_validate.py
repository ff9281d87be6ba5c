"""Validation of the imported datasets: one test per rule, each message naming file, line and column.

The imported data here is SYNTHETIC (tests/ingest_support.py), imported into a
copy of data/ in a temporary directory.
"""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ingest_support import add_curated, data_copy, synthetic_models, synthetic_rankings
from macros.data.catalog import Catalog
from macros.ingest.pipeline import as_raw, import_raw

ROOT = Path(__file__).resolve().parent.parent


def problems(data_dir: Path) -> list[str]:
    return [str(p) for p in Catalog(data_dir).problems()]


def only(found: list[str], *needles: str) -> str:
    hits = [p for p in found if all(n in p for n in needles)]
    assert hits, f"no problem mentions {needles}: {found}"
    return hits[0]


def minimal_data(target: Path) -> None:
    """The lab table and the weekly country shares, with the sources file."""
    for suffix in (".csv", ".meta.yml"):
        shutil.copyfile(ROOT / "data" / f"labs{suffix}", target / f"labs{suffix}")
    add_curated(target, ["country_share_weekly"])
    shutil.copyfile(ROOT / "data" / "sources.yml", target / "sources.yml")


def test_a_stray_carriage_return_in_a_header_is_reported_not_raised(tmp_path):
    """Regression (found by the fuzz test of test_validate.py): csv.Error escaped the validator."""
    minimal_data(tmp_path)
    path = tmp_path / "country_share_weekly.csv"
    path.write_text("\r" + path.read_text())
    only(problems(tmp_path), "country_share_weekly.csv", "line 1", "header")


# --- the imported datasets (SYNTHETIC rows imported into a copy of data/) ------------------------------


@pytest.fixture
def imported(tmp_path) -> Path:
    data = data_copy(tmp_path / "data")
    import_raw(data, [
        as_raw("rankings", synthetic_rankings(date(2025, 3, 3), date(2025, 3, 16), "2025-03-17T02:00:00Z"), "rankings"),
        as_raw("models", synthetic_models(), "models", as_of="2025-03-17T00:00:00Z"),
    ])
    assert problems(data) == []
    return data


def edit_line(data: Path, name: str, line: int, old: str, new: str) -> None:
    path = data / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


DAILY = "openrouter_daily"
# line 4 of openrouter_daily.csv: 2025-03-03,openai/synthetic-model-a-20250101,openai,...,15000,...


def test_line_four_is_what_the_tests_edit(imported):
    line = (imported / f"{DAILY}.csv").read_text().split("\n")[3]
    assert line == "2025-03-03,openai/synthetic-model-a-20250101,openai,openai/synthetic-model-a,OpenAI: Synthetic A,false,15000,2025-03-17T02:00:00Z,openrouter-data-api"


def test_an_unknown_author_over_one_percent_of_a_week(imported):
    edit_line(imported, DAILY, 4, ",openai,", ",synthetic-unknown-lab,")
    msg = only(problems(imported), "openrouter_daily.csv", "line 4", "column 'author_slug'", "got 'synthetic-unknown-lab'")
    assert "data/labs.csv" in msg and "week of 2025-03-03" in msg and "at most 1 % allowed" in msg


@pytest.mark.parametrize("line, old, new, column, expected", [
    (4, ",15000,", ",-15000,", "tokens", "a value ≥ 0"),
    (4, ",15000,", ",15000.5,", "tokens", "a whole number"),
    (4, "2025-03-03,", "2024-12-30,", "date", "a value ≥ 2025-01-01"),
    (4, "2025-03-03,", "2025-04-01,", "date", "as_of"),
    (4, "2025-03-03,", "2025-02-30,", "date", "a real date"),
    (4, ",false,", ",no,", "is_free", "true or false"),
    (4, "openai/synthetic-model-a-20250101,", "openai synthetic,", "model_permaslug", "text matching"),
    (4, "2025-03-17T02:00:00Z", "next week", "as_of", "an ISO 8601 date and time"),
    (4, ",openrouter-data-api", ",somewhere-else", "source", "one of the sidecar's sources"),
    (4, ",15000,", ",,", "tokens", "a value (this column may not be empty)"),
])
def test_each_rule_of_the_daily_sidecar(imported, line, old, new, column, expected):
    edit_line(imported, DAILY, line, old, new)
    only(problems(imported), "openrouter_daily.csv", f"line {line}", f"column '{column}'", expected)


def test_one_row_per_day_and_model(imported):
    edit_line(imported, DAILY, 5, "2025-03-03,other,", "2025-03-03,openai/synthetic-model-a-20250101,")
    msg = only(problems(imported), "openrouter_daily.csv", "column 'date+model_permaslug'", "unique key")
    assert "[4, 5]" in msg


@pytest.mark.parametrize("old, new, column, expected", [
    (",2,8,", ",-2,8,", "input_usd_per_mtok", "a value ≥ 0"),
    (",128000,", ",lots,", "context_length", "a whole number"),
    (",2025-01-01,", ",2025-13-01,", "created", "a real date"),
])
def test_each_rule_of_the_models_sidecar(imported, old, new, column, expected):
    line = [i for i, text in enumerate((imported / "openrouter_models.csv").read_text().split("\n"), 1) if text.startswith("openai/synthetic-model-a,")][0]
    edit_line(imported, "openrouter_models", line, old, new)
    only(problems(imported), "openrouter_models.csv", f"line {line}", f"column '{column}'", expected)


def test_model_ids_are_unique(imported):
    path = imported / "openrouter_models.csv"
    lines = path.read_text().split("\n")
    lines.insert(2, lines[1])
    path.write_text("\n".join(lines))
    only(problems(imported), "openrouter_models.csv", "column 'id+as_of'", "unique key")


def test_every_problem_is_listed_together_by_make_validate(imported):
    add_curated(imported, ["country_share_weekly"])
    edit_line(imported, DAILY, 4, ",openai,", ",synthetic-unknown-lab,")
    edit_line(imported, DAILY, 6, ",false,", ",maybe,")
    edit_line(imported, "country_share_weekly", 2, ",US,41.1,", ",US,-41.1,")
    done = subprocess.run([sys.executable, "-m", "macros.cli", "validate", str(imported)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    for needle in ("openrouter_daily.csv, line 4, column 'author_slug'", "openrouter_daily.csv, line 6, column 'is_free'",
                   "country_share_weekly.csv, line 2, column 'share_pct'"):
        assert needle in done.stderr


@pytest.mark.build
def test_an_unknown_author_over_one_percent_fails_the_build(imported, mini_site):
    edit_line(imported, DAILY, 4, ",openai,", ",synthetic-unknown-lab,")
    result, out = mini_site({"index.md": "# Home\n"}, data_dir=imported)
    assert result.returncode != 0
    assert "openrouter_daily.csv, line 4, column 'author_slug': got 'synthetic-unknown-lab'" in result.stderr
    assert not (out / "index.html").exists()


def test_make_validate_names_unknown_authors_under_one_percent(imported):
    path = imported / f"{DAILY}.csv"
    lines = path.read_text().split("\n")
    # a SYNTHETIC extra row: 1 token of an author the lab table lacks
    lines.insert(4, "2025-03-03,synthetic-tiny-lab/model-z,synthetic-tiny-lab,,,false,1,2025-03-17T02:00:00Z,openrouter-data-api")
    path.write_text("\n".join(lines))
    done = subprocess.run([sys.executable, "-m", "macros.cli", "validate", str(imported)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "note: 'synthetic-tiny-lab' is not in data/labs.csv: 1 tokens" in done.stdout


def test_a_first_row_with_extra_fields_is_reported_not_raised(tmp_path):
    """Regression (found by the fuzz test of test_validate.py): pandas made an index of the extra fields."""
    minimal_data(tmp_path)
    path = tmp_path / "country_share_weekly.csv"
    lines = path.read_text().split("\n")
    path.write_text("\n".join([lines[0], lines[1] + lines[2], *lines[3:]]))  # two rows run together
    only(problems(tmp_path), "country_share_weekly.csv", "line 2", "6 fields, found 11")
