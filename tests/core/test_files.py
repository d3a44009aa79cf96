"""The one atomic writer and the GC pause."""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.core import files
from generator.core.files import freeze_more, gc_paused, heap_frozen, write_atomically


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def gc_restored() -> Iterator[None]:
    """Whatever a test does to the collector, the next test finds it as it was."""
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


# ---------------------------------------------------------------- write_atomically


def test_creates_missing_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "page.md"
    write_atomically(path, "# Title\n")
    assert path.read_text(encoding="utf-8") == "# Title\n"
    assert temporaries(path.parent) == []


def test_text_is_written_as_utf8_and_bytes_as_given(tmp_path: Path) -> None:
    write_atomically(tmp_path / "text.md", "Zoë €5\r\n")
    write_atomically(tmp_path / "data.bin", b"\xff\x00raw\r\n")
    assert (tmp_path / "text.md").read_bytes() == "Zoë €5\r\n".encode()
    assert (tmp_path / "data.bin").read_bytes() == b"\xff\x00raw\r\n"


def test_the_mode_follows_the_umask_like_an_ordinary_file(tmp_path: Path) -> None:
    write_atomically(tmp_path / "atomic.md", "x")
    (tmp_path / "ordinary.md").write_text("x", encoding="utf-8")
    mode = stat.S_IMODE((tmp_path / "atomic.md").stat().st_mode)
    assert mode == stat.S_IMODE((tmp_path / "ordinary.md").stat().st_mode)
    assert mode == 0o666 & ~current_umask()
    if current_umask() == 0o022:
        assert mode == 0o644


def test_an_existing_file_is_replaced_whole_not_rewritten_in_place(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("a long old text that is longer than the new one\n", encoding="utf-8")
    with path.open(encoding="utf-8") as reader:
        write_atomically(path, "new\n")
        assert reader.read() == "a long old text that is longer than the new one\n"
    assert path.read_text(encoding="utf-8") == "new\n"
    assert temporaries(tmp_path) == []


def test_no_temporary_file_and_no_open_descriptor_is_left_when_opening_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handles: list[int] = []

    def refuse(handle: int, *args: object, **kwargs: object) -> object:
        handles.append(handle)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(tmp_path / "page.md", "text")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OSError):  # closed by write_atomically: fstat of a closed descriptor fails
        os.fstat(handles[0])


def test_no_temporary_file_is_left_and_the_old_file_kept_when_encoding_fails(tmp_path: Path) -> None:
    class Unencodable(str):
        def encode(self, *args: object, **kwargs: object) -> bytes:
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "refused")

    path = tmp_path / "page.md"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(path, Unencodable("new"))
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


# ---------------------------------------------------------------- gc_paused


@pytest.mark.usefixtures("gc_restored")
def test_gc_is_paused_inside_and_restored_after() -> None:
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_restored")
def test_gc_is_restored_after_an_exception() -> None:
    gc.enable()
    with pytest.raises(ValueError, match="boom"), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_restored")
def test_gc_stays_disabled_when_it_was_disabled_before() -> None:
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    with pytest.raises(ValueError, match="boom"), gc_paused():
        raise ValueError("boom")
    assert not gc.isenabled()


@pytest.mark.usefixtures("gc_restored")
def test_nested_pauses_restore_only_at_the_outermost() -> None:
    gc.enable()
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


# ---------------------------------------------------------------- heap_frozen


def test_the_heap_is_frozen_inside_and_freeze_more_adds_only_there() -> None:
    assert gc.get_freeze_count() == 0
    freeze_more()  # outside: nothing
    assert gc.get_freeze_count() == 0
    with heap_frozen():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        made = [[index] for index in range(1000)]  # new container objects, tracked by the collector
        freeze_more()
        assert gc.get_freeze_count() >= frozen + len(made)
        more = gc.get_freeze_count()
        later = [[index] for index in range(1000)]  # a later site's: not frozen, collected as usual
        freeze_more()
        assert gc.get_freeze_count() == more and later
    assert gc.get_freeze_count() == 0  # everything rejoins the collector
    with pytest.raises(ValueError, match="boom"), heap_frozen():
        raise ValueError("boom")
    assert gc.get_freeze_count() == 0
