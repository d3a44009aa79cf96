"""Shared test helpers: write a small project tree from dedented strings."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent

settings.register_profile("playbook", derandomize=True)
settings.load_profile("playbook")
"""Every property test draws the same examples on every run: CI never turns red by chance."""


def bench_module(name: str) -> ModuleType:
    """bench/ is a folder of scripts, not a package: load `bench/<name>.py` by path (as
    `bench_<name>`), with its folder importable while it loads (run.py imports generate)."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while decorating
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(REPO / "bench"))

CHECK_IN_RULES = """\
rules:
  - id: check-in
    habit: check_in
    title: Check in
    why: Ask how it went.
    anchor: purchase
    offset_days: 10
    expires_days: 30
"""
"""One rule: a check-in ten days after each purchase (the audit tests' rules)."""

MINIMAL_TEAM = """\
organization:
  name: Corner Shop
  signatory: olga
people:
  - id: olga
    name: Olga Berg
    role: owner
  - id: dana
    name: Dana Fox
    role: consultant
"""


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `{relative path: text}` under root (text is dedented); returns root."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """A valid project with one consultant, one customer and no rules."""
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": """\
                customers:
                  - id: ann
                    name: Ann Lee
                    consultant: dana
                """,
            "playbook/rules.yaml": "rules: []\n",
        },
    )


def copy_demo(tmp_path: Path) -> Path:
    """The demo project (data, rules, mkdocs.yml) copied, so a test may edit and build it."""
    root = tmp_path / "project"
    for name in ("content", "playbook"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def run_cli(*args: str, exit_code: int = 0, **kwargs: Any) -> Result:
    """Run `playbook ARGS` in-process and fail the test unless it exits with `exit_code`.

    Every CLI test goes through this (or asserts the exit code itself): a command that fails
    must never let a test pass on the output it happened to print before failing.
    """
    from generator.cli import cli

    result = CliRunner().invoke(cli, list(args), **kwargs)
    if result.exit_code != exit_code:
        shown = result.output + (f"\n{result.exc_info[0].__name__}: {result.exception}" if result.exc_info and result.exit_code not in (0, 1, 2) else "")
        pytest.fail(f"playbook {' '.join(args)} exited with {result.exit_code}, not {exit_code}:\n{shown}")
    return result
