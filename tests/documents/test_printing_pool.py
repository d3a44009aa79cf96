"""The packet printers' pool belongs to one process: a forked copy starts its own and stops it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.core import forked
from generator.documents import printing

needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="no fork or one core")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" not in status.read_text()  # a zombie has ended


@needs_fork
def test_a_forked_copy_stops_the_pool_it_started(tmp_path: Path) -> None:
    noted = tmp_path / "workers.txt"

    def start_pool(_: int) -> int:
        pool = printing._pool()
        pool.submit(os.getpid).result(timeout=60)  # the workers run
        noted.write_text(" ".join(str(pid) for pid in pool._processes), encoding="utf-8")
        return os.getpid()

    both = forked.FromBothEnds(start_pool, [0])
    time.sleep(0.5)  # the copy takes the only item
    if both.mine(0):
        both.abandon()
        pytest.skip("the copy did not start in time")
    (child,) = both.result().values()
    assert child != os.getpid()  # the copy started the pool
    workers = [int(pid) for pid in noted.read_text(encoding="utf-8").split()]
    assert workers
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "the copy's printers outlived it"


@needs_fork
def test_clean_up_runs_in_every_forked_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran = tmp_path / "ran"
    monkeypatch.setattr(forked, "_AT_CHILD_EXIT", [*forked._AT_CHILD_EXIT, lambda: ran.write_text(str(os.getpid()), encoding="utf-8")])
    results = forked.forked_map(lambda item: item * 2, list(range(100)))
    assert results == [item * 2 for item in range(100)]
    assert ran.read_text(encoding="utf-8") != str(os.getpid())  # written by the child, before it exited
