"""The GitHub Actions workflows, checked statically (no GitHub run is possible here).

actionlint (with shellcheck for the run: scripts) and zizmor (offline) come
pinned from PyPI in requirements-dev.txt; each is first shown a broken
workflow, so a linter that silently checks nothing cannot pass. Then the
promises of the workflows are read from their YAML: what runs, who may write,
what is pinned, where the secret goes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
SEVERE = {"medium", "high"}

BROKEN = """name: broken
on:
  pull_request_target:
permissions: write-all
jobs:
  x:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}" ${{ matrix.nope }}
      - run: cd $UNQUOTED && ls `pwd`
"""


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable}: run make test (it installs requirements-dev.txt)")
    return str(path)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def ci() -> dict:
    return load(ROOT / ".github" / "workflows" / "ci.yml")


def refresh() -> dict:
    return load(ROOT / ".github" / "workflows" / "refresh.yml")


def steps_text(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) for step in job.get("steps", []))


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job.get("steps", []) if "uses" in step]


# --- the linters -------------------------------------------------------------------


def run_actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("actionlint"), "-no-color", "-shellcheck", tool("shellcheck"), *map(str, files)],
                          capture_output=True, text=True, env=ENV, cwd=ROOT)


def run_zizmor(target: Path) -> list[dict]:
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--format", "json", "--min-severity", "medium",
                             str(target)], capture_output=True, text=True, env=ENV, cwd=ROOT)
    assert result.returncode in (0, 11, 12, 13, 14), result.stderr[-2000:]  # 1x: findings of some severity
    return json.loads(result.stdout or "[]")


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "refresh.yml"}


def test_actionlint_finds_nothing_in_our_workflows():
    result = run_actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_actionlint_and_its_shellcheck_catch_a_broken_workflow(tmp_path):
    bad = tmp_path / "broken.yml"
    bad.write_text(BROKEN, encoding="utf-8")
    result = run_actionlint(bad)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout and "[expression]" in result.stdout  # expression injection
    assert "shellcheck reported issue" in result.stdout  # the run: script is checked too


def test_zizmor_finds_nothing_of_medium_or_higher_severity():
    findings = run_zizmor(ROOT / ".github" / "workflows")
    severe = [f"{f['ident']} ({f['determinations']['severity']}): {f['desc']}" for f in findings
              if f["determinations"]["severity"].lower() in SEVERE and not f.get("ignored")]
    assert severe == []


def test_zizmor_flags_a_broken_workflow_offline(tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "broken.yml").write_text(BROKEN, encoding="utf-8")
    idents = {f["ident"] for f in run_zizmor(tmp_path / ".github" / "workflows")}
    assert {"template-injection", "dangerous-triggers", "unpinned-uses"} <= idents


# --- what the workflows promise ----------------------------------------------------------


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        refs = re.findall(r"uses:\s*(\S+)(.*)", text)
        assert refs, path
        for ref, comment in refs:
            if ref.startswith("./"):
                continue
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path.name}: {ref} is not pinned by commit"
            assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{path.name}: {ref} has no version comment"


def test_least_permissions():
    flow = ci()
    assert flow["permissions"] == {"contents": "read"}
    jobs = flow["jobs"]
    for name, job in jobs.items():
        perms = job.get("permissions", {})
        if name != "deploy":
            assert "id-token" not in perms and perms.get("pages") != "write", name
        assert "write" not in {v for k, v in perms.items() if k != "pages" and k != "id-token"}, name
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert refresh()["permissions"] == {}


def test_checks_run_on_pull_requests_and_pushes_to_main():
    flow = ci()
    assert "pull_request" in flow["on"] and flow["on"]["push"]["branches"] == ["main"]
    assert "pull_request_target" not in flow["on"]
    check = flow["jobs"]["check"]
    assert "bookworm" in check["container"]["image"]  # Debian, so apt's chromium is the real browser
    script = steps_text(check)
    for command in ("apt-get install", "chromium", "make validate", "make test", "make build", "make linkcheck", "weights"):
        assert command in script, command
    order = [script.index(c) for c in ("make validate", "make test", "make build", "make linkcheck", "weights")]
    assert order == sorted(order)
    assert any(u.startswith("actions/upload-artifact@") for u in uses(check))
    assert any(u.startswith("actions/cache@") for u in uses(check))
    assert "hashFiles('requirements*.txt')" in (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert "-q" not in script.split()  # mkdocs build --strict -q would hide errors


def test_python_is_set_up_with_a_pip_cache_keyed_on_the_requirements():
    for flow in (ci(), refresh()):
        for job in flow["jobs"].values():
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/setup-python@"):
                    assert step["with"]["cache"] == "pip"
                    assert step["with"]["cache-dependency-path"] == "requirements*.txt"
                    assert str(step["with"]["python-version"]) == "3.11"


def test_publishing_waits_for_every_check_and_for_a_change_to_the_site():
    jobs = ci()["jobs"]
    build = jobs["pages-build"]
    assert set(build["needs"]) == {"check", "changes"}
    assert "refs/heads/main" in build["if"] and "needs.changes.outputs.site == 'true'" in build["if"]
    assert "always()" not in build["if"] and "failure()" not in build["if"]
    assert "zensical" not in build["needs"]  # the portability watch never gates publishing
    text = (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    for path in ("data/", "docs/", "macros/", "mkdocs\\.yml", "requirements"):
        assert path in text, path
    assert "SITE_URL=" in steps_text(build) and "steps.pages.outputs.base_url" in text
    # what is published is drawn whole: built by `make build` (which sets TOKENSHARE_PICTURES=on,
    # tests/test_build_machinery.py), never by mkdocs directly, and no workflow turns pictures off
    assert "make build" in steps_text(build) and "mkdocs build" not in steps_text(build)
    assert not [f.name for f in WORKFLOWS if "TOKENSHARE_PICTURES" in f.read_text(encoding="utf-8")]
    assert [u.split("@")[0] for u in uses(build)][-1] == "actions/upload-pages-artifact"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "pages-build"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "github-pages"
    assert [u.split("@")[0] for u in uses(deploy)] == ["actions/deploy-pages"]


def test_the_zensical_watch_is_non_blocking_and_pinned():
    job = ci()["jobs"]["zensical"]
    assert job["continue-on-error"] is True
    script = steps_text(job)
    assert "requirements-zensical.txt" in script and "zensical build" in script and "compare_builds.py" in script
    pins = (ROOT / "requirements-zensical.txt").read_text(encoding="utf-8")
    assert re.search(r"^zensical==\d+\.\d+\.\d+$", pins, flags=re.M)


def test_the_refresh_opens_a_pull_request_and_never_pushes_to_main():
    flow = refresh()
    assert set(flow["on"]) == {"schedule", "workflow_dispatch"}  # never a pull request: forks never see the secret
    job = flow["jobs"]["refresh"]
    script = steps_text(job)
    for command in ("make fetch", "make validate", "refresh_summary.py", "gh pr create", "data-refresh/", "gh workflow run ci.yml"):
        assert command in script, command
    assert not re.search(r"git push[^\n]*\b(main|master)\b", script)
    assert "HEAD:refs/heads/${branch}" in script
    # the secret reaches one step, through its environment, never a command line
    secret_steps = [s for s in job["steps"] if "secrets." in json.dumps(s)]
    assert len(secret_steps) == 1 and secret_steps[0]["env"] == {"OPENROUTER_API_KEY": "${{ secrets.OPENROUTER_API_KEY }}"}
    assert "secrets." not in (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "actions": "write"}


def test_ci_entry_point_still_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", script, flags=re.M) and re.search(r"^make build$", script, flags=re.M)
