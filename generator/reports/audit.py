"""The follow-up audit: what the plans of a past period asked for, judged against the contact log.

`reports.replay` finds the follow-ups. A logged contact with the customer (any outcome, by
anyone) dated from `--from` to `--to` and at most `audit_on_time_days` (a setting, default 3)
before the due date answers one: on time when dated at most `audit_on_time_days` after the due
date, late when later; with none, the follow-up was missed. Each contact answers one follow-up
(a customer's follow-ups take the earliest remaining contact in due order). A task that a
contact within `audit_on_time_days` of its due date closed before it came due counts as on
time; one that left the plan for another reason (the customer bought again, say) is not judged.

A pure computation over a `Dataset`, shared by the command line, the site and the tests;
`reports.output` turns it into text, CSV and JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from generator.core import model
from generator.core.vocabulary import AUDIT_STATUSES
from generator.reports.replay import Planner, consultant_on, engine_planner, replay


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditItem:
    """One task of the replayed plan, judged against the contact log."""

    task: model.Task
    customer_name: str
    status: str
    """on_time, late or missed."""
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
    contacted: int = 0
    """Per consultant: how many customers they had a logged contact with in the period."""

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missed


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditReport:
    start: date
    end: date
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
    consultant: str | None = None,
    planner: Planner = engine_planner,
) -> AuditReport:
    """Replay the plan of `start`..`end` and judge each task against the contact log."""
    if end < start:
        msg = f"the period ends ({end}) before it starts ({start})"
        raise ValueError(msg)
    on_time_days = int(dataset.settings.values.get("audit_on_time_days", 3))
    tasks = replay(dataset, start, end, on_time_days, planner)
    if consultant is not None:
        tasks = [t for t in tasks if t.consultant == consultant]
    items = _judged(dataset, tasks, start, end, on_time_days)
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
        contacted=len(set().union(*contacted.values())),
    )
    return AuditReport(
        start=start,
        end=end,
        on_time_days=on_time_days,
        items=tuple(items),
        consultants=consultants,
        habits=tuple(sorted(habits, key=lambda t: t.key)),
        total=total,
    )


def _judged(
    dataset: model.Dataset,
    tasks: Iterable[model.Task],
    start: date,
    end: date,
    on_time_days: int,
) -> list[AuditItem]:
    """Each customer's tasks judged against their contacts in the period, in due order."""
    by_customer: dict[str, list[model.Task]] = defaultdict(list)
    for task in tasks:
        by_customer[task.customer].append(task)
    index = {c.id: c for c in dataset.customers}
    items: list[AuditItem] = []
    for customer_id, own in by_customer.items():
        customer = index.get(customer_id)
        contacts = sorted(
            (c for c in (customer.contacts if customer else ()) if start <= c.date <= end),
            key=lambda c: (c.date, c.line),
        )
        items.extend(
            judge(
                own, contacts, customer.name if customer else customer_id, on_time_days, start=start
            )
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


def judge(
    tasks: Sequence[model.Task],
    contacts: Sequence[model.Contact],
    customer_name: str,
    on_time_days: int,
    *,
    start: date | None = None,
) -> list[AuditItem]:
    """Classify one customer's tasks; each contact answers at most one task."""
    used: set[int] = set()
    out = []
    grace = timedelta(days=on_time_days)
    for task in sorted(tasks, key=lambda t: (t.due, t.rule, t.id)):
        match = next(
            (i for i, c in enumerate(contacts) if i not in used and c.date >= task.due - grace),
            None,
        )
        if match is None:
            out.append(
                AuditItem(
                    task=task,
                    customer_name=customer_name,
                    status="missed",
                    done_on=None,
                    done_by=None,
                    carried_over=start is not None and task.due < start,
                )
            )
            continue
        used.add(match)
        contact = contacts[match]
        status = "on_time" if contact.date <= task.due + grace else "late"
        out.append(
            AuditItem(
                task=task,
                customer_name=customer_name,
                status=status,
                done_on=contact.date,
                done_by=contact.by,
                carried_over=start is not None and task.due < start,
            )
        )
    return out


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
