"""Cache entries are sealed with the user's own key: bytes planted or damaged in
`.playbook-cache/` are never unpickled or loaded as compiled code, only rebuilt."""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from generator.core import cache
from generator.core.cache import ParseCache, TemplateCache, read_sealed, seal, unseal
from generator.core.project import Project
from generator.load.dataset import customers_of_file, load_dataset


@pytest.fixture
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh state folder for the user's cache key."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    cache.cache_key.cache_clear()
    yield tmp_path / "state" / "playbook" / "cache-key"
    cache.cache_key.cache_clear()


class Planted:
    """Unpickling it writes a marker file: what a planted pickle could do to the disk."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (self.marker, "ran"))  # type: ignore[return-value]


def test_the_key_is_created_once_and_readable_by_the_user_alone(own_key: Path) -> None:
    first = cache.cache_key()
    assert own_key.read_bytes() == first and len(first) == 32
    assert stat.S_IMODE(own_key.stat().st_mode) == 0o600
    cache.cache_key.cache_clear()
    assert cache.cache_key() == first, "the next run uses the same key"


def test_a_key_file_others_can_read_is_not_trusted(own_key: Path) -> None:
    own_key.parent.mkdir(parents=True)
    own_key.write_bytes(b"k" * 32)
    own_key.chmod(0o644)
    assert cache.cache_key() != b"k" * 32


def test_unseal_accepts_only_what_this_key_sealed(own_key: Path) -> None:
    sealed = seal(b"entry")
    assert unseal(sealed) == b"entry"
    assert unseal(sealed[:-1]) is None  # truncated
    assert unseal(sealed[:5] + bytes([sealed[5] ^ 1]) + sealed[6:]) is None  # one bit flipped
    assert unseal(b"") is None
    assert unseal(os.urandom(200)) is None


def test_a_planted_pickle_is_never_loaded(minimal_project: Path, own_key: Path, tmp_path: Path) -> None:
    project = Project.at(minimal_project)
    first = load_dataset(project).dataset
    entries = list(project.cache_dir.glob("*.pickle"))
    assert entries
    marker = tmp_path / "pwned"
    for entry in entries:
        entry.write_bytes(pickle.dumps(Planted(marker)))
    again = ParseCache(project.cache_dir)
    assert load_dataset(project).dataset == first
    assert not marker.exists(), "a planted pickle ran"
    assert again.hits == 0


def test_random_bytes_in_the_cache_are_rebuilt_not_fatal(minimal_project: Path, own_key: Path) -> None:
    project = Project.at(minimal_project)
    first = load_dataset(project).dataset
    for entry in project.cache_dir.glob("*.pickle"):
        entry.write_bytes(os.urandom(entry.stat().st_size))
    assert load_dataset(project).dataset == first
    assert all(read_sealed(e) is not None for e in project.cache_dir.glob("*.pickle")), "rewritten"


def test_a_cache_written_under_another_key_is_rebuilt(
    minimal_project: Path, own_key: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project folder copied from someone else carries their cache: it is not trusted."""
    project = Project.at(minimal_project)
    load_dataset(project)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "someone-else"))
    cache.cache_key.cache_clear()
    parse = ParseCache(project.cache_dir)
    parse.get_or_compute_all([project.content / "customers.yaml"], customers_of_file)
    assert (parse.hits, parse.misses) == (0, 1)


def test_a_planted_template_entry_is_compiled_again(tmp_path: Path, own_key: Path) -> None:
    folder = tmp_path / "cache"
    env = jinja2.Environment(loader=jinja2.DictLoader({"p.j2": "Hi {{ n }}"}), bytecode_cache=TemplateCache(folder))
    assert env.get_template("p.j2").render(n="A") == "Hi A"
    (entry,) = folder.rglob("*.cache")
    body = unseal(entry.read_bytes())
    assert body is not None
    entry.write_bytes(body)  # the same compiled code, unsealed: as another hand would write it
    later = jinja2.Environment(loader=jinja2.DictLoader({"p.j2": "Hi {{ n }}"}), bytecode_cache=TemplateCache(folder))
    compiled: list[str] = []
    original = later.compile
    later.compile = lambda *a, **k: compiled.append("again") or original(*a, **k)  # type: ignore[method-assign]
    assert later.get_template("p.j2").render(n="B") == "Hi B"
    assert compiled == ["again"]
