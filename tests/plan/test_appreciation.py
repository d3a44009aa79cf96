"""Appreciation: a gift idea from the customer's interests, a budget by value tier, a way to deliver."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_TEAM, write_tree

from generator.cli import cli
from generator.core import model
from generator.load.gift_ideas import DEFAULT_TEXT, default_gift_ideas
from generator.plan.appreciation import appreciation_suggestion

REPO = Path(__file__).resolve().parents[2]

IDEAS = """\
budgets: [10, 25, 60]
delivery:
  in_person: Bring it round.
  post: Post it.
default: [A card]
interests:
  Sailing: [A logbook, A tide table]
  golf: [Golf balls]
"""


def dataset(*customers: model.Customer) -> model.Dataset:
    import yaml

    from generator.core.problems import Problems
    from generator.load.gift_ideas import parse_gift_ideas
    from generator.load.yamlio import _Loader

    ideas = parse_gift_ideas(yaml.compose(IDEAS, Loader=_Loader), "gift_ideas.yaml", Problems(), None)
    return model.Dataset(
        organization=model.Organization(name="Shop", signatory="olga"),
        people={
            "olga": model.Person(id="olga", name="Olga", role="owner", region="south"),
            "dana": model.Person(id="dana", name="Dana", region="North "),
        },
        customers=customers,
        settings=model.Settings(values={"value_tiers": (Decimal(500), Decimal(2000))}),
        extras={"gift_ideas": ideas},
    )


def customer(**fields: object) -> model.Customer:
    return model.Customer(id=str(fields.pop("id", "ann")), name="Ann", consultant="dana", **fields)  # type: ignore[arg-type]


def spent(amount: str) -> tuple[model.Purchase, ...]:
    return (model.Purchase(date=date(2026, 1, 1), amount=Decimal(amount)),)


def test_the_idea_comes_from_their_interests_ignoring_case() -> None:
    who = customer(interests=("reading", "sailing"))
    suggestion = appreciation_suggestion(who, "dana", dataset(who))
    assert suggestion.interest == "sailing"
    assert suggestion.idea in ("A logbook", "A tide table")
    assert appreciation_suggestion(who, "dana", dataset(who)) == suggestion  # stable


def test_the_pick_spreads_over_customers_and_all_matching_interests() -> None:
    picks = {
        appreciation_suggestion(customer(id=f"c{i}", interests=("golf", "sailing")), "dana", dataset()).idea
        for i in range(40)
    }
    assert picks == {"A logbook", "A tide table", "Golf balls"}


def test_without_a_matching_interest_the_default_list_is_used() -> None:
    for interests in ((), ("chess",)):
        suggestion = appreciation_suggestion(customer(interests=interests), "dana", dataset())
        assert (suggestion.idea, suggestion.interest) == ("A card", None)


@pytest.mark.parametrize(
    ("total", "tier", "budget"),
    [("0", 0, "10"), ("499.99", 0, "10"), ("500", 1, "25"), ("1999.99", 1, "25"), ("2000", 2, "60"), ("9000", 2, "60")],
)
def test_the_budget_follows_the_value_tier(total: str, tier: int, budget: str) -> None:
    suggestion = appreciation_suggestion(customer(purchases=spent(total)), "dana", dataset())
    assert (suggestion.tier, suggestion.budget) == (tier, Decimal(budget))


def test_purchases_after_as_of_do_not_raise_the_tier() -> None:
    who = customer(purchases=spent("5000"))
    assert appreciation_suggestion(who, "dana", dataset(), as_of=date(2025, 12, 31)).tier == 0


def test_in_person_when_the_consultant_works_in_their_region() -> None:
    data = dataset()
    near = appreciation_suggestion(customer(region="north"), "dana", data)
    assert (near.delivery, near.delivery_text) == ("in_person", "Bring it round.")
    for region in ("south", None):
        far = appreciation_suggestion(customer(region=region), "dana", data)
        assert (far.delivery, far.delivery_text) == ("post", "Post it.")
    assert appreciation_suggestion(customer(region="north"), None, data).delivery == "post"
    person = data.people["olga"]
    assert appreciation_suggestion(customer(region="SOUTH"), person, data).delivery == "in_person"


def test_built_in_ideas_validate_and_fit_any_business() -> None:
    ideas = default_gift_ideas()
    assert ideas.budgets == (Decimal(15), Decimal(35), Decimal(75))
    shop_words = ("garment", "reproof", "kayak", "wetsuit", "boot", "jacket", "tackle", "waterproof", "dry bag")
    assert [word for word in shop_words if word in DEFAULT_TEXT.lower()] == []


def test_the_demo_has_ideas_for_every_interest_in_its_data() -> None:
    from generator.core.problems import Problems
    from generator.load.gift_ideas import parse_gift_ideas
    from generator.load.yamlio import read_yaml

    path = REPO / "playbook" / "gift_ideas.yaml"
    problems = Problems()
    root = read_yaml(path, problems)
    assert root is not None
    ideas = parse_gift_ideas(root, str(path), problems, None)
    assert ideas is not None and not problems.has_errors()
    interests = {
        i.strip() for line in (REPO / "content").rglob("*.yaml") for row in line.read_text(encoding="utf-8").splitlines()
        if row.strip().startswith("interests: [") for i in row.split("[", 1)[1].rstrip("]").split(",")
    }  # fmt: skip
    assert interests <= set(ideas.ideas), "every interest in the demo data has ideas"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM.replace("role: consultant", "role: consultant\n    region: north"),
            "content/customers.yaml": """\
                customers:
                  - id: ann
                    name: Ann Lee
                    consultant: dana
                    region: north
                    interests: [golf]
                    purchases: [{date: 2026-05-01, amount: 600}]
                """,
            "playbook/rules.yaml": """\
                settings:
                  value_tiers: [500, 2000]
                rules:
                  - id: seasonal-thanks
                    habit: appreciation
                    title: Thank them for the year
                    why: A thank-you that expects nothing back.
                    anchor: season
                    channel: letter
                    talking_points:
                      - "{{ gift_idea }}, up to {{ gift_budget }}: {{ gift_delivery }}"
                """,
            "playbook/gift_ideas.yaml": IDEAS,
        },
    )


def test_appreciation_tasks_carry_the_suggestion(project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project), "plan", "--as-of", "2026-11-20", "--format", "json"])
    assert result.exit_code == 0, result.output
    tasks = json.loads(result.stdout)
    (task,) = [t for t in tasks if t["habit"] == "appreciation"]
    # Same region, but the rule sends a letter: the gift goes by post with it (issue 15).
    assert task["talking_points"] == ["Golf balls, up to $25: Post it."]


def test_mistakes_in_the_gift_ideas_are_located(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "playbook" / "gift_ideas.yaml").write_text(
        "budgets: [10, ten]\n"
        "delivery: {in_person: x}\n"
        "default: []\n"
        "interests:\n"
        "  golf: [a]\n"
        "  Golf: [b]\n"
        "colour: red\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr == (
        "playbook/gift_ideas.yaml:1:15: error: #2: must be an amount written like 1234.50, without currency signs or thousands separators (got 'ten')\n"
        "playbook/gift_ideas.yaml:2:11: error: 'post' is missing; every delivery needs one\n"
        "playbook/gift_ideas.yaml:3:10: error: 'default' must hold at least one idea\n"
        "playbook/gift_ideas.yaml:6:3: error: interest 'Golf' is the same as 'golf' (case is ignored); merge the two lists\n"
        "playbook/gift_ideas.yaml:7:1: error: unknown field 'colour'; known fields: budgets, delivery, default, interests\n"
        "playbook: 5 errors, 0 warnings\n"
    )


def test_a_budget_per_tier_is_expected(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / "playbook" / "gift_ideas.yaml"
    path.write_text(IDEAS.replace("budgets: [10, 25, 60]", "budgets: [10, 25]"), encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "playbook/gift_ideas.yaml:1:10: warning: 'budgets' has 2 amounts but the settings' value_tiers make 3 tiers; "
        "write one amount per tier (extra amounts are ignored, missing ones repeat the last)"
    )
    who = replace(customer(purchases=spent("3000")))
    from generator.core.project import Project
    from generator.load.dataset import load_dataset

    data = load_dataset(Project.at(project)).dataset
    assert data is not None
    assert appreciation_suggestion(who, "dana", data).budget == Decimal(25)
