"""`make fetch` against a local server that plays the OpenRouter API with SYNTHETIC data.

Windows, a 429 then success, a 500 that persists, a truncated body, an empty
response, a wrong key, a dead server; after every failure data/ is unchanged
(checked by hash) and the key appears nowhere. No test sleeps: the client's
clock and sleep are fakes that only record.
"""

import json
import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from werkzeug import Request, Response

from conftest import free_port
from ingest_support import data_copy, synthetic_models, synthetic_rankings, tree_hash
from macros.data.catalog import Catalog
from macros.ingest import cli
from macros.ingest.client import Client, FetchError, RateLimit
from macros.ingest.fetch import FetchFailed, plan, run, windows

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-or-v1-synthetic-test-key-5c0ffee5c0ffee"
WRONG_KEY = "sk-or-v1-synthetic-wrong-key-deadbeef99"
NOW = "2026-03-10T08:00:00Z"
TODAY = date(2026, 3, 10)


class FakeClock:
    """A monotonic clock that moves only when something sleeps."""

    def __init__(self):
        self.now, self.sleeps = 1000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeApi:
    """The two endpoints, with SYNTHETIC rows for whatever window is asked; `script` queues odd answers."""

    def __init__(self, server):
        self.calls: list[tuple[str, dict]] = []
        self.script: dict[str, list] = {"rankings": [], "models": []}
        server.expect_request("/api/v1/datasets/rankings-daily").respond_with_handler(lambda r: self.answer("rankings", r))
        server.expect_request("/api/v1/models").respond_with_handler(lambda r: self.answer("models", r))
        self.base = server.url_for("/api/v1")

    def answer(self, endpoint: str, request: Request) -> Response:
        self.calls.append((endpoint, dict(request.args)))
        if request.headers.get("Authorization") != f"Bearer {KEY}":
            return Response(json.dumps({"error": {"code": 401, "message": "User not found."}}), 401, content_type="application/json")
        if self.script[endpoint]:
            return self.script[endpoint].pop(0)()
        if endpoint == "models":
            return Response(synthetic_models(), content_type="application/json")
        start, end = (date.fromisoformat(request.args[k]) for k in ("start_date", "end_date"))
        as_of = f"{end + timedelta(days=1)}T02:00:00Z"
        return Response(synthetic_rankings(start, end, as_of), content_type="application/json")

    def windows(self) -> list[tuple[str, str]]:
        return [(q["start_date"], q["end_date"]) for e, q in self.calls if e == "rankings"]


@pytest.fixture
def api(httpserver) -> FakeApi:
    return FakeApi(httpserver)


@pytest.fixture
def data(tmp_path) -> Path:
    return data_copy(tmp_path / "data")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def client(api: FakeApi, clock: FakeClock, key: str = KEY, **kw) -> Client:
    return Client(key, api.base, clock=clock, sleep=clock.sleep, **kw)


def fails(data: Path, api, clock, tmp_path, key=KEY) -> str:
    """Run a fetch that must fail; check data/ is byte-for-byte as it was; return the message."""
    before = tree_hash(data)
    with pytest.raises(FetchFailed) as err:
        run(data, client(api, clock, key), TODAY, NOW, keep_dir=tmp_path)
    assert tree_hash(data) == before
    message = str(err.value)
    assert KEY not in message and WRONG_KEY not in message
    return message


# --- planning ----------------------------------------------------------------------------------------


def test_windows_are_at_most_366_days_and_contiguous():
    cut = windows(date(2025, 1, 1), date(2026, 11, 27))
    assert cut == [(date(2025, 1, 1), date(2026, 1, 1)), (date(2026, 1, 2), date(2026, 11, 27))]
    assert windows(date(2025, 1, 1), date(2025, 1, 1)) == [(date(2025, 1, 1), date(2025, 1, 1))]
    assert windows(date(2025, 1, 2), date(2025, 1, 1)) == []
    long = windows(date(2025, 1, 1), date(2028, 6, 30))
    assert all((b - a).days + 1 <= 366 for a, b in long)
    assert all(b + timedelta(days=1) == c for (_, b), (c, _) in zip(long, long[1:]))


def test_the_first_run_starts_on_2025_01_01_and_ends_yesterday(data):
    assert plan(data, TODAY) == [(date(2025, 1, 1), date(2026, 1, 1)), (date(2026, 1, 2), date(2026, 3, 9))]


# --- fetching --------------------------------------------------------------------------------------------


def test_first_fetch_asks_window_by_window_then_the_models(api, data, clock):
    result = run(data, client(api, clock), TODAY, NOW)
    assert api.windows() == [("2025-01-01", "2026-01-01"), ("2026-01-02", "2026-03-09")]
    assert [e for e, _ in api.calls] == ["rankings", "rankings", "models"]
    assert clock.sleeps == []
    daily = Catalog(data).require_valid().frame("openrouter_daily")
    assert daily["date"].min() == pd.Timestamp("2025-01-01") and daily["date"].max() == pd.Timestamp("2026-03-09")
    assert len(daily) == 433 * 4 and result.daily_rows == 433 * 4
    raw = sorted(str(p.relative_to(data)) for p in (data / "raw").rglob("*.json"))
    assert raw == [
        "raw/models/20260310T080000Z.json",
        "raw/rankings-daily/2025-01-01_2026-01-01__20260102T020000Z.json",
        "raw/rankings-daily/2026-01-02_2026-03-09__20260310T020000Z.json",
    ]
    models = Catalog(data).frame("openrouter_models").set_index("id")
    assert pd.isna(models.loc["openrouter/synthetic-router", "input_usd_per_mtok"])
    assert daily.loc[daily["model_permaslug"] == "deepseek/synthetic-model-b-20250101:free", "model_id"].iloc[0] == "deepseek/synthetic-model-b:free"


def test_the_next_fetch_starts_the_day_after_the_last_one_imported(api, data, clock):
    run(data, client(api, clock), TODAY, NOW)
    api.calls.clear()
    run(data, client(api, clock), TODAY + timedelta(days=3), "2026-03-13T08:00:00Z")
    assert api.windows() == [("2026-03-10", "2026-03-12")]
    assert Catalog(data).frame("openrouter_daily")["date"].max() == pd.Timestamp("2026-03-12")
    # the catalogue came back unchanged: it is not stored twice
    assert len(list((data / "raw" / "models").iterdir())) == 1


def test_up_to_date_fetches_only_the_models_and_changes_nothing(api, data, clock):
    run(data, client(api, clock), TODAY, NOW)
    before = tree_hash(data)
    api.calls.clear()
    result = run(data, client(api, clock), TODAY, "2026-03-10T09:00:00Z")
    assert [e for e, _ in api.calls] == ["models"] and result.written == []
    assert tree_hash(data) == before


def test_a_429_is_retried_after_the_wait_it_asks_for(api, data, clock):
    api.script["rankings"].append(lambda: Response("slow down", 429, headers={"Retry-After": "7"}))
    run(data, client(api, clock), TODAY, NOW)
    assert clock.sleeps == [7.0]
    assert api.windows() == [("2025-01-01", "2026-01-01")] * 2 + [("2026-01-02", "2026-03-09")]
    assert Catalog(data).problems() == []


def test_a_500_that_persists_fails_after_backing_off_and_loses_nothing(api, data, clock, tmp_path):
    api.script["rankings"] += [lambda: Response("upstream down", 500)] * 10
    message = fails(data, api, clock, tmp_path)
    assert "HTTP 500" in message and "after 5 attempt(s)" in message and "upstream down" in message
    assert clock.sleeps == [2.0, 4.0, 8.0, 16.0]
    assert len(api.calls) == 5


def test_a_truncated_body_fails_and_is_saved_outside_data(api, data, clock, tmp_path):
    body = synthetic_rankings(date(2025, 1, 1), date(2026, 1, 1), "2026-01-02T02:00:00Z")
    api.script["rankings"].append(lambda: Response(body[: len(body) // 2], content_type="application/json"))
    message = fails(data, api, clock, tmp_path)
    assert "not valid JSON (the body looks truncated)" in message and "2025-01-01..2026-01-01" in message
    saved = [p for p in tmp_path.glob("tokenshare-fetched-*/*")]
    assert [p.name for p in saved] == ["rankings-daily_2025-01-01_2026-01-01.json"] and f"{saved[0].parent}" in message


def test_a_body_shorter_than_its_content_length_is_retried_then_fails(api, data, clock, tmp_path):
    body = synthetic_rankings(date(2025, 1, 1), date(2026, 1, 1), "2026-01-02T02:00:00Z")

    def short():
        response = Response(body[:1000], content_type="application/json")
        response.headers["Content-Length"] = str(len(body))
        return response

    api.script["rankings"] += [short] * 5
    message = fails(data, api, clock, tmp_path)
    assert "network error after 5 attempt(s)" in message and "IncompleteRead" in message


def test_an_empty_response_fails(api, data, clock, tmp_path):
    empty = json.dumps({"data": [], "meta": {"as_of": "2026-01-02T02:00:00Z", "start_date": "2025-01-01", "end_date": "2026-01-01"}})
    api.script["rankings"].append(lambda: Response(empty, content_type="application/json"))
    assert "empty response" in fails(data, api, clock, tmp_path)


def test_a_failure_in_a_later_window_keeps_the_earlier_ones_for_a_later_import(api, data, clock, tmp_path, capsys):
    api.script["rankings"] += [lambda: Response(synthetic_rankings(date(2025, 1, 1), date(2026, 1, 1), "2026-01-02T02:00:00Z"), content_type="application/json")]
    api.script["rankings"] += [lambda: Response("no", 503)] * 5
    message = fails(data, api, clock, tmp_path)
    assert "HTTP 503" in message
    saved = sorted(tmp_path.glob("tokenshare-fetched-*/*.json"))
    assert [p.name for p in saved] == ["rankings-daily_2025-01-01_2026-01-01.json"]
    assert cli.main(["--data", str(data), "import", *map(str, saved)]) == 0
    assert Catalog(data).frame("openrouter_daily")["date"].max() == pd.Timestamp("2026-01-01")


def test_a_wrong_key_fails_at_once_and_is_never_shown(api, data, clock, tmp_path):
    message = fails(data, api, clock, tmp_path, key=WRONG_KEY)
    assert "HTTP 401" in message and "API key was refused" in message and "User not found." in message
    assert len(api.calls) == 1 and clock.sleeps == []
    assert "synthetic-wrong" not in message


def test_a_dead_server_is_a_network_error_after_retries(data, tmp_path):
    clock = FakeClock()
    dead = Client(KEY, f"http://127.0.0.1:{free_port()}/api/v1", clock=clock, sleep=clock.sleep)
    before = tree_hash(data)
    with pytest.raises(FetchFailed, match=r"network error after 5 attempt\(s\)"):
        run(data, dead, TODAY, NOW, keep_dir=tmp_path)
    assert tree_hash(data) == before and clock.sleeps == [2.0, 4.0, 8.0, 16.0]


# --- the rate limit ----------------------------------------------------------------------------------------


def test_no_more_than_30_requests_in_any_minute():
    clock = FakeClock()
    sent = []

    class Opened:
        headers = {}

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b"{}"

    def opener(request, timeout):
        sent.append(clock())
        return Opened()

    api = Client(KEY, "http://example.invalid/api/v1", opener=opener, clock=clock, sleep=clock.sleep)
    for _ in range(75):
        api.get("models")
        clock.now += 0.5  # each request takes half a second
    assert len(sent) == 75
    assert max(sum(1 for t in sent if start <= t < start + 60) for start in sent) == 30
    assert clock.sleeps and all(0 < s <= 60 for s in clock.sleeps)


def test_rate_limit_waits_only_when_needed():
    clock = FakeClock()
    limit = RateLimit(3, clock, clock.sleep)
    for _ in range(3):
        limit.wait()
    assert clock.sleeps == []
    limit.wait()
    assert clock.sleeps == [60.0]


def test_the_client_does_not_show_its_key():
    assert KEY not in repr(Client(KEY))
    with pytest.raises(FetchError, match="OPENROUTER_API_KEY"):
        Client("")


# --- make fetch, as people run it ------------------------------------------------------------------------------


def make_fetch(data: Path, base: str | None, key: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "OPENROUTER_API_KEY"}
    env.update({"TOKENSHARE_DATA": str(data), **({"OPENROUTER_BASE_URL": base} if base else {})})
    if key is not None:
        env["OPENROUTER_API_KEY"] = key
    return subprocess.run(["make", "-s", "fetch"], cwd=ROOT, env=env, capture_output=True, text=True)


def no_key_anywhere(data: Path, done: subprocess.CompletedProcess, key: str) -> None:
    assert key not in done.stdout + done.stderr
    for path in data.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path


def test_make_fetch_end_to_end(api, data):
    done = make_fetch(data, api.base, KEY)
    assert done.returncode == 0, done.stderr
    assert "data OK:" in done.stdout and "daily rows, 2025-01-01 to" in done.stdout
    assert api.windows()[0] == ("2025-01-01", "2026-01-01")
    no_key_anywhere(data, done, KEY)
    assert Catalog(data).problems() == []


def test_make_fetch_with_a_wrong_key(api, data):
    before = tree_hash(data)
    done = make_fetch(data, api.base, WRONG_KEY)
    assert done.returncode != 0 and "HTTP 401" in done.stderr
    no_key_anywhere(data, done, WRONG_KEY)
    assert tree_hash(data) == before


def test_make_fetch_without_a_key(data):
    before = tree_hash(data)
    done = make_fetch(data, None, None)
    assert done.returncode != 0 and "OPENROUTER_API_KEY is not set" in done.stderr
    assert tree_hash(data) == before
