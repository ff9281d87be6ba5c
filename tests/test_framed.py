"""The downloadable picture (publish/framed.py): the page's light picture, framed by its title,
subtitle and source, with no Vega run of its own.

- It holds the page's light picture as drawn, and its lines, escaped, none past the picture's width.
- Its PNG is that SVG rasterised, twice its size.
- Framing a drawn picture again runs no Vega.
"""

from __future__ import annotations

import re
import struct
from html import unescape

from macros.charts import theme
from macros.charts.textfit import text_px
from macros.core import options
from macros.publish import framed, render
from macros.publish.picturespecs import framed_pictures, static_picture
from test_drawing import chart_spec

HOSTILE = "<script>alert(1)</script> & \"quotes\" of a model's name, long enough to wrap onto another line or two here"


def test_a_download_is_the_page_picture_framed_by_its_escaped_lines(catalog, tmp_path):
    spec = chart_spec(catalog, "country_share_weekly")
    with options.using(options.BuildOptions(cache_dir=tmp_path / "cache")):
        light = static_picture(spec, "light", theme.STATIC_WIDTH)
        page = light.draw().decode("utf-8")
        before = dict(render.STATS)
        download_svg, download_png = framed_pictures(light, HOSTILE, "A subtitle", "Source: OpenRouter")
        svg = download_svg.draw().decode("utf-8")
        png = download_png.draw()
        assert render.STATS.get("rendered:size", 0) == before.get("rendered:size", 0)
        assert render.STATS["rendered:svg"] == before["rendered:svg"] + 1  # framed: the page's drawing reused
    body = re.sub(r"^<svg[^>]*><style>.*?</style>", "", page, count=1, flags=re.S)
    assert body in svg  # the very drawing the page shows
    assert "<script" not in svg and "&lt;script&gt;" in svg
    width, height = render.svg_size(svg.encode("utf-8"))
    assert width == theme.STATIC_WIDTH + 2 * framed.MARGIN
    lines = [unescape(t) for t in re.findall(r'<text x="16"[^>]*>([^<]*)</text>', svg)]
    assert len(lines) >= 4 and " ".join(lines).startswith(unescape(HOSTILE.split(" of")[0]))
    assert all(text_px(line, framed.TITLE[0], True) <= theme.STATIC_WIDTH for line in lines)
    assert "Source: OpenRouter" in lines[-1]
    assert png.startswith(b"\x89PNG") and struct.unpack(">II", png[16:24]) == (2 * width, 2 * height)


def test_a_long_word_keeps_its_own_line():
    assert framed.wrap("a " + "x" * 200 + " b", 100, 12) == ("a", "x" * 200, "b")
    assert framed.wrap("", 100, 12) == ()
