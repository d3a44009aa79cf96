"""Anchors, aliases and explicit tags are located errors (issue 14, failure 6).

Before, an alias repeated its value wherever used (a 105 KB file built a 395 MB site) and a tag
such as `!!binary` or `!!python/object/apply:...` was silently dropped, its text kept.
"""

from __future__ import annotations

import time
from pathlib import Path

from conftest import MINIMAL_TEAM, run_cli, write_tree


def _check(tmp_path: Path, customers: str) -> list[str]:
    write_tree(tmp_path, {"content/team.yaml": MINIMAL_TEAM, "content/customers.yaml": customers, "playbook/rules.yaml": "rules: []\n"})
    result = run_cli("-C", str(tmp_path), "check", exit_code=1)
    return [line.removeprefix(f"{tmp_path}/") for line in result.stderr.splitlines()]


def test_anchors_aliases_and_merge_keys_are_located_errors(tmp_path: Path) -> None:
    assert _check(
        tmp_path,
        """\
        customers:
          - &ann
            id: ann
            name: &name Ann Lee
            consultant: dana
          - id: bob
            name: *name
            <<: *ann
        """,
    ) == [
        "content/customers.yaml:2:5: error: anchor &ann: anchors and aliases are not supported: write the value out where it is used",
        "content/customers.yaml:4:11: error: anchor &name: anchors and aliases are not supported: write the value out where it is used",
        "content/customers.yaml:7:11: error: alias *name: anchors and aliases are not supported: write the value out in full",
        "content/customers.yaml:8:9: error: alias *ann: anchors and aliases are not supported: write the value out in full",
        "playbook: 4 errors, 0 warnings",
    ]


def test_explicit_tags_are_located_errors(tmp_path: Path) -> None:
    assert _check(
        tmp_path,
        """\
        customers:
          - id: ann
            name: !!str Ann Lee
            consultant: !custom dana
            company: !!binary QUNNRQ==
            interests: !!python/object/apply:os.system ["true"]
            city: ! Leeds
        """,
    ) == [
        "content/customers.yaml:3:11: error: tags like !!str are not read: remove it (every value is read as the text written)",
        "content/customers.yaml:4:17: error: tags like !custom are not read: remove it (every value is read as the text written)",
        "content/customers.yaml:5:14: error: tags like !!binary are not read: remove it (every value is read as the text written)",
        "content/customers.yaml:6:16: error: tags like !!python/object/apply:os.system are not read: remove it (every value is read as the text written)",
        "content/customers.yaml:7:11: error: tags like ! are not read: remove it (every value is read as the text written)",
        "playbook: 5 errors, 0 warnings",
    ]


def test_nested_aliases_are_refused_before_anything_expands(tmp_path: Path) -> None:
    levels = ["  - &l0 {id: ann, name: Ann Lee, consultant: dana, interests: [a, b, c, d, e, f, g, h, i, j]}"]
    for level in range(1, 30):
        levels.append(f"  - &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    started = time.monotonic()
    lines = _check(tmp_path, "customers:\n" + "\n".join(levels) + "\n")
    assert time.monotonic() - started < 10
    assert lines[-1] == "playbook: 320 errors, 0 warnings"


def test_ampersands_stars_and_exclamation_marks_in_text_stay_text(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/team.yaml": MINIMAL_TEAM,
        "content/customers.yaml": """\
            customers:
              - id: ann
                name: Ann & Bob Lee!
                consultant: dana
                company: R&D *Works*
                notes:
                  - date: 2026-01-05
                    text: |
                      * loves hiking!
                      * R&D lead
            """,
        "playbook/rules.yaml": "rules: []\n",
    })
    run_cli("-C", str(tmp_path), "check")
