"""The machinery that keeps builds fast: stage timings, pictures left to a worker in mkdocs serve,
specs built without Altair's schema check (checked here instead), MkDocs helpers. No timing is asserted."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import jsonschema
import pytest
from altair.vegalite.v6.schema.core import load_schema

from macros.charts import declarations
from macros.charts import builders
from macros.charts import decl as chartdecl
from macros.charts import specs as chartspec
from macros.publish import figure as embed
from macros.publish.outputs import Outputs
from macros.publish import pictures
from macros.publish import render
from macros.pages import build as site
from macros.mkdocs import templatecache
from macros.core import memo
from macros.core import options
from macros.core import timing

ROOT = Path(__file__).resolve().parents[1]


def test_stage_times_are_exclusive(monkeypatch):
    clock = iter(range(0, 1000, 1))
    monkeypatch.setattr(timing.time, "perf_counter", lambda: float(next(clock)))
    monkeypatch.setattr(timing.time, "process_time", lambda: 0.0)
    timing.reset()
    with timing.stage("chart"):  # 0
        with timing.stage("transform"):  # 1
            pass  # 2
        with timing.stage("render"):  # 3
            pass  # 4
    # 5
    assert timing.SECONDS == {"chart": 3.0, "transform": 1.0, "render": 1.0}
    assert timing.CALLS == {"chart": 1, "transform": 1, "render": 1}
    timing.reset()


def test_timings_go_only_where_asked(tmp_path, monkeypatch):
    timing.reset()
    timing.count("x")
    timing.report()  # nothing written anywhere
    timing.report(tmp_path / "t.json")
    assert json.loads((tmp_path / "t.json").read_text())["counts"] == {"x": 1}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every catalogue chart's wide and narrow spec, from the repository's data."""
    build = site.Build(ROOT / "data")
    specs = {}
    for name in declarations.NAMED_CHARTS:
        decl, view = declarations.named(build.catalog, name)
        rows = chartdecl.select(view.frame, decl)
        for narrow in (False, True):
            specs[(name, narrow)] = builders.to_spec(builders.build(rows, decl, build.renderer.labels, narrow=narrow))
            assert chartspec.spec(rows, decl, build.renderer.labels, narrow=narrow) == specs[(name, narrow)], (name, narrow)
    return specs


def test_every_chart_spec_is_valid_vega_lite(built):
    """The site builds specs with Altair's check switched off (it costs more than the build): check them here."""
    validator = jsonschema.Draft7Validator(load_schema())
    for key, spec in built.items():
        errors = sorted(validator.iter_errors(spec), key=str)
        assert not errors, (key, errors[:2])


@pytest.fixture
def isolated_cache(tmp_path):
    """Build options of the tests' own: a cache of their own; `defer(True)` as in mkdocs serve."""
    with options.using(options.BuildOptions(cache_dir=tmp_path / "cache")):
        yield tmp_path


def defer(on: bool) -> None:
    """The active options with pictures left to the worker (as in mkdocs serve) or drawn at once."""
    options.activate(options.active().replace(defer_pictures=on))


def picture() -> pictures.Picture:
    spec = {"data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 2}]}, "mark": "bar",
            "encoding": {"y": {"field": "a", "type": "nominal"}, "x": {"field": "b", "type": "quantitative"}}}
    return pictures.Picture("svg", spec, ("width", 300, 5))


def test_in_serve_an_uncached_picture_is_left_to_the_worker(isolated_cache, monkeypatch):
    defer(True)
    before = render.STATS.get("rendered", 0)
    assert pictures.get(picture()) is None and render.STATS.get("rendered", 0) == before  # Vega did not run
    defer(False)
    drawn = pictures.get(picture())
    assert render.svg_size(drawn)[0] == 300
    defer(True)
    assert pictures.get(picture()) == drawn  # cached now: served at once, size and all


def test_the_worker_draws_into_the_site_unless_a_newer_rebuild_took_over(isolated_cache, monkeypatch):
    site_dir = isolated_cache / "site"
    site_dir.mkdir()
    started = []
    monkeypatch.setattr(pictures.subprocess, "Popen", lambda args, **kw: started.append(args[-1]) or _Done())
    pictures.hand_over(site_dir, {"assets/a.svg": picture()})
    older = started[-1]
    saved = Path(older).read_bytes()
    pictures.hand_over(site_dir, {"assets/b.svg": picture()})  # a newer rebuild
    Path(older).write_bytes(saved)
    pictures.work(older)
    assert not (site_dir / "assets" / "a.svg").exists()  # superseded: writes nothing
    pictures.work(started[-1])
    assert render.svg_size((site_dir / "assets" / "b.svg").read_bytes())[0] == 300


class _Done:
    def poll(self):
        return 0


def test_a_page_rendered_now_wins_over_a_page_the_preview_put_back_as_it_was():
    out = Outputs()
    out.page = "docs/old.md"
    out.add_old("charts/a.svg", b"old")
    out.page = "docs/new.md"
    new = picture()
    out.defer("charts/a.svg", new)  # the same path, its new picture still to draw
    assert "charts/a.svg" not in out.files and out.deferred["charts/a.svg"] is new
    assert out.by_page["docs/new.md"]["charts/a.svg"] is new
    out.add("charts/b.svg", b"new")
    out.add_old("charts/b.svg", b"old")  # the old page comes after the new one
    out.add_old("charts/c.svg", b"old")
    out.add("charts/c.svg", b"new")  # or before it
    assert out.files["charts/b.svg"] == out.files["charts/c.svg"] == b"new" and not out.old


def test_a_rebuild_takes_what_the_worker_drew_for_the_very_picture_it_was_given(isolated_cache, monkeypatch):
    site_dir = isolated_cache / "site"
    site_dir.mkdir()
    started = []
    monkeypatch.setattr(pictures.subprocess, "Popen", lambda args, **kw: started.append(args[-1]) or _Done())
    given, not_drawn = picture(), picture()
    pictures.hand_over(site_dir, {"assets/a.svg": given, "assets/c.svg": not_drawn})
    order = pickle.loads(Path(started[-1]).read_bytes())
    order["jobs"] = [job for job in order["jobs"] if job[0] == "assets/a.svg"]  # the worker got this far
    Path(started[-1]).write_bytes(pickle.dumps(order))
    pictures.work(started[-1])
    pictures.read_drawn(site_dir)  # the next rebuild, before MkDocs empties the site
    assert pictures.drawn("assets/a.svg", given) == (site_dir / "assets" / "a.svg").read_bytes()
    assert pictures.drawn("assets/a.svg", picture()) is None  # an equal picture, not the one given: looked up as usual
    assert pictures.drawn("assets/c.svg", not_drawn) is None


def test_the_worker_process_draws_into_the_site_with_the_cache_it_was_handed(isolated_cache):
    """The real worker (a new Python process): it starts, draws into the site and into the cache
    directory of the build that handed the job over (not the default one)."""
    site_dir = isolated_cache / "site"
    site_dir.mkdir()
    proc = pictures.hand_over(site_dir, {"assets/a.svg": picture()})
    assert proc.wait(timeout=120) == 0
    assert render.svg_size((site_dir / "assets" / "a.svg").read_bytes())[0] == 300
    assert list((isolated_cache / "cache" / "render").rglob("*.svg"))


@pytest.fixture
def fresh_figures():
    """Nothing remembered from another test, and nothing left to the next (even when this one fails)."""
    memo.clear_all()
    yield
    memo.clear_all()


def test_a_figure_waiting_for_its_pictures_leaves_their_sizes_out(isolated_cache, monkeypatch, fresh_figures):
    defer(True)
    build = site.Build(ROOT / "data")
    monkeypatch.setattr(embed.cache, "disk_load", lambda *a: None)
    monkeypatch.setattr(embed.cache, "disk_store", lambda *a: None)
    decl, view = declarations.named(build.catalog, "benchmark_gap")
    rendered = build.renderer.figure(decl, view, "")
    assert not rendered.complete
    assert 'class="ts-static' in rendered.html and ' width="' not in _view_of(rendered.html)
    assert len(build.outputs.deferred) == 6  # the four pictures in the page, the SVG and PNG downloads


def test_a_figure_the_pool_completes_holds_the_pictures_the_site_got(isolated_cache, monkeypatch, fresh_figures):
    """The pool's pictures go to the site as they come (a build streams them: the next test); the figure they
    complete, kept whole for later builds, reads them back from the render cache: the very same bytes."""
    options.activate(options.active().replace(pool_pictures=True))
    monkeypatch.setattr(embed.cache, "disk_load", lambda *a: None)
    monkeypatch.setattr(embed.cache, "disk_store", lambda *a: None)
    build = site.Build(ROOT / "data")
    decl, view = declarations.named(build.catalog, "benchmark_gap")
    assert not build.renderer.figure(decl, view, "").complete
    waiting = set(build.outputs.deferred)
    build.draw_pictures([])
    ((_, (parts, files, left)),) = build.renderer._this_build.values()
    assert parts["complete"] and not left and waiting <= set(files)
    assert all(files[path] == build.outputs.files[path] for path in waiting)


def test_a_build_that_streams_its_files_holds_none_of_them(isolated_cache, fresh_figures, tmp_path):
    """`mkdocs build` writes each file into the site as it is added (publish/outputs.py) and keeps no whole
    figure in memory (at 100x the rows, 850 MB of pictures and downloads were held till the end). The figure
    is kept on disk: a second page showing it takes it from there, made once."""
    options.activate(options.active().replace(pool_pictures=True))
    build = site.Build(ROOT / "data")
    build.outputs.add("early.txt", b"added before the site was emptied")
    build.outputs.stream(tmp_path / "site")
    decl, view = declarations.named(build.catalog, "benchmark_gap")
    first = build.renderer.figure(decl, view, "")
    build.draw_pictures([])
    files = build.outputs.files
    assert [p for p in files if p.endswith(".svg")] and set(files.values()) == {None}
    assert all((tmp_path / "site" / path).is_file() for path in files)
    assert all(data is None for added in build.outputs.by_page.values() for data in added.values())
    assert not build.renderer._this_build and not embed._FIGURES  # nothing holds the figure's bytes
    made = embed.cache.STATS.get("figure:made", 0)
    again = build.renderer.figure(decl, view, "")
    assert embed.cache.STATS.get("figure:made", 0) == made and again.complete and not first.complete


def test_streamed_files_are_written_once_and_a_failed_build_takes_them_back(tmp_path, monkeypatch):
    from macros.publish import outputs as streamed

    out = Outputs()
    out.stream(tmp_path)
    writes, real = [], streamed._write_file
    monkeypatch.setattr(streamed, "_write_file", lambda target, data: (writes.append(target), real(target, data)))
    for _ in range(2):  # a chart on two pages
        out.add("assets/charts/a.svg", b"<svg/>")
    out.add("assets/charts/a.svg", b"<svg></svg>")  # the same path, other bytes: the later wins, as before
    assert len(writes) == 2 and (tmp_path / "assets/charts/a.svg").read_bytes() == b"<svg></svg>"
    (tmp_path / "assets" / "theirs.css").write_text("a file MkDocs copied")
    out.discard()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["assets", "assets/theirs.css"]


def _view_of(html: str) -> str:
    return html.split('class="ts-chart__view"')[1].split("</div>")[0]


def test_once_the_worker_has_drawn_them_the_next_rebuild_reuses_the_figure_with_sizes(isolated_cache, monkeypatch, fresh_figures):
    """In make serve, the rebuild after the worker has drawn a figure's pictures makes nothing
    again (no Altair): it takes the pictures from the cache, sizes and all, as a build would."""
    defer(True)
    monkeypatch.setattr(embed.cache, "disk_load", lambda *a: None)
    stored = []
    monkeypatch.setattr(embed.cache, "disk_store", lambda *a: a[0] == "figure" and stored.append(a[0]))
    build = site.Build(ROOT / "data")
    decl, view = declarations.named(build.catalog, "benchmark_gap")
    first = build.renderer.figure(decl, view, "")
    assert not first.complete and stored == []
    waiting = dict(build.outputs.deferred)
    for picture in list(waiting.values())[:3]:  # the worker has drawn some of them so far
        picture.draw()

    made = []
    monkeypatch.setattr(builders, "build", lambda *a, **k: made.append(1))  # would fail: nothing is made again
    second_build = site.Build(ROOT / "data")
    second = second_build.renderer.figure(decl, view, "")
    assert made == [] and not second.complete and len(second_build.outputs.deferred) == 3
    assert set(second_build.outputs.files) >= set(list(waiting)[:3])
    for picture in waiting.values():  # and now the rest
        picture.draw()
    third_build = site.Build(ROOT / "data")
    third = third_build.renderer.figure(decl, view, "")
    assert made == [] and third.complete and third_build.outputs.deferred == {} and stored == ["figure"]

    monkeypatch.undo()  # what a build makes from scratch: the same page, the same files
    memo.clear_all()
    defer(False)
    monkeypatch.setattr(embed.cache, "disk_load", lambda *a: None)
    monkeypatch.setattr(embed.cache, "disk_store", lambda *a: None)
    fresh_build = site.Build(ROOT / "data")
    fresh = fresh_build.renderer.figure(decl, view, "")
    assert fresh.html == third.html and ' width="' in _view_of(fresh.html)
    assert {p: d for p, d in fresh_build.outputs.files.items() if p.startswith("assets/charts/")} == \
        {p: d for p, d in third_build.outputs.files.items() if p.startswith("assets/charts/")}


def test_a_build_without_pictures_draws_none_and_is_never_what_make_build_runs(isolated_cache, monkeypatch, fresh_figures):
    """TOKENSHARE_PICTURES=off (tests that read pages only): no picture drawn, even one the cache holds,
    the pages' sizes left out, nothing deferred to write (the figure asks for none: the output sink
    knows no mode); any other value is refused by name; and `make build` sets it on whatever the
    shell says (CI's builds are `make build`: test_workflows)."""
    import subprocess

    from macros.publish import picturespecs
    from macros.publish.outputs import Outputs

    assert options.from_environment({}).pictures == options.from_environment({"TOKENSHARE_PICTURES": "on"}).pictures == "on"
    with pytest.raises(ValueError, match=r"TOKENSHARE_PICTURES is 'no': expected 'on'"):
        options.from_environment({"TOKENSHARE_PICTURES": "no"})
    drawn = picture().draw()  # in the cache now
    monkeypatch.setattr(embed.cache, "disk_load", lambda *a: None)
    monkeypatch.setattr(embed.cache, "disk_store", lambda *a: None)
    off = options.from_environment({"TOKENSHARE_PICTURES": "off"}, cache_dir=isolated_cache / "cache")
    with options.using(off):
        sink = Outputs()
        assert picturespecs.ask(sink, "a.svg", picture()) is None and sink.deferred == {} and render.svg_size(drawn)[0] == 300
        build = site.Build(ROOT / "data")
        decl, view = declarations.named(build.catalog, "benchmark_gap")
        rendered = build.renderer.figure(decl, view, "")
        # whole (nothing is left to draw: kept on disk for the next such build), and no picture's size in it
        assert rendered.complete and ' width="' not in build.sized(_view_of(rendered.html))
        assert build.outputs.deferred == {}  # nothing deferred while the page renders either
        build.draw_pictures([])
        assert build.outputs.deferred == {} and not [p for p in build.outputs.files if p.endswith((".svg", ".png"))]
        assert [p for p in build.outputs.files if p.endswith(".vl.json")]  # the rest of the figure is there
        sink.defer("a.svg", picture())  # a picture deferred in a build that draws none now is an error, as in any
        with pytest.raises(RuntimeError, match="pictures never drawn: a.svg"):
            sink.write(isolated_cache / "site")
    # a figure made without pictures is never taken for one with them (the same figure, in the same process)
    defer(True)
    on_build = site.Build(ROOT / "data")
    assert not on_build.renderer.figure(decl, view, "").complete and len(on_build.outputs.deferred) == 6
    dry = subprocess.run(["make", "-n", "build"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "TOKENSHARE_PICTURES": "off", "TOKENSHARE_MODEL_PAGES": "sample"})
    (line,) = [line for line in dry.stdout.splitlines() if "mkdocs build" in line]
    assert line.startswith("TOKENSHARE_PICTURES=on TOKENSHARE_MODEL_PAGES=all "), line  # whatever the shell says


def test_a_sample_of_pictures_is_every_hand_written_pages_and_one_generated_page_of_each_kind():
    """TOKENSHARE_PICTURES=sample: of each generated kind (folder), the page with the longest path that shows
    pictures, whether they are drawn already or not."""
    from macros.publish import drawpool

    shown_on = {"a.svg": {"docs/index.md"}, "b.svg": {"docs/labs/x.md"}, "c.svg": {"docs/labs/longer.md"},
                "d.svg": {"docs/labs/x.md", "docs/labs.md"}, "e.svg": {"docs/models/lab/a-model.md"},
                "f.svg": {"docs/models/lab/m.md"}, "g.svg": {"docs/reference.md"}, "card.png": {""}}
    generated = {"docs/labs/x.md", "docs/labs/longer.md", "docs/labs/the-longest-but-chartless.md", "docs/models/lab/a-model.md",
                 "docs/models/lab/m.md", "docs/reference.md"}
    jobs = {path: picture() for path in shown_on}
    showing = set().union(*shown_on.values())
    assert sorted(drawpool.sample(jobs, shown_on, showing, generated)) == ["a.svg", "c.svg", "card.png", "d.svg", "e.svg", "g.svg"]
    # a warm cache: labs/longer.md's picture is drawn already, so no job; labs/longer.md is still the
    # one page of its kind, and labs/x.md's pictures are not drawn in its stead
    cached = {path: job for path, job in jobs.items() if path != "c.svg"}
    cached_shown_on = {path: pages for path, pages in shown_on.items() if path in cached}  # noted as deferred only
    assert sorted(drawpool.sample(cached, cached_shown_on, showing, generated)) == ["a.svg", "card.png", "d.svg", "e.svg", "g.svg"]


def test_compiled_templates_are_reused_but_never_stale(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    (tmp_path / "t.html").write_text("one {{ x }}")
    env = Environment(loader=FileSystemLoader(tmp_path))
    templatecache.attach(env)
    assert env.get_template("t.html").render(x=1) == "one 1"
    (tmp_path / "t.html").write_text("two {{ x }}")
    fresh = Environment(loader=FileSystemLoader(tmp_path))
    templatecache.attach(fresh)
    assert fresh.get_template("t.html").render(x=2) == "two 2"


def test_mkdocs_macros_git_info_is_computed_only_when_read(monkeypatch):
    from mkdocs_macros import context

    calls = []
    monkeypatch.setattr(context, "get_git_info", lambda: calls.append(1) or {"short_commit": "abc1234", "status": True})
    from macros.mkdocs import gitinfo

    gitinfo.make_lazy()
    info = context.get_git_info()
    assert calls == []
    assert info["short_commit"] == "abc1234" and calls == [1]
    assert dict(info.items()) == {"short_commit": "abc1234", "status": True}
