"""The rule format: parsing into `Rule`, located errors, and the rules shipped in playbook/rules.yaml."""

from __future__ import annotations

import re
import textwrap
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import MINIMAL_TEAM, REPO, write_tree

from generator.cli import cli
from generator.core import model
from generator.core.fact_catalogue import DAILY_FACTS, FACT_TYPES, FACTS
from generator.core.problems import Problems
from generator.core.project import Project
from generator.core.rule import TALKING_POINT_ENV, Rule, SettingRef, plain_fill, resolve_days
from generator.core.vocabulary import HABITS
from generator.load.dataset import load_dataset
from generator.load.fields import Context
from generator.load.rules import RULE_FIELDS, parse_rules
from generator.load.schema import input_schema
from generator.plan.facts import _COMPUTE, Facts, history_of

CUSTOMERS = """\
    customers:
      - id: ann
        name: Ann Lee
        consultant: dana
    """


def parse(text: str) -> tuple[tuple[Rule, ...], list[str]]:
    """Parse a `rules:` list written as YAML; return the rules and the problems as text."""
    root = yaml.compose(textwrap.dedent(text), Loader=yaml.BaseLoader)
    problems = Problems()
    context = Context("rules.yaml", problems)
    with context.named("rules"):
        rules = parse_rules(root, context)
    return rules, [str(p) for p in problems.sorted()]


def check(tmp_path: Path, rules_yaml: str) -> tuple[int, list[str]]:
    write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": CUSTOMERS,
            "playbook/rules.yaml": rules_yaml,
        },
    )
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "check"])
    prefix = f"{tmp_path}/"
    return result.exit_code, [line.replace(prefix, "") for line in result.stderr.splitlines()]


def test_a_full_rule_becomes_a_rule_value() -> None:
    rules, problems = parse(
        """\
        - id: stay-in-touch
          habit: stay_in_touch
          title: Get in touch
          why: Customers drift away from silence.
          condition: stage == "customer" and lifetime_value >= 2000
          anchor: contact
          offset_days: -appreciation_lead_days
          every_days: 60
          channel: letter
          by: signatory
          priority: 20
          early_days: 3
          expires_days: overdue_window_days
          talking_points:
            - Hello {{ first_name }}
        """
    )
    assert problems == []
    (rule,) = rules
    assert (rule.id, rule.habit, rule.title, rule.why, rule.anchor) == (
        "stay-in-touch",
        "stay_in_touch",
        "Get in touch",
        "Customers drift away from silence.",
        "contact",
    )
    assert rule.condition.source == 'stage == "customer" and lifetime_value >= 2000'
    assert rule.offset_days == SettingRef("appreciation_lead_days", -1)
    assert (rule.every_days, rule.channel, rule.by, rule.priority, rule.early_days) == (
        60,
        "letter",
        "signatory",
        20,
        3,
    )
    assert rule.expires_days == SettingRef("overdue_window_days")
    assert [p.source for p in rule.talking_points] == ["Hello {{ first_name }}"]
    assert rule.talking_points[0].render({"first_name": "Ann"}) == "Hello Ann"
    assert rule.recurring
    assert rule.source is not None and (rule.source.line, rule.source.column) == (1, 3)


def test_defaults_of_a_minimal_rule() -> None:
    rules, problems = parse(
        """\
        - {id: thanks, habit: thank_you, title: Thank them, why: Because., anchor: purchase}
        """
    )
    assert problems == []
    (rule,) = rules
    assert rule.condition.source == "true"
    assert (rule.offset_days, rule.every_days, rule.attempts, rule.channel, rule.by) == (
        None,
        None,
        (),
        "preferred",
        "consultant",
    )
    assert (rule.priority, rule.early_days, rule.expires_days, rule.talking_points) == (
        0,
        0,
        None,
        (),
    )
    assert not rule.recurring


def test_days_may_name_a_setting() -> None:
    settings = model.Settings(values={"lapsed_after_days": 365, "appreciation_lead_days": 21})
    assert resolve_days(SettingRef("lapsed_after_days"), settings) == 365
    assert resolve_days(SettingRef("appreciation_lead_days", -1), settings) == -21
    assert resolve_days(-7, settings) == -7


def test_every_error_class_of_a_rule_is_located(tmp_path: Path) -> None:
    """The fixture under tests/data/bad/rule_errors holds one of each; here, a few in isolation."""
    code, lines = check(
        tmp_path,
        """\
        rules:
          - id: thanks
            habit: thank_you
            title: Thank them
            why: Because.
            condition: "stage == \\"customer\\" and  purchases_count > x"
            anchor: purchase
            expires_days: -3
          - id: notice
            habit: notify
            title: T
            why: W
            anchor: handover
            by: manager
        """,
    )
    assert code == 1
    assert lines == [
        "playbook/rules.yaml:6:16: error: rules: rule 'thanks': 'condition' is not valid: "
        "unknown fact 'x'; see the table of facts (at character 44)",
        "playbook/rules.yaml:8:19: error: rules: rule 'thanks': 'expires_days' must be at least 0 (got -3)",
        "playbook/rules.yaml:14:9: error: rules: rule 'notice': 'by' must be one of consultant, signatory (got 'manager')",
        "playbook: 3 errors, 0 warnings",
    ]


def test_a_rule_missing_required_fields_names_them(tmp_path: Path) -> None:
    code, lines = check(tmp_path, "rules:\n  - id: half\n    habit: review\n")
    assert code == 1
    assert lines == [
        f"playbook/rules.yaml:2:5: error: rules: rule 'half': '{name}' is missing; every rule needs one"
        for name in ("anchor", "title", "why")  # sorted, as problems are
    ] + ["playbook: 3 errors, 0 warnings"]


def test_rules_must_be_a_list(tmp_path: Path) -> None:
    code, lines = check(tmp_path, "rules:\n  thanks: {}\n")
    assert code == 1
    assert lines[0] == "playbook/rules.yaml:2:3: error: rules: 'rules' must be a list of rules"


def test_condition_column_is_exact_in_plain_and_quoted_values() -> None:
    _, plain = parse(
        "- {id: a, habit: review, title: T, why: W, anchor: review, condition: stage == 3}\n"
    )
    _, quoted = parse(
        "- {id: a, habit: review, title: T, why: W, anchor: review, condition: 'stage == 3'}\n"
    )
    assert plain == [
        "rules.yaml:1:77: error: rules: rule 'a': 'condition' is not valid: cannot compare text with a number using '=='"
    ]
    assert quoted == [
        "rules.yaml:1:78: error: rules: rule 'a': 'condition' is not valid: cannot compare text with a number using '=='"
    ]


# --- the shipped playbook ----------------------------------------------------------------------

SHIPPED = REPO / "playbook" / "rules.yaml"


def shipped_rules() -> tuple[Rule, ...]:
    root = yaml.compose(SHIPPED.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    problems = Problems()
    context = Context(str(SHIPPED), problems)
    rules_node = next(value for key, value in root.value if key.value == "rules")
    rules = parse_rules(rules_node, context)
    assert [str(p) for p in problems.items] == []
    return rules


def test_shipped_rules_cover_every_habit_in_the_issue_vocabulary() -> None:
    assert {rule.habit for rule in shipped_rules()} == set(HABITS)
    assert HABITS == (
        "thank_you",
        "check_in",
        "prospect_follow_up",
        "stay_in_touch",
        "birthday",
        "review",
        "appreciation",
        "win_back",
        "notify",
        "introduce",
        "referral_thanks",
    )


def test_every_shipped_rule_teaches_in_one_or_two_sentences() -> None:
    for rule in shipped_rules():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(rule.why.split())) if s]
        assert 1 <= len(sentences) <= 2, (rule.id, sentences)
        assert rule.title and rule.title[0].isupper(), rule.id


def test_shipped_rules_time_each_habit_as_documented() -> None:
    by_id = {rule.id: rule for rule in shipped_rules()}
    assert (by_id["thank-you"].anchor, by_id["thank-you"].offset_days) == ("purchase", 2)
    assert (by_id["check-in"].anchor, by_id["check-in"].offset_days) == ("purchase", 21)
    assert by_id["prospect-follow-up"].attempts == (3, 7, 14, 30)
    assert (by_id["birthday-card"].offset_days, by_id["birthday-card"].channel) == (-7, "letter")
    assert by_id["relationship-review"].every_days == SettingRef("review_every_days")
    assert by_id["seasonal-thanks"].anchor == "season"
    assert by_id["win-back"].offset_days == SettingRef("lapsed_after_days")
    assert (by_id["handover-notice"].anchor, by_id["handover-notice"].by) == (
        "handover",
        "signatory",
    )
    assert (by_id["handover-introduction"].offset_days, by_id["handover-introduction"].by) == (
        3,
        "consultant",
    )
    cadences = sorted(r.every_days for r in by_id.values() if r.habit == "stay_in_touch")
    assert cadences == [60, 120]  # shorter for more valuable customers


def test_shipped_rules_file_points_editors_at_the_schema_and_plans_as_of_the_demo_date() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    root = yaml.safe_load(text)
    assert str(root["settings"]["as_of"]) == "2026-11-16"


def test_repository_project_checks_clean_of_errors() -> None:
    result = CliRunner().invoke(cli, ["-C", str(REPO), "check"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert re.search(r"\d+ rules: ok$", result.stderr.splitlines()[-1])


def test_schema_describes_every_rule_field() -> None:
    rules_file = next(v for v in input_schema()["anyOf"] if v["title"] == "rules file")
    items = rules_file["properties"]["rules"]["items"]
    assert list(items["properties"]) == [f.name for f in RULE_FIELDS]
    assert items["required"] == ["id", "habit", "title", "why", "anchor"]
    assert items["properties"]["habit"]["enum"] == list(HABITS)
    assert all(items["properties"][f.name]["description"] for f in RULE_FIELDS)


def test_every_fact_in_the_table_is_computed_and_documented() -> None:
    assert set(_COMPUTE) == set(FACT_TYPES)
    assert all(fact.doc.endswith(".") for fact in FACTS)


@pytest.mark.parametrize("name", ["interests", "stage", "lifetime_value"])
def test_talking_points_may_use_facts(name: str) -> None:
    rules, problems = parse(
        f"- {{id: a, habit: review, title: T, why: W, anchor: review, talking_points: ['{{{{ {name} }}}}']}}\n"
    )
    assert problems == []
    assert rules[0].talking_points[0].source == f"{{{{ {name} }}}}"


PLAIN_TEMPLATES = (
    'Thank {{ first_name }} for choosing the {{ last_purchase_item or "purchase" }}.',
    'Invite them to see what is new for {{ interests | join(" and ") or "them" }}.',
    "{{ interests | join }} / {{ first_name or last_note or 'friend' }}",
    "Last note: {{ last_note }}, spent {{ lifetime_value }}",
    "a {{- first_name -}} b {# a comment #} {{ 3 }} {{ none }} {% raw %}{{ x }}{% endraw %}",
    "{{ missing_name }} is not among the values",
)
PLAIN_VALUES = (
    {"first_name": "Ann", "last_purchase_item": "Boots", "interests": ("sailing", "golf")},
    {"first_name": "", "last_purchase_item": None, "interests": ()},
    {"first_name": None, "last_purchase_item": "", "interests": None},
    {"first_name": "Bo", "interests": "ab", "last_note": "New dog", "lifetime_value": Decimal("0")},
    {
        "first_name": "Cy",
        "interests": (1, None),
        "last_note": None,
        "lifetime_value": Decimal("12.50"),
    },
)


def _outcome(render: Any) -> tuple[str, Any]:
    try:
        return "text", render()
    except Exception as exc:  # the same error as Jinja's, which render_point turns into the source
        return "error", type(exc)


@pytest.mark.parametrize("source", PLAIN_TEMPLATES)
@pytest.mark.parametrize("values", PLAIN_VALUES)
def test_plain_talking_points_fill_in_exactly_as_jinja(source: str, values: dict[str, Any]) -> None:
    values = {"last_note": "x", "lifetime_value": Decimal(1), "currency": "USD", **values}
    fill = plain_fill(TALKING_POINT_ENV.parse(source))
    assert fill is not None
    template = TALKING_POINT_ENV.from_string(TALKING_POINT_ENV.parse(source))
    assert _outcome(lambda: fill(values)) == _outcome(lambda: template.render(values))


@pytest.mark.parametrize(
    "source",
    [
        "{{ lifetime_value | money }}",
        "{{ first_name | upper }}",
        "{% if first_name %}Hi{% endif %}",
        "{{ first_name ~ '!' }}",
        "{{ interests | join(', ', attribute='name') }}",
        "{{ first_name and last_note }}",
    ],
)
def test_other_talking_points_stay_with_jinja(source: str) -> None:
    assert plain_fill(TALKING_POINT_ENV.parse(source)) is None


def test_facts_not_marked_daily_are_the_same_on_every_day() -> None:
    """The engine computes them once per customer and shares them between days."""
    result = load_dataset(Project.at(REPO))
    assert result.dataset is not None
    settings = result.dataset.settings
    as_of = settings.values["as_of"]
    days = (as_of, as_of + timedelta(days=1), as_of + timedelta(days=200))
    for customer in result.dataset.customers:
        history = history_of(customer, as_of)
        shared: dict[str, Any] = {}
        for name, compute in _COMPUTE.items():
            if name not in DAILY_FACTS:
                assert len({repr(compute(history, day, settings)) for day in days}) == 1, name
        for day in days:
            fresh, reusing = Facts(history, day, settings), Facts(history, day, settings, shared)
            assert {name: reusing(name) for name in FACT_TYPES} == {
                name: fresh(name) for name in FACT_TYPES
            }


def test_done_when_lists_events_and_check_locates_each_mistake(tmp_path: Path) -> None:
    rules, problems = parse(
        "- {id: a, habit: check_in, title: T, why: W., anchor: purchase, done_when: [sent, purchase]}\n"
    )
    assert problems == []
    assert rules[0].done_when == ("sent", "purchase")
    code, lines = check(
        tmp_path,
        """\
        rules:
          - id: thanks
            habit: thank_you
            title: Thank them
            why: Because.
            anchor: purchase
            done_when: [reachd, sent, [x]]
          - id: empty
            habit: review
            title: T
            why: W
            anchor: review
            done_when: []
          - id: word
            habit: review
            title: T
            why: W
            anchor: review
            done_when: review
        """,
    )
    assert code == 1
    assert lines == [
        "playbook/rules.yaml:7:17: error: rules: rule 'thanks': 'done_when' entries must be one of "
        "reached, sent, purchase, review, contact (got 'reachd'); did you mean 'reached'?",
        "playbook/rules.yaml:7:31: error: rules: rule 'thanks': 'done_when' entries must be one of "
        "reached, sent, purchase, review, contact (got a list)",
        "playbook/rules.yaml:13:16: error: rules: rule 'empty': 'done_when' must list at least one of "
        "reached, sent, purchase, review, contact; leave it out for the habit's default",
        "playbook/rules.yaml:19:16: error: rules: rule 'word': 'done_when' must be a list of events, "
        "e.g. [reached, sent] (got 'review')",
        "playbook: 4 errors, 0 warnings",
    ]
