"""The files a build adds to the built site, collected while pages render and written once it has succeeded.

Kept apart from the figure that fills it: the sources list and the data page
add their downloads here too. Every path is checked to stay inside the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from macros.core.safe import safe_site_path
from macros.publish import pictures

PICTURE_SUFFIXES = (".svg", ".png")


@dataclass
class Outputs:
    """Files to add to the built site: relative path -> bytes (or, in make serve, a picture still to draw)."""

    files: dict[str, bytes] = field(default_factory=dict)
    deferred: dict[str, pictures.Picture] = field(default_factory=dict)
    page: str = ""  # the page rendering now (set by the build): a deferred picture notes who shows it
    shown_on: dict[str, set[str]] = field(default_factory=dict)  # deferred picture -> the pages that show it
    by_page: dict[str, dict] = field(default_factory=dict)  # page -> what it added: path -> bytes, or Picture if deferred
    old: set[str] = field(default_factory=set)  # files of pages the preview put back as they were: a page rendered now wins

    def add(self, path: str, data: bytes) -> str:
        if not safe_site_path(path):
            raise ValueError(f"refusing to write {path!r}: not a plain relative path inside the site")
        self.files[path] = data
        self.old.discard(path)
        self.deferred.pop(path, None)
        self.by_page.setdefault(self.page, {})[path] = data
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
        folders = set()
        for rel, data in sorted(self.files.items()):
            target = Path(site_dir) / rel
            if target.parent not in folders:  # a thousand files, in a dozen folders
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)
        if pictures.deferring():
            pictures.hand_over(Path(site_dir), self.deferred)
        elif self.deferred:  # a picture a page shows was never drawn: the build must not be published
            raise RuntimeError(f"pictures never drawn: {', '.join(sorted(self.deferred))}")
