"""The follow-up loop as a consultant works it (issue 19, "Done when"): read the plan, do the
task, `playbook log` it, and see the next plan and the audit follow. Every step goes through the
command line on a small project written for the test, so each test is one morning's work."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from conftest import MINIMAL_TEAM, run_cli, write_tree

SETTINGS = """\
settings:
  as_of: 2026-11-16
  max_touches_per_week: 14
"""
"""The morning of 16 November; no folding, so each task stands on the plan by itself."""

THANK_YOU = """\
  - id: thank-you
    habit: thank_you
    title: Thank them for their purchase
    why: A personal thank-you tells them they matter.
    condition: stage == "customer"
    anchor: purchase
    offset_days: 2
    early_days: 1
"""

CHECK_IN = """\
  - id: check-in
    habit: check_in
    title: Check the purchase met their expectations
    why: Asking shows we stand behind what we sold.
    condition: stage == "customer"
    anchor: purchase
    offset_days: 5
"""

REVIEW = """\
  - id: review
    habit: review
    title: Hold the yearly review
    why: Customers who are asked feel heard.
    condition: stage == "customer"
    anchor: review
    every_days: 365
"""


def project(tmp_path: Path, customers: str, *rules: str, settings: str = SETTINGS) -> Path:
    """A one-consultant shop with these customers and rules, as of 16 November 2026."""
    return write_tree(
        tmp_path / "shop",
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": "customers:\n" + customers,
            "playbook/rules.yaml": settings + "rules:\n" + "".join(rules),
        },
    )


def run(root: Path, *args: str, exit_code: int = 0) -> Result:
    return run_cli("-C", str(root), *args, exit_code=exit_code, prog_name="playbook")


def plan(root: Path, *more: str) -> list[dict[str, object]]:
    """The tasks of `playbook plan --format json`, as a consultant's script reads them."""
    tasks: list[dict[str, object]] = json.loads(run(root, "plan", "--format", "json", *more).stdout)
    return tasks


def brief(tasks: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """Each task as (customer, rule, due, reason): what a consultant reads of it."""
    return [(t["customer"], t["rule"], t["due"], t["reason"]) for t in tasks]


def task_of(tasks: list[dict[str, object]], customer: str, rule: str) -> dict[str, object]:
    (found,) = [t for t in tasks if t["customer"] == customer and t["rule"] == rule]
    return found


TOM = """\
  - id: tom
    name: Tom Hale
    consultant: dana
    phone: "07700 900001"
    purchases:
      - {date: 2026-11-01, amount: 120, item: Tent}
"""
"""Bought a tent on 1 November: a thank-you due on the 3rd and a check-in due on the 6th, both
still open on the 16th."""

TOM_BEFORE = [
    ("tom", "thank-you", "2026-11-03", "bought Tent on 2026-11-01 (15 days ago); no contact since"),
    ("tom", "check-in", "2026-11-06", "bought Tent on 2026-11-01 (15 days ago); no contact since"),
]


# ---------------------------------------------------------------- what closes a task (rule 1)


def test_an_email_reply_keeps_the_review_of_a_customer_last_reviewed_18_months_ago(tmp_path: Path) -> None:
    customers = """\
  - id: rita
    name: Rita Moss
    consultant: dana
    customer_since: 2020-01-10
    reviews:
      - {date: 2025-05-10, rating: 4}
    contacts:
      - {date: 2026-10-01, channel: email, outcome: replied}
"""
    root = project(tmp_path, customers, REVIEW)
    expected = [("rita", "review", "2026-05-10", "last review 555 days ago (rated 4/5); no purchases yet")]
    assert brief(plan(root)) == expected
    run(root, "log", "rita", "--channel", "email", "--outcome", "replied")
    run(root, "log", "rita", "--channel", "in_person", "--outcome", "met")
    assert [t[:3] for t in brief(plan(root))] == [e[:3] for e in expected]
    run(root, "review", "record", "rita", "--rating", "5")
    assert plan(root) == []


def test_a_sent_message_is_a_thank_you_but_not_a_check_in(tmp_path: Path) -> None:
    root = project(tmp_path, TOM, THANK_YOU, CHECK_IN)
    assert brief(plan(root)) == TOM_BEFORE
    run(root, "log", "tom", "--channel", "email", "--outcome", "sent")
    assert [t[:3] for t in brief(plan(root))] == [("tom", "check-in", "2026-11-06")]


FIRST_PURCHASE_CHECK_IN = """\
  - id: first-check-in
    habit: check_in
    title: Check the first purchase met their expectations
    why: Asking shows we stand behind what we sold.
    anchor: first_purchase
    offset_days: 21
"""
"""Timed from the first purchase, so a later purchase closes it without moving it."""


def test_a_purchase_completes_a_check_in_and_a_sent_message_does_not(tmp_path: Path) -> None:
    customers = """\
  - id: una
    name: Una Bell
    consultant: dana
    purchases:
      - {date: 2026-10-20, amount: 80, item: Boots}
"""
    root = project(tmp_path, customers, FIRST_PURCHASE_CHECK_IN)
    before = plan(root)
    assert brief(before) == [("una", "first-check-in", "2026-11-10", "first purchase Boots on 2026-10-20 (27 days ago); no contact since")]
    run(root, "log", "una", "--channel", "email", "--outcome", "sent")
    assert [t["id"] for t in plan(root)] == [before[0]["id"]]
    run(root, "log", "purchase", "una", "--amount", "15", "--item", "Laces")
    assert plan(root) == []


def test_every_prospect_attempt_advances_the_sequence_and_reaching_them_ends_it_and_starts_anew(tmp_path: Path) -> None:
    customers = """\
  - id: pia
    name: Pia Lund
    consultant: dana
    stage: prospect
    contacts:
      - {date: 2026-11-10, channel: in_person, outcome: met}
"""
    sequence = """\
  - id: follow-up
    habit: prospect_follow_up
    title: Follow up with the prospect
    why: Most sales need several follow-ups.
    anchor: contact
    attempts: [3, 7, 14]
"""
    root = project(tmp_path, customers, sequence)
    assert [t[:3] for t in brief(plan(root))] == [("pia", "follow-up", "2026-11-13")]
    run(root, "log", "pia", "--channel", "phone", "--outcome", "no_answer")
    (second,) = plan(root)
    assert (second["due"], str(second["reason"]).split(";")[0]) == ("2026-11-23", "attempt 2 of 3")
    run(root, "log", "pia", "--channel", "phone", "--outcome", "left_message", "--on", "2026-11-23")
    (third,) = plan(root, "--as-of", "2026-11-24")
    assert (third["due"], str(third["reason"]).split(";")[0]) == ("2026-12-07", "final attempt (3 of 3)")
    run(root, "log", "pia", "--channel", "phone", "--outcome", "reached", "--on", "2026-11-24")
    (again,) = plan(root, "--as-of", "2026-11-25")  # reached but not bought: a new sequence
    assert again["id"] != third["id"]
    assert (again["due"], str(again["reason"]).split(";")[0]) == ("2026-11-27", "attempt 1 of 3")


def test_done_when_in_a_rule_overrides_its_habit_default(tmp_path: Path) -> None:
    by_mail = CHECK_IN + "    done_when: [sent]\n"
    root = project(tmp_path, TOM, by_mail)
    run(root, "check")
    run(root, "log", "tom", "--channel", "phone", "--outcome", "reached")
    assert [t[:3] for t in brief(plan(root))] == [("tom", "check-in", "2026-11-06")]
    run(root, "log", "tom", "--channel", "email", "--outcome", "sent")
    assert plan(root) == []


# ---------------------------------------------------------------- log --task, and tries


def test_log_with_a_task_removes_exactly_that_task_whatever_else_the_contact_could_complete(tmp_path: Path) -> None:
    root = project(tmp_path, TOM, THANK_YOU, CHECK_IN)
    before = plan(root)
    check_in = task_of(before, "tom", "check-in")
    run(root, "log", "tom", "--channel", "phone", "--outcome", "reached", "--task", str(check_in["id"]))
    after = plan(root)
    assert [t["id"] for t in after] == [task_of(before, "tom", "thank-you")["id"]]
    assert brief(after) == [("tom", "thank-you", "2026-11-03", "bought Tent on 2026-11-01 (15 days ago); last contact 2026-11-16")]


def test_an_unanswered_call_leaves_the_thank_you_and_says_when_it_was_tried(tmp_path: Path) -> None:
    root = project(tmp_path, TOM, THANK_YOU, CHECK_IN)
    run(root, "log", "tom", "--channel", "phone", "--outcome", "no_answer", "--on", "2026-11-15")
    tried = "bought Tent on 2026-11-01 (15 days ago); tried on 2026-11-15 (no answer)"
    assert brief(plan(root)) == [
        ("tom", "thank-you", "2026-11-03", tried),
        ("tom", "check-in", "2026-11-06", tried),
    ]


def test_an_unanswered_call_naming_one_task_removes_that_task_only(tmp_path: Path) -> None:
    root = project(tmp_path, TOM, THANK_YOU, CHECK_IN)
    before = plan(root)
    thank_you = task_of(before, "tom", "thank-you")
    run(root, "log", "tom", "--channel", "phone", "--outcome", "no_answer", "--task", str(thank_you["id"]))
    assert [t["id"] for t in plan(root)] == [task_of(before, "tom", "check-in")["id"]]


def test_an_unanswered_call_logged_for_one_task_is_not_a_try_of_another(tmp_path: Path) -> None:
    """The message left about the thank-you did not try the check-in: its reason says nothing of it."""
    root = project(tmp_path, TOM, THANK_YOU, CHECK_IN)
    check_in = task_of(plan(root), "tom", "check-in")
    run(root, "log", "tom", "--channel", "phone", "--outcome", "left_message", "--on", "2026-11-15", "--task", str(check_in["id"]))
    run(root, "log", "tom", "--channel", "phone", "--outcome", "no_answer", "--on", "2026-11-14")
    assert brief(plan(root)) == [
        ("tom", "thank-you", "2026-11-03", "bought Tent on 2026-11-01 (15 days ago); tried on 2026-11-14 (no answer)"),
    ]


def test_an_unanswered_call_does_not_move_a_task_timed_from_the_last_contact(tmp_path: Path) -> None:
    """An open task of a rule anchored on the last contact (the demo's lost customers) stays,
    tried, after an unanswered call about something else; a message that went out moves it on."""
    customers = """\
  - id: lou
    name: Lou Park
    consultant: dana
    stage: lost
    contacts:
      - {date: 2026-04-01, channel: phone, outcome: reached}
"""
    lost = """\
  - id: win-back-lost
    habit: win_back
    title: Try once more with a lost customer
    why: Circumstances change.
    condition: stage == "lost"
    anchor: contact
    every_days: 180
"""
    root = project(tmp_path, customers, lost)
    (task,) = plan(root)
    assert task["due"] == "2026-09-28"
    run(root, "log", "lou", "--channel", "phone", "--outcome", "no_answer")
    run(root, "log", "lou", "--channel", "phone", "--outcome", "left_message")
    (after,) = plan(root)
    assert (after["id"], after["due"]) == (task["id"], "2026-09-28")
    assert str(after["reason"]).endswith("; tried on 2026-11-16 (left message) and once before")
    run(root, "log", "lou", "--channel", "email", "--outcome", "sent")
    assert plan(root) == []


# ---------------------------------------------------------------- the audit


def audit(root: Path) -> list[tuple[object, ...]]:
    result = run(root, "report", "audit", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json")
    items = json.loads(result.stdout)["tasks"]
    return [(i["rule"], i["due"], i["status"], i["done_on"]) for i in items]


ZOE = """\
  - id: zoe
    name: Zoe Grant
    consultant: dana
    purchases:
      - {date: 2026-10-01, amount: 60, item: Scarf}
"""
"""Bought on 1 October: a thank-you due on the 3rd and a check-in due on the 22nd."""

LATE_CHECK_IN = CHECK_IN.replace("offset_days: 5", "offset_days: 21")


def test_the_audit_credits_a_logged_contact_to_the_task_it_names(tmp_path: Path) -> None:
    root = project(tmp_path, ZOE, THANK_YOU, LATE_CHECK_IN)
    that_day = plan(root, "--as-of", "2026-10-05")
    assert [t[:3] for t in brief(that_day)] == [("zoe", "thank-you", "2026-10-03"), ("zoe", "check-in", "2026-10-22")]
    check_in = task_of(that_day, "zoe", "check-in")
    run(root, "log", "zoe", "--channel", "phone", "--outcome", "reached", "--on", "2026-10-05", "--task", str(check_in["id"]))
    assert audit(root) == [
        ("thank-you", "2026-10-03", "missed", None),
        ("check-in", "2026-10-22", "on_time", "2026-10-05"),
    ]


def test_without_a_task_the_audit_credits_the_task_the_contact_completes(tmp_path: Path) -> None:
    root = project(tmp_path, ZOE, THANK_YOU, LATE_CHECK_IN)
    run(root, "log", "zoe", "--channel", "phone", "--outcome", "reached", "--on", "2026-10-05")
    assert audit(root) == [
        ("thank-you", "2026-10-03", "on_time", "2026-10-05"),
        ("check-in", "2026-10-22", "missed", None),
    ]


# ---------------------------------------------------------------- CSV


HOSTILE = """\
  - id: eve
    name: '=HYPERLINK("http://evil.example","click")'
    consultant: dana
    phone: "+44 7700 900123"
    email: eve@example.org
    purchases:
      - {date: 2026-11-01, amount: 120, item: "@SUM(A1:A9)"}
  - id: mal
    name: "-2+3"
    consultant: dana
    phone: "=1+1"
    purchases:
      - {date: 2026-10-01, amount: 10, item: "+cmd"}
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_no_csv_cell_starts_like_a_formula_and_a_phone_keeps_its_plus(tmp_path: Path) -> None:
    root = project(tmp_path, HOSTILE, THANK_YOU, CHECK_IN, settings=SETTINGS + "  quiet_after_days: 30\n")
    plan_rows = cells(run(root, "plan", "--format", "csv").stdout)
    header, *rows = plan_rows
    assert len(rows) == 4
    eve = dict(zip(header, rows[-1], strict=True))
    assert (eve["customer"], eve["customer_name"], eve["phone"]) == (
        "eve", "'=HYPERLINK(\"http://evil.example\",\"click\")", "'+44 7700 900123",
    )  # fmt: skip
    quiet = cells(run(root, "report", "quiet", "--format", "csv").stdout)
    assert ["mal", "'-2+3"] in [row[:2] for row in quiet]
    audited = cells(run(root, "report", "audit", "--from", "2026-10-01", "--to", "2026-11-15", "--format", "csv").stdout)
    assert {row[2]: row[3] for row in audited[1:]} == {"mal": "'-2+3", "eve": "'=HYPERLINK(\"http://evil.example\",\"click\")"}
    for row in (*plan_rows, *quiet, *audited):
        assert [cell for cell in row if cell.startswith(FORMULA_START)] == []


# ---------------------------------------------------------------- two consultants at once


def test_two_concurrent_log_runs_for_the_same_customer_and_day_both_land(tmp_path: Path) -> None:
    root = project(tmp_path, TOM, THANK_YOU)
    playbook = Path(sys.executable).parent / "playbook"
    if not playbook.exists():
        pytest.fail("the playbook console script is not installed; run `pip install -e .`")
    runs = [
        subprocess.Popen(
            [str(playbook), "-C", str(root), "log", "tom", "--channel", "phone", "--outcome", outcome],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for outcome in ("no_answer", "left_message")
    ]
    finished = [(p.wait(timeout=60), p.communicate()[1]) for p in runs]
    assert [code for code, _ in finished] == [0, 0], finished
    folder = root / "content" / "contacts"
    assert sorted(p.name for p in folder.iterdir()) == ["2026-11-16-tom-2.yaml", "2026-11-16-tom.yaml"]
    outcomes = sorted(
        line.split(": ")[1]
        for path in folder.iterdir()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("  outcome: ")
    )
    assert outcomes == ["left_message", "no_answer"]
    (thank_you,) = plan(root)
    last = "left message" if "left_message" in (folder / "2026-11-16-tom-2.yaml").read_text(encoding="utf-8") else "no answer"
    assert thank_you["reason"] == f"bought Tent on 2026-11-01 (15 days ago); tried on 2026-11-16 ({last}) and once before"
