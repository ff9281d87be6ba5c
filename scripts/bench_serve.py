"""The preview (`mkdocs serve`): the rebuild after a one-row CSV edit and after a page-text edit.

    python scripts/bench_serve.py [--edits 3] [--out bench-out] [--full] [--profile]

Part of `make bench` (scripts/bench.py calls `run` and `report`), runnable alone
in about two minutes. On the SYNTHETIC 1× data (scripts/synthetic_data.py),
with an editor's warm cache (one `mkdocs build` first) and a copy of the pages
(docs/ is never written): one `mkdocs serve` (scripts/timed_serve.py) gets
`--edits` one-row CSV edits, then as many page-text edits (a sentence of
countries.md changes), each timed from the rebuild's start (reading the
configuration) to the end of its build, with the machine idle in between
(the picture worker done). A browser is played (`Browser`): countries/ is open
throughout, as an editor's page is, asking the server whether to reload as
MkDocs' livereload script does. After a data edit the preview renders the open
page and leaves the others to a second rebuild just after (mkdocs/openpages.py):
the time a save takes to show in the open page is the first rebuild's, the time
until every page is new is both (the second starts once the browsers have
reloaded: the server idle for a second). Plain `mkdocs build`s of the same pages, in a
fresh process, are the yardstick (issue 16: ≤ 2.0 and ≤ 1.5). `--full` adds the
rebuilds with pictures drawn during them and the floor (every macro's output
replayed); `--profile` writes each rebuild's cProfile to OUT/serve-profile/
and prints its main lines.
"""

from __future__ import annotations

import argparse
import os
import pstats
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

BOUNDS = {"csv": 2.0, "text": 1.5}  # rebuild after the edit / plain `mkdocs build`, issue 16
TEXT_PAGE = "countries.md"
OPEN_PAGE = "countries/"  # the page the played browser shows
SECOND = "rendered in a second rebuild"  # what the preview logs when a rebuild leaves pages for the next
TEXT_LINE = "Every model on OpenRouter belongs to a lab"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Serve:
    """`mkdocs serve` in a subprocess on a loopback port; the build times it logs."""

    def __init__(self, config: Path, data: Path, cache: Path, defer: bool | None = None, replay: bool = False,
                 profile: Path | None = None):
        import bench

        self.port = free_port()
        env = {**bench.ENV, "TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(cache)}
        if replay:  # timed_serve.py: every page's macro output replayed from the first build
            env["TOKENSHARE_BENCH_REPLAY_MACROS"] = "1"
        if profile is not None:
            env["TOKENSHARE_BENCH_PROFILE"] = str(profile)
        if defer is not None:
            env["TOKENSHARE_DEFER_PICTURES"] = "1" if defer else "0"
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "timed_serve.py"), "-f", str(config), "--dev-addr", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=config.parent, text=True)
        self.lines: list[str] = []
        self.builds: list[float] = []
        self.followed: set[int] = set()  # builds (0: the first) that left pages for the next one
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            if "Documentation built in" in line and not self.builds:
                self.builds.append(float("nan"))  # the first build (not a rebuild)
            if SECOND in line:
                self.followed.add(len(self.builds))
            found = re.search(r"timed-serve rebuild ([0-9.]+)", line)
            if found:
                self.builds.append(float(found.group(1)))

    def wait_builds(self, count: int, timeout: float = 300) -> float:
        end = time.monotonic() + timeout
        while len(self.builds) < count:
            if time.monotonic() > end or self.proc.poll() is not None:
                raise RuntimeError("mkdocs serve did not rebuild:\n" + "".join(self.lines[-40:]))
            time.sleep(0.05)
        return self.builds[count - 1]

    def edit_shown(self, count: int) -> tuple[float, float]:
        """After an edit: seconds of the rebuild that shows it in the open page (build `count`), and
        of the rebuilds until every page is new (the second, if that rebuild left pages for one)."""
        first = self.wait_builds(count)
        return first, first + (self.wait_builds(count + 1) if count - 1 in self.followed else 0.0)

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def page(self, path: str) -> str:
        return urllib.request.urlopen(self.url(path), timeout=10).read().decode()

    def pictures_ready(self, page: str, timeout: float = 120) -> float:
        """Seconds until every picture the page shows is served (the worker has drawn them)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            try:
                sources = re.findall(r'(?:src|srcset)="([^"]+\.svg)"', self.page(page))
                missing = 0
                for src in sources:
                    try:
                        urllib.request.urlopen(urllib.parse.urljoin(self.url(page), src), timeout=10).read()
                    except OSError:
                        missing += 1
                if sources and not missing:
                    return time.monotonic() - start
            except OSError:
                pass
            time.sleep(0.1)
        return float("nan")

    def workers_done(self, timeout: float = 300) -> None:
        """Wait until no picture worker of this server runs (they draw every page's pictures),
        so that each rebuild timed starts on an idle machine, as the plain builds do."""
        end = time.monotonic() + timeout
        while time.monotonic() < end and _children_running(self.proc.pid, "macros.publish.pictures"):
            time.sleep(0.1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Browser(threading.Thread):
    """A browser showing one page of a server: it loads the page, then asks as MkDocs' livereload
    script does (with the page as Referer) whether a newer build exists, and reloads when one does."""

    def __init__(self, server: Serve, path: str):
        super().__init__(daemon=True)
        self.server, self.path, self.loads = server, path, 0
        self.start()

    def run(self):
        while self.server.proc.poll() is None:
            try:
                found = re.search(r"livereload\((\d+), (\d+)\)", self.server.page(self.path))
                self.loads += 1
                request = urllib.request.Request(self.server.url(f"livereload/{found[1]}/{found[2]}"),
                                                 headers={"Referer": self.server.url(self.path)})
                while urllib.request.urlopen(request, timeout=90).read().decode() == found[1]:
                    pass  # no newer build within a minute: ask again
            except (OSError, TypeError):
                time.sleep(0.2)


def _children_running(pid: int, marker: str) -> bool:
    """Whether a process started by `pid` (Linux /proc) has `marker` in its command line."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid and marker in (stat.parent / "cmdline").read_bytes().decode(errors="replace"):
                return True
        except (OSError, IndexError, ValueError):
            continue
    return False


def edit_one_row(csv: Path, i: int) -> None:
    """Change the tokens of one row of the latest full week (so the latest charts change)."""
    lines = csv.read_bytes().split(b"\n")
    for j in range(len(lines) - 1, 0, -1):
        if lines[j].startswith(b"2026-08-13,") and b",other," not in lines[j]:
            fields = lines[j].split(b",")
            fields[6] = str(int(fields[6]) + 1_000_000 * (i + 1)).encode()
            lines[j] = b",".join(fields)
            break
    _save(csv, b"\n".join(lines))


def edit_page_text(page: Path, i: int) -> str:
    """Change one sentence of a page's prose (no macro call changes); returns the words now there."""
    text = page.read_text(encoding="utf-8")
    words = f"{TEXT_LINE} (edit {i + 1})"
    text = re.sub(re.escape(TEXT_LINE) + r"(?: \(edit \d+\))?", words, text, count=1)
    _save(page, text.encode("utf-8"))
    return words


def _save(path: Path, data: bytes) -> None:
    tmp = path.with_name(".edit.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # one change, as an editor's save is


def serve_rebuilds(config: Path, data: Path, cache: Path, edits: int, defer: bool | None = None, pictures: bool = False,
                   replay: bool = False, text_edits: int = 0, profile: Path | None = None, shows_data: bool = False) -> dict:
    """Rebuild times in one serve process: `edits` CSV edits, then `text_edits` page-text edits
    (`shows_data`: the open page's chart must change with each CSV edit)."""
    server = Serve(config, data, cache, defer, replay, profile)
    docs = config.parent / "docs"
    try:
        server.wait_builds(1, timeout=600)
        Browser(server, OPEN_PAGE)
        server.workers_done()
        time.sleep(1.0)
        if pictures:
            server.pictures_ready(OPEN_PAGE)
        times, every, ready, texts = [], [], [], []
        numbers = {"csv": [], "second": [], "text": []}  # which rebuild (1: the first after the start) was which
        for i in range(edits):
            before = server.page(OPEN_PAGE)
            edit_one_row(data / "openrouter_daily.csv", i)
            count = len(server.builds) + 1
            times.append(server.wait_builds(count))
            if shows_data and server.page(OPEN_PAGE) == before:
                raise RuntimeError(f"the open page {OPEN_PAGE} did not change with the data")
            if pictures:  # from the end of the rebuild that showed the edit
                ready.append(server.pictures_ready(OPEN_PAGE))
            every.append(server.edit_shown(count)[1])
            numbers["csv"].append(count - 1)
            if count - 1 in server.followed:
                numbers["second"].append(count)
            server.workers_done()
            time.sleep(1.0)
        for i in range(text_edits):
            words = edit_page_text(docs / TEXT_PAGE, i)
            count = len(server.builds) + 1
            texts.append(server.edit_shown(count)[0])
            numbers["text"].append(count - 1)
            if words not in server.page(OPEN_PAGE):
                raise RuntimeError(f"the served countries page does not show the edit {words!r}")
            server.workers_done()
            time.sleep(1.0)
        return {"rebuilds": times, "every_page": every, "pictures_ready": ready, "text": texts, "numbers": numbers}
    finally:
        server.stop()


def _data(out: Path) -> Path:
    import synthetic_data

    data = out / "data" / "1x"
    if not (data / "openrouter_daily.csv").exists():
        synthetic_data.make(data, 90, 51, 1, False)
    return data


def run(out: Path, edits: int = 3, repeat: int = 2, full: bool = False, profile: bool = False) -> dict:
    import bench

    serve_data = out / "serve-data"
    shutil.rmtree(serve_data, ignore_errors=True)
    shutil.copytree(_data(out), serve_data)
    macros_cfg = bench.project(out, "serve-macros", macros=True, watch=serve_data, copy_docs=True)
    plain_cfg = bench.project(out, "serve-plain", macros=False, watch=serve_data, data=serve_data)
    serve_cache = out / "cache" / "serve"
    shutil.rmtree(serve_cache, ignore_errors=True)  # an editor's warm cache: one build first
    bench.build(macros_cfg, serve_data, serve_cache, out / "site" / "serve-warm", out / "timings-serve.json")
    profiles = None
    if profile:
        profiles = out / "serve-profile"
        shutil.rmtree(profiles, ignore_errors=True)
        profiles.mkdir(parents=True)
    ours = serve_rebuilds(macros_cfg, serve_data, serve_cache, edits, pictures=True, text_edits=edits, profile=profiles,
                          shows_data=True)
    plain = serve_rebuilds(plain_cfg, serve_data, serve_cache, edits)
    result = {"ours": ours, "plain": plain, "edits": edits, "profiles": profiles}
    if full:
        result["sync"] = serve_rebuilds(macros_cfg, serve_data, serve_cache, max(2, edits // 2), defer=False)
        result["replay"] = serve_rebuilds(macros_cfg, serve_data, serve_cache, max(2, edits // 2), replay=True)
    result["plain_builds"] = [bench.build(plain_cfg, serve_data, serve_cache, out / "site" / "plain", out / "timings-plain.json",
                                          strict=False)["wall"] for _ in range(max(2, repeat))]
    base = bench.median(result["plain_builds"])
    result["csv_ratio"] = bench.median(ours["rebuilds"]) / base
    result["text_ratio"] = bench.median(ours["text"]) / base
    return result


def _runs(values, spec=".2f") -> str:
    return ", ".join(f"{v:{spec}}" for v in values)


def report(result: dict) -> list[str]:
    """Markdown lines: the table of rebuilds, then both ratios against their bounds."""
    import bench

    ours, plain, base = result["ours"], result["plain"], bench.median(result["plain_builds"])
    rows = [
        [f"ours: rebuild after a one-row CSV edit, to the open page ({OPEN_PAGE}) updated", _runs(ours["rebuilds"]),
         bench.fmt(bench.median(ours["rebuilds"]))],
        ["  to every page updated: both rebuilds (the second starts once the server has been idle 1 s)", _runs(ours["every_page"]),
         bench.fmt(bench.median(ours["every_page"]))],
        ["  the open page's pictures drawn (worker), after the first", _runs(ours["pictures_ready"], ".1f"), bench.fmt(bench.median(ours["pictures_ready"]))],
        ["ours: rebuild after a page-text edit (countries.md)", _runs(ours["text"]), bench.fmt(bench.median(ours["text"]))],
    ]
    if "sync" in result:
        rows.append(["ours, pictures drawn during the rebuild (TOKENSHARE_DEFER_PICTURES=0)", _runs(result["sync"]["rebuilds"]),
                     bench.fmt(bench.median(result["sync"]["rebuilds"]))])
        rows.append(["ours with no macro work at all: each page's macro output replayed from the first build (a floor, not a mode)",
                     _runs(result["replay"]["rebuilds"]), bench.fmt(bench.median(result["replay"]["rebuilds"]))])
    rows += [
        ["plain MkDocs (no macros, no hooks): rebuild after the same CSV edit", _runs(plain["rebuilds"]), bench.fmt(bench.median(plain["rebuilds"]))],
        ["plain MkDocs: `mkdocs build` in a fresh process (wall)", _runs(result["plain_builds"]), bench.fmt(base)],
    ]
    lines = [bench.table(["what", "each run (s)", "median"], rows), ""]
    lines.append(f"- rebuild after a one-row CSV edit / plain `mkdocs build`: {result['csv_ratio']:.2f} (bound ≤ {BOUNDS['csv']:g})")
    lines.append(f"- rebuild after a page-text edit / plain `mkdocs build`: {result['text_ratio']:.2f} (bound ≤ {BOUNDS['text']:g})")
    if "replay" in result:
        lines.append(f"- the floor (no macro work) / plain `mkdocs build`: {bench.median(result['replay']['rebuilds']) / base:.2f}")
    if result.get("profiles"):
        lines += ["", *profile_lines(result["profiles"], result["ours"]["numbers"])]
    return lines


def profile_lines(folder: Path, numbers: dict[str, list[int]], top: int = 25) -> list[str]:
    """The main lines (cumulative time) of the last CSV-edit rebuild's, its second rebuild's and the last
    text-edit rebuild's profiles."""
    import io

    lines = []
    for what, kind in (("one-row CSV edit", "csv"), ("one-row CSV edit: the second rebuild", "second"), ("page-text edit", "text")):
        path = folder / f"rebuild-{numbers[kind][-1]}.prof" if numbers[kind] else None
        if path is None or not path.exists():
            continue
        buffer = io.StringIO()
        pstats.Stats(str(path), stream=buffer).sort_stats("cumulative").print_stats(top)
        lines += [f"### Profile of the rebuild after a {what} ({path})", "```", *buffer.getvalue().strip().splitlines()[-top - 2:], "```", ""]
    return lines


def met(result: dict) -> bool:
    return result["csv_ratio"] <= BOUNDS["csv"] and result["text_ratio"] <= BOUNDS["text"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind timed in mkdocs serve")
    parser.add_argument("--repeat", type=int, default=2, help="plain MkDocs builds (the median is the yardstick)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--full", action="store_true", help="also the rebuilds drawing pictures and the floor")
    parser.add_argument("--profile", action="store_true", help="profile each rebuild (cProfile) and print the main lines")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    result = run(out, args.edits, args.repeat, args.full, args.profile)
    print("## mkdocs serve: the rebuild after an edit (SYNTHETIC 1× data; seconds: configuration read and build, as serve does them)\n")
    print("\n".join(report(result)))
    print(f"\n(took {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.2f})")
    return 0 if met(result) else 1


if __name__ == "__main__":
    sys.exit(main())
