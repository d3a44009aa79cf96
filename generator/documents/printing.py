"""Packet PDFs printed in worker processes, so WeasyPrint works while MkDocs renders pages.

WeasyPrint takes most of a second a packet and holds Python's lock all the while; in a worker
process it overlaps with the Markdown conversion of the whole site (and packets print side by
side on a machine with two cores). The pool starts on the first packet that is not in the
cache and serves every later build of the same process, which is what keeps `serve` quick.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from generator.core.forked import at_child_exit

T = TypeVar("T")

WORKERS = 2


_POOLS: dict[int, ProcessPoolExecutor] = {}
"""Each process's pool, by process id: a forked copy of the process (the second builder of
`--split`) cannot use the pool it copied, whose threads stayed behind, so it starts its own."""


def _pool() -> ProcessPoolExecutor:
    pid = os.getpid()
    if pid not in _POOLS:
        # "spawn": forking a process that runs server and watcher threads can copy a held lock.
        _POOLS[pid] = ProcessPoolExecutor(min(WORKERS, os.cpu_count() or 1), mp_context=multiprocessing.get_context("spawn"))
    return _POOLS[pid]


def _close_own_pool() -> None:
    """Stop the pool a forked copy started: it ends with `os._exit`, which runs no clean-up,
    and would leave the pool's processes behind."""
    pool = _POOLS.pop(os.getpid(), None)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


at_child_exit(_close_own_pool)


def print_later(html: str) -> Future[bytes]:
    """The PDF of a print document, printed in a worker (or here, when no worker can start)."""
    printing = _submit(_print, html)
    if printing is None:
        printing = Future()
        printing.set_result(_print(html))
    return printing


def warm_up() -> None:
    """Start the workers and load WeasyPrint in them now, so the first edit prints quickly."""
    _submit(_load_weasyprint)


def _submit(work: Callable[..., T], *args: Any) -> Future[T] | None:
    """`work(*args)` in a worker, or None when no worker can start (the next call tries again)."""
    try:
        return _pool().submit(work, *args)
    except (OSError, RuntimeError, BrokenProcessPool):
        _POOLS.pop(os.getpid(), None)
        return None


def _load_weasyprint() -> None:
    import weasyprint  # noqa: F401 - imported for its import time


def _print(html: str) -> bytes:
    from generator.documents.export import pdf_from_html

    return pdf_from_html(html)[0]
