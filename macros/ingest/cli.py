"""`python -m macros.ingest fetch | import FILE... | rebuild` (make fetch / import / rebuild-data).

Exit status 0 when data/ is up to date, 1 when the command failed (data/ is
then exactly as it was), 2 for a usage mistake. Messages never carry the key.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from macros.core import options
from macros.ingest.client import BASE_URL, Client, FetchError
from macros.ingest.fetch import FetchFailed, run
from macros.ingest.pipeline import FORMATS, ImportFailed, Result, as_raw, import_raw, rebuild
from macros.ingest.shapes import ShapeError, as_of_text, kind_of, read_json
from macros.ingest.store import StoreError, unstamp

KEY_VAR = "OPENROUTER_API_KEY"
BASE_VAR = "OPENROUTER_BASE_URL"  # for tests that play the API on localhost
FAILURES = (FetchError, FetchFailed, ImportFailed, ShapeError, StoreError, OSError)


def as_of_from_name(path: Path) -> str | None:
    """A models file's as_of from its name: 20260819T081500Z exactly, or 2026-08-19 (midnight UTC)."""
    stamp = re.search(r"\d{8}T\d{6}Z", path.name)
    if stamp:
        return unstamp(stamp.group(0))
    days = re.findall(r"\d{4}-\d{2}-\d{2}", path.name)
    return f"{days[-1]}T00:00:00Z" if days else None


def read_file(path: Path, as_of: str | None):
    """A saved response as the raw file it will be kept as."""
    data = path.read_bytes()
    name = str(path)
    kind = kind_of(read_json(data, name), name)
    if kind == "models":
        as_of = as_of or as_of_from_name(path)
        if as_of is None:
            raise ShapeError(f"{name}: a models list carries no date and its name has none: give it with AS_OF=2026-08-19T00:00:00Z (--as-of)")
    return as_raw(kind, data, name, as_of=as_of)


def cmd_import(data_dir: Path, files: list[Path], as_of: str | None, daily: str | None = None) -> Result:
    if as_of is not None:
        as_of = as_of_text(as_of, "--as-of")
    return import_raw(data_dir, [read_file(p, as_of) for p in files], daily)


def cmd_fetch(data_dir: Path) -> Result:
    key = os.environ.get(KEY_VAR, "").strip()
    if not key:
        raise FetchError(f"{KEY_VAR} is not set: put your OpenRouter API key in the environment (see README, 'Refreshing the data')")
    client = Client(key, os.environ.get(BASE_VAR) or BASE_URL)
    now = datetime.now(timezone.utc)
    return run(data_dir, client, now.date(), now.strftime("%Y-%m-%dT%H:%M:%SZ"))


def report(result: Result, data_dir: Path | None = None) -> None:
    print(f"data OK: {result.summary()}")
    for path in result.written:
        gone = data_dir is not None and not (Path(data_dir) / path).exists()
        print(f"  {'removed' if gone else 'wrote'} {path}")
    for note in result.notes:
        print(f"note: {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.ingest", description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: data/ or $TOKENSHARE_DATA)")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="file format of the daily rows (default: the one data/ has, else csv); parquet suits years of days")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help=f"fetch new days and the models from the API (needs {KEY_VAR})")
    imp = sub.add_parser("import", help="import responses saved on disk")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--as-of", default=None, help="when a models file was read (ISO 8601), if its name has no date")
    sub.add_parser("rebuild", help="rebuild the derived datasets from data/raw alone")
    args = parser.parse_args(argv)
    # the importer's options: TOKENSHARE_DATA (unless --data is given) and TOKENSHARE_CACHE
    chosen = {"data_dir": args.data} if args.data else {}
    args.data = options.activate(options.from_environment(os.environ, **chosen)).data_dir
    try:
        if args.command == "fetch":
            result = cmd_fetch(args.data)
        elif args.command == "import":
            result = cmd_import(args.data, args.files, args.as_of, args.format)
        else:
            result = rebuild(args.data, args.format)
    except FAILURES as exc:
        print(f"error: {exc}", file=sys.stderr)
        if not isinstance(exc, (FetchFailed, ImportFailed)):
            print("data/ was left as it was.", file=sys.stderr)
        return 1
    report(result, args.data)
    return 0
