"""The files a build adds to the built site, collected while pages render and written once it has succeeded.

Kept apart from the figure that fills it: the sources list and the data page
add their downloads here too. Every path is checked to stay inside the site.

`mkdocs build` streams them instead (`stream`): each file is written into the
site as it is added and its bytes let go, so a build holds one page's files at
a time, not the whole site's (at 100x the rows, some 850 MB of pictures and
downloads). A build that fails takes its files back out (`discard`): MkDocs
has emptied the site before the pages are read, and writes no page of a build
that fails, so the failed build leaves the site as empty as MkDocs does.
The preview keeps the bytes: it puts a kept page's files back on each rebuild.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from macros.core.safe import safe_site_path
from macros.publish import pictures

PICTURE_SUFFIXES = (".svg", ".png")


@dataclass
class Outputs:
    """Files to add to the built site: relative path -> bytes (or, in make serve, a picture still to draw)."""

    files: dict[str, bytes | None] = field(default_factory=dict)  # None: written already (streamed)
    deferred: dict[str, pictures.Picture] = field(default_factory=dict)
    page: str = ""  # the page rendering now (set by the build): a deferred picture notes who shows it
    shown_on: dict[str, set[str]] = field(default_factory=dict)  # deferred picture -> the pages that show it
    by_page: dict[str, dict] = field(default_factory=dict)  # page -> what it added: path -> bytes (None streamed), or Picture if deferred
    old: set[str] = field(default_factory=set)  # files of pages the preview put back as they were: a page rendered now wins
    site_dir: Path | None = None  # set by `stream`: where each file is written as it is added
    _written: dict[str, int] = field(default_factory=dict)  # streamed path -> the hash of what was written

    def stream(self, site_dir: Path) -> None:
        """From now on, write each file into `site_dir` as it is added and keep only its path (those added so far too)."""
        self.site_dir = Path(site_dir)
        for path, data in list(self.files.items()):
            if data is not None:
                self._write_now(path, data)
        for added in self.by_page.values():
            added.update((path, None) for path, data in added.items() if isinstance(data, bytes))

    def _write_now(self, path: str, data: bytes) -> None:
        # A figure on two pages adds its files twice: written once (a 64-bit hash tells the same bytes).
        if self._written.get(path) != hash(data):
            _write_file(self.site_dir / path, data)
            self._written[path] = hash(data)
        self.files[path] = None

    def discard(self) -> None:
        """Take the files streamed into the site back out (the build failed), and the folders they made."""
        folders = set()
        for path in self._written:
            (self.site_dir / path).unlink(missing_ok=True)
            folders.update(Path(path).parents)
        for folder in sorted(folders - {Path(".")}, key=lambda f: len(f.parts), reverse=True):
            with contextlib.suppress(OSError):  # not empty: MkDocs' or another's files are in it
                (self.site_dir / folder).rmdir()
        self._written.clear()

    def add(self, path: str, data: bytes, page: str | None = None) -> str:
        """Put a file into the site, as the current page's (else `page`'s: "" for no page in particular)."""
        if not safe_site_path(path):
            raise ValueError(f"refusing to write {path!r}: not a plain relative path inside the site")
        self.files[path] = data
        self.old.discard(path)
        self.deferred.pop(path, None)
        if self.site_dir is not None:
            self._write_now(path, data)
            data = None
        self.by_page.setdefault(self.page if page is None else page, {})[path] = data
        return path

    def defer(self, path: str, picture: pictures.Picture) -> str:
        if path in self.old:  # an old page's picture: this one is still to draw
            self.old.discard(path)
            del self.files[path]
        self.by_page.setdefault(self.page, {})[path] = self.files.get(path, picture)
        if path not in self.files:
            self.deferred[path] = picture
            self.shown_on.setdefault(path, set()).add(self.page)
        return path

    def add_old(self, path: str, data: bytes) -> None:
        """A file of a page put back as it was (mkdocs/pagememo.py): kept unless a page rendered now adds it."""
        if path not in self.files:
            self.add(path, data)
            self.old.add(path)

    def showing(self) -> set[str]:
        """The pages that show a picture, drawn or deferred (drawpool.sample)."""
        return {page for page, added in self.by_page.items() if any(p.endswith(PICTURE_SUFFIXES) for p in added)}

    def write(self, site_dir: Path) -> None:
        """Write the files (those not streamed), or hand the pictures still to draw to the preview's worker."""
        for rel, data in sorted(self.files.items()):
            if data is not None:
                _write_file(Path(site_dir) / rel, data)
        if pictures.deferring():
            pictures.hand_over(Path(site_dir), self.deferred)
        elif self.deferred:  # a picture a page shows was never drawn: the build must not be published
            raise RuntimeError(f"pictures never drawn: {', '.join(sorted(self.deferred))}")


def _write_file(target: Path, data: bytes) -> None:
    """Write `data` to `target`, unless it holds them already (the preview's site keeps its files)."""
    if target.exists():
        if target.read_bytes() == data:
            return
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
