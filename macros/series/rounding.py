"""Numbers that agree: rounded parts beside a rounded whole.

Shares are computed from unrounded tokens and rounded only when shown, so the
parts a page shows (each lab's 11.7 %, 8.4 %, 8.2 %) may add up to a tenth
more or less than the whole it shows beside them (their combined 28.4 %).
Both are right; a reader adding them up should be told why they differ, and
only where they do. These helpers compare what is *shown*, digit for digit.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Iterable

from macros.series import formatting as fmt

NOTE = "Shares are rounded, so they may not add up to the total shown"


def shown(value: float, decimals: int = 1) -> Decimal:
    """A value exactly as the text shows it (Python's formatting, as `formatting.percent` rounds)."""
    return Decimal(f"{float(value):.{decimals}f}")


def shown_sum(parts: Iterable[float], decimals: int = 1) -> Decimal:
    """The sum of the parts as shown: what a reader gets by adding up the rounded numbers."""
    return sum((shown(p, decimals) for p in parts), Decimal(0))


def adds_up(parts: Iterable[float], whole: float, decimals: int = 1) -> bool:
    """Whether the rounded parts add up to the rounded whole."""
    return shown_sum(parts, decimals) == shown(whole, decimals)


def sum_note(parts: Iterable[float], whole: float, decimals: int = 1) -> str:
    """A short sentence when the rounded parts do not add up to the rounded whole, else ''.

    Names both numbers, so a reader sees the difference is the rounding's:
    "Shares are rounded, so they may not add up to the total shown: these add up to 28.3 %, the total is 28.4 %."
    """
    parts = list(parts)
    if adds_up(parts, whole, decimals):
        return ""
    total = shown_sum(parts, decimals)
    return (f"{NOTE}: these add up to {fmt.percent(float(total), decimals)}, "
            f"the total is {fmt.percent(float(whole), decimals)}.")


def shown_difference(before: float, after: float, decimals: int = 1) -> float:
    """after − before as the two values are shown, so "from 44.8 % to 57.3 % (+12.5 pts)" adds up."""
    return float(shown(after, decimals) - shown(before, decimals))


def change_note(before: float, after: float, decimals: int = 1, who: str = "The") -> str:
    """A sentence when a change computed from unrounded shares differs from the difference of the
    shares as shown ("44.8 % to 57.3 %" but +12.4 pts), else ''. `who`: "China's", say."""
    shown_change = shown_difference(before, after, decimals)
    if shown(after - before, decimals) == Decimal(f"{shown_change:.{decimals}f}"):
        return ""
    return (f"{who} change is computed from the unrounded shares ({fmt.percent(before, decimals + 1)} and "
            f"{fmt.percent(after, decimals + 1)}), so it differs from the difference of the rounded shares.")


def note_html(text: str) -> str:
    """A note under a table (escaped); '' for no note."""
    return f'<p class="ts-table-note">{escape(text)}</p>' if text else ""
