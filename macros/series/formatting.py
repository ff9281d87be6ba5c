"""Numbers as a reader sees them: 46.6 %, 8.21T tokens, +12.5 pts.

One place decides typography, so prose, tables, tooltips and alt text agree.
A no-break space keeps a number and its unit on one line.
"""

from __future__ import annotations

import math

NBSP = "\u00a0"
MINUS = "\u2212"
TOKEN_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
UNIT_SCALE = {"tokens": 1.0, "thousand tokens": 1e3, "million tokens": 1e6, "billion tokens": 1e9, "trillion tokens": 1e12}


def _signed(text: str, value: float, sign: bool) -> str:
    if not any(c in "123456789" for c in text):  # rounds to zero: no sign ("0 %", never "−0 %" or "+0.0 pts")
        return text.lstrip("-")
    if value < 0:
        return MINUS + text.lstrip("-")
    return ("+" + text) if sign and value > 0 else text


def percent(value: float, decimals: int = 1, sign: bool = False) -> str:
    """46.6 % (sign=True gives +46.6 %)."""
    _finite(value)
    return _signed(f"{value:.{decimals}f}", value, sign) + f"{NBSP}%"


def points(value: float, decimals: int = 1) -> str:
    """A change between two shares: +12.5 pts, −3.0 pts."""
    _finite(value)
    unit = "pt" if abs(round(value, decimals)) == 1 else "pts"
    return _signed(f"{value:.{decimals}f}", value, True) + f"{NBSP}{unit}"


def tokens(count: float, digits: int = 3) -> str:
    """8.21T, 910B, 29.6B: three significant digits and a scale letter."""
    _finite(count)
    magnitude = abs(count)
    for scale, letter in TOKEN_SCALES:
        if magnitude >= scale * 0.9995:
            return _signed(_significant(count / scale, digits), count, False) + letter
    return _signed(f"{count:,.0f}", count, False)


def _significant(value: float, digits: int) -> str:
    if value == 0:
        return "0"
    places = max(digits - 1 - int(math.floor(math.log10(abs(value)))), 0)
    text = f"{value:.{places}f}"
    # Rounding can carry into a new digit (999.6 -> 1000): recount once.
    if len(text.replace("-", "").replace(".", "").lstrip("0")) > digits and places > 0:
        text = f"{value:.{places - 1}f}"
    return text


def number(value: float, decimals: int = 0) -> str:
    _finite(value)
    return _signed(f"{value:,.{decimals}f}", value, False)


def usd(value: float) -> str:
    """A list price as published: at least two decimals, at most four ($5.00, $0.7448)."""
    _finite(value)
    text = f"{abs(value):,.4f}".rstrip("0")
    if len(text.split(".")[1]) < 2:
        text = f"{abs(value):,.2f}"
    return (MINUS if value < 0 else "") + "$" + text


def change_percent(old: float, new: float, decimals: int = 0) -> str:
    """Relative change: +136 %."""
    if old == 0:
        raise ValueError("a relative change from zero is undefined")
    return percent((new - old) / abs(old) * 100, decimals, sign=True)


def _finite(value: float) -> None:
    if value is None or not math.isfinite(float(value)):
        raise ValueError(f"cannot format {value!r}: not a finite number")
