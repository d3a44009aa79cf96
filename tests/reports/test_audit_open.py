"""The audit as of its day: follow-ups done within their grace after the period ends are on
time, and those whose grace has not run out on the plan date are still open, not missed."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import CHECK_IN_RULES, MINIMAL_TEAM, run_cli, write_tree

from generator.build import render_site
from generator.core import model
from generator.core.project import Project
from generator.reports.audit import Event, judge

CUSTOMERS = """\
customers:
  - id: ann                       # check-in due 2026-10-30, called 2026-11-02: within its grace
    name: Ann Lee
    consultant: dana
    purchases: [{date: 2026-10-20, amount: 100}]
    contacts: [{date: 2026-11-02, channel: phone, by: dana}]
  - id: bob                       # due 2026-10-31, the period's last day; nobody called
    name: Bob Stone
    consultant: dana
    purchases: [{date: 2026-10-21, amount: 100}]
  - id: cem                       # due 2026-10-25, called 2026-11-01: that would only be late
    name: Cem Acar
    consultant: dana
    purchases: [{date: 2026-10-15, amount: 100}]
    contacts: [{date: 2026-11-01, channel: phone, by: dana}]
"""

OCTOBER = ("--from", "2026-10-01", "--to", "2026-10-31")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {"content/team.yaml": MINIMAL_TEAM, "content/customers.yaml": CUSTOMERS, "playbook/rules.yaml": CHECK_IN_RULES},
    )


def audited(project: Path, as_of: str) -> dict[str, object]:
    result = run_cli("-C", str(project), "report", "audit", *OCTOBER, "--as-of", as_of, "--format", "json")
    data: dict[str, object] = json.loads(result.stdout)
    return data


def statuses(data: dict[str, object]) -> list[tuple[str, str, str, str | None]]:
    tasks = data["tasks"]
    assert isinstance(tasks, list)
    return [(t["customer"], t["due"], t["status"], t["done_on"]) for t in tasks]


def test_once_every_grace_has_run_out(project: Path) -> None:
    data = audited(project, "2026-11-16")
    assert data["as_of"] == "2026-11-16"
    assert statuses(data) == [
        ("cem", "2026-10-25", "missed", None),  # the call of 1 November would only make it late
        ("ann", "2026-10-30", "on_time", "2026-11-02"),  # done within its grace after the period
        ("bob", "2026-10-31", "missed", None),  # its grace ran out on 3 November
    ]
    assert data["total"] == {"on_time": 1, "late": 0, "missed": 2, "open": 0, "done": 1, "tasks": 3, "customers_contacted": 0}


def test_on_the_period_s_last_day_its_last_follow_ups_are_still_open(project: Path) -> None:
    result = run_cli("-C", str(project), "report", "audit", *OCTOBER, "--as-of", "2026-10-31", "--format", "json")
    data = json.loads(result.stdout)
    assert statuses(data) == [
        ("cem", "2026-10-25", "missed", None),  # due 25 October: on time up to the 28th
        ("ann", "2026-10-30", "open", None),  # the call of 2 November has not happened yet
        ("bob", "2026-10-31", "open", None),  # due today
    ]
    assert data["total"] == {"on_time": 0, "late": 0, "missed": 1, "open": 2, "done": 0, "tasks": 3, "customers_contacted": 0}
    assert result.stderr.endswith("3 follow-ups from 2026-10-01 to 2026-10-31: 0 on time, 0 late, 1 missed, 2 still open on 2026-10-31\n")


@pytest.mark.parametrize(
    ("as_of", "bob"),
    [
        ("2026-11-01", "open"),
        ("2026-11-03", "open"),  # the last day of its grace: done today, it is on time
        ("2026-11-04", "missed"),
    ],
)
def test_a_follow_up_is_open_until_its_grace_runs_out(project: Path, as_of: str, bob: str) -> None:
    found = {customer: status for customer, _, status, _ in statuses(audited(project, as_of))}
    assert found["bob"] == bob
    # ann's call of 2 November is only known from that day: before, her check-in is open.
    assert found["ann"] == ("open" if as_of < "2026-11-02" else "on_time")


def test_settings_as_of_is_the_day_of_the_audit(project: Path) -> None:
    (project / "playbook" / "rules.yaml").write_text("settings:\n  as_of: 2026-11-02\n" + CHECK_IN_RULES, encoding="utf-8")
    result = run_cli("-C", str(project), "report", "audit", *OCTOBER, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["customer"], r["status"], r["done_on"]) for r in rows] == [
        ("cem", "missed", ""), ("ann", "on_time", "2026-11-02"), ("bob", "open", ""),
    ]  # fmt: skip


def test_the_table_counts_the_open_ones_apart(project: Path) -> None:
    table = run_cli("-C", str(project), "report", "audit", *OCTOBER, "--as-of", "2026-11-01").stdout
    assert table.startswith("Follow-up audit 2026-10-01 to 2026-10-31 as of 2026-11-01:")
    assert "still open" in table.splitlines()[2]
    dana = next(line for line in table.splitlines() if line.startswith("dana"))
    assert dana.split() == ["dana", "0", "0", "1", "2", "0%", "0"]  # done: 0 of the 1 judged
    assert "Still open: not done by 2026-11-01, but still on time" in table
    assert "Missed follow-ups (1)" in table


def test_the_site_s_audit_page_shows_the_open_ones(project: Path) -> None:
    result = render_site(Project.at(project), as_of=date(2026, 11, 1))
    assert result.ok, [str(p) for p in result.problems.sorted()]
    pages = {page.path: page.text for page in result.pages}
    audit = pages["reports/audit.md"]
    assert "| Consultant | On time | Late | Missed | Still open | Done | Customers contacted |" in audit
    assert "| Dana Fox | 0 | 0 | 1 | 2 | 0% | 0 |" in audit
    assert "Still open</text>" in audit  # the chart's legend
    assert "0 of 3 follow-ups done, 1 missed, 2 still open." in pages["reports/index.md"]


# ---------------------------------------------------------------- judge, day by day


def check_in(due: str) -> model.Task:
    return model.Task(
        id=f"check-{due}", due=date.fromisoformat(due), consultant="dana", customer="ann", habit="check_in",
        rule="check", channel="phone", channel_source="fixed", reason="", overdue=False,
    )  # fmt: skip


def call(day: str) -> Event:
    logged = model.Contact(date=date.fromisoformat(day), channel="phone", by="dana", outcome="reached")
    return Event(date=logged.date, kind="contact", contact=logged)


END = date(2026, 10, 31)


@pytest.mark.parametrize(
    ("called", "status"),
    [
        ("2026-11-03", "on_time"),  # due 31 October, 3 days' grace: the last day on time
        ("2026-11-04", "missed"),  # after the period and late: not credited
    ],
)
def test_an_event_after_the_period_counts_only_when_it_makes_the_follow_up_on_time(called: str, status: str) -> None:
    (item,) = judge([check_in("2026-10-31")], [call(called)], {}, "Ann", 3, end=END, judged_on=date(2026, 11, 16))
    assert item.status == status


def test_an_event_after_the_period_goes_to_a_follow_up_it_makes_on_time() -> None:
    # The nearest due (the 31st) is taken already; the call of 2 November would only make the
    # 20th's late, so it stays missed rather than being pulled back into the period.
    events = [call("2026-10-31"), call("2026-11-02")]
    items = judge([check_in("2026-10-20"), check_in("2026-10-31")], events, {}, "Ann", 3, end=END, judged_on=date(2026, 11, 16))
    assert [(i.task.due.isoformat(), i.status, i.done_on) for i in items] == [
        ("2026-10-20", "missed", None),
        ("2026-10-31", "on_time", date(2026, 10, 31)),
    ]
    # Within the period the same call would have made it late, as before.
    items = judge([check_in("2026-10-20"), check_in("2026-10-31")], events, {}, "Ann", 3, end=date(2026, 11, 30))
    assert [i.status for i in items] == ["late", "on_time"]


@pytest.mark.parametrize(
    ("judged_on", "status"),
    [("2026-10-31", "open"), ("2026-11-03", "open"), ("2026-11-04", "missed")],
)
def test_open_lasts_to_the_last_day_on_time(judged_on: str, status: str) -> None:
    (item,) = judge([check_in("2026-10-31")], [], {}, "Ann", 3, end=END, judged_on=date.fromisoformat(judged_on))
    assert item.status == status


def test_the_table_without_open_follow_ups_says_nothing_of_them(project: Path) -> None:
    table = run_cli("-C", str(project), "report", "audit", *OCTOBER, "--as-of", "2026-11-16").stdout
    assert "Still open:" not in table
