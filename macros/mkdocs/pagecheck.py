"""A page's Markdown before Jinja renders it: code kept literal, mistakes found early.

`protect_code` wraps fenced code blocks and inline code in `{% raw %}` so a
`{{ ... }}` shown as an example is never evaluated. `check_template` reports
syntax errors and calls to names that do not exist, with the line and a
suggestion, so one page's typo does not stop the build before every other
page has been checked; a `{{` or `{%` left open is named at the line where it
opens (`never_closed`), not where Jinja gave up. A page with unknown names is
still rendered, each name set to a `StandIn` that shows and records nothing, so
its other calls report their own mistakes too.
"""

from __future__ import annotations

import re

from jinja2 import Environment, TemplateSyntaxError, nodes

from macros.core import memo
from macros.core.errors import did_you_mean

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)")
RAW_OPEN, RAW_CLOSE = "{% raw %}", "{% endraw %}"


def _raw(text: str) -> str:
    # A literal '{% endraw %}' inside code would end the raw block early: split it.
    return RAW_OPEN + text.replace(RAW_CLOSE, RAW_CLOSE + "{{ '{% endraw %}' }}" + RAW_OPEN) + RAW_CLOSE


def protect_code(markdown: str) -> str:
    """Markdown with every code block and code span made literal for Jinja; lines unchanged."""
    out: list[str] = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match:
            fence = match.group("fence")
            j = i + 1
            while j < len(lines) and not re.match(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", lines[j]):
                j += 1
            block = "\n".join(lines[i : j + 1])
            if "{{" in block or "{%" in block or "{#" in block:
                block = _raw(block)
            out.append(block)
            i = j + 1
            continue
        line = lines[i]
        if "`" in line and ("{{" in line or "{%" in line or "{#" in line):
            line = INLINE_CODE.sub(lambda m: _raw(m.group(0)) if "{" in m.group("body") else m.group(0), line)
        out.append(line)
        i += 1
    return "\n".join(out)


_CHECKED: dict[tuple[str, frozenset], list] = memo.table("page syntax checks")  # a page unchanged since the last rebuild is not parsed again


def check_template(env: Environment, markdown: str, known: set[str]) -> list[tuple[int | None, str, str | None]]:
    """(line, message, the unknown name or None for a syntax error) for each mistake found before rendering."""
    key = (markdown, frozenset(known))
    if key not in _CHECKED:
        if len(_CHECKED) > 500:
            _CHECKED.clear()
        _CHECKED[key] = _check_template(env, markdown, known)
    return list(_CHECKED[key])


def _check_template(env: Environment, markdown: str, known: set[str]) -> list[tuple[int | None, str, str | None]]:
    try:
        tree = env.parse(markdown)
    except TemplateSyntaxError as exc:
        unclosed = never_closed(markdown)
        if unclosed:
            return [(*unclosed, None)]
        return [(exc.lineno, f"template syntax error: {exc.message}. Check the braces of the macro call.", None)]
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    problems = []
    seen = set()
    for node in tree.find_all(nodes.Name):
        if node.ctx != "load" or node.name in known or node.name in assigned or node.name in seen:
            continue
        seen.add(node.name)
        guess = did_you_mean(node.name, known)
        hint = f" Did you mean {guess!r}?" if guess else ""
        problems.append((node.lineno, f"unknown macro or variable {node.name!r}.{hint}", node.name))
    return problems


STAND_IN = "tokenshare_unknown"  # the variable every unknown name of a page is set to (see `stand_in`)


class StandIn:
    """What an unknown name stands for while the rest of its page is rendered, so that the page's other
    calls still run and report their own mistakes: called, or asked for an attribute or an item, it is
    itself; it shows as nothing and records nothing (its own mistake is recorded already)."""

    def __call__(self, *args, **kwargs):
        return self

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self

    def __iter__(self):
        return iter(())

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""

    def _nothing(self, *other):
        return self

    def _false(self, other) -> bool:
        return False

    __html__ = __str__
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _nothing
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pow__ = __rpow__ = __neg__ = __pos__ = _nothing
    __lt__ = __le__ = __gt__ = __ge__ = _false


def stand_in(markdown: str, names: list[str]) -> str:
    """The page with each unknown name set to the stand-in, on its first line: no line moves."""
    return "".join(f"{{% set {name} = {STAND_IN} %}}" for name in names) + markdown


CLOSERS = {"{{": "}}", "{%": "%}"}
_OPENER = re.compile(r"\{[{%#]")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def never_closed(markdown: str) -> tuple[int, str] | None:
    """(line, message) for the first `{{` or `{%` whose closing braces never come (another block opens
    first, or the page ends): Jinja would name the line where it gave up, not where the call starts."""
    pos = 0
    while (match := _OPENER.search(markdown, pos)) is not None:
        start, opener = match.start(), match.group(0)
        if opener == "{%" and (raw := _RAW.match(markdown, start)):
            end = _ENDRAW.search(markdown, raw.end())
            pos = end.end() if end else len(markdown)
            continue
        if opener == "{#":  # a comment holds anything up to its end; Jinja's own message says it is unclosed
            end = markdown.find("#}", start + 2)
            if end < 0:
                return None
            pos = end + 2
            continue
        end = _close(markdown, start + 2, CLOSERS[opener])
        if end is None:
            line_no = markdown.count("\n", 0, start) + 1
            text = markdown[start:].split("\n", 1)[0].rstrip()
            shown = text if len(text) <= 20 else text[:17] + "..."
            return line_no, f'"{shown}" opens {opener} and is never closed ({CLOSERS[opener]} expected)'
        pos = end
    return None


def _close(markdown: str, pos: int, closer: str) -> int | None:
    """Where the block that starts before `pos` ends, or None when another block opens first or the page
    ends. Quoted text is skipped (a quote left open ends with its line, as a call's text never spans lines)."""
    quote = None
    while pos < len(markdown):
        char = markdown[pos]
        if quote:
            if char == "\\":
                pos += 1
            elif char == quote or char == "\n":
                quote = None
        elif char in "'\"":
            quote = char
        elif markdown.startswith(closer, pos):
            return pos + len(closer)
        elif markdown.startswith("{{", pos) or markdown.startswith("{%", pos):
            return None
        pos += 1
    return None
