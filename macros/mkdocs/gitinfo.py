"""mkdocs-macros' `git` variable, computed only if a page reads it.

mkdocs-macros runs 13 `git` commands every build to fill `git`, which no page of ours uses;
made lazy (once per process, from hooks.py's on_startup), a rebuild in `mkdocs serve` starts no process.
"""

from __future__ import annotations


def make_lazy() -> None:
    """Make `context.get_git_info` give a dict that runs the commands the first time it is read."""
    try:
        from mkdocs_macros import context
    except ImportError:
        return
    if getattr(context.get_git_info, "lazy", False):
        return
    eager = context.get_git_info

    class LazyGitInfo(dict):
        loaded = False

        def _load(self):
            if not self.loaded:
                self.loaded = True
                self.update(eager() or {})

    for name in ("__getitem__", "__contains__", "__iter__", "__len__", "__repr__", "get", "keys", "values", "items"):
        def method(self, *args, _name=name):
            self._load()
            return getattr(dict, _name)(self, *args)
        setattr(LazyGitInfo, name, method)

    def lazy():
        return LazyGitInfo()

    lazy.lazy = True
    context.get_git_info = lazy
