"""Helpers for the importer's tests: real OpenRouter responses kept as fixtures
(tests/fixtures/openrouter/, CC BY 4.0, frozen: the tests' literal figures are
about them, not about data/) and SYNTHETIC API responses.

Everything `synthetic_*` makes is made up by code for tests: model names say
"synthetic", token counts follow a formula, and nothing of it is published.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "openrouter"
MERGED = REAL / "rankings-daily_2026-05-24_2026-08-21.merged.json"
MODELS_BARE = REAL / "models_2026-04-24.bare.json"
MODELS_WRAPPED = REAL / "models_2026-08-19.wrapped.json"

# Real author slugs (so the lab table knows them) with made-up model names.
SYNTHETIC_MODELS = {
    "openai/synthetic-model-a-20250101": 5_000,
    "deepseek/synthetic-model-b-20250101": 3_000,
    "deepseek/synthetic-model-b-20250101:free": 1_000,
    "other": 1_000,
}


def tree_hash(folder: Path) -> str:
    """One hash of every file's path and bytes under `folder`, and of every directory."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


IMPORTED = ("raw", "openrouter_daily.*", "openrouter_models.*")  # what the importer writes into data/


def data_copy(target: Path) -> Path:
    """A writable copy of the repository's hand-curated data/: without what the importer wrote
    (raw responses, daily rows, catalogue), so an import into it starts from nothing."""
    shutil.copytree(ROOT / "data", target, ignore=lambda folder, names: shutil.ignore_patterns(*IMPORTED)(folder, names)
                    if Path(folder) == ROOT / "data" else set())
    return target


CURATED = ROOT / "tests" / "fixtures" / "curated"  # FACTS.md §2 as the tables the site kept before it had the rows


def add_curated(target: Path, names=("country_share_weekly", "author_tokens_weekly", "top_models_weekly")) -> Path:
    """Add the retired hand-curated weekly tables to a data directory, as datasets an editor might add:
    the validator's tests use them as ordinary, valid CSVs with sidecars."""
    for name in names:
        for suffix in (".csv", ".meta.yml"):
            shutil.copyfile(CURATED / f"{name}{suffix}", Path(target) / f"{name}{suffix}")
    return Path(target)


def frozen_data(target: Path) -> Path:
    """The hand-curated data/ plus the real responses of tests/fixtures/openrouter (90 days to
    2026-08-21, both catalogue snapshots) imported: the data of the stop that brought the rows in,
    frozen, so tests may pin its figures (FACTS.md's) while data/ moves on every week."""
    from macros.ingest import cli

    data_copy(target)
    assert cli.main(["--data", str(target), "import", str(MERGED), str(MODELS_BARE), str(MODELS_WRAPPED)]) == 0
    return target


def rewrap_official(merged: bytes, as_of: str) -> bytes:
    """The merged-by-date file's rows in the Data API's official shape (rows by date, `other` last)."""
    doc = json.loads(merged)
    rows = []
    for day in sorted(doc):
        models = doc[day]
        rows += [models[s] for s in sorted(models) if s != "other"] + ([models["other"]] if "other" in models else [])
    days = sorted(doc)
    meta = {"as_of": as_of, "start_date": days[0], "end_date": days[-1], "version": "v1"}
    return json.dumps({"data": rows, "meta": meta}).encode()


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def synthetic_rows(start: date, end: date, scale: int = 1, models: dict | None = None) -> list[dict]:
    """SYNTHETIC rankings rows: each model's tokens = base × scale × (day of month)."""
    rows = []
    for day in days(start, end):
        for slug, base in (models or SYNTHETIC_MODELS).items():
            rows.append({"date": day.isoformat(), "model_permaslug": slug, "total_tokens": str(base * scale * day.day)})
    return rows


def synthetic_rankings(start: date, end: date, as_of: str, scale: int = 1, models: dict | None = None) -> bytes:
    """A SYNTHETIC rankings-daily response in the official shape."""
    meta = {"as_of": as_of, "start_date": start.isoformat(), "end_date": end.isoformat(), "version": "v1"}
    return json.dumps({"data": synthetic_rows(start, end, scale, models), "meta": meta}).encode()


def synthetic_models(wrapped: bool = True) -> bytes:
    """A SYNTHETIC models list: the synthetic models plus a router pseudo-model priced -1."""
    entries = [
        {"id": "openai/synthetic-model-a", "canonical_slug": "openai/synthetic-model-a-20250101", "name": "OpenAI: Synthetic A",
         "created": 1735689600, "context_length": 128000, "pricing": {"prompt": "0.000002", "completion": "0.000008"}},
        {"id": "deepseek/synthetic-model-b", "canonical_slug": "deepseek/synthetic-model-b-20250101", "name": "DeepSeek: Synthetic B",
         "created": 1735689600, "context_length": 64000, "pricing": {"prompt": "0.00000025", "completion": "0.0000004"}},
        {"id": "deepseek/synthetic-model-b:free", "canonical_slug": "deepseek/synthetic-model-b-20250101", "name": "DeepSeek: Synthetic B (free)",
         "created": 1735689600, "context_length": 64000, "pricing": {"prompt": "0", "completion": "0"}},
        {"id": "openrouter/synthetic-router", "canonical_slug": "openrouter/synthetic-router", "name": "Synthetic Router",
         "created": 1735689600, "context_length": None, "pricing": {"prompt": "-1", "completion": "-1"}},
    ]
    doc = {"data": entries, "total_count": len(entries), "links": {"next": None}} if wrapped else entries
    return json.dumps(doc).encode()
