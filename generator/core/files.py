"""Files and memory helpers every stage may use: reading only regular files, the atomic and
exclusive writers, and a GC pause."""

from __future__ import annotations

import gc
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.errors import PlaybookError

DATA_SUFFIXES = (".yaml", ".yml")
"""The names of data files; an entry so named must be a regular file."""

ONLY_REGULAR = "playbook reads only regular files inside the project"


class NotRegular(Exception):
    """An input that is a symbolic link, a folder or a pipe where a file should be; the message says so."""


def not_regular(path: Path) -> str | None:
    """Why `path` may not be read as an input, or None: a link (to anywhere), a folder with a data
    file's name, or anything that is not a regular file (a pipe would hang the reader)."""
    try:
        info = path.lstat()
    except OSError:
        return None  # missing: each reader says what it expected there
    if stat.S_ISLNK(info.st_mode):
        kind = "folder" if path.is_dir() else "file"
        return (
            f"this {kind} is a symbolic link to {path.readlink()}; {ONLY_REGULAR}: "
            f"copy the {kind} in instead of linking it"
        )
    if stat.S_ISDIR(info.st_mode):
        if path.suffix in DATA_SUFFIXES:
            return (
                f"this is a folder, but its name ends in {path.suffix} like a data file's; "
                "rename it, or put the file it should be in its place"
            )
        return None
    if not stat.S_ISREG(info.st_mode):
        return f"this is not a regular file ({_kind(info.st_mode)}); playbook reads only regular files: replace it with a file"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def read_regular(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file itself, not a link to one (else NotRegular).

    The file is opened without following a link and checked once open, so what is read is the
    file that was checked; a pipe is opened without waiting for a writer.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        reason = not_regular(path)
        if reason is not None:
            raise NotRegular(reason) from None
        raise
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise NotRegular(not_regular(path) or "this is not a regular file; playbook reads only regular files: replace it with a file")
        return stream.read()


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write through a temporary file in the same folder and rename it, so no file is half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            os.fchmod(handle, 0o666 & ~_UMASK)  # mkstemp makes 0600; the file is an ordinary one
            out = os.fdopen(handle, "wb")
        except BaseException:
            os.close(handle)  # fdopen did not take the descriptor over
            raise
        with out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new(folder: Path, stem: str, data: bytes, *, suffix: str = ".yaml") -> Path:
    """Write `data` to a new file `<stem><suffix>` in `folder` (else `<stem>-2`, `-3`...); return it.

    An existing file is never replaced, and the file appears complete or not at all: it is
    written aside, then hard-linked into place, which fails when the name is taken, so two
    concurrent writers each get a name of their own.
    """
    temporary = _aside(folder, stem, data)
    try:
        for number in range(1, 1000):
            target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
            if _claim(temporary, target):
                return target
        msg = f"too many files named {stem}*{suffix} in {folder}"
        raise PlaybookError(msg)
    finally:
        temporary.unlink(missing_ok=True)


def create_exclusively(path: Path, data: bytes) -> bool:
    """Write `data` as the new file `path`, complete or not at all; False, with nothing written,
    when the name is taken (by another run, or by hand, since the caller looked)."""
    temporary = _aside(path.parent, path.stem, data)
    try:
        return _claim(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def replace_if_unchanged(path: Path, data: bytes, expected: bytes) -> bool:
    """Replace `path` with `data` in one rename if it still holds `expected`; False, with nothing
    written, when it changed meanwhile (edited by hand, or written by another run) or is gone.

    Writers that go through here take turns (a lock on the folder, where the system has one), so
    two of them cannot both find the old bytes and both replace them.
    """
    temporary = _aside(path.parent, path.stem, data)
    try:
        with _folder_locked(path.parent):
            try:
                current = read_regular(path)
            except (OSError, NotRegular):
                return False
            if current != expected:
                return False
            temporary.replace(path)
            return True
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the comparison alone
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _aside(folder: Path, stem: str, data: bytes) -> Path:
    """`data` in a new hidden file of `folder`, flushed to disk, ready to be put in place."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"cannot create {folder}: {exc.strerror}"
        raise PlaybookError(msg) from exc
    handle, temporary = tempfile.mkstemp(prefix=f".{stem}-", suffix=".tmp", dir=folder)
    try:
        try:
            os.fchmod(handle, 0o666 & ~_UMASK)
            out = os.fdopen(handle, "wb")
        except BaseException:
            os.close(handle)
            raise
        with out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _claim(temporary: Path, target: Path) -> bool:
    """Put the finished file at `target` unless the name is taken; False if it is."""
    try:
        os.link(temporary, target)  # atomic, and refuses to replace an existing file
    except FileExistsError:
        return False
    except OSError:  # no hard links here: reserve the name, then move the file over it
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            return False
        temporary.replace(target)
    return True


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
"""Read once at import: setting the umask to read it is not safe while other threads write."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large trees.

    A node tree is millions of small objects and no cycles worth collecting; with the collector
    running, each generation scan walks every object made so far and parsing grows quadratically.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Keep the cyclic garbage collector off every object that exists now while the block runs.

    After loading and planning, the data of 100,000 customers is tens of millions of objects
    that live to the end of the build, and every full collection walked them all again (seconds
    each, many times a build). Frozen (`gc.freeze`), they are skipped; reference counting still
    frees them, and they rejoin the collector when the block ends. Not nested; `freeze_more`
    adds what was made since.
    """
    global _MAY_FREEZE_MORE  # one block at a time in a process
    gc.freeze()
    _MAY_FREEZE_MORE = True
    try:
        yield
    finally:
        _MAY_FREEZE_MORE = False
        gc.unfreeze()


_MAY_FREEZE_MORE = False
"""Whether `heap_frozen` runs and `freeze_more` has not frozen more yet."""


def freeze_more() -> None:
    """Within `heap_frozen`, the first time: keep the collector off everything made so far too
    (the full site's page list: its reports and replays live until the end); elsewhere, and
    again, nothing: by a later site's turn the heap holds the garbage of the sites before,
    which frozen would stay until the build ends."""
    global _MAY_FREEZE_MORE
    if _MAY_FREEZE_MORE:
        gc.freeze()
        _MAY_FREEZE_MORE = False  # the block still unfreezes everything at its end
