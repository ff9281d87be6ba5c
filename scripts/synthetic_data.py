"""SYNTHETIC data for the benchmark: daily rows in the shape of `openrouter_daily`, made up by code.

    python scripts/synthetic_data.py OUT_DIR [--days 90] [--models-per-day 51] [--lab-factor 1] [--parquet]

Nothing made here is real or published. It writes a data directory for
`TOKENSHARE_DATA` (never data/): a copy of the repository's hand-curated
datasets, plus

- `openrouter_daily.csv` (or `.parquet`): `days` days ending 2026-08-21, each
  with the day's top `models_per_day - 1` models plus the `other` row, as the
  importer writes them (same columns, same order, same formats). Model names
  say "synthetic"; token counts come from a seeded random generator, so the
  same arguments always give the same bytes;
- its sidecar, whose title and description say it is synthetic, citing a
  source `synthetic-benchmark` added to the copy of sources.yml;
- with `lab_factor` > 1, the copy of labs.csv gains clearly synthetic labs
  (`synthetic-lab-001`, ...), `lab_factor - 1` of them for each real lab.

The real labs are those the site built from data/ has a page for (the labs
its datasets name). They author the other models, and every lab, real or
synthetic, has a model that reaches some days' top: every scale builds the
same lab pages as the real data (`lab_factor` times them), but a page for each
model its rows name, so more models a day means more model pages.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.ingest import normalise as norm  # noqa: E402
from macros.ingest import sidecars  # noqa: E402

END = date(2026, 8, 21)  # the last day of the real 90 days, so every scale ends in the same week
SOURCE = "synthetic-benchmark"
AS_OF = "2026-08-22T00:00:00Z"
SYNTHETIC_NOTE = "SYNTHETIC benchmark data made by scripts/synthetic_data.py: not OpenRouter's figures, never published."
# Labs that take most tokens (as in the real data), so the story's figures exist at every scale.
BIG_LABS = {"deepseek": 8.0, "anthropic": 6.0, "google": 6.0, "openai": 5.0, "qwen": 4.0, "z-ai": 3.0,
            "moonshotai": 3.0, "minimax": 3.0, "x-ai": 3.0, "xiaomi": 2.0, "meta-llama": 2.0, "mistralai": 2.0}

SOURCE_ENTRY = {
    "title": "Synthetic benchmark data",
    "publisher": "Token Share (scripts/synthetic_data.py)",
    "url": None,
    "published": AS_OF,
    "licence": "Made up by code for the benchmark; never published",
    "citation": "Source: SYNTHETIC benchmark data, not OpenRouter's",
}


def lab_table() -> list[dict]:
    with open(ROOT / "data" / "labs.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def real_labs() -> list[str]:
    """The author slugs of the labs the site built from data/ has a page for."""
    from macros.pages import labs as labpages
    from macros.data.catalog import Catalog

    return sorted(labpages.pages(Catalog(ROOT / "data", cache=False)))


def synthetic_labs(count: int) -> list[dict]:
    """`count` made-up labs, spread over the three country groups. Their basis is not `policy`
    (the rows that are not labs: other, stealth), so each is a lab that gets a page of its own."""
    groups = [("US", "US"), ("CN", "CN"), ("FR", "OTHER")]
    out = []
    for i in range(1, count + 1):
        country, group = groups[i % 3]
        out.append({"author_slug": f"synthetic-lab-{i:03d}", "lab": f"Synthetic lab {i:03d}", "country": country,
                    "country_group": group, "basis": "general-knowledge", "notes": SYNTHETIC_NOTE, "source": "lab-country-table"})
    return out


def daily_rows(days: int, models_per_day: int, authors: list[str], rotating: list[str], seed: int = 7) -> list[list[str]]:
    """The rows of a synthetic openrouter_daily, sorted by date then permaslug (as the importer sorts them).

    Each day: the top `models_per_day - 1` of a pool of models by that day's
    tokens, plus one slot a day per 8 models for a model of a `rotating` lab
    (so every such lab reaches some days' top), plus `other`, the rest.
    """
    rng = np.random.default_rng(seed)
    ranked = models_per_day - 1
    slots = min(len(rotating), ranked // 8) if rotating else 0
    core = ranked - slots
    pool = int(core * 1.3) + 1
    weights = np.array([BIG_LABS.get(a, 0.4) for a in authors])
    owners = rng.choice(len(authors), size=pool, p=weights / weights.sum())
    base = rng.pareto(1.2, size=pool) + 1.0
    names = [f"{authors[o]}/synthetic-model-{k:05d}-20250101" + (":free" if k % 9 == 4 else "") for k, o in enumerate(owners)]
    extra = [f"{lab}/synthetic-model-r{k:04d}-20250101" for k, lab in enumerate(rotating)]
    start = END - timedelta(days=days - 1)
    rows: list[list[str]] = []
    for d in range(days):
        day = (start + timedelta(days=d)).isoformat()
        tokens = base * 2e9 * (1 + 0.3 * np.sin(d / 9 + np.arange(pool))) * rng.lognormal(0, 0.25, size=pool)
        order = np.argsort(-tokens, kind="stable")
        picked = {names[i]: int(tokens[i]) for i in order[:core]}
        for j in range(slots):
            picked[extra[(d * slots + j) % len(extra)]] = int(2e8 + 1e6 * j)
        picked["other"] = int(tokens[order[core:]].sum()) + 5 * 10**11
        for slug in sorted(picked):
            author = norm.author_slug(slug)
            free = "true" if slug.endswith(":free") else "false"
            rows.append([day, slug, author, "", "", free, str(picked[slug]), AS_OF, SOURCE])
    return rows


def daily_sidecar() -> bytes:
    template = dict(sidecars.DAILY)
    template["title"] = "Daily tokens by model (SYNTHETIC, for the benchmark)"
    template["description"] = SYNTHETIC_NOTE + " Shaped like the rows imported from OpenRouter's rankings-daily endpoint."
    template["sources"] = [SOURCE]
    return sidecars.render(template, AS_OF)


def write_parquet(rows: list[list[str]], path: Path) -> None:
    """The rows as the importer writes them with --format parquet."""
    from macros.data import parquet

    types = {c["name"]: c["type"] for c in sidecars.DAILY["columns"]}
    path.write_bytes(parquet.write([(c, types[c]) for c in norm.DAILY_COLUMNS], rows))


def make(out: Path, days: int = 90, models_per_day: int = 51, lab_factor: int = 1, parquet: bool = False) -> dict:
    """Write a synthetic data directory to `out` (replaced); returns what it holds."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "data", out, ignore=shutil.ignore_patterns("raw", "openrouter_*"))
    sources = yaml.safe_load((out / "sources.yml").read_text(encoding="utf-8"))
    sources[SOURCE] = SOURCE_ENTRY
    (out / "sources.yml").write_text(
        "# A copy of data/sources.yml plus the SYNTHETIC benchmark's source (scripts/synthetic_data.py).\n"
        + yaml.safe_dump(sources, sort_keys=False, allow_unicode=True), encoding="utf-8")
    labs, authors = lab_table(), real_labs()
    extra = synthetic_labs(len(authors) * (lab_factor - 1)) if lab_factor > 1 else []
    if extra:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(labs[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(labs + extra)
        (out / "labs.csv").write_text(buffer.getvalue(), encoding="utf-8")
        meta = (out / "labs.meta.yml").read_text(encoding="utf-8")
        (out / "labs.meta.yml").write_text(f"# {SYNTHETIC_NOTE} (labs synthetic-lab-NNN added)\n" + meta, encoding="utf-8")
    # Every lab, real or synthetic, rotates through the daily top, so each has rows at every
    # scale and every scale builds the same lab pages (a lab with no rows gets none).
    rows = daily_rows(days, models_per_day, authors, authors + [lab["author_slug"] for lab in extra])
    if parquet:
        write_parquet(rows, out / "openrouter_daily.parquet")
    else:
        (out / "openrouter_daily.csv").write_bytes(norm.to_csv(norm.DAILY_COLUMNS, rows))
    (out / "openrouter_daily.meta.yml").write_bytes(daily_sidecar())
    return {"rows": len(rows), "days": days, "models_per_day": models_per_day, "labs": len(labs) + len(extra)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the data directory to write (replaced); never data/")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--models-per-day", type=int, default=51, help="rows a day, the `other` row included")
    parser.add_argument("--lab-factor", type=int, default=1, help="list this many times the real labs (synthetic ones added)")
    parser.add_argument("--parquet", action="store_true", help="write openrouter_daily.parquet instead of .csv")
    args = parser.parse_args(argv)
    if args.out.resolve() == (ROOT / "data").resolve():
        parser.error("refusing to write synthetic data into data/")
    print(make(args.out, args.days, args.models_per_day, args.lab_factor, args.parquet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
