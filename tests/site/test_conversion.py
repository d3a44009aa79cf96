"""The generated pages converted half in a forked worker and spooled until written: the same site."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import REPO

import generator.mkdocs_plugin
from generator.build import build_site
from generator.core import forked
from generator.core.project import Project
from generator.site import conversion
from generator.site.conversion import worker_safe

AS_OF = date(2026, 11, 16)


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.slow
def test_the_site_is_the_same_bytes_with_and_without_the_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    starts: list[tuple[int, bool]] = []
    original = forked.forked_start

    def start(function: Any, items: Any, **kwargs: Any) -> Any:
        pending = original(function, items, **kwargs)
        starts.append((len(items), pending.forked))
        return pending

    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    monkeypatch.setattr(conversion, "forked_start", start)
    with_worker = build_site(Project.at(REPO), as_of=AS_OF, site_dir=tmp_path / "with", strict=True)
    assert with_worker.site_dir is not None and with_worker.pages >= conversion.MIN_PAGES
    forks = hasattr(os, "fork") and (os.cpu_count() or 1) >= 2
    assert len(starts) == 1 and 0 < starts[0][0] < with_worker.pages and starts[0][1] == forks
    assert not list(spool.glob("playbook-html-*"))  # the spool is gone

    monkeypatch.setattr(generator.mkdocs_plugin, "worker_safe", lambda config, own: False)
    without = build_site(Project.at(REPO), as_of=AS_OF, site_dir=tmp_path / "without", strict=True)
    assert without.site_dir is not None and len(starts) == 1
    assert _files(with_worker.site_dir) == _files(without.site_dir)


def test_another_plugin_turns_the_worker_off() -> None:
    own = object()
    search = type("SearchPlugin", (), {"__module__": "material.plugins.search.plugin"})()
    other = type("BlogPlugin", (), {"__module__": "mkdocs_blog.plugin"})()
    config: Any = SimpleNamespace(plugins={"playbook": own, "search": search})
    assert worker_safe(config, own)  # type: ignore[arg-type]
    config.plugins["blog"] = other
    assert not worker_safe(config, own)  # type: ignore[arg-type]


def test_the_worker_share_is_about_half_of_the_markdown() -> None:
    pages: Any = [SimpleNamespace(file=SimpleNamespace(content_string="x" * size, abs_src_path=None)) for size in (90, 10, 40, 40, 20, 5)]
    share = conversion.worker_share(pages)
    sizes = [len(page.file.content_string) for page in share]
    assert sizes == [40, 40, 20]  # in the pages' order: 100 of 205
    assert conversion.worker_share([]) == []
