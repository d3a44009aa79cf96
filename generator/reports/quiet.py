"""Reports for managers: quiet customers and what their silence costs, and the follow-up audit.

Both are pure computations over a `Dataset` (and a plan), so the command line, the site and the
tests share them; the `*_table`, `*_csv` and `*_json` functions turn them into text.

Quiet customers
    A customer or prospect is quiet on a day when more than `quiet_after_days` (a setting,
    default 180) have passed since we last heard from them: the latest of a contact that reached
    them (outcome reached, met or replied), a purchase and a review. An unanswered call is not
    hearing from them. Never having heard from them, the silence counts from `customer_since`,
    else from the first note or contact attempt in their record; with no date at all they are
    quiet (unless their record only starts after the report's day). Entries dated after the
    report's day are ignored. Lost customers are left out
    (winning them back is its own habit); customers who asked not to be contacted are listed
    apart, outside the ranking and the totals, because nobody may act on them.

Value at risk
    A customer's yearly spend while active: the total of their purchases divided by the years
    from their first to their last purchase, counting at least one year, rounded to cents
    (total / max(1, days / 365)). A prospect's is their `expected_value`, else the setting
    `prospect_expected_value` (default 0). A customer with no purchases counts their
    `expected_value` when written, else 0.

The audit
    Replays the plans of a past period and compares them with the contact log. A customer's
    plan only changes when their history does, so it is made as of `--from` and again on the
    morning after each of their purchases, contacts, reviews and notes in the period, each time
    from the history known that morning (handovers up to that day; people who left later still
    on the team). A follow-up is judged when a plan in force on or after its due date (up to
    `--to`) held it; tasks already overdue on `--from` are judged too, marked as carried over.
    A logged contact with the customer (any outcome, by anyone) dated from `--from` to `--to`
    and at most `audit_on_time_days` (a setting, default 3) before the due date answers it:
    on time when dated at most `audit_on_time_days` after the due date, late when later; with
    none, the follow-up was missed. Each contact answers one follow-up (a customer's follow-ups
    take the earliest remaining contact in due order). A task that a contact within
    `audit_on_time_days` of its due date closed before it came due counts as on time; one that
    left the plan for another reason (the customer bought again, say) is not judged.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.core import model
from generator.plan.activity import (
    CENT,
    heard_from,
    is_quiet,
    quiet_since,
    quiet_threshold,
    value_at_risk,
)

STATUSES = ("on_time", "late", "missed")
STATUS_LABELS = {"on_time": "on time", "late": "late", "missed": "missed"}


# ---------------------------------------------------------------- quiet customers


@dataclass(frozen=True, slots=True, kw_only=True)
class QuietRow:
    """One quiet customer or prospect."""

    customer: model.Customer
    consultant: str
    consultant_name: str
    last_contact: date | None
    """The last contact that reached them."""
    last_purchase: date | None
    last_attempt: date | None = None
    """The last contact in the log whatever its outcome (an unanswered call counts here)."""
    quiet_since: date | None
    """The last time we heard from them (or customer_since); None: never."""
    days_quiet: int | None
    value_at_risk: Decimal
    value_basis: str
    """yearly spend, expected value, default expected value or none."""
    next_task: model.Task | None
    """The first task the plan holds for them, if any."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultantTotal:
    consultant: str
    name: str
    customers: int
    value_at_risk: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class QuietReport:
    as_of: date
    threshold_days: int
    currency: str
    rows: tuple[QuietRow, ...]
    """Ranked by value at risk (highest first), then customer id."""
    consultants: tuple[ConsultantTotal, ...]
    """Highest value at risk first, then consultant id."""
    do_not_contact: tuple[QuietRow, ...]
    """Quiet, but they asked not to be contacted: shown apart, not in the totals."""
    plan_until: date | None = None

    @property
    def total_value(self) -> Decimal:
        return sum((row.value_at_risk for row in self.rows), Decimal(0))


def quiet_report(
    dataset: model.Dataset,
    *,
    as_of: date,
    plan: model.Plan | None = None,
    consultant: str | None = None,
) -> QuietReport:
    """Every quiet customer and prospect, ranked by value at risk, with totals per consultant."""
    threshold = quiet_threshold(dataset.settings)
    first_task = _first_tasks(plan)
    rows: list[QuietRow] = []
    apart: list[QuietRow] = []
    for customer in dataset.customers:
        if customer.stage not in ("customer", "prospect"):
            continue
        if consultant is not None and customer.consultant != consultant:
            continue
        if not is_quiet(customer, as_of, threshold):
            continue
        last_contact, last_purchase, _ = heard_from(customer, as_of)
        since = quiet_since(customer, as_of)
        value, basis = value_at_risk(customer, as_of, dataset.settings)
        person = dataset.people.get(customer.consultant)
        row = QuietRow(
            customer=customer,
            consultant=customer.consultant,
            consultant_name=person.name if person else customer.consultant,
            last_contact=last_contact,
            last_purchase=last_purchase,
            last_attempt=max((c.date for c in customer.contacts if c.date <= as_of), default=None),
            quiet_since=since,
            days_quiet=None if since is None else (as_of - since).days,
            value_at_risk=value,
            value_basis=basis,
            next_task=first_task.get(customer.id),
        )
        (apart if customer.do_not_contact else rows).append(row)
    rank: Callable[[QuietRow], tuple[Any, ...]] = lambda r: (-r.value_at_risk, r.customer.id)  # noqa: E731
    rows.sort(key=rank)
    apart.sort(key=rank)
    return QuietReport(
        as_of=as_of,
        threshold_days=threshold,
        currency=dataset.organization.currency,
        rows=tuple(rows),
        consultants=_consultant_totals(rows),
        do_not_contact=tuple(apart),
        plan_until=plan.until if plan else None,
    )


def _first_tasks(plan: model.Plan | None) -> dict[str, model.Task]:
    out: dict[str, model.Task] = {}
    if plan is None:
        return out
    for task in sorted(plan.tasks, key=lambda t: (t.due, -t.priority, t.rule, t.id)):
        out.setdefault(task.customer, task)
    return out


def _consultant_totals(rows: Iterable[QuietRow]) -> tuple[ConsultantTotal, ...]:
    count: dict[str, int] = defaultdict(int)
    value: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    for row in rows:
        count[row.consultant] += 1
        value[row.consultant] += row.value_at_risk
        names[row.consultant] = row.consultant_name
    totals = [
        ConsultantTotal(consultant=c, name=names[c], customers=count[c], value_at_risk=value[c])
        for c in count
    ]
    return tuple(sorted(totals, key=lambda t: (-t.value_at_risk, t.consultant)))


# ---------------------------------------------------------------- the follow-up audit


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


def known_on(dataset: model.Dataset, day: date) -> model.Dataset:
    """The dataset as it stood on the morning of `day`: nothing dated that day or later."""
    customers = tuple(customer_on(c, dataset.handovers, day) for c in dataset.customers)
    handovers = tuple(h for h in dataset.handovers if getattr(h, "date", day) <= day)
    people = {
        pid: replace(person, status="active", left_on=None)
        if person.left_on is not None and person.left_on > day
        else person
        for pid, person in dataset.people.items()
    }
    return replace(
        dataset,
        customers=customers,
        people=people,
        handovers=handovers,
        extras={k: v for k, v in dataset.extras.items() if not k.startswith("_")},
    )


def customer_on(customer: model.Customer, handovers: Sequence[Any], day: date) -> model.Customer:
    """The customer on the morning of `day`: the same object when nothing of theirs is dated
    `day` or later and no handover after `day` moved them, which spares copying every customer
    to cut a recent period's first day (most have nothing dated in it or after)."""
    consultant = consultant_on(customer, handovers, day)
    entries = (customer.contacts, customer.purchases, customer.reviews, customer.notes)
    if consultant == customer.consultant and all(e.date < day for kind in entries for e in kind):
        return customer
    return replace(
        customer,
        contacts=tuple(c for c in customer.contacts if c.date < day),
        purchases=tuple(p for p in customer.purchases if p.date < day),
        reviews=tuple(r for r in customer.reviews if r.date < day),
        notes=tuple(n for n in customer.notes if n.date < day),
        consultant=consultant,
    )


def consultant_on(customer: model.Customer, handovers: Sequence[Any], day: date) -> str:
    """Who had the customer on `day`: the customer file's consultant, moved by earlier handovers."""
    if customer.handed_over is None:
        return customer.consultant
    who = customer.original_consultant or customer.consultant
    for handover in sorted(handovers, key=lambda h: (h.date, h.id)):
        if handover.date > day:
            break
        for assignment in handover.assignments:
            if assignment.customer == customer.id:
                who = assignment.to
    return who


Planner = Callable[[model.Dataset, date, int], model.Plan]
"""Plans a dataset as of a day for so many days. As with the engine's, a customer's tasks may
depend on that customer and what all share (rules, settings, team, handovers), never on the
other customers: the audit plans many customers in one call."""


def engine_planner(dataset: model.Dataset, as_of: date, days: int) -> model.Plan:
    from generator.plan.schedule import schedule

    return schedule(dataset, as_of=as_of, days=days)


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
    names = {pid: p.name for pid, p in dataset.people.items()}
    contacted = _contacted(dataset, start, end)
    if consultant is not None:
        contacted = {consultant: contacted.get(consultant, set())}
    tallies = {t.key: t for t in _tallies(items, lambda i: i.task.consultant, names)}
    consultants = tuple(
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


def replay(
    dataset: model.Dataset,
    start: date,
    end: date,
    on_time_days: int,
    planner: Planner = engine_planner,
) -> list[model.Task]:
    """The follow-ups the plan asked for during the period, as it would have asked day by day.

    A customer's plan only changes when their history does, so it is made as of `start` and
    again the morning after each of their purchases, contacts, reviews and notes in the period
    (and on the day of a handover that concerns them), each time from the history known then.
    A task counts when a plan in force on or after its due date held it (already overdue on
    `start`: carried over), or when a contact made within `on_time_days` of its due date closed
    it before it came due. A task that left the plan for any other reason (the customer
    bought again, say) was no longer asked for and is not judged.
    """
    grace = timedelta(days=on_time_days)
    breaks = _breakpoints(dataset, start, end)
    static = tuple(c for c in dataset.customers if len(breaks[c.id]) == 1)
    out: list[model.Task] = []
    if static:
        base = known_on(replace(dataset, customers=static), start)
        plan = planner(base, start, (end - start).days)
        out.extend(t for t in plan.tasks if t.due <= end)
    index = {c.id: c for c in dataset.customers}
    moving = {cid: days for cid, days in sorted(breaks.items()) if len(days) > 1}
    plans = _replanned(dataset, [index[cid] for cid in moving], moving, end, planner)
    for customer_id, days in moving.items():
        contacts = sorted(c.date for c in index[customer_id].contacts if start <= c.date <= end)
        out.extend(_asked_for(days, plans[customer_id], contacts, end, grace))
    return sorted(out, key=lambda t: (t.due, t.consultant, t.customer, t.rule))


def _replanned(
    dataset: model.Dataset,
    customers: Sequence[model.Customer],
    breaks: dict[str, list[date]],
    end: date,
    planner: Planner,
) -> dict[str, list[tuple[model.Task, ...]]]:
    """Each customer's plan on each of their breakpoint days, in the order of their days.

    The planner plans each customer on their own (see `Planner`): the rules, settings, team,
    handovers and the day are all that customers share. So the customers that break on the same
    day are planned in one call, from the dataset as known that morning, rather than in one call
    per customer and day. These plans leave the loaded extras out, unlike the first-day plan of
    the customers whose plan stays; nothing the audit shows depends on them.
    """
    by_day: dict[date, list[model.Customer]] = defaultdict(list)
    for customer in customers:
        for day in breaks[customer.id]:
            by_day[day].append(customer)
    plans: dict[str, list[tuple[model.Task, ...]]] = {c.id: [] for c in customers}
    for day in sorted(by_day):
        together = replace(dataset, customers=tuple(by_day[day]), extras={})
        own: dict[str, list[model.Task]] = defaultdict(list)
        for task in planner(known_on(together, day), day, (end - day).days).tasks:
            own[task.customer].append(task)
        for customer in by_day[day]:
            plans[customer.id].append(tuple(own.get(customer.id, ())))
    return plans


def _asked_for(
    days: Sequence[date],
    plans: Sequence[Sequence[model.Task]],
    contacts: Sequence[date],
    end: date,
    grace: timedelta,
) -> list[model.Task]:
    """One customer's tasks that the plans made on `days` asked for (see `replay`)."""
    chosen: dict[str, model.Task] = {}
    for number, (day, tasks) in enumerate(zip(days, plans, strict=True)):
        last = days[number + 1] - timedelta(days=1) if number + 1 < len(days) else end
        following = {t.id for t in plans[number + 1]} if number + 1 < len(days) else set()
        for task in tasks:
            in_force = task.due <= last  # overdue ones too: the event made them
            closed_early = (
                task.due > last
                and task.id not in following
                and any(task.due - grace <= c <= last for c in contacts if c >= day)
            )
            if (in_force or closed_early) and task.due <= end:
                chosen.setdefault(task.id, task)
    return list(chosen.values())


def _breakpoints(dataset: model.Dataset, start: date, end: date) -> dict[str, list[date]]:
    """Per customer, the days whose morning plan may differ from the day before's."""
    out: dict[str, set[date]] = {c.id: {start} for c in dataset.customers}
    for customer in dataset.customers:
        days = out[customer.id]
        for entries in (customer.contacts, customer.purchases, customer.reviews, customer.notes):
            for entry in entries:
                if start <= entry.date < end:
                    days.add(entry.date + timedelta(days=1))
    for handover in dataset.handovers:
        if start < handover.date <= end:
            for assignment in handover.assignments:
                if assignment.customer in out:
                    out[assignment.customer].add(handover.date)
    return {cid: sorted(days) for cid, days in out.items()}


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
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for item in items:
        counts[key(item)][item.status] += 1
    return tuple(Tally(key=k, name=names.get(k, k), **v) for k, v in counts.items())


# ---------------------------------------------------------------- output formats


def money_text(amount: Decimal) -> str:
    """Plain decimal with two places, for CSV: no currency sign, no thousands separator."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _json_number(amount: Decimal) -> float:
    """JSON numbers are decimal text; a cent-rounded amount prints back exactly ('1234.5')."""
    return float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _task_json(task: model.Task | None) -> dict[str, Any] | None:
    if task is None:
        return None
    return {
        "due": task.due.isoformat(),
        "habit": task.habit,
        "rule": task.rule,
        "channel": task.channel,
        "consultant": task.consultant,
    }


def quiet_json(report: QuietReport) -> str:
    def row(r: QuietRow) -> dict[str, Any]:
        return {
            "customer": r.customer.id,
            "name": r.customer.name,
            "stage": r.customer.stage,
            "consultant": r.consultant,
            "consultant_name": r.consultant_name,
            "last_contact": _iso(r.last_contact),
            "last_purchase": _iso(r.last_purchase),
            "last_attempt": _iso(r.last_attempt),
            "quiet_since": _iso(r.quiet_since),
            "days_quiet": r.days_quiet,
            "value_at_risk": _json_number(r.value_at_risk),
            "value_basis": r.value_basis,
            "next_task": _task_json(r.next_task),
        }

    data = {
        "report": "quiet",
        "as_of": report.as_of.isoformat(),
        "quiet_after_days": report.threshold_days,
        "currency": report.currency,
        "customers": [row(r) for r in report.rows],
        "consultants": [
            {
                "consultant": t.consultant,
                "name": t.name,
                "customers": t.customers,
                "value_at_risk": _json_number(t.value_at_risk),
            }
            for t in report.consultants
        ],
        "total": {"customers": len(report.rows), "value_at_risk": _json_number(report.total_value)},
        "do_not_contact": [row(r) for r in report.do_not_contact],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


QUIET_COLUMNS = (
    "customer", "name", "stage", "consultant", "last_contact", "last_purchase", "quiet_since",
    "days_quiet", "value_at_risk", "value_basis", "next_task_due", "next_task_habit", "next_task_channel",
    "last_attempt",
)  # fmt: skip


def quiet_csv(report: QuietReport) -> str:
    """One row per quiet customer (the do-not-contact ones are not in it), ranked as in the report."""
    rows = []
    for r in report.rows:
        task = r.next_task
        rows.append(
            [
                r.customer.id, r.customer.name, r.customer.stage, r.consultant, _iso(r.last_contact),
                _iso(r.last_purchase), _iso(r.quiet_since), r.days_quiet, money_text(r.value_at_risk),
                r.value_basis, _iso(task.due) if task else None, task.habit if task else None,
                task.channel if task else None, _iso(r.last_attempt),
            ]
        )  # fmt: skip
    return _csv(QUIET_COLUMNS, rows)


AUDIT_COLUMNS = (
    "due",
    "consultant",
    "customer",
    "name",
    "habit",
    "rule",
    "channel",
    "carried_over",
    "status",
    "done_on",
    "done_by",
)


def audit_csv(report: AuditReport) -> str:
    """One row per judged task."""
    rows = [
        [
            i.task.due.isoformat(), i.task.consultant, i.task.customer, i.customer_name, i.task.habit,
            i.task.rule, i.task.channel, "yes" if i.carried_over else "no", i.status,
            _iso(i.done_on), i.done_by,
        ]
        for i in report.items
    ]  # fmt: skip
    return _csv(AUDIT_COLUMNS, rows)


def audit_json(report: AuditReport) -> str:
    def tally(t: Tally, *, with_contacts: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "on_time": t.on_time,
            "late": t.late,
            "missed": t.missed,
            "done": t.done,
            "tasks": t.total,
        }
        if with_contacts:
            out["customers_contacted"] = t.contacted
        return out

    data = {
        "report": "audit",
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "audit_on_time_days": report.on_time_days,
        "total": tally(report.total, with_contacts=True),
        "consultants": [
            {"consultant": t.key, "name": t.name, **tally(t, with_contacts=True)}
            for t in report.consultants
        ],
        "habits": [{"habit": t.key, **tally(t, with_contacts=False)} for t in report.habits],
        "tasks": [
            {
                "due": i.task.due.isoformat(),
                "consultant": i.task.consultant,
                "customer": i.task.customer,
                "name": i.customer_name,
                "habit": i.task.habit,
                "rule": i.task.rule,
                "channel": i.task.channel,
                "carried_over": i.carried_over,
                "status": i.status,
                "done_on": _iso(i.done_on),
                "done_by": i.done_by,
            }
            for i in report.items
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with a header; text cells that a spreadsheet would run as a formula get a leading '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Iterable[int] = ()
) -> str:
    """Aligned plain-text columns for the terminal."""
    right = set(right)
    widths = (
        [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
        if rows
        else [len(h) for h in header]
    )

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return (
        "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]) + "\n"
    )


def quiet_table(report: QuietReport, money: Callable[[Decimal], str]) -> str:
    head = (
        f"Quiet customers as of {report.as_of}: no contact and no purchase for more than "
        f"{report.threshold_days} days, ranked by value at risk\n\n"
    )
    if not report.rows:
        body = "None: everyone has heard from us recently.\n"
    else:
        rows = [
            [
                r.customer.id,
                r.consultant,
                r.customer.stage,
                _ago(r.last_contact, report.as_of),
                _ago(r.last_purchase, report.as_of),
                money(r.value_at_risk),
                (
                    f"{r.next_task.due} {r.next_task.habit}"
                    + (" (overdue)" if r.next_task.overdue else "")
                    if r.next_task
                    else "none planned"
                ),
            ]
            for r in report.rows
        ]
        body = table(
            (
                "customer",
                "consultant",
                "stage",
                "last contact",
                "last purchase",
                "value at risk",
                "next task",
            ),
            rows,
            right=(5,),
        )
        totals = [
            [t.consultant, str(t.customers), money(t.value_at_risk)] for t in report.consultants
        ]
        totals.append(["all", str(len(report.rows)), money(report.total_value)])
        body += "\nValue at risk per consultant\n\n" + table(
            ("consultant", "quiet", "value at risk"), totals, right=(1, 2)
        )
    if report.do_not_contact:
        ids = ", ".join(r.customer.id for r in report.do_not_contact)
        body += f"\nAlso quiet but not to be contacted (not in the totals): {ids}\n"
    return head + body


def _ago(day: date | None, as_of: date) -> str:
    if day is None:
        return "never"
    return f"{day} ({(as_of - day).days} d)"


def audit_table(report: AuditReport) -> str:
    head = (
        f"Follow-up audit {report.start} to {report.end}: the plan replayed day by day, "
        f"on time within {report.on_time_days} days of the due date\n\n"
    )

    def counts(t: Tally) -> list[str]:
        return [str(t.on_time), str(t.late), str(t.missed), _percent(t.done, t.total)]

    rows = [[t.key, *counts(t), str(t.contacted)] for t in report.consultants]
    rows.append(["all", *counts(report.total), str(report.total.contacted)])
    body = table(
        ("consultant", "on time", "late", "missed", "done", "customers contacted"),
        rows,
        right=(1, 2, 3, 4, 5),
    )
    habits = [[t.key, *counts(t)] for t in report.habits]
    body += "\nPer habit\n\n" + table(
        ("habit", "on time", "late", "missed", "done"), habits, right=(1, 2, 3, 4)
    )
    missed = report.missed
    if missed:
        lines = [
            [
                str(i.task.due) + (" *" if i.carried_over else ""),
                i.task.consultant,
                i.task.customer,
                i.task.habit,
                i.task.channel,
            ]
            for i in missed
        ]
        body += f"\nMissed follow-ups ({len(missed)})\n\n" + table(
            ("due", "consultant", "customer", "habit", "channel"), lines
        )
        if any(i.carried_over for i in missed):
            body += "* already overdue when the period began\n"
    else:
        body += "\nNo missed follow-ups.\n"
    return head + body


def _percent(part: int, whole: int) -> str:
    return "-" if whole == 0 else f"{round(100 * part / whole)}%"
