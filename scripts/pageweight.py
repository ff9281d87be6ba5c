"""Page weights of a built site, against a budget for each page's own HTML.

    python scripts/pageweight.py site [--budget-kb 100]

For every HTML page: its own bytes, and the bytes of what it loads from the
site, raw and gzipped (as a static host serves text):
- css:  stylesheets (`<link rel="stylesheet">`);
- js:   scripts (`<script src>`), plus the Vega bundle that
        docs/assets/tokenshare.js loads only on pages with a chart (the
        figures' `data-vega`, once per page);
- data: the chart specs the same script fetches (`data-spec`);
- img:  every distinct `<img src>` and icon. Chart pictures come in a light and
        a dark version and load lazily: counting both makes this an upper bound.
What Material for MkDocs fetches by itself at load, read from the page's
`__config`, counts too: the search worker (js), the search index and, with
instant navigation, sitemap.xml (data).
Assets shared by pages (Material's CSS and JS) count on every page: a first
visit pays them. Links to other hosts load nothing (the build tests forbid
them) and are not counted.

Prints a Markdown table (readable in a terminal and in a CI job summary) and
exits 1 if any page's own HTML is over the budget (100 KB = 100,000 bytes).
Standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import posixpath
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from linkcheck import read_page, site_prefix  # scripts/ is on sys.path when a script runs

KINDS = ("css", "js", "data", "img")
# Files of the whole site a page loads too, whose size grows with the number of pages (the site's, not
# the page's): `PageWeight.own` leaves them out, to compare one page across sites.
SITE_WIDE = ("search/search_index.json", "sitemap.xml")
DEFAULT_BUDGET_KB = 100
TEXT_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt", ".map"}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


class _Loads(HTMLParser):
    """What a page loads: (kind, url) in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []
        self.vega: str | None = None
        self._in_config = False
        self._config = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v for k, v in attrs if v is not None}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.loads.append(("css", a["href"]))
        elif tag == "link" and "icon" in rel and a.get("href"):
            self.loads.append(("img", a["href"]))
        elif tag == "link" and {"preload", "modulepreload"} & set(rel) and a.get("href"):
            self.loads.append(({"style": "css", "image": "img"}.get(a.get("as", ""), "js"), a["href"]))
        elif tag == "script" and a.get("src"):
            self.loads.append(("js", a["src"]))
        elif tag == "script" and a.get("id") == "__config":
            self._in_config = True
        elif tag == "img" and a.get("src"):
            self.loads.append(("img", a["src"]))
        if a.get("data-spec"):
            self.loads.append(("data", a["data-spec"]))
        if a.get("data-vega") and self.vega is None:
            self.vega = a["data-vega"]
            self.loads.append(("js", a["data-vega"]))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._in_config:
            self._config += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in_config:
            self._in_config = False
            self.loads.extend(material_loads(self._config))


def material_loads(config_text: str) -> list[tuple[str, str]]:
    """What Material's JavaScript fetches at page load, from its `__config` JSON."""
    try:
        config = json.loads(config_text)
    except ValueError:
        return []
    base = (config.get("base") or ".").rstrip("/") + "/"
    out = []
    if config.get("search"):
        out += [("js", config["search"]), ("data", base + "search/search_index.json")]
    if "navigation.instant" in (config.get("features") or []):
        out.append(("data", base + "sitemap.xml"))
    return out


@dataclass
class Weight:
    raw: int = 0
    gz: int = 0

    def add(self, other: "Weight") -> None:
        self.raw += other.raw
        self.gz += other.gz


@dataclass
class PageWeight:
    page: str
    html: Weight
    assets: dict[str, Weight] = field(default_factory=lambda: {k: Weight() for k in KINDS})
    files: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    missing: list[str] = field(default_factory=list)
    site_wide: Weight = field(default_factory=Weight)  # of the assets, the SITE_WIDE files

    @property
    def own(self) -> Weight:
        """The total less the SITE_WIDE files."""
        total = self.total
        return Weight(total.raw - self.site_wide.raw, total.gz - self.site_wide.gz)

    @property
    def total(self) -> Weight:
        out = Weight(self.html.raw, self.html.gz)
        for weight in self.assets.values():
            out.add(weight)
        return out


class Site:
    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self._sizes: dict[str, Weight] = {}
        home = self.root / "index.html"
        # Root-relative URLs (the 404 page's) start with the site URL's path: "/" or "/repo/".
        self.prefix = site_prefix(read_page(self.root, home).canonical if home.is_file() else None)[1]

    def file_weight(self, rel: str) -> Weight | None:
        if rel not in self._sizes:
            path = self.root / rel
            if not path.is_file():
                return None
            data = path.read_bytes()
            self._sizes[rel] = Weight(len(data), gzip_size(data) if path.suffix in TEXT_TYPES else len(data))
        return self._sizes[rel]

    def resolve(self, page: str, url: str) -> str | None:
        """A site-relative file for a URL on `page`; None for another host or a data: URL."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if path.startswith("/"):
            path = path[len(self.prefix):] if path.startswith(self.prefix) else path.lstrip("/")
        else:
            path = posixpath.join(posixpath.dirname(page), path)
        path = posixpath.normpath(path) if path else "."
        if path.endswith("/") or (self.root / path).is_dir():
            path = posixpath.join(path, "index.html")
        return path

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def weigh(self, page: str) -> PageWeight:
        html = (self.root / page).read_bytes()
        result = PageWeight(page, Weight(len(html), gzip_size(html)))
        parser = _Loads()
        parser.feed(html.decode("utf-8", errors="replace"))
        seen: set[str] = set()
        for kind, url in parser.loads:
            rel = self.resolve(page, url)
            if rel is None or rel in seen:
                continue
            seen.add(rel)
            weight = self.file_weight(rel)
            if weight is None:
                result.missing.append(url)
                continue
            result.assets[kind].add(weight)
            result.files[kind] += 1
            if rel in SITE_WIDE:
                result.site_wide.add(weight)
        return result


def kb(n: int) -> str:
    return f"{n / 1000:,.1f}"


def table(weights: list[PageWeight], budget: int) -> str:
    head = ("| page | HTML KB (gz) | CSS KB (gz) | JS KB (gz) | data KB (gz) | images KB (gz) | total KB (gz) | HTML budget |\n"
            "|---|---:|---:|---:|---:|---:|---:|---|")
    rows = [head]
    for w in weights:
        cells = [f"{kb(w.html.raw)} ({kb(w.html.gz)})"]
        for kind in KINDS:
            a = w.assets[kind]
            cells.append(f"{kb(a.raw)} ({kb(a.gz)}) ×{w.files[kind]}" if w.files[kind] else "–")
        cells.append(f"{kb(w.total.raw)} ({kb(w.total.gz)})")
        status = "ok" if w.html.raw <= budget else f"**over by {kb(w.html.raw - budget)} KB**"
        rows.append(f"| `{w.page}` | " + " | ".join(cells) + f" | {status} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site directory (e.g. site)")
    parser.add_argument("--budget-kb", type=float, default=DEFAULT_BUDGET_KB,
                        help=f"largest allowed HTML of one page, in KB of 1,000 bytes (default {DEFAULT_BUDGET_KB})")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site} has no index.html: build the site first (make build)", file=sys.stderr)
        return 2
    budget = int(args.budget_kb * 1000)
    site = Site(args.site)
    weights = [site.weigh(page) for page in site.pages()]
    print(table(weights, budget))
    print()
    print(f"{len(weights)} pages; KB = 1,000 bytes; gz = gzip -9; ×n = files. Images count light and dark pictures "
          f"(an upper bound); the Vega bundle and chart specs load only on pages with a chart.")
    over = [w for w in weights if w.html.raw > budget]
    for w in weights:
        for url in w.missing:
            print(f"warning: {w.page} loads {url}, which is not in the site", file=sys.stderr)
    if over:
        for w in over:
            print(f"error: {w.page} is {w.html.raw:,} bytes of HTML, over the budget of {budget:,}", file=sys.stderr)
        return 1
    print(f"Every page's HTML is within the budget of {budget:,} bytes "
          f"(largest: {max(weights, key=lambda w: w.html.raw).page}, {max(w.html.raw for w in weights):,} bytes).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
