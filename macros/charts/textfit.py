"""How wide a chart's text reads, and long row names wrapped into lines that stay distinct.

A chart's spec is made once for every width a reader may have, so nothing in
it can be measured: the room a label beside a mark needs is estimated here
from its characters (on the generous side, for the widest of the fonts a chart
is drawn in), and the spec keeps that room free inside the plot at any width.
Row names too long for the axis wrap onto lines instead of being cut, so two
names that start alike never read the same.
"""

from __future__ import annotations

import textwrap

FONT_SIZE = 12  # px: the config's text and axis label size (theme.config)
# Widths in em of Arial/Liberation Sans and the system fonts, rounded up: narrow, digits, capitals, wide.
_NARROW = set("il.,:;'|!jtfI ()[]")
_WIDE = set("mwMW%@")


def text_px(text: str, size: int = FONT_SIZE, bold: bool = False) -> float:
    """An upper estimate of the width of `text` in px at `size`, for the widest of the fonts a chart
    may be drawn in (DejaVu Sans, the system font of many Linux desktops; bold about an eighth wider)."""
    em = 0.0
    for ch in str(text):
        if ch in _NARROW:
            em += 0.36
        elif ch in _WIDE:
            em += 1.0
        elif ch.isdigit() or ch.islower():
            em += 0.64
        elif ch.isupper() or ch in "$&#?+-_·":
            em += 0.78
        elif ord(ch) > 0x2E80:  # CJK and emoji: a full em
            em += 1.0
        else:
            em += 0.66
    return em * size * (1.13 if bold else 1.0)


def longest_px(texts, size: int = FONT_SIZE, bold: bool = False) -> float:
    return max((text_px(t, size, bold) for t in texts), default=0.0)


MAX_LINES = 3


def wrapped(names: list[str], chars: int) -> dict[str, str]:
    """Each name -> its lines joined by a newline, at most `chars` characters a line (a word longer
    than that is broken), at most MAX_LINES lines with an ellipsis after. Names that would read the
    same once cut keep all their lines, so no two rows of one chart read alike."""
    def lines(name: str, most: int | None) -> list[str]:
        out = textwrap.wrap(name, chars, break_on_hyphens=True) or [name]
        if most is not None and len(out) > most:
            out = out[:most]
            out[-1] = out[-1][: chars - 1].rstrip() + "…"
        return out

    short = {name: "\n".join(lines(name, MAX_LINES)) for name in names}
    seen: dict[str, int] = {}
    for text in short.values():
        seen[text] = seen.get(text, 0) + 1
    return {name: (text if seen[text] == 1 else "\n".join(lines(name, None))) for name, text in short.items()}
