"""The scripts the build puts in each page's head (macros/mkdocs/headtags.py): the theme's bundle
leaves the page for theme-on-demand.js, which runs it at the reader's first gesture."""

from __future__ import annotations

import re

import pytest

from macros.mkdocs import headtags

PAGE = ('<html><head><title>t</title></head><body><p>x</p>'
        '<script src="../assets/javascripts/bundle.0123abcd.min.js"></script></body></html>')


def test_the_bundle_leaves_the_page_and_its_address_goes_to_the_loader():
    out = headtags.head_scripts(PAGE, "../", '<meta name="m" content="1">')
    assert "bundle.0123abcd" not in out[out.index("</head>"):], "the bundle still runs with the page"
    head = out[: out.index("</head>")]
    sources = re.findall(r'<script src="([^"]+)"', head)
    assert sources == ["../assets/before-paint.js", "../assets/search-on-demand.js", "../assets/theme-on-demand.js"]
    assert 'data-theme-bundle="../assets/javascripts/bundle.0123abcd.min.js"' in head
    assert head.index('<meta name="m"') < head.index("before-paint.js"), "before-paint.js reads the meta: it must come first"


def test_a_page_without_the_bundle_is_refused_not_published_without_a_theme():
    with pytest.raises(headtags.PatchError, match="bundle"):
        headtags.head_scripts(PAGE.replace("bundle.0123abcd", "something-else"), "../")
    with pytest.raises(headtags.PatchError, match="</head>"):
        headtags.head_scripts(PAGE.replace("</head>", ""), "../")


@pytest.mark.build
def test_no_built_page_runs_the_bundle_while_it_loads(site):
    pages = sorted(site.rglob("index.html")) + [site / "404.html"]  # the 404 page, served at any depth, too
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js"', html), path
        assert html.count("data-theme-bundle=") == 1 and 'type="application/atom+xml"' in html, path
    assert re.search(r'<script src="/assets/theme-on-demand\.js" data-theme-bundle="/assets/javascripts/bundle\.',
                     (site / "404.html").read_text(encoding="utf-8"))
