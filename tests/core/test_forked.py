"""forked_map: the same list as a plain map, whichever process computed each item."""

from __future__ import annotations

import os

import pytest

from generator.core import forked
from generator.core.forked import MIN_ITEMS, forked_map, forked_start

needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="no fork or one core")


@pytest.mark.parametrize("count", [0, 1, MIN_ITEMS - 1, MIN_ITEMS, MIN_ITEMS + 1, 501])
def test_same_results_in_the_same_order(count: int) -> None:
    items = [f"page {i}" * (i % 7) for i in range(count)]
    assert forked_map(lambda item: (len(item), item.upper()), items) == [(len(item), item.upper()) for item in items]


@needs_fork
def test_half_of_the_work_is_done_in_another_process() -> None:
    here = os.getpid()
    pids = forked_map(lambda _: os.getpid(), list(range(200)))
    assert pids[0::2] == [here] * 100
    assert len(set(pids[1::2])) == 1 and pids[1] != here


@needs_fork
def test_a_failing_child_has_its_share_redone_here() -> None:
    here = os.getpid()

    def work(item: int) -> int:
        if os.getpid() != here:
            raise RuntimeError("the child fails")
        return item * 2

    assert forked_map(work, list(range(100))) == [item * 2 for item in range(100)]


def test_an_error_here_is_raised_and_the_child_reaped(monkeypatch: pytest.MonkeyPatch) -> None:
    abandoned: list[int] = []
    original = forked._abandon

    def abandon(child: tuple[int, int]) -> None:
        original(child)
        abandoned.append(child[0])
        with pytest.raises(ChildProcessError):  # reaped: nothing left behind
            os.waitpid(child[0], os.WNOHANG)

    monkeypatch.setattr(forked, "_abandon", abandon)

    def work(item: int) -> int:
        raise ValueError(item)

    with pytest.raises(ValueError):
        forked_map(work, list(range(100)))
    if hasattr(os, "fork") and (os.cpu_count() or 1) >= 2:
        assert len(abandoned) == 1


def test_the_progress_wrapper_sees_only_this_process_share() -> None:
    seen: list[int] = []

    def mine(share: list[int]) -> list[int]:
        seen.extend(share)
        return share

    forked_map(lambda item: item, list(range(100)), mine=mine)
    expected = list(range(0, 100, 2)) if hasattr(os, "fork") and (os.cpu_count() or 1) >= 2 else list(range(100))
    assert seen == expected


@pytest.mark.parametrize("count", [0, 1, 7, 300])
def test_a_started_share_gives_the_same_results(count: int) -> None:
    items = list(range(count))
    pending = forked_start(lambda item: (item, os.getpid()), items)
    here = [item * 3 for item in items]  # this process works meanwhile
    results = pending.result()
    assert [item for item, _ in results] == items and here == [item * 3 for item in items]
    if count and hasattr(os, "fork") and (os.cpu_count() or 1) >= 2:
        assert pending.forked is False  # collected
        assert {pid for _, pid in results} == {results[0][1]} and results[0][1] != os.getpid()


@needs_fork
def test_a_started_share_whose_child_fails_is_computed_here() -> None:
    here = os.getpid()

    def work(item: int) -> int:
        if os.getpid() != here:
            os._exit(7)
        return item + 1

    assert forked_start(work, [1, 2, 3]).result() == [2, 3, 4]


@needs_fork
def test_an_abandoned_share_leaves_no_child() -> None:
    pending = forked_start(lambda item: item, list(range(10)))
    child = pending._child
    assert child is not None
    pending.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(child[0], os.WNOHANG)
