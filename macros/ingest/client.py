"""GET from OpenRouter's API: Bearer key, 30 requests a minute, backoff on 429 and 5xx.

The clock, the sleep and the opener are injectable, so tests neither wait nor
need the network. The key is only ever put in the Authorization header: it is
scrubbed from every message, and `repr` does not show it.
"""

from __future__ import annotations

import collections
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Callable

BASE_URL = "https://openrouter.ai/api/v1"
PER_MINUTE = 30
ATTEMPTS = 5  # per request: the first try and 4 retries
MAX_WAIT = 120.0  # seconds; a longer Retry-After is capped


class FetchError(RuntimeError):
    """A request failed for good (after retries, or at once for a refused key)."""


class RateLimit:
    """At most `per_minute` requests in any 60 seconds (a sliding window)."""

    def __init__(self, per_minute: int = PER_MINUTE, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.per_minute, self.clock, self.sleep = per_minute, clock, sleep
        self.sent: collections.deque[float] = collections.deque()

    def wait(self) -> None:
        now = self.clock()
        while self.sent and now - self.sent[0] >= 60:
            self.sent.popleft()
        if len(self.sent) >= self.per_minute:
            self.sleep(60 - (now - self.sent[0]))
            self.sent.popleft()
        self.sent.append(self.clock())


class Client:
    def __init__(
        self, api_key: str, base_url: str = BASE_URL, *, opener: Callable = urllib.request.urlopen,
        clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
        per_minute: int = PER_MINUTE, attempts: int = ATTEMPTS, timeout: float = 60.0,
    ):
        if not api_key:
            raise FetchError("no API key: set OPENROUTER_API_KEY")
        self._key = api_key
        self.base_url = base_url.rstrip("/")
        self.opener, self.sleep, self.attempts, self.timeout = opener, sleep, attempts, timeout
        self.limit = RateLimit(per_minute, clock, sleep)
        self.requests = 0  # sent, retries included

    def __repr__(self) -> str:
        return f"Client(base_url={self.base_url!r}, api_key=<hidden>)"

    def url(self, path: str, params: dict | None = None) -> str:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return f"{self.base_url}/{path.lstrip('/')}{query}"

    def get(self, path: str, params: dict | None = None) -> bytes:
        """The body of a successful GET, exactly as received."""
        url = self.url(path, params)
        for attempt in range(1, self.attempts + 1):
            self.limit.wait()
            self.requests += 1
            try:
                return self._once(url)
            except urllib.error.HTTPError as exc:
                wait = self._retry_after(exc, attempt)
                if wait is None or attempt == self.attempts:
                    raise FetchError(self._scrub(self._http_message(url, exc, attempt))) from None
            except (urllib.error.URLError, http.client.HTTPException, socket.timeout, ConnectionError) as exc:
                if attempt == self.attempts:
                    reason = getattr(exc, "reason", None) or exc
                    raise FetchError(self._scrub(f"GET {url}: network error after {attempt} attempt(s): {type(exc).__name__}: {reason}")) from None
                wait = _backoff(attempt)
            self.sleep(wait)
        raise AssertionError("unreachable")

    def _once(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={
            "Authorization": f"Bearer {self._key}",
            "Accept": "application/json",
            "User-Agent": "tokenshare-ingest/1",
        })
        with self.opener(request, timeout=self.timeout) as response:
            body = response.read()
            expected = response.headers.get("Content-Length")
        if expected is not None and expected.isdigit() and int(expected) != len(body):
            raise http.client.IncompleteRead(body, int(expected) - len(body))
        return body

    def _retry_after(self, exc: urllib.error.HTTPError, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when retrying cannot help."""
        if exc.code != 429 and exc.code < 500:
            return None
        header = exc.headers.get("Retry-After") if exc.headers else None
        if header and header.strip().replace(".", "", 1).isdigit():
            return min(float(header), MAX_WAIT)
        return _backoff(attempt)

    def _http_message(self, url: str, exc: urllib.error.HTTPError, attempt: int) -> str:
        detail = _error_detail(exc)
        if exc.code in (401, 403):
            return f"GET {url}: HTTP {exc.code} {exc.reason}: the API key was refused; check OPENROUTER_API_KEY{detail}"
        tries = f" after {attempt} attempt(s)" if attempt > 1 else ""
        return f"GET {url}: HTTP {exc.code} {exc.reason}{tries}{detail}"

    def _scrub(self, text: str) -> str:
        return text.replace(self._key, "<API key>")


def _backoff(attempt: int) -> float:
    """2, 4, 8, 16 ... seconds, capped."""
    return min(2.0 ** attempt, MAX_WAIT)


def _error_detail(exc: urllib.error.HTTPError) -> str:
    """The API's own error message, when the body carries one."""
    try:
        body = exc.read()[:2000]
    except Exception:
        return ""
    try:
        doc = json.loads(body)
        message = doc.get("error", {}).get("message") if isinstance(doc, dict) else None
    except (ValueError, AttributeError):
        message = None
    text = message or body.decode("utf-8", "replace").strip()
    return f" ({text[:200]})" if text else ""
