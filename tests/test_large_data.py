"""Big inputs: a year of daily rows as CSV or Parquet, read by the fast paths, give what the slow ones give.

Everything here is SYNTHETIC (tests/ingest_support.py, scripts/synthetic_data.py).
No test measures time: these check that the faster ways of reading are the same reading.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import NO_PICTURES, SAMPLE_MODEL_PAGES, mkdocs_build
from ingest_support import data_copy, synthetic_models, synthetic_rankings, tree_hash
from macros.data import parquet
from macros.pages import reference
from macros.data import cells
from macros.data import reader as validate
from macros.data.catalog import Catalog
from macros.ingest import cli
from macros.data.sidecar import load_meta

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import synthetic_data  # noqa: E402

# A year of days, 51 rows a day: 50 models of real labs (made-up names) and `other`.
AUTHORS = ["openai", "anthropic", "google", "deepseek", "qwen", "z-ai", "moonshotai", "minimax", "mistralai", "x-ai"]
MODELS = {f"{AUTHORS[i % len(AUTHORS)]}/synthetic-model-{i:02d}-20250101": 1_000 + 37 * i for i in range(50)} | {"other": 20_000}
YEAR = synthetic_rankings(date(2025, 1, 1), date(2025, 12, 31), "2026-01-01T00:00:00Z", models=MODELS)


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> dict[str, Path]:
    """The same year of SYNTHETIC responses imported as CSV into one copy of data/, as Parquet into another."""
    out = {}
    for fmt in ("csv", "parquet"):
        data = data_copy(tmp_path_factory.mktemp(fmt) / "data")
        responses = tmp_path_factory.mktemp(f"{fmt}-in")
        (responses / "rankings.json").write_bytes(YEAR)
        (responses / "models_2026-01-01.json").write_bytes(synthetic_models())
        args = ["--data", str(data), "--format", fmt, "import", str(responses / "rankings.json"),
                str(responses / "models_2026-01-01.json")]
        assert cli.main(args) == 0
        out[fmt] = data
    return out


def test_the_importer_writes_a_year_of_days_as_parquet_and_only_parquet(year):
    assert (year["parquet"] / "openrouter_daily.parquet").is_file()
    assert not (year["parquet"] / "openrouter_daily.csv").exists()
    assert pq.read_metadata(year["parquet"] / "openrouter_daily.parquet").num_rows == 365 * 51
    assert (year["parquet"] / "openrouter_daily.parquet").stat().st_size < (year["csv"] / "openrouter_daily.csv").stat().st_size / 5


def test_parquet_and_csv_give_the_same_dataset_and_the_same_download(year):
    a, b = Catalog(year["csv"], cache=False), Catalog(year["parquet"], cache=False)
    assert a.problems() == [] and b.problems() == []
    pd.testing.assert_frame_equal(a.frame("openrouter_daily"), b.frame("openrouter_daily"))
    meta = a.meta("openrouter_daily")
    published = reference._download_csv(b.files["openrouter_daily"], meta)
    assert published == reference._download_csv(a.files["openrouter_daily"], meta)
    assert published == (year["csv"] / "openrouter_daily.csv").read_bytes()


def test_importing_again_changes_nothing_and_a_format_switch_removes_the_other_file(year, tmp_path):
    data = data_copy(tmp_path / "data")
    for name in ("openrouter_daily.parquet", "openrouter_daily.meta.yml", "openrouter_models.csv", "openrouter_models.meta.yml"):
        (data / name).write_bytes((year["parquet"] / name).read_bytes())
    (data / "raw").mkdir()
    import shutil

    shutil.copytree(year["parquet"] / "raw", data / "raw", dirs_exist_ok=True)
    before = tree_hash(data)
    assert cli.main(["--data", str(data), "rebuild"]) == 0  # the format data/ already has: Parquet
    assert tree_hash(data) == before
    assert cli.main(["--data", str(data), "--format", "csv", "rebuild"]) == 0
    assert (data / "openrouter_daily.csv").read_bytes() == (year["csv"] / "openrouter_daily.csv").read_bytes()
    assert not (data / "openrouter_daily.parquet").exists()


def test_the_loader_reads_only_the_declared_columns(year, monkeypatch):
    asked = []
    real = pq.read_table
    monkeypatch.setattr(pq, "read_table", lambda path, columns=None, **kw: asked.append(columns) or real(path, columns=columns, **kw))
    meta = load_meta(year["parquet"] / "openrouter_daily.meta.yml")
    validate.read_table(year["parquet"] / "openrouter_daily.parquet", meta)
    assert asked == [meta.column_names]


def test_a_parquet_file_with_other_columns_is_reported_from_its_footer(year, tmp_path, monkeypatch):
    table = pq.read_table(year["parquet"] / "openrouter_daily.parquet")
    target = tmp_path / "openrouter_daily.parquet"
    pq.write_table(table.append_column("extra", table.column("source")), target)
    monkeypatch.setattr(pq, "read_table", lambda *a, **k: pytest.fail("read data to check the columns"))
    got = validate.read_table(target, load_meta(year["parquet"] / "openrouter_daily.meta.yml"), "x.parquet")
    assert [p.expected for p in got.problems] == [f"the columns {','.join(got.meta.column_names)}"]


@pytest.mark.parametrize("name", ["openrouter_daily", "labs", "model_prices", "benchmark_scores", "article_claims"])
@pytest.mark.parametrize("damage", [None, "bad-date", "bad-number", "short-row", "blank-line", "quote", "crlf"])
def test_the_fast_csv_readers_read_what_the_slow_one_reads(year, monkeypatch, name, damage):
    """pyarrow's reader and the per-distinct-value parsing (used on big files) against pandas' parser."""
    folder = year["csv"] if name == "openrouter_daily" else ROOT / "data"
    meta = load_meta(folder / f"{name}.meta.yml")
    raw = (folder / f"{name}.csv").read_bytes()
    lines = raw.split(b"\n")
    if damage == "bad-date":
        lines[2] = b"2025-02-30" + lines[2][lines[2].index(b","):] if name == "openrouter_daily" else lines[2].replace(b",", b",x", 1)
    elif damage == "bad-number":
        lines[3] = lines[3].replace(b",", b",,", 1)[:-1]
    elif damage == "short-row":
        lines[4] = lines[4].split(b",")[0]
    elif damage == "blank-line":
        lines.insert(5, b"")
    elif damage == "quote":
        lines[2] = lines[2].replace(b",", b',"a, b",', 1)
    elif damage == "crlf":
        lines = [line + b"\r" for line in lines[:-1]] + [lines[-1]]
    raw = b"\n".join(lines)
    slow = validate.read_csv_bytes(raw, meta, "f.csv")
    monkeypatch.setattr(validate, "PLAIN_READER_BYTES", 0)
    monkeypatch.setattr(cells, "DISTINCT_ROWS", 0)
    fast = validate.read_csv_bytes(raw, meta, "f.csv")
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
    assert [fast.line_of(i) for i in range(len(fast.frame))] == [slow.line_of(i) for i in range(len(slow.frame))]


def test_a_parquet_round_trip_keeps_every_cell(tmp_path):
    columns = [("d", "date"), ("t", "datetime"), ("n", "integer"), ("x", "number"), ("b", "boolean"), ("s", "string"), ("m", "month")]
    rows = [["2025-01-02", "2025-01-03T04:05:06Z", "7", "0.25", "true", "a, \"quoted\" cell", "2025-01"],
            ["", "", "", "", "", "", ""]]
    path = tmp_path / "x.parquet"
    path.write_bytes(parquet.write(columns, rows))
    assert parquet.write(columns, rows) == path.read_bytes()  # the same rows, the same bytes
    frame = parquet.text_frame(path, columns)
    assert [list(r) for r in frame.itertuples(index=False)] == rows
    assert parquet.plain_csv_bytes(path, columns) is None  # a comma and quotes: the slow, quoting path


def test_synthetic_data_says_so_and_multiplies_the_labs(tmp_path):
    info = synthetic_data.make(tmp_path / "d", days=90, models_per_day=51, lab_factor=3)
    catalog = Catalog(tmp_path / "d", cache=False)
    assert catalog.problems() == []
    real = synthetic_data.real_labs()
    assert len(real) >= 10 and "xiaomi" in real  # the labs the real site has pages for
    assert info == {"rows": 90 * 51, "days": 90, "models_per_day": 51, "labs": len(synthetic_data.lab_table()) + 2 * len(real)}
    assert "SYNTHETIC" in catalog.meta("openrouter_daily").description
    labs = catalog.frame("labs")
    synthetic = set(labs["author_slug"][labs["author_slug"].str.startswith("synthetic-lab-")])
    assert len(synthetic) == 2 * len(real)
    # every lab, real or synthetic, has tokens some days (so a page); no other lab has any
    daily = catalog.frame("openrouter_daily")
    assert set(daily["author_slug"]) == synthetic | set(real) | {"other"}


def test_every_scale_names_the_same_labs(tmp_path):
    """So every scale builds the same pages, and page weights compare page by page."""
    small = synthetic_data.make(tmp_path / "1x", days=90, models_per_day=51)
    large = synthetic_data.make(tmp_path / "10x", days=270, models_per_day=170)
    assert (small["rows"], large["rows"]) == (90 * 51, 270 * 170)
    authors = [set(Catalog(tmp_path / s, cache=False).frame("openrouter_daily")["author_slug"]) for s in ("1x", "10x")]
    assert authors[0] == authors[1] == set(synthetic_data.real_labs()) | {"other"}
    with pytest.raises(SystemExit):
        synthetic_data.main([str(ROOT / "data")])


@pytest.mark.build
def test_the_site_built_from_parquet_is_the_site_built_from_csv(year, tmp_path):
    """Every page, chart spec, download and the data package, byte for byte. Without the static pictures
    (NO_PICTURES): a picture is drawn from its chart's spec alone (the render cache's key), so equal
    specs give equal pictures; the real site's are tested in test_reproducible and test_drawing."""
    sites = {}
    for fmt, data in year.items():
        out = tmp_path / fmt
        result = mkdocs_build(ROOT / "mkdocs.yml", out, {"TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(ROOT / ".cache"),
                                                         **NO_PICTURES, **SAMPLE_MODEL_PAGES})
        assert result.returncode == 0, result.stderr[-3000:]
        sites[fmt] = out
    assert tree_hash(sites["csv"]) == tree_hash(sites["parquet"])
