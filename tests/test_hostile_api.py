"""The tests of test_hostile.py, on the site built from SYNTHETIC hostile data that also has payloads in
the OpenRouter responses imported by `make import` ("api"). A file of its own: pytest-xdist's
`--dist loadfile` gives a file to one worker, so the two hostile builds run on two workers."""

from __future__ import annotations

import pytest

from test_hostile import *  # noqa: F401,F403  (the tests and their fixtures)


@pytest.fixture(scope="module")
def hostile_kind() -> str:
    return "api"
