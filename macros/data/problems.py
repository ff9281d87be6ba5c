"""What is wrong with a dataset, said exactly: file, line, column, the bad value and what was expected.

Every check (reading a file, typing its cells, the checks across rows and
datasets, the importer's) reports the same `Problem`s, so one report reads the same whatever found them.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_PER_COLUMN = 20  # beyond this, one summary line per column keeps a report readable


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        got = "" if self.value is None else f"got {_show(self.value)}, "
        return f"{', '.join(parts)}: {got}expected {self.expected}"


class DataError(ValueError):
    """One or more datasets failed validation; `problems` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} data problem(s):\n{lines}")


def _show(value: str) -> str:
    text = value if len(value) <= 60 else value[:57] + "..."
    return repr(text)
