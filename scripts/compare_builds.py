"""Compare two builds of the site (MkDocs, the reference, and Zensical) in Markdown.

    python scripts/compare_builds.py SITE_MKDOCS SITE_OTHER [--status 0] [--log build.log]

For the portability watch in CI: which pages and files each build made, and,
for the pages both made, whether the parts that our macros and hooks produce
survived (chart figures, tables, chart files) and whether any macro call was
left unrendered in the page. It reports; it never fails (exit 0), so the job
that runs it stays informative, not blocking. Standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

MAX_LISTED = 25


def files(site: Path) -> set[str]:
    if not site.is_dir():
        return set()
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def pages(names: set[str]) -> set[str]:
    return {n for n in names if n.endswith(".html")}


def features(html: str) -> dict[str, int]:
    """What our macros put in a page, counted."""
    text = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", html, flags=re.S)
    return {
        "charts": len(re.findall(r'<figure class="ts-chart"', html)),
        "tables": len(re.findall(r"<table\b", html)),
        "macro calls left": len(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text)),
    }


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, flags=re.S)
    return match.group(1).strip() if match else ""


def listing(names: list[str]) -> str:
    shown = ", ".join(f"`{n}`" for n in names[:MAX_LISTED])
    return shown + (f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else "") if names else "none"


def by_folder(names: set[str]) -> str:
    """Files grouped by folder with counts: `assets/charts/` (80), `search.json`."""
    groups: dict[str, int] = {}
    for n in names:
        folder = n.rsplit("/", 1)[0] + "/" if "/" in n else n
        groups[folder] = groups.get(folder, 0) + 1
    items = [f"`{k}` ({v})" if k.endswith("/") else f"`{k}`" for k, v in sorted(groups.items())]
    return ", ".join(items[:MAX_LISTED]) + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "") if items else "none"


def report(reference: Path, other: Path, status: str = "", log: Path | None = None, name: str = "Zensical") -> str:
    ref_files, other_files = files(reference), files(other)
    out = [f"## Portability watch: {name}", ""]
    if status:
        out.append(f"- `{name.lower()} build` exit status: **{status}**")
    out.append(f"- Files: MkDocs {len(ref_files)}, {name} {len(other_files)}")
    ref_pages, other_pages = pages(ref_files), pages(other_files)
    out.append(f"- HTML pages: MkDocs {len(ref_pages)}, {name} {len(other_pages)}; "
               f"only in MkDocs: {listing(sorted(ref_pages - other_pages))}; only in {name}: {listing(sorted(other_pages - ref_pages))}")
    out.append(f"- Other files only in MkDocs: {by_folder((ref_files - other_files) - ref_pages)}")
    out.append(f"- Other files only in {name}: {by_folder((other_files - ref_files) - other_pages)}")
    both = sorted(ref_pages & other_pages)
    if both:
        out += ["", f"| page | title same | charts (MkDocs / {name}) | tables | macro calls left in {name} |", "|---|---|---|---|---|"]
        for page in both:
            a = (reference / page).read_text(encoding="utf-8", errors="replace")
            b = (other / page).read_text(encoding="utf-8", errors="replace")
            fa, fb = features(a), features(b)
            out.append(f"| `{page}` | {'yes' if title(a) == title(b) else 'no'} | {fa['charts']} / {fb['charts']} "
                       f"| {fa['tables']} / {fb['tables']} | {fb['macro calls left']} |")
    if not other_files:
        out += ["", f"{name} built nothing: see its log below."]
    if log is not None and log.is_file():
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        out += ["", f"<details><summary>Last lines of the {name} log</summary>", "", "```text", *tail, "```", "", "</details>"]
    out += ["", f"_Non-blocking: this job reports how far the site is from building with {name}; it does not gate publishing._"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path, help="the site built by MkDocs")
    parser.add_argument("other", type=Path, help="the site built by the other generator")
    parser.add_argument("--status", default="", help="the other build's exit status, as reported")
    parser.add_argument("--log", type=Path, help="the other build's log (its last lines are shown)")
    parser.add_argument("--name", default="Zensical")
    args = parser.parse_args(argv)
    print(report(args.reference, args.other, args.status, args.log, args.name), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
