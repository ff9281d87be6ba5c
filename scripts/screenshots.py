"""Write a PNG of every page of the built site: light, dark and a 390 px phone.

Usage: python scripts/screenshots.py [site_dir] [out_dir]
For review by eye; the browser tests check the same pages automatically.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitetools import launch, pages, serve  # noqa: E402

VARIANTS = {
    "light": dict(viewport={"width": 1280, "height": 900}, color_scheme="light"),
    "dark": dict(viewport={"width": 1280, "height": 900}, color_scheme="dark"),
    "phone": dict(viewport={"width": 390, "height": 844}, color_scheme="light", device_scale_factor=2, is_mobile=True, has_touch=True),
}


def main(site_dir: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with serve(site_dir) as base, sync_playwright() as pw:
        browser = launch(pw)
        for variant, options in VARIANTS.items():
            context = browser.new_context(**options)
            page = context.new_page()
            for path in pages(site_dir):
                page.goto(base + path, wait_until="networkidle")
                # Scroll through so every chart is drawn (they render when visible).
                page.evaluate("""async () => {
                    for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 60)); }
                    window.scrollTo(0, 0);
                }""")
                page.wait_for_timeout(400)
                name = (path.strip("/").replace("/", "-") or "home") + f"-{variant}.png"
                page.screenshot(path=str(out_dir / name), full_page=True)
                print(out_dir / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("site")
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("screenshots")
    main(site, out)
