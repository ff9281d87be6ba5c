"""The Vega-Lite specs of a chart's pictures (the one in the page, the download, the link-preview card), and how a figure asks for one.

A picture travels without the page (an <img>, a downloaded file, a shared
link), so each variant carries what it needs: the download its title and
source (around the page's own picture), the card big type; none carries the live chart's links or metadata.

A figure asks for each picture through `ask`, the one place a test build
without pictures (TOKENSHARE_PICTURES=off) is told apart: its figures draw
none, take none from the render cache and defer none, so the build writes none.
"""

from __future__ import annotations

import textwrap

from macros.charts import theme
from macros.charts.builders import TEXT_SCALE
from macros.core import options
from macros.publish import framed, pictures


def shown() -> bool:
    """Whether this build's figures show static pictures: all but a test build's without them
    (its pages name pictures it never writes, so CI's link check would stop it being published)."""
    return options.active().pictures != "off"


def ask(outputs, path: str, picture: pictures.Picture) -> bytes | None:
    """A picture a figure shows at `path`: its bytes (drawn now, or from the render cache), else None:
    deferred in `outputs` (publish/outputs.py) to the pool or the worker, or, when not shown(), to nobody."""
    if not shown():
        return None
    data = pictures.get(picture)
    if data is None:
        outputs.defer(path, picture)
    return data


def static_picture(spec: dict, scheme: str, width: int) -> pictures.Picture:
    """The picture in the page: the whole of it (axes and labels included) `width` px wide.
    Light and dark differ in colours only: both take the width fitted to the light one."""
    out = _for_picture(spec)
    out["config"] = theme.config("light", theme.STATIC_FONT)
    return pictures.Picture("svg", out, ("width", width, 5), config=theme.config(scheme, theme.STATIC_FONT))


def framed_pictures(light: pictures.Picture, title: str, subtitle: str, source_line: str) -> tuple:
    """The downloadable SVG and PNG: they travel without the page, so they carry their own title and
    source, set around the page's `light` picture (publish/framed.py: no drawing of their own)."""
    lines = framed.frame(title, subtitle, source_line, light.fit[1])
    # the light picture's spec and fit: one drawing, in one job of the pool (drawpool.py)
    return tuple(pictures.Picture(kind, light.spec, light.fit, frame=lines) for kind in ("svg", "png"))


def card_picture(spec: dict, title: str, subtitle: str, source_line: str) -> dict:
    """A 1200 × 630 picture for link previews: big type, the title and the source on it
    (fitted to that size by `ChartRenderer.social_card`, for the charts that lead a page)."""
    out = _for_picture(spec)
    subtitle_lines = [line for part in (subtitle, source_line) if part for line in _lines(part, 100)]
    out["title"] = {"text": _lines(title, 55), "subtitle": subtitle_lines, "anchor": "start", "offset": 14}
    config = theme.config("light", theme.STATIC_FONT)
    config["title"].update(fontSize=34, subtitleFontSize=20, subtitlePadding=8)
    config["axis"].update(labelFontSize=18, titleFontSize=18)
    config["text"].update(fontSize=18)
    out.update(config=config, padding=32)
    return _type_scaled(out, 18 / 12)


def _type_scaled(spec: dict, factor: float) -> dict:
    """A spec whose type is `factor` times the page's: the room kept beside marks (the spec's
    text-scale parameter) and the axes' label limits grow with it, so no label is cut."""
    def walk(node):
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            if isinstance(out.get("labelLimit"), (int, float)):
                out["labelLimit"] = out["labelLimit"] * factor
            if out.get("name") == TEXT_SCALE and "value" in out:
                out["value"] = factor
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node
    return walk(spec)


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _for_picture(spec: dict) -> dict:
    """A spec as a picture draws it: without the live chart's metadata, and without its links (a
    picture in an <img> follows none; in a downloaded SVG, a link to a page of ours leads nowhere)."""
    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not (k == "href" and isinstance(v, dict) and "field" in v)}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node
    # the tables (`datasets`: rows of plain values, shared, never changed) hold no link to strip
    return {k: v if k == "datasets" else strip(v) for k, v in spec.items() if k != "usermeta"}
