"""Shared test helpers: write a small project tree from dedented strings."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

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
