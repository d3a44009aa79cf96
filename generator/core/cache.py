"""A parse cache for the per-file validation results, keyed on each file's content hash.

Safe to delete at any time. An entry is used only when the file's SHA-256, its path and the
program's version all match what the entry records; anything unreadable is ignored and rebuilt.

Every entry this module writes (parsed files, compiled templates, printed PDFs) is sealed with
an HMAC under a key kept outside the project, in the user's own state folder: a pickle or a
compiled template runs code when loaded, so bytes that another hand put in `.playbook-cache/`
(a copied project folder, a shared drive, a damaged disk) are never loaded, only rebuilt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import hmac
import io
import os
import pickle
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.bccache

from generator import __version__
from generator.core import resources
from generator.core.files import write_atomically
from generator.core.forked import ShareWrapper, forked_map

T = TypeVar("T")
_FORMAT = 2
_Key = tuple[int, str, str, str, str, str]
"""Format, code digest, module and name of the computing function, path, content digest."""


@functools.cache
def code_digest() -> str:
    """A digest of playbook's own source, so a cache written by other code is never used."""
    digest = hashlib.sha256(__version__.encode())
    package = resources.PACKAGE
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


_TAG = 32
"""Bytes of the HMAC-SHA256 that seals each cache entry."""


def cache_key_file() -> Path:
    """Where the user's cache key lives: `$XDG_STATE_HOME/playbook/cache-key` (~/.local/state)."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "playbook" / "cache-key"


@functools.cache
def cache_key() -> bytes:
    """The key that seals cache entries: the user's own (created on first use, readable by them
    alone), else one for this process only, so nothing written by others is ever trusted."""
    path = cache_key_file()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(secrets.token_bytes(32))
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            key = stream.read(64)
        if len(key) == 32 and status.st_uid == os.getuid() and not status.st_mode & 0o077:
            return key
    return secrets.token_bytes(32)


def seal(data: bytes) -> bytes:
    """`data` behind its HMAC under the user's cache key."""
    return hmac.digest(cache_key(), data, "sha256") + data


def unseal(blob: bytes) -> bytes | None:
    """The data of a sealed entry, or None when this user's key did not seal exactly these bytes."""
    tag, data = blob[:_TAG], blob[_TAG:]
    if len(tag) == _TAG and hmac.compare_digest(tag, hmac.digest(cache_key(), data, "sha256")):
        return data
    return None


def read_sealed(path: Path) -> bytes | None:
    """A sealed entry's data, or None when it is missing, unreadable or not sealed by this user."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    return unseal(blob)


def write_sealed(path: Path, data: bytes) -> None:
    """Seal and write an entry atomically; a read-only project works on, without the cache."""
    with contextlib.suppress(OSError):
        write_atomically(path, seal(data))


_UNPICKLE_ERRORS = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError)
"""What unpickling an entry we sealed with another layout of the classes raises."""


def dump_sealed(path: Path, value: object, *, prefix: bytes = b"") -> None:
    """Pickle `value` after `prefix` (plain bytes, checked before anything is unpickled) and
    write it sealed (`write_sealed`)."""
    stream = io.BytesIO(prefix)
    stream.seek(len(prefix))
    _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    write_sealed(path, stream.getvalue())


def load_sealed(path: Path, *, prefix: bytes = b"") -> tuple[bool, Any]:
    """(True, value) of an entry `dump_sealed` wrote with the same `prefix`; (False, None) when it
    is missing, not sealed by this user, has another prefix (then nothing is unpickled) or was
    pickled with another layout of the classes."""
    data = read_sealed(path)
    if data is None or not data.startswith(prefix):
        return False, None
    try:
        return True, pickle.loads(data[len(prefix) :])
    except _UNPICKLE_ERRORS:
        return False, None


class ParseCache:
    """The results of `compute(path, data)` kept in `folder`, one pickle per file and content."""

    def __init__(self, folder: Path, *, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    def get_or_compute_all(
        self, paths: Sequence[Path], compute: Callable[[Path, bytes], T], *, mine: ShareWrapper = iter
    ) -> list[T]:
        """`compute(path, data)` for every path, in order, from the cache for content seen
        before; the files not in the cache are computed half in a forked process
        (`forked_map`), which writes its cache entries as usual.

        Parsing and validating a file is independent of the others, and a cold load is the
        floor of `check`, `plan` and `build`; a warm one only reads entries, here. A missing
        file is computed from the bytes its key was made of, even if it changes meanwhile.
        """
        if not self.enabled:
            return forked_map(lambda path: compute(path, path.read_bytes()), paths, mine=mine, min_items=2, pickler=_Pickler)
        found: dict[Path, T] = {}
        missing: list[tuple[Path, bytes, Path, _Key]] = []
        for path in mine(paths):
            data = path.read_bytes()
            entry, key = self._entry(path, data, compute)
            cached = self._read(entry, key)
            if cached is None:
                missing.append((path, data, entry, key))
            else:
                found[path] = cached
        self.hits += len(paths) - len(missing)
        self.misses += len(missing)
        computed = forked_map(lambda item: self._compute(*item[:2], compute, *item[2:]), missing, mine=mine, min_items=2, pickler=_Pickler)
        found.update(zip((item[0] for item in missing), computed, strict=True))
        return [found[path] for path in paths]

    def _compute(self, path: Path, data: bytes, compute: Callable[[Path, bytes], T], entry: Path, key: _Key) -> T:
        result = compute(path, data)
        self._write(entry, key, result)
        return result

    def _entry(self, path: Path, data: bytes, compute: Callable[[Path, bytes], object]) -> tuple[Path, _Key]:
        digest = hashlib.sha256(data).hexdigest()
        key = (_FORMAT, code_digest(), compute.__module__, compute.__qualname__, str(path), digest)
        return self.folder / f"{hashlib.sha256(repr(key).encode()).hexdigest()}.pickle", key

    def _read(self, entry: Path, key: _Key) -> Any:
        """The value stored under `key`, or None; only entries sealed with this user's key are
        unpickled (what was pickled is not known here)."""
        found, stored = load_sealed(entry)
        if not found:
            return None  # missing, planted, or sealed by us with another layout of the classes: rebuild it
        try:
            stored_key, value = stored
        except (ValueError, TypeError):
            return None
        return value if stored_key == key else None

    def _write(self, entry: Path, key: _Key, value: object) -> None:
        dump_sealed(entry, (key, value))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of a frozen slots dataclass that pickles through its field-order state."""
    state = getattr(cls, "__getstate__", None)
    if dataclasses.is_dataclass(cls) and "__slots__" in cls.__dict__ and getattr(state, "__name__", "") == "_dataclass_getstate":
        return tuple(f.name for f in dataclasses.fields(cls))
    return None


def _rebuild(cls: type, values: tuple[Any, ...]) -> object:
    """Unpickle a slots dataclass: the same field-by-field assignment as dataclasses' own."""
    obj: object = object.__new__(cls)
    for name, value in zip(_field_names(cls) or (), values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


class _Pickler(pickle.Pickler):
    """Pickles the model's frozen slots dataclasses as (class, field values).

    The standard path calls `dataclasses.fields()` for every object, both ways: about a fifth
    of the time to write and to read the cache of a large customer file.
    """

    def reducer_override(self, obj: Any) -> Any:
        cls: type = type(obj)
        names = _field_names(cls)
        if names is None:
            return NotImplemented
        return _rebuild, (cls, tuple([getattr(obj, name) for name in names]))


class TemplateCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept between runs: compiling the theme costs a second a build.

    Jinja uses an entry only when the template's source checksum matches; the folder name also
    carries the versions of playbook, Jinja and MkDocs, whose environment options shape the
    compiled code. Entries live in memory too, so `serve` rebuilds never reread them.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder / f"templates-{_template_digest()}"
        self.memory: dict[str, bytes] = {}

    @staticmethod
    @functools.cache
    def of(folder: Path) -> TemplateCache:
        """The one cache of `folder` in this process, so its memory serves every build."""
        return TemplateCache(folder)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.memory.get(bucket.key)
        if data is None:
            data = read_sealed(self.folder / f"{bucket.key}.cache")  # compiled code: ours only
            if data is None:
                return
            self.memory[bucket.key] = data
        try:
            bucket.bytecode_from_string(data)  # Jinja resets the bucket when the source changed
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
            bucket.reset()  # a damaged entry: compile again and overwrite it

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.memory[bucket.key] = data
        write_sealed(self.folder / f"{bucket.key}.cache", data)


@functools.cache
def _template_digest() -> str:
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    parts = [code_digest(), jinja2.__version__, installed("mkdocs"), installed("mkdocs-material")]
    return hashlib.sha256(" ".join(parts).encode()).hexdigest()[:16]
