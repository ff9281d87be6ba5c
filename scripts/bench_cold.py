"""The cold build against a plain MkDocs build of the same pages, where its time goes, and fonts.

    python scripts/bench_cold.py [--repeat 2] [--out bench-out]

Part of `make bench` (scripts/bench.py calls `run` and `report`), runnable alone.
On the SYNTHETIC 1× data (scripts/synthetic_data.py): cold builds (an empty
cache) with our macros and hooks, and plain `mkdocs build`s of the same pages
(the repository's and the Markdown our hooks generate, macro calls left as
text), `--repeat` of each, interleaved; medians. The profile splits the cold
build's wall time into pictures (the `render` stage: Vega and resvg, in a pool
of processes that draws while the pages are read; what is left of it once they
are) and the rest, with the pictures drawn.

Every other cold build runs with one more font on the machine, installed
nowhere: fontconfig is pointed (FONTCONFIG_FILE) at the system's configuration
plus a directory with a copy of DejaVu Sans renamed `PROBE`. The pictures of
every cold build must be the same bytes (issue 16: "byte-identical").
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

BOUND = 12.0  # cold build / plain MkDocs build, issue 16
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PROBE = "Ts Probe Sans"


def extra_fonts(root: Path) -> Path:
    """A fontconfig file: the system's configuration and a directory with one more family (`PROBE`)."""
    from fontTools.ttLib import TTFont

    folder = root / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    font = TTFont(DEJAVU)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = PROBE
        elif record.nameID == 6:
            record.string = PROBE.replace(" ", "")
    font.save(folder / "TsProbeSans.ttf")
    conf = root / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f"  <dir>{folder}</dir>\n</fontconfig>\n", encoding="utf-8")
    return conf


def pictures(site: Path) -> dict[str, str]:
    """Site path -> sha256 of every picture the build drew (charts and social cards)."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((site / "assets").rglob("*")) if p.suffix in (".svg", ".png")}


def run(out: Path, repeat: int = 2) -> dict:
    import bench
    import synthetic_data

    data = out / "data" / "cold-1x"
    if not data.exists():
        synthetic_data.make(data, 90, 51, 1, False)
    ours_cfg = bench.project(out, "cold-macros", macros=True)
    plain_cfg = bench.project(out, "cold-plain", macros=False, data=data)
    fonts_env = {"FONTCONFIG_FILE": str(extra_fonts(out / "extra-fonts"))} if DEJAVU.exists() else None
    cold, plain, drawn = [], [], []
    for i in range(max(repeat, 2)):
        cache = out / "cache" / "cold-1x"
        shutil.rmtree(cache, ignore_errors=True)
        site = out / "site" / f"cold-1x-{i}"
        extra = fonts_env if i % 2 else None
        cold.append(bench.build(ours_cfg, data, cache, site, out / "timings-cold-1x.json", extra_env=extra))
        drawn.append((extra is not None, pictures(site)))
        plain.append(bench.build(plain_cfg, data, cache, out / "site" / "cold-plain", out / "timings-cold-plain.json", strict=False))
    wall = bench.median([b["wall"] for b in cold])
    first = drawn[0][1]
    differ = sorted({p for _, other in drawn[1:] for p in set(first) | set(other) if first.get(p) != other.get(p)})
    return {
        "cold": wall, "plain": bench.median([b["wall"] for b in plain]),
        "cold_runs": [b["wall"] for b in cold], "plain_runs": [b["wall"] for b in plain],
        "cold_cpu": bench.median([b["cpu"] for b in cold]), "plain_cpu": bench.median([b["cpu"] for b in plain]),
        "pictures": bench.median([b["stages"]["render"] for b in cold]),
        "drawn": {k.split(":", 2)[-1]: v for k, v in cold[-1]["counts"].items() if k.startswith("render:made:")},
        "pages": len(bench.pages_of(out / "site" / "cold-1x-0")),
        "fonts": {"checked": fonts_env is not None and any(e for e, _ in drawn), "pictures": len(first), "differ": differ},
    }


def report(result: dict) -> list[str]:
    """Markdown lines: the ratio, the two builds, the profile and the fonts' check."""
    ratio = result["cold"] / result["plain"]
    drawn = ", ".join(f"{n} {k}" for k, n in sorted(result["drawn"].items())) or "none"
    rest = result["cold"] - result["pictures"]
    fonts = result["fonts"]
    same = ("not checked (no DejaVu Sans to copy)" if not fonts["checked"] else
            f"{'byte-identical' if not fonts['differ'] else 'DIFFER: ' + ', '.join(fonts['differ'][:10])} "
            f"({fonts['pictures']} pictures; every other cold build had one more font, '{PROBE}', through FONTCONFIG_FILE)")
    return [
        f"- cold build (empty cache, {result['pages']} pages): {result['cold']:.2f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in result['cold_runs'])}); CPU {result['cold_cpu']:.2f} s, its pool included",
        f"- plain MkDocs build of the same pages: {result['plain']:.2f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in result['plain_runs'])}); CPU {result['plain_cpu']:.2f} s",
        f"- where the cold build's time goes: pictures {result['pictures']:.2f} s ({result['pictures'] / result['cold'] * 100:.0f} %: "
        f"the wait for the pool once every page is read, which drew while they were; drawn: {drawn}), the rest {rest:.2f} s",
        f"- cold build / plain MkDocs build: {ratio:.2f} wall (bound ≤ {BOUND:g}); "
        f"{result['cold_cpu'] / result['plain_cpu']:.2f} in CPU time (all cores)",
        f"- pictures of two cold builds, one with an extra font on the machine: {same}",
    ]


def met(result: dict) -> bool:
    fonts = result["fonts"]
    return result["cold"] / result["plain"] <= BOUND and (not fonts["checked"] or not fonts["differ"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="cold builds (at least 2: one of them with the extra font)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    result = run(out, args.repeat)
    print("## Cold build (SYNTHETIC 1× data)\n")
    print("\n".join(report(result)))
    print(f"\n(took {time.monotonic() - started:.0f} s)")
    return 0 if met(result) else 1


if __name__ == "__main__":
    sys.exit(main())
