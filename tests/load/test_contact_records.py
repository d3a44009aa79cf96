"""Files under content/contacts/ and content/purchases/: written new, loaded on top, checked."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_TEAM, write_tree

from generator.cli import cli
from generator.core import model
from generator.core.files import write_new
from generator.core.project import Project
from generator.load.contact_records import record_contact
from generator.load.dataset import load_dataset
from generator.load.purchase_records import record_purchase

CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    purchases:
      - {date: 2026-03-01, amount: 80}
  - id: bob
    name: Bob Stone
    consultant: dana
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {"content/team.yaml": MINIMAL_TEAM, "content/customers.yaml": CUSTOMERS, "playbook/rules.yaml": "rules: []\n"},
    )


def loaded(project: Path) -> model.Dataset:
    result = load_dataset(Project.at(project), use_cache=False)
    assert result.dataset is not None, [str(p) for p in result.problems.items]
    return result.dataset


def test_twenty_concurrent_writers_each_get_a_file_of_their_own(project: Path) -> None:
    start = threading.Barrier(20)

    def write(number: int) -> Path:
        start.wait()
        note = f"call {number}"
        return record_contact(Project.at(project), "ann", model.Contact(date=date(2026, 11, 16), channel="phone", note=note))

    with ThreadPoolExecutor(max_workers=20) as pool:
        paths = list(pool.map(write, range(20)))
    folder = project / "content" / "contacts"
    assert len(set(paths)) == 20
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["2026-11-16-ann.yaml", *(f"2026-11-16-ann-{n}.yaml" for n in range(2, 21))]
    )
    notes = sorted(c.note or "" for c in loaded(project).customer("ann").contacts)
    assert notes == sorted(f"call {n}" for n in range(20))


def test_write_new_never_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_bytes(b"mine")
    assert write_new(tmp_path, "x", b"one") == tmp_path / "x-2.yaml"
    assert write_new(tmp_path, "x", b"two") == tmp_path / "x-3.yaml"
    assert [(p.name, p.read_bytes()) for p in sorted(tmp_path.iterdir())] == [
        ("x-2.yaml", b"one"), ("x-3.yaml", b"two"), ("x.yaml", b"mine"),
    ]  # fmt: skip
    umask = os.umask(0o022)
    os.umask(umask)
    assert (tmp_path / "x-2.yaml").stat().st_mode & 0o777 == 0o666 & ~umask  # an ordinary file, not 0600


def test_same_day_records_load_in_the_order_written(project: Path) -> None:
    for number in range(1, 12):
        record_purchase(Project.at(project), "bob", on=date(2026, 11, 16), amount=Decimal(number), item=f"item {number}")
    assert [p.item for p in loaded(project).customer("bob").purchases] == [f"item {n}" for n in range(1, 12)]


def test_purchases_join_the_customer_files_purchases_by_date(project: Path) -> None:
    write_tree(
        project,
        {"content/purchases/2026-01-05-ann.yaml": "purchases:\n- {customer: ann, date: 2026-01-05, amount: 12.50, item: Socks}\n"},
    )
    assert loaded(project).customer("ann").purchases == (
        model.Purchase(date=date(2026, 1, 5), amount=Decimal("12.50"), item="Socks"),
        model.Purchase(date=date(2026, 3, 1), amount=Decimal("80")),
    )


def test_mistakes_in_contact_and_purchase_files_are_located(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(
        project,
        {
            "content/contacts/2026-11-01-ann.yaml": """\
                contacts:
                  - customer: anne
                    date: 2026-11-01
                    channel: phone
                  - customer: ann
                    date: 2026-11-31
                    channel: fax
                    outcome: busy
                    mood: good
                  - customer: ann
                    date: 2026-11-01
                    channel: email
                    by: dan
                """,
            "content/contacts/2026-11-02-bob.yaml": "contact: []\n",
            "content/purchases/2026-11-03-bob.yaml": """\
                purchases:
                  - {customer: bob, date: 2026-11-03, amount: $12, item: Tie}
                  - {customer: bob, amount: 5}
                """,
        },
    )
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr == (
        "content/contacts/2026-11-01-ann.yaml:2:15: error: contact #1: customer 'anne' is not in the customer files; did you mean 'ann'?\n"
        "content/contacts/2026-11-01-ann.yaml:6:11: error: contact #2: 'date': 2026-11-31 is not a date: November 2026 has 30 days\n"
        "content/contacts/2026-11-01-ann.yaml:7:14: error: contact #2: 'channel' must be one of email, phone, in_person, letter (got 'fax')\n"
        "content/contacts/2026-11-01-ann.yaml:8:14: error: contact #2: 'outcome' must be one of reached, no_answer, left_message, met, replied, sent (got 'busy'); did you mean 'no_answer'?\n"
        "content/contacts/2026-11-01-ann.yaml:9:5: error: contact #2: unknown field 'mood'; known fields: customer, date, channel, by, outcome, note, task, external_id\n"
        "content/contacts/2026-11-01-ann.yaml:13:9: error: contact #3: 'by' 'dan' is not in content/team.yaml; did you mean 'dana'?\n"
        "content/contacts/2026-11-02-bob.yaml:1:1: error: unknown field 'contact'; did you mean 'contacts'?\n"
        "content/purchases/2026-11-03-bob.yaml:2:47: error: purchase #1: 'amount' must be an amount written like 1234.50, without currency signs or thousands separators (got '$12')\n"
        "content/purchases/2026-11-03-bob.yaml:3:5: error: purchase #2: 'date' is missing; every purchase needs one\n"
        "playbook: 9 errors, 0 warnings\n"
    )


def test_a_valid_file_passes_check_and_joins_the_log(project: Path) -> None:
    write_tree(
        project,
        {
            "content/contacts/2026-11-01-bob.yaml": """\
                contacts:
                - customer: bob
                  date: 2026-11-01
                  channel: letter
                  outcome: sent
                  by: olga
                  task: 0123456789
                  note: "Card: thanks #2"
                """,
        },
    )
    assert loaded(project).customer("bob").contacts == (
        model.Contact(date=date(2026, 11, 1), channel="letter", outcome="sent", by="olga", task="0123456789", note="Card: thanks #2", line=2, column=3),
    )


def test_without_hard_links_the_name_is_reserved_before_the_move(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source: object, target: object) -> None:
        raise PermissionError("hard links not supported")

    monkeypatch.setattr("generator.core.files.os.link", no_links)
    (tmp_path / "x.yaml").write_bytes(b"mine")
    assert write_new(tmp_path, "x", b"one") == tmp_path / "x-2.yaml"
    assert [(p.name, p.read_bytes()) for p in sorted(tmp_path.iterdir())] == [("x-2.yaml", b"one"), ("x.yaml", b"mine")]
