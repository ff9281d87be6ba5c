"""Dataset sidecars: what `data/<name>.meta.yml` may say (sources.yml is read by `sources`).

A sidecar is parsed into frozen dataclasses; a sidecar that says something this
module does not understand is an error naming the file and the field, so a typo
in metadata never silently switches a check off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.core import memo
from macros.data.yamlread import _read_yaml, _require_mapping, _text, _unknown_fields, _Where

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
PERIODS = {"day": 1, "week": 7}  # a date column's period -> days from one to the next
CHECKS = {"sum_to_100": {"column", "by", "tolerance"}}


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


_METAS: dict[tuple[str, str], "DatasetMeta"] = memo.table("sidecars")  # (path, text) -> the description: frozen, so shared


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
