"""Lighthouse (mobile, simulated throttling) on the built site served gzipped: performance, TBT, CLS, bytes.

    python scripts/lighthouse_run.py site [page ...]

Lighthouse comes from npm, pinned in scripts/lighthouse/package.json and its
lock file (`npm ci --prefix scripts/lighthouse` installs it; `make lighthouse`
does both), and runs on Debian's Chromium. Pages default to the hand-written
ones. Prints a Markdown table; exits 1 when a page misses the issue's bounds
(performance >= 0.98, TBT <= 50 ms, CLS <= 0.01).
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


def run(site: Path, paths: list[str] | None = None) -> dict[str, dict]:
    paths = paths if paths is not None else [p for p in pages(site) if p.count("/") <= 1]
    with serve(site) as base:
        return {path: audit(base + path) for path in paths}


def met(result: dict) -> bool:
    return (result["performance"] >= BOUNDS["performance"] and result["tbt_ms"] <= BOUNDS["tbt_ms"]
            and result["cls"] <= BOUNDS["cls"])


def rows(results: dict[str, dict]) -> list[list[str]]:
    return [[f"`{path or '/'}`", f"{r['performance']:.2f}", f"{r['tbt_ms']:.0f}", f"{r['cls']:.3f}", f"{r['kb']:.0f}",
             "yes" if met(r) else "**NO**"] for path, r in results.items()]


HEADERS = ["page", "performance", "TBT ms", "CLS", "KB (transfer)", "bounds met"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="*", help="URL paths (default: the hand-written pages)")
    args = parser.parse_args(argv)
    if not installed():
        parser.error(f"Lighthouse is not installed: npm ci --prefix {HERE}")
    results = run(args.site, args.pages or None)
    print("| " + " | ".join(HEADERS) + " |\n|" + "---|" * len(HEADERS))
    for row in rows(results):
        print("| " + " | ".join(row) + " |")
    return 0 if all(met(r) for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
