"""The follow-up audit: what the plans of a past period asked for, judged against what was done.

`reports.replay` finds the follow-ups. Each event of a customer in the period (a logged contact,
a purchase, a recorded review), in date order, is credited to at most one of their follow-ups:
the one a contact names (`task:`), else the open one it completes under `plan.done` (the events
its rule's `done_when` or habit lists, dated in its window: from the rule's `early_days` before
the due date, never on or before the day the task is timed from), the one due nearest the
event's date first. A follow-up is on time when credited an event at most `audit_on_time_days`
(a setting, default 3) after its due date, late when later, missed when credited none. The plan
drops a task by the same definition, so what the plan called done the audit counts as done.

The audit is made on a day, the plan date (`judged_on`). A follow-up due in the period's last
days may still be done on time after the period ends: the events of the days after `end`, up to
`end` plus `audit_on_time_days` and never after `judged_on`, are credited too, but only to a
follow-up they make on time (so one meant for a later follow-up is not pulled back into the
period for a late one). A follow-up credited nothing whose on-time days have not run out on
`judged_on` (due + `audit_on_time_days` on or after it) is open, not missed: done that day or
later, up to that last day, it would still be on time.

A pure computation over a `Dataset`, shared by the command line, the site and the tests;
`reports.output` turns it into text, CSV and JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from generator.core import model
from generator.core.rule import Rule
from generator.core.vocabulary import AUDIT_STATUSES
from generator.plan.done import FALLBACK_DONE_WHEN, contact_completes, done_events, window_start
from generator.reports.replay import Planner, consultant_on, engine_planner, replay

FALLBACK_EVENTS = frozenset(FALLBACK_DONE_WHEN)
"""For a task whose rule is no longer loaded."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditItem:
    """One task of the replayed plan, judged against the contact log."""

    task: model.Task
    customer_name: str
    status: str
    """on_time, late, missed or open (see `vocabulary.AUDIT_STATUSES`)."""
    done_on: date | None
    done_by: str | None
    carried_over: bool = False
    """Already overdue when the period began."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tally:
    key: str
    name: str
    on_time: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0
    """Not done yet, but still in time to be done on time on the day of the audit."""
    contacted: int = 0
    """Per consultant: how many customers they had a logged contact with in the period."""

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def judged(self) -> int:
        """Done or missed: the follow-ups whose time is up, which the done share is taken of."""
        return self.on_time + self.late + self.missed

    @property
    def total(self) -> int:
        """Every follow-up of the period, the open ones too."""
        return self.judged + self.open


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditReport:
    start: date
    end: date
    judged_on: date
    """The day of the audit (the plan date): what is known up to it, and what is still open."""
    on_time_days: int
    items: tuple[AuditItem, ...]
    """Sorted by due date, consultant, customer."""
    consultants: tuple[Tally, ...]
    habits: tuple[Tally, ...]
    total: Tally

    @property
    def missed(self) -> tuple[AuditItem, ...]:
        return tuple(item for item in self.items if item.status == "missed")


def audit_report(
    dataset: model.Dataset,
    *,
    start: date,
    end: date,
    judged_on: date,
    consultant: str | None = None,
    planner: Planner = engine_planner,
) -> AuditReport:
    """Replay the plan of `start`..`end` and judge each task against the contact log as it
    stands on `judged_on`, the plan date (see the module's documentation)."""
    if end < start:
        msg = f"the period ends ({end}) before it starts ({start})"
        raise ValueError(msg)
    on_time_days = int(dataset.settings.values.get("audit_on_time_days", 3))
    tasks = replay(dataset, start, end, on_time_days, planner)
    if consultant is not None:
        tasks = [t for t in tasks if t.consultant == consultant]
    items = _judged(dataset, tasks, (start, end), judged_on, on_time_days)
    contacted = _contacted(dataset, start, end)
    if consultant is not None:
        contacted = {consultant: contacted.get(consultant, set())}
    names = {pid: p.name for pid, p in dataset.people.items()}
    consultants = _consultant_tallies(items, contacted, names)
    habits = _tallies(items, lambda i: i.task.habit, {})
    total = Tally(
        key="all",
        name="Organisation",
        on_time=sum(t.on_time for t in consultants),
        late=sum(t.late for t in consultants),
        missed=sum(t.missed for t in consultants),
        open=sum(t.open for t in consultants),
        contacted=len(set().union(*contacted.values())),
    )
    return AuditReport(
        start=start,
        end=end,
        judged_on=judged_on,
        on_time_days=on_time_days,
        items=tuple(items),
        consultants=consultants,
        habits=tuple(sorted(habits, key=lambda t: t.key)),
        total=total,
    )


def _judged(
    dataset: model.Dataset,
    tasks: Iterable[model.Task],
    period: tuple[date, date],
    judged_on: date,
    on_time_days: int,
) -> list[AuditItem]:
    """Each customer's tasks judged against their events in the period and in the on-time days
    after it, up to `judged_on` (see `judge`)."""
    start, end = period
    last = max(end, min(end + timedelta(days=on_time_days), judged_on))
    by_customer: dict[str, list[model.Task]] = defaultdict(list)
    for task in tasks:
        by_customer[task.customer].append(task)
    index = {c.id: c for c in dataset.customers}
    rules = {r.id: r for r in dataset.rules}
    items: list[AuditItem] = []
    for customer_id, own in by_customer.items():
        customer = index.get(customer_id)
        events = customer_events(customer, start, last) if customer else []
        name = customer.name if customer else customer_id
        items.extend(
            judge(own, events, rules, name, on_time_days, start=start, end=end, judged_on=judged_on)
        )
    items.sort(key=lambda i: (i.task.due, i.task.consultant, i.task.customer, i.task.rule))
    return items


def _consultant_tallies(
    items: Iterable[AuditItem], contacted: dict[str, set[str]], names: dict[str, str]
) -> tuple[Tally, ...]:
    """A tally for everyone with a task or a logged contact in the period, by name."""
    tallies = {t.key: t for t in _tallies(items, lambda i: i.task.consultant, names)}
    return tuple(
        sorted(
            (
                replace(
                    tallies.get(pid) or Tally(key=pid, name=names.get(pid, pid)),
                    contacted=len(contacted.get(pid, ())),
                )
                for pid in set(tallies) | {pid for pid, seen in contacted.items() if seen}
            ),
            key=lambda t: (t.name.casefold(), t.key),
        )
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something in a customer's history that may complete a task: a logged contact (`contact`
    set), a purchase or a recorded review (`kind`)."""

    date: date
    kind: str
    """contact, purchase or review (the names `done_when` uses for the last two)."""
    contact: model.Contact | None = None
    order: int = 0

    @property
    def by(self) -> str | None:
        return self.contact.by if self.contact else None


def customer_events(
    customer: model.Customer, start: date = date.min, end: date = date.max
) -> list[Event]:
    """The customer's contacts, purchases and reviews from `start` to `end`, in date order
    (contacts by file line)."""
    events = [
        Event(date=c.date, kind="contact", contact=c, order=c.line)
        for c in customer.contacts
        if start <= c.date <= end
    ]
    events += [Event(date=p.date, kind="purchase") for p in customer.purchases if start <= p.date <= end]
    events += [Event(date=r.date, kind="review") for r in customer.reviews if start <= r.date <= end]
    return sorted(events, key=lambda e: (e.date, e.kind != "contact", e.order))


def _completes(event: Event, task: model.Task, rule: Rule | None) -> bool:
    """Whether `event` completes `task` under `plan.done` (the plan's own definition)."""
    if event.contact is not None and event.contact.task is not None:
        return event.contact.task == task.id
    early = rule.early_days if rule else 0
    if event.date < window_start(task.due, task.anchor, early):
        return False
    events = done_events(rule) if rule else FALLBACK_EVENTS
    if event.contact is not None:
        return contact_completes(event.contact, events, task.id)
    return event.kind in events


def judge(
    tasks: Sequence[model.Task],
    events: Sequence[Event],
    rules: Mapping[str, Rule],
    customer_name: str,
    on_time_days: int,
    *,
    start: date | None = None,
    end: date | None = None,
    judged_on: date | None = None,
) -> list[AuditItem]:
    """Classify one customer's tasks: each event, in date order, is credited to the open task
    it completes (the one it names, else the one due nearest its date), at most one task each.

    An event after `end` (the period's last day) is credited only to a task it makes on time.
    A task credited nothing is open while its on-time days last on `judged_on` (due plus
    `on_time_days` on or after it), missed once they have run out; without `judged_on`, missed.
    """
    grace = timedelta(days=on_time_days)
    ordered = sorted(tasks, key=lambda t: (t.due, t.rule, t.id))
    credited = _credited(ordered, events, rules, grace, end)
    out = []
    for task in ordered:
        done = credited.get(task.id)
        out.append(
            AuditItem(
                task=task,
                customer_name=customer_name,
                status=_status(task, done, grace, judged_on),
                done_on=done.date if done else None,
                done_by=done.by if done else None,
                carried_over=start is not None and task.due < start,
            )
        )
    return out


def _credited(
    ordered: Sequence[model.Task],
    events: Sequence[Event],
    rules: Mapping[str, Rule],
    grace: timedelta,
    end: date | None,
) -> dict[str, Event]:
    """Task id -> the event credited to it (see `judge`)."""
    credited: dict[str, Event] = {}
    for event in events:
        after = end is not None and event.date > end
        candidates = [
            t
            for t in ordered
            if t.id not in credited
            and (not after or event.date <= t.due + grace)
            and _completes(event, t, rules.get(t.rule))
        ]
        if candidates:
            nearest = min(candidates, key=lambda t: (abs((t.due - event.date).days), t.due))
            credited[nearest.id] = event
    return credited


def _status(task: model.Task, done: Event | None, grace: timedelta, judged_on: date | None) -> str:
    """on_time or late when done; else open while still in time to be on time, else missed."""
    if done is not None:
        return "on_time" if done.date <= task.due + grace else "late"
    if judged_on is not None and task.due + grace >= judged_on:
        return "open"
    return "missed"


def _contacted(dataset: model.Dataset, start: date, end: date) -> dict[str, set[str]]:
    """Per person, the customers they had a logged contact with (no `by`: their consultant)."""
    out: dict[str, set[str]] = defaultdict(set)
    for customer in dataset.customers:
        for contact in customer.contacts:
            if start <= contact.date <= end:
                out[contact.by or consultant_on(customer, dataset.handovers, contact.date)].add(
                    customer.id
                )
    return out


def _tallies(
    items: Iterable[AuditItem], key: Callable[[AuditItem], str], names: dict[str, str]
) -> tuple[Tally, ...]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(AUDIT_STATUSES, 0))
    for item in items:
        counts[key(item)][item.status] += 1
    return tuple(Tally(key=k, name=names.get(k, k), **v) for k, v in counts.items())
