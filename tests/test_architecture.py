"""The package picture holds: stages import only earlier stages, no cycles, small modules.

Every import counts, including those inside functions and under `TYPE_CHECKING`: a backward
import hidden in a function is still a backward dependency.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

STAGES = ("core", "load", "plan", "reports", "documents", "site")
"""In pipeline order: a module may import its own stage and the stages before it."""
FRONT_DOORS = frozenset({"build", "cli", "mkdocs_plugin", "plan_date", "__main__", "__init__"})
"""Top-level modules that call the stages; no stage imports them (`__version__` aside)."""

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every playbook module `name` imports, wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" for alias in node.names] + [module]
        else:
            continue
        for target in targets:
            if target in known:
                found.add(target)
            elif target.startswith("generator.") and target.rpartition(".")[0] in known:
                found.add(target.rpartition(".")[0])
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def stage_of(module: str) -> int:
    """Index in STAGES, or len(STAGES) for a front door; `generator` itself is core."""
    parts = module.split(".")
    if len(parts) == 1:
        return 0  # the package: only __version__
    if parts[1] in STAGES:
        return STAGES.index(parts[1])
    assert parts[1] in FRONT_DOORS, f"{module}: a top-level module that is neither a stage nor a front door"
    return len(STAGES)


def test_every_module_belongs_to_a_stage_or_is_a_front_door() -> None:
    for module in modules():
        stage_of(module)


def test_no_module_imports_a_later_stage() -> None:
    backwards = [
        f"{module} ({STAGES[stage_of(module)] if stage_of(module) < len(STAGES) else 'front door'}) imports {target}"
        for module, targets in graph().items()
        for target in sorted(targets)
        if stage_of(target) > stage_of(module) and target != "generator"
    ]
    assert backwards == []


def test_the_imports_have_no_cycle() -> None:
    edges = {m: {t for t in ts if t != "generator"} for m, ts in graph().items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = defaultdict(int)  # 0 new, 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state[nxt] == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif state[nxt] == 0:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(edges):
        if state[start] == 0:
            visit(start, [start])
    assert cycles == []


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    source = "def f():\n    from generator.site import render\n    import generator.plan.facts\n"
    (tmp_path / "x.py").write_text(source, encoding="utf-8")
    known = {"generator.site", "generator.site.render", "generator.plan", "generator.plan.facts"}
    assert {"generator.site.render", "generator.plan.facts"} <= imports_of("generator.load.x", tmp_path / "x.py", known)


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_and_functions_stay_small(name: str) -> None:
    path = modules()[name]
    text = path.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    if lines > MAX_MODULE_LINES:
        pytest.fail(f"{name}: {lines} lines, more than {MAX_MODULE_LINES}; split it by what it does")
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"  # type: ignore[operator]
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES  # type: ignore[operator]
    ]
    assert long == []


def test_architecture_md_names_only_modules_that_exist() -> None:
    """ARCHITECTURE.md stays true: every module path it names exists, and it names every stage."""
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)", text))
    sources = [p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.parent.glob("[gt]*/**/*.py")]
    missing = sorted(path for path in named if not any(s == path or s.endswith("/" + path) for s in sources))
    assert missing == []
    assert all(f"{stage}/" in text for stage in STAGES)
    packages = {p.parent.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("__init__.py")} - {"."}
    assert sorted(p for p in packages if f"{p}/" not in text) == []
