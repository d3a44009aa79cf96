"""Files and memory helpers every stage may use: the atomic writers, and a GC pause."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.errors import PlaybookError


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
        for number in range(1, 1000):
            target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
            if _claim(Path(temporary), target):
                return target
        msg = f"too many files named {stem}*{suffix} in {folder}"
        raise PlaybookError(msg)
    finally:
        Path(temporary).unlink(missing_ok=True)


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
