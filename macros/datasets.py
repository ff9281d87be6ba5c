"""The datasets of a data directory: discovered by file name, read once, validated.

`data/x.csv` (or `x.parquet`) with `data/x.meta.yml` is dataset `x`. A
`Catalog` reads each file at most once per content: tables are cached on the
file's bytes (CSV) or size and modification time (Parquet), so `mkdocs serve`
rebuilds re-read only what changed and never serve a stale frame.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .errors import unknown
from .ingest.checks import DAILY, unmapped_problems
from .paths import DATA_DIR, display_path
from .schema import DatasetMeta, SchemaError, Source, load_meta, load_sources
from .validate import UNCHECKED, DataError, Problem, Table, check_relations, read_table

SOURCES_FILE = "sources.yml"
SUFFIXES = (".csv", ".parquet")

# path -> (fingerprint, Table). Shared across builds of one process (mkdocs serve).
_TABLES: dict[Path, tuple[str, Table]] = {}


def _fingerprint(path: Path, meta: DatasetMeta) -> tuple[str, bytes | None]:
    meta_stat = meta.path.stat()
    meta_part = f"{meta_stat.st_mtime_ns}:{meta_stat.st_size}"
    if path.suffix == ".parquet":
        stat = path.stat()
        return f"{stat.st_mtime_ns}:{stat.st_size}:{meta_part}", None
    raw = path.read_bytes()
    return hashlib.sha1(raw).hexdigest() + ":" + meta_part, raw


class Catalog:
    """Every dataset of one data directory, as of one build."""

    def __init__(self, data_dir: Path | None = None):
        self.data_dir = Path(data_dir or DATA_DIR)
        self.sources: dict[str, Source] = load_sources(self.data_dir / SOURCES_FILE)
        self.metas: dict[str, DatasetMeta] = {}
        self.files: dict[str, Path] = {}
        self._problems: list[Problem] = []
        for meta_path in sorted(self.data_dir.glob("*.meta.yml")):
            meta = load_meta(meta_path)
            self.metas[meta.name] = meta
            found = [self.data_dir / f"{meta.name}{s}" for s in SUFFIXES if (self.data_dir / f"{meta.name}{s}").exists()]
            if len(found) != 1:
                self._problems.append(Problem(
                    display_path(meta_path), None, None, None,
                    f"exactly one data file {meta.name}.csv or {meta.name}.parquet beside it (found {len(found)})",
                ))
                continue
            self.files[meta.name] = found[0]
        for data_path in sorted(p for s in SUFFIXES for p in self.data_dir.glob(f"*{s}")):
            if data_path.stem not in self.metas:
                self._problems.append(Problem(
                    display_path(data_path), None, None, None, f"a sidecar {data_path.stem}.meta.yml describing it",
                ))
        self._tables: dict[str, Table] = {}

    # --- reading ---------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return sorted(self.files)

    def meta(self, name: str) -> DatasetMeta:
        if name not in self.metas:
            raise unknown("dataset", name, self.metas, argument="dataset")
        return self.metas[name]

    def has(self, name: str) -> bool:
        return name in self.files

    def table(self, name: str) -> Table:
        if name not in self._tables:
            meta = self.meta(name)
            if name not in self.files:
                raise unknown("dataset", name, self.files, argument="dataset")
            path = self.files[name]
            fingerprint, raw = _fingerprint(path, meta)
            cached = _TABLES.get(path)
            if cached and cached[0] == fingerprint:
                table = cached[1]
            else:
                table = read_table(path, meta, display_path(path))
                _TABLES[path] = (fingerprint, table)
            self._tables[name] = table
        return self._tables[name]

    def frame(self, name: str) -> pd.DataFrame:
        """The typed rows of a dataset (shared: treat as read-only)."""
        return self.table(name).frame

    # --- validation --------------------------------------------------------------------

    def _values(self, dataset: str, column: str) -> set | None:
        if dataset not in self.files:
            return None
        if _rows_lost(self.table(dataset)):
            return UNCHECKED
        frame = self.frame(dataset)
        return set(frame[column].dropna()) if column in frame.columns else None

    def problems(self) -> list[Problem]:
        """Every problem of every dataset, in file order."""
        problems = list(self._problems)
        for name in self.names:
            table = self.table(name)
            problems.extend(table.problems)
            problems.extend(check_relations(table, display_path(self.files[name]), self.sources, self._values))
        problems.extend(self._unmapped_authors())
        return problems

    def _unmapped_authors(self) -> list[Problem]:
        """Imported rows whose authors the lab table lacks, over 1 % of a week (see ingest/checks.py)."""
        if not (self.has(DAILY) and self.has("labs")) or _rows_lost(self.table("labs")):
            return []
        daily = self.table(DAILY)
        known = set(self.frame("labs")["author_slug"])
        return unmapped_problems(daily.frame, known, display_path(self.files[DAILY]), daily.line_of)

    def require_valid(self) -> "Catalog":
        problems = self.problems()
        if problems:
            raise DataError(problems)
        return self


def _rows_lost(table: Table) -> bool:
    """Whether rows of a table could not be read (wrong encoding, header or shape),
    so references to it cannot be checked yet."""
    return not table.whole


def open_catalog(data_dir: Path | None = None) -> Catalog:
    """A validated catalog; raises DataError (all problems) or SchemaError."""
    return Catalog(data_dir).require_valid()


__all__ = ["Catalog", "DataError", "SchemaError", "open_catalog"]
