"""The audit's replay, pinned against the plainest way to replay: one plan per customer and day.

The replay plans every customer that breaks on the same day in one call; these tests compare it,
task for task, with a reference written here that plans each customer alone on each of their
breakpoint days, from its own cut of what was known that morning. The data has what could make
customers depend on each other: several customers breaking on the same days, handovers (one
chained onto another, two on one day) and consultants who left during the period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import REPO
from test_bench_generate import bench_generate

from generator.core import model
from generator.core.project import Project
from generator.load.dataset import load_dataset
from generator.plan.schedule import schedule
from generator.reports.audit import audit_report
from generator.reports.output.audit import audit_json
from generator.reports.replay import engine_planner, replay

# ---------------------------------------------------------------- the reference


def morning_of(dataset: model.Dataset, day: date) -> model.Dataset:
    """Nothing dated `day` or later; consultants moved by the handovers up to `day`."""
    customers = []
    for customer in dataset.customers:
        who = customer.consultant
        if customer.handed_over is not None:
            who = customer.original_consultant or customer.consultant
            for handover in sorted(dataset.handovers, key=lambda h: (h.date, h.id)):
                if handover.date <= day:
                    who = next(
                        (a.to for a in handover.assignments if a.customer == customer.id), who
                    )
        customers.append(
            replace(
                customer,
                contacts=tuple(c for c in customer.contacts if c.date < day),
                purchases=tuple(p for p in customer.purchases if p.date < day),
                reviews=tuple(r for r in customer.reviews if r.date < day),
                notes=tuple(n for n in customer.notes if n.date < day),
                consultant=who,
            )
        )
    people = {
        pid: replace(p, status="active", left_on=None)
        if p.left_on is not None and p.left_on > day
        else p
        for pid, p in dataset.people.items()
    }
    return replace(
        dataset,
        customers=tuple(customers),
        people=people,
        handovers=tuple(h for h in dataset.handovers if h.date <= day),
        extras={k: v for k, v in dataset.extras.items() if not k.startswith("_")},
    )


def breakpoints(dataset: model.Dataset, start: date, end: date) -> dict[str, list[date]]:
    """`start`, the morning after each entry in the period and each handover of the customer."""
    out: dict[str, set[date]] = {}
    for customer in dataset.customers:
        entries = (*customer.contacts, *customer.purchases, *customer.reviews, *customer.notes)
        out[customer.id] = {start} | {
            e.date + timedelta(days=1) for e in entries if start <= e.date < end
        }
    for handover in dataset.handovers:
        if start < handover.date <= end:
            for assignment in handover.assignments:
                out[assignment.customer].add(handover.date)
    return {cid: sorted(days) for cid, days in out.items()}


def replay_one_by_one(
    dataset: model.Dataset, start: date, end: date, on_time_days: int
) -> list[model.Task]:
    """The replay with a plan per customer and breakpoint day (see generator/reports/replay.py)."""
    grace = timedelta(days=on_time_days)
    breaks = breakpoints(dataset, start, end)
    base = morning_of(dataset, start)
    static = tuple(c for c in base.customers if len(breaks[c.id]) == 1)
    out = [
        t
        for t in schedule(
            replace(base, customers=static), as_of=start, days=(end - start).days
        ).tasks
        if t.due <= end
    ]
    for customer in dataset.customers:
        days = breaks[customer.id]
        if len(days) == 1:
            continue
        alone = replace(dataset, customers=(customer,), extras={})
        plans = [
            schedule(morning_of(alone, day), as_of=day, days=(end - day).days).tasks for day in days
        ]
        contacts = [c.date for c in customer.contacts if start <= c.date <= end]
        chosen: dict[str, model.Task] = {}
        for number, (day, tasks) in enumerate(zip(days, plans, strict=True)):
            last = days[number + 1] - timedelta(days=1) if number + 1 < len(days) else end
            following = {t.id for t in plans[number + 1]} if number + 1 < len(days) else set()
            for task in tasks:
                closed_early = (
                    task.due > last
                    and task.id not in following
                    and any(task.due - grace <= c <= last for c in contacts if c >= day)
                )
                if (task.due <= last or closed_early) and task.due <= end:
                    chosen.setdefault(task.id, task)
        out.extend(chosen.values())
    return sorted(out, key=lambda t: (t.due, t.consultant, t.customer, t.rule))


# ---------------------------------------------------------------- the data


def load(root: Path) -> model.Dataset:
    result = load_dataset(Project.at(root), use_cache=False)
    assert result.dataset is not None, "\n".join(map(str, result.problems.errors[:5]))
    return result.dataset


@pytest.fixture(scope="module")
def demo() -> model.Dataset:
    """Jonas Berg left on 2026-11-06; his customers were handed over on 2026-11-16."""
    return load(REPO)


def handover_file(day: date, departing: str, moves: list[tuple[str, str]]) -> str:
    lines = [f"handover:\n  date: {day.isoformat()}\n  from: {departing}\n  assignments:\n"]
    lines += [f"    - customer: {customer}\n      to: {to}\n" for customer, to in moves]
    return "".join(lines)


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> model.Dataset:
    """A generated organisation, with handovers written into the period of `ORG_PERIOD`."""
    root = bench_generate().generate(tmp_path_factory.mktemp("org") / "org", customers=160, seed=4)
    dataset = load(root)
    team = [p for p in dataset.people.values() if p.role == "consultant"]
    gone = next(p for p in team if not p.active)
    stay, other = [p.id for p in team if p.active][:2]
    theirs = [c.id for c in dataset.customers if c.consultant == gone.id]
    assert len(theirs) >= 6
    handovers = root / "content" / "handovers"
    handovers.mkdir()
    first, later = date(2026, 10, 5), date(2026, 10, 20)
    files = {
        f"{first}-a.yaml": handover_file(first, gone.id, [(c, stay) for c in theirs[:4]]),
        f"{later}-b.yaml": handover_file(later, stay, [(c, other) for c in theirs[:2]]),  # chained
        f"{later}-c.yaml": handover_file(later, gone.id, [(c, other) for c in theirs[4:6]]),
    }
    for name, text in files.items():
        (handovers / name).write_text(text, encoding="utf-8")
    return load(root)


ORG_PERIOD = (date(2026, 9, 1), date(2026, 11, 30))
DEMO_PERIODS = [(date(2026, 10, 1), date(2026, 12, 31)), (date(2026, 8, 19), date(2026, 11, 16))]


def shared_days(dataset: model.Dataset, start: date, end: date) -> int:
    """How many days two or more replanned customers break on (besides `start`)."""
    breaks = breakpoints(dataset, start, end)
    days = Counter(day for found in breaks.values() if len(found) > 1 for day in found[1:])
    return sum(1 for count in days.values() if count > 1)


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize(("start", "end"), DEMO_PERIODS)
def test_replay_of_the_demo_equals_planning_each_customer_alone(
    demo: model.Dataset, start: date, end: date
) -> None:
    assert shared_days(demo, start, end) > 5
    assert any(start < h.date <= end for h in demo.handovers)
    assert replay(demo, start, end, 3) == replay_one_by_one(demo, start, end, 3)


def test_replay_of_a_generated_organisation_equals_planning_each_customer_alone(
    organisation: model.Dataset,
) -> None:
    start, end = ORG_PERIOD
    assert shared_days(organisation, start, end) > 20
    assert len(organisation.handovers) == 3
    assert any(
        p.left_on is not None and start < p.left_on <= end for p in organisation.people.values()
    )
    expected = replay_one_by_one(organisation, start, end, 3)
    assert any(t.orphan for t in expected), "a departed consultant's customers have orphan tasks"
    assert replay(organisation, start, end, 3) == expected


def test_replay_plans_once_per_day_not_once_per_customer_and_day(
    organisation: model.Dataset,
) -> None:
    start, end = ORG_PERIOD
    made: list[date] = []

    def planner(dataset: model.Dataset, as_of: date, days: int) -> model.Plan:
        made.append(as_of)
        return engine_planner(dataset, as_of, days)

    report = audit_report(organisation, start=start, end=end, planner=planner)
    # One call a day; `start` twice: once for the customers whose plan stays, once for the rest.
    assert len(made) == len(set(made)) + 1
    assert audit_json(report) == audit_json(audit_report(organisation, start=start, end=end))
