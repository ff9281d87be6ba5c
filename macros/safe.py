"""Text from data, made safe for the place it lands.

HTML escaping stops markup; in Markdown prose a name could still be read as
a link, emphasis or code, so characters Markdown gives meaning are written as
character references too. Jinja never sees macro output again, so data is
never evaluated as a template.
"""

from __future__ import annotations

from html import escape

# Characters that start Markdown syntax mid-line (line-start syntax such as
# '#' or '-' cannot occur: a figure never begins a line of its own).
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|~^=:#"}


def md_inline(text: str) -> str:
    """Text for Markdown prose: shown literally, never parsed as HTML or Markdown."""
    return "".join(_MARKDOWN.get(c, c) for c in escape(str(text), quote=True))
