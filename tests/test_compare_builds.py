"""scripts/compare_builds.py: the portability watch's report, on two fixture builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import compare_builds

ROOT = Path(__file__).resolve().parent.parent

PAGE = '<html><head><title>{title}</title></head><body>{body}</body></html>'
CHART = '<figure class="ts-chart"><table></table></figure>'


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_report_lists_pages_files_and_what_the_macros_made(tmp_path):
    mkdocs = write(tmp_path / "mkdocs", {
        "index.html": PAGE.format(title="Home", body=CHART + CHART),
        "data/index.html": PAGE.format(title="Data", body="<table></table>"),
        "assets/charts/a.svg": "<svg/>", "assets/charts/b.svg": "<svg/>", "sitemap.xml": "<urlset/>",
    })
    other = write(tmp_path / "other", {
        "index.html": PAGE.format(title="Home", body='<p>{{ chart("x") }}</p><code>{{ shown }}</code>'),
        "search.json": "{}",
    })
    log = write(tmp_path, {"build.log": "first\nlast line of the log\n"}) / "build.log"
    text = compare_builds.report(mkdocs, other, status="1", log=log)
    assert "- `zensical build` exit status: **1**" in text
    assert "- Files: MkDocs 5, Zensical 2" in text
    assert "only in MkDocs: `data/index.html`; only in Zensical: none" in text
    assert "- Other files only in MkDocs: `assets/charts/` (2), `sitemap.xml`" in text
    assert "- Other files only in Zensical: `search.json`" in text
    assert "| `index.html` | yes | 2 / 0 | 2 / 0 | 1 |" in text  # code is shown, not counted as a macro left
    assert "last line of the log" in text


def test_nothing_built_is_reported_and_the_command_never_fails(tmp_path):
    mkdocs = write(tmp_path / "mkdocs", {"index.html": PAGE.format(title="Home", body="")})
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "compare_builds.py"), str(mkdocs), str(tmp_path / "missing"),
                             "--status", "1"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Zensical built nothing: see its log below." in result.stdout
    assert "HTML pages: MkDocs 1, Zensical 0; only in MkDocs: `index.html`" in result.stdout
