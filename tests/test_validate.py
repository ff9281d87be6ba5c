"""One test per validation rule: each message names the file, the line and the column."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest_support import CURATED, add_curated
from macros.data.catalog import Catalog
from macros.data.sidecar import load_meta
from macros.data.yamlread import SchemaError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(data_copy):
    """The repository's data plus the retired curated weekly tables (tests/fixtures/curated), whose
    small, well-known rows make each rule's example: datasets as an editor might add them."""
    return add_curated(data_copy)


def write(data_dir: Path, name: str, text: str | bytes) -> Path:
    path = data_dir / f"{name}.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def problems(data_dir: Path) -> list[str]:
    return [str(p) for p in Catalog(data_dir).problems()]


def edit(data_dir: Path, name: str, old: str, new: str) -> None:
    path = data_dir / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(found: list[str], *needles: str) -> str:
    hits = [p for p in found if all(n in p for n in needles)]
    assert hits, f"no problem mentions {needles}: {found}"
    return hits[0]


def test_the_repository_data_is_valid(data_copy):
    assert problems(data_copy) == []


def test_negative_tokens(data_copy):
    edit(data_copy, "seed_author_share", ",2957757883891,", ",-2957757883891,")
    msg = only(problems(data_copy), "seed_author_share.csv", "line 2", "column 'tokens'")
    assert "'-2957757883891'" in msg and "≥ 0" in msg


def test_share_out_of_range(data_copy):
    edit(data_copy, "country_share_weekly", ",US,41.1,", ",US,141.1,")
    msg = only(problems(data_copy), "country_share_weekly.csv", "line 2", "column 'share_pct'", "≤ 100")
    assert "141.1" in msg


def test_wrong_type(data_copy):
    edit(data_copy, "country_share_weekly", ",US,41.1,", ",US,forty,")
    only(problems(data_copy), "country_share_weekly.csv", "line 2", "column 'share_pct'", "a finite number")


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "NaN"])
def test_nan_and_infinity_are_not_numbers(data_copy, bad):
    edit(data_copy, "country_share_weekly", ",US,41.1,", f",US,{bad},")
    only(problems(data_copy), "line 2", "column 'share_pct'", "a finite number")


def test_fractional_tokens(data_copy):
    edit(data_copy, "seed_author_share", ",2957757883891,", ",2957757883891.5,")
    only(problems(data_copy), "seed_author_share.csv", "line 2", "column 'tokens'", "a whole number")


def test_date_that_does_not_exist(data_copy):
    edit(data_copy, "country_share_weekly", "2026-05-25,7,31.8,US", "2026-02-30,7,31.8,US")
    only(problems(data_copy), "country_share_weekly.csv", "line 2", "column 'week_start'", "a real date")


def test_date_after_as_of(data_copy):
    edit(data_copy, "country_share_weekly", "2026-05-25,7,31.8,US", "2027-05-24,7,31.8,US")
    only(problems(data_copy), "line 2", "column 'week_start'", "as_of")


def test_duplicate_key(data_copy):
    edit(data_copy, "country_share_weekly", "2026-05-25,7,31.8,CN,44.8", "2026-05-25,7,31.8,US,44.8")
    msg = only(problems(data_copy), "country_share_weekly.csv", "column 'week_start+country_group'", "unique key")
    assert "[2, 3]" in msg


def test_unknown_author(data_copy):
    edit(data_copy, "author_tokens_weekly", ",deepseek,", ",deepsek,")
    msg = only(problems(data_copy), "author_tokens_weekly.csv", "column 'author_slug'", "labs.author_slug")
    assert "'deepsek'" in msg


def test_shares_must_sum_to_100(data_copy):
    edit(data_copy, "country_share_weekly", ",US,41.1,", ",US,45.1,")
    msg = only(problems(data_copy), "country_share_weekly.csv", "column 'share_pct'", "sum to 100")
    assert "104.00" in msg and "week_start=2026-05-25" in msg


def test_enum(data_copy):
    edit(data_copy, "country_share_weekly", ",US,41.1,", ",USA,41.1,")
    only(problems(data_copy), "line 2", "column 'country_group'", "one of ['CN', 'OTHER', 'UNKNOWN', 'US']")


def test_missing_column(data_copy):
    path = data_copy / "model_prices.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(",".join(l.split(",")[:-1]) for l in lines) + "\n")
    msg = only(problems(data_copy), "model_prices.csv", "line 1", "missing ['source']")
    assert "header" in msg


def test_row_with_too_few_fields(data_copy):
    edit(data_copy, "model_prices", "2026-04-24,openai/gpt-5.4,GPT-5.4,openai,2.50,15.00,openrouter-models-api", "2026-04-24,openai/gpt-5.4")
    only(problems(data_copy), "model_prices.csv", "line 4", "7 fields, found 2")


def test_row_with_too_many_fields(data_copy):
    edit(data_copy, "model_prices", "15.00,openrouter-models-api", "15.00,openrouter-models-api,extra")
    only(problems(data_copy), "model_prices.csv", "7 fields, found 8")


def test_empty_file(data_copy):
    write(data_copy, "model_prices", "")
    only(problems(data_copy), "model_prices.csv", "line 1", "a header line")


def test_header_only_file(data_copy):
    path = data_copy / "model_prices.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    only(problems(data_copy), "model_prices.csv", "at least one row")


def test_wrong_encoding(data_copy):
    path = data_copy / "labs.csv"
    path.write_bytes(path.read_bytes().replace(b"Xiaomi", "Xiaomí".encode("latin-1")))
    msg = only(problems(data_copy), "labs.csv", "UTF-8")
    assert "line 38" in msg  # xiaomi is on line 38 of labs.csv


def test_bom_and_crlf_are_accepted(data_copy):
    path = data_copy / "model_prices.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert problems(data_copy) == []
    assert Catalog(data_copy).frame("model_prices")["source"].iloc[0] == "openrouter-models-api"


def test_source_must_be_declared(data_copy):
    edit(data_copy, "model_prices", ",openrouter-models-api\n", ",somewhere\n")
    only(problems(data_copy), "model_prices.csv", "column 'source'", "'somewhere'")


def test_a_sidecar_citing_an_unknown_source_is_named_relative_to_the_project():
    """The repository's own sidecar is named data/x.meta.yml, not by its absolute path."""
    from macros.data.checks import _check_meta_sources

    meta = load_meta(ROOT / "data" / "model_prices.meta.yml")
    found = _check_meta_sources(meta, {})
    assert found and all(str(p).startswith("data/model_prices.meta.yml") for p in found), [str(p) for p in found]


def test_all_problems_of_a_run_are_listed_together(data_copy):
    edit(data_copy, "country_share_weekly", ",US,41.1,", ",US,-1,")
    edit(data_copy, "model_prices", "15.00,openrouter-models-api", "lots,openrouter-models-api")
    found = problems(data_copy)
    only(found, "country_share_weekly.csv")
    only(found, "model_prices.csv")


def sidecar(tmp_path: Path, body: str) -> Path:
    """A sidecar x.meta.yml: a dataset's required fields (lines 1-4), then `body`."""
    path = tmp_path / "x.meta.yml"
    path.write_text("title: x\ndescription: y\nas_of: '2026-01-01'\nsources: [a]\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, message", [
    pytest.param("columns:\n  - name: a\n    type: integre\n",
                 r"x\.meta\.yml, line 7, field 'columns\.a\.type': got 'integre'.*did you mean 'integer'\?", id="unknown type"),
    # YAML keeps the last of two equal keys silently: the first would be lost without a word
    pytest.param("title: z\ncolumns:\n  - name: a\n    type: integer\n",
                 r"x\.meta\.yml, line 5: .*'title' is given twice \(first on line 1\)", id="key twice"),
    pytest.param("columns:\n  - {name: a, type: integer, type: number}\n",
                 r"x\.meta\.yml, line 6: .*'type' is given twice", id="key twice, flow style"),
    pytest.param("columns:\n  - name: a\n    type: integer\n    period: week\n",
                 r"x\.meta\.yml, line 7, field 'columns\.a\.type': got 'integer', expected 'date': only a date column has a period",
                 id="period not on a date"),
    pytest.param("columns:\n  - name: a\n    type: date\n    period: fortnight\n",
                 r"x\.meta\.yml, line 8, field 'columns\.a\.period': got 'fortnight', expected one of day, week", id="unknown period"),
])
def test_a_malformed_sidecar_names_file_and_where(tmp_path, body, message):
    with pytest.raises(SchemaError, match=message):
        load_meta(sidecar(tmp_path, body))


def test_cli_validate_exit_codes(data_copy):
    import subprocess
    import sys

    ok = subprocess.run([sys.executable, "-m", "macros.cli", "validate", str(data_copy)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and "data OK" in ok.stdout
    edit(data_copy, "country_share_weekly", ",US,41.1,", ",US,-1,")
    bad = subprocess.run([sys.executable, "-m", "macros.cli", "validate", str(data_copy)], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "country_share_weekly.csv, line 2, column 'share_pct'" in bad.stderr


CSV = (CURATED / "country_share_weekly.csv").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, len(CSV) - 1), junk=st.text(max_size=4), delete=st.integers(0, 3))
def test_random_corruption_passes_or_fails_with_a_located_message(tmp_path_factory, position, junk, delete):
    data = tmp_path_factory.mktemp("fuzz")
    for suffix in (".csv", ".meta.yml"):
        (data / f"labs{suffix}").write_bytes((ROOT / "data" / f"labs{suffix}").read_bytes())
    add_curated(data, ["country_share_weekly"])
    (data / "sources.yml").write_bytes((ROOT / "data" / "sources.yml").read_bytes())
    write(data, "country_share_weekly", CSV[:position] + junk + CSV[position + delete:])
    for problem in Catalog(data).problems():  # must not raise
        assert problem.file.endswith(".csv") or problem.file.endswith(".yml")
        assert problem.line is not None or problem.column is not None or "more rows" in problem.expected or "row" in problem.expected


# --- hostile and odd input (issue 8) ------------------------------------------------------


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\x00", "\x1b[31m", "\ufeff", "\u2028"])
def test_invisible_and_control_characters_in_text_are_rejected(data_copy, hidden):
    edit(data_copy, "labs", ",DeepSeek,", f",Deep{hidden}Seek,")
    msg = only(problems(data_copy), "labs.csv", "column 'lab'", "control characters")
    assert "line 27" in msg and ("\\u" in msg or "\\x" in msg), msg  # the character is shown, escaped


@pytest.mark.parametrize("name", ["مختبر الذكاء", "深度求索", "🦜🔥 Parrot Lab 👩‍🔬", "NaN", "null", "None", "=1+1",
                                  "<script>x</script>", "{{ 7*7 }}", "L" * 500, "Tab\there"])
def test_odd_but_valid_text_is_kept_exactly(data_copy, name):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([name])
    edit(data_copy, "labs", ",DeepSeek,", f",{buffer.getvalue()},")
    assert problems(data_copy) == []
    labs = Catalog(data_copy).frame("labs")
    assert labs.loc[labs["author_slug"] == "deepseek", "lab"].iloc[0] == name


def test_wrong_encoding_names_line_and_column(data_copy):
    path = data_copy / "labs.csv"
    path.write_bytes(path.read_bytes().replace(b"Xiaomi", "Xiaomí".encode("latin-1")))
    found = problems(data_copy)
    msg = only(found, "labs.csv", "line 38", "column 'lab'", "not UTF-8")
    assert "Latin-1" in msg
    assert found == [msg], "an unreadable lab table is the one problem, not every reference to it"


def test_utf16_file_is_named_as_such(data_copy):
    path = data_copy / "model_prices.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    only(problems(data_copy), "model_prices.csv", "line 1", "UTF-16")


@pytest.mark.parametrize("bad", ["nan", "inf", "Infinity", "-1", "1.5", "1e3", "12345678901234567890"])
def test_token_counts_must_be_whole_non_negative_numbers(data_copy, bad):
    edit(data_copy, "seed_author_share", ",2957757883891,", f",{bad},")
    msg = only(problems(data_copy), "seed_author_share.csv", "line 2", "column 'tokens'")
    assert ("18 digits" in msg) == (bad == "12345678901234567890"), msg


@pytest.mark.parametrize("bad", ["Infinity", "-Infinity", "1e999", "-nan", "NAN"])
def test_more_spellings_of_infinity_and_nan(data_copy, bad):
    edit(data_copy, "country_share_weekly", ",US,41.1,", f",US,{bad},")
    only(problems(data_copy), "line 2", "column 'share_pct'", "a finite number")


@pytest.mark.parametrize("bad", ["2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-5-25", "25/05/2026", "2026-05-25 "])
def test_more_dates_that_do_not_exist(data_copy, bad):
    edit(data_copy, "country_share_weekly", "2026-05-25,7,31.8,US", f"{bad},7,31.8,US")
    only(problems(data_copy), "country_share_weekly.csv", "line 2", "column 'week_start'", "a real date")


def test_a_datetime_that_does_not_exist(data_copy):
    edit(data_copy, "seed_author_share", "2026-04-24T07:56:34Z,anthropic", "2026-02-30T07:56:34Z,anthropic")
    only(problems(data_copy), "seed_author_share.csv", "line 2", "column 'as_of'", "ISO 8601")


def test_a_column_named_twice(data_copy):
    path = data_copy / "model_prices.csv"
    text = path.read_text()
    path.write_text(text.replace("output_usd_per_mtok,source", "input_usd_per_mtok,source", 1))
    msg = only(problems(data_copy), "model_prices.csv", "line 1", "named twice ['input_usd_per_mtok']")
    assert "missing ['output_usd_per_mtok']" in msg


def test_a_file_that_is_only_a_byte_order_mark(data_copy):
    write(data_copy, "model_prices", b"\xef\xbb\xbf")
    only(problems(data_copy), "model_prices.csv", "line 1", "a header line")


def _bom_crlf_quoted_break(data_copy) -> str:
    path = data_copy / "labs.csv"
    return path.read_text().replace(",DeepSeek,", ',"Deep\nSeek, Inc.",', 1)


def test_bom_crlf_and_a_quoted_line_break_are_accepted(data_copy):
    text = _bom_crlf_quoted_break(data_copy)
    (data_copy / "labs.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert problems(data_copy) == []
    labs = Catalog(data_copy).frame("labs")
    assert labs.loc[labs["author_slug"] == "deepseek", "lab"].iloc[0] == "Deep\r\nSeek, Inc."


def test_a_broken_row_after_a_quoted_line_break_is_the_one_problem_named(data_copy):
    text = _bom_crlf_quoted_break(data_copy).replace("\nqwen,", "\nqwen,Qwen,XX,YY,", 1)
    (data_copy / "labs.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    found = problems(data_copy)
    only(found, "labs.csv", "line 29", "7 fields, found 10")  # qwen's record starts on line 29 of the file
    # Datasets that refer to the broken lab table are not each reported as wrong: the table is.
    assert found == [p for p in found if "labs.csv" in p], found


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>",
                                 "//evil.example/", "https://a b", "vbscript:x", " https://x.org"])
def test_a_source_link_must_be_http(data_copy, url):
    import yaml

    path = data_copy / "sources.yml"
    sources = yaml.safe_load(path.read_text())
    sources["seed-article"]["url"] = url
    path.write_text(yaml.safe_dump(sources))
    with pytest.raises(SchemaError, match=r"sources\.yml, field 'seed-article\.url': expected an http:// or https:// address"):
        Catalog(data_copy)


def test_a_dataset_name_must_be_a_plain_name(data_copy):
    for suffix in (".csv", ".meta.yml"):
        (data_copy / f"labs{suffix}").rename(data_copy / f"la bs#1{suffix}")
    with pytest.raises(SchemaError, match=r"la bs#1\.meta\.yml: a dataset's name .* got 'la bs#1'"):
        Catalog(data_copy)


def test_a_source_given_twice_in_sources_yml_is_an_error(data_copy):
    path = data_copy / "sources.yml"
    text = path.read_text(encoding="utf-8")
    number, first = next((n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#"))
    assert first.endswith(":") and not first.startswith(" "), first  # the first source id
    path.write_text(text + f"{first}\n  title: again\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=rf"sources\.yml, line \d+: .*'{first[:-1]}' is given twice \(first on line {number}\)"):
        Catalog(data_copy)


def test_yaml_merge_keys_may_still_be_overridden(tmp_path):
    from macros.data.yamlread import safe_load

    assert safe_load("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  x: 3\n")["d"] == {"x": 3, "y": 2}


def test_a_key_given_twice_in_mkdocs_yml_stops_the_build(tmp_path):
    """The same fixture site builds, then fails once a key is given twice, naming its line. The control
    build draws no picture and builds one model page in eight (NO_PICTURES, SAMPLE_MODEL_PAGES): the claim
    is about mkdocs.yml, checked before any page."""
    from conftest import NO_PICTURES, SAMPLE_MODEL_PAGES, make_mini_site, mkdocs_build

    config = make_mini_site(tmp_path / "project", {"index.md": "# Hello\n"})
    assert mkdocs_build(config, tmp_path / "ok", {**NO_PICTURES, **SAMPLE_MODEL_PAGES}).returncode == 0
    lines = config.read_text(encoding="utf-8")
    config.write_text(lines + "\nsite_name: Another name\n", encoding="utf-8")
    line = lines.count("\n") + 2
    failed = mkdocs_build(config, tmp_path / "site", NO_PICTURES)
    assert failed.returncode != 0
    assert f"mkdocs.yml, line {line}: not valid YAML (key 'site_name' is given twice (first on line 1))" in failed.stderr


def test_mkdocs_yml_tags_are_left_to_mkdocs_when_its_keys_are_checked(tmp_path):
    """Material documents `!!python/name:` for emoji and fences, MkDocs has `!ENV` and `!relative`:
    a valid mkdocs.yml with them passes the key check; a key twice still fails it."""
    from macros.data.yamlread import check_config_keys

    config = tmp_path / "mkdocs.yml"
    text = ("site_name: x\nsite_url: !ENV [SITE_URL, 'https://example.org/']\ndocs_dir: !relative $config_dir/docs\n"
            "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    config.write_text(text, encoding="utf-8")
    check_config_keys(config)
    config.write_text(text + "site_name: y\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"mkdocs\.yml, line 7: .*'site_name' is given twice \(first on line 1\)"):
        check_config_keys(config)
