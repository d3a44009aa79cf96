"""Referrals in the quiet report: how many customers each quiet customer sent us."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, run_cli, write_tree

from generator.core import model
from generator.reports.quiet import referrals_made

CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    purchases: [{date: 2024-05-01, amount: 400}, {date: 2025-05-01, amount: 330.50}]
  - id: bob
    name: Bob Stone
    consultant: dana
    stage: prospect
    expected_value: 1200
    customer_since: 2025-01-01
    referred_by: ann
  - id: cem
    name: Cem Acar
    consultant: dana
    referred_by: ann
    purchases: [{date: 2026-10-01, amount: 50}]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": CUSTOMERS,
            "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n",
        },
    )


def test_referrals_made_lists_each_referrers_customers_sorted() -> None:
    customers = [
        model.Customer(id="zoe", name="Zoe", consultant="dana", referred_by="ann"),
        model.Customer(id="bob", name="Bob", consultant="dana", referred_by="ann"),
        model.Customer(id="ann", name="Ann", consultant="dana", referred_by="bob"),
        model.Customer(id="cem", name="Cem", consultant="dana"),
    ]
    assert referrals_made(customers) == {"ann": ("bob", "zoe"), "bob": ("ann",)}


def test_the_table_counts_the_referrals_of_each_quiet_customer(project: Path) -> None:
    lines = run_cli("-C", str(project), "report", "quiet").stdout.splitlines()
    assert [cell.strip() for cell in lines[2].split("  ") if cell.strip()] == [
        "customer", "consultant", "stage", "last contact", "last purchase", "value at risk", "referrals", "next task",
    ]  # fmt: skip
    # ann is quiet and sent us two customers (one of them quiet too, one who bought recently)
    assert lines[4].split() == ["bob", "dana", "prospect", "never", "never", "$1,200", "0", "none", "planned"]
    assert lines[5].split() == ["ann", "dana", "customer", "never", "2025-05-01", "(564", "d)", "$730.50", "2", "none", "planned"]


def test_csv_and_json_carry_the_count_and_json_the_ids(project: Path) -> None:
    rows = list(csv.reader(io.StringIO(run_cli("-C", str(project), "report", "quiet", "--format", "csv").stdout)))
    assert rows[0][-1] == "referrals"
    assert [(r[0], r[-1]) for r in rows[1:]] == [("bob", "0"), ("ann", "2")]
    data = json.loads(run_cli("-C", str(project), "report", "quiet", "--format", "json").stdout)
    assert [(c["customer"], c["referrals"], c["referred_customers"]) for c in data["customers"]] == [
        ("bob", 0, []),
        ("ann", 2, ["bob", "cem"]),
    ]
