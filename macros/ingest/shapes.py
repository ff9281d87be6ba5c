"""What an OpenRouter response may look like, and what it says once checked.

Accepted shapes:

- rankings-daily, official: `{"data": [{date, model_permaslug, total_tokens}], "meta": {"as_of", ...}}`
- rankings-daily, merged by date (files kept by public pollers):
  `{date: {model_permaslug: {date, model_permaslug, total_tokens}}}`. It has no
  as_of: we take the end of its last day, midnight UTC of the following day
  (the earliest moment all of its rows can have been final), see `merged_as_of`.
- models, wrapped `{"data": [...], ...}` as the API sends it, or a bare array.

Anything else, an empty body, truncated JSON, a missing key or a value of the
wrong kind raises `ShapeError` naming the file (or request) and the place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

FIRST_DAY = date(2025, 1, 1)  # the Data API starts here
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOKENS = re.compile(r"\d{1,19}")


class ShapeError(ValueError):
    """A response (or a saved file) is not what the API sends."""


@dataclass(frozen=True)
class DailyRow:
    date: date
    model_permaslug: str
    tokens: int


@dataclass(frozen=True)
class Rankings:
    rows: tuple[DailyRow, ...]
    as_of: str  # ISO 8601, UTC, seconds: 2026-08-22T00:00:00Z
    start: date
    end: date
    shape: str  # "official" or "merged"


@dataclass(frozen=True)
class ModelEntry:
    id: str
    canonical_slug: str
    name: str
    created: int  # Unix seconds
    context_length: int | None
    prompt: Decimal  # USD per token; -1 for router pseudo-models
    completion: Decimal


@dataclass(frozen=True)
class Models:
    models: tuple[ModelEntry, ...]
    as_of: str
    shape: str  # "wrapped" or "bare"


# --- JSON and kinds ------------------------------------------------------------------------


def read_json(raw: bytes, name: str) -> Any:
    if not raw.strip():
        raise ShapeError(f"{name}: empty response ({len(raw)} bytes), expected JSON")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ShapeError(f"{name}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        # a JSON document of ours ends with } or ]: anything else was cut short
        body = raw.strip()
        cut = body[:1] in (b"{", b"[") and body[-1:] not in (b"}", b"]")
        hint = " (the body looks truncated)" if cut else ""
        raise ShapeError(
            f"{name}: not valid JSON{hint}: {exc.msg} at line {exc.lineno}, column {exc.colno} of {len(raw)} bytes"
        ) from None


def kind_of(doc: Any, name: str) -> str:
    """'rankings' or 'models', from the document's shape."""
    if isinstance(doc, list):
        return "models"
    if isinstance(doc, dict) and "data" in doc:
        rows = doc["data"]
        first = rows[0] if isinstance(rows, list) and rows else None
        if isinstance(first, dict) and "canonical_slug" in first:
            return "models"
        if (isinstance(first, dict) and "model_permaslug" in first) or "meta" in doc:
            return "rankings"
        return "models"
    if isinstance(doc, dict) and doc and all(isinstance(k, str) and _DATE.fullmatch(k) for k in doc):
        return "rankings"
    keys = sorted(doc)[:8] if isinstance(doc, dict) else None
    raise ShapeError(
        f"{name}: wrong shape: expected a rankings-daily response ({{\"data\": [...], \"meta\": {{\"as_of\": ...}}}}), "
        f"a rankings file merged by date ({{\"YYYY-MM-DD\": {{...}}}}) or a models list; "
        f"got {type(doc).__name__}" + (f" with keys {keys}" if keys is not None else "")
    )


# --- small value parsers -------------------------------------------------------------------


def as_of_text(value: Any, where: str) -> str:
    """An ISO 8601 timestamp, normalised to UTC seconds with a Z."""
    if not isinstance(value, str) or not value.strip():
        raise ShapeError(f"{where}: got {value!r}, expected an ISO 8601 timestamp such as 2026-05-12T02:00:00Z")
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ShapeError(f"{where}: got {value!r}, expected an ISO 8601 timestamp such as 2026-05-12T02:00:00Z") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def merged_as_of(last: date) -> str:
    """The as_of given to a merged file: midnight UTC after its last day."""
    return (last + timedelta(days=1)).strftime("%Y-%m-%dT00:00:00Z")


def _day(value: Any, where: str) -> date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ShapeError(f"{where}: got {value!r}, expected a date as YYYY-MM-DD")


def _tokens(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and _TOKENS.fullmatch(value):
        return int(value)
    raise ShapeError(f"{where}: got {value!r}, expected a whole number of tokens ≥ 0 (the API sends it as text)")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
        raise ShapeError(f"{where}: got {value!r}, expected a non-empty slug without spaces")
    return value


def _field(record: Any, key: str, where: str) -> Any:
    if not isinstance(record, dict):
        raise ShapeError(f"{where}: got {type(record).__name__}, expected an object")
    if key not in record:
        raise ShapeError(f"{where}: missing key '{key}' (has {sorted(record)})")
    return record[key]


# --- rankings-daily --------------------------------------------------------------------------


def parse_rankings(raw: bytes, name: str) -> Rankings:
    doc = read_json(raw, name)
    if kind_of(doc, name) != "rankings":
        raise ShapeError(f"{name}: this is a models list, expected a rankings-daily response")
    if "data" in doc:
        return _official(doc, name)
    return _merged(doc, name)


def _row(record: Any, where: str) -> DailyRow:
    return DailyRow(
        date=_day(_field(record, "date", where), f"{where}.date"),
        model_permaslug=_text(_field(record, "model_permaslug", where), f"{where}.model_permaslug"),
        tokens=_tokens(_field(record, "total_tokens", where), f"{where}.total_tokens"),
    )


def _official(doc: dict, name: str) -> Rankings:
    meta = _field(doc, "meta", name)
    as_of = as_of_text(_field(meta, "as_of", f"{name}: meta"), f"{name}: meta.as_of")
    data = doc["data"]
    if not isinstance(data, list):
        raise ShapeError(f"{name}: data: got {type(data).__name__}, expected a list of rows")
    if not data:
        raise ShapeError(f"{name}: empty response: 'data' has no rows (meta: {json.dumps(meta)[:200]})")
    rows = tuple(_row(r, f"{name}: data[{i}]") for i, r in enumerate(data))
    start = _day(meta["start_date"], f"{name}: meta.start_date") if "start_date" in meta else min(r.date for r in rows)
    end = _day(meta["end_date"], f"{name}: meta.end_date") if "end_date" in meta else max(r.date for r in rows)
    return _checked(Rankings(rows, as_of, start, end, "official"), name, "data")


def _merged(doc: dict, name: str) -> Rankings:
    rows = []
    for day, models in doc.items():
        if not isinstance(models, dict):
            raise ShapeError(f"{name}: [{day!r}]: got {type(models).__name__}, expected an object of rows by model")
        for slug, record in models.items():
            where = f"{name}: [{day!r}][{slug!r}]"
            row = _row(record, where)
            if row.date.isoformat() != day or row.model_permaslug != slug:
                raise ShapeError(f"{where}: the row says {row.date.isoformat()!r}/{row.model_permaslug!r}, expected {day!r}/{slug!r}")
            rows.append(row)
    if not rows:
        raise ShapeError(f"{name}: empty response: no rows under any date")
    start, end = min(r.date for r in rows), max(r.date for r in rows)
    return _checked(Rankings(tuple(rows), merged_as_of(end), start, end, "merged"), name, "rows")


def _checked(rankings: Rankings, name: str, what: str) -> Rankings:
    """Dates in range (API start ≤ window ≤ as_of) and one row per (date, model)."""
    as_of_day = date.fromisoformat(rankings.as_of[:10])
    if rankings.start > rankings.end:
        raise ShapeError(f"{name}: window {rankings.start}..{rankings.end}: start after end")
    seen = set()
    for i, row in enumerate(rankings.rows):
        where = f"{name}: {what}[{i}].date"
        if row.date < FIRST_DAY or row.date > as_of_day:
            raise ShapeError(f"{where}: got {row.date.isoformat()!r}, expected a date from {FIRST_DAY} to the response's as_of ({as_of_day})")
        if not rankings.start <= row.date <= rankings.end:
            raise ShapeError(f"{where}: got {row.date.isoformat()!r}, expected a date in the window {rankings.start}..{rankings.end}")
        key = (row.date, row.model_permaslug)
        if key in seen:
            raise ShapeError(f"{name}: {what}[{i}]: a second row for {row.date} / {row.model_permaslug!r}, expected one per (date, model)")
        seen.add(key)
    return rankings


# --- models ------------------------------------------------------------------------------------


def parse_models(raw: bytes, name: str, as_of: str) -> Models:
    doc = read_json(raw, name)
    if kind_of(doc, name) != "models":
        raise ShapeError(f"{name}: this is a rankings-daily response, expected a models list")
    shape = "bare" if isinstance(doc, list) else "wrapped"
    items = doc if shape == "bare" else doc["data"]
    if not isinstance(items, list):
        raise ShapeError(f"{name}: data: got {type(items).__name__}, expected a list of models")
    if not items:
        raise ShapeError(f"{name}: empty response: no models")
    if shape == "wrapped":
        _whole(doc, len(items), name)
    models = tuple(_model(m, f"{name}: models[{i}]") for i, m in enumerate(items))
    ids = [m.id for m in models]
    dupes = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
    if dupes:
        raise ShapeError(f"{name}: model id(s) listed twice: {dupes[:5]}, expected each id once")
    return Models(models, as_of_text(as_of, f"{name}: as_of"), shape)


def _whole(doc: dict, count: int, name: str) -> None:
    """A wrapped list must be all of it: no next page, total_count (if sent) = rows."""
    links = doc.get("links") or {}
    if isinstance(links, dict) and links.get("next"):
        raise ShapeError(f"{name}: links.next is set ({links['next']!r}): a paged response, expected the whole list")
    total = doc.get("total_count")
    if total is not None and total != count:
        raise ShapeError(f"{name}: total_count says {total!r} but 'data' has {count} models: truncated?")


def _model(record: Any, where: str) -> ModelEntry:
    model_id = _text(_field(record, "id", where), f"{where}.id")
    where = f"{where} ({model_id})"
    name = _field(record, "name", where)
    if not isinstance(name, str) or not name.strip():
        raise ShapeError(f"{where}.name: got {name!r}, expected a model name")
    created = _field(record, "created", where)
    if not isinstance(created, (int, float)) or isinstance(created, bool) or created < 0:
        raise ShapeError(f"{where}.created: got {created!r}, expected Unix seconds")
    context = record.get("context_length")
    if context is not None and (not isinstance(context, int) or isinstance(context, bool) or context < 0):
        raise ShapeError(f"{where}.context_length: got {context!r}, expected a whole number or null")
    pricing = _field(record, "pricing", where)
    return ModelEntry(
        id=model_id,
        canonical_slug=_text(_field(record, "canonical_slug", where), f"{where}.canonical_slug"),
        name=name.strip(),
        created=int(created),
        context_length=context,
        prompt=_price(_field(pricing, "prompt", f"{where}.pricing"), f"{where}.pricing.prompt"),
        completion=_price(_field(pricing, "completion", f"{where}.pricing"), f"{where}.pricing.completion"),
    )


def _price(value: Any, where: str) -> Decimal:
    try:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise InvalidOperation
        price = Decimal(str(value))
        if not price.is_finite():
            raise InvalidOperation
        return price
    except InvalidOperation:
        raise ShapeError(f"{where}: got {value!r}, expected a price in USD per token (text such as '0.000003')") from None
