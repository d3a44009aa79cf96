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
    original = forked.FromBothEnds

    def start(function: Any, items: Any) -> Any:
        both = original(function, items)
        starts.append((len(items), both.forked))
        return both

    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    monkeypatch.setattr(conversion, "FromBothEnds", start)
    held = tmp_path / "held.txt"  # what each converted page still holds, written by whichever process converted it
    convert = conversion.PageWork._convert

    def noted(work: conversion.PageWork, page: Any) -> Any:
        converted = convert(work, page)
        with held.open("a", encoding="utf-8") as out:
            out.write(f"{page.file.src_uri} {len(page.content or '')} {len(page.markdown or '')}\n")
        return converted

    monkeypatch.setattr(conversion.PageWork, "_convert", noted)
    with_worker = build_site(Project.at(REPO), as_of=AS_OF, site_dir=tmp_path / "with", strict=True)
    assert with_worker.site_dir is not None and with_worker.pages >= conversion.MIN_PAGES
    forks = hasattr(os, "fork") and (os.cpu_count() or 1) >= 2
    # the conversion of every generated page, then the writing of those search leaves out
    assert len(starts) == 2 and starts[0][0] == with_worker.pages and 0 < starts[1][0] < with_worker.pages
    assert all(forked == forks for _, forked in starts)
    assert not list(spool.glob("playbook-html-*"))  # the spool is gone
    if forks:  # the worker keeps no page's HTML or Markdown once it is spooled
        lines = held.read_text(encoding="utf-8").splitlines()
        assert lines and all(line.endswith(" 0 0") for line in lines), lines[:3]

    monkeypatch.setattr(generator.mkdocs_plugin, "worker_safe", lambda config, own: False)
    without = build_site(Project.at(REPO), as_of=AS_OF, site_dir=tmp_path / "without", strict=True)
    assert without.site_dir is not None and len(starts) == 2
    assert _files(with_worker.site_dir) == _files(without.site_dir)


def test_another_plugin_turns_the_worker_off() -> None:
    own = object()
    search = type("SearchPlugin", (), {"__module__": "material.plugins.search.plugin"})()
    other = type("BlogPlugin", (), {"__module__": "mkdocs_blog.plugin"})()
    config: Any = SimpleNamespace(plugins={"playbook": own, "search": search})
    assert worker_safe(config, own)  # type: ignore[arg-type]
    config.plugins["blog"] = other
    assert not worker_safe(config, own)  # type: ignore[arg-type]
