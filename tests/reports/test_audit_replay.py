"""The audit's crediting, and its replay pinned against the plainest way to replay: one plan per customer and day.

The replay plans every customer that breaks on the same day in one call; these tests compare it,
task for task, with a reference written here that plans each customer alone on each of their
breakpoint days, from its own cut of what was known that morning. The data has what could make
customers depend on each other: several customers breaking on the same days, handovers (one
chained onto another, two on one day) and consultants who left during the period (a breakpoint
for their customers: from that day their tasks are orphans).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO
from test_bench_generate import bench_generate

from generator.core import model
from generator.core.project import Project
from generator.core.rule import Rule
from generator.load.dataset import load_dataset
from generator.plan.schedule import schedule
from generator.reports.audit import Event, audit_report, judge
from generator.reports.output.audit import audit_json
from generator.reports.replay import customer_on, engine_planner, known_on, replay

# ---------------------------------------------------------------- the reference


def morning_of(dataset: model.Dataset, day: date) -> model.Dataset:
    """Nothing dated `day` or later; consultants moved by the handovers up to `day`."""
    customers = []
    for customer in dataset.customers:
        who, moved_by = customer.consultant, None
        if customer.handed_over is not None:
            who = customer.original_consultant or customer.consultant
            for handover in sorted(dataset.handovers, key=lambda h: (h.date, h.id)):
                for a in handover.assignments:
                    if handover.date <= day and a.customer == customer.id:
                        who, moved_by = a.to, handover.id
        customers.append(
            replace(
                customer,
                contacts=tuple(c for c in customer.contacts if c.date < day),
                purchases=tuple(p for p in customer.purchases if p.date < day),
                reviews=tuple(r for r in customer.reviews if r.date < day),
                notes=tuple(n for n in customer.notes if n.date < day),
                consultant=who,
                handed_over=moved_by,
                original_consultant=customer.original_consultant if moved_by else None,
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
    for person in dataset.people.values():
        if person.left_on is not None and start < person.left_on <= end:
            on_that_day = morning_of(dataset, person.left_on)
            for customer in on_that_day.customers:
                if customer.consultant == person.id:
                    out[customer.id].add(person.left_on)
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
        named = {c.task for c in customer.contacts if start <= c.date <= end and c.task}
        chosen: dict[str, model.Task] = {}
        for number, (day, tasks) in enumerate(zip(days, plans, strict=True)):
            last = days[number + 1] - timedelta(days=1) if number + 1 < len(days) else end
            following = {t.id for t in plans[number + 1]} if number + 1 < len(days) else set()
            for task in tasks:
                closed_early = (
                    task.due > last
                    and task.id not in following
                    and (task.id in named or any(task.due - grace <= c <= last for c in contacts if c >= day))
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

    report = audit_report(organisation, start=start, end=end, judged_on=end, planner=planner)
    # One call a day; `start` twice: once for the customers whose plan stays, once for the rest.
    assert len(made) == len(set(made)) + 1
    assert audit_json(report) == audit_json(audit_report(organisation, start=start, end=end, judged_on=end))


# ---------------------------------------------------------------- what each event is credited to


def follow_up(rule: str, habit: str, due: str, anchor: str | None = None) -> model.Task:
    return model.Task(
        id=f"{rule}-ann-{due}", due=date.fromisoformat(due), consultant="dana", customer="ann",
        habit=habit, rule=rule, channel="email", channel_source="preferred", reason="",
        overdue=False, anchor=date.fromisoformat(anchor) if anchor else None,
    )  # fmt: skip


def rule_of(rule_id: str, habit: str) -> Rule:
    return Rule(id=rule_id, habit=habit, title=habit, why="", anchor="purchase")


RULES = {r.id: r for r in (rule_of("thanks", "thank_you"), rule_of("check", "check_in"),
                           rule_of("back", "win_back"))}  # fmt: skip


def contact(day: str, outcome: str = "reached", task: str | None = None) -> Event:
    logged = model.Contact(
        date=date.fromisoformat(day), channel="email", by="dana", outcome=outcome, task=task
    )
    return Event(date=logged.date, kind="contact", contact=logged)


def judged(tasks: list[model.Task], events: list[Event]) -> list[tuple[str, str, str | None]]:
    items = judge(tasks, events, RULES, "Ann", 3)
    return [(i.task.rule, i.status, i.done_on and i.done_on.isoformat()) for i in items]


def test_a_contact_that_names_a_task_is_credited_to_it_whatever_its_outcome() -> None:
    thanks = follow_up("thanks", "thank_you", "2026-10-10")
    check = follow_up("check", "check_in", "2026-10-12")
    named = contact("2026-10-11", outcome="no_answer", task=check.id)
    assert judged([thanks, check], [named]) == [
        ("thanks", "missed", None),
        ("check", "on_time", "2026-10-11"),
    ]
    # Named, it goes nowhere else: not even to the open thank-you it would otherwise complete.
    reached = contact("2026-10-11", task="some-other-task")
    assert judged([thanks], [reached]) == [("thanks", "missed", None)]


@pytest.mark.parametrize("outcome", ["sent", "replied"])
def test_an_emailed_thank_you_a_day_late_is_on_time_not_an_old_win_back(outcome: str) -> None:
    win_back = follow_up("back", "win_back", "2026-05-04")
    thanks = follow_up("thanks", "thank_you", "2026-10-10", anchor="2026-10-08")
    assert judged([win_back, thanks], [contact("2026-10-11", outcome)]) == [
        ("back", "missed", None),
        ("thanks", "on_time", "2026-10-11"),
    ]


def test_an_attempt_that_did_not_reach_them_completes_nothing() -> None:
    thanks = follow_up("thanks", "thank_you", "2026-10-10")
    assert judged([thanks], [contact("2026-10-10", "no_answer")]) == [("thanks", "missed", None)]
    assert judged([thanks], [contact("2026-10-10", "left_message")]) == [("thanks", "missed", None)]


def test_the_meeting_on_the_anchor_day_is_not_the_thank_you() -> None:
    thanks = follow_up("thanks", "thank_you", "2026-10-02", anchor="2026-10-01")
    assert judged([thanks], [contact("2026-10-01", "met")]) == [("thanks", "missed", None)]
    assert judged([thanks], [contact("2026-10-01", "met"), contact("2026-10-03")]) == [
        ("thanks", "on_time", "2026-10-03")
    ]


def test_each_event_is_credited_to_one_task_only() -> None:
    thanks = follow_up("thanks", "thank_you", "2026-10-10")
    check = follow_up("check", "check_in", "2026-10-12")
    assert judged([thanks, check], [contact("2026-10-11")]) == [
        ("thanks", "on_time", "2026-10-11"),  # due nearest (a day before; the check-in a day after)
        ("check", "missed", None),
    ]
    assert judged([thanks, check], [contact("2026-10-11"), contact("2026-10-20")]) == [
        ("thanks", "on_time", "2026-10-11"),
        ("check", "late", "2026-10-20"),
    ]


def test_a_purchase_completes_a_check_in_but_not_a_thank_you() -> None:
    thanks = follow_up("thanks", "thank_you", "2026-10-10")
    check = follow_up("check", "check_in", "2026-10-12")
    bought = Event(date=date(2026, 10, 13), kind="purchase")
    assert judged([thanks, check], [bought]) == [
        ("thanks", "missed", None),
        ("check", "on_time", "2026-10-13"),
    ]


# ---------------------------------------------------------------- each past day as it was


def small_team(*customers: model.Customer, left_on: date | None = None) -> model.Dataset:
    dana = model.Person(
        id="dana", name="Dana Fox", status="departed" if left_on else "active", left_on=left_on
    )
    return model.Dataset(
        organization=model.Organization(name="Shop", signatory="olga"),
        people={
            "olga": model.Person(id="olga", name="Olga Berg", role="owner"),
            "dana": dana,
            "eli": model.Person(id="eli", name="Eli Park"),
        },
        customers=customers,
        settings=model.Settings(values={"audit_on_time_days": 3}),
        rules=(replace(rule_of("check", "check_in"), offset_days=10, expires_days=60),),
    )


def bought(cid: str, day: date) -> model.Customer:
    purchase = model.Purchase(date=day, amount=Decimal(100))
    return model.Customer(id=cid, name=cid.title(), consultant="dana", purchases=(purchase,))


def test_a_consultant_counts_as_departed_only_from_their_left_on() -> None:
    data = small_team(bought("ann", date(2026, 9, 30)), left_on=date(2026, 10, 20))
    assert known_on(data, date(2026, 10, 19)).people["dana"].active
    assert not known_on(data, date(2026, 10, 20)).people["dana"].active
    (task,) = replay(data, date(2026, 10, 1), date(2026, 10, 31), 3)
    assert (task.due, task.consultant, task.orphan) == (date(2026, 10, 10), "dana", False)


def test_a_consultant_leaving_is_a_breakpoint_their_later_tasks_are_orphans() -> None:
    # Nothing of Ann's happens in the period: before the fix her plan was made once, on the
    # first day, when Dana was still on the team, so the check-in due after she left was hers.
    data = small_team(bought("ann", date(2026, 10, 5)), left_on=date(2026, 10, 12))
    (task,) = replay(data, date(2026, 10, 1), date(2026, 10, 31), 3)
    assert (task.due, task.consultant, task.orphan) == (date(2026, 10, 15), "olga", True)


def test_a_handover_applies_only_from_its_date() -> None:
    moved = replace(
        bought("ann", date(2026, 9, 1)),
        consultant="eli",
        handed_over="2026-10-20-dana",
        original_consultant="dana",
    )
    handover = model.Handover(
        id="2026-10-20-dana",
        date=date(2026, 10, 20),
        departing="dana",
        assignments=(model.Assignment(customer="ann", to="eli"),),
    )
    before = customer_on(moved, (handover,), date(2026, 10, 19))
    assert (before.consultant, before.handed_over, before.original_consultant) == (
        "dana",
        None,
        None,
    )
    after = customer_on(moved, (handover,), date(2026, 10, 20))
    assert (after.consultant, after.handed_over, after.original_consultant) == (
        "eli",
        "2026-10-20-dana",
        "dana",
    )
