"""Text from data, made safe for the place it lands.

HTML escaping stops markup; in Markdown prose a name could still be read as
a link, emphasis or code, so characters Markdown gives meaning are written as
character references too, and a right-to-left name is isolated so it cannot
reorder the sentence around it. Jinja never sees macro output again, so data
is never evaluated as a template.

File names made from data (a lab's page from its author slug) go through
`file_slug`: ASCII, no separators, no dots, never a name the site uses, and
one name per slug.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Characters that start Markdown syntax mid-line (line-start syntax such as
# '#' or '-' cannot occur: a figure never begins a line of its own), and those
# HTML gives meaning: each becomes a character reference, in one pass (escaping
# twice would show '&#x27;' where a reader should see an apostrophe).
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|~^=:#"}
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_ESCAPES = {**_MARKDOWN, **_HTML}


def md_inline(text: str) -> str:
    """Text for Markdown prose: shown literally, never parsed as HTML or Markdown."""
    text = str(text)
    out = "".join(_ESCAPES.get(c, c) for c in text)
    return f"<bdi>{out}</bdi>" if _has_rtl(text) else out


def html_text(text: str) -> str:
    """Text for HTML that a template engine also reads: escaped, and braces written as
    character references, so '{{ ... }}' is shown, never run. For page titles and
    descriptions in generated front matter: MkDocs and Material write those into
    the page unescaped, and mkdocs-macros renders a title holding '{{' as Jinja."""
    return "".join(_HTML_TEXT.get(c, c) for c in str(text))


_HTML_TEXT = {**_HTML, "{": _MARKDOWN["{"], "}": _MARKDOWN["}"]}


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


# --- file names ---------------------------------------------------------------------------

SLUG_LENGTH = 50  # with "--" and the hash, a name is at most 68 characters
# Names a generated page must never take: the site's own folders and index
# pages, and names Windows cannot check out.
RESERVED = frozenset(
    {"index", "assets", "search", "downloads", "404", "sitemap"}
    | {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


def file_slug(text: str) -> str:
    """A file-name component for any text: lower-case ASCII letters, digits and hyphens only.

    A text that already is such a name ('deepseek', 'z-ai': single hyphens,
    at most 50 characters, not reserved) is kept as it is. Any other text
    ('~anthropic', 'Mistral AI', '../etc', an Arabic or emoji name) becomes
    its closest ASCII form, '--', and 16 hex digits of the SHA-256 of the
    text. A kept name never holds '--', so the two kinds never collide, and
    two different texts share a name only if their hashes do. No output holds
    a '/', a '\\', a '.', a space or a control character.
    """
    raw = str(text)
    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:SLUG_LENGTH].strip("-")
    if base and base == raw and base not in RESERVED:
        return base
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
    return f"{base or 'x'}--{digest}"


def file_slugs(texts) -> dict[str, str]:
    """`file_slug` of each text, checked to be one name per text (raises ValueError otherwise)."""
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for text in texts:
        name = file_slug(text)
        if name in seen and seen[name] != text:
            raise ValueError(f"{text!r} and {seen[name]!r} would share the file name {name!r}")
        seen[name] = text
        out[text] = name
    return out


def safe_site_path(path: str) -> bool:
    """Whether `path` is a plain relative path inside the built site.

    No absolute path, drive or backslash, no '.' or '..' part, no empty part,
    no control character: written under the site folder, it stays there.
    """
    if not path or path.startswith("/") or "\\" in path or re.search(r"[\x00-\x1f\x7f]", path):
        return False
    parts = path.split("/")
    return ":" not in parts[0] and all(p not in ("", ".", "..") for p in parts)
