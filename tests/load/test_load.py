"""Loading keeps what the user typed: YAML 1.1 guesses never corrupt the data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from conftest import MINIMAL_TEAM, write_tree

from generator.core.model import BirthdayValue
from generator.core.project import Project
from generator.load.dataset import load_dataset


def load(root: Path):  # type: ignore[no-untyped-def]
    return load_dataset(Project.at(root), use_cache=False)


def test_yaml_11_traps_keep_the_text_as_typed(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": """\
                customers:
                  - id: nils
                    name: Nils Berg
                    consultant: dana
                    phone: 01234567
                    country: NO
                    city: 12:30
                    company: yes
                    do_not_contact: true
                    birthday: "--02-29"
                    purchases:
                      - {date: 2026-01-05, amount: 0120.50, item: 1e3}
                """,
            "playbook/rules.yaml": "rules: []\n",
        },
    )
    result = load(tmp_path)
    assert result.problems.items == []
    assert result.dataset is not None
    nils = result.dataset.customer("nils")
    assert nils.phone == "01234567"
    assert nils.country == "NO"
    assert nils.city == "12:30"
    assert nils.company == "yes"
    assert nils.do_not_contact is True
    assert nils.birthday == BirthdayValue(2, 29, None)
    assert nils.purchases[0].amount == Decimal("120.50")
    assert nils.purchases[0].item == "1e3"
    assert nils.purchases[0].date == date(2026, 1, 5)


def test_quoted_true_is_not_a_boolean(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": """\
                customers:
                  - id: ann
                    name: Ann
                    consultant: dana
                    do_not_contact: "true"
                """,
            "playbook/rules.yaml": "rules: []\n",
        },
    )
    result = load(tmp_path)
    assert result.dataset is None
    [problem] = result.problems.items
    assert (problem.line, problem.column) == (5, 21)
    assert problem.message == "customer 'ann': 'do_not_contact' must be true or false (got 'true')"


def test_customers_from_several_files_are_sorted_by_id(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": "customers:\n  - {id: zoe, name: Zoe, consultant: dana}\n",
            "content/customers/b.yaml": "customers:\n  - {id: bob, name: Bob, consultant: dana}\n",
            "content/customers/a/x.yml": "customers:\n  - {id: amy, name: Amy, consultant: dana}\n",
            "playbook/rules.yaml": "rules: []\n",
        },
    )
    result = load(tmp_path)
    assert result.dataset is not None
    assert [c.id for c in result.dataset.customers] == ["amy", "bob", "zoe"]


def test_birthday_without_year_and_leap_day(tmp_path: Path) -> None:
    assert BirthdayValue(2, 29, None).next_after(date(2027, 2, 1)) == date(2027, 2, 28)
    assert BirthdayValue(2, 29, None).next_after(date(2028, 2, 1)) == date(2028, 2, 29)
    assert BirthdayValue(1, 5, 1980).next_after(date(2026, 12, 1)) == date(2027, 1, 5)
