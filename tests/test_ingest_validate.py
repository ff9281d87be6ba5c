"""Validation of the imported datasets: one test per rule, each message naming file, line and column.

The imported data here is SYNTHETIC (tests/ingest_support.py), imported into a
copy of data/ in a temporary directory.
"""

import shutil
from pathlib import Path

from macros.datasets import Catalog

ROOT = Path(__file__).resolve().parent.parent


def problems(data_dir: Path) -> list[str]:
    return [str(p) for p in Catalog(data_dir).problems()]


def only(found: list[str], *needles: str) -> str:
    hits = [p for p in found if all(n in p for n in needles)]
    assert hits, f"no problem mentions {needles}: {found}"
    return hits[0]


def test_a_stray_carriage_return_in_a_header_is_reported_not_raised(tmp_path):
    """Regression (found by the fuzz test of test_validate.py): csv.Error escaped the validator."""
    for name in ("labs", "country_share_weekly"):
        for suffix in (".csv", ".meta.yml"):
            shutil.copyfile(ROOT / "data" / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    shutil.copyfile(ROOT / "data" / "sources.yml", tmp_path / "sources.yml")
    path = tmp_path / "country_share_weekly.csv"
    path.write_text("\r" + path.read_text())
    only(problems(tmp_path), "country_share_weekly.csv", "line 1", "header")
