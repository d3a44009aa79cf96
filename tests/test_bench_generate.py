"""The benchmark's synthetic organisations: reproducible byte for byte, and valid input."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from conftest import bench_module

from generator.core.project import Project
from generator.load.dataset import load_dataset


def bench_generate() -> ModuleType:
    """bench/generate.py, loaded by path."""
    return bench_module("generate")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    generate = bench_generate().generate
    first = tree(generate(tmp_path / "a", customers=300, seed=11))
    second = tree(generate(tmp_path / "b", customers=300, seed=11))
    assert first == second
    assert tree(generate(tmp_path / "c", customers=300, seed=12)) != first


def test_generated_organisation_loads_without_errors(tmp_path: Path) -> None:
    module = bench_generate()
    root = module.generate(tmp_path / "org", customers=200, seed=3)
    result = load_dataset(Project.at(root), use_cache=False)
    assert not result.problems.errors, "\n".join(map(str, result.problems.errors[:5]))
    dataset = result.dataset
    assert dataset is not None
    assert len(dataset.customers) == 200
    consultants = [p for p in dataset.people.values() if p.role == "consultant"]
    assert len(consultants) == module.default_consultants(200) == 4
    assert any(not p.active for p in consultants), "some consultants have left, so some customers are orphans"
    assert {c.stage for c in dataset.customers} == {"customer", "prospect", "lost"}
    assert any(c.preferred_channel is None for c in dataset.customers)
    assert any(c.birthday is not None and c.birthday.year is None for c in dataset.customers)
    assert max(len(c.purchases) for c in dataset.customers) > 5


def test_customer_files_hold_at_most_a_thousand(tmp_path: Path) -> None:
    module = bench_generate()
    root = module.generate(tmp_path / "org", customers=2500, consultants=2, seed=5)
    files = sorted((root / "content" / "customers").glob("*.yaml"))
    counts = [p.read_text(encoding="utf-8").count("\n  - id: ") for p in files]
    assert sum(counts) == 2500
    assert max(counts) <= module.FILE_SIZE
    assert len(files) >= 3


def test_runner_prints_a_row_per_stage_with_its_floor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A smoke run of bench/run.py (one run, a tiny organisation): the table stays printable."""
    run = bench_module("run")
    assert run.main(["--sizes", "200", "--repeat", "1", "--stages", "check", "--out", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    stages = [line.split(" | ")[1] for line in table.splitlines() if line.startswith("| 200 |")]
    assert stages == ["floor_parse", "floor_parse_nogc", "check"], table
    assert "n/a: start-up bound" in table
    assert (tmp_path / "results.md").read_text(encoding="utf-8").startswith("| customers | stage |")
