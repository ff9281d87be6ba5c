"""Claims: sentences the story makes, checked against the data on every build.

`claim("Six of the top ten models are Chinese", "count", ">=", 6, country="CN", n=10)`
evaluates a figure, compares it (with a number, or with another figure given as
a mapping such as `{"kind": "share", "country": "US"}`) and shows the sentence
with whether it still holds and the numbers behind it. Every claim of a build
is collected so the Claims page can list them all, overturned ones first.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from html import escape

from . import figures
from .datasets import Catalog
from .errors import MacroError, unknown
from .safe import md_inline

OPS = {
    ">": (operator.gt, "above"), ">=": (operator.ge, "at least"), "<": (operator.lt, "below"),
    "<=": (operator.le, "at most"), "==": (operator.eq, "equal to"), "!=": (operator.ne, "not equal to"),
}
PLACEHOLDER = '<div class="ts-claims" data-ts-claims="all"></div>'


@dataclass(frozen=True)
class Claim:
    text: str
    holds: bool
    left: figures.Figure
    op: str
    right: figures.Figure
    page: str = ""
    url: str = ""
    line: int | None = None
    anchor: str = ""

    @property
    def status(self) -> str:
        return "holds" if self.holds else "no longer holds"

    @property
    def evidence(self) -> str:
        period = f", {self.left.period}" if self.left.period else ""
        return f"{self.left.text} (needs {OPS[self.op][1]} {self.right.text}){period}"


def check(cat: Catalog, text: str, kind: str, op: str, than, **params) -> Claim:
    """Evaluate a claim: figure(kind, **params) <op> than."""
    if not isinstance(text, str) or not text.strip():
        raise MacroError("a claim starts with the sentence it checks, in quotes.", argument="text")
    if op not in OPS:
        raise unknown("comparison", op, OPS, argument="op")
    left = figures.evaluate(cat, kind, **params)
    if isinstance(than, dict):
        spec = dict(than)
        if "kind" not in spec:
            raise MacroError("a figure to compare with needs a kind, e.g. {'kind': 'share', 'country': 'US'}.", argument="than")
        right = figures.evaluate(cat, spec.pop("kind"), **spec)
    elif isinstance(than, (int, float)) and not isinstance(than, bool):
        right = figures.Figure(float(than), md_inline(f"{than:g}"))
    else:
        raise MacroError(f"a claim compares with a number or a figure mapping, got {than!r}.", argument="than")
    if left.value is None or right.value is None:
        raise MacroError(f"figure {kind!r} is a name, not a number: a claim cannot compare it.", argument="kind")
    return Claim(text.strip(), bool(OPS[op][0](left.value, right.value)), left, op, right)


def anchor_for(text: str, taken: set[str]) -> str:
    base = "claim-" + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "claim")
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    return anchor


def inline(claim: Claim) -> str:
    """The sentence as the page shows it, with its status in words and a mark."""
    mark = "✓" if claim.holds else "✗"
    state = "holds" if claim.holds else "fails"
    return (
        f'<span class="ts-claim ts-claim--{state}" id="{escape(claim.anchor)}">'
        f'<span class="ts-claim__text">{md_inline(claim.text)}</span> '
        f'<span class="ts-claim__status">{mark} {claim.status}:</span> '  # the evidence holds parentheses
        f'<span class="ts-claim__evidence">{escape(claim.evidence)}</span></span>'
    )


def listing(claims: list[Claim], base: str) -> str:
    """Every claim of the site, overturned ones first, linked to where it is made."""
    if not claims:
        return "<p>No page makes a claim yet.</p>"
    ordered = sorted(claims, key=lambda c: (c.holds, c.page, c.line or 0))
    rows = []
    for c in ordered:
        where = f'<a href="{escape(base + c.url)}#{escape(c.anchor)}">{escape(c.page)}</a>' + (f", line {c.line}" if c.line else "")
        rows.append(
            f'<tr class="ts-claim-row ts-claim-row--{"holds" if c.holds else "fails"}">'
            f"<td>{'✓' if c.holds else '✗'} {escape(c.status)}</td><td>{escape(c.text)}</td>"
            f"<td>{escape(c.evidence)}</td><td>{where}</td></tr>"
        )
    failing = sum(not c.holds for c in claims)
    summary = f"<p>{len(claims)} claims on the site; {failing} no longer hold{'s' if failing == 1 else ''}.</p>"
    return (
        summary + '<div class="ts-table-wrap" tabindex="0"><table class="ts-table"><thead><tr>'
        '<th scope="col">Status</th><th scope="col">Claim</th><th scope="col">The figures behind it</th>'
        '<th scope="col">Where</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>"
    )
