"""`.cache/` holds what the last build (of each data directory) used, and nothing else."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_MODEL_PAGES, make_mini_site, mkdocs_build
from macros.core import cache
from macros.core import memo
from macros.core import options
from macros.core import prune
from macros.publish import render

SPEC = {"data": {"values": [{"a": "x", "b": 1}]}, "mark": "bar",
        "encoding": {"y": {"field": "a", "type": "nominal"}, "x": {"field": "b", "type": "quantitative"}}}


def files(cache_dir: Path) -> set[str]:
    return {p.relative_to(cache_dir).as_posix() for top in prune.PRUNED for p in (cache_dir / top).rglob("*") if p.is_file()}


def aged(path: Path) -> None:
    """As if written by an earlier build."""
    os.utime(path, (time.time() - 3600, time.time() - 3600))


@pytest.fixture
def store(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    memo.clear_all()
    with options.using(options.BuildOptions(data_dir=data, cache_dir=tmp_path / "cache")) as opts:
        yield opts
    memo.clear_all()


def build(opts, figure: bool, derived: bool = False, site: Path | None = None):
    """One build: a figure made (its picture drawn) or taken whole, maybe a view read; then pruned."""
    cache.forget_uses()
    started = time.time()
    with cache.scope():
        if figure == "made":
            render.svg(SPEC)
            cache.disk_store("derived", "d" * 64, "view")
            cache.disk_store("figure", "f" * 64, "figure")
        else:
            assert cache.disk_load("figure", "f" * 64) == "figure"
    if derived:
        cache.disk_store("derived", "e" * 64, "other")
    for path in (opts.cache_dir / top for top in prune.PRUNED):
        for p in path.rglob("*"):
            if p.is_file():
                aged(p)  # so that only what this build noted protects them
    return prune.prune(opts, started + 5, site or opts.data_dir.parent / "mkdocs.yml")


def test_a_build_keeps_what_it_used_and_what_its_figures_were_made_from(store):
    build(store, figure="made", derived=True)
    picture = render._cache_path("svg", render.spec_bytes(SPEC)).relative_to(store.cache_dir).as_posix()
    assert files(store.cache_dir) == {picture, f"data/derived/dd/{'d' * 64}.pickle",
                                      f"data/derived/ee/{'e' * 64}.pickle", f"data/figure/ff/{'f' * 64}.pickle"}
    orphan = store.cache_dir / "render" / "00" / "old.svg"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"<svg/>")
    # the figure is taken whole: its picture and its view are not read, but kept for its remake;
    # the other view and the orphan were not used
    counts = build(store, figure="reused")
    assert files(store.cache_dir) == {picture, f"data/derived/dd/{'d' * 64}.pickle", f"data/figure/ff/{'f' * 64}.pickle"}
    assert counts == {"kept": 3, "deleted": 2}
    build(store, figure="reused")  # and again: what a figure was made from is carried on
    assert len(files(store.cache_dir)) == 3


def test_builds_of_other_data_keep_their_entries_while_their_data_exist(store, tmp_path):
    other = tmp_path / "other-data"
    other.mkdir()
    mine = store.cache_dir / "data" / "derived" / "aa" / "mine.pickle"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"")
    aged(mine)
    config = tmp_path / "mkdocs.yml"
    manifest = prune.manifest_path(store.cache_dir, config, other)
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps({"config_file": str(config), "data_dir": str(other), "entries": ["data/derived/aa/mine.pickle"]}))
    aged(manifest)
    build(store, figure="made")
    assert mine.exists()
    other.rmdir()  # a test's copy of the data, gone: its manifest and its entries go
    build(store, figure="reused")
    assert not mine.exists() and not manifest.exists()


def test_a_smaller_site_of_the_same_data_keeps_the_whole_sites_entries_while_it_exists(store, tmp_path):
    """A test's mini-site of data/ (a few pages) uses a few entries: those of the whole site stay
    for its next build, until its mkdocs.yml is gone."""
    build(store, figure="made", derived=True)
    whole = files(store.cache_dir)
    mini = tmp_path / "mini" / "mkdocs.yml"
    mini.parent.mkdir()
    mini.write_text("site_name: mini\n")
    counts = build(store, figure="reused", site=mini)
    assert files(store.cache_dir) == whole and counts["deleted"] == 0
    (tmp_path / "mkdocs.yml").unlink()  # the whole site, gone: the mini-site's build keeps what it used,
    build(store, figure="reused", site=mini)  # and what the figure it took whole was made from (by the other site)
    assert files(store.cache_dir) == whole - {f"data/derived/ee/{'e' * 64}.pickle"}
    legacy = store.cache_dir / prune.MANIFESTS / "0123456789abcdef.json"  # per data directory only: before sites
    legacy.write_text(json.dumps({"data_dir": str(store.data_dir), "entries": sorted(whole)}))
    aged(legacy)
    build(store, figure="reused", site=mini)
    assert not legacy.exists()


@pytest.mark.build
def test_a_build_after_a_code_change_leaves_only_what_it_used_and_the_next_reuses_it(tmp_path):
    """Real builds of a small site with a copy of macros/: one, then one after an edit to the code
    (a chart's title: every data entry is stale, one chart's downloadable picture is drawn again),
    then one more with nothing changed."""
    config = make_mini_site(tmp_path / "project", {"index.md": "# Home\n\n{{ chart(\"country_share_weekly\") }}\n"},
                            copy_package=True)
    cache_dir = tmp_path / "cache"
    env = {"TOKENSHARE_DATA": str(ROOT / "data"), "TOKENSHARE_CACHE": str(cache_dir), "TOKENSHARE_TIMINGS": str(tmp_path / "t.json"),
           **SAMPLE_MODEL_PAGES}  # pruning is this test's subject, not the model pages

    def run() -> dict:
        result = mkdocs_build(config, tmp_path / "site", env)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads((tmp_path / "t.json").read_text())["counts"]

    def manifest() -> set[str]:
        (path,) = (cache_dir / prune.MANIFESTS).glob("*.json")
        return set(json.loads(path.read_text())["entries"])

    run()
    first = files(cache_dir)
    assert first and first <= manifest()
    catalogue = tmp_path / "project" / "macros" / "charts" / "declarations.py"
    text = catalogue.read_text(encoding="utf-8")
    assert text.count("title=\"Who takes the tokens: share by country, week by week\"") == 1
    catalogue.write_text(text.replace("share by country, week by week", "share by country, weekly"), encoding="utf-8")
    counts = run()
    assert counts.get("figure:made") and counts.get("render:made:svg")  # the code changed: made again
    second = files(cache_dir)
    assert second <= manifest()  # only what the build used (or made a figure from)
    assert len(first - second) >= 3, "the old title's pictures were left behind"  # its fit, SVG and PNG
    assert not {p for p in first - second if p.startswith("data/")}  # data entries are rewritten in place
    counts = run()
    assert counts.get("figure:cached") and not counts.get("figure:made") and counts.get("derived:disk")
    assert not any(k.startswith("render:made") for k in counts)  # no Vega
    # what is left: what this build used; inputs only of results it took whole (a table behind a
    # view read from the cache) are not kept for a later build
    third = files(cache_dir)
    assert third <= second and third <= manifest()
