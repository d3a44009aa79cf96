"""Quiet customers, value at risk and the follow-up audit, pinned on hand-made histories."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CHECK_IN_RULES, MINIMAL_TEAM, run_cli, write_tree

from generator.cli import cli
from generator.core import model
from generator.plan.activity import is_quiet, quiet_since, value_at_risk, yearly_spend
from generator.reports.audit import Event, audit_report, judge
from generator.reports.quiet import quiet_report
from generator.reports.replay import known_on
from generator.site.charts import Series, bar_chart, stacked_bar_chart
from generator.site.manager_pages import last_full_month

AS_OF = date(2026, 11, 16)
SETTINGS = model.Settings(values={"quiet_after_days": 180, "audit_on_time_days": 3})


def customer(cid: str = "ann", **fields: Any) -> model.Customer:
    return model.Customer(id=cid, name=cid.title(), consultant=fields.pop("consultant", "dana"), **fields)


def buy(day: str, amount: str) -> model.Purchase:
    return model.Purchase(date=date.fromisoformat(day), amount=Decimal(amount))


def talk(day: str, outcome: str = "reached", by: str | None = "dana") -> model.Contact:
    return model.Contact(date=date.fromisoformat(day), channel="phone", by=by, outcome=outcome)


def heard(contact: model.Contact) -> Event:
    return Event(date=contact.date, kind="contact", contact=contact)


def dataset(*customers: model.Customer, **settings: Any) -> model.Dataset:
    people = {
        "olga": model.Person(id="olga", name="Olga Berg", role="owner"),
        "dana": model.Person(id="dana", name="Dana Fox"),
        "eli": model.Person(id="eli", name="Eli Park"),
    }
    return model.Dataset(
        organization=model.Organization(name="Shop", signatory="olga", currency="EUR"),
        people=people,
        customers=tuple(sorted(customers, key=lambda c: c.id)),
        settings=model.Settings(values={**SETTINGS.values, **settings}),
    )


# ---------------------------------------------------------------- value at risk


@pytest.mark.parametrize(
    ("purchases", "expected"),
    [
        ([], "0"),
        ([("2026-01-10", "300")], "300.00"),  # one purchase: a year's worth
        ([("2025-01-01", "100"), ("2025-06-01", "200")], "300.00"),  # under a year counts as one
        ([("2024-01-01", "600"), ("2025-12-31", "400")], "500.00"),  # 730 days: two years
        ([("2023-01-01", "100.00"), ("2024-01-01", "100.00"), ("2024-12-31", "100.00")], "150.00"),
        ([("2020-01-01", "1000"), ("2023-01-01", "0")], "333.03"),  # 1096 days -> 1000/(1096/365)
        ([("2024-03-01", "99.99"), ("2025-09-01", "0.02")], "66.49"),  # 549 days: 100.01 * 365 / 549
    ],
)
def test_yearly_spend_is_total_over_years_between_first_and_last_purchase(
    purchases: list[tuple[str, str]], expected: str
) -> None:
    who = customer(purchases=tuple(buy(d, a) for d, a in purchases))
    assert yearly_spend(who, AS_OF) == Decimal(expected)


def test_yearly_spend_arithmetic_is_exact_decimal() -> None:
    who = customer(purchases=(buy("2024-03-01", "99.99"), buy("2025-09-01", "0.02")))
    days = (date(2025, 9, 1) - date(2024, 3, 1)).days
    exact = Decimal("100.01") / (Decimal(days) / Decimal(365))
    assert yearly_spend(who, AS_OF) == exact.quantize(Decimal("0.01"))


def test_purchases_after_the_report_date_do_not_count() -> None:
    who = customer(purchases=(buy("2026-01-10", "300"), buy("2026-12-01", "5000")))
    assert yearly_spend(who, AS_OF) == Decimal("300.00")


def test_value_at_risk_of_prospects_and_customers_without_purchases() -> None:
    assert value_at_risk(customer(stage="prospect", expected_value=Decimal("1500")), AS_OF, SETTINGS) == (
        Decimal("1500"),
        "expected value",
    )
    assert value_at_risk(customer(stage="prospect"), AS_OF, SETTINGS) == (Decimal(0), "none")
    default = model.Settings(values={"prospect_expected_value": Decimal("250")})
    assert value_at_risk(customer(stage="prospect"), AS_OF, default) == (Decimal("250"), "default expected value")
    assert value_at_risk(customer(expected_value=Decimal("80")), AS_OF, SETTINGS) == (Decimal("80"), "expected value")
    assert value_at_risk(customer(), AS_OF, SETTINGS) == (Decimal(0), "none")


# ---------------------------------------------------------------- the quiet threshold


@pytest.mark.parametrize(("days", "quiet"), [(179, False), (180, False), (181, True), (400, True)])
def test_quiet_means_strictly_more_than_the_threshold(days: int, quiet: bool) -> None:
    last = (AS_OF - timedelta(days=days)).isoformat()
    assert is_quiet(customer(contacts=(talk(last),)), AS_OF, 180) is quiet
    assert is_quiet(customer(purchases=(buy(last, "10"),)), AS_OF, 180) is quiet
    assert is_quiet(customer(reviews=(model.Review(date=date.fromisoformat(last), rating=4),)), AS_OF, 180) is quiet


def test_the_threshold_is_a_setting() -> None:
    who = customer(contacts=(talk("2026-10-01"),))  # 46 days
    assert quiet_report(dataset(who, quiet_after_days=45), as_of=AS_OF).rows[0].customer.id == "ann"
    assert quiet_report(dataset(who, quiet_after_days=46), as_of=AS_OF).rows == ()


def test_only_contacts_that_reached_them_end_the_silence() -> None:
    who = customer(contacts=(talk("2026-01-01"), talk("2026-11-01", "no_answer"), talk("2026-11-02", "left_message")))
    assert quiet_since(who, AS_OF) == date(2026, 1, 1)
    assert is_quiet(who, AS_OF, 180)
    for outcome in ("met", "replied", "reached"):
        assert not is_quiet(customer(contacts=(talk("2026-11-01", outcome),)), AS_OF, 180)


def test_never_heard_from_counts_from_customer_since_then_the_first_entry() -> None:
    assert quiet_since(customer(customer_since=date(2026, 9, 1), contacts=(talk("2026-01-01", "no_answer"),)), AS_OF) == date(2026, 9, 1)
    attempts = customer(contacts=(talk("2026-06-01", "no_answer"), talk("2026-02-01", "no_answer")))
    assert quiet_since(attempts, AS_OF) == date(2026, 2, 1)
    noted = customer(notes=(model.Note(date=date(2026, 8, 1), text="x"),))
    assert not is_quiet(noted, AS_OF, 180)
    assert quiet_since(customer(), AS_OF) is None
    assert is_quiet(customer(), AS_OF, 180)


def test_report_ranks_by_value_then_id_and_totals_per_consultant() -> None:
    old = "2025-01-01"
    data = dataset(
        customer("cat", purchases=(buy(old, "200"),)),
        customer("ann", purchases=(buy(old, "200"),)),
        customer("bob", purchases=(buy("2023-01-01", "900"), buy(old, "300")), consultant="eli"),
        customer("dan", stage="prospect", expected_value=Decimal("750"), contacts=(talk(old),)),
        customer("eve", stage="lost", purchases=(buy(old, "5000"),)),
        customer("fay", do_not_contact=True, purchases=(buy(old, "800"),)),
        customer("gus", purchases=(buy("2026-11-01", "999"),)),
    )
    report = quiet_report(data, as_of=AS_OF)
    assert [(r.customer.id, r.value_at_risk) for r in report.rows] == [
        ("dan", Decimal("750")),
        ("bob", Decimal("599.18")),  # 1200 over 731 days: 1200 * 365 / 731
        ("ann", Decimal("200.00")),
        ("cat", Decimal("200.00")),
    ]
    assert [(t.consultant, t.customers, t.value_at_risk) for t in report.consultants] == [
        ("dana", 3, Decimal("1150.00")),
        ("eli", 1, Decimal("599.18")),
    ]
    assert report.total_value == Decimal("1749.18")
    assert [r.customer.id for r in report.do_not_contact] == ["fay"]


def test_next_planned_task_comes_from_the_plan() -> None:
    data = dataset(customer(purchases=(buy("2025-01-01", "10"),)))
    task = model.Task(
        id="x", due=date(2026, 11, 20), consultant="dana", customer="ann", habit="win_back", rule="win-back",
        channel="phone", channel_source="fixed", reason="", overdue=False,
    )  # fmt: skip
    plan = model.Plan(as_of=AS_OF, until=AS_OF + timedelta(days=28), tasks=(task,))
    assert quiet_report(data, as_of=AS_OF, plan=plan).rows[0].next_task == task
    assert quiet_report(data, as_of=AS_OF).rows[0].next_task is None


# ---------------------------------------------------------------- the audit's classification


def task(due: str, customer_id: str = "ann", rule: str = "r", overdue: bool = False) -> model.Task:
    return model.Task(
        id=f"{rule}-{due}", due=date.fromisoformat(due), consultant="dana", customer=customer_id, habit="check_in",
        rule=rule, channel="phone", channel_source="fixed", reason="", overdue=overdue,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("contact", "status"),
    [
        (None, "missed"),
        ("2026-10-07", "missed"),  # before the task's window (its rule's early_days: 0)
        ("2026-10-10", "missed"),  # the day before: the plan still showed it, so does the audit
        ("2026-10-11", "on_time"),  # on the due date
        ("2026-10-14", "on_time"),  # 3 days late: still on time
        ("2026-10-15", "late"),
        ("2026-10-31", "late"),
    ],
)
def test_on_time_late_or_missed(contact: str | None, status: str) -> None:
    contacts = [heard(talk(contact))] if contact else []
    (item,) = judge([task("2026-10-11")], contacts, {}, "Ann", 3)
    assert item.status == status
    assert item.done_on == (date.fromisoformat(contact) if status != "missed" and contact else None)


def test_each_contact_answers_one_task() -> None:
    items = judge([task("2026-10-05", rule="a"), task("2026-10-20", rule="b")], [heard(talk("2026-10-06"))], {}, "Ann", 3)
    assert [(i.task.rule, i.status) for i in items] == [("a", "on_time"), ("b", "missed")]
    items = judge(
        [task("2026-10-05", rule="a"), task("2026-10-20", rule="b")],
        [heard(talk("2026-10-06")), heard(talk("2026-10-25"))],
        {},
        "Ann",
        3,
    )
    assert [(i.task.rule, i.status) for i in items] == [("a", "on_time"), ("b", "late")]


def test_replay_uses_only_what_was_known_on_the_first_day() -> None:
    who = customer(
        purchases=(buy("2026-09-20", "50"), buy("2026-10-10", "70")),
        contacts=(talk("2026-09-25"), talk("2026-10-02")),
        reviews=(model.Review(date=date(2026, 10, 1), rating=5),),
    )
    then = known_on(dataset(who), date(2026, 10, 1)).customer("ann")
    assert [p.date for p in then.purchases] == [date(2026, 9, 20)]
    assert [c.date for c in then.contacts] == [date(2026, 9, 25)]
    assert then.reviews == ()



AUDIT_CUSTOMERS = """\
customers:
  - id: ann                       # check-in due 2026-10-11, called on the day
    name: Ann Lee
    consultant: dana
    purchases: [{date: 2026-10-01, amount: 100}]
    contacts: [{date: 2026-10-11, channel: phone, by: dana}]
  - id: bob                       # due 2026-10-13, called two weeks late
    name: Bob Stone
    consultant: dana
    purchases: [{date: 2026-10-03, amount: 100}]
    contacts: [{date: 2026-10-27, channel: phone, by: olga, outcome: reached}]
  - id: cem                       # due 2026-10-15, nobody called
    name: Cem Acar
    consultant: dana
    purchases: [{date: 2026-10-05, amount: 100}]
  - id: dot                       # bought in the period; its check-in (2026-10-30) was missed
    name: Dot Ray
    consultant: dana
    purchases: [{date: 2026-10-20, amount: 100}]
  - id: eve                       # due 2026-11-02, after the period: not judged
    name: Eve Ng
    consultant: dana
    purchases: [{date: 2026-10-23, amount: 100}]
  - id: fay                       # due 2026-09-28, overdue on the first day, called 2026-10-01
    name: Fay Hu
    consultant: dana
    purchases: [{date: 2026-09-18, amount: 100}]
    contacts: [{date: 2026-10-01, channel: email, by: dana}]
"""


@pytest.fixture
def audit_project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {"content/team.yaml": MINIMAL_TEAM, "content/customers.yaml": AUDIT_CUSTOMERS, "playbook/rules.yaml": CHECK_IN_RULES},
    )


def test_audit_through_the_cli_as_json(audit_project: Path) -> None:
    result = run_cli("-C", str(audit_project), "report", "audit", "--from", "2026-10-01", "--to", "2026-10-31", "--as-of", "2026-11-16", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(t["customer"], t["due"], t["status"], t["done_on"], t["carried_over"]) for t in data["tasks"]] == [
        ("fay", "2026-09-28", "on_time", "2026-10-01", True),
        ("ann", "2026-10-11", "on_time", "2026-10-11", False),
        ("bob", "2026-10-13", "late", "2026-10-27", False),
        ("cem", "2026-10-15", "missed", None, False),
        ("dot", "2026-10-30", "missed", None, False),
    ]
    assert data["total"] == {"on_time": 2, "late": 1, "missed": 2, "open": 0, "done": 3, "tasks": 5, "customers_contacted": 3}
    assert data["consultants"] == [
        {"consultant": "dana", "name": "Dana Fox", "on_time": 2, "late": 1, "missed": 2, "open": 0, "done": 3, "tasks": 5, "customers_contacted": 2},
        {"consultant": "olga", "name": "Olga Berg", "on_time": 0, "late": 0, "missed": 0, "open": 0, "done": 0, "tasks": 0, "customers_contacted": 1},
    ]
    assert data["habits"] == [{"habit": "check_in", "on_time": 2, "late": 1, "missed": 2, "open": 0, "done": 3, "tasks": 5}]
    assert result.stderr.endswith("playbook: 5 follow-ups from 2026-10-01 to 2026-10-31: 2 on time, 1 late, 2 missed\n")


def test_audit_csv_and_table(audit_project: Path) -> None:
    args = ["-C", str(audit_project), "report", "audit", "--from", "2026-10-01", "--to", "2026-10-31", "--as-of", "2026-11-16"]
    rows = list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout)))
    assert [(r["customer"], r["status"], r["carried_over"]) for r in rows] == [
        ("fay", "on_time", "yes"), ("ann", "on_time", "no"), ("bob", "late", "no"), ("cem", "missed", "no"),
        ("dot", "missed", "no"),
    ]  # fmt: skip
    table = run_cli(*args).stdout
    assert "Missed follow-ups (2)" in table
    assert "2026-10-15  dana        cem       check_in  in_person" in table


def test_audit_period_is_checked(audit_project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(audit_project), "report", "audit", "--from", "2026-10-31", "--to", "2026-10-01"])
    assert result.exit_code == 2
    assert "the period ends (2026-10-01) before it starts (2026-10-31)" in result.stderr
    result = CliRunner().invoke(cli, ["-C", str(audit_project), "report", "audit", "--from", "2026-10-01"])
    assert result.exit_code == 2


def test_audit_of_one_consultant(audit_project: Path) -> None:
    result = run_cli(
        "-C", str(audit_project), "report", "audit", "--from", "2026-10-01", "--to", "2026-10-31",
        "--consultant", "olga", "--format", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert data["tasks"] == []
    assert data["total"]["customers_contacted"] == 1
    bad = CliRunner().invoke(cli, ["-C", str(audit_project), "report", "quiet", "--consultant", "dan"])
    assert bad.exit_code == 2
    assert "no person 'dan' in content/team.yaml; did you mean 'dana'?" in bad.stderr


def test_audit_with_a_longer_grace(audit_project: Path) -> None:
    rules = audit_project / "playbook" / "rules.yaml"
    rules.write_text("settings:\n  audit_on_time_days: 14\n" + CHECK_IN_RULES, encoding="utf-8")
    result = run_cli("-C", str(audit_project), "report", "audit", "--from", "2026-10-01", "--to", "2026-10-31", "--as-of", "2026-11-16", "--format", "json")
    assert [t["status"] for t in json.loads(result.stdout)["tasks"]] == ["on_time", "on_time", "on_time", "missed", "missed"]


def test_audit_report_function_refuses_a_reversed_period() -> None:
    with pytest.raises(ValueError, match="ends"):
        audit_report(dataset(), start=date(2026, 10, 2), end=date(2026, 10, 1), judged_on=AS_OF)


# ---------------------------------------------------------------- quiet through the CLI


QUIET_CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    purchases: [{date: 2024-05-01, amount: 400}, {date: 2025-05-01, amount: 330.50}]
    contacts: [{date: 2025-05-10, channel: phone, by: dana}]
  - id: bob
    name: "=HYPERLINK(1)"
    consultant: dana
    stage: prospect
    expected_value: 1200
    customer_since: 2025-01-01
    contacts: [{date: 2025-02-03, channel: phone, by: dana, outcome: no_answer}]
  - id: cem
    name: Cem Acar
    consultant: dana
    purchases: [{date: 2026-10-01, amount: 50}]
"""


@pytest.fixture
def quiet_project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": QUIET_CUSTOMERS,
            "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n",
        },
    )


def test_quiet_json(quiet_project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(quiet_project), "report", "quiet", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_float=Decimal)
    assert data["as_of"] == "2026-11-16"
    assert data["quiet_after_days"] == 180
    assert [(c["customer"], c["value_at_risk"], c["value_basis"], c["days_quiet"]) for c in data["customers"]] == [
        ("bob", 1200, "expected value", 684),
        ("ann", Decimal("730.5"), "yearly spend", 555),
    ]
    assert data["customers"][1]["last_contact"] == "2025-05-10"
    assert data["customers"][1]["last_purchase"] == "2025-05-01"
    assert data["customers"][1]["last_attempt"] == "2025-05-10"
    # an unanswered call is the last attempt, but we have not heard from bob since he arrived
    assert (data["customers"][0]["last_contact"], data["customers"][0]["last_attempt"]) == (None, "2025-02-03")
    assert data["consultants"] == [{"consultant": "dana", "name": "Dana Fox", "customers": 2, "value_at_risk": Decimal("1930.5")}]
    assert data["total"] == {"customers": 2, "value_at_risk": Decimal("1930.5")}
    assert result.stderr == "playbook: 2 quiet customers as of 2026-11-16, $1,930.50 a year at risk\n"


def test_quiet_csv_guards_against_formulas_and_as_of_moves_the_window(quiet_project: Path) -> None:
    result = run_cli("-C", str(quiet_project), "report", "quiet", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["customer", "name", "stage"]
    assert rows[1][:2] == ["bob", "'=HYPERLINK(1)"]
    assert rows[2][8] == "730.50"
    earlier = run_cli("-C", str(quiet_project), "report", "quiet", "--as-of", "2025-11-06", "--format", "csv")
    assert [r[0] for r in csv.reader(io.StringIO(earlier.stdout))][1:] == ["bob"]  # ann: exactly 180 days


def test_quiet_table(quiet_project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(quiet_project), "report", "quiet"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Quiet customers as of 2026-11-16: no contact and no purchase for more than 180 days, ranked by value at risk"
    )
    assert lines[4].split()[:2] == ["bob", "dana"]
    assert lines[5].split() == ["ann", "dana", "customer", "2025-05-10", "(555", "d)", "2025-05-01", "(564", "d)", "$730.50", "0", "none", "planned"]
    assert lines[-1].split() == ["all", "2", "$1,930.50"]


def test_invalid_data_exits_1(quiet_project: Path) -> None:
    (quiet_project / "content" / "customers.yaml").write_text(QUIET_CUSTOMERS.replace("amount: 400", "amount: 4oo"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(quiet_project), "report", "quiet"])
    assert result.exit_code == 1
    assert "'amount' must be an amount" in result.stderr


# ---------------------------------------------------------------- charts and the site's period


def test_charts_escape_labels_and_are_deterministic() -> None:
    svg = bar_chart([("<script>&\"'", Decimal("10")), ("b", Decimal("5"))], title="T <1>", value_text=["10", "5"])
    assert "<script>" not in svg
    assert "&lt;script&gt;&amp;&quot;&#39;" in svg
    assert svg == bar_chart([("<script>&\"'", Decimal("10")), ("b", Decimal("5"))], title="T <1>", value_text=["10", "5"])
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    stacked = stacked_bar_chart(
        [("a", (1, 2, 3))], series=(Series("x", "#000"), Series("y", "#111"), Series("z", "#222")), title="S", value_text=["6"]
    )
    assert stacked.count("<rect") == 6  # three legend keys, three segments
    assert "Nothing to show." in bar_chart([], title="Empty", value_text=[])


@pytest.mark.parametrize(
    ("as_of", "period"),
    [
        (date(2026, 11, 16), (date(2026, 10, 1), date(2026, 10, 31))),
        (date(2026, 3, 1), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2026, 1, 31), (date(2025, 12, 1), date(2025, 12, 31))),
    ],
)
def test_the_site_audits_the_last_full_month(as_of: date, period: tuple[date, date]) -> None:
    assert last_full_month(as_of) == period
