"""One font, the same everywhere (issue 16, item 4): the machine's fonts change no picture.

The charts name Lato only (with a generic fallback), whose files come from the pinned `font-lato`
package and are given to vl-convert (macros/publish/fonts.py). Here a second build sees one more
font on the machine, without installing anything: fontconfig is pointed (FONTCONFIG_FILE) at the
system's configuration plus a directory holding a copy of DejaVu Sans renamed (scripts/bench_cold.py,
whose `make bench` run checks the same on the benchmark's site). A
control shows vl-convert does see that font in such a process; the two builds' pictures must still
be the same bytes: those of the page's two charts and of one generated page of each kind (a lab's,
a model's, a week's...; SAMPLE_PICTURES, of one model page in eight, SAMPLE_MODEL_PAGES), every
generator's pictures being drawn by the same code.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, ROOT, SAMPLE_MODEL_PAGES, SAMPLE_PICTURES, make_mini_site, mkdocs_build

from bench_cold import DEJAVU, PROBE, extra_fonts, pictures as drawn_pictures

PAGE = '# Charts\n\n{{ chart("country_share_weekly") }}\n\n{{ chart("benchmark_gap") }}\n'


_WIDTH = """
import json, re, sys, vl_convert as vlc
sys.path.insert(0, sys.argv[2])
from macros.publish import fonts
fonts.register()  # as every process that draws does (publish/render.py)
spec = {"data": {"values": [{"t": "Wide label WWWW"}]}, "encoding": {"text": {"field": "t"}},
        "mark": {"type": "text", "font": sys.argv[1]}, "autosize": {"type": "pad"}}
print(re.search(r'width="([0-9.]+)"', vlc.vegalite_to_svg(spec)).group(1))
"""


def label_width(font: str, env: dict) -> str:
    done = subprocess.run([sys.executable, "-c", _WIDTH, font, str(ROOT)], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


@pytest.mark.build
@pytest.mark.skipif(not DEJAVU.exists(), reason="needs DejaVu Sans to copy (Debian's fonts-dejavu-core)")
def test_a_font_added_to_the_machine_changes_no_picture(tmp_path):
    conf = extra_fonts(tmp_path / "extra")
    with_extra = {**ENV, "FONTCONFIG_FILE": str(conf)}
    # the control: in a process that reads this configuration, vl-convert has the extra family
    assert label_width(f"{PROBE}, sans-serif", with_extra) != label_width(f"{PROBE}, sans-serif", ENV)
    # ... which changes nothing where the charts' font is named: Lato, given to vl-convert
    assert label_width("Lato, sans-serif", with_extra) == label_width("Lato, sans-serif", ENV) \
        != label_width("sans-serif", ENV)

    config = make_mini_site(tmp_path / "project", {"index.md": PAGE})
    sites = {}
    for name, env in (("plain", {}), ("extra", {"FONTCONFIG_FILE": str(conf)})):
        sites[name] = tmp_path / f"site-{name}"
        done = mkdocs_build(config, sites[name], {**env, "TOKENSHARE_CACHE": str(tmp_path / f"cache-{name}"), **SAMPLE_PICTURES,
                                                   **SAMPLE_MODEL_PAGES})
        assert done.returncode == 0, done.stderr[-3000:]
    one, two = drawn_pictures(sites["plain"]), drawn_pictures(sites["extra"])
    assert len([p for p in one if p.startswith("assets/charts/")]) >= 12  # two charts: 4 in the page, SVG and PNG each
    assert any(p.startswith("assets/charts/lab-") for p in one)  # and a generated page's
    assert one == two, [p for p in one if one[p] != two.get(p)]
    # and the page names that font only, served by the site itself
    spec = json.loads(next((sites["plain"] / "assets" / "charts").glob("country-share-weekly-*.vl.json")).read_text())
    fonts = {v for k, v in _walk(spec) if k.lower().endswith("font")}
    assert fonts == {"Lato, sans-serif"}, fonts
    css = (sites["plain"] / "assets" / "tokenshare.css").read_text(encoding="utf-8")
    for face in re.findall(r'url\("([^"]+\.woff2)"\)', css):
        assert (sites["plain"] / "assets" / face).stat().st_size > 5000


def _walk(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str):
                yield k, v
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)
