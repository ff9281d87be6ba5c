"""The HTML of a chart's `<figure>`: its static pictures (light and dark, wide and narrow), title, source
line, "Cite", notes, table and downloads. Every text in it came from the data or a page: all escaped.

The figure's parts are made once per build (publish/figure.py) and this HTML once per page showing it,
since the links depend on the page's depth (`base`).
"""

from __future__ import annotations

from html import escape

from macros.publish import drawpool
from macros.publish.cite import cite_html

NARROW_MEDIA = "(max-width: 600px)"  # when the phone version is shown (the page's script uses the same query)
BASE = "\x00base\x00"  # stands for a page's way to the site's root in a chart's cached table


def figure_html(anchor, base, files, static, title, subtitle, source_line, note, alt_text, table, as_of, weeks, cite, vega, slot="") -> str:
    """A chart's `<figure>` on a page `base` away from the site's root, from its parts (figure.py)."""
    e = escape
    url = lambda path: e(base + path)
    # a size unknown yet (the picture is to be drawn by the pool, or in make serve by the worker) is a placeholder
    size = lambda path, wh: f' width="{wh[0]}" height="{wh[1]}"' if wh else drawpool.placeholder(path)
    pics = []
    for scheme in ("light", "dark"):
        wide_path, wide_size = static[(scheme, "wide")]
        narrow_path, narrow_size = static[(scheme, "narrow")]
        pics.append(
            f'<picture class="ts-static ts-static--{scheme}">'
            f'<source media="{NARROW_MEDIA}" srcset="{url(narrow_path)}"{size(narrow_path, narrow_size)}>'
            f'<img src="{url(wide_path)}"{size(wide_path, wide_size)} alt="{e(alt_text)}" loading="lazy" decoding="async">'
            f"</picture>"
        )
    downloads = " · ".join(
        f'<a href="{url(files[k])}" download>{label}</a>'
        for k, label in (("csv", "Data (CSV)"), ("spec", "Chart (Vega-Lite JSON)"), ("svg", "Image (SVG)"), ("png", "Image (PNG)"))
    )
    note_html = f'<p class="ts-chart__note">{e(note)}</p>' if note else ""
    cite_part = cite_html(cite, base, anchor, title, as_of, weeks) if cite else ""
    explore_attr = f' data-explore="{url(files["explore"])}"' if "explore" in files else ""
    return (
        f'<figure class="ts-chart" id="{e(anchor)}" data-spec="{url(files["spec"])}" data-spec-narrow="{url(files["narrow"])}" data-vega="{url(vega)}"{explore_attr}>'
        f'<figcaption class="ts-chart__head"><a class="ts-chart__title" href="#{e(anchor)}">{e(title)}</a>'
        f'<span class="ts-chart__subtitle">{e(subtitle)}</span></figcaption>'
        f'{slot}'
        f'<div class="ts-chart__view">{"".join(pics)}</div>'
        f'<p class="ts-chart__source">{e(source_line)}</p>{cite_part}{note_html}'
        f'<details class="ts-chart__table"><summary>Show the numbers as a table</summary>{table.replace(BASE, e(base))}</details>'
        f'<p class="ts-chart__downloads">Download: {downloads}</p>'
        f"</figure>"
    )

