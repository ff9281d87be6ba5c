"""One registry of everything an editor can call, and parameter types that check themselves.

Every macro, named chart, chart view, named table and figure kind is an `Entry` of
`REGISTRY`, registered once with its parameters declared once (`Param`: name, type,
default, doc). A call is checked against its entry (`Entry.check`): an unknown
parameter, a missing one or a value of the wrong type is a `MacroError` naming the
valid choices ("Did you mean 'country'?"). The macro reference page is generated
from the same entries, and tests/test_registry.py fails when one of them, or one
of their parameters, has no documentation or no example.

Types that need the data (a country, a lab) take a `lookup(cat, value)` that
raises the error itself; the rest check the value alone.
"""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

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


@dataclass(frozen=True)
class Entry:
    """One thing an editor can name: a macro, a named chart, a chart view, a named table or a figure kind."""

    kind: str  # "macro", "chart", "view", "table", "figure"
    name: str
    doc: str
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = ()
    fn: Callable | None = None
    rest: str = ""  # a macro's **keyword parameters, e.g. "declaration", with `rest_doc`
    rest_doc: str = ""
    keywords: tuple[Param, ...] = ()  # what the **rest accepts, when declared here (a chart's declaration)
    label: str = ""  # how messages name it, e.g. "figure('share')"
    prefix: str = ""  # before a wrong type's message, e.g. "figure('count'): "
    extra: dict = field(default_factory=dict)  # what else the reference shows (a chart's declaration)

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    @property
    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params if not p.required}

    def signature(self) -> str:
        shown = [p.shown() for p in self.params] + ([f"**{self.rest}"] if self.rest else [])
        return f"({', '.join(shown)})"

    def check(self, given: dict, cat=None, unexpected: Callable[[str], MacroError] | None = None) -> dict:
        """`given` checked against the parameters; returns it with the defaults of those left out."""
        accepted = self.param_names
        for name in given:
            if name not in accepted:
                raise unexpected(name) if unexpected else unknown(f"parameter of {self.label}", name, accepted, argument=name)
        for name, value in given.items():
            self.param(name).check(value, self.prefix, cat)
        missing = [p.name for p in self.params if p.required and p.name not in given]
        if missing:
            raise MacroError(f"{self.label} needs {missing[0]}=.", argument=missing[0], choices=accepted)
        return {**self.defaults, **given}


# What an unknown name of each kind is called in a message ("unknown figure kind 'shar'").
WHAT = {"macro": "macro", "chart": "chart", "view": "view", "table": "table", "figure": "figure kind"}
# Kinds whose type errors name the call ("figure('count'): n must be a whole number, got 'ten'.").
PREFIXED = {"figure"}


class Registry:
    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Entry]] = {kind: {} for kind in WHAT}

    def add(self, entry: Entry) -> Entry:
        if entry.name in self._entries[entry.kind]:
            raise ValueError(f"{entry.kind} {entry.name!r} is registered twice")
        entry = replace(entry, doc=inspect.cleandoc(entry.doc))
        if not entry.label:
            entry = replace(entry, label=f"{entry.kind}({entry.name!r})")
        if entry.kind in PREFIXED and not entry.prefix:
            entry = replace(entry, prefix=f"{entry.label}: ")
        self._entries[entry.kind][entry.name] = entry
        return entry

    def register(self, kind: str, *params: Param, name: str | None = None, strip: str = "", examples: Iterable[str] = (),
                 skip: tuple[str, ...] = ("cat",), **options) -> Callable:
        """A decorator: the function is the entry's work, its docstring the entry's doc.

        The function's parameters (but those in `skip`, passed by the caller) must be the
        declared ones, in order, without defaults: the defaults are declared once, here.
        """
        def decorate(fn: Callable) -> Callable:
            signature = inspect.signature(fn).parameters
            own = [n for n in signature if n not in skip]
            if own != [p.name for p in params]:
                raise TypeError(f"{fn.__name__}: parameters {own} are not the declared {[p.name for p in params]}")
            if any(signature[n].default is not inspect.Parameter.empty for n in own):
                raise TypeError(f"{fn.__name__}: defaults are declared in the registry, not the signature")
            entry_name = name or fn.__name__.removeprefix(strip)
            self.add(Entry(kind, entry_name, inspect.cleandoc(fn.__doc__ or ""), tuple(params), tuple(examples), fn, **options))
            return fn
        return decorate

    def get(self, kind: str, name, argument: str = "name") -> Entry:
        entries = self._entries[kind]
        if not isinstance(name, str) or name not in entries:
            raise unknown(WHAT[kind], name, entries, argument=argument)
        return entries[name]

    def has(self, kind: str, name) -> bool:
        return isinstance(name, str) and name in self._entries[kind]

    def entries(self, kind: str) -> list[Entry]:
        return list(self._entries[kind].values())

    def names(self, kind: str) -> list[str]:
        return list(self._entries[kind])

    def all(self) -> list[Entry]:
        return [e for kind in WHAT for e in self._entries[kind].values()]


REGISTRY = Registry()
