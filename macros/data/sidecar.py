"""Dataset sidecars: what `data/<name>.meta.yml` may say (sources.yml is read by `sources`).

What a sidecar may say is `sidecar.schema.json` (checked by `schemacheck`); what a
schema cannot say (a column declared twice, key columns that are not declared, a
pattern that is no regular expression) is checked here. A sidecar that says something
else is an error naming the file, the line and the field, every one of them at once,
so a typo in metadata never silently switches a check off. A valid sidecar is parsed
into frozen dataclasses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.core import memo
from macros.core.errors import did_you_mean
from macros.core.paths import display_path
from macros.data import schemacheck
from macros.data.schemacheck import Located
from macros.data.yamlread import SchemaError, _read_yaml

DATASET_NAME = re.compile(r"[a-z][a-z0-9_]*")
# What a sidecar may say is the JSON Schema's (sidecar.schema.json), read here so the docs and the code name the same fields.
_SCHEMA = schemacheck.load_schema()
DATASET_FIELDS = tuple(_SCHEMA["properties"])
COLUMN_FIELDS = tuple(_SCHEMA["definitions"]["column"]["properties"])
TYPES = tuple(_SCHEMA["definitions"]["column"]["properties"]["type"]["enum"])
PERIODS = {"day": 1, "week": 7}  # a date column's period -> days from one to the next (the schema's `period`)


def with_unit(title: str, unit: str | None) -> str:
    """A title with its unit as a reader writes it: "Headcount (people)"; a title that says its unit
    already is left as it is, and one that ends in brackets gets no second pair ("Headcount (demo), people")."""
    if not unit or re.search(rf"(?<!\w){re.escape(unit)}(?!\w)", title, re.IGNORECASE):
        return title
    return f"{title}, {unit}" if title.rstrip().endswith(")") else f"{title} ({unit})"


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
        return with_unit(self.title, self.unit)

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


def _parse_column(raw: dict) -> Column:
    """A column the schema has passed."""
    enum = raw.get("enum")
    if isinstance(enum, list):
        enum = {str(v): str(v) for v in enum}
    elif isinstance(enum, dict):
        enum = {str(k): str(v) for k, v in enum.items()}
    refs = raw.get("references")
    return Column(
        name=raw["name"],
        type=raw["type"],
        title=str(raw.get("title", raw["name"])),
        description=str(raw.get("description") or "").strip(),
        unit=str(raw["unit"]) if raw.get("unit") is not None else None,
        decimals=raw.get("decimals"),
        min=raw.get("min"),
        max=raw.get("max"),
        nullable=raw.get("nullable", False),
        enum=enum,
        references=tuple(refs.split(".")) if refs else None,
        pattern=raw.get("pattern"),
        period=raw.get("period"),
    )


def _parse_check(raw: dict) -> Check:
    kind, args = next(iter(raw.items()))
    return Check(kind=kind, column=args["column"], by=tuple(args.get("by") or ()), tolerance=float(args.get("tolerance", 0.1)))


def _check_meaning(doc: Located, raw: dict) -> None:
    """What a schema cannot say: a column declared twice, key and check columns that are not
    declared, patterns that are not regular expressions. Run beside the schema, on what is well-formed."""
    listed = raw.get("columns") if isinstance(raw.get("columns"), list) else []
    columns = [c for c in listed if isinstance(c, dict)]
    names = list(dict.fromkeys(c["name"] for c in columns if isinstance(c.get("name"), str)))
    first: dict[str, int] = {}
    for i, col in enumerate(listed):
        if not isinstance(col, dict):
            continue
        name = col.get("name")
        if isinstance(name, str) and name in first:
            doc.add(["columns", i], f"column '{name}' is declared twice (first on line {doc.line(['columns', first[name]])})")
        elif isinstance(name, str):
            first[name] = i
        if isinstance(col.get("pattern"), str):
            try:
                re.compile(col["pattern"])
            except re.error as exc:
                doc.add(["columns", i, "pattern"], f"not a valid regular expression ({exc})")
    for i, k in enumerate(raw.get("key") if isinstance(raw.get("key"), list) else []):
        if isinstance(k, str) and k not in names:
            doc.add(["key", i], _undeclared(k, names))
    for i, check in enumerate(raw.get("checks") if isinstance(raw.get("checks"), list) else []):
        args = next(iter(check.values()), None) if isinstance(check, dict) and len(check) == 1 else None
        if not isinstance(args, dict):
            continue
        kind = next(iter(check))
        by = args.get("by") if isinstance(args.get("by"), list) else []
        for where, value in [(["column"], args.get("column"))] + [(["by", j], b) for j, b in enumerate(by)]:
            if isinstance(value, str) and value not in names:
                doc.add(["checks", i, kind, *where], _undeclared(value, names))


def _undeclared(name: str, names: list[str]) -> str:
    guess = did_you_mean(name, names)
    hint = f"did you mean '{guess}'? " if guess else ""
    return f"column '{name}' is not declared; {hint}declared: {', '.join(names)}"


def field_line(path: Path, field: list) -> int | None:
    """The line of a sidecar's field (["sources", 0]), for a problem found after it was read."""
    try:
        return Located("", path.read_text(encoding="utf-8"), _read_yaml(path)).line(field)
    except (OSError, ValueError):
        return None


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
    display = display_path(path)
    if not DATASET_NAME.fullmatch(name):
        raise SchemaError(f"{display}: a dataset's name (its file name) must be lower-case letters, digits and '_' "
                          f"({DATASET_NAME.pattern}), as it names downloads and anchors; got {name!r}")
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise SchemaError(f"{display}: expected a dataset description (a mapping of title, description, as_of, "
                          f"sources, columns, ...), got {type(raw).__name__}")
    doc = Located(display, path.read_text(encoding="utf-8"), raw)
    schemacheck.check(doc)  # every problem, not the first: an editor fixes them in one go
    _check_meaning(doc, raw)
    if doc.found:
        raise SchemaError(*doc.problems())
    return DatasetMeta(
        name=name,
        path=path,
        title=str(raw["title"]),
        description=str(raw["description"]).strip(),
        as_of=str(raw["as_of"]),
        key=tuple(raw.get("key") or ()),
        sources=tuple(str(s) for s in raw["sources"]),
        columns=tuple(_parse_column(c) for c in raw["columns"]),
        checks=tuple(_parse_check(c) for c in raw.get("checks") or ()),
        scope=str(raw.get("scope") or "").strip(),
        notes=tuple(str(n) for n in raw.get("notes") or ()),
    )
