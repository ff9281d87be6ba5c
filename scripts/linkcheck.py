"""Check every internal link and anchor of a built site, offline.

    python scripts/linkcheck.py site [--site-url https://example.org/base/]

Reads every HTML page of the built site and follows what a reader's browser
would follow inside the site: links (`href`), pictures and scripts (`src`,
`srcset`), the chart files our figures load (`data-spec`, `data-vega`), the
theme's script that theme-on-demand.js runs (`data-theme-bundle`), and
`url(...)` in the site's own CSS. A link is broken when the file it points to
is not in the site, or when its `#anchor` names no element of the target page.
Links to other hosts are not followed (this is a static check: no network).

Links that start with the site's URL (the canonical links, the 404 page's
root-relative links) are resolved inside the site: the site URL is read from
the home page's canonical link unless `--site-url` gives it.

Prints each broken link with the page that has it and exits 1 if there is any.
Standard library only: runs in CI and on any machine with Python 3.11.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs whose value is a URL the page links to or loads.
URL_ATTRS = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
    ("source", "src"), ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("embed", "src"), ("object", "data"), ("form", "action"),
}
SRCSET_ATTRS = {("img", "srcset"), ("source", "srcset")}
DATA_ATTRS = {"data-spec", "data-vega", "data-explore", "data-theme-bundle"}  # chart files (tokenshare.js, explore.js) and the theme (theme-on-demand.js)
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:", "about:")


@dataclass(frozen=True)
class Link:
    source: str  # the file that has the link, relative to the site
    line: int
    url: str


@dataclass(frozen=True)
class Broken:
    link: Link
    reason: str

    def __str__(self) -> str:
        return f"{self.link.source}:{self.link.line}: {self.link.url} ({self.reason})"


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str]] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in URL_ATTRS or name in DATA_ATTRS:
                self.urls.append((line, value))
            elif (tag, name) in SRCSET_ATTRS:
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((line, candidate.split()[0]))
        if tag == "link" and values.get("rel") == "canonical" and values.get("href"):
            self.canonical = values["href"]

    handle_startendtag = handle_starttag


@dataclass
class Page:
    ids: set[str]
    links: list[Link]
    canonical: str | None


def read_page(site: Path, path: Path) -> Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    rel = path.relative_to(site).as_posix()
    return Page(parser.ids, [Link(rel, line, url) for line, url in parser.urls], parser.canonical)


def css_links(site: Path, path: Path) -> list[Link]:
    rel = path.relative_to(site).as_posix()
    text = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for match in CSS_URL.finditer(text):
        url = match.group(2).strip()
        if url.startswith("#"):  # an SVG filter or mask reference inside the document
            continue
        out.append(Link(rel, text.count("\n", 0, match.start()) + 1, url))
    return out


def site_prefix(site_url: str | None) -> tuple[str, str]:
    """(origin, path prefix) of the site URL: ("https://example.org", "/base/")."""
    if not site_url:
        return "", "/"
    parts = urlsplit(site_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "", path


class Checker:
    def __init__(self, site: Path, site_url: str | None = None):
        self.site = Path(site).resolve()
        self.pages: dict[str, Page] = {}
        for path in sorted(self.site.rglob("*.html")):
            self.pages[path.relative_to(self.site).as_posix()] = read_page(self.site, path)
        if site_url is None and "index.html" in self.pages:
            site_url = self.pages["index.html"].canonical
        self.origin, self.prefix = site_prefix(site_url)
        self.css = [link for path in sorted(self.site.rglob("*.css")) for link in css_links(self.site, path)]

    def links(self) -> list[Link]:
        return [link for page in self.pages.values() for link in page.links] + self.css

    def resolve(self, link: Link) -> tuple[str, str] | None:
        """(site-relative path, fragment) of an internal link; None for another host or scheme."""
        url = link.url.strip()
        if not url or url.lower().startswith(SKIP_SCHEMES):
            return None
        if self.origin and url.startswith(self.origin + self.prefix):
            url = url[len(self.origin):]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if path.startswith("/"):
            if not path.startswith(self.prefix) and path + "/" != self.prefix:
                return ("\0outside:" + path, parts.fragment)
            path = path[len(self.prefix):] if path.startswith(self.prefix) else ""
        elif path:
            path = posixpath.join(posixpath.dirname(link.source), path)
        else:
            path = link.source  # "#anchor" or "?query": the page itself
        trailing = path.endswith("/") or path == ""
        norm = posixpath.normpath(path) if path else "."
        if norm.startswith("../") or norm == "..":
            return ("\0outside:" + path, parts.fragment)
        if trailing or (self.site / norm).is_dir():
            norm = posixpath.join(norm, "index.html") if norm != "." else "index.html"
        return norm, unquote(parts.fragment)

    def check_link(self, link: Link) -> Broken | None:
        target = self.resolve(link)
        if target is None:
            return None
        path, fragment = target
        if path.startswith("\0outside:"):
            return Broken(link, "points outside the site")
        if not (self.site / path).is_file():
            return Broken(link, f"no file {path}")
        if fragment and path.endswith(".html"):
            page = self.pages.get(path)
            if page is None or fragment not in page.ids:
                return Broken(link, f"no anchor #{fragment} in {path}")
        return None

    def check(self) -> list[Broken]:
        return [b for b in (self.check_link(link) for link in self.links()) if b is not None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site directory (e.g. site)")
    parser.add_argument("--site-url", help="the URL the site is published at (default: the home page's canonical link)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site} has no index.html: build the site first (make build)", file=sys.stderr)
        return 2
    checker = Checker(args.site, args.site_url)
    links = checker.links()
    internal = [link for link in links if checker.resolve(link) is not None]
    anchors = sum(1 for link in internal if checker.resolve(link)[1])
    broken = checker.check()
    for item in broken:
        print(f"broken link: {item}", file=sys.stderr)
    print(f"linkcheck: {len(checker.pages)} HTML files, {len(internal)} internal links ({anchors} with an anchor) "
          f"checked, {len(links) - len(internal)} external or other skipped: {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
