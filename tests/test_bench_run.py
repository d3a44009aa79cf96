"""bench/run.py's own logic: the next morning's change to the data, and the verdicts of the new rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from conftest import MINIMAL_TEAM, bench_module, copy_demo, write_tree

from generator.core.project import Project
from generator.load.dataset import load_dataset


@pytest.fixture(scope="module")
def run() -> ModuleType:
    """bench/run.py, loaded by path (with its folder importable: it imports generate)."""
    return bench_module("run")


def contacts(root: Path) -> dict[str, int]:
    loaded = load_dataset(Project.at(root))
    assert loaded.dataset is not None
    assert not loaded.problems.has_errors(), [str(p) for p in loaded.problems.items]
    return {c.id: len(c.contacts) for c in loaded.dataset.customers}


def test_next_morning_gives_one_customer_in_a_thousand_a_contact_dated_yesterday(run: ModuleType, tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    before = contacts(root)
    files = {p: p.read_bytes() for p in sorted((root / "content" / "customers").glob("*.yaml"))}
    assert run.add_contacts(files, "2026-11-16") == 1  # the demo has fewer than 2,000 customers
    after = contacts(root)
    assert [c for c in after if after[c] != before[c]] == [c for c in after if after[c] == before[c] + 1]
    assert sum(after.values()) == sum(before.values()) + 1
    changed = [p for p, data in files.items() if p.read_bytes() != data]
    assert len(changed) == 1
    assert "      - {date: 2026-11-16, channel: phone, outcome: reached, note: Called to ask how the last order went.}\n" in changed[0].read_text(encoding="utf-8")


def test_a_customer_without_contacts_gets_the_list(run: ModuleType, tmp_path: Path) -> None:
    people = "".join(f"  - id: c{i}\n    name: Customer {i}\n    consultant: dana\n\n" for i in range(2500))
    root = write_tree(tmp_path, {"content/team.yaml": MINIMAL_TEAM, "content/customers/all.yaml": "customers:\n" + people})
    files = {root / "content" / "customers" / "all.yaml": (root / "content" / "customers" / "all.yaml").read_bytes()}
    assert run.add_contacts(files, "2026-11-16") == 2
    loaded = load_dataset(Project.at(root))
    assert loaded.dataset is not None and not loaded.problems.has_errors()
    touched = {c.id: [x.date for x in c.contacts] for c in loaded.dataset.customers if c.contacts}
    assert touched == {"c625": [date(2026, 11, 16)], "c1875": [date(2026, 11, 16)]}


def measured(run: ModuleType, stage: str, seconds: float, peak: float = 100.0, size: int = 100_000, **extra: object) -> object:
    return run.Measurement(size, stage, [seconds], [peak], dict(extra))


def test_the_build_row_is_held_to_the_baseline_and_at_100000_to_the_parse_floor_and_memory(run: ModuleType) -> None:
    results = {
        (100_000, "floor_parse"): measured(run, "floor_parse", 100.0),
        (100_000, "floor_parse_nogc"): measured(run, "floor_parse_nogc", 80.0),
        (100_000, "mkdocs_baseline"): measured(run, "mkdocs_baseline", 190.0),
    }
    assert run.verdict(measured(run, "build", 190.0, peak=1400), results) == ("1.00x; parse 1.90x", "2.38x", "pass")
    assert run.verdict(measured(run, "build", 190.0, peak=1600), results)[2] == "FAIL"  # over 1.5 GB
    results[100_000, "floor_parse"] = measured(run, "floor_parse", 90.0)
    assert run.verdict(measured(run, "build", 190.0, peak=1400), results)[2] == "FAIL"  # 2.11x the floor


def test_split_is_held_to_the_build_and_the_exported_folders_to_its_pages(run: ModuleType) -> None:
    results = {(1000, "build"): measured(run, "build", 10.0, size=1000)}
    assert run.verdict(measured(run, "split", 14.0, size=1000), results) == ("1.40x", "", "pass")
    assert run.verdict(measured(run, "split", 16.0, size=1000), results)[2] == "FAIL"
    same = measured(run, "docs_dir_mkdocs", 5.0, size=1000, pages=75, build_pages=75)
    assert run.verdict(same, results) == ("0.50x", "", "pass")
    fewer = measured(run, "docs_dir_zensical", 5.0, size=1000, pages=70, build_pages=75)
    assert run.verdict(fewer, results)[2] == "FAIL: 70 pages, build 75"
