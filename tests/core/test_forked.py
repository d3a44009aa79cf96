"""forked_map: the same list as a plain map, whichever process computed each item."""

from __future__ import annotations

import os
import time

import pytest

from generator.core import forked
from generator.core.forked import MIN_ITEMS, FromBothEnds, forked_map

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


def _both_ends(count: int, *, pause: float = 0.0) -> tuple[dict[int, int], list[int]]:
    """Run FromBothEnds over `count` items, taking them here in order as a caller would; the
    child's results, and the items done here."""
    work = FromBothEnds(lambda item: item * 10, list(range(count)))
    here = []
    for index in range(count):
        time.sleep(pause)
        if work.mine(index):
            here.append(index)
    return work.result(), here


@pytest.mark.parametrize("count", [0, 1, 7, 300])
def test_from_both_ends_every_item_is_done_once(count: int) -> None:
    theirs, here = _both_ends(count)
    assert sorted([*theirs, *here]) == list(range(count))
    assert not set(theirs) & set(here)
    assert all(value == index * 10 for index, value in theirs.items())


@needs_fork
def test_from_both_ends_the_child_takes_the_last_items_while_this_process_is_slow() -> None:
    theirs, here = _both_ends(40, pause=0.02)
    assert theirs, "the child took nothing"
    assert sorted(theirs) == list(range(40 - len(theirs), 40))  # a run at the end
    assert here == list(range(40 - len(theirs)))


@needs_fork
def test_from_both_ends_items_a_failed_child_took_are_done_here() -> None:
    here_pid = os.getpid()

    def work(item: int) -> int:
        if os.getpid() != here_pid and item < 95:
            os._exit(7)  # after finishing 95..99, the child dies
        return item + 1

    both = FromBothEnds(work, list(range(100)))
    time.sleep(0.5)
    done_here = [index for index in range(100) if both.mine(index)]
    theirs = both.result()
    assert sorted([*theirs, *done_here]) == list(range(100))
    assert all(value == index + 1 for index, value in theirs.items())


@needs_fork
def test_from_both_ends_abandoned_leaves_no_child() -> None:
    both = FromBothEnds(lambda item: time.sleep(1), list(range(10)))
    pid = both._pid
    assert pid is not None
    both.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@needs_fork
def test_on_one_core_nothing_forks_and_the_results_are_the_same() -> None:
    here = os.getpid()
    with forked.on_one_core():
        assert not forked.can_fork()
        assert forked_map(lambda _: os.getpid(), list(range(200))) == [here] * 200
        both = FromBothEnds(lambda item: item * 2, list(range(20)))
        assert not both.forked and all(both.mine(index) for index in range(20)) and both.result() == {}
    assert forked.can_fork()
    assert len(set(forked_map(lambda _: os.getpid(), list(range(200))))) == 2


@needs_fork
def test_playbook_one_core_in_the_environment_keeps_the_work_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(forked.ONE_CORE, "1")
    assert forked_map(lambda _: os.getpid(), list(range(200))) == [os.getpid()] * 200
    monkeypatch.setenv(forked.ONE_CORE, "0")
    assert forked.can_fork()


@pytest.mark.parametrize("count", [0, 1, MIN_ITEMS - 1, MIN_ITEMS, 301])
def test_both_ends_map_is_a_map_in_order(count: int) -> None:
    items = [f"page {i}" * (i % 5) for i in range(count)]
    assert forked.both_ends_map(lambda item: (len(item), item.upper()), items) == [(len(item), item.upper()) for item in items]


@needs_fork
def test_both_ends_map_shares_unequal_items_by_the_work_not_the_count() -> None:
    here = os.getpid()

    def work(size: int) -> int:
        time.sleep(size / 1000)
        return os.getpid()

    sizes = [40 if index % 2 == 0 else 1 for index in range(MIN_ITEMS)]  # every other item is the long one
    pids = forked.both_ends_map(work, sizes)
    long_here = sum(1 for size, pid in zip(sizes, pids, strict=True) if size == 40 and pid == here)
    assert 0 < long_here < MIN_ITEMS // 2  # the child took long items too: not every other item
    seen: list[int] = []
    forked.both_ends_map(work, sizes, mine=lambda share: [seen.append(i) or i for i in share])  # type: ignore[func-returns-value]
    assert seen == list(range(MIN_ITEMS))  # the wrapper sees every index this process passes
