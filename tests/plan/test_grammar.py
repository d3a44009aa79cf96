"""Words that hold for any data: lists joined with "and", items in the plural, "also" mid-sentence,
counts of quiet customers and prospects, and help texts that are not cut (issue 15)."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal

import pytest
import yaml
from conftest import REPO, run_cli

from generator.core import model
from generator.core.problems import Problems
from generator.core.rule import join_and
from generator.core.vocabulary import DEFAULT_SETTINGS
from generator.load.fields import Context
from generator.load.rules import parse_rules
from generator.plan.reasons import folded_text
from generator.plan.schedule import schedule
from generator.reports.quiet import QuietReport, QuietRow


def point(text: str):  # type: ignore[no-untyped-def]
    source = f"- {{id: r, habit: thank_you, title: T, why: W., anchor: purchase, talking_points: [{text!r}]}}\n"
    problems = Problems()
    (rule,) = parse_rules(yaml.compose(textwrap.dedent(source), Loader=yaml.BaseLoader), Context("r.yaml", problems))
    assert problems.items == []
    (parsed,) = rule.talking_points
    return parsed


@pytest.mark.parametrize(
    ("values", "text"),
    [
        ((), ""),
        (("camping",), "camping"),
        (("camping", "football"), "camping and football"),
        (("camping", "football", "cooking"), "camping, football and cooking"),
    ],
)
def test_join_and_says_a_list_as_people_do(values: tuple[str, ...], text: str) -> None:
    assert join_and(values) == text
    assert join_and(None) == ""
    filled = point("Mention {{ interests | join_and }}.")
    assert filled.fill is not None, "join_and needs no Jinja render per task"
    expected = f"Mention {text}."
    assert filled.render({"interests": list(values)}) == expected
    assert filled.template.render({"interests": list(values)}) == expected, "the plain fill and Jinja agree"
    fallback = point('{{ interests | join_and or "them" }}')
    assert fallback.render({"interests": list(values)}) == (text or "them")


def test_the_shipped_talking_points_read_well_for_plural_items_and_lists() -> None:
    customer = model.Customer(
        id="ann",
        name="Ann Lee",
        consultant="dana",
        interests=("camping", "football", "cooking"),
        purchases=(model.Purchase(date=date(2026, 10, 26), amount=Decimal(30), item="Walking socks (3 pairs)"),),
    )
    root = yaml.compose((REPO / "playbook" / "rules.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    nodes = {key.value: value for key, value in root.value}
    problems = Problems()
    rules = parse_rules(nodes["rules"], Context("rules.yaml", problems))
    assert problems.items == []
    data = model.Dataset(
        organization=model.Organization(name="Shop", signatory="dana"),
        people={"dana": model.Person(id="dana", name="Dana Fox")},
        customers=(customer,),
        settings=model.Settings(values=dict(DEFAULT_SETTINGS)),
        rules=rules,
    )
    check_in = schedule(data, as_of=date(2026, 11, 16)).tasks[0]
    assert check_in.rule == "check-in"
    assert check_in.talking_points[0] == "Ask how Ann is getting on with the Walking socks (3 pairs) so far."
    (seasonal,) = [t for t in schedule(data, as_of=date(2026, 11, 27)).tasks if t.rule == "seasonal-thanks"]
    assert seasonal.talking_points[0] == "Thank Ann for this year and mention camping, football and cooking."


def test_a_folded_task_reads_in_lower_case_after_also() -> None:
    assert folded_text("Send a handwritten birthday card", "turns 40") == "send a handwritten birthday card: turns 40"
    assert folded_text("VIP call", "x") == "VIP call: x", "a word in capitals stays as written"
    assert folded_text("I call them", "x") == "I call them: x"


def row(stage: str) -> QuietRow:
    customer = model.Customer(id=stage, name=stage, consultant="dana", stage=stage)
    return QuietRow(
        customer=customer, consultant="dana", consultant_name="Dana", last_contact=None, last_purchase=None,
        quiet_since=None, days_quiet=None, value_at_risk=Decimal(0), value_basis="none", next_task=None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("stages", "who"),
    [
        (("customer",), "1 customer"),
        (("customer", "customer"), "2 customers"),
        (("prospect",), "1 prospect"),
        (("customer", "prospect", "prospect"), "1 customer and 2 prospects"),
        ((), "no customers"),
    ],
)
def test_quiet_counts_say_customers_and_prospects_apart(stages: tuple[str, ...], who: str) -> None:
    report = QuietReport(
        as_of=date(2026, 11, 16), threshold_days=180, currency="GBP", rows=tuple(row(s) for s in stages), consultants=(), do_not_contact=()
    )
    assert report.who == who


def test_help_lists_each_command_with_its_whole_description() -> None:
    result = run_cli("--help", terminal_width=80)
    text = " ".join(result.output.split())
    assert "..." not in result.output.split("Commands:")[1]
    assert "export Write a handover's packet as a PDF, its letters as e-mail drafts (nothing is sent), or a consultant's plan as a calendar file." in text
    assert "plan List every follow-up task up to the horizon, overdue ones included." in text
    report = " ".join(run_cli("report", "--help", terminal_width=80).output.split())
    assert "quiet Customers and prospects with no contact or purchase for too long, ranked by value at risk." in report


def test_the_demo_rules_use_join_and_for_interests() -> None:
    text = (REPO / "playbook" / "rules.yaml").read_text(encoding="utf-8")
    assert 'join(" and ")' not in text
    assert "has worked out" not in text


def test_the_pages_count_quiet_customers_and_prospects_apart() -> None:
    from generator.build import render_site
    from generator.core.project import Project

    rendered = render_site(Project.at(REPO), as_of=date(2026, 11, 16))
    assert rendered.dataset is not None and rendered.plan is not None
    pages = {p.path: p.text for p in rendered.pages}
    from generator.reports.quiet import quiet_report

    who = quiet_report(rendered.dataset, as_of=date(2026, 11, 16), plan=rendered.plan).who
    assert who == "2 prospects"  # the demo's quiet ones; the pages said "2 customers and prospects"
    assert f"{who} we have not heard from for more than 180 days" in pages["reports/index.md"]
    assert f"{who} we have not heard from for more than 180 days" in pages["index.md"]
    assert f"**{who} quiet, " in pages["reports/quiet.md"]
