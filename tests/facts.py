"""FACTS.md §2, read from the frozen copy in tests/fixtures: what the site must compute from the
real rows of tests/fixtures/openrouter (to 0.1 point). Literal figures belong to frozen fixtures only."""

from __future__ import annotations

import re
from pathlib import Path

FACTS = Path(__file__).resolve().parent / "fixtures" / "FACTS.md"


def facts_weeks() -> dict[str, dict]:
    """Week -> total (T) and shares by country group, for the 12 full weeks of §2's table."""
    out = {}
    for line in FACTS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (2026-\d\d-\d\d) \| 7 \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", line)
        if m:
            out[m.group(1)] = dict(zip(["total_t", "US", "CN", "OTHER", "UNKNOWN"], map(float, m.groups()[1:])))
    assert len(out) == 12, "FACTS.md §2 should list 12 full weeks"
    return out


def facts_weekly_table() -> dict[str, dict[str, float]]:
    """Week -> {US, CN, OTHER, UNKNOWN} shares."""
    return {week: {k: v for k, v in row.items() if k != "total_t"} for week, row in facts_weeks().items()}


def facts_author_tokens(week: str) -> dict[str, float]:
    """§2's 'Tokens by author (billions)' paragraph of one week."""
    text = " ".join(FACTS.read_text(encoding="utf-8").split())
    body = re.search(rf"Week starting {week} \(total [\d,.]+ B\): (.*?)\.(?: |$)", text).group(1)
    out = {}
    for part in body.split("; "):
        name, value = re.match(r"(\S+)(?: \(stealth\))? ([\d,.]+)$", part.strip()).groups()
        out[name] = float(value.replace(",", ""))
    return out
