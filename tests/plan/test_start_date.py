"""The setting start_date: follow-ups that fell due before it are not planned, overdue or audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, run_cli, write_tree

AS_OF = "2026-11-16"
CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    purchases: [{date: 2026-11-01, amount: 50}]
  - id: bob
    name: Bob Stone
    consultant: dana
    customer_since: 2026-01-05
    reviews: [{date: 2026-01-05, rating: 5}]
    purchases: [{date: 2026-01-05, amount: 80}]
    contacts: [{date: 2026-05-01, channel: phone, outcome: reached}]
"""


def project(tmp_path: Path, start_date: str | None) -> Path:
    settings = f"settings:\n  start_date: {start_date}\n" if start_date else "settings:\n  horizon_days: 28\n"
    return write_tree(
        tmp_path,
        {"content/team.yaml": MINIMAL_TEAM, "content/customers.yaml": CUSTOMERS, "playbook/rules.yaml": settings},
    )


def planned(root: Path) -> list[tuple[str, str, str, bool]]:
    """(due, customer, rule, overdue) of the plan as of AS_OF, with the built-in rules."""
    tasks = json.loads(run_cli("-C", str(root), "plan", "--as-of", AS_OF, "--format", "json").stdout)
    return [(t["due"], t["customer"], t["rule"], t["overdue"]) for t in tasks]


def test_without_start_date_every_missed_follow_up_is_overdue(tmp_path: Path) -> None:
    assert planned(project(tmp_path, None)) == [
        ("2026-08-29", "bob", "stay-in-touch", True),
        ("2026-11-03", "ann", "thank-you", True),
        ("2026-11-22", "ann", "check-in", False),
    ]


def test_follow_ups_due_before_start_date_are_not_planned(tmp_path: Path) -> None:
    assert planned(project(tmp_path, "2026-11-10")) == [("2026-11-22", "ann", "check-in", False)]


def test_a_follow_up_due_on_the_start_date_is_kept(tmp_path: Path) -> None:
    assert planned(project(tmp_path, "2026-11-03")) == [
        ("2026-11-03", "ann", "thank-you", True),
        ("2026-11-22", "ann", "check-in", False),
    ]


@pytest.mark.parametrize(("start_date", "counted"), [(None, 2), ("2026-11-10", 0)])
def test_the_audit_counts_nothing_due_before_start_date(tmp_path: Path, start_date: str | None, counted: int) -> None:
    root = project(tmp_path, start_date)
    result = run_cli("-C", str(root), "report", "audit", "--from", "2026-08-01", "--to", "2026-11-09")
    assert result.stderr.splitlines()[-1] == (
        f"playbook: {counted} follow-up{'s' if counted != 1 else ''} from 2026-08-01 to 2026-11-09: "
        f"0 on time, 0 late, {counted} missed"
    )
