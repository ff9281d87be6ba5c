"""Where imported things live in data/, and writing them without ever half-writing.

- Raw responses, byte for byte as received, with their as_of in the name:
  `raw/rankings-daily/<start>_<end>__<as_of>.json` and `raw/models/<as_of>.json`
  (as_of written 20260822T000000Z). The catalog only reads top-level files,
  so data/raw/ is invisible to the site.
- `commit` writes a set of files: each to a temporary file beside its target,
  then moved into place; if anything fails, what was moved is put back.
- `validate_staged` checks derived files in a scratch copy of data/ before
  anything in data/ is touched.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from macros.data.catalog import Catalog
from macros.core.paths import display_path
from macros.data.yamlread import SchemaError
from macros.data.problems import Problem
from macros.data.authors import DAILY, unmapped_notes

RANKINGS_DIR = "raw/rankings-daily"
MODELS_DIR = "raw/models"
_STAMP = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_RANKINGS_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})__(\d{8}T\d{6}Z)\.json")
_MODELS_NAME = re.compile(r"(\d{8}T\d{6}Z)\.json")
TOP_LEVEL = ("*.csv", "*.parquet", "*.meta.yml", "sources.yml")


class StoreError(ValueError):
    """data/raw holds something unexpected, or a write would lose data."""


@dataclass(frozen=True)
class RawFile:
    kind: str  # "rankings" or "models"
    rel: str  # path under the data directory
    data: bytes
    as_of: str  # ISO 8601 UTC, 2026-08-22T00:00:00Z


def stamp(as_of: str) -> str:
    """'2026-08-22T00:00:00Z' -> '20260822T000000Z' (no colons in file names)."""
    return re.sub(r"[-:]", "", as_of)


def unstamp(text: str) -> str:
    y, mo, d, h, mi, s = _STAMP.fullmatch(text).groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}Z"


def rankings_rel(start, end, as_of: str) -> str:
    return f"{RANKINGS_DIR}/{start}_{end}__{stamp(as_of)}.json"


def models_rel(as_of: str) -> str:
    return f"{MODELS_DIR}/{stamp(as_of)}.json"


def read_raw(data_dir: Path) -> list[RawFile]:
    """Every raw response kept in data/raw, in name order."""
    out = []
    for kind, sub, pattern, group in (("rankings", RANKINGS_DIR, _RANKINGS_NAME, 3), ("models", MODELS_DIR, _MODELS_NAME, 1)):
        folder = Path(data_dir) / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue  # a temporary file of an interrupted write
            match = pattern.fullmatch(path.name)
            if not match or not path.is_file():
                raise StoreError(
                    f"{display_path(path)}: unexpected file in {sub}/; expected names such as "
                    + ("2026-05-24_2026-08-21__20260822T000000Z.json" if kind == "rankings" else "20260819T000000Z.json")
                )
            out.append(RawFile(kind, f"{sub}/{path.name}", path.read_bytes(), unstamp(match.group(group))))
    return out


# --- writing --------------------------------------------------------------------------------------


def changed(data_dir: Path, files: dict[str, bytes | None]) -> dict[str, bytes | None]:
    """The files whose bytes differ from what is on disk (importing twice changes nothing).

    None means the file must not exist (a dataset moved from CSV to Parquet, or back).
    """
    out = {}
    for rel, data in files.items():
        target = Path(data_dir) / rel
        if data is None:
            if target.exists():
                out[rel] = None
        elif not (target.is_file() and target.read_bytes() == data):
            out[rel] = data
    return out


def commit(data_dir: Path, files: dict[str, bytes | None]) -> list[str]:
    """Write `files` (path under data_dir -> bytes, or None to remove it): all of them or, on failure, none."""
    data_dir = Path(data_dir)
    todo = changed(data_dir, files)
    made_dirs: list[Path] = []
    staged: list[tuple[Path | None, Path]] = []
    before: dict[Path, bytes | None] = {}
    try:
        for rel, data in sorted(todo.items()):
            target = data_dir / rel
            if data is None:
                staged.append((None, target))
                continue
            made_dirs += _make_dirs(target.parent, data_dir)
            staged.append((_temp_copy(target, data), target))
        for tmp, target in staged:
            before[target] = target.read_bytes() if target.exists() else None
            if tmp is None:
                target.unlink()
            else:
                os.replace(tmp, target)
    except BaseException:
        _undo(staged, before, made_dirs)
        raise
    return sorted(todo)


def _temp_copy(target: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(name, target.stat().st_mode & 0o777 if target.exists() else 0o644)
    return Path(name)


def _make_dirs(folder: Path, root: Path) -> list[Path]:
    """Create `folder` and its missing parents below `root`; return those created, outermost first."""
    missing = []
    while folder != root and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _undo(staged, before, made_dirs) -> None:
    for target, data in before.items():
        if data is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(data)
    for tmp, _ in staged:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    for folder in reversed(made_dirs):
        shutil.rmtree(folder, ignore_errors=True)


# --- validating before writing ----------------------------------------------------------------


def validate_staged(data_dir: Path, derived: dict[str, bytes | None]) -> tuple[list[Problem], list[str]]:
    """Problems and unmapped-author notes of data/ as it would be with `derived` in place.

    Runs every check of `make validate` on a scratch copy of data/'s top-level
    files; messages name the files of data/, not the scratch copy.
    """
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="tokenshare-import-") as scratch:
        for pattern in TOP_LEVEL:
            for path in data_dir.glob(pattern):
                shutil.copyfile(path, Path(scratch) / path.name)
        for rel, data in derived.items():
            if data is None:
                (Path(scratch) / rel).unlink(missing_ok=True)
            else:
                (Path(scratch) / rel).write_bytes(data)
        try:
            catalog = Catalog(Path(scratch), cache=False)  # a scratch copy: nothing of it kept on disk
            problems = catalog.problems()
        except SchemaError as exc:
            problems = [Problem(str(exc), None, None, None, "a readable sidecar")]
            catalog = None
        problems = [_relocate(p, Path(scratch), data_dir) for p in problems]
        notes = []
        if catalog is not None and not problems and catalog.has(DAILY) and catalog.has("labs"):
            notes = unmapped_notes(catalog.frame(DAILY), set(catalog.frame("labs")["author_slug"]))
    return problems, notes


def _relocate(problem: Problem, scratch: Path, data_dir: Path) -> Problem:
    for prefix in (str(scratch.resolve()), str(scratch)):
        if problem.file.startswith(prefix):
            rest = problem.file[len(prefix):].lstrip("/")
            return dataclasses.replace(problem, file=display_path(data_dir / rest))
    return problem
