"""A parse cache for the per-file validation results, keyed on each file's content hash.

Safe to delete at any time. An entry is used only when the file's SHA-256, its path and the
program's version all match what the entry records; anything unreadable is ignored and rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from generator import __version__

T = TypeVar("T")
_FORMAT = 1


@functools.cache
def code_digest() -> str:
    """A digest of playbook's own source, so a cache written by other code is never used."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


class ParseCache:
    def __init__(self, folder: Path, *, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, path: Path, compute: Callable[[Path, bytes], T]) -> T:
        """Return `compute(path, data)`, from the cache when this exact content was seen before."""
        data = path.read_bytes()
        if not self.enabled:
            return compute(path, data)
        digest = hashlib.sha256(data).hexdigest()
        key = (_FORMAT, code_digest(), compute.__module__, compute.__qualname__, str(path), digest)
        entry = self.folder / f"{hashlib.sha256(repr(key).encode()).hexdigest()}.pickle"
        cached = self._read(entry, key)
        if cached is not None:
            self.hits += 1
            return cached  # type: ignore[no-any-return]
        self.misses += 1
        result = compute(path, data)
        self._write(entry, key, result)
        return result

    def _read(self, entry: Path, key: tuple[Any, ...]) -> Any:
        try:
            with entry.open("rb") as stream:
                stored_key, value = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None
        return value if stored_key == key else None

    def _write(self, entry: Path, key: tuple[Any, ...], value: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as stream:
                pickle.dump((key, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(entry)
        except OSError:
            pass  # a read-only project still works, just without the cache
