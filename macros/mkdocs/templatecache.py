"""Compiled Jinja templates kept for the life of the process (a `mkdocs serve` session).

MkDocs makes a new Jinja environment for the theme on every build, so in
`mkdocs serve` each rebuild compiles Material's forty-odd templates again,
which costs more than anything our pages do when one row of data changes.
`attach(env)` gives an environment a bytecode cache held in memory: a
template is compiled once per process. Jinja stores the checksum of a
template's source with its code and compiles again whenever the source
differs, so an edited template is never served stale.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from macros.core import memo

_CODE: dict[str, bytes] = memo.table("compiled theme templates")


class MemoryBytecodeCache(BytecodeCache):
    def load_bytecode(self, bucket: Bucket) -> None:
        code = _CODE.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # discarded by Jinja if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        _CODE[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        _CODE.clear()


def attach(env) -> None:
    if env.bytecode_cache is None:
        env.bytecode_cache = MemoryBytecodeCache()
