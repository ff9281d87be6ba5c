"""Lose nothing: a failed import exits non-zero with a clear message and leaves data/ byte for byte.

Responses here are SYNTHETIC (tests/ingest_support.py) or the real merged file
cut short in a temporary directory.
"""

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from ingest_support import MERGED, data_copy, synthetic_models, synthetic_rankings, tree_hash
from macros.ingest import cli
from macros.ingest import store
from macros.ingest.pipeline import ImportFailed, as_raw, import_raw

ROOT = Path(__file__).resolve().parents[1]
GOOD = synthetic_rankings(date(2025, 3, 1), date(2025, 3, 14), "2025-03-15T02:00:00Z")


@pytest.fixture
def data(tmp_path) -> Path:
    return data_copy(tmp_path / "data")


def import_fails(data: Path, path: Path, capsys) -> str:
    before = tree_hash(data)
    assert cli.main(["--data", str(data), "import", str(path)]) == 1
    assert tree_hash(data) == before
    return capsys.readouterr().err


@pytest.mark.parametrize("body, message", [
    (MERGED.read_bytes()[:300_000], "not valid JSON (the body looks truncated)"),
    (b"{\"data\": [1, 2", "not valid JSON (the body looks truncated)"),
    (b"", "empty response"),
    (b"{\"hello\": \"world\"}", "wrong shape"),
    (json.dumps({"data": [], "meta": {"as_of": "2025-03-15T00:00:00Z"}}).encode(), "empty response"),
    (json.dumps({"data": [{"date": "2025-03-01", "total_tokens": "5"}], "meta": {"as_of": "2025-03-15T00:00:00Z"}}).encode(),
     "data[0]: missing key 'model_permaslug'"),
])
def test_a_bad_file_is_refused_and_data_is_unchanged(data, tmp_path, capsys, body, message):
    path = tmp_path / "response.json"
    path.write_bytes(body)
    err = import_fails(data, path, capsys)
    assert f"{path}: " in err and message in err and "data/ was left as it was" in err


def test_a_missing_file_is_refused(data, tmp_path, capsys):
    assert "No such file" in import_fails(data, tmp_path / "nope.json", capsys)


def test_make_import_of_a_truncated_file(data, tmp_path):
    path = tmp_path / "cut.json"
    path.write_bytes(MERGED.read_bytes()[:1000])
    before = tree_hash(data)
    done = subprocess.run(["make", "-s", "import", f"FROM={path}"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "TOKENSHARE_DATA": str(data)})
    assert done.returncode != 0 and "looks truncated" in done.stderr
    assert tree_hash(data) == before


def test_an_import_that_would_break_validation_writes_nothing(data, tmp_path, capsys):
    """A SYNTHETIC author missing from the lab table, holding 10 % of every week."""
    models = {"openai/synthetic-model-a-20250101": 9_000, "synthetic-unmapped-lab/model-x-20250101": 1_000}
    path = tmp_path / "response.json"
    path.write_bytes(synthetic_rankings(date(2025, 3, 3), date(2025, 3, 16), "2025-03-17T02:00:00Z", models=models))
    err = import_fails(data, path, capsys)
    assert "would not validate" in err
    assert "openrouter_daily.csv, line 3, column 'author_slug': got 'synthetic-unmapped-lab'" in err
    assert "10.00 % of that week" in err and "week of 2025-03-10" in err
    assert str(data) in err and "tokenshare-import-" not in err  # names data/, not the scratch copy


def test_an_author_under_one_percent_is_imported_and_reported(data, tmp_path, capsys):
    models = {"openai/synthetic-model-a-20250101": 99_500, "synthetic-small-lab/model-y-20250101": 500}
    path = tmp_path / "response.json"
    path.write_bytes(synthetic_rankings(date(2025, 3, 3), date(2025, 3, 9), "2025-03-10T02:00:00Z", models=models))
    assert cli.main(["--data", str(data), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "note: 'synthetic-small-lab' is not in data/labs.csv: 21,000 tokens, 0.50 % of the week of 2025-03-03" in out


def test_a_raw_response_is_never_overwritten_with_other_bytes(data):
    import_raw(data, [as_raw("rankings", GOOD, "first")])
    before = tree_hash(data)
    other = json.loads(GOOD)
    other["data"][0]["total_tokens"] = "1"  # same window and as_of, other content
    with pytest.raises(store.StoreError, match="refusing to overwrite"):
        import_raw(data, [as_raw("rankings", json.dumps(other).encode(), "second")])
    assert tree_hash(data) == before


def test_an_unexpected_file_in_raw_is_named(data, capsys):
    import_raw(data, [as_raw("rankings", GOOD, "first")])
    (data / "raw" / "rankings-daily" / "notes.txt").write_text("hello")
    assert cli.main(["--data", str(data), "rebuild"]) == 1
    assert "raw/rankings-daily/notes.txt: unexpected file" in capsys.readouterr().err


def test_a_write_that_fails_half_way_is_undone(data, monkeypatch):
    before = tree_hash(data)
    real_replace = os.replace
    moved = []

    def flaky(src, dst):
        if moved:
            raise OSError("disk full (simulated)")
        moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", flaky)
    with pytest.raises(OSError, match="disk full"):
        import_raw(data, [as_raw("rankings", GOOD, "r"), as_raw("models", synthetic_models(), "m", as_of="2025-03-15T00:00:00Z")])
    assert moved and tree_hash(data) == before
    assert not list(data.rglob(".*.tmp"))


def test_commit_writes_only_what_changed(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"same\n")
    assert store.commit(tmp_path, {"a.csv": b"same\n", "raw/x/b.json": b"{}"}) == ["raw/x/b.json"]
    assert (tmp_path / "raw" / "x" / "b.json").read_bytes() == b"{}"
    assert store.commit(tmp_path, {"a.csv": b"same\n", "raw/x/b.json": b"{}"}) == []


def test_import_failed_lists_every_problem():
    from macros.data.problems import Problem

    error = ImportFailed([Problem("data/a.csv", 2, "x", "1", "y"), Problem("data/b.csv", 3, "z", "2", "w")])
    assert "2 problem(s)" in str(error) and "data/a.csv, line 2" in str(error) and "data/b.csv, line 3" in str(error)
