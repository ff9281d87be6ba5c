"""Importing = add raw responses, rebuild the derived datasets from all raw, validate, move into place.

Because the derived files are always rebuilt from every raw response kept,
`rebuild` (raw only) and `import_raw` (raw plus new) give the same bytes for
the same responses, and importing what is already there changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from macros.data import parquet
from macros.data.problems import Problem
from macros.ingest import normalise as norm
from macros.ingest import sidecars
from macros.ingest.shapes import Models, Rankings, ShapeError, parse_models, parse_rankings
from macros.ingest.store import RawFile, StoreError, commit, models_rel, rankings_rel, read_raw, validate_staged

DAILY_CSV, DAILY_META = "openrouter_daily.csv", "openrouter_daily.meta.yml"
DAILY_PARQUET = "openrouter_daily.parquet"
FORMATS = ("csv", "parquet")
MODELS_CSV, MODELS_META = "openrouter_models.csv", "openrouter_models.meta.yml"


class ImportFailed(ValueError):
    """The data would not validate after the import; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the imported data would not validate, so data/ was left as it was; {len(problems)} problem(s):\n{lines}")


@dataclass
class Result:
    written: list[str]  # files of data/ that changed
    daily_rows: int = 0
    days: tuple[str, str] | None = None
    daily_as_of: str | None = None
    models: int = 0  # distinct model ids
    snapshots: int = 0  # catalogue snapshots (one row per model in each)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        if self.days:
            parts.append(f"{self.daily_rows} daily rows, {self.days[0]} to {self.days[1]}, as of {self.daily_as_of}")
        if self.models:
            parts.append(f"{self.models} models in {self.snapshots} catalogue snapshot(s)")
        changed = f"{len(self.written)} file(s) written" if self.written else "nothing changed (already imported)"
        return "; ".join(parts + [changed])


# --- parsing raw files ----------------------------------------------------------------------------


def parse(raw: RawFile, name: str | None = None) -> Rankings | Models:
    name = name or raw.rel
    if raw.kind == "models":
        return parse_models(raw.data, name, raw.as_of)
    return parse_rankings(raw.data, name)


def as_raw(kind: str, data: bytes, name: str, as_of: str | None = None) -> RawFile:
    """A response received (or read from a file) as the raw file it will be kept as."""
    if kind == "models":
        if as_of is None:
            raise ShapeError(f"{name}: a models list carries no date: give its as_of")
        models = parse_models(data, name, as_of)
        return RawFile("models", models_rel(models.as_of), data, models.as_of)
    rankings = parse_rankings(data, name)
    return RawFile("rankings", rankings_rel(rankings.start, rankings.end, rankings.as_of), data, rankings.as_of)


# --- deriving -------------------------------------------------------------------------------------


def daily_format(data_dir: Path) -> str:
    """The format data/ keeps the daily rows in: Parquet if openrouter_daily.parquet is there, else CSV."""
    return "parquet" if (Path(data_dir) / DAILY_PARQUET).exists() else "csv"


def derive(raws: list[RawFile], daily: str = "csv") -> tuple[dict[str, bytes | None], Result]:
    """The derived files of data/ from raw responses alone (None: a file that must go).

    `daily` is the format of the daily rows: "csv", or "parquet" for the same cells typed by
    the sidecar (the file of the other format is removed, so data/ holds exactly one).
    """
    parsed = [parse(r) for r in raws]
    rankings = [p for p in parsed if isinstance(p, Rankings)]
    snapshots = [p for p in parsed if isinstance(p, Models)]
    files: dict[str, bytes] = {}
    result = Result(written=[])
    if rankings:
        rows = norm.daily_rows(rankings, snapshots)
        as_of = norm.latest_as_of(rows, norm.DAILY_COLUMNS.index("as_of"))
        if daily == "parquet":
            types = {c["name"]: c["type"] for c in sidecars.DAILY["columns"]}
            files[DAILY_PARQUET] = parquet.write([(c, types[c]) for c in norm.DAILY_COLUMNS], rows)
            files[DAILY_CSV] = None
        else:
            files[DAILY_CSV] = norm.to_csv(norm.DAILY_COLUMNS, rows)
            files[DAILY_PARQUET] = None
        files[DAILY_META] = sidecars.render(sidecars.DAILY, as_of)
        result.daily_rows, result.days, result.daily_as_of = len(rows), (rows[0][0], rows[-1][0]), as_of
    if snapshots:
        rows = norm.model_rows(snapshots)
        files[MODELS_CSV] = norm.to_csv(norm.MODELS_COLUMNS, rows)
        files[MODELS_META] = sidecars.render(sidecars.MODELS, norm.latest_as_of(rows, norm.MODELS_COLUMNS.index("as_of")))
        result.models = len({r[0] for r in rows})
        result.snapshots = len({r[norm.MODELS_COLUMNS.index("as_of")] for r in rows})
    return files, result


def _apply(data_dir: Path, new: list[RawFile], daily: str | None = None) -> Result:
    kept = read_raw(data_dir)
    by_rel = {r.rel: r for r in kept}
    known = {r.data for r in kept}
    # a body already kept (e.g. an unchanged catalogue read again later) adds nothing
    new = [r for r in new if r.data not in known or r.rel in by_rel]
    for raw in new:
        old = by_rel.get(raw.rel)
        if old is not None and old.data != raw.data:
            raise StoreError(
                f"{raw.rel} is already kept with other bytes (same window and as_of, different content); "
                "refusing to overwrite a raw response"
            )
        by_rel[raw.rel] = raw
    derived, result = derive(sorted(by_rel.values(), key=lambda r: r.rel), daily or daily_format(data_dir))
    problems, notes = validate_staged(data_dir, derived)
    if problems:
        raise ImportFailed(problems)
    result.written = commit(data_dir, {**{r.rel: r.data for r in new}, **derived})
    result.notes = notes
    return result


def import_raw(data_dir: Path, new: list[RawFile], daily: str | None = None) -> Result:
    """Keep `new` raw responses and rebuild everything; data/ is untouched on any failure.

    `daily`: "csv" or "parquet" for the daily rows (default: the format data/ has them in)."""
    return _apply(Path(data_dir), new, daily)


def rebuild(data_dir: Path, daily: str | None = None) -> Result:
    """Rebuild the derived datasets from data/raw alone."""
    if not read_raw(Path(data_dir)):
        raise StoreError(f"nothing to rebuild: {Path(data_dir) / 'raw'} holds no raw responses")
    return _apply(Path(data_dir), [], daily)
