"""One test per validation rule: each message names the file, the line and the column."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.datasets import Catalog
from macros.schema import SchemaError, load_meta

ROOT = Path(__file__).resolve().parent.parent


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


def test_all_problems_of_a_run_are_listed_together(data_copy):
    edit(data_copy, "country_share_weekly", ",US,41.1,", ",US,-1,")
    edit(data_copy, "model_prices", "15.00,openrouter-models-api", "lots,openrouter-models-api")
    found = problems(data_copy)
    only(found, "country_share_weekly.csv")
    only(found, "model_prices.csv")


def test_a_malformed_sidecar_names_file_and_field(tmp_path):
    meta = tmp_path / "x.meta.yml"
    meta.write_text("title: x\ndescription: y\nas_of: '2026-01-01'\nsources: [a]\ncolumns:\n  - name: a\n    type: integre\n")
    with pytest.raises(SchemaError, match=r"x\.meta\.yml, field 'columns\.a\.type'.*integre"):
        load_meta(meta)


def test_cli_validate_exit_codes(data_copy):
    import subprocess
    import sys

    ok = subprocess.run([sys.executable, "-m", "macros.cli", "validate", str(data_copy)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and "data OK" in ok.stdout
    edit(data_copy, "country_share_weekly", ",US,41.1,", ",US,-1,")
    bad = subprocess.run([sys.executable, "-m", "macros.cli", "validate", str(data_copy)], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "country_share_weekly.csv, line 2, column 'share_pct'" in bad.stderr


CSV = (ROOT / "data" / "country_share_weekly.csv").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, len(CSV) - 1), junk=st.text(max_size=4), delete=st.integers(0, 3))
def test_random_corruption_passes_or_fails_with_a_located_message(tmp_path_factory, position, junk, delete):
    data = tmp_path_factory.mktemp("fuzz")
    for name in ("labs", "country_share_weekly"):
        for suffix in (".csv", ".meta.yml"):
            (data / f"{name}{suffix}").write_bytes((ROOT / "data" / f"{name}{suffix}").read_bytes())
    (data / "sources.yml").write_bytes((ROOT / "data" / "sources.yml").read_bytes())
    write(data, "country_share_weekly", CSV[:position] + junk + CSV[position + delete:])
    for problem in Catalog(data).problems():  # must not raise
        assert problem.file.endswith(".csv") or problem.file.endswith(".yml")
        assert problem.line is not None or problem.column is not None or "more rows" in problem.expected or "row" in problem.expected
