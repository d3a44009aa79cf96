"""Task lists reused from earlier plans (`plan.reuse`) give exactly the plan made afresh.

A generated organisation is planned with and without reuse (`PLAYBOOK_NO_INCREMENTAL=1`), the
same day again and the next morning after 0.1% of its customers changed (a contact, a purchase,
a new name, a customer who recommended someone whose record changed), and the plans, the audit's
replay and their JSON are compared value for value and byte for byte. Planning runs in this
process (one core) so that the test can count the customers planned.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import copy_demo, run_cli
from test_bench_generate import bench_generate

from generator.core import model
from generator.core.project import Project
from generator.load.dataset import load_dataset
from generator.plan import schedule as schedule_module
from generator.plan.reuse import CACHE_DIR, NO_INCREMENTAL
from generator.plan.schedule import schedule
from generator.reports.audit import audit_report
from generator.reports.output.audit import audit_json
from generator.reports.output.plan import plan_json

TODAY = date(2026, 11, 16)
MONTH = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The ids of the customers the engine plans, in this process."""
    seen: list[str] = []
    tasks_for = schedule_module._Planner.tasks_for

    def counted(self: schedule_module._Planner, customer: model.Customer) -> tuple[model.Task, ...]:
        seen.append(customer.id)
        return tasks_for(self, customer)

    monkeypatch.setattr(schedule_module._Planner, "tasks_for", counted)
    yield seen


def organisation(root: Path, customers: int, cache: Path) -> model.Dataset:
    bench_generate().generate(root, customers=customers, seed=18)
    dataset = load_dataset(Project.at(root), use_cache=False).dataset
    assert dataset is not None
    customers = list(dataset.customers)  # every 50th recommended by the one before
    for position in range(50, len(customers), 50):
        customers[position] = replace(customers[position], referred_by=customers[position - 1].id)
    return replace(dataset, customers=tuple(customers), extras={**dataset.extras, CACHE_DIR: cache})


def next_morning(dataset: model.Dataset, day: date) -> tuple[model.Dataset, set[str]]:
    """The data a day later, and who changed: 0.1% of the customers (at least four) and one
    customer who was recommended by another."""
    customers = list(dataset.customers)
    count = max(4, len(customers) // 1000)
    step = len(customers) // count
    for number, position in enumerate(range(0, step * count, step)):
        c = customers[position]
        if number % 4 == 0:
            c = replace(c, contacts=(*c.contacts, model.Contact(date=day, channel="phone", outcome="reached")))
        elif number % 4 == 1:
            c = replace(c, purchases=(*c.purchases, model.Purchase(date=day, amount=Decimal("80"), item="Tent")))
        elif number % 4 == 2:
            c = replace(c, name=c.name + " Jr")
        else:
            c = replace(c, customer_since=day - timedelta(days=400), stage="customer")
        customers[position] = c
    position = next(i for i, c in enumerate(customers) if c.referred_by and i % step)
    referred = customers[position]
    customers[position] = replace(referred, purchases=(*referred.purchases, model.Purchase(date=day, amount=Decimal("5"))))
    changed = {c.id for c, before in zip(customers, dataset.customers, strict=True) if c is not before}
    return replace(dataset, customers=tuple(customers)), changed


def replanned(dataset: model.Dataset, changed: set[str]) -> set[str]:
    """Whose tasks must be worked out again: the changed customers and whoever recommended one."""
    referrers = {c.referred_by for c in dataset.customers if c.id in changed}
    return {c.id for c in dataset.customers if c.id in changed | referrers and not c.do_not_contact}


def fresh_plan(dataset: model.Dataset, day: date, monkeypatch: pytest.MonkeyPatch) -> model.Plan:
    with monkeypatch.context() as m:
        m.setenv(NO_INCREMENTAL, "1")
        return schedule(dataset, as_of=day)


def fresh_audit(dataset: model.Dataset, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as m:
        m.setenv(NO_INCREMENTAL, "1")
        return audit_json(audit_report(dataset, start=MONTH[0], end=MONTH[1], judged_on=TODAY))


@pytest.mark.parametrize("size", [400, pytest.param(10_000, marks=pytest.mark.slow)])
def test_reused_plans_equal_fresh_plans_the_same_day_and_the_next_morning(
    tmp_path: Path, size: int, planned: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(NO_INCREMENTAL, raising=False)
    dataset = organisation(tmp_path / "org", size, tmp_path / "cache")
    contactable = sum(1 for c in dataset.customers if not c.do_not_contact)

    first = schedule(dataset, as_of=TODAY)  # the first plan of the day only notes the day
    assert len(planned) == contactable
    assert (tmp_path / "cache" / "plans" / "plan.pickle").is_file()
    planned.clear()
    assert schedule(dataset, as_of=TODAY) == first  # the second plans everyone and keeps them
    assert len(planned) == contactable
    planned.clear()
    again = schedule(dataset, as_of=TODAY)  # the same day, nothing changed: nobody planned
    assert planned == []
    fresh = fresh_plan(dataset, TODAY, monkeypatch)
    assert first == again == fresh
    assert plan_json(list(again.tasks), dataset) == plan_json(list(fresh.tasks), dataset)

    planned.clear()
    audit = audit_json(audit_report(dataset, start=MONTH[0], end=MONTH[1], judged_on=TODAY))
    assert planned, "the first audit replays every customer"
    assert audit == fresh_audit(dataset, monkeypatch)

    tomorrow, changed = next_morning(dataset, TODAY)
    assert len(changed) == max(4, size // 1000) + 1
    planned.clear()
    audit = audit_json(audit_report(tomorrow, start=MONTH[0], end=MONTH[1], judged_on=TODAY))
    referred = {c.id for c in tomorrow.customers if c.referred_by in changed}
    assert replanned(tomorrow, changed) <= set(planned) <= replanned(tomorrow, changed) | referred
    assert audit == fresh_audit(tomorrow, monkeypatch)

    day = TODAY + timedelta(days=1)  # every reason counts days from the plan date: planned afresh
    reused = schedule(tomorrow, as_of=day)
    fresh = fresh_plan(tomorrow, day, monkeypatch)
    assert reused == fresh
    assert plan_json(list(reused.tasks), tomorrow) == plan_json(list(fresh.tasks), tomorrow)
    assert schedule(tomorrow, as_of=day) == reused  # a second build of the day keeps the lists
    planned.clear()
    edited, more = next_morning(tomorrow, day)  # the same day, edited again: only those replan
    again = schedule(edited, as_of=day)
    assert set(planned) == replanned(edited, more)
    assert again == fresh_plan(edited, day, monkeypatch)


def test_the_cli_keeps_task_lists_unless_told_not_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_demo(tmp_path)
    kept = root / ".playbook-cache" / "plans" / "plan.pickle"
    monkeypatch.setenv(NO_INCREMENTAL, "1")
    off = run_cli("-C", str(root), "plan", "--as-of", "2026-11-16", "--format", "json").output
    assert not kept.exists()
    monkeypatch.delenv(NO_INCREMENTAL)
    on = run_cli("-C", str(root), "plan", "--as-of", "2026-11-16", "--format", "json").output
    assert kept.is_file()
    assert run_cli("-C", str(root), "plan", "--as-of", "2026-11-16", "--format", "json").output == on
    assert run_cli("-C", str(root), "plan", "--as-of", "2026-11-16", "--format", "json").output == on == off


def test_planted_task_lists_are_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is sealed with the user's key: task lists another hand wrote there, even in the
    right layout, are planned over."""
    monkeypatch.delenv(NO_INCREMENTAL, raising=False)
    root = copy_demo(tmp_path)
    args = ("-C", str(root), "plan", "--as-of", "2026-11-16", "--format", "json")
    right = run_cli(*args).output
    assert run_cli(*args).output == right  # the second plan of the day keeps the task lists
    kept = root / ".playbook-cache" / "plans" / "plan.pickle"
    data = kept.read_bytes()[32:]  # behind the seal: the context (a SHA-256), then the lists
    context, entries = data[:32], pickle.loads(data[32:])
    planted = {key: tuple(replace(t, reason="planted") for t in tasks) for key, tasks in entries.items()}
    kept.write_bytes(bytes(32) + context + pickle.dumps(planted))
    assert run_cli(*args).output == right
    assert "planted" not in right
