"""Stage 5, publishing: the only module that replaces the output folder, and only as a whole.

A site is built into a hidden sibling folder and swapped in once everything has succeeded, so
a failed build leaves the previous site exactly as it was, and a reader never sees a
half-written site. On Linux the swap is one atomic exchange of the two folders; elsewhere it
is two renames, and a build killed between them is repaired by the next one. Builds into one
folder take turns (a lock on the folder that holds it), and the next build clears what killed
ones left.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.core.errors import PlaybookError


def check_target(target: Path, protected: list[Path]) -> None:
    """Refuse an output folder that would replace the inputs or a folder that is not a site."""
    target = target.resolve()
    for path in protected:
        path = path.resolve()
        if target == path or target in path.parents:
            msg = f"{target}: the site folder would replace {path}; choose another --site-dir"
            raise PlaybookError(msg)
    if target.exists() and not target.is_dir():
        msg = f"{target} is a file; choose a folder for --site-dir"
        raise PlaybookError(msg)
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        msg = (
            f"{target} holds files but no index.html, so it does not look like a built site; "
            "playbook replaces the whole folder, so choose an empty or new --site-dir"
        )
        raise PlaybookError(msg)


@contextlib.contextmanager
def staged(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside `target`; on success it replaces `target`, else it goes.

    Staging beside the target keeps the final swap a rename on one file system.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _turn(target):
        _clear_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
        try:
            yield staging
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        reuse_unchanged(staging, target)
        swap_directories(staging, target)


@contextlib.contextmanager
def _turn(target: Path) -> Iterator[None]:
    """Lock the folder that holds `target`, so one build at a time swaps sites in it (Unix; a
    lock on the folder itself leaves no file behind)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    descriptor = os.open(target.parent, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _clear_leftovers(target: Path) -> None:
    """What killed builds left beside `target`: a site renamed aside comes back if `target` is
    gone (killed between the two renames); staging and old folders are deleted."""
    old = sorted(target.parent.glob(f".{target.name}-old-*"), key=lambda p: p.stat().st_mtime)
    if old and not target.exists():
        old.pop().rename(target)
    for leftover in [*old, *target.parent.glob(f".{target.name}-new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def reuse_unchanged(staging: Path, target: Path) -> int:
    """Hard-link every staged file whose bytes equal the published one to the published file.

    The swap stays atomic, yet a file that did not change keeps its inode and modification
    time, so browsers, rsync and `serve` see only what really changed. Returns how many were kept.
    """
    if not target.is_dir():
        return 0
    kept = 0
    for new in staging.rglob("*"):
        if not new.is_file() or new.is_symlink():
            continue
        old = target / new.relative_to(staging)
        try:
            if not old.is_file() or old.stat().st_size != new.stat().st_size:
                continue
            if old.read_bytes() != new.read_bytes():
                continue
            link = new.with_name(f".{new.name}.keep")
            os.link(old, link)
            link.replace(new)
        except OSError:
            continue  # another file system or no hard links: the new copy is just as good
        kept += 1
    return kept


def swap_directories(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is, in one atomic exchange where the system has one (the
    old site then sits in `staging` and is deleted), else by two renames."""
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = None
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            old.rmdir()  # only the unique name is wanted; rename needs it free
            target.rename(old)
        staging.rename(target)
    except OSError as exc:
        if old is not None and old.exists() and not target.exists():
            old.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        msg = f"could not move the new site into {target}: {exc.strerror or exc}"
        raise PlaybookError(msg) from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's renameat2 (Linux 3.15+, glibc 2.28+), or None where it does not exist."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    libc = ctypes.CDLL(name, use_errno=True)
    function: Callable[..., int] | None = getattr(libc, "renameat2", None)
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories atomically; False when the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


@contextlib.contextmanager
def page_spool() -> Iterator[Callable[[], Path]]:
    """A fresh folder for each site's Markdown while MkDocs builds it (`build.render_pages`
    spools it there), the previous site's deleted first: one site of a build waits at a time,
    and nothing is left afterwards."""
    with tempfile.TemporaryDirectory(prefix="playbook-md-") as root:
        previous: list[Path] = []

        def folder() -> Path:
            for done in previous:
                shutil.rmtree(done, ignore_errors=True)
            previous[:] = [Path(tempfile.mkdtemp(dir=root))]
            return previous[0]

        yield folder
