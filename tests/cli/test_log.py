"""`playbook log`: a contact or a purchase written to a new file, which the next plan sees."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import Result
from conftest import copy_demo, run_cli, write_tree

from generator.core import model
from generator.core.project import Project
from generator.load.dataset import load_dataset

TEAM = """\
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
  - id: tom
    name: Tom Reed
    role: consultant
"""

CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    contacts:
      - {date: 2026-10-01, channel: email, outcome: replied}
  - id: bob
    name: Bob Stone
    consultant: dana
"""

HANDOVER = """\
handover:
  date: 2026-11-01
  from: dana
  by: olga
  assignments:
    - {customer: bob, to: tom, reason: closer}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "content/handovers/2026-11-01-dana.yaml": HANDOVER,
            "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n",
        },
    )


def run(project: Path, *args: str, exit_code: int = 0) -> Result:
    return run_cli("-C", str(project), *args, exit_code=exit_code, prog_name="playbook")


def customer(project: Path, customer_id: str) -> model.Customer:
    result = load_dataset(Project.at(project), use_cache=False)
    assert result.dataset is not None, [str(p) for p in result.problems.items]
    return result.dataset.customer(customer_id)


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".playbook-cache" not in p.parts
    }


# ---------------------------------------------------------------- contacts


def test_log_writes_a_new_file_that_the_next_load_adds_to_the_contact_log(project: Path) -> None:
    result = run(project, "log", "ann", "--channel", "phone", "--outcome", "no_answer", "--note", "Rang twice.", "--on", "2026-11-10")
    path = project / "content" / "contacts" / "2026-11-10-ann.yaml"
    assert result.stderr == f"playbook: logged the contact with ann on 2026-11-10 (phone, no_answer) in {path}\n"
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../playbook/schema.json\n"
        "# Recorded with `playbook log`. Correct it by hand if needed; playbook never rewrites it.\n"
        "contacts:\n"
        "- customer: ann\n"
        "  date: 2026-11-10\n"
        "  channel: phone\n"
        "  outcome: no_answer\n"
        "  by: dana\n"
        "  note: Rang twice.\n"
    )
    assert [(c.date, c.channel, c.outcome, c.by, c.note) for c in customer(project, "ann").contacts] == [
        (date(2026, 10, 1), "email", "replied", None, None),
        (date(2026, 11, 10), "phone", "no_answer", "dana", "Rang twice."),
    ]


def test_options_may_come_first_and_the_defaults_are_the_settings_date_and_the_consultant_after_handovers(project: Path) -> None:
    run(project, "log", "--channel", "email", "--outcome", "sent", "bob")
    text = (project / "content" / "contacts" / "2026-11-16-bob.yaml").read_text(encoding="utf-8")
    assert text.endswith("- customer: bob\n  date: 2026-11-16\n  channel: email\n  outcome: sent\n  by: tom\n")


def test_by_names_who_made_the_contact(project: Path) -> None:
    run(project, "log", "ann", "--channel", "in_person", "--outcome", "met", "--by", "olga")
    assert customer(project, "ann").contacts[-1].by == "olga"


def test_a_second_contact_the_same_day_gets_a_suffix_and_nothing_else_is_touched(project: Path) -> None:
    before = digests(project)
    for outcome in ("no_answer", "left_message", "reached"):
        run(project, "log", "ann", "--channel", "phone", "--outcome", outcome)
    folder = project / "content" / "contacts"
    assert sorted(p.name for p in folder.iterdir()) == ["2026-11-16-ann-2.yaml", "2026-11-16-ann-3.yaml", "2026-11-16-ann.yaml"]
    assert "outcome: no_answer" in (folder / "2026-11-16-ann.yaml").read_text(encoding="utf-8")
    after = digests(project)
    assert {k: v for k, v in after.items() if not k.startswith("content/contacts/")} == before
    assert [c.outcome for c in customer(project, "ann").contacts] == ["replied", "no_answer", "left_message", "reached"]


TRICKY_NOTES = [
    "NO", "on", "12:30", "#x", "a # b", "{a}", "[1, 2]", "- item", "-", "key: value", "0o17", "01234",
    "1e3", "~", "null", "'quoted'", '"double"', "it's", "  leading and trailing  ",
    "line one\nline two", "line one\n\nline three\n", "tab\there", "café ☕ Ünïcode", "a\u2028b",
    "%TAG", "!tag", "&anchor", "*alias", "@at", "`tick`", "> folded", "| literal", "ends with colon:",
    "back\\slash", "=1+1", "---", "...",
]  # fmt: skip


@pytest.mark.parametrize("note", TRICKY_NOTES)
def test_any_note_round_trips_exactly(project: Path, note: str) -> None:
    run(project, "log", "bob", "--channel", "phone", "--outcome", "reached", "--note", note)
    assert customer(project, "bob").contacts == (
        model.Contact(date=date(2026, 11, 16), channel="phone", by="tom", outcome="reached", note=note, line=4, column=3),
    )


def test_an_unknown_customer_exits_1_with_a_suggestion(project: Path) -> None:
    result = run(project, "log", "anne", "--channel", "phone", "--outcome", "met", exit_code=1)
    assert result.stderr == "Error: customer 'anne' is not in the customer files; did you mean 'ann'?\n"
    assert not (project / "content" / "contacts").exists()


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("dan", "Error: person 'dan' is not in content/team.yaml; did you mean 'dana'?\n"),
        ("zed", "Error: person 'zed' is not in content/team.yaml; known: dana, olga, tom\n"),
    ],
)
def test_an_unknown_person_exits_1_with_a_suggestion(project: Path, by: str, message: str) -> None:
    result = run(project, "log", "ann", "--channel", "phone", "--outcome", "met", "--by", by, exit_code=1)
    assert result.stderr == message
    assert not (project / "content" / "contacts").exists()


def test_a_task_id_must_be_open_on_that_day(project: Path) -> None:
    result = run(project, "log", "ann", "--channel", "phone", "--outcome", "met", "--task", "0123456789", exit_code=1)
    assert result.stderr == "Error: task '0123456789' is not an open task of 'ann' on 2026-11-16; they have no open task then: leave out --task\n"
    assert not (project / "content" / "contacts").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--channel", "fax", "--outcome", "met"), "Error: Invalid value for '--channel': 'fax' is not one of 'email', 'phone', 'in_person', 'letter'.\n"),
        (("--channel", "phone", "--outcome", "busy"), "Error: Invalid value for '--outcome': 'busy' is not one of 'reached', 'no_answer', 'left_message', 'met', 'replied', 'sent'.\n"),
        (("--channel", "phone", "--outcome", "met", "--on", "16/11/2026"), "Error: Invalid value for '--on': 16/11/2026: write 2026-11-16\n"),
        (("--channel", "phone"), "Error: Missing option '--outcome'. Choose from:\n\treached,\n\tno_answer,\n\tleft_message,\n\tmet,\n\treplied,\n\tsent\n"),
    ],
)
def test_a_bad_option_value_exits_2(project: Path, args: tuple[str, ...], message: str) -> None:
    result = run(project, "log", "ann", *args, exit_code=2)
    assert result.stderr == "Usage: playbook log [OPTIONS] CUSTOMER\nTry 'playbook log --help' for help.\n\n" + message
    assert not (project / "content" / "contacts").exists()


def test_help_shows_the_contact_form_and_the_purchase_command(project: Path) -> None:
    result = run(project, "log", "--help")
    assert result.output.startswith("Usage: playbook log [OPTIONS] CUSTOMER\n\n  Log a contact with a customer")
    assert "\nCommands:\n  purchase  Log a purchase" in result.output


def test_a_customer_called_purchase_is_logged_after_double_dash(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": "customers:\n  - {id: purchase, name: P Urchase, consultant: dana}\n",
            "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n",
        },
    )
    run(root, "log", "--channel", "phone", "--outcome", "met", "--", "purchase")
    assert (root / "content" / "contacts" / "2026-11-16-purchase.yaml").is_file()


# ---------------------------------------------------------------- purchases


def test_log_purchase_writes_a_file_that_the_next_load_adds(project: Path) -> None:
    result = run(project, "log", "purchase", "ann", "--amount", "240.50", "--item", "Wool coat: grey # long", "--on", "2026-11-12")
    path = project / "content" / "purchases" / "2026-11-12-ann.yaml"
    assert result.stderr == f"playbook: logged the purchase by ann on 2026-11-12 ($240.50) in {path}\n"
    assert path.read_text(encoding="utf-8").endswith(
        "purchases:\n- customer: ann\n  date: 2026-11-12\n  amount: 240.50\n  item: 'Wool coat: grey # long'\n"
    )
    assert customer(project, "ann").purchases == (
        model.Purchase(date=date(2026, 11, 12), amount=Decimal("240.50"), item="Wool coat: grey # long"),
    )
    run(project, "log", "purchase", "ann", "--amount", "12", "--item", "Socks", "--on", "2026-11-12")
    assert (project / "content" / "purchases" / "2026-11-12-ann-2.yaml").is_file()
    assert [p.amount for p in customer(project, "ann").purchases] == [Decimal("240.50"), Decimal("12")]


@pytest.mark.parametrize(
    ("amount", "got"),
    [("$12", "'$12'"), ("1,200", "'1,200'"), ("12 EUR", "'12 EUR'"), ("twelve", "'twelve'")],
)
def test_a_bad_amount_exits_2(project: Path, amount: str, got: str) -> None:
    result = run(project, "log", "purchase", "ann", "--amount", amount, "--item", "Coat", exit_code=2)
    assert result.stderr.endswith(
        "Error: Invalid value for '--amount': must be an amount written like 1234.50, "
        f"without currency signs or thousands separators (got {got})\n"
    )
    assert not (project / "content" / "purchases").exists()


def test_a_negative_amount_and_an_unknown_customer_are_refused(project: Path) -> None:
    result = run(project, "log", "purchase", "ann", "--amount", "-5", "--item", "Refund", exit_code=2)
    assert "'--amount': must not be negative (got '-5')" in result.stderr
    result = run(project, "log", "purchase", "bobb", "--amount", "5", "--item", "Tie", exit_code=1)
    assert result.stderr == "Error: customer 'bobb' is not in the customer files; did you mean 'bob'?\n"
    assert not (project / "content" / "purchases").exists()


# ---------------------------------------------------------------- the loop on the demo


def plan_tasks(root: Path) -> dict[str, dict[str, object]]:
    result = run(root, "plan", "--format", "json")
    data = json.loads(result.stdout)
    tasks = data if isinstance(data, list) else data["tasks"]
    return {t["id"]: t for t in tasks}


def test_the_next_plan_sees_a_logged_contact(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    before = plan_tasks(root)
    thank_you = next(t for t in before.values() if t["habit"] == "thank_you" and not t["overdue"])
    customer_id = str(thank_you["customer"])
    run(root, "log", customer_id, "--channel", "email", "--outcome", "sent")
    after = plan_tasks(root)
    assert thank_you["id"] not in after


def test_log_with_a_task_removes_exactly_that_task_from_the_next_plan(tmp_path: Path) -> None:
    """Waits on the plan's `done` rules: a contact naming a task completes it, whatever its outcome."""
    root = copy_demo(tmp_path)
    before = plan_tasks(root)
    counts: dict[object, int] = {}
    for task in before.values():
        counts[task["customer"]] = counts.get(task["customer"], 0) + 1
    chosen = next(t for t in before.values() if counts[t["customer"]] >= 2)
    inputs = digests(root)
    run(root, "log", str(chosen["customer"]), "--channel", "phone", "--outcome", "no_answer", "--task", str(chosen["id"]))
    assert {k: v for k, v in digests(root).items() if not k.startswith("content/contacts/")} == inputs
    assert set(plan_tasks(root)) == set(before) - {chosen["id"]}
