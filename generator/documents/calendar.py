"""Stage 4, documents: a consultant's plan as a calendar file (RFC 5545) for their calendar app.

One all-day event per task, because most calendar apps ignore to-dos. An event says what to do
and for whom, why now, how to reach them and the `playbook log` command that records it done.
Its UID is the task's id, the same in every export, so an app that matches events by UID can
tell a task it already holds from a new one.

A task that is overdue is dated on the plan date: an all-day event in the past is out of sight
in a calendar, and the task is still to be done today. Tasks overdue longer than the
`backlog_after_days` setting are left out, as on the printed week: they wait in the Backlog
list of the plan page (and in `playbook plan`), instead of filling every day of the calendar.

The file is written here, byte for byte as the `icalendar` library writes the same calendar
(`tests/documents/test_calendar_bytes.py` compares the two): text has its backslashes, commas,
semicolons and line ends escaped and long lines are folded, so nothing a customer or consultant
typed can become a property of its own. The library took a few seconds for the 20,000 tasks of
10,000 customers, most of it folding lines a character at a time; this takes a tenth of that.
The file carries no alarms and no time of day, and its DTSTAMP is the plan date at midnight UTC,
never the clock: the same data and plan date give the same bytes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from generator.core import model
from generator.core.vocabulary import CHANNEL_LABELS, HABIT_TITLES
from generator.documents.letter_language import long_date
from generator.plan.done import log_command

PRODID = "-//playbook//follow-up plan//EN"
UID_DOMAIN = "playbook"
ONE_DAY = timedelta(days=1)

_BREAKS = re.compile(r"\r\n?")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
"""Characters RFC 5545 allows in no text value (and that some readers take for line ends)."""


class CalendarTasks(NamedTuple):
    """A consultant's tasks as the calendar holds them."""

    dated: list[tuple[date, model.Task]]
    """Each task with the day of its event: its due day, or the plan date when overdue."""
    backlog: list[model.Task]
    """Overdue longer than `backlog_after_days`: left out (the plan page lists them)."""


def calendar_tasks(
    dataset: model.Dataset, plan: model.Plan, consultant_id: str, tasks: list[model.Task] | None = None
) -> CalendarTasks:
    """Split the consultant's tasks (`tasks`, else theirs in `plan`) into events and backlog."""
    mine = tasks if tasks is not None else [t for t in plan.tasks if t.consultant == consultant_id]
    backlog_from = plan.as_of - timedelta(days=int(dataset.settings.backlog_after_days))
    dated = [(max(t.due, plan.as_of), t) for t in mine if t.due >= backlog_from]
    dated.sort(key=lambda pair: (pair[0], -pair[1].priority, pair[1].customer, pair[1].rule, pair[1].id))
    return CalendarTasks(dated, [t for t in mine if t.due < backlog_from])


def plan_calendar(
    dataset: model.Dataset, plan: model.Plan, consultant_id: str, tasks: list[model.Task] | None = None
) -> bytes:
    """The consultant's calendar file: a VCALENDAR with one all-day VEVENT per task.

    `tasks`, when given, are the consultant's tasks of `plan` already picked out (the site has
    them); otherwise they are taken from `plan`.
    """
    person = dataset.people[consultant_id]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        content_line("PRODID", text_value(PRODID)),
        "CALSCALE:GREGORIAN",
        content_line("X-WR-CALNAME", text_value(_text(f"{person.name}: follow-ups"))),
    ]
    stamp = ical_date(plan.as_of) + "T000000Z"  # midnight UTC of the plan date
    for day, task in calendar_tasks(dataset, plan, consultant_id, tasks).dated:
        lines.extend(_event(task, day, _customer(dataset, task.customer), plan.as_of, stamp))
    lines.append("END:VCALENDAR\r\n")
    return "\r\n".join(lines).encode("utf-8")


def _event(task: model.Task, day: date, customer: model.Customer | None, as_of: date, stamp: str) -> list[str]:
    """The content lines of one event, in the order `icalendar` writes a VEVENT's properties."""
    return [
        "BEGIN:VEVENT",
        content_line("SUMMARY", text_value(_text(summary(task, customer)))),
        "DTSTART;VALUE=DATE:" + ical_date(day),
        "DTEND;VALUE=DATE:" + ical_date(day + ONE_DAY),
        f"DTSTAMP:{stamp}",
        content_line("UID", text_value(task_uid(task))),
        content_line("DESCRIPTION", text_value(_text(description(task, customer, as_of)))),
        "TRANSP:TRANSPARENT",  # a to-do for the day, not time taken: leave it free
        "END:VEVENT",
    ]


def _customer(dataset: model.Dataset, customer_id: str) -> model.Customer | None:
    try:
        return dataset.customer(customer_id)
    except KeyError:
        return None


def task_uid(task: model.Task) -> str:
    """The event's UID: the task's id, which stays the same from one day's plan to the next."""
    return f"{task.id}@{UID_DOMAIN}"


def summary(task: model.Task, customer: model.Customer | None) -> str:
    """'<what to do>: <customer name>', as the event's title."""
    what = task.title or HABIT_TITLES.get(task.habit, task.habit.replace("_", " ").capitalize())
    return f"{what}: {customer.name if customer else task.customer}"


def description(task: model.Task, customer: model.Customer | None, as_of: date) -> str:
    """The event's notes: why now, how to reach the customer, what to talk about, how to log it."""
    lines = [f"Why now: {task.reason}" + "".join(f"; also {f}" for f in task.folded)]
    if task.due < as_of:
        lines.append(f"Overdue: it was due on {long_date(task.due)}.")
    if task.orphan:
        lines.append("Their consultant has left and no handover has assigned them yet.")
    lines.append(f"Channel: {CHANNEL_LABELS.get(task.channel, task.channel.replace('_', ' '))}")
    if customer is not None and customer.phone:
        lines.append(f"Phone: {customer.phone}")
    if customer is not None and customer.email:
        lines.append(f"Email: {customer.email}")
    if task.talking_points:
        lines.append("Talk about:")
        lines.extend(f"- {point}" for point in task.talking_points)
    lines.append(
        "Once done, record the review (its rating from 1 to 5):"
        if task.habit == "review"
        else "Once done, record it (change the outcome if you did not reach them):"
    )
    lines.append(log_command(task))
    return "\n".join(lines)


def _text(value: str) -> str:
    """Text as an event holds it: line ends as `\\n` (escaped by `text_value`), and no control
    characters, which RFC 5545 forbids in text and some readers split lines on."""
    return _CONTROLS.sub(" ", _BREAKS.sub("\n", value))


# ---------------------------------------------------------------- RFC 5545 text, as icalendar writes it

FOLD_AT = 75
"""A line is folded before the character that would make it FOLD_AT octets long (icalendar's rule)."""


def ical_date(day: date) -> str:
    """A DATE value: `YYYYMMDD`, the year in four digits whatever it is."""
    return f"{day.year:04}{day.month:02}{day.day:02}"


def text_value(value: str) -> str:
    """A TEXT value escaped as `icalendar.vText` escapes it: `\\N` read as a line end, then
    backslashes, semicolons, commas and every line end (CR LF, LF or CR) written as escapes;
    one byte order mark at the start is dropped (icalendar reads the value back as UTF-8-SIG)."""
    escaped = (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )
    return escaped.removeprefix("\ufeff")


def content_line(name: str, value: str) -> str:
    """`NAME:value`, folded into lines of fewer than FOLD_AT octets joined by CR LF and a space.

    As icalendar folds: between characters, never inside one's octets; a fold never leaves a
    backslash or caret at the end of a line (it moves to the next one); and continuation lines
    count from their first character after the space.
    """
    line = f"{name}:{value}"
    if len(line) < FOLD_AT and line.isascii():
        return line
    data = line.encode("utf-8")
    if len(data) < FOLD_AT:
        return line
    parts = []
    start, end = 0, len(data)
    while end - start >= FOLD_AT:  # what is left does not fit on one line
        cut = start + FOLD_AT - 1
        while data[cut] & 0xC0 == 0x80:  # inside a character: fold before it
            cut -= 1
        if data[cut - 1] in _NO_FOLD_AFTER:
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


_NO_FOLD_AFTER = b"\\^"
"""A backslash (a TEXT escape) or caret (a parameter escape): icalendar never folds after one."""
