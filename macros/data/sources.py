"""`data/sources.yml`: who published each source, how to cite it, under which licence.

Every dataset's sidecar names its sources by id; the source line under a
chart and the sources list are made from these entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.data.yamlread import _read_yaml, _require_mapping, _text, _unknown_fields, _Where

SOURCE_FIELDS = {
    "title", "publisher", "url", "published", "licence", "licence_url",
    "citation", "note",
}


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
