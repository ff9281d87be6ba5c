"""What the site's search reads of a page: table cells as separate words.

Material's search indexes a page's text with its tags removed, so adjacent
cells ("Kimi K2.6</td><td>Moonshot AI") became one word ("Kimi K2.6Moonshot AI")
and a search for a name in a table found nothing. A line break between
cells, rows and table parts separates them for the index; a table lays
out the same with or without that whitespace.
"""

from __future__ import annotations

import re

_BETWEEN = re.compile(r"(</(?:td|th|tr|thead|tbody|caption)>)(?=<)")


def spaced_cells(html: str) -> str:
    return _BETWEEN.sub("\\1\n", html)
