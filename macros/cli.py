"""Command line: `python -m macros.cli validate [data_dir]`.

Prints every problem of every dataset (file, line, column, value, expected)
and exits 1 if there is any; exits 0 and says how much it checked otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from macros.core import options
from macros.data.catalog import Catalog
from macros.data.authors import DAILY, unmapped_notes
from macros.data.yamlread import SchemaError


def validate(data_dir: Path | None) -> int:
    """Check the data directory (default: that of the active options)."""
    try:
        catalog = Catalog(data_dir)
        problems = catalog.problems()
    except SchemaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if problems:
        print(f"{len(problems)} data problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    rows = sum(catalog.rows(n) for n in catalog.names)
    print(f"data OK: {len(catalog.names)} datasets, {rows} rows, {len(catalog.sources)} sources ({catalog.data_dir})")
    for note in _unmapped_notes(catalog):
        print(f"note: {note}")
    return 0


def _unmapped_notes(catalog: Catalog) -> list[str]:
    """Imported authors the lab table lacks, under the 1 % that would fail the data."""
    if not (catalog.has(DAILY) and catalog.has("labs")):
        return []
    return unmapped_notes(catalog.frame(DAILY), set(catalog.frame("labs")["author_slug"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check every dataset against its sidecar")
    check.add_argument("data_dir", nargs="?", type=Path, default=None)
    args = parser.parse_args(argv)
    # this command's options: TOKENSHARE_DATA (unless a directory is given) and TOKENSHARE_CACHE
    chosen = {"data_dir": args.data_dir} if args.data_dir else {}
    options.activate(options.from_environment(os.environ, **chosen))
    if args.command == "validate":
        return validate(args.data_dir)
    return 2


if __name__ == "__main__":
    sys.exit(main())
