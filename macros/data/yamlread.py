"""Reading the project's YAML strictly: errors that name the file and the field, no key given twice.

Sidecars, data/sources.yml and mkdocs.yml are edited by hand; a typo or a
repeated key there must stop the build with its place named, never switch a
check off or drop a setting without a word. The field helpers here are what
`sidecar` and `sources` parse their mappings with.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from macros.core import memo
from macros.core.errors import did_you_mean
from macros.core.paths import display_path


class SchemaError(ValueError):
    """A sidecar or the sources file is malformed: `problems` lists every problem found, each
    naming its file, line and field."""

    def __init__(self, *problems: str):
        self.problems = list(problems)
        super().__init__(problems[0] if len(problems) == 1 else
                         f"{len(problems)} problems in the data's descriptions:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class _Where:
    """Where in a YAML file a problem is, for messages."""

    path: Path
    field: str = ""

    def error(self, message: str) -> SchemaError:
        where = display_path(self.path) + (f", field '{self.field}'" if self.field else "")
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
_PARSED: dict[tuple[str, str], Any] = memo.table("parsed YAML")  # (path, text) -> document: a serve rebuild re-reads only what changed


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
    raise SchemaError(f"{display_path(path)}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{display_path(path)}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
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
        guesses = [g for g in (did_you_mean(str(e), allowed) for e in extra) if g]
        hint = f"did you mean {', '.join(map(repr, guesses))}? " if guesses else ""
        raise where.error(f"unknown field(s) {extra}; {hint}allowed: {sorted(allowed)}")


def _text(value: Any, where: _Where, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or value == "":
        raise where.error("expected non-empty text")
    return str(value)
