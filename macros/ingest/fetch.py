"""`make fetch`: ask the API for every day not yet imported, and the model catalogue.

Days run from the day after the last one kept in data/raw (first run:
2025-01-01, where the Data API starts) to yesterday (UTC; today is not over),
in windows of at most 366 days, one request each. Everything received is
imported in one go, so a failure anywhere leaves data/ as it was; the bodies
received before the failure are saved outside data/ so that nothing fetched
(and counted against the daily quota) is lost: `make import FROM=...` takes them.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from macros.ingest.client import Client, FetchError
from macros.ingest.pipeline import ImportFailed, Result, as_raw, import_raw, parse
from macros.ingest.shapes import FIRST_DAY, ShapeError
from macros.ingest.store import StoreError, read_raw, stamp

MAX_WINDOW_DAYS = 366
RANKINGS_PATH = "datasets/rankings-daily"
MODELS_PATH = "models"


def windows(start: date, end: date, size: int = MAX_WINDOW_DAYS) -> list[tuple[date, date]]:
    """[start, end] cut into consecutive inclusive windows of at most `size` days."""
    out = []
    while start <= end:
        stop = min(start + timedelta(days=size - 1), end)
        out.append((start, stop))
        start = stop + timedelta(days=1)
    return out


def last_imported_day(data_dir: Path) -> date | None:
    days = [row.date for raw in read_raw(data_dir) if raw.kind == "rankings" for row in parse(raw).rows]
    return max(days) if days else None


def plan(data_dir: Path, today: date) -> list[tuple[date, date]]:
    """The windows still to fetch, up to yesterday (UTC)."""
    last = last_imported_day(data_dir)
    start = last + timedelta(days=1) if last else FIRST_DAY
    return windows(start, today - timedelta(days=1))


class FetchFailed(RuntimeError):
    """A fetch that left data/ as it was; says why, and where the bodies received were saved."""


def run(data_dir: Path, client: Client, today: date, now: str, keep_dir: Path | None = None) -> Result:
    """Fetch the missing windows and the models, then import them all at once.

    `now` (ISO 8601 UTC) is the models snapshot's as_of: the API sends none.
    """
    received: list[tuple[str, bytes]] = []
    try:
        raws = []
        for start, end in plan(data_dir, today):
            body = client.get(RANKINGS_PATH, {"start_date": start.isoformat(), "end_date": end.isoformat()})
            received.append((f"rankings-daily_{start}_{end}.json", body))
            raws.append(as_raw("rankings", body, f"GET {RANKINGS_PATH} {start}..{end}"))
        body = client.get(MODELS_PATH)
        received.append((f"models__{stamp(now)}.json", body))
        raws.append(as_raw("models", body, f"GET {MODELS_PATH}", as_of=now))
        return import_raw(data_dir, raws)
    except (FetchError, ShapeError, ImportFailed, StoreError) as exc:
        saved = _keep(received, keep_dir)
        where = (
            f"\nThe {len(received)} response(s) received were saved in {saved}; after fixing the cause, "
            f"import them with: make import FROM=\"{saved}/*.json\""
        ) if saved else ""
        raise FetchFailed(f"fetch failed, data/ was left as it was: {exc}{where}") from None


def _keep(received: list[tuple[str, bytes]], keep_dir: Path | None) -> Path | None:
    if not received:
        return None
    folder = Path(tempfile.mkdtemp(prefix="tokenshare-fetched-", dir=keep_dir))
    for name, body in received:
        (folder / name).write_bytes(body)
    return folder

