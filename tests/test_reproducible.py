"""Reproducible builds: the same commit gives the same bytes, dated by the data.

Two builds of the real site that differ in everything but the input (a cold
render cache against the one that build left, another hash seed, another output
path) must give byte-identical trees; the pages are dated by the data's latest
"as of" (SOURCE_DATE_EPOCH, set in macros/mkdocs/hooks.py), not by the clock.
Both draw the pictures of every hand-written page and of one generated page of
each kind (SAMPLE_PICTURES): a generator draws its pages alike, and a warm
cache draws the same sample as a cold one (publish/drawpool.py), and of one model
page in eight (SAMPLE_MODEL_PAGES): the generator of the rest.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import ENV, NO_PICTURES, ROOT, SAMPLE_MODEL_PAGES, SAMPLE_PICTURES, make_mini_site, mkdocs_build
from macros.mkdocs import builddate


def tree(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under root."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def data_date() -> str:
    return datetime.fromtimestamp(builddate.source_date_epoch(ROOT / "data"), timezone.utc).strftime("%Y-%m-%d")


@pytest.mark.build
def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    env = {**{k: v for k, v in ENV.items() if k not in ("SOURCE_DATE_EPOCH", builddate.OURS)}, **SAMPLE_PICTURES, **SAMPLE_MODEL_PAGES,
           "TOKENSHARE_CACHE": str(tmp_path / "cache")}
    first = tmp_path / "a" / "site"
    second = tmp_path / "b" / "elsewhere" / "out"
    one = mkdocs_build(ROOT / "mkdocs.yml", first, {**env, "PYTHONHASHSEED": "1"})  # a cold cache
    assert one.returncode == 0, one.stderr[-3000:]
    two = mkdocs_build(ROOT / "mkdocs.yml", second, {**env, "PYTHONHASHSEED": "2"})  # the cache the first left
    assert two.returncode == 0, two.stderr[-3000:]
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    differ = [path for path in a if a[path] != b[path]]
    assert differ == [], f"files that differ between two builds: {differ}"
    assert len(a) > 100 and sum(path.endswith(".svg") for path in a) > 50  # the sample's pictures among them

    # dated by the data, not the clock: the sitemap and the gzip header of its copy
    sitemap = (first / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {data_date()}
    gz = (first / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(gz[4:8], "little") == builddate.source_date_epoch(ROOT / "data")
    assert gzip.decompress(gz).decode("utf-8") == sitemap
    assert str(first) not in sitemap and str(tmp_path) not in (first / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_a_date_set_by_the_caller_wins_over_the_data(tmp_path):
    config = make_mini_site(tmp_path / "project", {"index.md": "# Home\n"})
    env = {k: v for k, v in ENV.items() if k != builddate.OURS}
    result = mkdocs_build(config, tmp_path / "site", {**env, "SOURCE_DATE_EPOCH": "86400", **NO_PICTURES, **SAMPLE_MODEL_PAGES,
                                                      "TOKENSHARE_CACHE": str(ROOT / ".cache")})  # the dates only
    assert result.returncode == 0, result.stderr[-3000:]
    assert "<lastmod>1970-01-02</lastmod>" in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_as_of_dates_and_their_epoch(tmp_path):
    for name, as_of in [("a", '"2026-04"'), ("b", '"2026-08-21"'), ("c", '"2026-04-24T07:56:34Z"'), ("d", "2026-08-20")]:
        (tmp_path / f"{name}.meta.yml").write_text(f"name: {name}\nas_of: {as_of}\n", encoding="utf-8")
    (tmp_path / "broken.meta.yml").write_text("as_of: [unclosed\n", encoding="utf-8")
    (tmp_path / "none.meta.yml").write_text("name: none\n", encoding="utf-8")
    assert builddate.as_of_dates(tmp_path) == ["2026-04", "2026-04-24T07:56:34Z", "2026-08-20", "2026-08-21"]
    assert builddate.source_date_epoch(tmp_path) == int(datetime(2026, 8, 21, tzinfo=timezone.utc).timestamp())
    assert builddate.epoch("2026-04") == int(datetime(2026, 4, 1, tzinfo=timezone.utc).timestamp())
    assert builddate.epoch("2026-13-01") is None and builddate.epoch("soon") is None
    assert builddate.source_date_epoch(tmp_path / "empty") is None


def test_the_hook_sets_the_date_from_the_data_unless_the_caller_did(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(builddate.OURS, raising=False)
    builddate.date_by_data()
    ours = os.environ["SOURCE_DATE_EPOCH"]
    assert ours == str(builddate.source_date_epoch()) and os.environ[builddate.OURS] == ours
    builddate.date_by_data()  # a rebuild (mkdocs serve) reads the data again
    assert os.environ["SOURCE_DATE_EPOCH"] == ours
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the caller's own
    builddate.date_by_data()
    assert os.environ["SOURCE_DATE_EPOCH"] == "0"
