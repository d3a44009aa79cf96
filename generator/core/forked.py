"""Work shared with a forked copy of this process, so that parsing customer files, replaying
the audit, rendering, converting and writing pages use a second core.

All are pure Python work on independent items. A forked child shares this process's data
(the model, the plan, the compiled templates) without pickling it; only the results travel
back, through a pipe or a file. Where
there is no `fork` (Windows), only one core, or too little work to be worth a process, the
work is done here, and a child that fails in any way has its share redone here: the result
is the same list either way.
"""

from __future__ import annotations

import contextlib
import mmap
import multiprocessing
import os
import pickle
import signal
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 64
"""Below this, starting a process costs more than it saves."""

_ONE_CORE = False
"""While `on_one_core` runs: fork nothing, every core already has work of its own."""
ONE_CORE = "PLAYBOOK_ONE_CORE"
"""Environment variable: set to 1 to do all the work in one process (to compare the outputs of
the two ways, or where forking is not wanted)."""


@contextlib.contextmanager
def on_one_core() -> Iterator[None]:
    """Within the block, `forked_map` and `FromBothEnds` work in this process alone: the caller
    already keeps each core busy with a share of its own (the private sites of `--split`), and
    a fork for every small piece of work would only add its start-up."""
    global _ONE_CORE  # one flag for the process; a forked child inherits it
    outer, _ONE_CORE = _ONE_CORE, True
    try:
        yield
    finally:
        _ONE_CORE = outer


def can_fork() -> bool:
    """Whether work can go to a forked child: `fork` exists, there are two cores, and neither
    a caller (`on_one_core`) nor the environment (`PLAYBOOK_ONE_CORE=1`) asked for one core."""
    one_core = _ONE_CORE or os.environ.get(ONE_CORE, "").strip() not in ("", "0")
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2 and not one_core


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
    if len(items) < min_items or not can_fork():
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


def both_ends_map(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    mine: Callable[[Sequence[int]], Iterable[int]] = iter,
    min_items: int = MIN_ITEMS,
) -> list[R]:
    """`[function(item) for item in items]`, worked from both ends (`FromBothEnds`): for items
    of very different sizes, where every other item would not be half the work. `mine` wraps
    the indexes this process goes through (a progress bar)."""
    if len(items) < min_items or not can_fork():
        return [function(items[index]) for index in mine(range(len(items)))]
    both = FromBothEnds(function, items)
    try:
        here = {index: function(items[index]) for index in mine(range(len(items))) if both.mine(index)}
    except BaseException:
        both.abandon()  # the child's results are not wanted
        raise
    done = {**both.result(), **here}
    return [done[index] for index in range(len(items))]


class FromBothEnds(Generic[T, R]):
    """Items worked from both ends: this process takes them in order as it reaches them
    (`mine`), a forked child takes them from the last backwards, and they meet wherever the
    work is; each item is done once, however unequal the items or busy the cores.

    The child writes each result to a file as it goes (it holds no more than one), and
    `result()` reads them; items the child took but did not finish are computed here.
    """

    FREE, HERE, CHILD = 0, 1, 2

    def __init__(self, function: Callable[[T], R], items: Sequence[T]) -> None:
        self.function = function
        self.items = items
        self._owners = mmap.mmap(-1, max(len(items), 1))  # shared with the child: who took each item
        self._lock = multiprocessing.get_context("fork").Lock() if hasattr(os, "fork") else None
        self._out = tempfile.TemporaryFile()  # noqa: SIM115  # closed by `result` or `abandon`
        self._pid: int | None = None
        if items and self._lock is not None and can_fork():
            self._pid = _fork(self._take_from_the_end)

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def mine(self, index: int) -> bool:
        """Take item `index` here unless the child took it first; true if it is this process's."""
        if self._pid is None:
            return True
        assert self._lock is not None
        with self._lock:
            if self._owners[index] == self.FREE:
                self._owners[index] = self.HERE
            return self._owners[index] == self.HERE

    def result(self) -> dict[int, R]:
        """Wait for the child; the results of the items it took, by index (call it once)."""
        pid, self._pid = self._pid, None
        if pid is None:
            self.abandon()  # nothing started: only the files go
            return {}
        os.waitpid(pid, 0)
        done: dict[int, R] = {}
        self._out.seek(0)
        with contextlib.suppress(Exception):  # a child that failed leaves a truncated file
            while True:
                index, value = pickle.load(self._out)
                done[index] = value
        self._out.close()
        for index in range(len(self.items)):
            if self._owners[index] == self.CHILD and index not in done:
                done[index] = self.function(self.items[index])
        self._owners.close()
        return done

    def abandon(self) -> None:
        """Stop the child: its results are no longer wanted."""
        pid, self._pid = self._pid, None
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self._out.close()
        self._owners.close()

    def _take_from_the_end(self) -> None:
        assert self._lock is not None
        pickler = pickle.Pickler(self._out, protocol=pickle.HIGHEST_PROTOCOL)
        for index in reversed(range(len(self.items))):
            with self._lock:
                if self._owners[index] != self.FREE:
                    break
                self._owners[index] = self.CHILD
            pickler.dump((index, self.function(self.items[index])))
            pickler.clear_memo()
        self._out.flush()


def _start(function: Callable[[T], R], items: Sequence[T], pickler: type[pickle.Pickler]) -> tuple[int, int] | None:
    """Fork a child that computes `items` and writes the pickled list; (pid, read end)."""
    read_end, write_end = os.pipe()

    def child() -> None:
        os.close(read_end)
        results = [function(item) for item in items]
        with os.fdopen(write_end, "wb") as out:
            pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(results)

    pid = _fork(child)
    os.close(write_end)
    if pid is None:
        os.close(read_end)
        return None
    return pid, read_end


_AT_CHILD_EXIT: list[Callable[[], None]] = []


def at_child_exit(clean_up: Callable[[], None]) -> None:
    """Run `clean_up` in every forked child just before it exits (it ends with `os._exit`,
    which runs no `atexit` handler): for what a child may have started of its own."""
    _AT_CHILD_EXIT.append(clean_up)


def _fork(work: Callable[[], None]) -> int | None:
    """Run `work` in a forked child that then exits (status 0 only if it returned); the child's
    pid, or None when no process could start."""
    try:
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
            work()
            status = 0
        finally:
            for clean_up in _AT_CHILD_EXIT:
                with contextlib.suppress(Exception):
                    clean_up()
            os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
    return pid


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
