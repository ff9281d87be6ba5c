"""The one font of every chart, the same on every machine: Lato (SIL Open Font License).

Its files come from the pinned PyPI package `font-lato` (requirements.txt), never
from the repository or the machine. vl-convert lays out and draws every picture
with them (`register`, once per process), and the site serves a subset of the
same files (`web_fonts`, WOFF2: cut by HarfBuzz, written by fontTools) that docs/assets/tokenshare.css
names in its @font-face rules, so the live chart in a browser uses them too. The
charts name only "Lato" with a generic fallback (charts/theme.py), so a font
installed on the machine changes no picture; the render cache's key holds the
files' digest (`DIGEST`), so a new font file redraws every picture.

A character Lato lacks (an emoji, a CJK name; none in today's data) is drawn
with a font of the machine that has it, if any, else as Lato's missing-glyph
box (so on this project's machines, which have no emoji font: a box in PNGs and
link cards, and a box's width in an SVG's layout, though a browser draws the
emoji there). Such a picture would not be the same on every machine.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import font_lato

FAMILY = "Lato"
DIRECTORY = Path(font_lato.font_directory)  # what vl-convert is given: every Lato face, nothing else
FILES = sorted(p for p in DIRECTORY.iterdir() if p.suffix.lower() in (".ttf", ".otf"))
# (site path, file): what the site serves; the charts use the regular and the bold faces only
WEB = (("assets/fonts/lato-regular.woff2", "Lato-Regular.ttf"), ("assets/fonts/lato-bold.woff2", "Lato-Bold.ttf"))
# Latin, Latin-1, general punctuation, arrows, minus and multiplication signs: what chart text holds
SUBSET = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070), 0x20AC, *range(0x2190, 0x2194), 0x2212, 0x2248]


def _digest() -> str:
    h = hashlib.sha256()
    for path in FILES:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


DIGEST = _digest()
# How SVGs carry their glyphs (`embed`): bump EMBED_VERSION when `embed` changes what it writes
EMBED_VERSION = 2
SUBSETTER = f"uharfbuzz-{version('uharfbuzz')}-fonttools-{version('fonttools')}-brotli-{version('brotli')}"
EMBED = f"embed{EMBED_VERSION}-{SUBSETTER}"
_REGISTERED: list[bool] = []


def register() -> None:
    """Give vl-convert the font files (once per process, before its first picture)."""
    if not _REGISTERED:
        import vl_convert as vlc

        vlc.register_font_directory(str(DIRECTORY))
        _REGISTERED.append(True)


FEATURES = ("kern", "liga", "tnum", "lnum")  # the layout features a subset keeps: what chart text uses


@lru_cache(maxsize=None)
def _face(name: str):
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(DIRECTORY / name)))


@lru_cache(maxsize=None)
def _subset(name: str, text: str | None = None) -> bytes:
    """A WOFF2 of the face `name` with the glyphs of `text` (default: the site's SUBSET).

    HarfBuzz's subsetter cuts the face (a fraction of a millisecond, where fontTools' took 30 ms,
    since it parses the whole face each time: a cold build embeds a subset in every picture it
    draws); fontTools then writes the small result as WOFF2."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    plan = hb.SubsetInput()
    plan.sets(hb.SubsetInputSets.UNICODE).update(SUBSET if text is None else map(ord, text))
    features = plan.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.update(int.from_bytes(tag.encode("ascii"), "big") for tag in FEATURES)
    plan.flags = hb.SubsetFlags.NO_HINTING  # browsers scale the outlines; hints only weigh
    font = TTFont(io.BytesIO(hb.subset(_face(name), plan).blob.data), recalcTimestamp=False)  # the same bytes every build
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def web_fonts(cache_dir: Path) -> dict[str, bytes]:
    """Site path -> the WOFF2 subset the site serves; kept in `cache_dir`."""
    from macros.core import cache
    from macros.core.paths import write_atomic

    key = hashlib.sha256(f"{DIGEST}\0{SUBSETTER}\0{SUBSET}\0{FEATURES}\0unhinted".encode()).hexdigest()
    out = {}
    for site_path, name in WEB:
        path = cache_dir / "render" / "fonts" / f"{key[:16]}-{name}.woff2"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = _subset(name)
            write_atomic(path, data)
        cache.used(path)
        out[site_path] = data
    return out


_TEXT = re.compile(r"<text([^>]*)>(.*?)</text>", re.S)
_TAG = re.compile(r"<[^>]+>")


def embed(svg: str) -> str:
    """The SVG with the glyphs its text uses, as WOFF2 in an @font-face rule: a picture in an <img>
    sees no font of the page, so a reader without Lato would get the fallback, laid out wider than
    the picture measured it (labels clipped at the edge). About 4 KB a face."""
    chars: dict[int, set[str]] = {400: set(), 700: set()}
    for attrs, inner in _TEXT.findall(svg):
        weight = 700 if re.search(r'font-weight="(bold|[6-9]00)"', attrs) else 400
        chars[weight].update(html.unescape(_TAG.sub("", inner)))
    rules = []
    for weight, name in ((400, "Lato-Regular.ttf"), (700, "Lato-Bold.ttf")):
        text = "".join(sorted(chars[weight] - {" ", "\n"}))
        if text:
            data = base64.b64encode(_subset(name, text)).decode("ascii")
            rules.append(f'@font-face{{font-family:"{FAMILY}";font-weight:{weight};src:url(data:font/woff2;base64,{data})}}')
    if not rules:
        return svg
    end = svg.index(">") + 1
    return f"{svg[:end]}<style>{''.join(rules)}</style>{svg[end:]}"
