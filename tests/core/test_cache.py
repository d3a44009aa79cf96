"""The parse cache: reused for identical bytes, invalidated by any byte change, safe to delete."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from generator.core.cache import ParseCache, TemplateCache
from generator.core.project import Project
from generator.load.dataset import customers_of_file, load_dataset


def test_cache_hits_on_identical_bytes_and_misses_on_any_change(minimal_project: Path) -> None:
    project = Project.at(minimal_project)
    path = project.content / "customers.yaml"
    cache = ParseCache(project.cache_dir)
    (first,) = cache.get_or_compute_all([path], customers_of_file)
    (second,) = cache.get_or_compute_all([path], customers_of_file)
    assert (cache.hits, cache.misses) == (1, 1)
    assert second == first

    original = path.read_bytes()
    for position in (0, len(original) // 2, len(original) - 1):  # one byte anywhere
        changed = bytearray(original)
        changed[position] = ord("a") if changed[position] != ord("a") else ord("b")
        path.write_bytes(bytes(changed))
        before = cache.misses
        cache.get_or_compute_all([path], customers_of_file)
        assert cache.misses == before + 1, f"a change at byte {position} must invalidate"


def test_changed_name_is_seen_after_a_warm_run(minimal_project: Path) -> None:
    project = Project.at(minimal_project)
    assert load_dataset(project).dataset.customer("ann").name == "Ann Lee"  # type: ignore[union-attr]
    path = project.content / "customers.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Ann Lee", "Ann Leé"), encoding="utf-8")
    assert load_dataset(project).dataset.customer("ann").name == "Ann Leé"  # type: ignore[union-attr]


def test_corrupt_or_deleted_cache_is_rebuilt(minimal_project: Path) -> None:
    project = Project.at(minimal_project)
    load_dataset(project)
    entries = list(project.cache_dir.glob("*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    assert load_dataset(project).dataset is not None
    shutil.rmtree(project.cache_dir)
    assert load_dataset(project).dataset is not None


def _environment(folder: Path, source: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"page.j2": source}), bytecode_cache=TemplateCache(folder))


def test_compiled_templates_are_reused_by_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _environment(tmp_path, "Hello {{ name }}").get_template("page.j2").render(name="Ann") == "Hello Ann"
    assert len(list(tmp_path.rglob("*.cache"))) == 1
    later = _environment(tmp_path, "Hello {{ name }}")
    monkeypatch.setattr(later, "compile", lambda *a, **k: pytest.fail("compiled again despite a cached entry"))
    assert later.get_template("page.j2").render(name="Bo") == "Hello Bo"


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    _environment(tmp_path, "Hello {{ name }}").get_template("page.j2").render(name="Ann")
    assert _environment(tmp_path, "Goodbye {{ name }}").get_template("page.j2").render(name="Ann") == "Goodbye Ann"


def test_a_damaged_template_entry_is_ignored_and_rewritten(tmp_path: Path) -> None:
    _environment(tmp_path, "Hello {{ name }}").get_template("page.j2").render(name="Ann")
    (entry,) = tmp_path.rglob("*.cache")
    entry.write_bytes(entry.read_bytes()[:20])
    assert _environment(tmp_path, "Hello {{ name }}").get_template("page.j2").render(name="Ann") == "Hello Ann"
    assert entry.stat().st_size > 20


def test_loading_many_files_gives_the_results_and_entries_of_one_by_one(tmp_path: Path) -> None:
    """The files missing from the cache are computed partly in a forked process; same list."""
    files = []
    for index in range(9):
        path = tmp_path / f"f{index}.txt"
        path.write_bytes(f"file {index}\n".encode() * (index + 1))
        files.append(path)

    def compute(path: Path, data: bytes) -> tuple[str, int]:
        return path.name, len(data)

    expected = [compute(path, path.read_bytes()) for path in files]
    cache = ParseCache(tmp_path / "cache")
    cache.get_or_compute_all([files[4]], compute)  # one entry there already
    assert cache.get_or_compute_all(files, compute) == expected
    assert (cache.hits, cache.misses) == (1, 9)
    again = ParseCache(tmp_path / "cache")
    assert again.get_or_compute_all(files, compute) == expected
    assert (again.hits, again.misses) == (9, 0), "the entries of both processes were written"
    assert ParseCache(tmp_path / "off", enabled=False).get_or_compute_all(files, compute) == expected
