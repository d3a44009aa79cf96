"""Control characters in one-line fields are located errors (issue 14, failure 8).

Before, a newline in a person's name was kept and forged lines, and a signature block, in the
e-mail drafts' bodies. Notes and addresses keep their lines; no text keeps a control character.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, REPO, run_cli, write_tree


def _check(tmp_path: Path, customer_lines: str, *, team: str = MINIMAL_TEAM) -> list[str]:
    write_tree(tmp_path, {
        "content/team.yaml": team,
        "content/customers.yaml": "customers:\n  - id: ann\n    consultant: dana\n" + customer_lines,
        "playbook/rules.yaml": "rules: []\n",
    })
    result = run_cli("-C", str(tmp_path), "check", exit_code=1)
    return [line.removeprefix(f"{tmp_path}/") for line in result.stderr.splitlines()]


def test_a_line_break_in_a_name_is_a_located_error(tmp_path: Path) -> None:
    assert _check(tmp_path, '    name: "Ann Lee\\n\\nKind regards,\\nOlga Berg, Owner"\n') == [
        "content/customers.yaml:4:11: error: customer 'ann': 'name' must be one line of text, but holds a line break after 'Ann Lee'; write it on one line",
        "playbook: 1 error, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        ("company", r'"Lee\tLtd"', "must be one line of text, but holds a tab after 'Lee'; write it on one line"),
        ("phone", r'"0113\r\n496"', "must be one line of text, but holds a carriage return after '0113'; write it on one line"),
        ("city", r'"Leeds\u2028York"', "must be one line of text, but holds a line separator (U+2028) after 'Leeds'; write it on one line"),
        ("email", r'"ann@example.org\nBcc: x@evil.example"', "must be one line of text, but holds a line break after 'ann@example.org'; write it on one line"),
        ("interests", r'["sailing\x07"]', "must be one line of text, but holds the control character U+0007 after 'sailing'; write it on one line"),
    ],
)
def test_control_characters_in_one_line_fields_are_located_errors(
    tmp_path: Path, field: str, written: str, message: str
) -> None:
    lines = _check(tmp_path, f"    name: Ann Lee\n    {field}: {written}\n")
    assert len(lines) == 2
    assert lines[0].startswith("content/customers.yaml:5:")
    assert lines[0].endswith(message)


def test_a_person_and_a_purchase_item_are_one_line_too(tmp_path: Path) -> None:
    team = MINIMAL_TEAM.replace("    name: Dana Fox\n", '    name: "Dana\\nFox"\n')
    assert _check(tmp_path, "    name: Ann\n    purchases:\n      - {date: 2026-01-05, amount: 5, item: \"Lamp\\r\"}\n", team=team) == [
        "content/customers.yaml:6:45: error: customer 'ann': purchase #1: 'item' must be one line of text, but holds a carriage return after 'Lamp'; write it on one line",
        "content/team.yaml:9:11: error: person 'dana': 'name' must be one line of text, but holds a line break after 'Dana'; write it on one line",
        "playbook: 2 errors, 0 warnings",
    ]


def test_notes_and_addresses_keep_their_lines_but_no_control_character(tmp_path: Path) -> None:
    lines = _check(
        tmp_path,
        "    name: Ann Lee\n"
        "    address: |\n      1 High Street\n      Leeds\n"
        "    notes:\n"
        "      - date: 2026-01-05\n        text: |\n          Loves sailing.\n          Two\tdaughters.\n"
        '      - date: 2026-01-06\n        text: "Bell\\a"\n',
    )
    assert lines == [
        "content/customers.yaml:14:15: error: customer 'ann': note #2: 'text' holds the control character U+0007 after 'Bell', which no text may hold; remove it",
        "playbook: 1 error, 0 warnings",
    ]


def test_a_one_line_field_written_as_a_block_loses_only_its_final_line_break(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/team.yaml": MINIMAL_TEAM,
        "content/customers.yaml": "customers:\n  - id: ann\n    consultant: dana\n    name: >\n      Ann\n      Lee\n",
        "playbook/rules.yaml": "rules: []\n",
    })
    run_cli("-C", str(tmp_path), "check")
    result = run_cli("-C", str(tmp_path), "plan", "--format", "json")
    assert '"Ann Lee\\n' not in result.stdout


def test_a_nul_byte_is_reported_on_its_own_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/team.yaml": MINIMAL_TEAM,
        "content/customers.yaml": b"customers:\n  - id: ann\n    name: Ann\x00Lee\n    consultant: dana\n",
        "playbook/rules.yaml": "rules: []\n",
    })
    result = run_cli("-C", str(tmp_path), "check", exit_code=1)
    assert result.stderr.splitlines()[0].startswith(f"{tmp_path}/content/customers.yaml:3:14: error:")


def test_the_demo_has_no_control_characters() -> None:
    run_cli("-C", str(REPO), "check")
