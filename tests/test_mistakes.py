"""Editors' mistakes: every one at its own line, all of them at once, with what was meant."""

from __future__ import annotations

import pytest

from macros.core.errors import ErrorLog


def test_a_builds_mistakes_are_listed_by_file_then_line():
    log = ErrorLog()
    log.add("docs/b.md", 9, "chart", "nine")
    log.add("docs/a.md", 12, "", "twelve")
    log.add("docs/b.md", 2, "", "two")
    log.add("docs/a.md", None, "", "no line")
    log.add("docs/a.md", 3, "figure", "three")
    assert log.report().splitlines() == [
        "5 mistake(s) in the pages:",
        "  - docs/a.md: no line",
        "  - docs/a.md, line 3 in figure(): three",
        "  - docs/a.md, line 12: twelve",
        "  - docs/b.md, line 2: two",
        "  - docs/b.md, line 9 in chart(): nine",
    ]
