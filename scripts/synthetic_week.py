"""SYNTHETIC: one more week of daily rows after a data directory's last day, as the Data API sends them.

    python scripts/synthetic_week.py OUT.json [--data data] [--days 7] [--seed 1]

Nothing made here is real, and nothing of it is published: it exists so a test
(and a person trying the weekly refresh) can import a new week into a COPY of
data/ with `make import FROM=OUT.json` and see the site follow. The file is in
the official shape of `GET /api/v1/datasets/rankings-daily` (`{"data": [...],
"meta": {...}}`), its meta says `"synthetic": true`, and its file name should
say so too. Each new day repeats the permaslugs of the data's last day (so
every lab is one the lab table knows) with tokens drawn from a seeded random
walk around that day's figures: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def last_day_rows(data: Path) -> tuple[date, dict[str, int]]:
    """The last day of `data`'s daily rows, and each permaslug's tokens that day."""
    with open(Path(data) / "openrouter_daily.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    last = max(r["date"] for r in rows)
    return date.fromisoformat(last), {r["model_permaslug"]: int(r["tokens"]) for r in rows if r["date"] == last}


def week_after(data: Path, days: int = 7, seed: int = 1) -> dict:
    """`days` SYNTHETIC days after the data's last day, in the Data API's shape."""
    last, base = last_day_rows(data)
    rng = random.Random(seed)
    rows = []
    for i in range(1, days + 1):
        day = last + timedelta(days=i)
        for slug in sorted(base, key=lambda s: (s == "other", s)):  # the API sends "other" last
            factor = 1 + rng.uniform(-0.15, 0.15)
            rows.append({"date": day.isoformat(), "model_permaslug": slug, "total_tokens": str(int(base[slug] * factor))})
    end = last + timedelta(days=days)
    meta = {
        "as_of": f"{(end + timedelta(days=1)).isoformat()}T06:00:00Z",
        "start_date": (last + timedelta(days=1)).isoformat(),
        "end_date": end.isoformat(),
        "version": "v1",
        "synthetic": True,
        "note": "SYNTHETIC rows made by scripts/synthetic_week.py for tests: not OpenRouter's data, never to be published.",
    }
    return {"data": rows, "meta": meta}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the JSON file to write (name it synthetic-...)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data directory whose last day it follows")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    doc = week_after(args.data, args.days, args.seed)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: SYNTHETIC rows, {doc['meta']['start_date']} to {doc['meta']['end_date']}, {len(doc['data'])} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
