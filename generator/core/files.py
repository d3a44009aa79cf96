"""Files and memory helpers every stage may use: the one atomic writer, and a GC pause."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
