"""Parameters declared once (`Param`: name, type, default, doc), with types that check themselves.

A wrong value is a `MacroError` saying what was expected, naming the closest choice
where there are choices ("Did you mean 'latest'?"). Types that need the data (a
country) take a `lookup(cat, value)` that raises the error itself; the rest check
the value alone. The registry of what takes them is core/registry.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from macros.core.errors import MacroError, unknown

REQUIRED = object()  # a parameter's default when it has none


class Type:
    """What a parameter accepts; `words` completes "<name> must be ...", and shows in the reference."""

    words = "anything"

    def check(self, value, name: str, prefix: str = "", cat=None):
        return value

    def _wrong(self, value, name: str, prefix: str) -> MacroError:
        return MacroError(f"{prefix}{name} must be {self.words}, got {value!r}.", argument=name)


class Anything(Type):
    """A value the macro checks itself (a mapping of filters, a figure to compare with)."""

    def __init__(self, words: str = "anything"):
        self.words = words


@dataclass(frozen=True)
class Whole(Type):
    """A whole number (not True or False), optionally within bounds.

    `words` completes the message for a value that is no whole number, `range_words`
    (by default the same) for one out of bounds.
    """

    minimum: int | None = None
    maximum: int | None = None
    words: str = "a whole number"
    range_words: str = ""

    def check(self, value, name, prefix="", cat=None):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(value, name, prefix)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            words = self.range_words or self.words
            raise MacroError(f"{prefix}{name} must be {words}, got {value!r}.", argument=name)
        return value


def positive(words: str = "a whole number ≥ 1", range_words: str = "") -> Whole:
    """A whole number ≥ 1: how many rows, weeks, models, or a rank."""
    return Whole(minimum=1, words=words, range_words=range_words)


@dataclass(frozen=True)
class Text(Type):
    """Text in quotes; with a `lookup(cat, value)` the data is asked whether it knows the value."""

    words: str = "text in quotes"
    lookup: Callable | None = None

    def check(self, value, name, prefix="", cat=None):
        if not isinstance(value, str):
            raise self._wrong(value, name, prefix)
        if self.lookup is not None and cat is not None:
            self.lookup(cat, value)
        return value


@dataclass(frozen=True)
class Texts(Type):
    """Several values: a list, or text with commas ("anthropic,google,openai")."""

    words: str = 'text with commas ("a,b") or a list of texts'
    lookup: Callable | None = None

    def check(self, value, name, prefix="", cat=None):
        if isinstance(value, str):
            items = [v.strip() for v in value.split(",") if v.strip()]
        elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            items = list(value)
        else:
            raise self._wrong(value, name, prefix)
        if self.lookup is not None and cat is not None:
            for item in items:
                self.lookup(cat, item)
        return value


@dataclass(frozen=True)
class Choice(Type):
    """One of a few values; anything else is "unknown <what>", with the closest choice."""

    what: str
    values: tuple

    @property
    def words(self) -> str:
        shown = [repr(v).replace("'", '"') for v in self.values]
        return "one of " + ", ".join(shown)

    def check(self, value, name, prefix="", cat=None):
        if not isinstance(value, str) or value not in self.values:
            raise unknown(self.what, value, self.values, argument=name)
        return value


@dataclass(frozen=True)
class Week(Type):
    """A week: one of the `keywords` ('latest', 'first', 'seed') or a date.

    Only the form is checked here; whether the data has that week is asked when
    it is read (views.resolve_week), with the weeks it has as the choices.
    """

    keywords: tuple = ("latest", "first", "seed")
    what: str = "week"

    @property
    def words(self) -> str:
        return ", ".join(f'"{k}"' for k in self.keywords) + " or a date (YYYY-MM-DD)"

    def check(self, value, name, prefix="", cat=None):
        if value in self.keywords or isinstance(value, (dt.date, dt.datetime)):
            return value
        if isinstance(value, str) and _is_date(value):
            return value
        raise MacroError(f"{self.what} {value!r} is not {self.words}.", argument=name, got=value, choices=self.keywords)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return len(text) == 10 or text[10] in "T "


@dataclass(frozen=True)
class Month(Type):
    """A calendar month: 'latest' (the latest complete one) or YYYY-MM."""

    words: str = '"latest" or a month (YYYY-MM)'

    def check(self, value, name, prefix="", cat=None):
        if value == "latest" or (isinstance(value, str) and _is_date(value + "-01")):
            return value
        raise MacroError(f"month {value!r} is not {self.words}.", argument=name, got=value, choices=["latest"])


@dataclass(frozen=True)
class Param:
    name: str
    type: Type
    default: object = REQUIRED
    doc: str = ""
    none: bool = False  # None is accepted (and means something: "every week"); always when the default is None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def shown(self) -> str:
        """As an editor writes it: `week="latest"`, `n=10`, `country=None`, or the bare name when required."""
        return self.name if self.required else f"{self.name}={self.default!r}".replace("'", '"')

    def check(self, value, prefix: str = "", cat=None):
        if value is None and (self.none or self.default is None):
            return value
        return self.type.check(value, self.name, prefix, cat)
