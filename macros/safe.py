"""Text from data, made safe for the place it lands.

HTML escaping stops markup; in Markdown prose a name could still be read as
a link, emphasis or code, so characters Markdown gives meaning are written as
character references too. Jinja never sees macro output again, so data is
never evaluated as a template.
"""

from __future__ import annotations

# Characters that start Markdown syntax (links, emphasis, code, headings,
# tables, attribute lists, emoji shortcodes).
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|~^=:#"}
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_INLINE = {**_MARKDOWN, **_HTML}


def md_inline(text: str) -> str:
    """Text for Markdown prose: shown literally, never parsed as HTML or Markdown.

    One pass, character by character, so an entity written for one character
    is never escaped again by the next rule.
    """
    return "".join(_INLINE.get(c, c) for c in str(text))
