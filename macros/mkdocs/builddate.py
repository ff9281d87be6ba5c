"""The date a build is dated by: the data's latest "as of", never the clock.

MkDocs dates the sitemap (`<lastmod>`, the gzip header of sitemap.xml.gz) with
the build date unless SOURCE_DATE_EPOCH is set. `source_date_epoch(data_dir)`
gives midnight UTC of the latest `as_of` among the sidecars of a data
directory, so two builds of the same commit are byte-identical and a page is
dated by its data. It reads the sidecars leniently: a broken one is the
validator's business, not this module's, and is skipped here.

`python -m macros.builddate [data_dir]` prints the value (for shells and CI).
"""

from __future__ import annotations

import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import yaml

from macros.core import memo
from macros.core import options
from macros.data.yamlread import safe_load

OURS = "TOKENSHARE_SOURCE_DATE_EPOCH"  # the SOURCE_DATE_EPOCH we set, told apart from one the caller set
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


_AS_OF: dict[str, str | None] = memo.table("sidecar as_of")  # sidecar text -> its as_of (every build reads them: mkdocs serve)


def as_of_dates(data_dir: Path | None = None) -> list[str]:
    """Every sidecar's `as_of` (as written) in a data directory, sorted."""
    out = []
    for path in sorted(Path(data_dir or options.active().data_dir).glob("*.meta.yml")):
        try:
            text = path.read_text(encoding="utf-8")
            if text not in _AS_OF:
                meta = safe_load(text) or {}
                value = meta.get("as_of") if isinstance(meta, dict) else None
                _AS_OF[text] = None if value is None else str(value)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if _AS_OF[text] is not None:
            out.append(_AS_OF[text])
    return sorted(out)


def epoch(as_of: str) -> int | None:
    """Midnight UTC of an "as of" ("2026-08-21", "2026-04", "2026-04-24T07:56:34Z")."""
    match = _DATE.match(as_of.strip())
    if not match:
        return None
    try:
        day = datetime(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1), tzinfo=timezone.utc)
    except ValueError:
        return None
    return int(day.timestamp())


def source_date_epoch(data_dir: Path | None = None) -> int | None:
    """Midnight UTC of the latest "as of" of the data, or None if no sidecar has one."""
    stamps = [e for e in (epoch(d) for d in as_of_dates(data_dir)) if e is not None]
    return max(stamps) if stamps else None


def date_by_data(data_dir: Path | None = None) -> None:
    """SOURCE_DATE_EPOCH from the data (read each build; default: the options' data), unless the caller set one."""
    if "SOURCE_DATE_EPOCH" in os.environ and os.environ.get(OURS) != os.environ["SOURCE_DATE_EPOCH"]:
        return
    stamp = source_date_epoch(data_dir)
    if stamp is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        os.environ.pop(OURS, None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = os.environ[OURS] = str(stamp)


if __name__ == "__main__":  # a command line: its data directory is the argument, else $TOKENSHARE_DATA's
    options.activate(options.from_environment(os.environ))
    value = source_date_epoch(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    if value is None:
        sys.exit("no as_of in any *.meta.yml")
    print(value)
