"""Rebuilds touch only what changed: unchanged pages keep their bytes and modification times."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from conftest import copy_demo

from generator.build import build_site
from generator.core.project import Project

AS_OF = date(2026, 11, 16)
pytestmark = pytest.mark.slow  # every test builds the demo site with MkDocs twice


def snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(site).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    return copy_demo(tmp_path)


def build(root: Path) -> Path:
    result = build_site(Project.at(root), as_of=AS_OF, site_dir=root / "site")
    assert result.problems.has_errors() is False
    return root / "site"


def test_unchanged_rebuild_keeps_every_file_and_its_modification_time(demo_copy: Path) -> None:
    site = build(demo_copy)
    before = snapshot(site)
    build(demo_copy)
    after = snapshot(site)
    assert after.keys() == before.keys()
    changed = [path for path in before if before[path] != after[path]]
    assert changed == []


def test_one_customer_changed_rewrites_only_the_pages_that_show_them(demo_copy: Path) -> None:
    site = build(demo_copy)
    before = snapshot(site)
    customers = demo_copy / "content" / "customers" / "north.yaml"
    text = customers.read_text(encoding="utf-8")
    assert "Walking boots" in text
    customers.write_text(text.replace("Walking boots", "Walking boots (resoled)", 1), encoding="utf-8")
    build(demo_copy)
    after = snapshot(site)
    changed = sorted(path for path in before if before[path] != after.get(path))
    assert changed, "the edit must show somewhere"
    pages_changed = [path for path in changed if path.endswith(".html")]
    # every rewritten page shows the new text; every page that does not is left alone
    for path in pages_changed:
        assert "Walking boots (resoled)" in html.unescape(after[path][1].decode("utf-8")), path
    untouched_pages = [p for p in before if p.endswith(".html") and p not in changed]
    assert len(untouched_pages) > len(pages_changed)
    for path in untouched_pages:
        assert before[path][0] == after[path][0]
