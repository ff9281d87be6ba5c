"""What a preview shows in place of a mistake, and why a build made no page: in the editor's words.

`make serve` shows a page's mistake where the page would be, and keeps serving; `make build`
stops on the same mistake. A box of messages is HTML whose every message is escaped.
"""

from __future__ import annotations

from html import escape

PAGE_MISTAKE = "<strong>This page has a mistake</strong> (the preview shows it; <code>make build</code> stops on it):"
DATA_MISTAKE = ("<strong>The data does not validate</strong>, so the preview shows no page until it does "
                "(<code>make build</code> stops on it too). Fix these and save:")


def error_box(messages: list[str], heading: str = PAGE_MISTAKE) -> str:
    """What `make serve` shows in place of a mistake: the build would stop here."""
    items = "".join(f"<li>{escape(m).replace('{', '&#123;')}</li>" for m in messages)  # braces: Jinja may read it
    return f'<div class="ts-error" role="alert"><p>{heading}</p><ul>{items}</ul></div>'


def data_failure(problems: list[str], serving: bool) -> str:
    """Why no page was made when the data does not validate, in a build's words or a preview's
    (a preview publishes nothing in any case: it waits for the data to be fixed)."""
    listed = "\n".join(f"  - {p}" for p in problems)
    if serving:
        return (f"the data does not validate, so the preview shows no page until it does; "
                f"{len(problems)} data problem(s), in file and line order:\n{listed}")
    return f"the data did not validate, so nothing was published; {len(problems)} data problem(s), in file and line order:\n{listed}"
