"""The Content Security Policy: in every page, strict, and no violation while the site is used.

Unit tests of macros/mkdocs/csp.py, build tests (a page holding what the policy would
block fails the build, naming page and line), checks of every built page, and
Chromium reading the real site with a `securitypolicyviolation` listener.
"""

from __future__ import annotations

import re

import pytest

from browser_support import PAGES, browser, context_for, csp_violations, reader, served, watch_csp  # noqa: F401  (fixtures)
from macros.mkdocs import csp
from macros.mkdocs.headtags import PatchError

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
HEAD = '<!doctype html><html><head><meta charset="utf-8"><script>var theme=1</script>'


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


# --- the module ----------------------------------------------------------------------------


def test_policy_allows_the_themes_inline_scripts_by_hash_and_nothing_inline_else():
    html = HEAD + '<script id="__config" type="application/json">{"a": 1}</script><script src="x.js"></script></head><body></body></html>'
    out = csp.add_policy(html)
    policy = directives(POLICY.search(out).group(1))
    assert policy["script-src"] == ["'self'", csp.sha256("var theme=1")]
    assert policy["script-src-attr"] == ["'none'"] and policy["style-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert out.index("Content-Security-Policy") < out.index("<script"), "the policy must come before what it governs"


def test_a_script_written_in_the_page_is_not_allowed_by_hash():
    content = "<p>Hi</p><script>steal()</script>"
    html = HEAD + "</head><body>" + content + "</body></html>"
    policy = POLICY.search(csp.add_policy(html, content)).group(1)
    assert csp.sha256("steal()") not in policy and csp.sha256("var theme=1") in policy


def test_a_page_without_head_is_an_error():
    with pytest.raises(PatchError):
        csp.add_policy("<p>no head</p>")


@pytest.mark.parametrize("html, message", [
    ("<script>alert(1)</script>", "<script> element"),
    ('<p><img src="x" onerror="alert(1)"></p>', "inline event handler (onerror"),
    ('<a href=" JaVa\tscript:alert(1)">x</a>', "javascript: URL in href"),
    ('<a href="data:text/html,<b>x</b>">x</a>', "data: URL in href"),
    ('<p style="color:red">x</p>', "style attribute"),
    ("<style>p{}</style>", "<style> element"),
    ('<iframe src="https://x.org"></iframe>', "<iframe>"),
    ('<meta http-equiv="refresh" content="0;url=https://x.org">', "http-equiv"),
    ("<base href='https://x.org/'>", "<base>"),
])
def test_what_the_policy_would_block_in_a_page_is_found(html, message):
    source = "# Title\n\nSome text\n" + html + "\n"
    found = csp.page_problems(html, source)
    assert found and message in found[0][1], found
    assert found[0][0] == 4


@pytest.mark.parametrize("html", [
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; is shown, not run</p>",
    '<pre><code>&lt;img onerror="x"&gt;</code></pre>',
    '<a href="https://x.org/?q=javascript:1">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<figure class="ts-chart" data-spec="a.vl.json"><details open><summary>x</summary></details></figure>',
    '<td align="right">1</td>',
])
def test_text_that_only_looks_like_it_is_fine(html):
    assert csp.page_problems(html, html) == []


# --- builds --------------------------------------------------------------------------------


@pytest.mark.build
def test_a_page_with_a_script_or_handler_fails_the_build_naming_page_and_line(mini_site):
    result, _ = mini_site({
        "index.md": "# Home\n\nFine.\n",
        "a.md": "# A\n\nText.\n\n<script>window.x = 1</script>\n",
        "b.md": "# B\n\n[click](javascript:alert(1))\n\n<p onclick=\"x()\">x</p>\n\nStyled\n{: style=\"color: red\" }\n",
    })
    assert result.returncode != 0
    assert "docs/a.md, line 5: a <script> element" in result.stderr
    assert "docs/b.md, line 3: a javascript: URL in href=" in result.stderr
    assert "docs/b.md, line 5: an inline event handler (onclick=" in result.stderr
    assert "docs/b.md, line 8: a style attribute" in result.stderr


@pytest.mark.build
def test_markdown_table_alignment_needs_no_style_attribute(mini_site):
    result, out = mini_site({"index.md": "# Home\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert '<td align="right">2</td>' in (out / "index.html").read_text(encoding="utf-8")


def _all_html(site):
    return [p for p in sorted(site.rglob("*.html"))]


@pytest.mark.build
def test_every_built_page_carries_one_strict_policy_first(site):
    pages = _all_html(site)
    assert any(p.name == "404.html" for p in pages) and len(pages) >= 9
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policies = POLICY.findall(html)
        assert len(policies) == 1, path
        head = html[: html.index("</head>")]
        first = min(head.find(t) for t in ("<script", "<link", "<style") if t in head)
        assert head.index("Content-Security-Policy") < first, f"{path}: the policy comes after what it governs"
        policy = directives(policies[0])
        script_src = policy["script-src"]
        assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:]), path
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"} & set(sum(policy.values(), []))
        assert [d for d, sources in policy.items() if "data:" in sources] == ["img-src"], "data: only for pictures"
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        for script in csp.inline_scripts(html):
            assert csp.sha256(script) in script_src, f"{path}: an inline script the policy would block"


@pytest.mark.build
def test_no_page_holds_inline_handlers_styles_or_script_urls(site):
    for path in _all_html(site):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), f"{path}: an inline event handler"
        assert not re.search(r"<[^>]+\sstyle\s*=", html), f"{path}: a style attribute"
        assert "<style" not in html, f"{path}: a <style> element"
        assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", html, re.I), path


# --- in Chromium -----------------------------------------------------------------------------


def _hover_each_chart(reader):
    """Hover one mark of each chart and wait for its tooltip."""
    for i in range(reader.page.locator("figure.ts-chart").count()):
        mark = reader.page.locator("figure.ts-chart").nth(i).locator(
            ".ts-chart__live svg g.mark-rect path, .ts-chart__live svg g.mark-symbol path").first
        if mark.count():
            hover(reader, mark)


def hover(reader, mark, timeout: float = 5000) -> str:
    """Hover a chart mark until its tooltip shows (`timeout` ms); returns the tooltip's text."""
    mark.scroll_into_view_if_needed()
    reader.page.mouse.move(0, 0)  # leave the last mark: its tooltip hides
    reader.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    mark.hover(force=True)
    tooltip = reader.page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(state="attached", timeout=timeout)
    return tooltip.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("path", [*PAGES, "404.html"])
def test_no_violation_while_every_chart_renders_and_shows_its_tooltip(context_for, path):
    reader = watch_csp(context_for())
    reader.open(path)
    assert POLICY.search(reader.page.content()), "no policy in the page"
    for chart in reader.draw_all_charts() if path != "404.html" else []:
        assert chart["width"] > 100 and chart["marks"] > 5, chart
    _hover_each_chart(reader)
    assert csp_violations(reader) == []
    assert reader.errors == []


@pytest.mark.browser
def test_no_violation_through_instant_navigation_palette_and_search(context_for):
    reader = watch_csp(context_for())
    reader.open("")
    reader.draw_all_charts()
    for name, path in (("Countries", "/countries/"), ("Labs", "/labs/"), ("Data", "/data/"), ("The story", "/")):
        reader.follow(name, path)
        reader.draw_all_charts()
    reader.page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    reader.page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    reader.draw_all_charts()
    _hover_each_chart(reader)
    assert "DeepSeek" in search(reader, "DeepSeek")
    assert csp_violations(reader) == []
    assert reader.errors == []


def search(reader, words: str) -> str:
    """Type into Material's search once its index is loaded; returns the results' text. The reader
    reaches for the header first: that runs the theme (theme-on-demand.js), which shows the field."""
    reader.page.locator("header.md-header").hover()
    reader.theme_ready()
    box = reader.page.locator("input.md-search__input")
    box.click()
    reader.page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('Type to start')", timeout=20000)
    box.press_sequentially(words)
    reader.page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    return reader.page.locator(".md-search-result").inner_text()


@pytest.mark.browser
def test_the_policy_is_enforced(context_for):
    """The listener hears a blocked handler and a blocked eval, so silence above means something."""
    reader = watch_csp(context_for())
    reader.open("labs/")
    # Later tasks, not the test's own evaluation (which DevTools runs outside the policy).
    reader.page.evaluate("""() => setTimeout(() => {
        const div = document.createElement('div');
        div.innerHTML = '<img src="x-missing.png" onerror="window.__ran = 1">';
        document.body.appendChild(div);
        try { new Function('window.__ran = 2')(); } catch (e) { window.__evalBlocked = e.name; }
    }, 0)""")
    reader.page.wait_for_function("() => window.__csp.length >= 2")
    assert reader.page.evaluate("window.__ran") is None
    assert reader.page.evaluate("window.__evalBlocked") == "EvalError"
    assert {v.split()[0] for v in csp_violations(reader)} >= {"script-src-attr", "script-src"}
