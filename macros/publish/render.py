"""Static pictures of charts and the Vega JavaScript, made at build time and cached.

vl-convert renders a Vega-Lite spec to SVG or PNG without a browser, and ships
the Vega, Vega-Lite and vega-embed bundle the site serves itself (no CDN, no
third-party code in the repository). Results are cached on disk, keyed on the
spec's bytes and the converter's version, so an unchanged chart is never
rendered twice and a changed one never shows a stale picture. The converter
is given the site's own font files (fonts.py), part of the key too: the
fonts installed on the machine change nothing. Each SVG carries the glyphs it
uses (`fonts.embed`), so a browser draws it in that font too.

Running Vega is what costs (50-150 ms a picture), so it runs as little as
possible: a picture fitted to a width is laid out by Vega itself in the run
that draws it (`fit_width`), a size is measured on Vega's scenegraph (no SVG is drawn), and a
PNG is rasterised from the SVG of the same spec (resvg alone, the same bytes
`vegalite_to_png` gives).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path

import vl_convert as vlc
from importlib.metadata import version

from macros.core import cache
from macros.core import memo
from macros.core import timing
from macros.core.paths import write_atomic
from macros.publish import fonts

ENGINE = f"vl-convert-{version('vl-convert-python')}"
# What a picture's bytes depend on beside its spec: the converter, the font files it is given, and
# what embeds their glyphs in an SVG (fonts.embed: its version, fontTools', Brotli's)
VERSION = f"{ENGINE}+{fonts.FAMILY}-{fonts.DIGEST[:16]}+{fonts.EMBED}"
use_fonts = fonts.register


class NotCached(LookupError):
    """A render was needed while only cached results were allowed (see `cache_only`)."""


_CACHE_ONLY = [False]


@contextlib.contextmanager
def cache_only():
    """Inside the block, a render not in the cache raises NotCached instead of running Vega."""
    before = _CACHE_ONLY[0]
    _CACHE_ONLY[0] = True
    try:
        yield
    finally:
        _CACHE_ONLY[0] = before


# "rendered", "cached"; also per kind: "rendered:svg", "cached:png", "rendered:size", ...
STATS: dict[str, int] = memo.table("pictures drawn and reused")


# Characters that mean markup, written as JSON escapes: the same JSON to a parser,
# but text from data cannot close a tag wherever a spec ends up (a page, a viewer).
_JSON_MARKUP = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def spec_bytes(spec: dict) -> bytes:
    """A spec as canonical JSON: the same spec always gives the same bytes."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in _JSON_MARKUP:  # str.replace: 0.3 ms where str.translate took 9.7 on a 300 KB spec
        text = text.replace(char, escaped)
    return text.encode("utf-8")


def _cache_path(kind: str, key: bytes) -> Path:
    made_by = ENGINE if kind == "js" else VERSION  # the script bundle owes nothing to the fonts
    digest = hashlib.sha256(made_by.encode() + b"\0" + kind.encode() + b"\0" + key).hexdigest()
    return cache.root() / "render" / digest[:2] / f"{digest}.{kind.split(':')[0]}"


def cached(kind: str, key: bytes, make) -> bytes:
    """What `make()` gives, from the render cache under (`kind`, `key`) and this VERSION, else made and kept."""
    with timing.stage("render"):
        path = _cache_path(kind, key)
        what = kind.split(":")[0]
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # not drawn yet (or pruned by another build meanwhile)
            pass
        else:
            cache.used(path)
            _count("cached", what)
            timing.count(f"render:cached:{what}")
            return data
        if _CACHE_ONLY[0]:
            raise NotCached(kind)
        fonts.register()
        data = make()
        _count("rendered", what)
        timing.count(f"render:made:{what}")
        write_atomic(path, data)
        cache.used(path, written=True)
        return data


def _count(event: str, what: str) -> None:
    STATS[event] = STATS.get(event, 0) + 1
    STATS[f"{event}:{what}"] = STATS.get(f"{event}:{what}", 0) + 1


def svg(spec: dict, recolour: tuple[dict, dict[str, str]] | None = None) -> bytes:
    """The spec's SVG; given `recolour` (another spec, colour -> colour), made from that spec's SVG
    with its colours swapped instead of by Vega (a dark picture of a light one: pictures.py)."""
    raw = spec_bytes(spec)
    if recolour is not None:
        base, swap = recolour
        return cached("svg", raw, lambda: _recoloured(svg(base), swap))
    return cached("svg", raw, lambda: fonts.embed(_floored(spec, _vega_svg(raw))).encode("utf-8"))


def _floored(spec: dict, drawn: str) -> str:
    """A picture fitted to a width (`fit_width`) whose labels left its plot under MIN_PLOT px: drawn
    again with a MIN_PLOT plot, wider than asked rather than with its labels cut."""
    if spec.get("autosize") != _FIT_X or (plot := plot_width(drawn)) is None or plot >= MIN_PLOT:
        return drawn
    return _vega_svg(spec_bytes(dict(spec, autosize={"type": "pad"}, width=MIN_PLOT)))


# Vega cuts text that passes a mark's `limit` (or an axis' labelLimit) by UTF-16 code units and
# measures each cut with vl-convert, whose Rust side refuses half of a surrogate pair ("Failed to
# deserialize text info"): a label with an emoji or another character past U+FFFF could not be
# drawn. Such characters go to Vega as stand-ins of one code unit (private-use characters the spec
# does not hold, all missing from Lato, so measured as the same missing-glyph box the character
# itself is), and come back in the SVG as themselves, cut between characters, never inside one.
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_STAND_INS = range(0xE000, 0xF900)  # the BMP's private use area


def _stand_ins(text: str) -> tuple[str, dict[str, str]]:
    """`text` with each character past U+FFFF replaced by a stand-in; stand-in -> character."""
    astral = sorted(set(_ASTRAL.findall(text)))
    if not astral:
        return text, {}
    free = (chr(c) for c in _STAND_INS if chr(c) not in text)
    back = {next(free): ch for ch in astral}
    forth = {ch: stand for stand, ch in back.items()}
    return _ASTRAL.sub(lambda m: forth[m.group(0)], text), back


def _vega_svg(raw: bytes) -> str:
    text, back = _stand_ins(raw.decode("utf-8"))
    drawn = vlc.vegalite_to_svg(json.loads(text))
    return drawn.translate(str.maketrans(back)) if back else drawn


_COLOUR_ATTRIBUTE = re.compile(rb'((?:fill|stroke|stop-color)=")([^"]+)(")')


def _recoloured(data: bytes, swap: dict[str, str]) -> bytes:
    table = {a.encode(): b.encode() for a, b in swap.items()}
    return _COLOUR_ATTRIBUTE.sub(lambda m: m.group(1) + table.get(m.group(2), m.group(2)) + m.group(3), data)


def png(spec: dict, scale: float = 2.0) -> bytes:
    raw = spec_bytes(spec)
    return cached(f"png:{scale}", raw, lambda: vlc.svg_to_png(svg(spec).decode("utf-8"), scale=scale))


def size(spec: dict) -> tuple[int, int]:
    """Width and height of the picture a spec draws (what its SVG declares), without drawing it."""
    raw = spec_bytes(spec)
    if _cache_path("svg", raw).exists():
        return svg_size(svg(spec))

    def measure() -> bytes:
        graph = vlc.vegalite_to_scenegraph(json.loads(_stand_ins(raw.decode("utf-8"))[0]))
        return f"{int(float(graph['width']))} {int(float(graph['height']))}".encode()

    width, height = cached("size", raw, measure).split()
    return int(width), int(height)


MIN_PLOT = 120  # px: the narrowest plot a picture fitted to a width gets (labels too long: wider than asked)
_FIT_X = {"type": "fit-x", "contains": "padding"}
# The plot's width in a Vega SVG: the background of its root group, "M0,0h<width>v<height>..."
_PLOT = re.compile(r'role-frame root"[^>]*><g transform="[^"]*"><path class="background"[^>]*? d="M[-0-9.]+,[-0-9.]+h([0-9.]+)')


def plot_width(data: bytes | str) -> float | None:
    """The width of the plot (the root group) of a Vega SVG, None if it cannot be told."""
    found = _PLOT.search(data.decode("utf-8") if isinstance(data, bytes) else data)
    return float(found.group(1)) if found else None


def fit_width(spec: dict, total: int, padding: int = 5) -> dict:
    """The spec sized so the whole picture (axes, labels and padding included) is `total` px wide.

    Vega's own "fit-x" sizing, counting the padding: in the one run that draws the picture, Vega
    lays the chart out at `total`, measures what its axes and the labels beside its marks (line
    ends, bar values) take past the plot, and lays it out again with the plot that much narrower.
    (The picture it draws is the one a measuring run and a second run at the narrower width drew
    before, for one Vega run instead of two; tests/test_drawing.py holds them equal.) Labels that
    leave the plot under MIN_PLOT px get a MIN_PLOT plot instead when it is drawn (`svg`), the
    picture wider than `total` rather than cut.
    """
    return dict(spec, autosize=dict(_FIT_X), width=total, padding=padding)


def fit_size(spec: dict, width: int, height: int, passes: int = 6) -> dict:
    """The spec with plot width and height that make the picture `width` × `height`
    (a few passes: labels and titles change size as the plot does)."""
    out = dict(spec, autosize={"type": "pad"}, width=width, height=height)
    for _ in range(passes):
        got_w, got_h = size(out)
        if (got_w, got_h) == (width, height):
            break
        out["width"] = max(out["width"] - (got_w - width), 120)
        out["height"] = max(out["height"] - (got_h - height), 80)
    return out


def svg_size(data: bytes) -> tuple[int, int]:
    """Width and height an SVG from vl-convert declares."""
    head = data[:400].decode("utf-8", "replace")
    def attr(name):
        start = head.index(f'{name}="') + len(name) + 2
        return int(float(head[start: head.index('"', start)]))
    return attr("width"), attr("height")


def vega_bundle() -> tuple[str, bytes]:
    """The Vega + Vega-Lite + vega-embed script, wrapped so it declares no globals
    but `vega`, `vegaLite` and `vegaEmbed`; named by its content for long caching."""
    def make() -> bytes:
        code = vlc.javascript_bundle()
        return ("/* Vega " + vlc.get_vega_version() + ", vega-embed " + vlc.get_vega_embed_version()
                + ": generated at build time by vl-convert-python */\n(function () {\n" + code + "\n}).call(window);\n").encode("utf-8")
    data = cached("js", b"vega-bundle", make)
    return f"vega-{hashlib.sha256(data).hexdigest()[:12]}.js", data
