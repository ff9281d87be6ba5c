"""Claims: sentences the story makes, checked against the data on every build.

`claim("Six of the top ten models are Chinese", "count", ">=", 6, country="CN", n=10)`
evaluates a figure, compares it (with a number, or with another figure given as
a mapping such as `{"kind": "share", "country": "US"}`) and shows the sentence
with whether it held, in the past tense and with the week it was checked on
("✓ held in the week of 10 Aug 2026: 57.3 % (needs more than 35.5 %)"), since the
next week's data may say otherwise. A figure of no week (the seed article,
list prices) says so after its numbers instead. Every claim of a build is
collected so the Claims page can list them all, overturned ones first.

A claim keeps how it was asked (kind, comparison, parameters), so `at_week`
can check it again against any full week: each "latest" week of its figures
becomes that week (the weekly briefing says which claims changed status).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field, replace
from html import escape

from macros.pages import numbers
from macros.data.catalog import Catalog
from macros.core.errors import MacroError, unknown
from macros.core.params import Week
from macros.core.registry import REGISTRY
from macros.core.safe import md_inline

OPS = {
    ">": (operator.gt, "more than"), ">=": (operator.ge, "at least"), "<": (operator.lt, "less than"),
    "<=": (operator.le, "at most"), "==": (operator.eq, "exactly"), "!=": (operator.ne, "anything but"),
}
PLACEHOLDER = '<div class="ts-claims" data-ts-claims="all"></div>'

# The periods numbers.py gives, read back as when a figure was measured.
_SCOPE = re.compile(r"^(top \d+), (.+)$")  # fig_count: "top 10, week of 10 Aug 2026"
_WEEK = re.compile(r"^week of (.+?)(?: to (.+))?$")  # fig_change: "week of 4 May 2026 to 10 Aug 2026"
_MONTH = re.compile(r"^month of (.+)$")
_SNAPSHOT = re.compile(r"^(benchmark snapshot of .+)$")


def when(period: str) -> tuple[str, str, str]:
    """A figure's period read as (when it was measured, as "in the week of 10 Aug 2026" or "" when
    it names no week, month or snapshot; what it counts among, as "top 10"; the rest of the period)."""
    scope, rest = "", period
    match = _SCOPE.match(rest)
    if match:
        scope, rest = match.groups()
    if match := _WEEK.match(rest):
        start, end = match.groups()
        return (f"from the week of {start} to the week of {end}" if end else f"in the week of {start}"), scope, ""
    if match := _MONTH.match(rest):
        return f"in {match.group(1)}", scope, ""
    if match := _SNAPSHOT.match(rest):
        return f"in the {match.group(1)}", scope, ""
    return "", scope, rest


@dataclass(frozen=True)
class Claim:
    text: str
    holds: bool
    left: numbers.Figure
    op: str
    right: numbers.Figure
    page: str = ""
    url: str = ""
    line: int | None = None
    anchor: str = ""
    # how it was asked, so it can be checked against another week (at_week)
    kind: str = field(default="", compare=False)
    than: object = field(default=None, compare=False)
    params: tuple = field(default=(), compare=False)  # (name, value) pairs, as given

    @property
    def status(self) -> str:
        """'held in the week of 10 Aug 2026', 'did not hold in ...'; 'held' alone for a figure of no week."""
        checked = when(self.left.period)[0]
        return f"{self.verdict} {checked}" if checked else self.verdict

    @property
    def verdict(self) -> str:
        return "held" if self.holds else "did not hold"

    @property
    def evidence(self) -> str:
        _, scope, rest = when(self.left.period)
        value = f"{self.left.text} of the {scope}" if scope else self.left.text
        return f"{value} (needs {OPS[self.op][1]} {self.right.text})" + (f", {rest}" if rest else "")


def check(cat: Catalog, text: str, kind: str, op: str, than, **params) -> Claim:
    """Evaluate a claim: figure(kind, **params) <op> than."""
    if not isinstance(text, str) or not text.strip():
        raise MacroError("a claim starts with the sentence it checks, in quotes.", argument="text")
    if op not in OPS:
        raise unknown("comparison", op, OPS, argument="op")
    left = numbers.evaluate(cat, kind, **params)
    if isinstance(than, dict):
        spec = dict(than)
        if "kind" not in spec:
            raise MacroError("a figure to compare with needs a kind, e.g. {'kind': 'share', 'country': 'US'}.", argument="than")
        right = numbers.evaluate(cat, spec.pop("kind"), **spec)
    elif isinstance(than, (int, float)) and not isinstance(than, bool):
        right = numbers.Figure(float(than), md_inline(f"{than:g}"))
    else:
        raise MacroError(f"a claim compares with a number or a figure mapping, got {than!r}.", argument="than")
    if left.value is None or right.value is None:
        raise MacroError(f"figure {kind!r} is a name, not a number: a claim cannot compare it.", argument="kind")
    return Claim(text.strip(), bool(OPS[op][0](left.value, right.value)), left, op, right,
                 kind=kind, than=than, params=tuple(params.items()))


def _at(kind: str, params: dict, week: str) -> dict | None:
    """A figure's parameters with each week that is (or defaults to) "latest" set to `week`; None when it has none."""
    out, moved = dict(params), False
    for param in REGISTRY.get("figure", kind, argument="kind").params:
        if isinstance(param.type, Week) and out.get(param.name, param.default) == "latest":
            out[param.name], moved = week, True
    return out if moved else None


def at_week(cat: Catalog, claim: Claim, week: str) -> Claim | None:
    """`claim` checked against the week starting `week` (YYYY-MM-DD), keeping its page, line and anchor;
    None when none of its figures is of the latest week (it reads the same every week) or the week
    has no such figure (a lab not ranked that week)."""
    left = _at(claim.kind, dict(claim.params), week)
    than = claim.than
    if isinstance(than, dict) and "kind" in than:
        spec = {k: v for k, v in than.items() if k != "kind"}
        moved = _at(than["kind"], spec, week)
        than = {"kind": than["kind"], **moved} if moved is not None else than
        if left is None and moved is None:
            return None
    elif left is None:
        return None
    try:
        again = check(cat, claim.text, claim.kind, claim.op, than, **(left if left is not None else dict(claim.params)))
    except MacroError:
        return None
    return replace(again, page=claim.page, url=claim.url, line=claim.line, anchor=claim.anchor)


def anchor_for(text: str, taken: set[str]) -> str:
    base = "claim-" + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "claim")
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    return anchor


def inline(claim: Claim) -> str:
    """The sentence as the page shows it, with its status in words and a mark, and the week checked on."""
    mark = "✓" if claim.holds else "✗"
    state = "holds" if claim.holds else "fails"
    return (
        f'<span class="ts-claim ts-claim--{state}" id="{escape(claim.anchor)}">'
        f'<span class="ts-claim__text">{md_inline(claim.text)}</span> '
        f'<span class="ts-claim__status"><span class="ts-claim__verdict">{mark} {claim.verdict}</span>'
        f'{escape(claim.status.removeprefix(claim.verdict))}:</span> '  # the evidence holds parentheses
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
    summary = (f"<p>{len(claims)} claims on the site, each checked against the data when the site was built; "
               f"{failing} did not hold.</p>")
    return (
        summary + '<div class="ts-table-wrap" tabindex="0"><table class="ts-table"><thead><tr>'
        '<th scope="col">Status</th><th scope="col">Claim</th><th scope="col">The figures behind it</th>'
        '<th scope="col">Where</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>"
    )
