"""Editor mistakes: what went wrong, where on the page, and what was meant.

Macros raise `MacroError` for a mistake an editor can fix. The registration
layer catches it, adds the page and the line of the call, and records it in an
`ErrorLog`; the build fails once every page has been read, listing every
mistake together (MkDocs would otherwise stop at the first).
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from typing import Iterable


class MacroError(ValueError):
    """A macro was called with something it cannot use."""

    def __init__(self, message: str, *, argument: str | None = None, got=None, choices: Iterable | None = None):
        self.argument = argument
        self.got = got
        self.choices = sorted({str(c) for c in choices}) if choices is not None else None
        super().__init__(message)

    def describe(self) -> str:
        text = str(self)
        if self.choices is not None and self.got is not None:
            guess = did_you_mean(str(self.got), self.choices)
            if guess:
                text += f" Did you mean {guess!r}?"
        if self.choices is not None:
            text += f" Valid choices: {_list(self.choices)}."
        return text


def _list(choices: list[str], limit: int = 25) -> str:
    shown = ", ".join(repr(c) for c in choices[:limit])
    return shown + (f", … ({len(choices) - limit} more)" if len(choices) > limit else "")


def did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped value, if one is close enough."""
    choices = [str(c) for c in choices]
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered:
        return lowered[value.lower()]
    # Letters swapped ("antrhopic", "=>"): the one choice with the very same letters in another order.
    swapped = [c for c in lowered if sorted(c) == sorted(value.lower())]
    if len(swapped) == 1:
        return lowered[swapped[0]]
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    if match:
        return lowered[match[0]]
    # A shortened name ("week" for "week_start"): the one choice that contains it.
    containing = [c for c in lowered if value.lower() in c] if len(value) >= 3 else []
    return lowered[containing[0]] if len(containing) == 1 else None


def unknown(what: str, value, choices: Iterable, argument: str | None = None) -> MacroError:
    return MacroError(f"unknown {what} {value!r}.", argument=argument, got=value, choices=choices)


@dataclass(frozen=True)
class PageError:
    page: str
    line: int | None
    macro: str
    message: str

    def __str__(self) -> str:
        where = f"{self.page}, line {self.line}" if self.line else self.page
        call = f" in {self.macro}()" if self.macro else ""
        return f"{where}{call}: {self.message}"


@dataclass
class ErrorLog:
    """Every editor mistake of one build."""

    errors: list[PageError] = field(default_factory=list)

    def add(self, page: str, line: int | None, macro: str, message: str) -> None:
        self.errors.append(PageError(page, line, macro, message))

    def clear(self) -> None:
        self.errors.clear()

    def report(self) -> str:
        """Every mistake, by file and then line; those of one line in the order they were found."""
        ordered = sorted(self.errors, key=lambda e: (e.page, e.line or 0))
        lines = "\n".join(f"  - {e}" for e in ordered)
        return f"{len(self.errors)} mistake(s) in the pages:\n{lines}"


def template_line() -> int | None:
    """Line, in the Markdown being rendered, of the macro call now running.

    Jinja compiles a page into Python whose globals carry `debug_info`
    ("template line=python line" pairs); the innermost such frame on the stack
    is the call site.
    """
    frame = sys._getframe(1)
    while frame is not None:
        info = frame.f_globals.get("debug_info") if frame.f_code.co_filename == "<template>" else None
        if isinstance(info, str) and info:
            pairs = [tuple(map(int, p.split("="))) for p in info.split("&")]
            for template_line_no, code_line in reversed(pairs):
                if code_line <= frame.f_lineno:
                    return template_line_no
            return 1
        frame = frame.f_back
    return None
