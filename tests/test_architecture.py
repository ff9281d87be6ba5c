"""The shape of `macros/`: stages that import in one direction, an entry point that loads only what
it needs, modules small enough to read, and a README whose map matches the tree."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "macros"

# The engine's stages, lowest first: a module imports from its own stage or a lower one.
STAGES = ("core", "data", "series", "charts", "publish", "pages", "mkdocs")
# Beside the stages: what each may import from the package.
OUTSIDE = {
    "ingest": {"core", "data", "ingest"},  # the importer writes data/; it never draws or renders
    "cli": {"core", "data"},  # `python -m macros.cli validate`
}
MAX_LINES = 300


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _part(path: Path) -> str:
    """The stage (or `ingest`, `cli`, `__init__`) a file of the package belongs to."""
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, lazy ones inside functions too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = path.relative_to(ROOT).with_suffix("").parts[: -node.level]
                module = ".".join(base + ((node.module,) if node.module else ()))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{a.name}") for a in node.names if module == "macros"]
    return found


def _stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "macros" and len(parts) > 1 else None


def _allowed(part: str) -> set[str]:
    if part in STAGES:
        return set(STAGES[: STAGES.index(part) + 1])
    return OUTSIDE.get(part, set(STAGES) | set(OUTSIDE))  # __init__.py registers macros: anything


def test_every_import_of_the_package_goes_down_the_stages():
    wrong = []
    for path in _modules():
        part = _part(path)
        for line, module in _imports(path):
            target = _stage_of(module)
            if target and target not in _allowed(part):
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({part}) imports {module}")
    assert not wrong, "imports against the direction of the stages:\n" + "\n".join(wrong)


def test_only_the_adapter_imports_mkdocs():
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _modules() if _part(path) != "mkdocs"
        for line, module in _imports(path) if module.split(".")[0] in ("mkdocs", "mkdocs_macros", "material")
    ]
    assert not wrong, "\n".join(wrong)


def test_the_direction_check_sees_a_wrong_import(tmp_path):
    """The checker itself: a data module importing a chart builder is caught."""
    fake = PACKAGE / "data" / "reader.py"
    assert _allowed(_part(fake)) == {"core", "data"}
    assert _stage_of("macros.charts.builders") == "charts"
    probe = tmp_path / "macros" / "data" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("def f():\n    from macros.charts import builders\n")
    assert _imports(probe) == [(2, "macros.charts")]


@pytest.mark.parametrize("command", [
    ["-m", "macros.cli", "validate"],
    ["-m", "macros.ingest", "--help"],
])
def test_the_cli_and_the_importer_start_without_the_charting_libraries(command):
    """`python -X importtime` lists every module a command imported: none of Altair, vl-convert, MkDocs."""
    done = subprocess.run([sys.executable, "-X", "importtime", *command], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "macros.data.catalog" in imported or command[1] == "macros.ingest"  # the probe sees our imports
    heavy = sorted(m for m in imported if m.split(".")[0] in ("altair", "vl_convert", "mkdocs", "mkdocs_macros", "vegafusion"))
    assert not heavy, f"{' '.join(command)} imported {heavy}"


def test_no_module_is_over_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def _readme_table() -> list[str]:
    """The paths (`folder/` or `folder/module.py`) named in the first column of README's table of macros/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- macros-table -->")[1].split("<!-- /macros-table -->")[0]
    return [m.group(1) for m in re.finditer(r"^\| `([^`]+)` \|", section, re.M)]


def test_the_readme_maps_every_module_and_only_modules_that_exist():
    named = _readme_table()
    tree = {str(p.relative_to(PACKAGE)) for p in _modules() if p.name != "__init__.py" or p.parent == PACKAGE}
    folders = {str(p.parent.relative_to(PACKAGE)) + "/" for p in _modules() if p.parent != PACKAGE}
    missing = sorted((tree | folders) - set(named))
    ghosts = sorted(set(named) - tree - folders)
    assert not missing, f"README.md's table of macros/ does not name {missing}"
    assert not ghosts, f"README.md's table of macros/ names what is not there: {ghosts}"
