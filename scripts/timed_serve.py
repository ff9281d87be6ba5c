"""`mkdocs serve` that reports how long each rebuild takes (for scripts/bench.py).

    python scripts/timed_serve.py -f mkdocs.yml --dev-addr 127.0.0.1:8001

The same command as `mkdocs serve ARGS`, plus one line on stderr per rebuild:
`timed-serve rebuild 0.1234` (seconds from the rebuild's start, reading the
configuration included, to the end of the build). MkDocs' own "Documentation
built in" line cannot be used: MkDocs drops a log message it has logged before.

With TOKENSHARE_BENCH_PROFILE=DIR each rebuild runs under cProfile and its
profile is written to DIR/rebuild-N.prof (scripts/bench_serve.py --profile).

With TOKENSHARE_BENCH_REPLAY_MACROS=1 every page's macro output is the one of
the first build, replayed: a rebuild then costs what MkDocs, the search index,
our hooks and writing the chart files cost on our pages, with no macro work at
all. The benchmark prints it as the floor of any rebuild; never for editing.
"""

from __future__ import annotations

import cProfile
import os
import sys
import time

from mkdocs.commands import serve


class _TimedServer(serve.LiveReloadServer):
    def __init__(self, *args, builder, **kwargs):
        profiles = os.environ.get("TOKENSHARE_BENCH_PROFILE")
        count = [0]

        def timed(*a, **k):
            count[0] += 1
            profiler = cProfile.Profile() if profiles else None  # rebuilds only: serve runs the first build itself
            start = time.monotonic()
            try:
                if profiler is None:
                    return builder(*a, **k)
                return profiler.runcall(builder, *a, **k)
            finally:
                print(f"timed-serve rebuild {time.monotonic() - start:.4f}", file=sys.stderr, flush=True)
                if profiler is not None:
                    profiler.dump_stats(os.path.join(profiles, f"rebuild-{count[0]}.prof"))

        super().__init__(*args, builder=timed, **kwargs)


serve.LiveReloadServer = _TimedServer


def _replay_macros() -> None:
    """Replay each page's macro output from the first build, with what the macros left beside it:
    the HTML blocks kept out of Markdown's way (put back by our hooks), the chart files (written
    by them) and each page's charts (its social card), so the pages are those of a real rebuild."""
    from mkdocs_macros.plugin import MacrosPlugin

    rendered = MacrosPlugin.on_page_markdown
    first: dict[str, tuple] = {}

    def replayed(self, markdown, page, config, **kwargs):
        build = sys.modules["macros.pages.build"].current()  # the package as the hooks (re)loaded it this build
        key = page.file.src_uri
        if key not in first:
            stashed, files, charts = set(build.stashed), set(build.outputs.files), set(build.charts_by_page)
            out = rendered(self, markdown, page, config, **kwargs)
            first[key] = (out, {k: v for k, v in build.stashed.items() if k not in stashed},
                          {k: v for k, v in build.outputs.files.items() if k not in files},
                          {k: v for k, v in build.charts_by_page.items() if k not in charts})
        out, stashed, files, charts = first[key]
        build.stashed.update(stashed)
        build.outputs.files.update(files)
        build.charts_by_page.update(charts)  # a page's lead chart is its social card
        return out

    MacrosPlugin.on_page_markdown = replayed


if os.environ.get("TOKENSHARE_BENCH_REPLAY_MACROS") == "1":
    _replay_macros()

if __name__ == "__main__":
    from mkdocs.__main__ import cli

    sys.argv = ["mkdocs", "serve", *sys.argv[1:]]
    cli()
