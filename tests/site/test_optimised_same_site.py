"""The 10,000-customer site is the same, byte for byte, with and without the optimisations.

The benchmark's organisation of 10,000 customers (bench/generate.py) is built with the real
command line as a team would build it: cold, then the next morning with yesterday's cache in
place, 0.1% of the customers given a new contact and the date one day on. Each site is compared
with a plain build of the same inputs: one process (`PLAYBOOK_ONE_CORE=1`: no forked parsing,
audit replay, rendering, conversion or writing), nothing reused (`PLAYBOOK_NO_INCREMENTAL=1`)
and no cache left from before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import bench_module

from generator.core.forked import ONE_CORE
from generator.plan.reuse import NO_INCREMENTAL

CUSTOMERS = 10_000
AS_OF = date(2026, 11, 16)
PLAIN = {ONE_CORE: "1", NO_INCREMENTAL: "1"}


def build(root: Path, site: Path, day: date, *, plain: bool) -> dict[str, bytes]:
    """`playbook build` into `site`, as a separate process; every file it wrote, by path."""
    env = {key: value for key, value in os.environ.items() if key not in PLAIN}
    if plain:
        env.update(PLAIN)
        shutil.rmtree(root / ".playbook-cache", ignore_errors=True)
    command = [sys.executable, "-c", "from generator.cli import main; main()", "build", "--as-of", day.isoformat(), "--site-dir", str(site)]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(ours: dict[str, bytes], plain: dict[str, bytes]) -> list[str]:
    return sorted(path for path in ours.keys() | plain.keys() if ours.get(path) != plain.get(path))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="the optimised build forks only with two cores")
def test_the_optimised_site_is_the_plain_site_cold_and_the_next_morning(tmp_path: Path) -> None:
    root = bench_module("generate").generate(tmp_path / "org", customers=CUSTOMERS, seed=1)
    cold = build(root, tmp_path / "site", AS_OF, plain=False)
    assert sum(1 for path in cold if path.endswith(".html")) > 400
    assert (root / ".playbook-cache").is_dir()
    assert differences(cold, build(root, tmp_path / "plain", AS_OF, plain=True)) == []

    # the next morning: yesterday's site and cache (made again above by the optimised build)
    build(root, tmp_path / "site", AS_OF, plain=False)
    files = {path: path.read_bytes() for path in sorted((root / "content" / "customers").glob("*.yaml"))}
    changed = bench_module("run").add_contacts(files, AS_OF.isoformat())
    assert changed == CUSTOMERS // 1000
    tomorrow = AS_OF + timedelta(days=1)
    morning = build(root, tmp_path / "site", tomorrow, plain=False)
    assert differences(morning, cold)  # the new day shows
    assert differences(morning, build(root, tmp_path / "plain-morning", tomorrow, plain=True)) == []
