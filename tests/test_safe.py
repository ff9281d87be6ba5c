"""Text from data made safe for where it lands: prose, file names, site paths, CSV cells."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hostile
from macros.core import safe
from macros.publish.csvsafe import safe_csv_cell
from macros.publish.outputs import Outputs
from macros.core.safe import file_slug, file_slugs, md_inline, safe_site_path

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:--[0-9a-f]{16})?|x--[0-9a-f]{16}")


# --- prose ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", hostile.PAYLOADS)
def test_prose_shows_a_payload_as_text(text):
    out = md_inline(text)
    assert not re.search(r"[<>\"'`*_\[\](){}=]", re.sub(r"</?bdi>", "", out)), out
    assert unescape(re.sub(r"</?bdi>", "", out)) == text


def test_prose_escapes_once():
    assert md_inline("O'Brien & Sons") == "O&#x27;Brien &amp; Sons"


def test_a_right_to_left_name_is_isolated_from_the_sentence():
    assert md_inline("مختبر (1)") == "<bdi>مختبر &#40;1&#41;</bdi>"
    assert "<bdi>" not in md_inline("DeepSeek")


# --- file names ----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["deepseek", "z-ai", "meta-llama", "ibm-granite", "x"])
def test_a_plain_slug_is_its_own_file_name(slug):
    assert file_slug(slug) == slug


@pytest.mark.parametrize("text", [*hostile.SLUGS, "~anthropic", "Mistral AI", "a.b", "a--b", "", " ", "CON", "Index",
                                  "assets", "search", "a/b", "a\\b", "\x00", "x" * 200])
def test_any_other_text_gets_an_ascii_name_with_its_hash(text):
    name = file_slug(text)
    assert SLUG.fullmatch(name), name
    assert "--" in name and len(name) <= safe.SLUG_LENGTH + 18
    assert name == file_slug(text), "the same slug gives the same name every build"


@given(st.text(max_size=80))
def test_file_names_are_safe_for_any_text(text):
    name = file_slug(text)
    assert SLUG.fullmatch(name), name
    assert not ({"/", "\\", ".", " "} & set(name))
    assert name not in safe.RESERVED


@given(st.text(max_size=30), st.text(max_size=30))
def test_two_texts_never_share_a_file_name(a, b):
    if a != b:
        assert file_slug(a) != file_slug(b)


def test_near_misses_stay_apart():
    names = file_slugs(["a-b", "a.b", "a_b", "A-B", "a b", "a--b", "~a-b"])
    assert len(set(names.values())) == 7
    assert names["a-b"] == "a-b"


def test_a_collision_is_an_error_not_an_overwrite(monkeypatch):
    monkeypatch.setattr(safe, "file_slug", lambda text: "same")
    with pytest.raises(ValueError, match="share the file name 'same'"):
        file_slugs(["one", "two"])


# --- paths in the site ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["assets/charts/x-1.svg", "downloads/data/labs.csv", "labs/deepseek/index.html", ".well-known/x"])
def test_plain_paths_are_allowed(path):
    assert safe_site_path(path)


@pytest.mark.parametrize("path", ["", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a\\b", "C:/x", "a/\x00", "a/"])
def test_paths_leaving_the_site_are_refused(path):
    assert not safe_site_path(path)
    with pytest.raises(ValueError, match="not a plain relative path"):
        Outputs().add(path, b"x")


# --- CSV cells -----------------------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(1)", "'@SUM(1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), (" =1+1", "' =1+1"), ("\uff1d1+1", "'\uff1d1+1"),
    ("-1.5", "-1.5"), ("+3", "+3"), ("1e5", "1e5"), ("Lab -x", "Lab -x"), ("", ""), (None, ""), (2.5, "2.5"),
])
def test_csv_cells_never_start_a_formula(cell, expected):
    assert safe_csv_cell(cell) == expected


@given(st.text(max_size=20))
def test_no_csv_cell_starts_a_formula(text):
    out = safe_csv_cell(text)
    first = out.lstrip(" \u00a0\u3000")[:1]
    if first in ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20"):
        float(out)  # only a plain number may start so


# --- titles and descriptions of generated pages ---------------------------------------------


@pytest.mark.parametrize("text", hostile.PAYLOADS)
def test_html_text_is_inert_as_html_and_as_a_template(text):
    from macros.core.safe import html_text

    out = html_text(text)
    assert not set("<>\"'{}") & set(out)
    assert unescape(out) == text
