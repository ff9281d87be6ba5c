"""One registry of everything an editor can call.

Every macro, named chart, chart view, named table and figure kind is an `Entry` of
`REGISTRY`, registered once with its parameters declared once (core/params.py). A
call is checked against its entry (`Entry.check`, `Entry.bind` for a macro): an
unknown parameter, a missing one or a value of the wrong type is a `MacroError`
naming the valid choices ("Did you mean 'country'?"). The macro reference page is
generated from the same entries (pages/macrodoc.py), and tests/test_registry.py
fails when one of them, or one of their parameters, has no documentation or no
example.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from macros.core.errors import MacroError, unknown
from macros.core.params import Param


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
    columns: tuple[str, ...] = ()  # a view's columns, in order (the reference lists them; tests/test_anydata.py checks them)

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

    def check(self, given: dict, cat=None) -> dict:
        """`given` checked against the parameters; returns it with the defaults of those left out."""
        accepted = self.param_names
        for name in given:
            if name not in accepted:
                raise unknown(f"parameter of {self.label}", name, accepted, argument=name)
        for name, value in given.items():
            self.param(name).check(value, self.prefix, cat)
        missing = [p.name for p in self.params if p.required and p.name not in given]
        if missing:
            raise MacroError(f"{self.label} needs {missing[0]}=.", argument=missing[0], choices=accepted)
        return {**self.defaults, **given}

    def bind(self, args: tuple, kwargs: dict) -> dict:
        """A macro's call as keywords: its own parameters checked (positional ones in the declared
        order), with their defaults; any other keyword goes to its `**rest`, if it has one."""
        names = self.param_names
        strays = [f"{k}=" for k in kwargs if k not in names and not self.rest]
        if not names and (args or strays):
            raise MacroError(f"{self.label} takes no parameter, got {(strays or [repr(args[0])])[0]}.")
        if len(args) > len(names):
            raise MacroError(f"{self.label} takes {len(names)} value(s) without a name, got {len(args)}.")
        own = dict(zip(names, args))
        for name, value in kwargs.items():
            if name in own:
                raise MacroError(f"{self.label} got {name} twice.", argument=name)
            if name in names:
                own[name] = value
            elif not self.rest:
                raise unknown(f"parameter of {self.label}", name, names, argument=name)
        rest = {k: v for k, v in kwargs.items() if k not in names}
        return {**self.check(own), **rest}


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
