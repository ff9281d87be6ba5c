"""Lighthouse (mobile, simulated throttling) on the built site served gzipped: performance, TBT, CLS, bytes.

    python scripts/lighthouse_run.py site [--runs N] [page ...]

Lighthouse comes from npm, pinned in scripts/lighthouse/package.json and its
lock file (`npm ci --prefix scripts/lighthouse` installs it; `make lighthouse`
does both), and runs on Debian's Chromium. Pages default to the hand-written
ones and the first generated page of each kind (a lab's, a model's, a week's
briefing, an archived week, a chart's embed page). Prints a Markdown table; exits 1 when a page misses the issue's bounds
(performance >= 0.98, TBT <= 50 ms, CLS <= 0.01). Each page is audited --runs
times (3) and the run with the median score is reported, as Lighthouse's own
guidance on variability advises: one run on a shared 2-core machine can be
several hundredths off either way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools import CHROMIUM, pages, serve  # noqa: E402

HERE = Path(__file__).resolve().parent / "lighthouse"
BINARY = HERE / "node_modules" / ".bin" / "lighthouse"
BOUNDS = {"performance": 0.98, "tbt_ms": 50.0, "cls": 0.01}


def installed() -> bool:
    return BINARY.exists()


def audit(url: str) -> dict:
    """One Lighthouse run of `url`: its performance score, TBT (ms), CLS and transfer (KB)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([str(BINARY), url, "--quiet", "--only-categories=performance", "--output=json",
                        f"--output-path={report}", "--chrome-flags=--headless --no-sandbox --disable-gpu"],
                       env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True, timeout=300)
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        "performance": data["categories"]["performance"]["score"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1000,
    }


RUNS = 3


def median_run(url: str, runs: int = RUNS) -> dict:
    """The run with the median performance score of `runs` audits of `url`, with every run's score."""
    results = sorted((audit(url) for _ in range(runs)), key=lambda r: r["performance"])
    return {**results[len(results) // 2], "scores": [r["performance"] for r in results]}


def default_pages(site: Path) -> list[str]:
    """The hand-written pages, and the first page generated under each folder (labs/, models/, ...)."""
    found = pages(site)
    first: dict[str, str] = {}
    for path in found:
        if path.count("/") > 1:
            first.setdefault(path.split("/")[0], path)
    return [p for p in found if p.count("/") <= 1] + sorted(first.values())


def run(site: Path, paths: list[str] | None = None, runs: int = RUNS) -> dict[str, dict]:
    paths = paths if paths is not None else default_pages(site)
    with serve(site) as base:
        return {path: median_run(base + path, runs) for path in paths}


def met(result: dict) -> bool:
    return (result["performance"] >= BOUNDS["performance"] and result["tbt_ms"] <= BOUNDS["tbt_ms"]
            and result["cls"] <= BOUNDS["cls"])


def rows(results: dict[str, dict]) -> list[list[str]]:
    return [[f"`{path or '/'}`", f"{r['performance']:.2f}", ", ".join(f"{v:.2f}" for v in r.get("scores", [])), f"{r['tbt_ms']:.0f}", f"{r['cls']:.3f}", f"{r['kb']:.0f}",
             "yes" if met(r) else "**NO**"] for path, r in results.items()]


HEADERS = ["page", "performance (median run)", "every run", "TBT ms", "CLS", "KB (transfer)", "bounds met"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="*", help="URL paths (default: the hand-written pages and one generated page of each kind)")
    parser.add_argument("--runs", type=int, default=RUNS, help="audits of each page; the median run is reported")
    args = parser.parse_intermixed_args(argv)
    if not installed():
        parser.error(f"Lighthouse is not installed: npm ci --prefix {HERE}")
    results = run(args.site, args.pages or None, max(1, args.runs))
    print("| " + " | ".join(HEADERS) + " |\n|" + "---|" * len(HEADERS))
    for row in rows(results):
        print("| " + " | ".join(row) + " |")
    return 0 if all(met(r) for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
