"""Dataset sidecars: what `data/<name>.meta.yml` and `data/sources.yml` may say.

A sidecar is parsed into frozen dataclasses; a sidecar that says something this
module does not understand is an error naming the file and the field, so a typo
in metadata never silently switches a check off.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATASET_NAME = re.compile(r"[a-z][a-z0-9_]*")
TYPES = ("string", "integer", "number", "date", "datetime", "month", "boolean")
COLUMN_FIELDS = {
    "name", "type", "title", "description", "unit", "decimals", "min", "max",
    "nullable", "enum", "references", "pattern", "period",
}
DATASET_FIELDS = {
    "title", "description", "as_of", "key", "sources", "columns", "checks",
    "scope", "notes",
}
SOURCE_FIELDS = {
    "title", "publisher", "url", "published", "licence", "licence_url",
    "citation", "note",
}
PERIODS = {"day": 1, "week": 7}  # a date column's period -> days from one to the next
CHECKS = {"sum_to_100": {"column", "by", "tolerance"}}


class SchemaError(ValueError):
    """A sidecar or the sources file is malformed."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    title: str
    description: str = ""
    unit: str | None = None
    decimals: int | None = None
    min: Any = None
    max: Any = None
    nullable: bool = False
    # value -> label; a plain list in YAML maps each value to itself.
    enum: dict[str, str] | None = None
    references: tuple[str, str] | None = None
    pattern: str | None = None
    # For a date column: the step from one row's date to the next (day, week), so a chart
    # knows a missing one and leaves the gap undrawn.
    period: str | None = None

    def label(self, value: Any) -> str:
        """The display label of an enum value (the value itself otherwise)."""
        if self.enum and value in self.enum:
            return self.enum[value]
        return str(value)

    @property
    def header(self) -> str:
        """Column title with its unit, as a table header shows it."""
        return f"{self.title} ({self.unit})" if self.unit else self.title

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "number")


@dataclass(frozen=True)
class Check:
    kind: str
    column: str
    by: tuple[str, ...]
    tolerance: float = 0.1


@dataclass(frozen=True)
class DatasetMeta:
    name: str
    path: Path
    title: str
    description: str
    as_of: str
    key: tuple[str, ...]
    sources: tuple[str, ...]
    columns: tuple[Column, ...]
    checks: tuple[Check, ...] = ()
    scope: str = ""
    notes: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    citation: str
    licence: str
    url: str | None = None
    published: str = ""
    licence_url: str | None = None
    note: str = ""


@dataclass(frozen=True)
class _Where:
    """Where in a YAML file a problem is, for messages."""

    path: Path
    field: str = ""

    def error(self, message: str) -> SchemaError:
        where = f"{self.path}" + (f", field '{self.field}'" if self.field else "")
        return SchemaError(f"{where}: {message}")

    def at(self, sub: str) -> "_Where":
        return _Where(self.path, f"{self.field}.{sub}" if self.field else sub)


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader when PyYAML has it (the same documents, several times faster),
    refusing a key given twice in one mapping: YAML keeps the last silently, and an editor who
    wrote `title:` twice, or a column's `type:` twice, would lose the other without a word."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            first: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # keys merged in by `<<:` may be overridden: that is what merging is for
                key = self.construct_object(key_node, deep=True)
                try:
                    seen = first.setdefault(key, key_node)
                except TypeError:
                    continue  # an unhashable key: the base constructor gives its own error
                if seen is not key_node:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} is given twice (first on line {seen.start_mark.line + 1})",
                        key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


SAFE_LOADER = _StrictLoader
_PARSED: dict[tuple[str, str], Any] = __import__("macros.core.memo", fromlist=["table"]).table("parsed YAML")  # (path, text) -> document: a serve rebuild re-reads only what changed


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=SAFE_LOADER)


class _ConfigLoader(_StrictLoader):
    """For mkdocs.yml: its tags (`!ENV`, `!relative`, `!!python/name:` of Material's documented
    emoji and fence settings) are MkDocs' to resolve; only its keys are checked here."""


_ConfigLoader.add_multi_constructor(None, lambda loader, suffix, node: None)  # any tag no safe loader knows


def check_config_keys(path: Path) -> None:
    """Fail on a key given twice in mkdocs.yml (MkDocs keeps the last: a second `nav:` would
    silently replace the menu)."""
    try:
        yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except yaml.YAMLError as exc:
        _yaml_error(path, exc)


def _yaml_error(path: Path, exc: yaml.YAMLError):
    mark = getattr(exc, "problem_mark", None)
    line = f", line {mark.line + 1}" if mark else ""
    raise SchemaError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    key = (str(path), text)
    if key in _PARSED:
        return copy.deepcopy(_PARSED[key])
    try:
        document = safe_load(text)
        _PARSED[key] = copy.deepcopy(document)
        return document
    except yaml.YAMLError as exc:
        _yaml_error(path, exc)


def _require_mapping(value: Any, where: _Where, what: str) -> dict:
    if not isinstance(value, dict):
        raise where.error(f"expected {what} (a mapping), got {type(value).__name__}")
    return value


def _unknown_fields(given: dict, allowed: set[str], where: _Where) -> None:
    extra = sorted(set(given) - allowed)
    if extra:
        raise where.error(f"unknown field(s) {extra}; allowed: {sorted(allowed)}")


def _text(value: Any, where: _Where, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or value == "":
        raise where.error("expected non-empty text")
    return str(value)


def _parse_column(raw: Any, where: _Where) -> Column:
    raw = _require_mapping(raw, where, "a column")
    _unknown_fields(raw, COLUMN_FIELDS, where)
    name = _text(raw.get("name"), where.at("name"))
    where = _Where(where.path, f"columns.{name}")
    ctype = raw.get("type")
    if ctype not in TYPES:
        raise where.at("type").error(f"expected one of {list(TYPES)}, got {ctype!r}")
    enum = raw.get("enum")
    if isinstance(enum, list):
        enum = {str(v): str(v) for v in enum}
    elif isinstance(enum, dict):
        enum = {str(k): str(v) for k, v in enum.items()}
    elif enum is not None:
        raise where.at("enum").error("expected a list of values or a mapping value: label")
    refs = raw.get("references")
    if refs is not None:
        if not isinstance(refs, str) or refs.count(".") != 1:
            raise where.at("references").error("expected '<dataset>.<column>'")
        refs = tuple(refs.split("."))
    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise where.at("pattern").error(f"not a valid regular expression ({exc})") from None
    decimals = raw.get("decimals")
    if decimals is not None and (not isinstance(decimals, int) or decimals < 0):
        raise where.at("decimals").error("expected a whole number ≥ 0")
    nullable = raw.get("nullable", False)
    if not isinstance(nullable, bool):
        raise where.at("nullable").error("expected true or false")
    period = raw.get("period")
    if period is not None and (ctype != "date" or period not in PERIODS):
        raise where.at("period").error(f"expected one of {list(PERIODS)}, on a column of type date; got {period!r} on a {ctype}")
    return Column(
        name=name,
        type=ctype,
        title=_text(raw.get("title", name), where.at("title")),
        description=_text(raw.get("description"), where.at("description"), required=False).strip(),
        unit=raw.get("unit"),
        decimals=decimals,
        min=raw.get("min"),
        max=raw.get("max"),
        nullable=nullable,
        enum=enum,
        references=refs,
        pattern=pattern,
        period=period,
    )


def _parse_check(raw: Any, where: _Where, columns: set[str]) -> Check:
    raw = _require_mapping(raw, where, "a check")
    if len(raw) != 1 or next(iter(raw)) not in CHECKS:
        raise where.error(f"expected one of {sorted(CHECKS)}, got {list(raw)}")
    kind, args = next(iter(raw.items()))
    args = _require_mapping(args, where.at(kind), "the check's arguments")
    _unknown_fields(args, CHECKS[kind], where.at(kind))
    column = args.get("column")
    by = tuple(args.get("by") or ())
    for name in (column, *by):
        if name not in columns:
            raise where.at(kind).error(f"column {name!r} is not declared; declared: {sorted(columns)}")
    return Check(kind=kind, column=column, by=by, tolerance=float(args.get("tolerance", 0.1)))


_METAS: dict[tuple[str, str], "DatasetMeta"] = __import__("macros.core.memo", fromlist=["table"]).table("sidecars")  # (path, text) -> the description: frozen, so shared


def load_meta(path: Path) -> DatasetMeta:
    """Parse `<name>.meta.yml`; the dataset's name is the file's stem."""
    path = Path(path)
    try:
        key = (str(path), path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return _load_meta(path)  # the reader below reports it
    if key not in _METAS:
        _METAS[key] = _load_meta(path)
    return _METAS[key]


def _load_meta(path: Path) -> DatasetMeta:
    name = path.name.removesuffix(".meta.yml")
    where = _Where(path)
    if not DATASET_NAME.fullmatch(name):
        raise where.error(f"a dataset's name (its file name) must be lower-case letters, digits and '_' ({DATASET_NAME.pattern}), "
                          f"as it names downloads and anchors; got {name!r}")
    raw = _require_mapping(_read_yaml(path), where, "a dataset description")
    _unknown_fields(raw, DATASET_FIELDS, where)
    raw_columns = raw.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise where.at("columns").error("expected a non-empty list of columns")
    columns = tuple(_parse_column(c, where.at(f"columns[{i}]")) for i, c in enumerate(raw_columns))
    names = [c.name for c in columns]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise where.at("columns").error(f"column(s) declared twice: {dupes}")
    key = tuple(raw.get("key") or ())
    for k in key:
        if k not in names:
            raise where.at("key").error(f"key column {k!r} is not declared; declared: {names}")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        raise where.at("sources").error("expected a non-empty list of source ids (see data/sources.yml)")
    checks = tuple(
        _parse_check(c, where.at(f"checks[{i}]"), set(names)) for i, c in enumerate(raw.get("checks") or ())
    )
    notes = raw.get("notes") or ()
    return DatasetMeta(
        name=name,
        path=path,
        title=_text(raw.get("title"), where.at("title")),
        description=_text(raw.get("description"), where.at("description")).strip(),
        as_of=_text(raw.get("as_of"), where.at("as_of")),
        key=key,
        sources=tuple(str(s) for s in sources),
        columns=columns,
        checks=checks,
        scope=_text(raw.get("scope"), where.at("scope"), required=False).strip(),
        notes=tuple(str(n) for n in notes),
    )


_URL = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?")


def _url(value: Any, where: _Where) -> str | None:
    """A web address a reader can follow: http(s) only (a javascript: or data: link would run or spoof)."""
    if value is None:
        return None
    if not isinstance(value, str) or not _URL.fullmatch(value):
        raise where.error(f"expected an http:// or https:// address without spaces, got {value!r}")
    return value


def load_sources(path: Path) -> dict[str, Source]:
    """Parse `data/sources.yml`: source id -> Source."""
    path = Path(path)
    raw = _require_mapping(_read_yaml(path), _Where(path), "a mapping of source ids")
    out: dict[str, Source] = {}
    for sid, entry in raw.items():
        where = _Where(path, str(sid))
        entry = _require_mapping(entry, where, "a source")
        _unknown_fields(entry, SOURCE_FIELDS, where)
        out[str(sid)] = Source(
            id=str(sid),
            title=_text(entry.get("title"), where.at("title")),
            publisher=_text(entry.get("publisher"), where.at("publisher")),
            citation=_text(entry.get("citation"), where.at("citation")),
            licence=_text(entry.get("licence"), where.at("licence")),
            url=_url(entry.get("url"), where.at("url")),
            published=str(entry.get("published") or ""),
            licence_url=_url(entry.get("licence_url"), where.at("licence_url")),
            note=str(entry.get("note") or "").strip(),
        )
    return out
