"""A strict Content Security Policy in every page, and pages checked against it.

The policy is a `<meta http-equiv>` tag (a static host sets no headers for
us), placed before anything it governs:

- scripts only from the site itself, plus the few inline scripts the theme
  (Material for MkDocs) writes into every page, allowed by their SHA-256 hash.
  Hashes are taken from the built page, so they always match, and they are the
  same bytes every build. Scripts inside the page's own content (what an editor
  wrote) are never hashed: they would not run, so `page_problems` fails the
  build for them instead of letting them break silently.
- no inline event handlers (`script-src-attr 'none'`), no eval: the charts use
  Vega's expression interpreter (`ast: true` in tokenshare.js).
- styles only from the site's stylesheets: no `<style>` element and no `style`
  attribute. vega-embed and vega-tooltip would inject `<style>` elements; the
  page's script turns that off and tokenshare.css carries the rules instead.
  Scripts may still set styles through the CSSOM (`element.style.top = ...`),
  which a policy does not govern; Material and vega-tooltip position things so.
- images from the site, and `data:` images: Material's icons are `data:` SVGs
  in its stylesheet. An image cannot run code.
- no plugins, no `<base>` elsewhere, forms and connections to the site only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from macros.mkdocs.headtags import PatchError

# Script types a browser runs; any other type (application/json, ...) is a data block.
_RUNNABLE = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_ATTR = re.compile(r"""([a-zA-Z_:][-\w:.]*)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' {hashes}"),
    ("script-src-attr", "'none'"),
    ("style-src", "'self'"),
    ("style-src-attr", "'none'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): (m.group(2) or "").strip("\"'") for m in _ATTR.finditer(raw)}


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, in page order."""
    out = []
    for raw_attrs, body in _SCRIPT.findall(html):
        attrs = _attrs(raw_attrs)
        if "src" in attrs or attrs.get("type", "").lower() not in _RUNNABLE:
            continue
        out.append(body)
    return out


def policy(scripts: list[str]) -> str:
    hashes = " ".join(dict.fromkeys(sha256(s) for s in scripts))
    return "; ".join(f"{name} {value.format(hashes=hashes)}".strip() for name, value in DIRECTIVES)


def add_policy(html: str, content: str = "") -> str:
    """The page with its policy as the first tag after `<meta charset>`.

    `content` is the HTML of the page's own Markdown: scripts in it are the
    editor's, not the theme's, and are left out of the policy.
    """
    scripts = [s for s in inline_scripts(html) if not (content and s.strip() and s in content)]
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(scripts)}">'
    charset = re.search(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", html, re.I)
    if charset:
        return html[: charset.end()] + tag + html[charset.end():]
    head = re.search(r"<head\b[^>]*>", html, re.I)
    if not head:
        raise PatchError("no <head> in the page: cannot add its Content Security Policy")
    return html[: head.end()] + tag + html[head.end():]


def allow_script(html: bytes, script: str) -> bytes:
    """A page whose policy also lets one more inline script run (the preview's livereload script,
    which MkDocs adds to each page it serves: without it no page would reload after an edit)."""
    return html.replace(b"script-src 'self'", b"script-src 'self' " + sha256(script).encode("ascii"), 1)


# --- what an editor's page may not contain ----------------------------------------------

_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}
_BANNED_TAGS = {
    "script": "a <script> element: the site's Content Security Policy blocks scripts written in pages "
              "(put code in docs/assets/tokenshare.js)",
    "style": "a <style> element: the site's Content Security Policy blocks styles written in pages "
             "(put them in docs/assets/tokenshare.css)",
    "iframe": "an <iframe>: pages embed nothing from elsewhere",
    "frame": "a <frame>: pages embed nothing from elsewhere",
    "object": "an <object>: pages embed no plugins",
    "embed": "an <embed>: pages embed no plugins",
    "base": "a <base> element: it would change where every link of the page points",
}


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (a pattern finding it in the source, message)

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        if tag in _BANNED_TAGS:
            self.found.append((rf"<{tag}\b", f"{_BANNED_TAGS[tag]}."))
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.found.append((r"\bhttp-equiv\b", "a <meta http-equiv> tag: the site sets its own policy and redirects."))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((rf"\b{name}\s*=", f"an inline event handler ({name}=\"...\"): the site's Content Security Policy "
                                         "blocks it (use docs/assets/tokenshare.js)."))
            elif name == "style":
                self.found.append((r"\bstyle\s*=", "a style attribute: the site's Content Security Policy blocks it "
                                            "(use a class and docs/assets/tokenshare.css)."))
            elif name in _URL_ATTRS and _dangerous_scheme(value):
                self.found.append((re.escape(value.strip()[:20]), f"a {_dangerous_scheme(value)}: URL in {name}=: "
                                                        "links and pictures must be http(s), relative or data:image."))


def _dangerous_scheme(value: str) -> str | None:
    """'javascript', 'vbscript' or 'data' (not a picture) when a URL would run or spoof, else None."""
    # Browsers ignore tabs, newlines and leading control characters in a scheme.
    compact = re.sub(r"[\x00-\x20]", "", value).lower()
    for scheme in ("javascript", "vbscript"):
        if compact.startswith(scheme + ":"):
            return scheme
    return "data" if compact.startswith("data:") and not compact.startswith(_DATA_IMAGES) else None


_DATA_IMAGES = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp", "data:image/avif")


def page_problems(content: str, source: str = "") -> list[tuple[int | None, str]]:
    """(line in the page's source, message) for each thing in a page's HTML the policy would block.

    `content` is the HTML rendered from the page's Markdown (macro output
    included); `source` is the page file, used to find the line.
    """
    finder = _Finder()
    finder.feed(content)
    finder.close()
    out = []
    for needle, message in dict.fromkeys(finder.found):
        out.append((_line_of(source, needle), message))
    return out


def _line_of(source: str, pattern: str) -> int | None:
    match = re.search(pattern, source, re.I)
    return source[: match.start()].count("\n") + 1 if match else None
