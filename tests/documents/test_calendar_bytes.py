"""The calendar file is written by `documents/calendar.py` itself, byte for byte as `icalendar`
writes the same events: checked against the library on the demo, the hostile project, 10,000
generated customers, every fold boundary and arbitrary text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from conftest import bench_module, copy_demo
from hostile import HOSTILE, hostile_contact_customer, hostile_project
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline, Parameters

from generator.core import model
from generator.core.project import Project
from generator.documents import calendar
from generator.documents.calendar import content_line, plan_calendar, text_value
from generator.load.dataset import load_dataset
from generator.plan.schedule import schedule

AS_OF = date(2026, 11, 16)


def library_calendar(dataset: model.Dataset, plan: model.Plan, consultant_id: str) -> bytes:
    """The calendar as `icalendar` writes it: the events `plan_calendar` makes, built and
    serialised by the library (how playbook wrote the file before it wrote it itself)."""
    person = dataset.people[consultant_id]
    ics = icalendar.Calendar()
    ics.add("prodid", calendar.PRODID)
    ics.add("version", "2.0")
    ics.add("calscale", "GREGORIAN")
    ics.add("x-wr-calname", icalendar.vText(calendar._text(f"{person.name}: follow-ups")))
    stamp = datetime.combine(plan.as_of, datetime.min.time(), tzinfo=UTC)
    for day, task in calendar.calendar_tasks(dataset, plan, consultant_id).dated:
        customer = calendar._customer(dataset, task.customer)
        event = icalendar.Event()
        event.add("uid", calendar.task_uid(task))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + calendar.ONE_DAY)
        event.add("summary", calendar._text(calendar.summary(task, customer)))
        event.add("description", calendar._text(calendar.description(task, customer, plan.as_of)))
        event.add("transp", "TRANSPARENT")
        ics.add_component(event)
    data: bytes = ics.to_ical()
    return data


def library_line(name: str, value: str) -> bytes:
    """One TEXT property's content line, escaped and folded by the library."""
    line: bytes = Contentline.from_parts(name, Parameters(), icalendar.vText(value)).to_ical()
    return line


def assert_every_calendar_matches(root: Path, as_of: date = AS_OF) -> int:
    """Compare both writers for everyone in the project; the number of events compared."""
    dataset = load_dataset(Project.at(root)).dataset
    assert dataset is not None
    plan = schedule(dataset, as_of=as_of)
    events = 0
    for person_id in dataset.people:
        ours = plan_calendar(dataset, plan, person_id)
        assert ours == library_calendar(dataset, plan, person_id), person_id
        events += ours.count(b"BEGIN:VEVENT")
    return events


def test_the_demo_calendars_are_the_bytes_icalendar_writes(tmp_path: Path) -> None:
    assert assert_every_calendar_matches(copy_demo(tmp_path)) > 0


def test_the_hostile_calendars_are_the_bytes_icalendar_writes(tmp_path: Path) -> None:
    root = hostile_project(tmp_path)
    hostile_contact_customer(root)
    assert assert_every_calendar_matches(root) > 0
    assert assert_every_calendar_matches(root, date(2026, 12, 1)) > 0  # overdue tasks too


@pytest.mark.slow
def test_ten_thousand_generated_customers_give_the_bytes_icalendar_writes(tmp_path: Path) -> None:
    root = bench_module("generate").generate(tmp_path / "org", customers=10_000, seed=0)
    assert assert_every_calendar_matches(root) > 5_000


TRICKY = ["\\", "^", ",", ";", "\\N", "\r\n", "\r", "\n", "é", "€", "😀", "\\^", "^\\", "x"]


@pytest.mark.parametrize("tail", TRICKY)
@pytest.mark.parametrize("head", ["", "é", "€😀"])
def test_every_fold_boundary_matches_icalendar(head: str, tail: str) -> None:
    """Escapes, carets and characters of two to four octets at each position around the folds
    of the first three lines."""
    for length in range(240):
        for value in (head + "a" * length + tail, head + "a" * length + tail * 3 + "b" * 80):
            assert content_line("DESCRIPTION", text_value(value)).encode() == library_line("DESCRIPTION", value), (length, value)


@settings(max_examples=400, deadline=None, derandomize=True)
@example("\ufeff", "SUMMARY")
@example("\ufeff\ufeffa", "SUMMARY")
@example("a\ufeff", "SUMMARY")
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=400), st.sampled_from(["SUMMARY", "X-WR-CALNAME", "UID"]))
def test_any_text_is_escaped_and_folded_as_icalendar_does(value: str, name: str) -> None:
    assert content_line(name, text_value(value)).encode() == library_line(name, value)


def test_the_hostile_strings_match_one_by_one() -> None:
    for value in HOSTILE:
        assert content_line("SUMMARY", text_value(value)).encode() == library_line("SUMMARY", value)


def test_dates_have_four_digit_years() -> None:
    assert calendar.ical_date(date(987, 3, 4)) == "09870304"
