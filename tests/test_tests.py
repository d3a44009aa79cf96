"""Rules for the test suite itself, checked on its source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def unchecked_invocations(source: str) -> list[str]:
    """CLI runs (`.invoke(...)`) whose result's exit code the test never looks at.

    A result returned from a helper is the caller's to check; the helpers in conftest and the
    test modules take the expected exit code and check it themselves.
    """
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        text = ast.get_source_segment(source, function) or ""
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "invoke"):
                continue
            parent = parents[call]
            checked = (
                isinstance(parent, ast.Assign)
                and isinstance(parent.targets[0], ast.Name)
                and f"{parent.targets[0].id}.exit_code" in text
            )
            if not (checked or isinstance(parent, ast.Return)):
                found.append(f"{function.name} (line {call.lineno})")
    return found


@pytest.mark.parametrize("path", sorted(TESTS.rglob("test_*.py")), ids=lambda p: p.relative_to(TESTS).as_posix())
def test_every_cli_run_checks_its_exit_code(path: Path) -> None:
    assert unchecked_invocations(path.read_text(encoding="utf-8")) == []


def test_the_rule_finds_an_unchecked_run() -> None:
    source = (
        "def test_a():\n    result = CliRunner().invoke(cli, ['plan'])\n    assert result.stdout\n"
        "def test_b():\n    CliRunner().invoke(cli, ['plan'])\n"
        "def test_c():\n    result = CliRunner().invoke(cli, ['plan'])\n    assert result.exit_code == 0\n"
        "def test_d():\n    rows = list(CliRunner().invoke(cli, ['plan']).stdout)\n"
    )
    assert unchecked_invocations(source) == ["test_a (line 2)", "test_b (line 5)", "test_d (line 10)"]
