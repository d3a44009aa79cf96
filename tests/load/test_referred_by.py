"""`playbook check` on `referred_by`: another customer's id, checked where it was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, run_cli, write_tree


def _project(tmp_path: Path, customers: str) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": customers,
            "playbook/rules.yaml": "rules: []\n",
        },
    )


def test_an_unknown_referrer_is_located_at_the_value_with_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(
        tmp_path,
        """\
        customers:
          - id: ann-lee
            name: Ann Lee
            consultant: dana
          - id: bo
            name: Bo Chen
            consultant: dana
            referred_by: ann-le
        """,
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", exit_code=1)
    assert result.stderr.splitlines() == [
        "content/customers.yaml:8:18: error: customer 'bo': 'referred_by' 'ann-le' is not a customer; did you mean 'ann-lee'?",
        "playbook: 1 error, 0 warnings",
    ]


def test_a_customer_cannot_refer_themselves_and_a_far_id_gets_a_plain_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(
        tmp_path,
        """\
        customers:
          - id: ann
            name: Ann Lee
            consultant: dana
            referred_by: ann
          - id: bo
            name: Bo Chen
            consultant: dana
            referred_by: zzzzzz
        """,
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", exit_code=1)
    assert result.stderr.splitlines() == [
        "content/customers.yaml:5:18: error: customer 'ann': 'referred_by' names the customer themselves; "
        "give the id of the customer who recommended us",
        "content/customers.yaml:9:18: error: customer 'bo': 'referred_by' 'zzzzzz' is not a customer; "
        "give the id of an existing customer",
        "playbook: 2 errors, 0 warnings",
    ]


def test_a_referrer_in_another_file_and_a_cycle_are_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers/a.yaml": """\
                customers:
                  - {id: ann, name: Ann Lee, consultant: dana, referred_by: bo}
                """,
            "content/customers/b.yaml": """\
                customers:
                  - {id: bo, name: Bo Chen, consultant: dana, referred_by: ann}
                """,
            "playbook/rules.yaml": "rules: []\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("check")
    assert result.stderr.splitlines()[0] == "playbook: 0 errors, 0 warnings"


def test_a_referrer_whose_own_entry_has_an_error_is_not_reported_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(
        tmp_path,
        """\
        customers:
          - {id: ann, name: Ann Lee, consultant: dana, stage: gone}
          - {id: bo, name: Bo Chen, consultant: dana, referred_by: ann}
        """,
    )
    monkeypatch.chdir(tmp_path)
    assert run_cli("check", exit_code=1).stderr.splitlines() == [
        "content/customers.yaml:2:55: error: customer 'ann': 'stage' must be one of customer, prospect, lost (got 'gone'); did you mean 'lost'?",
        "playbook: 1 error, 0 warnings",
    ]
