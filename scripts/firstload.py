"""What a reader downloads before touching anything: the first-load transfer of each chart page.

    python scripts/firstload.py site [--all]

Serves the built site gzipped, as a static host would (sitetools.serve), opens
each chart page in headless Chromium (a desktop window and a phone's), waits
until the network has been quiet, touches nothing, and adds up the bytes that
crossed the network (Chrome's encodedDataLength: gzipped bodies and headers)
for everything the page loaded: HTML, CSS, scripts, pictures, data. It also
says whether any Vega script ran (it must not, before the reader reaches for a
chart) and whether the search index was fetched (it waits for search to open).

Pages measured: every hand-written page with a chart, and the first generated
page of each folder (a lab, a model, a week, an archived week, an embed page),
or every page with a chart given --all. Exits 1 when a page is over the bound.
Used by `make bench` (scripts/bench.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools import launch, pages, serve  # noqa: E402

BOUND_KB = 150.0  # issue 16: first-load transfer of each chart page, gzip, before any interaction
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
QUIET_MS = 1500  # after the network is idle: late requests (idle callbacks, lazy pictures) still count


def chart_pages(site: Path, every: bool = False) -> list[str]:
    """The pages to measure (URL paths from the site's root)."""
    out, folders = [], set()
    for path in pages(site):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        if 'class="ts-chart"' not in html:
            continue
        folder = path.split("/")[0] if path.count("/") > 1 else ""
        if every or not folder:
            out.append(path)
        elif folder not in folders:
            folders.add(folder)
            out.append(path)
    return out


def measure_page(browser, url: str, viewport: dict) -> dict:
    """Bytes over the network before any interaction, the requests made, and whether Vega ran."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    try:
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(QUIET_MS)
        ran = page.evaluate("() => typeof window.vegaEmbed !== 'undefined' || typeof window.vega !== 'undefined'")
    finally:
        loaded = {urls.get(rid, rid): size for rid, size in sizes.items()}
        context.close()
    return {
        "bytes": sum(loaded.values()),
        "requests": loaded,
        "vega_ran": ran,
        "vega_fetched": any("/vendor/" in u for u in loaded),
        "search_index": any(u.endswith("search/search_index.json") for u in loaded),
    }


def measure(site: Path, every: bool = False) -> dict[str, dict[str, dict]]:
    """page -> viewport name -> measure_page's result."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, dict]] = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            for path in chart_pages(site, every):
                results[path] = {name: measure_page(browser, base + path, vp) for name, vp in VIEWPORTS.items()}
        finally:
            browser.close()
    return results


def rows(results: dict[str, dict[str, dict]]) -> list[list[str]]:
    """Table rows: page, KB per viewport (1 KB = 1,000 bytes), Vega run or fetched, search index fetched."""
    out = []
    for path, by_view in results.items():
        worst = max(r["bytes"] for r in by_view.values()) / 1000
        out.append([f"`{path or '/'}`", *[f"{by_view[v]['bytes'] / 1000:.1f}" for v in VIEWPORTS],
                    "yes" if any(r["vega_ran"] or r["vega_fetched"] for r in by_view.values()) else "no",
                    "yes" if any(r["search_index"] for r in by_view.values()) else "no",
                    "yes" if worst <= BOUND_KB and not any(r["vega_ran"] for r in by_view.values()) else "**NO**"])
    return out


HEADERS = ["page", *[f"{v} KB" for v in VIEWPORTS], "Vega loaded", "search index loaded", f"≤ {BOUND_KB:.0f} KB, no Vega"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--all", action="store_true", help="every page with a chart, not one per generated folder")
    args = parser.parse_args(argv)
    table = rows(measure(args.site, args.all))
    print("| " + " | ".join(HEADERS) + " |\n|" + "---|" * len(HEADERS))
    for row in table:
        print("| " + " | ".join(row) + " |")
    return 0 if all(row[-1] == "yes" for row in table) else 1


if __name__ == "__main__":
    sys.exit(main())
