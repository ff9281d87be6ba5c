"""`mkdocs serve` that reports how long each rebuild takes (for scripts/bench.py).

    python scripts/timed_serve.py -f mkdocs.yml --dev-addr 127.0.0.1:8001

The same command as `mkdocs serve ARGS`, plus one line on stderr per rebuild:
`timed-serve rebuild 0.1234` (seconds from the rebuild's start, reading the
configuration included, to the end of the build). MkDocs' own "Documentation
built in" line cannot be used: MkDocs drops a log message it has logged before.
"""

from __future__ import annotations

import sys
import time

from mkdocs.commands import serve


class _TimedServer(serve.LiveReloadServer):
    def __init__(self, *args, builder, **kwargs):
        def timed(*a, **k):
            start = time.monotonic()
            try:
                return builder(*a, **k)
            finally:
                print(f"timed-serve rebuild {time.monotonic() - start:.4f}", file=sys.stderr, flush=True)

        super().__init__(*args, builder=timed, **kwargs)


serve.LiveReloadServer = _TimedServer

if __name__ == "__main__":
    from mkdocs.__main__ import cli

    sys.argv = ["mkdocs", "serve", *sys.argv[1:]]
    cli()
