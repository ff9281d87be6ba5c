"""Checked responses -> the rows of `openrouter_daily` and `openrouter_models`.

Rules (each one written down in the datasets' sidecars too):

- one row per (date, model_permaslug): when responses overlap, the one with
  the later as_of wins (equal as_of: the one given later);
- author_slug is what comes before "/" in the permaslug: `other` for the API's
  `other` row, `openrouter` for stealth models; it is never dropped, whether
  the lab table knows it or not (see data/authors.py);
- the catalogue is joined on canonical_slug, which equals the permaslug without
  its `:free` suffix (Anthropic's ids have another word order, so ids are never
  used to join); among the ids sharing a canonical_slug, the one with the same
  variant (`:free` or none) is taken, else the plain one; a permaslug the
  catalogue does not list keeps empty model_id and model_name;
- several catalogue snapshots make one catalogue for the join (for each id, the latest
  as_of wins), but `openrouter_models` keeps every snapshot's row: one per (id, as_of),
  so a model's list prices can be read as they were on each date.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Iterable, Sequence

from macros.ingest.shapes import DailyRow, ModelEntry, Models, Rankings

OTHER = "other"
DAILY_SOURCE = "openrouter-data-api"
MODELS_SOURCE = "openrouter-models-api"
DAILY_COLUMNS = ["date", "model_permaslug", "author_slug", "model_id", "model_name", "is_free", "tokens", "as_of", "source"]
MODELS_COLUMNS = [
    "id", "canonical_slug", "name", "author_slug", "created", "context_length",
    "input_usd_per_mtok", "output_usd_per_mtok", "as_of", "source",
]
PER_MILLION = Decimal(1_000_000)


def author_slug(slug: str) -> str:
    """'deepseek/deepseek-v4-flash-20260731' -> 'deepseek'; 'other' -> 'other'."""
    return slug.split("/", 1)[0]


def split_variant(slug: str) -> tuple[str, str]:
    """'z-ai/glm-4.5-air:free' -> ('z-ai/glm-4.5-air', 'free'); no variant -> (slug, '')."""
    base, _, variant = slug.partition(":")
    return base, variant


# --- daily rows --------------------------------------------------------------------------------


def latest_rows(responses: Sequence[Rankings]) -> dict[tuple[date, str], tuple[DailyRow, str]]:
    """(date, permaslug) -> (row, as_of), the latest as_of winning."""
    out: dict[tuple[date, str], tuple[DailyRow, str]] = {}
    # sorted() is stable: among equal as_of, the response given later is applied later and wins
    for response in sorted(responses, key=lambda r: r.as_of):
        for row in response.rows:
            out[(row.date, row.model_permaslug)] = (row, response.as_of)
    return out


def catalogue(snapshots: Sequence[Models]) -> dict[str, tuple[ModelEntry, str]]:
    """id -> (entry, as_of) over every snapshot, the latest as_of winning."""
    out: dict[str, tuple[ModelEntry, str]] = {}
    for snapshot in sorted(snapshots, key=lambda s: s.as_of):
        for model in snapshot.models:
            out[model.id] = (model, snapshot.as_of)
    return out


def by_canonical(cat: dict[str, tuple[ModelEntry, str]]) -> dict[str, list[ModelEntry]]:
    out: dict[str, list[ModelEntry]] = {}
    for model, _ in cat.values():
        out.setdefault(model.canonical_slug, []).append(model)
    for entries in out.values():
        entries.sort(key=lambda m: m.id)
    return out


def match(permaslug: str, index: dict[str, list[ModelEntry]]) -> ModelEntry | None:
    """The catalogue entry of a ranked permaslug, or None when it is not listed."""
    base, variant = split_variant(permaslug)
    candidates = index.get(base) or index.get(permaslug) or []
    for wanted in (variant, ""):
        for model in candidates:
            if split_variant(model.id)[1] == wanted:
                return model
    return None


def daily_rows(responses: Sequence[Rankings], snapshots: Sequence[Models]) -> list[list[str]]:
    """The rows of openrouter_daily, sorted by date then permaslug."""
    index = by_canonical(catalogue(snapshots))
    rows = []
    for (day, slug), (row, as_of) in sorted(latest_rows(responses).items()):
        model = match(slug, index)
        rows.append([
            day.isoformat(), slug, author_slug(slug),
            model.id if model else "", model.name if model else "",
            "true" if split_variant(slug)[1] == "free" else "false",
            str(row.tokens), as_of, DAILY_SOURCE,
        ])
    return rows


# --- the catalogue ------------------------------------------------------------------------------


def per_million(price: Decimal) -> str:
    """USD per token -> USD per million tokens as exact text; router pseudo-models (-1) -> empty."""
    if price < 0:
        return ""
    return format((price * PER_MILLION).normalize(), "f")


def model_rows(snapshots: Sequence[Models]) -> list[list[str]]:
    """The rows of openrouter_models, one per (id, snapshot), sorted by id then as_of.

    Equal as_of (the same snapshot imported twice under one date): the one given later wins,
    as in `catalogue`."""
    by_key: dict[tuple[str, str], ModelEntry] = {}
    for snapshot in sorted(snapshots, key=lambda s: s.as_of):
        for model in snapshot.models:
            by_key[(model.id, snapshot.as_of)] = model
    rows = []
    for (_, as_of), model in sorted(by_key.items()):
        created = datetime.fromtimestamp(model.created, tz=timezone.utc).date().isoformat()
        context = "" if model.context_length is None else str(model.context_length)
        rows.append([
            model.id, model.canonical_slug, model.name, author_slug(model.id), created, context,
            per_million(model.prompt), per_million(model.completion), as_of, MODELS_SOURCE,
        ])
    return rows


def to_csv(columns: list[str], rows: Iterable[list[str]]) -> bytes:
    """UTF-8, LF line ends, minimal quoting: the same rows give the same bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def latest_as_of(rows: list[list[str]], column: int) -> str:
    return max(r[column] for r in rows)
