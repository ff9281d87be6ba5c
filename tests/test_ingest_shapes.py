"""Response shapes: the real responses of tests/fixtures/openrouter parse; every malformed body is refused by name."""

import json
from datetime import date

import pytest

from ingest_support import MERGED, MODELS_BARE, MODELS_WRAPPED, rewrap_official, synthetic_models, synthetic_rankings
from macros.ingest import shapes
from macros.ingest.shapes import ShapeError


def test_merged_file_parses_with_its_as_of_at_the_end_of_its_last_day():
    parsed = shapes.parse_rankings(MERGED.read_bytes(), "merged")
    assert parsed.shape == "merged"
    assert len(parsed.rows) == 4590 and len({r.date for r in parsed.rows}) == 90
    assert (parsed.start, parsed.end) == (date(2026, 5, 24), date(2026, 8, 21))
    assert parsed.as_of == "2026-08-22T00:00:00Z"
    assert all(isinstance(r.tokens, int) for r in parsed.rows)


def test_rewrapped_official_shape_gives_the_same_rows():
    merged = shapes.parse_rankings(MERGED.read_bytes(), "merged")
    official = shapes.parse_rankings(rewrap_official(MERGED.read_bytes(), "2026-08-22T03:04:05+00:00"), "official")
    assert official.shape == "official" and official.as_of == "2026-08-22T03:04:05Z"
    assert sorted(official.rows, key=lambda r: (r.date, r.model_permaslug)) == sorted(merged.rows, key=lambda r: (r.date, r.model_permaslug))


@pytest.mark.parametrize("path, shape, count", [(MODELS_BARE, "bare", 351), (MODELS_WRAPPED, "wrapped", 549)])
def test_both_models_shapes_parse(path, shape, count):
    parsed = shapes.parse_models(path.read_bytes(), path.name, "2026-08-19")
    assert parsed.shape == shape and len(parsed.models) == count
    assert parsed.as_of == "2026-08-19T00:00:00Z"
    sonnet = [m for m in parsed.models if m.id == "anthropic/claude-sonnet-4.6"]
    if sonnet:
        assert sonnet[0].canonical_slug == "anthropic/claude-4.6-sonnet-20260217"


def test_kind_is_told_from_the_shape():
    assert shapes.kind_of(json.loads(MERGED.read_bytes()), "x") == "rankings"
    assert shapes.kind_of(json.loads(synthetic_rankings(date(2025, 1, 1), date(2025, 1, 2), "2025-01-03T00:00:00Z")), "x") == "rankings"
    assert shapes.kind_of(json.loads(synthetic_models(wrapped=True)), "x") == "models"
    assert shapes.kind_of(json.loads(synthetic_models(wrapped=False)), "x") == "models"


GOOD = json.loads(synthetic_rankings(date(2025, 3, 1), date(2025, 3, 2), "2025-03-03T02:00:00Z"))


def _rankings(doc) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.parametrize("body, message", [
    (b"", "empty response"),
    (b"   \n", "empty response"),
    (synthetic_rankings(date(2025, 3, 1), date(2025, 3, 2), "2025-03-03T02:00:00Z")[:500], "looks truncated"),
    (b"<html>Bad gateway</html>", "not valid JSON: Expecting value at line 1, column 1"),
    (b"[1, 2]", "models[0]: got int, expected an object"),
    (b'"text"', "wrong shape"),
    (b'{"rows": []}', "wrong shape"),
    (_rankings({"data": [], "meta": {"as_of": "2025-03-03T00:00:00Z"}}), "empty response"),
    (_rankings({"data": GOOD["data"]}), "missing key 'meta'"),
    (_rankings({"data": GOOD["data"], "meta": {"start_date": "2025-03-01"}}), "missing key 'as_of'"),
    (_rankings({"data": GOOD["data"], "meta": {"as_of": "yesterday"}}), "meta.as_of: got 'yesterday'"),
    (_rankings({**GOOD, "data": [{"date": "2025-03-01", "model_permaslug": "x/y"}]}), "data[0]: missing key 'total_tokens'"),
    (_rankings({**GOOD, "data": [{"date": "2025-03-01", "model_permaslug": "x/y", "total_tokens": "12.5"}]}), "data[0].total_tokens: got '12.5'"),
    (_rankings({**GOOD, "data": [{"date": "2025-03-01", "model_permaslug": "x/y", "total_tokens": "-4"}]}), "expected a whole number of tokens"),
    (_rankings({**GOOD, "data": [{"date": "2025-02-30", "model_permaslug": "x/y", "total_tokens": "4"}]}), "data[0].date: got '2025-02-30'"),
    (_rankings({**GOOD, "data": [{"date": "2025-03-09", "model_permaslug": "x/y", "total_tokens": "4"}]}), "to the response's as_of"),
    (_rankings({**GOOD, "data": [{"date": "2024-12-31", "model_permaslug": "x/y", "total_tokens": "4"}]}), "from 2025-01-01"),
    (_rankings({**GOOD, "data": GOOD["data"][:1] * 2}), "a second row for 2025-03-01"),
    (_rankings({"2025-03-01": {"x/y": {"date": "2025-03-02", "model_permaslug": "x/y", "total_tokens": "4"}}}), "expected '2025-03-01'/'x/y'"),
])
def test_malformed_rankings_are_refused_with_where_and_what(body, message):
    with pytest.raises(ShapeError) as err:
        if body[:1] == b"[":
            shapes.parse_models(body, "GET rankings", "2025-03-03")
        else:
            shapes.parse_rankings(body, "GET rankings")
    assert str(err.value).startswith("GET rankings") and message in str(err.value)


MODELS = json.loads(synthetic_models())


@pytest.mark.parametrize("doc, message", [
    ({**MODELS, "total_count": 9}, "total_count says 9 but 'data' has 4 models: truncated?"),
    ({**MODELS, "links": {"next": "/api/v1/models?page=2"}}, "a paged response"),
    ({**MODELS, "data": []}, "empty response: no models"),
    ({**MODELS, "data": [{k: v for k, v in MODELS["data"][0].items() if k != "canonical_slug"}], "total_count": 1}, "missing key 'canonical_slug'"),
    ({**MODELS, "data": [{**MODELS["data"][0], "pricing": {"prompt": "free", "completion": "0"}}], "total_count": 1}, "pricing.prompt: got 'free'"),
    ({**MODELS, "data": [MODELS["data"][0]] * 2, "total_count": 2}, "listed twice"),
])
def test_malformed_models_are_refused(doc, message):
    with pytest.raises(ShapeError) as err:
        shapes.parse_models(json.dumps(doc).encode(), "models.json", "2026-01-01T00:00:00Z")
    assert str(err.value).startswith("models.json") and message in str(err.value)


def test_a_rankings_file_is_not_taken_for_models_and_back():
    with pytest.raises(ShapeError, match="this is a rankings-daily response"):
        shapes.parse_models(MERGED.read_bytes(), "merged", "2026-01-01")
    with pytest.raises(ShapeError, match="this is a models list"):
        shapes.parse_rankings(MODELS_BARE.read_bytes(), "bare")
