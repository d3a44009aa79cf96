"""One benchmark stage in its own process, so that each peak RSS belongs to one stage alone.

Called by bench/run.py, never by hand:

    python bench/_stage.py floor-parse ROOT [--no-gc]
    python bench/_stage.py floor-write MANIFEST TARGET
    python bench/_stage.py pages ROOT AS_OF MANIFEST_OUT

Each prints one JSON object on stdout with whatever it measured from inside.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any


def input_files(root: Path) -> list[Path]:
    """The YAML files `playbook check` reads: team, rules and every customers file."""
    files = [root / "content" / "team.yaml", root / "playbook" / "rules.yaml"]
    single = root / "content" / "customers.yaml"
    if single.is_file():
        files.append(single)
    for folder in ("customers", "handovers", "reviews"):
        files += sorted(p for p in (root / "content" / folder).rglob("*") if p.suffix in (".yaml", ".yml"))
    return [p for p in files if p.is_file()]


def floor_parse(root: Path, *, no_gc: bool) -> dict[str, Any]:
    """libyaml's own time to read and load every input file: the floor `check` is held to."""
    import yaml

    if no_gc:
        gc.disable()
    started = time.perf_counter()
    size = 0
    for path in input_files(root):
        data = path.read_bytes()
        size += len(data)
        yaml.load(data, Loader=yaml.CSafeLoader)
    return {"seconds": time.perf_counter() - started, "input_bytes": size, "files": len(input_files(root))}


def floor_write(manifest: Path, target: Path) -> dict[str, Any]:
    """Write as many bytes, in as many files and folders, as page generation produced."""
    pages = json.loads(manifest.read_text(encoding="utf-8"))["pages"]
    started = time.perf_counter()
    made: set[Path] = set()
    for relative, size in pages:
        path = target / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(b"x" * size)
    return {"seconds": time.perf_counter() - started, "pages": len(pages)}


def pages(root: Path, as_of: date, manifest: Path) -> dict[str, Any]:
    """Generate every page in memory; time page generation apart from loading and planning.

    Falls back to timing the whole of `render_site` if the site's stages are ever renamed.
    """
    from generator import build
    from generator.core.project import Project

    project = Project.at(root)
    try:
        split = _generate_pages(project, as_of)
    except (ImportError, AttributeError):
        split = None
    if split is None:
        started = time.perf_counter()
        result = build.render_site(project, as_of=as_of)
        seconds, load_and_plan, rendered, nav, tasks = time.perf_counter() - started, 0.0, result.pages, result.nav, len(result.plan.tasks) if result.plan else 0
    else:
        seconds, load_and_plan, rendered, nav, tasks = split
    sizes = [(page.path, len(page.text.encode("utf-8"))) for page in rendered]
    manifest.write_text(json.dumps({"pages": sizes, "nav": nav}), encoding="utf-8")
    return {
        "seconds": seconds,
        "load_and_plan_seconds": load_and_plan,
        "pages": len(sizes),
        "bytes": sum(size for _, size in sizes),
        "tasks": tasks,
    }


def _generate_pages(project: Any, as_of: date) -> tuple[float, float, list[Any], list[Any], int]:
    """(page generation seconds, load and plan seconds, pages, nav, tasks), stage by stage."""
    from generator import build
    from generator.core.problems import Problems
    from generator.load.dataset import load_dataset
    from generator.site.navigation import hand_written_pages, site_nav
    from generator.site.registry import page_specs
    from generator.site.spec import Site

    started = time.perf_counter()
    loaded = load_dataset(project)
    assert loaded.dataset is not None, "the organisation does not load"
    plan = build.default_planner(loaded.dataset, as_of)
    planned = time.perf_counter()
    site = Site.of(loaded.dataset, plan, as_of=as_of, hand_written=hand_written_pages(project.pages_dir))
    specs, _ = page_specs(site)
    problems = Problems()
    rendered = build.render_pages(site, specs, build.environment(project), problems)
    finished = time.perf_counter()
    assert not problems.has_errors(), [str(p) for p in problems.errors[:3]]
    return finished - planned, planned - started, rendered, site_nav(specs, []), len(plan.tasks)


def main(argv: list[str]) -> int:
    stage, *args = argv
    if stage == "floor-parse":
        result = floor_parse(Path(args[0]), no_gc="--no-gc" in args)
    elif stage == "floor-write":
        result = floor_write(Path(args[0]), Path(args[1]))
    elif stage == "pages":
        result = pages(Path(args[0]), date.fromisoformat(args[1]), Path(args[2]))
    else:
        msg = f"unknown stage {stage!r}"
        raise SystemExit(msg)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
