"""The calendar file (`documents/calendar.py`): one all-day event per task, read back by `icalendar`."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from conftest import write_tree

from generator.core import model
from generator.core.project import Project
from generator.documents.calendar import calendar_tasks, plan_calendar
from generator.load.dataset import load_dataset
from generator.plan.done import log_command
from generator.plan.schedule import schedule

AS_OF = date(2026, 11, 16)

TEAM = """\
    organization:
      name: Corner Shop
      signatory: olga
    people:
      - {id: olga, name: Olga Berg, role: owner}
      - {id: dana, name: Dana Fox, role: consultant}
      - {id: kim, name: Kim Ode, role: consultant}
    """

CUSTOMERS = """\
    customers:
      - id: una
        name: Una Park
        consultant: dana
        email: una@example.com
        phone: "555 0101"
        preferred_channel: email
        purchases:
          - {date: 2026-11-12, amount: 45, item: Lantern}
      - id: omar
        name: Omar Diaz
        consultant: dana
        phone: "555 0102"
        preferred_channel: phone
        purchases:
          - {date: 2026-11-05, amount: 250, item: Kayak}
    """

RULES = """\
    settings:
      backlog_after_days: 5
    rules:
      - id: thank-you
        habit: thank_you
        title: Thank them personally for their purchase
        why: A personal thank-you tells them they matter more than the sale.
        anchor: purchase
        offset_days: 2
        expires_days: 14
        priority: 90
        talking_points:
          - Thank {{ first_name }} for choosing the {{ last_purchase_item or "purchase" }}.
      - id: check-in
        habit: check_in
        title: Check the purchase met their expectations
        why: Asking shows we stand behind what we sold.
        anchor: purchase
        offset_days: 21
        expires_days: 30
        priority: 70
    """

HOSTILE_NAME = "Eve\r\nEND:VEVENT\nBEGIN:VALARM;TRIGGER=-PT5M, a\\b <script>alert(1)</script>"
HOSTILE_ITEM = "Lamp\nDESCRIPTION:forged; x, y \\"


def project(root: Path, customers: str = CUSTOMERS) -> model.Dataset:
    write_tree(root, {"content/team.yaml": TEAM, "content/customers.yaml": customers, "playbook/rules.yaml": RULES})
    loaded = load_dataset(Project.at(root))
    assert loaded.dataset is not None, [str(p) for p in loaded.problems.sorted()]
    return loaded.dataset


@pytest.fixture
def dataset(tmp_path: Path) -> model.Dataset:
    return project(tmp_path)


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_each_task_is_an_all_day_event_on_its_day_and_overdue_ones_on_the_plan_date(dataset: model.Dataset) -> None:
    plan = schedule(dataset, as_of=AS_OF)
    read = events(plan_calendar(dataset, plan, "dana"))
    uid = {(t.customer, t.habit): f"{t.id}@playbook" for t in plan.tasks}
    # Omar's thank-you was due on 7 November: more than backlog_after_days (5) ago, so it waits
    # on the plan page; Una's, due on 14 November, is overdue and shown on the plan date.
    assert [(str(e["UID"]), e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in read] == [
        (uid["una", "thank_you"], AS_OF, AS_OF + timedelta(days=1), "Thank them personally for their purchase: Una Park"),
        (uid["omar", "check_in"], date(2026, 11, 26), date(2026, 11, 27), "Check the purchase met their expectations: Omar Diaz"),
        (uid["una", "check_in"], date(2026, 12, 3), date(2026, 12, 4), "Check the purchase met their expectations: Una Park"),
    ]
    for event in read:
        assert event["DTSTART"].params["VALUE"] == "DATE"
        assert type(event.decoded("DTSTART")) is date  # not a datetime: an all-day event
        assert event["DTSTAMP"].to_ical() == b"20261116T000000Z"  # the plan date, not the clock
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert event.subcomponents == []  # no alarms
    split = calendar_tasks(dataset, plan, "dana")
    assert [(t.customer, t.habit) for t in split.backlog] == [("omar", "thank_you")]


def test_the_calendar_names_its_owner_and_program(dataset: model.Dataset) -> None:
    data = plan_calendar(dataset, schedule(dataset, as_of=AS_OF), "dana")
    assert data.startswith(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//playbook//follow-up plan//EN\r\n"
        b"CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Dana Fox: follow-ups\r\nBEGIN:VEVENT\r\n"
    )
    assert data.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert b"METHOD" not in data
    assert b"VALARM" not in data


def test_the_description_says_why_how_to_reach_them_and_how_to_log_it(dataset: model.Dataset) -> None:
    plan = schedule(dataset, as_of=AS_OF)
    task = next(t for t in plan.tasks if (t.customer, t.habit) == ("una", "thank_you"))
    event = next(e for e in events(plan_calendar(dataset, plan, "dana")) if str(e["UID"]) == f"{task.id}@playbook")
    assert str(event["DESCRIPTION"]) == "\n".join(
        [
            "Why now: bought Lantern on 2026-11-12 (4 days ago); no contact since",
            "Overdue: it was due on 14 November 2026.",
            "Channel: Email",
            "Phone: 555 0101",
            "Email: una@example.com",
            "Talk about:",
            "- Thank Una for choosing the Lantern.",
            "Once done, record it (change the outcome if you did not reach them):",
            f"playbook log una --channel email --outcome sent --task {task.id}",
        ]
    )
    assert log_command(task) == f"playbook log una --channel email --outcome sent --task {task.id}"


def test_same_data_and_date_give_the_same_bytes(tmp_path: Path) -> None:
    first = project(tmp_path / "a")
    second = project(tmp_path / "b")
    assert plan_calendar(first, schedule(first, as_of=AS_OF), "dana") == plan_calendar(
        second, schedule(second, as_of=AS_OF), "dana"
    )


def test_uids_stay_the_same_from_one_day_to_the_next(dataset: model.Dataset) -> None:
    today = {str(e["UID"]): e for e in events(plan_calendar(dataset, schedule(dataset, as_of=AS_OF), "dana"))}
    later = AS_OF + timedelta(days=1)
    tomorrow = {str(e["UID"]): e for e in events(plan_calendar(dataset, schedule(dataset, as_of=later), "dana"))}
    assert sorted(today) == sorted(tomorrow)
    overdue = next(uid for uid, e in today.items() if "Una Park" in str(e["SUMMARY"]) and "Thank" in str(e["SUMMARY"]))
    assert tomorrow[overdue].decoded("DTSTART") == later  # still to do: it moves on with the plan


def test_someone_without_tasks_gets_a_valid_empty_calendar(dataset: model.Dataset) -> None:
    data = plan_calendar(dataset, schedule(dataset, as_of=AS_OF), "kim")
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []
    assert data == (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//playbook//follow-up plan//EN\r\n"
        b"CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Kim Ode: follow-ups\r\nEND:VCALENDAR\r\n"
    )


def test_typed_text_stays_text_and_forges_no_property(tmp_path: Path) -> None:
    customers = """\
        customers:
          - id: eve
            name: Eve
            consultant: dana
            email: eve@example.com
            purchases:
              - {date: 2026-11-15, amount: 45, item: Lamp}
        """
    # The loader refuses line breaks in names and items (test_control_characters); the writer
    # must still hold if one ever got through.
    loaded = project(tmp_path, customers)
    eve = dataclasses.replace(loaded.customers[0], name=HOSTILE_NAME, purchases=tuple(
        dataclasses.replace(p, item=HOSTILE_ITEM) for p in loaded.customers[0].purchases))
    dataset = dataclasses.replace(loaded, customers=(eve,), extras={})
    data = plan_calendar(dataset, schedule(dataset, as_of=AS_OF), "dana")
    calendar = icalendar.Calendar.from_ical(data)
    read = calendar.walk("VEVENT")
    assert [c.name for c in calendar.subcomponents] == ["VEVENT", "VEVENT"]
    assert calendar.walk("VALARM") == []
    name = "Eve\nEND:VEVENT\nBEGIN:VALARM;TRIGGER=-PT5M, a\\b <script>alert(1)</script>"
    assert [str(e["SUMMARY"]) for e in read] == [
        f"Thank them personally for their purchase: {name}",
        f"Check the purchase met their expectations: {name}",
    ]
    for event in read:
        assert sorted(event) == ["DESCRIPTION", "DTEND", "DTSTAMP", "DTSTART", "SUMMARY", "TRANSP", "UID"]
        assert str(event["DESCRIPTION"]).startswith(f"Why now: bought {HOSTILE_ITEM} on 2026-11-15")
    # Every line of the file is a property of ours or a folded continuation.
    names = {line.split(b":")[0].split(b";")[0] for line in data.split(b"\r\n") if line and not line.startswith(b" ")}
    assert names == {b"BEGIN", b"END", b"VERSION", b"PRODID", b"CALSCALE", b"X-WR-CALNAME", *[n.encode() for n in sorted(read[0])]}
    assert [line for line in data.split(b"\r\n") if line.startswith((b"BEGIN", b"END"))] == [
        b"BEGIN:VCALENDAR", b"BEGIN:VEVENT", b"END:VEVENT", b"BEGIN:VEVENT", b"END:VEVENT", b"END:VCALENDAR"
    ]


def test_control_characters_become_spaces(tmp_path: Path) -> None:
    """RFC 5545 allows no control characters in text, and some readers end a line at U+2028."""
    dataset = project(tmp_path)
    plan = schedule(dataset, as_of=AS_OF)
    customers = tuple(
        dataclasses.replace(c, name="Una\x0bPark\u2028X\x00") if c.id == "una" else c for c in dataset.customers
    )
    edited = dataclasses.replace(dataset, customers=customers, extras={})
    data = plan_calendar(edited, plan, "dana")
    assert b"SUMMARY:Thank them personally for their purchase: Una Park X \r\n" in data
