"""The datasets of a data directory: discovered by file name, read once, validated.

`data/x.csv` (or `x.parquet`) with `data/x.meta.yml` is dataset `x`. Each
dataset has a fingerprint: the SHA-256 of its file's bytes and its sidecar's.
Everything read from a dataset is cached on that fingerprint, so `mkdocs
serve` rebuilds and second builds re-read only what changed and never serve
a stale frame:

- the typed table, in this process and on disk (`.cache/data/table`, one
  entry per file, replaced when its content changes);
- each dataset's validation problems (and row count), keyed on its own
  fingerprint, those of the datasets it references and that of sources.yml;
- derived tables (see `core/cache.py`), for which the catalog records which
  datasets a computation read (`track`).

So a build whose data are unchanged validates nothing and reads no table
that no changed result needs.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from macros.core import cache
from macros.core import memo
from macros.core import options
from macros.core import timing
from macros.core.errors import unknown
from macros.data.authors import DAILY, unmapped_problems
from macros.core.paths import display_path
from macros.data.sidecar import DatasetMeta, load_meta
from macros.data.sources import Source, load_sources
from macros.data.yamlread import SchemaError
from macros.data.checks import UNCHECKED, check_relations
from macros.data.problems import DataError, Problem
from macros.data.reader import Table, read_table

SOURCES_FILE = "sources.yml"
SUFFIXES = (".csv", ".parquet")

# path -> (fingerprint, Table). Shared across builds of one process (mkdocs serve).
_TABLES: dict[Path, tuple[str, Table]] = memo.table("dataset tables")
# problems key -> (problems, rows)
_PROBLEMS: dict[str, tuple[list[Problem], int | None]] = memo.table("dataset problems")


def file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class Catalog:
    """Every dataset of one data directory, as of one build.

    `cache=False` keeps nothing on disk (a scratch copy of data/ checked before an import).
    Without `data_dir`, the data directory of the active build options (core/options.py).
    """

    def __init__(self, data_dir: Path | None = None, *, cache: bool = True):
        self.data_dir = Path(data_dir or options.active().data_dir)
        self.disk_cache = cache
        sources_path = self.data_dir / SOURCES_FILE
        malformed: list[str] = []  # every sidecar's problems (and sources.yml's), reported together
        try:
            self.sources: dict[str, Source] = load_sources(sources_path)
        except SchemaError as exc:
            malformed += exc.problems
        self._sources_fp = file_digest(sources_path) if sources_path.is_file() else None
        self.metas: dict[str, DatasetMeta] = {}
        self.files: dict[str, Path] = {}
        self._problems: list[Problem] = []
        for meta_path in sorted(self.data_dir.glob("*.meta.yml")):
            try:
                meta = load_meta(meta_path)
            except SchemaError as exc:
                malformed += exc.problems
                continue
            self.metas[meta.name] = meta
            found = [self.data_dir / f"{meta.name}{s}" for s in SUFFIXES if (self.data_dir / f"{meta.name}{s}").exists()]
            if len(found) != 1:
                self._problems.append(Problem(
                    display_path(meta_path), None, None, None,
                    f"exactly one data file {meta.name}.csv or {meta.name}.parquet beside it (found {len(found)})",
                ))
                continue
            self.files[meta.name] = found[0]
        if malformed:  # the data cannot be read as described until its descriptions are right
            raise SchemaError(*sorted(malformed, key=_file_and_line))
        for data_path in sorted(p for s in SUFFIXES for p in self.data_dir.glob(f"*{s}")):
            if data_path.stem not in self.metas:
                self._problems.append(Problem(
                    display_path(data_path), None, None, None, f"a sidecar {data_path.stem}.meta.yml describing it",
                ))
        self._tables: dict[str, Table] = {}
        self._fingerprints: dict[str, str] = {}
        self._rows: dict[str, int] = {}
        self._recorders: list[dict] = []

    # --- content and dependencies --------------------------------------------------------

    def fingerprint(self, name: str) -> str | None:
        """The content of a dataset (file and sidecar), or None when it has no data file."""
        if name not in self.files:
            return None
        if name not in self._fingerprints:
            with timing.stage("load"):
                path, meta_path = self.files[name], self.metas[name].path
                self._fingerprints[name] = cache.digest(path.suffix, file_digest(path), file_digest(meta_path))
        return self._fingerprints[name]

    def fingerprints(self, names: list[str] | None = None) -> list[tuple[str, str | None]]:
        """(name, fingerprint) of the given datasets, default every one: a key for what is made from them."""
        return [(name, self.fingerprint(name)) for name in (self.names if names is None else names)]

    @property
    def sources_fingerprint(self) -> str | None:
        """The content of sources.yml (citations, licences)."""
        return self._sources_fp

    def _read(self, name: str) -> None:
        if self._recorders:
            fingerprint = self.fingerprint(name)
            for deps in self._recorders:
                deps[name] = fingerprint

    @contextmanager
    def track(self):
        """Record every dataset read inside the block: yields {name: fingerprint}."""
        deps: dict[str, str | None] = {}
        self._recorders.append(deps)
        try:
            yield deps
        finally:
            # by identity, not equality: two recorders may hold the same reads
            self._recorders[:] = [r for r in self._recorders if r is not deps]

    def note_reads(self, deps: dict) -> None:
        """Count `deps` (of a cached result) as read by every computation being tracked."""
        for recorder in self._recorders:
            recorder.update(deps)

    def unchanged(self, deps: dict) -> bool:
        return all(self.fingerprint(name) == fingerprint for name, fingerprint in deps.items())

    # --- reading ---------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return sorted(self.files)

    def meta(self, name: str) -> DatasetMeta:
        if name not in self.metas:
            raise unknown("dataset", name, self.metas, argument="dataset")
        self._read(name)
        return self.metas[name]

    def has(self, name: str) -> bool:
        self._read(name)
        return name in self.files

    def table(self, name: str) -> Table:
        self._read(name)
        if name not in self._tables:
            meta = self.meta(name)
            if name not in self.files:
                raise unknown("dataset", name, self.files, argument="dataset")
            self._tables[name] = self._load(name, meta)
        return self._tables[name]

    def _load(self, name: str, meta: DatasetMeta) -> Table:
        path = self.files[name]
        fingerprint = self.fingerprint(name)
        cached = _TABLES.get(path)
        if cached and cached[0] == fingerprint:
            timing.count("table:memory")
            return cached[1]
        key = cache.digest("table", str(path.resolve()))
        with timing.stage("load"):
            stored = cache.disk_load("table", key) if self.disk_cache else None
        if stored is not None and stored[0] == fingerprint:
            timing.count("table:disk")
            table = stored[1]
        else:
            timing.count("table:read")
            with timing.stage("load"):
                table = read_table(path, meta, display_path(path))
                if self.disk_cache:
                    cache.disk_store("table", key, (fingerprint, table))
        _TABLES[path] = (fingerprint, table)
        return table

    def frame(self, name: str) -> pd.DataFrame:
        """The typed rows of a dataset (shared: treat as read-only)."""
        return self.table(name).frame

    def rows(self, name: str) -> int:
        """How many rows a dataset has (known without reading it once it has been validated)."""
        self._read(name)
        if name not in self._rows:
            self._rows[name] = len(self.frame(name))
        return self._rows[name]

    # --- validation --------------------------------------------------------------------

    def _values(self, dataset: str, column: str) -> set | None:
        if dataset not in self.files:
            return None
        if _rows_lost(self.table(dataset)):
            return UNCHECKED
        frame = self.frame(dataset)
        return set(frame[column].dropna()) if column in frame.columns else None

    def _cached_problems(self, key: str, check) -> tuple[list[Problem], int | None]:
        hit = _PROBLEMS.get(key)
        if hit is None and self.disk_cache:
            hit = cache.disk_load("problems", key)
        if hit is None:
            with timing.stage("validate"):
                hit = check()
            if self.disk_cache:
                cache.disk_store("problems", key, hit)
            timing.count("problems:checked")
        else:
            timing.count("problems:cached")
        _PROBLEMS[key] = hit
        return hit

    def _dataset_problems(self, name: str) -> list[Problem]:
        meta = self.metas[name]
        display = display_path(self.files[name])
        refs = sorted({c.references[0] for c in meta.columns if c.references})
        key = cache.digest("problems", display, self.fingerprint(name), [(r, self.fingerprint(r)) for r in refs], self._sources_fp)

        def check():
            table = self.table(name)
            found = list(table.problems) + check_relations(table, display, self.sources, self._values)
            return found, len(table.frame)

        problems, rows = self._cached_problems(key, check)
        self._rows[name] = rows
        return problems

    def problems(self) -> list[Problem]:
        """Every problem of every dataset, in file and line order (a file's own problems first)."""
        problems = list(self._problems)
        for name in self.names:
            problems.extend(self._dataset_problems(name))
        problems.extend(self._unmapped_authors())
        return sorted(problems, key=lambda p: (p.file, p.line or 0))

    def _unmapped_authors(self) -> list[Problem]:
        """Imported rows whose authors the lab table lacks, over 1 % of a week (see ingest/checks.py)."""
        if not (self.has(DAILY) and self.has("labs")) or _rows_lost(self.table("labs")):
            return []
        display = display_path(self.files[DAILY])
        key = cache.digest("unmapped", display, self.fingerprint(DAILY), self.fingerprint("labs"))

        def check():
            daily = self.table(DAILY)
            known = set(self.frame("labs")["author_slug"])
            return unmapped_problems(daily.frame, known, display, daily.line_of), None

        return self._cached_problems(key, check)[0]

    def require_valid(self) -> "Catalog":
        problems = self.problems()
        if problems:
            raise DataError(problems)
        return self


def _file_and_line(message: str) -> tuple[str, int]:
    """A message "data/x.meta.yml, line 12, field ...: ..." sorted by its file, then its line."""
    match = re.match(r"(?P<file>[^,:]+)(?:, line (?P<line>\d+))?", message)
    return (match["file"], int(match["line"] or 0)) if match else (message, 0)


def _rows_lost(table: Table) -> bool:
    """Whether rows of a table could not be read (wrong encoding, header or shape),
    so references to it cannot be checked yet."""
    return not table.whole


def open_catalog(data_dir: Path | None = None) -> Catalog:
    """A validated catalog; raises DataError (all problems) or SchemaError."""
    return Catalog(data_dir).require_valid()


__all__ = ["Catalog", "DataError", "SchemaError", "open_catalog"]
