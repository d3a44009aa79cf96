"""Talking points are a small placeholder language, checked by `check` (issue 14, failure 7).

Before, nested `range(100000)` loops passed `check` and hung `plan`, and `'x'*10**9` died with
MemoryError: a talking point was any Jinja template.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, run_cli, write_tree

LANGUAGE = (
    "write text with {{ name }}, {{ name | filter }} (filters: money, join_and, join, lower, upper, "
    "title, capitalize, trim, default), {{ name or 'other text' }} and {% if name %}...{% else %}...{% endif %}"
)


def _project(tmp_path: Path, point: str) -> Path:
    quoted = '"' + point.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return write_tree(tmp_path, {
        "content/team.yaml": MINIMAL_TEAM,
        "content/customers.yaml": """\
            customers:
              - id: ann
                name: Ann Lee
                consultant: dana
                interests: [sailing, golf]
                purchases:
                  - {date: 2026-02-20, amount: 1200, item: Boots}
            """,
        "playbook/rules.yaml": f"""\
settings:
  as_of: 2026-03-01
rules:
  - id: thanks
    habit: thank_you
    title: Thank them
    why: Because it matters.
    anchor: purchase
    offset_days: 3
    talking_points:
      - {quoted}
""",
    })


@pytest.mark.parametrize(
    ("point", "construct"),
    [
        ("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}", "a loop ({% for %})"),
        ("{{ 'x'*10**9 }}", "arithmetic (*)"),
        ("{{ lipsum(1000000) }}", "a call (name(...))"),
        ("{{ first_name.__class__ }}", "an attribute (name.attribute)"),
        ("{{ interests[0] }}", "an index (name[...])"),
        ("{% set x = 1 %}{{ x }}", "{% set %}"),
        ("{{ first_name | attr('upper') }}", "the filter 'attr'"),
        ("{{ interests | join(', ', attribute='a') }}", "arguments of 'join' other than quoted text"),
        ("{{ first_name is defined }}", "a test (name is ...)"),
    ],
)
def test_constructs_outside_the_language_are_located_errors(tmp_path: Path, point: str, construct: str) -> None:
    _project(tmp_path, point)
    result = run_cli("-C", str(tmp_path), "check", exit_code=1)
    assert result.stderr.splitlines() == [
        f"{tmp_path}/playbook/rules.yaml:11:9: error: rules: rule 'thanks': #1: {construct} cannot be used in a talking point; {LANGUAGE}",
        "playbook: 1 error, 0 warnings",
    ]


def test_deeply_nested_brackets_are_a_located_error(tmp_path: Path) -> None:
    _project(tmp_path, "{{ " + "(" * 5000 + "first_name" + ")" * 5000 + " }}")
    result = run_cli("-C", str(tmp_path), "check", exit_code=1)
    assert result.stderr.splitlines()[0].endswith(f"#1: is nested too deeply to read; {LANGUAGE}")


@pytest.mark.parametrize(
    ("point", "line"),
    [
        ("Hi {{ first_name }}", "Hi Ann"),
        ("{{ last_purchase_item or 'purchase' }} for {{ lifetime_value | money }}", "Boots for $1,200"),
        ("{{ interests | join_and }} / {{ interests | join(' + ') | upper }}", "sailing and golf / SAILING + GOLF"),
        ("{% if lifetime_value >= 1000 %}Thank {{ name | lower }}{% else %}Hi{% endif %}", "Thank ann lee"),
        ("{{ first_name ~ '!' if not (purchases_count < 1) else '' }}", "Ann!"),
    ],
)
def test_the_language_fills_in(tmp_path: Path, point: str, line: str) -> None:
    _project(tmp_path, point)
    run_cli("-C", str(tmp_path), "check")
    result = run_cli("-C", str(tmp_path), "plan", "--format", "json")
    assert f'"{line}"' in result.stdout
