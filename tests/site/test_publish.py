"""The publishing stage: which folders may be replaced, and that a swap is whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_tree

from generator.core.errors import PlaybookError
from generator.site.publish import check_target, reuse_unchanged, staged, swap_directories

AN_HOUR_AGO = 3600


def tree(root: Path) -> dict[str, str]:
    """Every file below root (hidden ones too) as {posix path: text}."""
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    """Staging or set-aside folders publishing may leave beside the site."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------- check_target


@pytest.mark.parametrize("protected", ["project", "project/content", "project/content/customers"])
def test_a_target_that_is_or_holds_an_input_folder_is_refused(tmp_path: Path, protected: str) -> None:
    root = tmp_path.resolve()  # the message names resolved paths
    (root / protected).mkdir(parents=True)
    target = root / "project"
    with pytest.raises(PlaybookError) as caught:
        check_target(target, [root / "elsewhere", root / protected])
    assert str(caught.value) == (
        f"{target}: the site folder would replace {root / protected}; choose another --site-dir"
    )


def test_a_target_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(PlaybookError, match=r"site is a file; choose a folder for --site-dir$"):
        check_target(target, [tmp_path / "content"])


def test_a_folder_with_files_but_no_index_is_refused(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "site", {"notes.txt": "mine"})
    with pytest.raises(PlaybookError, match=r"holds files but no index\.html"):
        check_target(target, [tmp_path / "content"])
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    "files", [None, {}, {"index.html": "<html></html>", "consultants/dana/plan/index.html": "x"}],
    ids=["new folder", "empty folder", "built site"],
)
def test_a_new_empty_or_built_site_folder_is_accepted(tmp_path: Path, files: dict[str, str] | None) -> None:
    target = tmp_path / "site"
    if files is not None:
        target.mkdir()
        write_tree(target, files)
    check_target(target, [tmp_path / "content", tmp_path / "playbook"])


# ---------------------------------------------------------------- staged


def test_on_success_the_target_holds_exactly_the_staged_files(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "site", {"index.html": "old home", "gone.html": "old", "a/b.html": "old b"})
    with staged(target) as staging:
        assert staging.parent == tmp_path and staging.name.startswith(".site-new-")
        assert list(staging.iterdir()) == []
        write_tree(staging, {"index.html": "new home", "a/c.html": "new c"})
    assert tree(target) == {"a/c.html": "new c", "index.html": "new home"}
    assert leftovers(tmp_path) == []


def test_staged_creates_a_target_that_did_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "out" / "site"
    with staged(target) as staging:
        write_tree(staging, {"index.html": "home"})
    assert tree(target) == {"index.html": "home"}
    assert leftovers(tmp_path / "out") == []


def test_an_exception_inside_the_block_leaves_the_old_site_and_no_staging(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "site", {"index.html": "old home", "a/b.html": "old b"})
    before = tree(target)
    with pytest.raises(RuntimeError, match="render failed"), staged(target) as staging:
        write_tree(staging, {"index.html": "half"})
        raise RuntimeError("render failed")
    assert tree(target) == before
    assert leftovers(tmp_path) == []


def test_an_interrupt_inside_the_block_also_removes_the_staging(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "site", {"index.html": "old home"})
    with pytest.raises(KeyboardInterrupt), staged(target) as staging:
        write_tree(staging, {"index.html": "half"})
        raise KeyboardInterrupt
    assert tree(target) == {"index.html": "old home"}
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- reuse_unchanged


def test_an_unchanged_file_keeps_its_inode_and_mtime_and_a_changed_one_is_replaced(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "site", {"index.html": "same", "a/same.css": "same css", "a/changed.html": "old!"})
    past = (target / "index.html").stat().st_mtime - AN_HOUR_AGO
    for path in target.rglob("*.*"):
        os.utime(path, (past, past))
    before = {name: (target / name).stat() for name in ("index.html", "a/same.css", "a/changed.html")}

    with staged(target) as staging:
        # the changed file has the same size, so only its bytes tell it apart
        write_tree(staging, {"index.html": "same", "a/same.css": "same css", "a/changed.html": "new!", "a/added.html": "added"})

    for name in ("index.html", "a/same.css"):
        after = (target / name).stat()
        assert (after.st_ino, after.st_mtime) == (before[name].st_ino, before[name].st_mtime), name
    changed = (target / "a/changed.html").stat()
    assert changed.st_ino != before["a/changed.html"].st_ino
    assert changed.st_mtime > past
    assert tree(target) == {"a/added.html": "added", "a/changed.html": "new!", "a/same.css": "same css", "index.html": "same"}


def test_reuse_unchanged_counts_the_kept_files_and_leaves_no_keep_links(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "site", {"index.html": "same", "x.html": "old"})
    staging = write_tree(tmp_path / "staging", {"index.html": "same", "x.html": "new, longer", "y.html": "y"})
    assert reuse_unchanged(staging, target) == 1
    assert (staging / "index.html").stat().st_ino == (target / "index.html").stat().st_ino
    assert sorted(p.name for p in staging.iterdir()) == ["index.html", "x.html", "y.html"]


def test_reuse_unchanged_without_a_published_site_keeps_nothing(tmp_path: Path) -> None:
    staging = write_tree(tmp_path / "staging", {"index.html": "home"})
    assert reuse_unchanged(staging, tmp_path / "site") == 0


# ---------------------------------------------------------------- swap_directories


def test_swap_replaces_the_target_and_leaves_no_old_folder(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "site", {"index.html": "old", "old-only.html": "x"})
    staging = write_tree(tmp_path / ".site-new-1", {"index.html": "new"})
    swap_directories(staging, target)
    assert tree(target) == {"index.html": "new"}
    assert not staging.exists()
    assert leftovers(tmp_path) == []


def test_swap_into_a_missing_target(tmp_path: Path) -> None:
    staging = write_tree(tmp_path / ".site-new-1", {"index.html": "new"})
    swap_directories(staging, tmp_path / "site")
    assert tree(tmp_path / "site") == {"index.html": "new"}
    assert leftovers(tmp_path) == []


def test_a_failed_swap_puts_the_old_site_back(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "site", {"index.html": "old"})
    missing = tmp_path / ".site-new-gone"
    with pytest.raises(PlaybookError) as caught:
        swap_directories(missing, target)
    assert str(caught.value) == f"could not move the new site into {target}: No such file or directory"
    assert tree(target) == {"index.html": "old"}
    assert leftovers(tmp_path) == []


def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path: Path) -> None:
    """The new site takes the old one's place in one step: there is no moment without `site/`."""
    from generator.site import publish

    if publish._renameat2() is None:
        pytest.skip("no renameat2 on this system: the two-rename fallback is tested elsewhere")
    target = tmp_path / "site"
    write_tree(target, {"index.html": "old"})
    staging = tmp_path / ".site-new-x"
    write_tree(staging, {"index.html": "new"})
    inode = staging.stat().st_ino
    renames: list[object] = []
    original = Path.rename
    Path.rename = lambda self, other: renames.append(other) or original(self, other)  # type: ignore[method-assign,assignment]
    try:
        swap_directories(staging, target)
    finally:
        Path.rename = original  # type: ignore[method-assign]
    assert renames == [], "the exchange needs no rename"
    assert target.stat().st_ino == inode and tree(target) == {"index.html": "new"}
    assert leftovers(tmp_path) == []


def test_a_build_killed_between_the_two_renames_is_repaired_by_the_next(tmp_path: Path) -> None:
    target = tmp_path / "site"
    write_tree(tmp_path / ".site-old-abc", {"index.html": "the last good site"})
    write_tree(tmp_path / ".site-new-def", {"index.html": "half"})
    with staged(target) as staging:
        assert tree(target) == {"index.html": "the last good site"}, "restored before building"
        write_tree(staging, {"index.html": "new"})
    assert tree(target) == {"index.html": "new"}
    assert leftovers(tmp_path) == []


def test_staging_folders_of_killed_builds_do_not_pile_up(tmp_path: Path) -> None:
    target = tmp_path / "site"
    write_tree(target, {"index.html": "old"})
    for name in (".site-new-1", ".site-new-2", ".site-old-3"):
        write_tree(tmp_path / name, {"index.html": name})
    with pytest.raises(RuntimeError), staged(target):
        raise RuntimeError("the build failed")
    assert tree(target) == {"index.html": "old"}
    assert leftovers(tmp_path) == []


def test_two_builds_into_one_folder_take_turns(tmp_path: Path) -> None:
    """A second build waits for the first to swap its site in; neither loses its files."""
    import threading

    target = tmp_path / "site"
    inside: list[str] = []
    first_in = threading.Event()

    def build(name: str, wait: bool) -> None:
        with staged(target) as staging:
            inside.append(f"{name} in")
            first_in.set()
            if wait:
                threading.Event().wait(0.3)
            write_tree(staging, {"index.html": name})
            inside.append(f"{name} out")

    one = threading.Thread(target=build, args=("one", True))
    one.start()
    first_in.wait(5)
    two = threading.Thread(target=build, args=("two", False))
    two.start()
    one.join(10)
    two.join(10)
    assert inside == ["one in", "one out", "two in", "two out"]
    assert tree(target) == {"index.html": "two"}
    assert leftovers(tmp_path) == []
