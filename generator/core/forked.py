"""Work shared with a forked copy of this process, so that parsing customer files and
rendering pages use a second core.

Both are pure Python work on independent items. A forked child shares this process's data
(the model, the plan, the compiled templates) without pickling it; only the results travel
back, through a pipe. Where
there is no `fork` (Windows), only one core, or too little work to be worth a process, the
work is done here, and a child that fails in any way has its share redone here: the result
is the same list either way.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 64
"""Below this, starting a process costs more than it saves."""


class ShareWrapper(Protocol):
    """Wraps this process's share of any list of items (in a progress bar), yielding each item."""

    def __call__(self, share: Sequence[T], /) -> Iterable[T]: ...


def forked_map(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    mine: Callable[[Sequence[T]], Iterable[T]] = iter,
    min_items: int = MIN_ITEMS,
    pickler: type[pickle.Pickler] = pickle.Pickler,
) -> list[R]:
    """`[function(item) for item in items]`, every other item computed in a forked child.

    Alternate items balance the two shares when neighbours are alike (pages of one kind).
    `mine` wraps this process's share (a progress bar); the child's results travel back
    through `pickler`.
    """
    if len(items) < min_items or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return [function(item) for item in mine(items)]
    theirs = items[1::2]
    child = _start(function, theirs, pickler)
    try:
        ours = [function(item) for item in mine(items[0::2])]
    except BaseException:
        if child is not None:
            _abandon(child)
        raise
    returned = _collect(child) if child is not None else None
    if returned is None or len(returned) != len(theirs):
        returned = [function(item) for item in theirs]
    results: list[R] = [*ours, *returned]
    results[0::2], results[1::2] = ours, returned
    return results


class Pending(Generic[T, R]):
    """`[function(item) for item in items]` under way in a forked child while this process
    does other work; `result()` waits for it, computing here what the child could not."""

    def __init__(self, function: Callable[[T], R], items: Sequence[T], child: tuple[int, int] | None) -> None:
        self.function = function
        self.items = items
        self._child = child

    @property
    def forked(self) -> bool:
        """Whether a child is computing the items (else `result()` computes them here)."""
        return self._child is not None

    def result(self) -> list[R]:
        """The results in the items' order; call it once."""
        child, self._child = self._child, None
        returned = _collect(child) if child is not None else None
        if returned is None or len(returned) != len(self.items):
            returned = [self.function(item) for item in self.items]
        return returned

    def abandon(self) -> None:
        """Stop the child: its results are no longer wanted."""
        child, self._child = self._child, None
        if child is not None:
            _abandon(child)


def forked_start(function: Callable[[T], R], items: Sequence[T], *, pickler: type[pickle.Pickler] = pickle.Pickler) -> Pending[T, R]:
    """Start computing `items` in a forked child and return at once (see `Pending`).

    Without `fork`, with one core or no items, nothing starts and `result()` computes here.
    """
    forkable = bool(items) and hasattr(os, "fork") and (os.cpu_count() or 1) >= 2
    return Pending(function, items, _start(function, items, pickler) if forkable else None)


def _start(function: Callable[[T], R], items: Sequence[T], pickler: type[pickle.Pickler]) -> tuple[int, int] | None:
    """Fork a child that computes `items` and writes the pickled list; (pid, read end)."""
    try:
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12+ warns on forking a process that runs threads (the packet printers'
            # manager, `serve`'s watcher): a thread could hold a lock the child then waits for.
            # The child only renders templates with objects no other thread touches, then exits.
            warnings.filterwarnings("ignore", message=r"This process .* is multi-threaded", category=DeprecationWarning)
            pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns to the caller's code
        status = 1
        try:
            os.close(read_end)
            results = [function(item) for item in items]
            with os.fdopen(write_end, "wb") as out:
                pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(results)
            status = 0
        finally:
            os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
    os.close(write_end)
    return pid, read_end


def _collect(child: tuple[int, int]) -> list[Any] | None:
    """The child's results, or None when it failed."""
    pid, read_end = child
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    try:
        results: list[Any] = pickle.loads(data)
    except Exception:  # a truncated or damaged stream: redo the share here
        return None
    return results


def _abandon(child: tuple[int, int]) -> None:
    """Stop and reap a child whose results are no longer wanted."""
    pid, read_end = child
    os.close(read_end)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
