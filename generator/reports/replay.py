"""The plans of a past period, replayed as they would have been made day by day.

A customer's plan only changes when their history does, so it is made as of `--from` and again
on the morning after each of their purchases, contacts, reviews and notes in the period, each
time from the history known that morning (handovers up to that day; people who left later
still on the team), and again on the day of a handover that moves them and on the day their
consultant leaves. A follow-up counts when a plan in force on or after its due date (up to
`--to`) held it, or a contact in the period closed it before it came due: one made within
`audit_on_time_days` of its due date, or one that names it (`task:`), however early; tasks
already overdue on `--from` count too (the audit marks them as carried over). `reports.audit`
judges what the replay returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from generator.core import model
from generator.core.forked import MIN_ITEMS, forked_map
from generator.plan.reuse import TaskStore, customer_keys, reuse_or_plan
from generator.plan.schedule import referrals, schedule

Planner = Callable[[model.Dataset, date, int], model.Plan]
"""Plans a dataset as of a day for so many days. As with the engine's, a customer's tasks may
depend on that customer and what all share (rules, settings, team, handovers), never on the
other customers: the audit plans many customers in one call."""


def engine_planner(dataset: model.Dataset, as_of: date, days: int) -> model.Plan:
    """The engine's own plan, as `playbook plan` makes it."""
    return schedule(dataset, as_of=as_of, days=days)


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


def customer_on(
    customer: model.Customer, handovers: Sequence[model.Handover], day: date
) -> model.Customer:
    """The customer on the morning of `day`: the same object when nothing of theirs is dated
    `day` or later and no handover after `day` moved them, which spares copying every customer
    to cut a recent period's first day (most have nothing dated in it or after). A handover
    dated after `day` has not happened yet: neither their consultant nor `handed_over` shows it."""
    consultant, handed_over = _owner_on(customer, handovers, day)
    entries = (customer.contacts, customer.purchases, customer.reviews, customer.notes)
    if handed_over == customer.handed_over and all(e.date < day for kind in entries for e in kind):
        return customer
    return replace(
        customer,
        contacts=tuple(c for c in customer.contacts if c.date < day),
        purchases=tuple(p for p in customer.purchases if p.date < day),
        reviews=tuple(r for r in customer.reviews if r.date < day),
        notes=tuple(n for n in customer.notes if n.date < day),
        consultant=consultant,
        handed_over=handed_over,
        original_consultant=customer.original_consultant if handed_over else None,
    )


def consultant_on(customer: model.Customer, handovers: Sequence[model.Handover], day: date) -> str:
    """Who had the customer on `day`: the customer file's consultant, moved by earlier handovers."""
    return _owner_on(customer, handovers, day)[0]


def _owner_on(
    customer: model.Customer, handovers: Sequence[model.Handover], day: date
) -> tuple[str, str | None]:
    """The customer's consultant on `day` and the handover that last moved them by then."""
    if customer.handed_over is None:
        return customer.consultant, None
    who, last = customer.original_consultant or customer.consultant, None
    for handover in sorted(handovers, key=lambda h: (h.date, h.id)):
        if handover.date > day:
            break
        for assignment in handover.assignments:
            if assignment.customer == customer.id:
                who, last = assignment.to, handover.id
    return who, last


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
    (and on the day of a handover that concerns them, and on the day their consultant leaves), each time from the history known then.
    A task counts when a plan in force on or after its due date held it (already overdue on
    `start`: carried over), or when a contact made within `on_time_days` of its due date, or one
    that names it, closed it before it came due. A task that left the plan for any other reason
    (the customer bought again, say) was no longer asked for and is not judged.

    With the engine's planner, each customer's tasks are kept (`plan.reuse`) and replayed again
    only when their record, those of the customers they recommended, what all customers share
    or the period changed.
    """
    store = TaskStore.of(dataset, "audit", start, end, on_time_days) if planner is engine_planner else None
    customers = dataset.customers
    referred = referrals(customers) if store is not None else {}

    def keys() -> list[bytes]:
        of = customer_keys(dataset)
        return [of[c.id] for c in customers]

    def replay_missing(missing: Sequence[model.Customer]) -> list[tuple[model.Task, ...]]:
        # The customers they recommended are replayed with them: a plan sees a referral only
        # among the customers it is made for (`_replayed`), which the missing must keep.
        wanted = {c.id for c in missing} | {r.id for c in missing for r in referred.get(c.id, ())}
        cut = dataset if len(wanted) == len(customers) else replace(dataset, customers=tuple(c for c in customers if c.id in wanted))
        found = _replayed(cut, start, end, on_time_days, planner)
        return [tuple(found.get(c.id, ())) for c in missing]

    def replay_halves(missing: Sequence[model.Customer]) -> list[tuple[model.Task, ...]]:
        # Each customer's replay depends on their own record and those they recommended only,
        # so two halves are replayed side by side, one in a forked process (core/forked.py).
        if store is None or len(missing) < MIN_ITEMS:  # (`referred` is only known with the store)
            return replay_missing(missing)
        middle = len(missing) // 2
        halves = forked_map(replay_missing, [missing[:middle], missing[middle:]], min_items=2)
        return [*halves[0], *halves[1]]

    own = reuse_or_plan(store, customers, keys, replay_halves)
    out = [task for tasks in own for task in tasks]
    return sorted(out, key=lambda t: (t.due, t.consultant, t.customer, t.rule))


def _replayed(
    dataset: model.Dataset, start: date, end: date, on_time_days: int, planner: Planner
) -> dict[str, list[model.Task]]:
    """The tasks `replay` counts, by customer. The customers whose plan stays are planned in one
    call as of `start`, the others on their breakpoint days (`_replanned`)."""
    grace = timedelta(days=on_time_days)
    breaks = _breakpoints(dataset, start, end)
    static = tuple(c for c in dataset.customers if len(breaks[c.id]) == 1)
    out: dict[str, list[model.Task]] = defaultdict(list)
    if static:
        base = known_on(replace(dataset, customers=static), start)
        for task in planner(base, start, (end - start).days).tasks:
            if task.due <= end:
                out[task.customer].append(task)
    index = {c.id: c for c in dataset.customers}
    moving = {cid: days for cid, days in sorted(breaks.items()) if len(days) > 1}
    plans = _replanned(dataset, [index[cid] for cid in moving], moving, end, planner)
    for customer_id, days in moving.items():
        logged = [c for c in index[customer_id].contacts if start <= c.date <= end]
        contacts = sorted(c.date for c in logged)
        named = {c.task for c in logged if c.task is not None}
        out[customer_id].extend(_asked_for(days, plans[customer_id], contacts, end, grace, named))
    return out


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
    named: set[str],
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
                and (
                    task.id in named
                    or any(task.due - grace <= c <= last for c in contacts if c >= day)
                )
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
    for person in dataset.people.values():
        if person.left_on is not None and start < person.left_on <= end:
            for customer in dataset.customers:
                if consultant_on(customer, dataset.handovers, person.left_on) == person.id:
                    out[customer.id].add(person.left_on)
    return {cid: sorted(days) for cid, days in out.items()}
