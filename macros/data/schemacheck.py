"""A YAML document checked against a JSON Schema: every problem at once, each at its line,
its field named as an editor reads it (`columns.headcount.type`, never `columns[2]`).

The schema (`sidecar.schema.json`, beside this file so a data directory swapped in by
TOKENSHARE_DATA is checked by the same one) is what editors' YAML tools read too; here
jsonschema's findings are put in an editor's words, with "did you mean" for a misspelt field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterable

import yaml

from macros.core import memo
from macros.core.errors import did_you_mean
from macros.data.yamlread import SAFE_LOADER

SIDECAR_SCHEMA = Path(__file__).with_name("sidecar.schema.json")
JSON_TYPES = {"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
              "array": "a list", "object": "a mapping", "null": "nothing"}


_VALIDATORS: dict[str, Any] = memo.table("JSON schemas")  # schema file -> its validator, checked once


def _validator(path: Path):
    if str(path) not in _VALIDATORS:
        from jsonschema import Draft7Validator  # imported when a sidecar is first checked

        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft7Validator.check_schema(schema)
        _VALIDATORS[str(path)] = Draft7Validator(schema)
    return _VALIDATORS[str(path)]


def load_schema(path: Path = SIDECAR_SCHEMA) -> dict:
    """The schema as data (no validator: jsonschema is imported only to check a document)."""
    return json.loads(path.read_text(encoding="utf-8"))


class Located:
    """A parsed YAML document and its text: the line of a field, and its name as an editor reads it."""

    def __init__(self, display: str, text: str, document: Any):
        self.display, self.document, self._text = display, document, text
        self._root: Any = False  # composed when a problem needs its line: a valid document never is
        self.found: list[tuple[int, str]] = []

    def _node(self):
        if self._root is False:
            try:
                self._root = yaml.compose(self._text, Loader=SAFE_LOADER)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def field(self, path: Iterable) -> str:
        """`columns.headcount.type`: list items named by their `name`, else `#n` (the n-th)."""
        names, value = [], self.document
        for step in path:
            if isinstance(step, int) and isinstance(value, list):
                item = value[step] if step < len(value) else None
                if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]:
                    names.append(item["name"])
                elif not isinstance(item, (dict, list)):
                    pass  # a value of a list (`key: [a, b]`): the message names it
                else:
                    names.append(f"#{step + 1}")
                value = item
            else:
                names.append(str(step))
                value = value.get(step) if isinstance(value, dict) else None
        return ".".join(names)

    def line(self, path: Iterable) -> int | None:
        """The line a field is written on (its key's line), or the nearest enclosing one's."""
        node, line = self._node(), None
        if node is not None:
            line = node.start_mark.line + 1
        for step in path:
            if isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(step)), None)
                if match is None:
                    break
                line, node = match[0].start_mark.line + 1, match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def add(self, path: Iterable, message: str, line_path: Iterable | None = None) -> None:
        path = list(path)
        line = self.line(path if line_path is None else line_path)
        field = self.field(path)
        where = self.display + (f", line {line}" if line else "") + (f", field '{field}'" if field else "")
        self.found.append((line or 0, f"{where}: {message}"))

    def problems(self) -> list[str]:
        """Every problem found, in line order."""
        return [message for _, message in sorted(self.found, key=lambda found: found[0])]


def check(doc: Located, schema_path: Path = SIDECAR_SCHEMA) -> None:
    """Add every way `doc` departs from the schema to `doc.found`."""
    for error in _validator(schema_path).iter_errors(doc.document):
        path, rule = list(error.absolute_path), error.schema if isinstance(error.schema, dict) else {}
        kind, instance = error.validator, error.instance
        if kind == "additionalProperties" and rule.get("additionalProperties") is False:
            allowed = sorted(rule.get("properties", {}))
            for extra in sorted(set(instance) - set(allowed), key=str):
                guess = did_you_mean(str(extra), allowed)
                hint = f"did you mean '{guess}'? " if guess else ""
                doc.add(path + [extra], f"unknown field; {hint}allowed here: {', '.join(allowed)}")
        elif kind == "required":
            for name in rule["required"]:
                if name not in instance:
                    doc.add(path + [name], f"missing: {_about(rule, name)}", line_path=path)
        else:
            doc.add(path, _message(kind, instance, rule, error.validator_value))


def _about(rule: dict, name: str) -> str:
    """What a required field is, from its description in the schema."""
    described = rule.get("properties", {}).get(name, {}).get("description", "").rstrip(".")
    return f"'{name}' ({described[:1].lower() + described[1:]})" if described else f"'{name}'"


def _message(kind: str, instance: Any, rule: dict, expected: Any) -> str:
    if isinstance(instance, (dt.date, dt.datetime)):
        return f"expected text; write the date in quotes ('{instance.isoformat()}'), as YAML reads it as a date otherwise"
    if kind == "enum":
        guess = did_you_mean(str(instance), [str(e) for e in expected])
        hint = f"; did you mean '{guess}'?" if guess else ""
        return f"got {instance!r}, expected one of {', '.join(map(str, expected))}{hint}"
    if "errorMessage" in rule:
        return f"got {_show(instance)}, {rule['errorMessage']}"
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        return f"got {_show(instance)}, expected {' or '.join(JSON_TYPES.get(t, t) for t in wanted)}"
    if kind == "minItems":
        return "expected a non-empty list"
    if kind == "uniqueItems":
        twice = sorted({str(v) for v in instance if instance.count(v) > 1})
        return f"expected each value once; given twice: {', '.join(twice)}"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"got {_show(instance)}, expected a number {'≥' if kind == 'minimum' else '>'} {expected}"
    if kind == "const":
        return f"got {_show(instance)}, expected {expected!r}"
    return f"got {_show(instance)}: {kind} {expected!r} not met"


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
