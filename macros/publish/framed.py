"""A downloaded picture: the chart as the page shows it, framed by its title, subtitle and source.

A picture that travels without its page (a downloaded SVG or PNG, a slide) has to say what it
shows and where its numbers come from. It is the page's own light picture, drawn once
(publish/pictures.py), with the title and subtitle set above it and the source line below, in SVG:
no Vega run of its own. Lines are wrapped to the picture's width by an upper estimate of their
width (charts/textfit.py), so no line runs past the edge in any font. Text from the data is
escaped; the SVG carries the glyphs of all its text (fonts.embed).
"""

from __future__ import annotations

import re
from html import escape

import vl_convert as vlc

from macros.charts import theme
from macros.charts.textfit import text_px
from macros.publish import fonts, render

VERSION = 1  # part of a framed picture's cache key: bump when `compose` lays out anything differently
MARGIN = 16  # px around the text and the chart
# (font size px, bold, line height px, colour in the light palette)
TITLE = (16, True, 21, "text")
SUBTITLE = (12, False, 16, "muted")
SOURCE = (11, False, 15, "muted")
GAP = 8  # px between the text and the chart

_STYLE = re.compile(r"<style>.*?</style>", re.S)


def wrap(text: str, width: float, size: int, bold: bool = False) -> tuple[str, ...]:
    """`text` in lines at most `width` px wide (a word wider than that stays whole, on its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_px(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return tuple(lines)


def frame(title: str, subtitle: str, source_line: str, width: int) -> tuple:
    """The lines set around a picture `width` px wide: (title, subtitle, source), each a tuple of lines."""
    return tuple(wrap(text, width, size, bold) for text, (size, bold, _, _) in
                 ((title, TITLE), (subtitle, SUBTITLE), (source_line, SOURCE)))


def compose(picture: str, lines: tuple) -> str:
    """The picture's SVG inside a larger one, with `lines` (from `frame`) above and below it."""
    width, height = render.svg_size(picture.encode("utf-8"))
    surfaces = theme.SURFACES["light"]
    title, subtitle, source = lines
    parts, y = [], MARGIN

    def text(line: str, style: tuple) -> None:
        nonlocal y
        size, bold, line_height, colour = style
        weight = ' font-weight="bold"' if bold else ""
        parts.append(f'<text x="{MARGIN}" y="{y + size}" font-family="{escape(theme.STATIC_FONT)}" font-size="{size}px"'
                     f'{weight} fill="{surfaces[colour]}">{escape(line)}</text>')
        y += line_height

    for line in title:
        text(line, TITLE)
    for line in subtitle:
        text(line, SUBTITLE)
    y += GAP if title or subtitle else 0
    inner = _STYLE.sub("", picture, count=1)  # its glyphs: embedded again below, with the frame's
    parts.append(inner.replace("<svg", f'<svg x="{MARGIN}" y="{y}"', 1))
    y += height + GAP
    for line in source:
        text(line, SOURCE)
    total_w, total_h = width + 2 * MARGIN, y + MARGIN - GAP
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{total_h}" viewBox="0 0 {total_w} {total_h}">'
            f'<title>{escape(" ".join(title))}</title>'
            f'<rect width="{total_w}" height="{total_h}" fill="{surfaces["background"]}"/>')
    return fonts.embed(head + "".join(parts) + "</svg>")


def draw(spec: dict, lines: tuple, png_scale: float | None = None) -> bytes:
    """The framed SVG of the fitted `spec` (its picture drawn once, shared with the page), or its PNG."""
    key = render.spec_bytes({"framed": spec, "lines": lines, "layout": VERSION})
    svg = render.cached("svg:framed", key, lambda: compose(render.svg(spec).decode("utf-8"), lines).encode("utf-8"))
    if png_scale is None:
        return svg
    return render.cached(f"png:{png_scale}:framed", key, lambda: vlc.svg_to_png(svg.decode("utf-8"), scale=png_scale))
