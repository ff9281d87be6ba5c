"""Keep in the cache directory what the last builds used, and nothing else.

Every entry a build reads or writes, in `data/` (derived results, tables,
figures, downloads) and in `render/` (pictures, sizes, the Vega bundle), is
noted (`core/cache.py`: `used`). A figure taken whole from the cache reads
none of what it was made from (its pictures, their sizes, its views), so
the entries used while a figure entry was made are noted with it
(`cache.scope`, in the manifest's "made_with") and kept while it is: a
later change to one chart redraws that chart only.

At the end of a successful `mkdocs build` (never after a `mkdocs serve`
rebuild, which may have made only part of the site), `prune(options)`:

1. writes the build's manifest, `used/<digest of the site and its data>.json`:
   its configuration file (mkdocs.yml), its data directory and every entry it
   used (replacing the previous manifest of that site and data);
2. deletes every entry of `data/` and `render/` that no manifest lists,
   counting only manifests whose configuration file and data directory still
   exist, and manifests of sites or data directories that are gone.

So the cache holds what the last build of each site from each data directory
used: an edit to the code or the data orphans entries, and the next build
removes them. One manifest per site and data directory keeps builds of other
data (the tests' fixture data, the benchmark's copies) and of other sites
from the same data (the tests' mini-sites, which build a few pages) from
deleting each other's entries.
A file changed after this build started is never deleted: another build
running meanwhile may have just written it (and one that reads an entry
deleted under it treats it as a miss).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from macros.core import cache
from macros.core.options import BuildOptions
from macros.core.paths import write_atomic

MANIFESTS = "used"
PRUNED = ("data", "render")


def manifest_path(cache_dir: Path, config_file: Path, data_dir: Path) -> Path:
    """The manifest of the site configured by `config_file` (its mkdocs.yml) built from `data_dir`."""
    digest = hashlib.sha256(f"{config_file}\n{data_dir}".encode("utf-8")).hexdigest()[:16]
    return cache_dir / MANIFESTS / f"{digest}.json"


def _alive(manifest: dict | None) -> bool:
    """Whether the site and the data a manifest was written for are still there (not a test's copy, gone).
    A manifest without a configuration file was written when manifests were per data directory: gone too."""
    if not manifest or not manifest.get("data_dir") or not manifest.get("config_file"):
        return False
    return Path(manifest["data_dir"]).is_dir() and Path(manifest["config_file"]).is_file()


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def used_entries(options: BuildOptions, config_file: Path, earlier: list[dict]) -> dict:
    """The manifest of this build: {"config_file", "data_dir", "entries", "made_with"} (entries relative
    to the cache). `earlier`: the manifests before it, this site's previous one first, which say what a
    result taken whole was made from (another site's build may have made it: a mini-site of the same data)."""
    used, made_with = cache.uses()
    before: dict[str, list] = {}
    for manifest in reversed(earlier):  # the first manifest that knows a result wins
        before.update(manifest.get("made_with", {}))
    carried = {}
    for rel in used:
        if rel.startswith(cache.CARRIERS):
            # made in this build: what it was made from now; taken whole: what it was made from then
            inputs = made_with[rel] if rel in made_with else set(before.get(rel, ()))
            if inputs:
                carried[rel] = sorted(inputs)
    entries = set(used) | {p for inputs in carried.values() for p in inputs}
    return {"config_file": str(config_file), "data_dir": str(options.data_dir), "entries": sorted(entries), "made_with": carried}


SLACK = 2.0  # s: a file's time comes from a coarser clock than time.time()


def prune(options: BuildOptions, started: float, config_file: Path) -> dict[str, int]:
    """Note what the build of the site `config_file` configures, started at `started`, used; delete
    what no build's manifest lists. Returns how many entries were kept and deleted."""
    if not options.disk_cache:
        return {}  # data results were not kept: this build cannot say which of them are used
    root = options.cache_dir
    started -= SLACK
    config_file = config_file.resolve()
    mine = manifest_path(root, config_file, options.data_dir)
    previous, others = {}, []
    for path in sorted((root / MANIFESTS).glob("*.json")):
        other = _read(path)
        if not _alive(other):
            _unlink(path, started)  # its site or its data directory is gone (a test's copy): so is its claim
        elif path == mine:
            previous = other
        else:
            others.append(other)
    manifest = used_entries(options, config_file, [previous, *others])
    write_atomic(mine, json.dumps(manifest, indent=0, sort_keys=True).encode("utf-8"))
    keep = {rel for m in (manifest, *others) for rel in m.get("entries", ())}
    counts = {"kept": 0, "deleted": 0}
    for top in PRUNED:
        for dirpath, dirnames, filenames in os.walk(root / top):
            for name in filenames:
                path = Path(dirpath) / name
                if path.relative_to(root).as_posix() in keep:
                    counts["kept"] += 1
                elif _unlink(path, started):
                    counts["deleted"] += 1
    return counts


def _unlink(path: Path, started: float) -> bool:
    """Delete `path` unless it changed since `started` (another build's); whether it was deleted."""
    try:
        if path.stat().st_mtime >= started:
            return False
        path.unlink()
        return True
    except OSError:
        return False
