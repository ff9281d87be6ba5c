"""Drawing less and on every core (issue 16, item 2): publish/drawpool.py and the dark palette swap.

- A dark picture made from its light one by swapping colours is the bytes Vega draws for it.
- The pool draws the same bytes as drawing one picture after another, fails naming the picture
  that cannot be drawn, and reports the cache entries its processes used (for the manifest).
- A picture fitted to a width in one Vega run (Vega's own fit-x sizing) is that wide, and as
  big as measuring the picture and drawing it again with a plot that much narrower makes it.
- Pictures sent to the pool while pages are still read are taken only if the build still wants
  them; the others are drawn at the end.
- A page's size placeholder becomes the drawn picture's size, or nothing while it is not drawn.
"""

from __future__ import annotations

import json

import pytest

from macros.charts import declarations, specs, theme
from macros.charts import decl as chartdecl
from macros.core import cache, options, timing
from macros.publish import drawpool, fonts, pictures, render
from macros.publish.picturespecs import framed_pictures, static_picture

CHARTS = ("country_share_weekly", "country_tokens_weekly", "benchmark_gap")


@pytest.fixture
def own_cache(tmp_path):
    with options.using(options.BuildOptions(cache_dir=tmp_path / "cache")):
        yield tmp_path / "cache"


def chart_spec(catalog, name: str, narrow: bool = False) -> dict:
    decl, view = declarations.named(catalog, name)
    rows = chartdecl.select(view.frame, decl)
    return specs.spec(rows, decl, catalog.meta("labs").column("country_group").enum, narrow=narrow)


def test_a_dark_picture_swapped_from_the_light_one_is_what_vega_draws(catalog, own_cache):
    import vl_convert as vlc

    render.use_fonts()
    checked = 0
    for name in CHARTS:
        for narrow, width in ((False, theme.STATIC_WIDTH), (True, 360)):
            dark = static_picture(chart_spec(catalog, name, narrow), "dark", width)
            swap = dark.palette_swap()
            if swap is None:
                continue  # the spec names a palette colour itself: Vega draws the dark one
            assert set(swap) >= {"#ffffff", "#1f2328"}
            swapped = dark.draw()
            drawn = fonts.embed(vlc.vegalite_to_svg(json.loads(render.spec_bytes(dark.fitted())))).encode("utf-8")
            assert swapped == drawn, name
            checked += 1
    assert checked >= 4


def test_a_spec_that_names_a_palette_colour_is_drawn_by_vega():
    spec = {"mark": {"type": "bar", "color": theme.COUNTRY_COLORS["light"]["US"]}, "config": theme.config("light")}
    assert pictures.Picture("svg", spec, config=theme.config("dark")).palette_swap() is None
    plain = {"mark": "bar", "config": theme.config("light")}
    assert pictures.Picture("svg", plain, config=theme.config("dark")).palette_swap() is not None
    bigger = theme.config("light")
    bigger["axis"]["labelFontSize"] = 20  # not only colours: a layout change, never swapped
    assert pictures.Picture("svg", plain, config=bigger).palette_swap() is None


def test_the_pool_draws_what_drawing_one_by_one_draws(catalog, own_cache, tmp_path, monkeypatch):
    spec = chart_spec(catalog, "country_share_weekly")
    jobs = {f"assets/{scheme}.svg": static_picture(spec, scheme, 640) for scheme in ("light", "dark")}
    jobs["assets/d.svg"], jobs["assets/d.png"] = framed_pictures(jobs["assets/light.svg"], "Title", "Subtitle", "Source")
    jobs["assets/narrow.svg"] = static_picture(chart_spec(catalog, "country_share_weekly", True), "light", 360)
    jobs["assets/gap.svg"] = static_picture(chart_spec(catalog, "benchmark_gap"), "light", 640)
    monkeypatch.setattr(drawpool, "IN_PROCESS", 1)  # a pool even for these few
    cache.forget_uses()
    pooled, entries = drawn_by(jobs)
    used, _ = cache.uses()
    assert set(pooled) == set(jobs)
    assert all(e in used for path in jobs for e in entries[path]) and entries["assets/d.png"]
    with options.using(options.BuildOptions(cache_dir=tmp_path / "other")):
        one_by_one = {path: picture.draw() for path, picture in jobs.items()}
    assert pooled == one_by_one
    assert pooled["assets/d.png"].startswith(b"\x89PNG")


@pytest.mark.parametrize("name, narrow, total, padding", [
    ("country_share_weekly", False, 640, 5), ("country_share_weekly", True, 360, 5),  # line ends past the plot
    ("benchmark_gap", False, 640, 5), ("benchmark_gap", True, 360, 5),  # dots named left and right
    ("lab_share_latest", False, 640, 5), ("lab_share_latest", True, 360, 5),  # bar values past the bars
    ("country_tokens_weekly", False, 800, 16),
])
def test_a_picture_fitted_in_one_run_is_the_size_two_runs_give(catalog, own_cache, name, narrow, total, padding):
    import vl_convert as vlc

    spec = static_picture(chart_spec(catalog, name, narrow), "light", total).spec
    render.use_fonts()
    # the two runs: lay out at `total` with the padding counted in, measure, narrow the plot by the excess
    measured = dict(spec, autosize={"type": "pad"}, width=total, padding=padding)
    excess = int(float(vlc.vegalite_to_scenegraph(measured)["width"])) - total
    assert excess > 0  # labels and axes do take room beside the plot
    two_runs = vlc.vegalite_to_svg(dict(measured, width=total - excess)).encode()
    one_run = render.svg(render.fit_width(spec, total, padding=padding))
    assert render.svg_size(one_run)[0] == total
    assert abs(render.svg_size(two_runs)[0] - total) <= 1 and render.svg_size(one_run)[1] == render.svg_size(two_runs)[1]
    # the same plot: nothing beside it was left out of the room it is given (else it would be cut)
    assert render.plot_width(one_run) == render.plot_width(two_runs) == total - excess


def test_labels_too_long_for_the_width_widen_the_picture_never_cut_it(own_cache):
    long_names = [{"name": f"{'A very long name of a category ' * 3}{i}", "value": i + 1} for i in range(3)]
    spec = {"data": {"values": long_names}, "mark": "bar",
            "encoding": {"y": {"field": "name", "type": "nominal", "axis": {"labelLimit": 0}},
                         "x": {"field": "value", "type": "quantitative"}},
            "config": theme.config("light", theme.STATIC_FONT)}
    fitted = render.fit_width(spec, 360)
    drawn = render.svg(fitted)
    assert render.plot_width(drawn) == render.MIN_PLOT
    assert render.svg_size(drawn)[0] > 360  # wider than asked: the labels whole


def test_pictures_sent_while_pages_are_read_are_taken_only_if_still_wanted(catalog, tmp_path, monkeypatch):
    """A build sends the pictures of the pages read so far to the pool (drawpool.send); at the end it
    takes those still wanted, draws the others (one the page replaced since, one never sent), and gets
    what drawing one by one gives. A failed build abandons the pool."""
    monkeypatch.setattr(drawpool.os, "cpu_count", lambda: 2)
    spec = chart_spec(catalog, "country_share_weekly")
    first = {f"assets/{scheme}.svg": static_picture(spec, scheme, 640) for scheme in ("light", "dark")}
    first["assets/gap.svg"] = static_picture(chart_spec(catalog, "benchmark_gap"), "light", 640)
    build = options.BuildOptions(cache_dir=tmp_path / "cache", pool_pictures=True)
    with options.using(build):
        assert drawpool.early()
        drawpool.send(first)
        drawpool.send(first)  # sent once
        assert len(drawpool._EARLY[0].jobs) == 2
        jobs = dict(first, **{"assets/gap.svg": static_picture(chart_spec(catalog, "benchmark_gap", True), "light", 360),
                              "assets/narrow.svg": static_picture(chart_spec(catalog, "country_share_weekly", True), "light", 360)})
        taken = timing.COUNTS.get("render:jobs sent early and taken", 0)
        drawn, entries = drawn_by(jobs)
        assert not drawpool._EARLY and set(drawn) == set(jobs) and all(entries[path] for path in jobs)
        assert timing.COUNTS["render:jobs sent early and taken"] == taken + 1  # the light and dark pictures' job
        drawpool.send(first)
        assert drawpool._EARLY
    with options.using(options.BuildOptions(cache_dir=tmp_path / "another", pool_pictures=True)):
        drawpool.send(first)  # a pool left by a build into another cache is not this build's
        assert len(drawpool._EARLY) == 1 and drawpool._EARLY[0].cache_dir == tmp_path / "another"
        drawpool.abandon()
        assert not drawpool._EARLY
    with options.using(options.BuildOptions(cache_dir=tmp_path / "other")):
        assert drawn == {path: picture.draw() for path, picture in jobs.items()}
    with options.using(options.BuildOptions(cache_dir=tmp_path / "cache", pool_pictures=True, pictures="sample")):
        assert not drawpool.early()  # a sample is chosen once every page is read


def drawn_by(jobs: dict) -> tuple[dict, dict]:
    """What drawpool.draw hands over: (path -> bytes, path -> the cache entries its drawing used)."""
    drawn, entries = {}, {}
    drawpool.draw(jobs, lambda path, data, used: (drawn.__setitem__(path, data), entries.__setitem__(path, used)))
    return drawn, entries


def test_what_the_pool_has_drawn_is_handed_over_as_the_pages_are_read(catalog, tmp_path, monkeypatch):
    """Each page start hands the build what the early pool has drawn by then (drawpool.harvest), which the
    build writes and lets go of (at 100x the rows, holding it all till the end was the cold build's peak);
    `draw` then hands over the rest, nothing twice."""
    monkeypatch.setattr(drawpool.os, "cpu_count", lambda: 2)
    spec = chart_spec(catalog, "country_share_weekly")
    first = {f"assets/{scheme}.svg": static_picture(spec, scheme, 640) for scheme in ("light", "dark")}
    later = {"assets/gap.svg": static_picture(chart_spec(catalog, "benchmark_gap"), "light", 640)}
    early = {}
    with options.using(options.BuildOptions(cache_dir=tmp_path / "cache", pool_pictures=True)):
        drawpool.harvest(first, lambda *a: early.setdefault("before any was sent", a))
        drawpool.send(first)
        for _, future in drawpool._EARLY[0].jobs:
            future.result()  # drawn by the time the next page starts
        replaced = dict(first, **{"assets/dark.svg": static_picture(spec, "dark", 360)})
        drawpool.harvest(replaced, lambda *a: early.setdefault("a job the build no longer wants", a))
        drawpool.harvest(first, lambda path, data, used: early.__setitem__(path, (data, used)))
        assert set(early) == set(first) and all(used for _, used in early.values()) and not drawpool._EARLY[0].jobs
        rest, _ = drawn_by(dict(later))
        assert set(rest) == set(later) and not drawpool._EARLY
    with options.using(options.BuildOptions(cache_dir=tmp_path / "other")):
        assert {path: data for path, (data, _) in early.items()} == {path: picture.draw() for path, picture in first.items()}


def test_a_picture_that_cannot_be_drawn_fails_naming_it(own_cache):
    broken = pictures.Picture("svg", {"mark": "no-such-mark", "config": theme.config("light")})
    with pytest.raises(RuntimeError, match="assets/broken.svg"):
        drawn_by({"assets/broken.svg": broken})


def test_size_placeholders():
    html = f'<img src="a.svg"{drawpool.placeholder("assets/a.svg")} alt="x"><img src="b.svg"{drawpool.placeholder("assets/b.svg")}>'
    assert drawpool.sized(html, {"assets/a.svg": (640, 300)}) == '<img src="a.svg" width="640" height="300" alt="x"><img src="b.svg">'


def test_an_svg_carries_the_glyphs_of_its_text(catalog, own_cache):
    """A picture in an <img> sees no font of the page: it carries Lato's glyphs for its own text."""
    import base64
    import html
    import io
    import re

    from fontTools.ttLib import TTFont

    drawn = static_picture(chart_spec(catalog, "country_share_weekly"), "light", 640).draw().decode("utf-8")
    faces = dict(re.findall(r"font-weight:(\d+);src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", drawn))
    assert "400" in faces and drawn.index("<style>") < drawn.index("<text")
    covered = set()
    for data in faces.values():
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font["name"].getDebugName(1) == "Lato"
        # kerned as vl-convert laid it out (Lato's pairs are in GPOS), hints left out
        assert "kern" in {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
        assert "fpgm" not in font and "prep" not in font
        covered |= {chr(c) for c in font.getBestCmap()}
    text = {ch for inner in re.findall(r"<text[^>]*>(.*?)</text>", drawn, re.S) for ch in html.unescape(re.sub(r"<[^>]+>", "", inner))}
    assert text - {" "} and text - {" "} <= covered, text - covered
    assert len(drawn.encode()) - len(re.sub(r"<style>.*?</style>", "", drawn).encode()) < 16_000  # a few KB, not the whole font


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_text_past_u_ffff_is_cut_between_characters_never_inside_one(own_cache, direction):
    """Vega cuts a label past its limit by UTF-16 code units and vl-convert cannot measure half of a
    surrogate pair: an emoji in a cut label once failed the build. It is drawn, cut whole or kept."""
    name = "🦜🔥 Parrot Lab 👩\u200d🔬 \ue000"  # a private-use character of the data's own stays itself
    for limit in (5, 20, 33, 40, 80, 200):
        spec = {"data": {"values": [{"a": name}]}, "mark": {"type": "text", "limit": limit, "dir": direction},
                "encoding": {"text": {"field": "a"}}}
        drawn = render.svg(spec).decode("utf-8")
        assert render.size(spec)[0] > 0
        assert f'aria-label="a: {name}"' in drawn  # the whole name, as itself
        assert not any(0xE000 < ord(c) < 0xF900 for c in drawn), limit  # no stand-in left
    assert f">{name}</text>" in drawn  # uncut at 200 px
