"""The scheduler on small hand-made histories, with exact expected dates.

The first half pins each habit of the shipped playbook (playbook/rules.yaml); the second half pins
each scheduling rule (closing, overdue, channels, exclusions, orphans, pestering, ids) with small
rules written for the test.
"""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import product
from typing import Any

import pytest
import yaml
from conftest import REPO

from generator.core import model
from generator.core.expr import names
from generator.core.expr_check import compile_condition
from generator.core.expr_eval import walker
from generator.core.fact_catalogue import DAILY_FACTS, FACT_TYPES
from generator.core.money import format_money
from generator.core.problems import Problems
from generator.core.rule import Rule
from generator.core.vocabulary import DEFAULT_SETTINGS
from generator.load.fields import Context
from generator.load.rules import parse_rules
from generator.plan.prepared_rules import split_condition
from generator.plan.schedule import schedule, task_id

AS_OF = date(2026, 11, 16)
D = date.fromisoformat

PEOPLE = {
    "olga": model.Person(id="olga", name="Olga Berg", role="owner"),
    "dana": model.Person(id="dana", name="Dana Fox", role="consultant"),
    "sam": model.Person(
        id="sam", name="Sam Lee", role="consultant", status="departed", left_on=D("2026-10-01")
    ),
}
ORGANIZATION = model.Organization(name="Corner Shop", signatory="olga", currency="USD")


def rules_from(text: str) -> tuple[Rule, ...]:
    """Rules written as the YAML a trainer would write (a list), parsed like the real file."""
    root = yaml.compose(textwrap.dedent(text), Loader=yaml.BaseLoader)
    problems = Problems()
    rules = parse_rules(root, Context("rules.yaml", problems))
    assert [str(p) for p in problems.items] == []
    return rules


def shipped() -> tuple[tuple[Rule, ...], dict[str, Any]]:
    root = yaml.compose(
        (REPO / "playbook" / "rules.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
    )
    nodes = {key.value: value for key, value in root.value}
    problems = Problems()
    context = Context("rules.yaml", problems)
    from generator.load.settings import SETTINGS_RECORD

    settings = {**DEFAULT_SETTINGS, **context.convert(SETTINGS_RECORD, nodes["settings"])}
    rules = parse_rules(nodes["rules"], context)
    assert problems.items == []
    return rules, settings


SHIPPED_RULES, SHIPPED_SETTINGS = shipped()


def customer(id: str = "ann", **fields: Any) -> model.Customer:
    values: dict[str, Any] = {
        "name": "Ann Lee",
        "consultant": "dana",
        "email": "ann@example.com",
        "phone": "555 0100",
    }
    values.update(fields)
    return model.Customer(id=id, **values)


def bought(day: str, amount: str, item: str | None = None) -> model.Purchase:
    return model.Purchase(date=D(day), amount=Decimal(amount), item=item)


def contact(day: str, channel: str = "phone", outcome: str = "reached") -> model.Contact:
    return model.Contact(date=D(day), channel=channel, outcome=outcome)


def dataset(
    *customers: model.Customer,
    rules: tuple[Rule, ...] | None = None,
    settings: dict[str, Any] | None = None,
    handovers: tuple[model.Handover, ...] = (),
) -> model.Dataset:
    values = dict(SHIPPED_SETTINGS if rules is None else DEFAULT_SETTINGS)
    values.update(settings or {})
    return model.Dataset(
        organization=ORGANIZATION,
        people=PEOPLE,
        customers=tuple(sorted(customers, key=lambda c: c.id)),
        settings=model.Settings(values=values),
        rules=SHIPPED_RULES if rules is None else rules,
        handovers=handovers,
    )


def plan(data: model.Dataset, as_of: date = AS_OF, days: int | None = None) -> model.Plan:
    return schedule(data, as_of=as_of, days=days)


def rows(made: model.Plan, habit: str | None = None) -> list[tuple[str, str, str, bool]]:
    """(due, rule, consultant, overdue) of each task, optionally of one habit."""
    return [
        (t.due.isoformat(), t.rule, t.consultant, t.overdue)
        for t in made.tasks
        if habit is None or t.habit == habit
    ]


def only(made: model.Plan, habit: str) -> model.Task:
    tasks = [t for t in made.tasks if t.habit == habit]
    assert len(tasks) == 1, [(t.habit, t.due) for t in made.tasks]
    return tasks[0]


# --- each habit of the shipped playbook ---------------------------------------------------------


def test_thank_you_two_days_after_a_purchase_stays_overdue_until_a_contact() -> None:
    ann = customer(purchases=(bought("2026-11-10", "120", "Waterproof jacket"),))
    task = only(plan(dataset(ann)), "thank_you")
    assert (task.due, task.overdue, task.rule, task.channel) == (
        D("2026-11-12"),
        True,
        "thank-you",
        "email",
    )
    assert task.reason == "bought Waterproof jacket on 2026-11-10 (6 days ago); no contact since"
    assert task.talking_points == (
        "Thank Ann for choosing the Waterproof jacket.",
        "Ask whether anything about it needs explaining, and say how to reach you.",
    )


def test_thank_you_is_closed_by_a_contact_the_day_after_but_not_by_the_sale_itself() -> None:
    sale_day = customer(
        purchases=(bought("2026-11-10", "120", "Tent"),),
        contacts=(contact("2026-11-10", "in_person", "met"),),
    )
    next_day = replace(sale_day, contacts=(contact("2026-11-11"),))
    assert rows(plan(dataset(sale_day)), "thank_you") == [("2026-11-12", "thank-you", "dana", True)]
    assert rows(plan(dataset(next_day)), "thank_you") == []


def test_thank_you_expires_after_fourteen_days() -> None:
    ann = customer(purchases=(bought("2026-11-10", "120", "Tent"),))
    assert rows(plan(dataset(ann), as_of=D("2026-11-26")), "thank_you") == [
        ("2026-11-12", "thank-you", "dana", True)
    ]
    assert rows(plan(dataset(ann), as_of=D("2026-11-27")), "thank_you") == []


def test_check_in_three_weeks_after_the_purchase_is_not_closed_by_the_thank_you() -> None:
    ann = customer(
        purchases=(bought("2026-11-01", "80", "Boots"),), contacts=(contact("2026-11-02"),)
    )
    task = only(plan(dataset(ann)), "check_in")
    assert (task.due, task.overdue) == (D("2026-11-22"), False)
    assert task.reason == "bought Boots on 2026-11-01 (15 days ago); last contact 2026-11-02"
    called = replace(ann, contacts=(contact("2026-11-02"), contact("2026-11-22")))
    assert rows(plan(dataset(called), as_of=D("2026-11-23")), "check_in") == []


def prospect(*contacts: model.Contact) -> model.Customer:
    return customer(
        "pat", name="Pat Doe", stage="prospect", expected_value=Decimal("2600"), contacts=contacts
    )


@pytest.mark.parametrize(
    ("log", "due", "reason"),
    [
        (
            [contact("2026-11-01", "in_person", "met")],
            "2026-11-04",
            "attempt 1 of 4; last contact 15 days ago (met by in person); no purchases yet, expected value $2,600",
        ),
        (
            [
                contact("2026-11-01", "in_person", "met"),
                contact("2026-11-05", "phone", "no_answer"),
            ],
            "2026-11-12",
            "attempt 2 of 4; last contact 11 days ago (no answer by phone); no purchases yet, expected value $2,600",
        ),
        (
            [
                contact("2026-10-01", "in_person", "met"),
                contact("2026-10-04", "phone", "no_answer"),
                contact("2026-10-11", "email", "no_answer"),
                contact("2026-10-25", "phone", "left_message"),
            ],
            "2026-11-24",
            "final attempt (4 of 4); last contact 22 days ago (left message by phone); no purchases yet, expected value $2,600",
        ),
    ],
)
def test_prospect_follow_up_spaces_attempts_then_a_final_one(
    log: list[model.Contact], due: str, reason: str
) -> None:
    task = only(plan(dataset(prospect(*log))), "prospect_follow_up")
    assert (task.due.isoformat(), task.reason) == (due, reason)


def test_prospect_follow_up_stops_after_the_final_attempt_and_restarts_when_reached() -> None:
    tries = [
        contact("2026-09-01", "in_person", "met"),
        contact("2026-09-04", "phone", "no_answer"),
        contact("2026-09-11", "email", "no_answer"),
        contact("2026-09-25", "phone", "no_answer"),
        contact("2026-10-25", "phone", "no_answer"),
    ]
    assert rows(plan(dataset(prospect(*tries))), "prospect_follow_up") == []
    replied = [*tries, contact("2026-11-10", "email", "replied")]
    assert rows(plan(dataset(prospect(*replied))), "prospect_follow_up") == [
        ("2026-11-13", "prospect-follow-up", "dana", True)
    ]


def test_prospect_never_reached_counts_every_contact_as_an_attempt() -> None:
    cold = prospect(contact("2026-11-02", "email", "no_answer"))
    assert rows(plan(dataset(cold)), "prospect_follow_up") == [
        ("2026-11-09", "prospect-follow-up", "dana", True)
    ]


def test_stay_in_touch_shorter_cadence_for_more_valuable_customers() -> None:
    valued = customer(
        "val",
        name="Val Ruiz",
        purchases=(
            bought("2026-01-10", "1500"),
            bought("2026-03-15", "1210"),
            bought("2026-06-26", "1500"),
        ),
        contacts=(contact("2026-06-26", "in_person", "met"),),
    )
    modest = customer(
        "mo",
        name="Mo Chen",
        purchases=(bought("2026-07-30", "900"),),
        contacts=(contact("2026-08-01", "phone"),),
    )
    made = plan(dataset(valued, modest))
    assert rows(made, "stay_in_touch") == [
        ("2026-10-24", "stay-in-touch-valued", "dana", True),  # 60 days after 2026-06-26, twice
        ("2026-11-29", "stay-in-touch", "dana", False),  # 120 days after 2026-08-01
    ]
    assert made.tasks[0].reason == "last reached 143 days ago; bought 3 times, $4,210 in total"


def test_birthday_card_a_week_before_by_hand_or_a_call_on_the_day() -> None:
    with_address = customer(address="1 Quay St", birthday=model.BirthdayValue(11, 29, 1958))
    card = only(plan(dataset(with_address)), "birthday")
    assert (card.due, card.channel, card.channel_source, card.rule) == (
        D("2026-11-22"),
        "letter",
        "fixed",
        "birthday-card",
    )
    assert card.reason == "turns 68 on 2026-11-29 (in 13 days)"
    no_address = customer(birthday=model.BirthdayValue(11, 29))
    call = only(plan(dataset(no_address)), "birthday")
    assert (call.due, call.channel, call.rule, call.reason) == (
        D("2026-11-29"),
        "email",
        "birthday-call",
        "birthday on 2026-11-29 (in 13 days)",
    )


def test_a_29_february_birthday_falls_on_28_february_in_other_years() -> None:
    leap = customer(address="1 Quay St", birthday=model.BirthdayValue(2, 29))
    assert rows(plan(dataset(leap), as_of=D("2027-02-10")), "birthday") == [
        ("2027-02-21", "birthday-card", "dana", False)
    ]


def test_review_yearly_after_the_last_one_or_since_they_became_a_customer() -> None:
    reviewed = customer(
        customer_since=D("2019-05-01"),
        purchases=(bought("2026-05-01", "300"),),
        reviews=(model.Review(date=D("2025-11-20"), rating=4),),
    )
    task = only(plan(dataset(reviewed)), "review")
    assert (task.due, task.overdue) == (D("2026-11-20"), False)
    assert task.reason == "last review 361 days ago (rated 4/5); bought once, $300 in total"
    never = replace(reviewed, reviews=(), customer_since=D("2020-11-25"))
    task = only(plan(dataset(never)), "review")
    # the latest missed occurrence: every 365 days from 2020-11-25 (2024 was a leap year)
    assert (task.due, task.overdue) == (D("2025-11-24"), True)
    assert task.reason == "never reviewed; customer since 2020-11-25; bought once, $300 in total"


def test_appreciation_before_the_season_tied_to_interests() -> None:
    golfer = customer(interests=("golf", "wine"), purchases=(bought("2026-05-01", "300"),))
    task = only(plan(dataset(golfer)), "appreciation")
    # 2026-12-20 less 21 days is Sunday 29 November: spread to a working day of that week.
    assert (task.due, task.channel, task.rule) == (D("2026-11-24"), "letter", "seasonal-thanks")
    assert task.reason == "winter holidays on 2026-12-20 (in 34 days); interests: golf, wine"
    assert task.talking_points == (
        "Thank Ann for this year and mention golf and wine.",
        # generator/appreciation.py: the idea from playbook/gift_ideas.yaml, tier 0 of value_tiers
        "Gift idea: A bottle from a local vineyard (budget up to $15). "
        "Send it by post with a handwritten letter from you.",
    )
    assert rows(plan(dataset(replace(golfer, interests=()))), "appreciation") == []


def test_win_back_a_lapsed_customer_a_year_after_the_last_purchase() -> None:
    lapsed = customer(
        purchases=(bought("2025-03-01", "150", "Fleece"), bought("2025-10-01", "200", "Tent")),
        contacts=(contact("2025-10-03"),),
    )
    made = plan(dataset(lapsed))
    task = only(made, "win_back")
    assert (task.due, task.overdue, task.rule) == (D("2026-10-01"), True, "win-back")
    assert task.reason == "last purchase 411 days ago (Tent); bought 2 times, $350 in total"
    assert rows(made, "stay_in_touch") == []  # lapsed customers are won back, not kept in touch


def test_win_back_a_lost_customer_twice_a_year() -> None:
    lost = customer(
        stage="lost", purchases=(bought("2024-01-01", "90"),), contacts=(contact("2026-03-01"),)
    )
    task = only(plan(dataset(lost)), "win_back")
    assert (task.due, task.rule) == (D("2026-08-28"), "win-back-lost")
    assert task.reason == "marked lost; last contact 260 days ago; bought once, $90 in total"


HANDOVER = model.Handover(
    id="2026-11-16-sam",
    date=D("2026-11-16"),
    departing="sam",
    assignments=(model.Assignment(customer="ann", to="dana"),),
    by="olga",
)


def test_notify_by_the_signatory_then_the_new_consultant_introduces_themself() -> None:
    ann = customer(handed_over=HANDOVER.id, original_consultant="sam", preferred_channel="phone")
    made = plan(dataset(ann, handovers=(HANDOVER,)))
    assert rows(made) == [
        ("2026-11-16", "handover-notice", "olga", False),
        ("2026-11-19", "handover-introduction", "dana", False),
    ]
    notify, introduce = made.tasks
    assert (notify.habit, notify.channel, notify.channel_source, notify.orphan) == (
        "notify",
        "letter",
        "fixed",
        False,
    )
    assert (introduce.habit, introduce.channel, introduce.channel_source) == (
        "introduce",
        "phone",
        "preferred",
    )
    assert notify.reason == introduce.reason == "handed over from Sam Lee to Dana Fox on 2026-11-16"


def test_handover_tasks_are_never_dropped_and_take_in_what_falls_beside_them() -> None:
    ann = customer(
        handed_over=HANDOVER.id,
        original_consultant="sam",
        purchases=(bought("2026-11-15", "60", "Socks"),),
    )
    made = plan(dataset(ann, handovers=(HANDOVER,)), days=7)
    assert rows(made) == [
        ("2026-11-16", "handover-notice", "olga", False),
        ("2026-11-19", "handover-introduction", "dana", False),
    ]
    # the thank-you (due 2026-11-17) is folded into the consultant's task, not the signatory's
    assert made.tasks[0].folded == ()
    assert made.tasks[1].folded == (
        "thank them personally for their purchase: bought Socks on 2026-11-15 (1 day ago); no contact since",
    )


def test_without_a_handover_record_there_is_nothing_to_announce() -> None:
    ann = customer(handed_over="missing-record")
    assert rows(plan(dataset(ann)), "notify") == []


# --- scheduling rules, with rules written for the test ---------------------------------------

ONE_RULE = """\
- id: call
  habit: stay_in_touch
  title: Call them
  why: Because.
  anchor: contact
  offset_days: 10
"""


def test_a_contact_on_the_due_date_closes_the_task_but_one_the_day_before_does_not() -> None:
    rule = rules_from(
        "- {id: check, habit: check_in, title: Check, why: W., anchor: purchase, offset_days: 10}\n"
    )
    base = customer(purchases=(bought("2026-11-01", "10"),))
    on_due = replace(base, contacts=(contact("2026-11-11"),))
    day_before = replace(base, contacts=(contact("2026-11-10"),))
    assert rows(plan(dataset(base, rules=rule))) == [("2026-11-11", "check", "dana", True)]
    assert rows(plan(dataset(on_due, rules=rule))) == []
    assert rows(plan(dataset(day_before, rules=rule))) == [("2026-11-11", "check", "dana", True)]


def test_an_unanswered_call_keeps_a_check_in_and_early_days_widen_the_window() -> None:
    early = rules_from(
        "- {id: check, habit: check_in, title: C, why: W., anchor: purchase, offset_days: 10, early_days: 2}\n"
    )
    base = customer(purchases=(bought("2026-11-01", "10"),))
    assert (
        rows(
            plan(
                dataset(
                    replace(base, contacts=(contact("2026-11-09", "phone", "no_answer"),)),
                    rules=early,
                )
            )
        )
        == [("2026-11-11", "check", "dana", True)]
    )
    assert rows(plan(dataset(replace(base, contacts=(contact("2026-11-09"),)), rules=early))) == []
    assert rows(plan(dataset(replace(base, contacts=(contact("2026-11-08"),)), rules=early))) == [
        ("2026-11-11", "check", "dana", True)
    ]


def test_an_unanswered_task_stays_overdue_with_the_same_id() -> None:
    data = dataset(customer(contacts=(contact("2026-10-01"),)), rules=rules_from(ONE_RULE))
    before = plan(data, as_of=D("2026-10-05"))
    after = plan(data, as_of=D("2026-11-16"))
    assert rows(before) == [("2026-10-11", "call", "dana", False)]
    assert rows(after) == [("2026-10-11", "call", "dana", True)]
    assert before.tasks[0].id == after.tasks[0].id == task_id("call", "ann", D("2026-10-11"))


def test_a_missed_one_off_task_is_dropped_after_the_overdue_window() -> None:
    data = dataset(
        customer(contacts=(contact("2026-10-01"),)),
        rules=rules_from(ONE_RULE),
        settings={"overdue_window_days": 30},
    )
    assert rows(plan(data, as_of=D("2026-11-10"))) == [
        ("2026-10-11", "call", "dana", True)
    ]  # 30 days
    assert rows(plan(data, as_of=D("2026-11-11"))) == []


def test_a_repeating_rule_keeps_only_its_latest_missed_occurrence() -> None:
    every = rules_from(
        "- {id: touch, habit: stay_in_touch, title: T, why: W., anchor: contact, every_days: 30}\n"
    )
    data = dataset(customer(contacts=(contact("2026-06-01"),)), rules=every)
    # occurrences 07-01, 07-31, 08-30, 09-29, 10-29, 11-28: the latest before as_of is 10-29
    assert rows(plan(data)) == [("2026-10-29", "touch", "dana", True)]
    assert rows(plan(data, as_of=D("2026-10-29"))) == [("2026-10-29", "touch", "dana", False)]


def test_the_horizon_includes_its_last_day() -> None:
    data = dataset(customer(contacts=(contact("2026-11-16"),)), rules=rules_from(ONE_RULE))
    assert rows(plan(data, days=10)) == [("2026-11-26", "call", "dana", False)]
    assert rows(plan(data, days=9)) == []
    assert plan(data, days=9).until == D("2026-11-25")


def test_the_default_horizon_comes_from_the_settings() -> None:
    data = dataset(customer(), rules=(), settings={"horizon_days": 5})
    assert plan(data).until == D("2026-11-21")


def test_conditions_are_evaluated_on_the_due_date() -> None:
    rule = rules_from(
        """\
        - id: quiet
          habit: stay_in_touch
          title: T
          why: W.
          condition: days_since_contact >= 30
          anchor: contact
          offset_days: 30
        """
    )
    data = dataset(customer(contacts=(contact("2026-11-01"),)), rules=rule)
    assert rows(plan(data)) == [("2026-12-01", "quiet", "dana", False)]


def test_entries_after_as_of_have_not_happened_yet() -> None:
    rule = rules_from(ONE_RULE)
    ann = customer(contacts=(contact("2026-11-01"), contact("2026-12-01")))
    assert rows(plan(dataset(ann, rules=rule))) == [("2026-11-11", "call", "dana", True)]


def test_do_not_contact_customers_get_no_tasks_and_are_counted() -> None:
    quiet = customer(
        "zed", name="Zed Ray", do_not_contact=True, purchases=(bought("2026-11-10", "99"),)
    )
    ann = customer(purchases=(bought("2026-11-10", "99"),))
    made = plan(dataset(quiet, ann))
    assert made.excluded == ("zed",)
    assert {t.customer for t in made.tasks} == {"ann"}


def test_orphans_go_to_the_signatory_until_a_handover_assigns_them() -> None:
    orphan = customer(consultant="sam", contacts=(contact("2026-11-01"),))
    made = plan(dataset(orphan, rules=rules_from(ONE_RULE)))
    (task,) = made.tasks
    assert (task.consultant, task.orphan) == ("olga", True)
    assert (
        task.reason
        == "last contact 15 days ago; no purchases yet; Sam Lee left on 2026-10-01: no consultant until a handover"
    )
    handed = replace(orphan, consultant="dana", handed_over=HANDOVER.id, original_consultant="sam")
    (task,) = plan(dataset(handed, rules=rules_from(ONE_RULE), handovers=(HANDOVER,))).tasks
    assert (task.consultant, task.orphan) == ("dana", False)
    assert task.reason == "last contact 15 days ago; no purchases yet"


TWO_RULES = """\
- {id: low, habit: stay_in_touch, title: Keep in touch, why: W., anchor: contact, offset_days: 10, priority: 10}
- {id: high, habit: check_in, title: Check in, why: W., anchor: purchase, offset_days: 14, priority: 50}
"""


def test_two_tasks_in_one_week_keep_the_more_important_and_fold_the_other() -> None:
    ann = customer(
        purchases=(bought("2026-11-06", "10", "Hat"),), contacts=(contact("2026-11-08"),)
    )
    made = plan(dataset(ann, rules=rules_from(TWO_RULES)))
    # low is due 2026-11-18, high 2026-11-20: two days apart
    assert rows(made) == [("2026-11-20", "high", "dana", False)]
    assert made.tasks[0].folded == (
        "keep in touch: last contact 8 days ago; bought once, $10 in total",
    )


def test_the_weekly_limit_is_a_setting() -> None:
    ann = customer(
        purchases=(bought("2026-11-06", "10", "Hat"),), contacts=(contact("2026-11-08"),)
    )
    made = plan(dataset(ann, rules=rules_from(TWO_RULES), settings={"max_touches_per_week": 2}))
    assert rows(made) == [
        ("2026-11-18", "low", "dana", False),
        ("2026-11-20", "high", "dana", False),
    ]
    assert all(t.folded == () for t in made.tasks)


def test_tasks_seven_days_apart_are_both_kept() -> None:
    ann = customer(
        purchases=(bought("2026-11-11", "10", "Hat"),), contacts=(contact("2026-11-08"),)
    )
    # low due 2026-11-18, high due 2026-11-25
    assert rows(plan(dataset(ann, rules=rules_from(TWO_RULES)))) == [
        ("2026-11-18", "low", "dana", False),
        ("2026-11-25", "high", "dana", False),
    ]


def test_equal_priorities_keep_the_rule_written_first() -> None:
    same = rules_from(TWO_RULES.replace("priority: 50", "priority: 10"))
    ann = customer(
        purchases=(bought("2026-11-06", "10", "Hat"),), contacts=(contact("2026-11-08"),)
    )
    assert rows(plan(dataset(ann, rules=same))) == [("2026-11-18", "low", "dana", False)]


CHANNEL_RULES = """\
- {id: first, habit: stay_in_touch, title: T, why: W., anchor: contact, offset_days: 3}
- {id: second, habit: check_in, title: T, why: W., anchor: contact, offset_days: 12}
- {id: card, habit: birthday, title: T, why: W., anchor: contact, offset_days: 21, channel: letter}
"""


def channels(made: model.Plan) -> list[tuple[str, str, str]]:
    return [(t.rule, t.channel, t.channel_source) for t in made.tasks]


def test_the_preferred_channel_is_used_and_a_fixed_channel_wins() -> None:
    ann = customer(
        preferred_channel="in_person", contacts=(contact("2026-11-15", "email", "replied"),)
    )
    assert channels(plan(dataset(ann, rules=rules_from(CHANNEL_RULES)))) == [
        ("first", "in_person", "preferred"),
        ("second", "in_person", "preferred"),
        ("card", "letter", "fixed"),
    ]


def test_a_channel_that_got_replies_becomes_the_inferred_preference() -> None:
    log = (
        contact("2026-09-01", "email", "replied"),
        contact("2026-10-01", "phone", "no_answer"),
        contact("2026-10-02", "phone", "no_answer"),
        contact("2026-11-15", "phone", "left_message"),
    )
    ann = customer(contacts=log)
    assert channels(plan(dataset(ann, rules=rules_from(CHANNEL_RULES)))) == [
        ("first", "email", "inferred"),
        ("second", "email", "inferred"),
        ("card", "letter", "fixed"),
    ]


def test_inference_ties_go_to_the_most_recent_reply() -> None:
    log = (
        contact("2026-09-01", "email", "replied"),
        contact("2026-10-01", "phone", "reached"),
        contact("2026-11-15", "in_person", "no_answer"),
    )
    assert channels(plan(dataset(customer(contacts=log), rules=rules_from(ONE_RULE)))) == [
        ("call", "phone", "inferred")
    ]


def test_unknown_channel_tries_email_phone_and_in_person_in_turn() -> None:
    never = customer(customer_since=D("2026-11-15"))
    assert channels(plan(dataset(never, rules=rules_from(CHANNEL_RULES)))) == [
        ("first", "email", "rotation"),
        ("second", "phone", "rotation"),
        ("card", "letter", "fixed"),
    ]
    tried_phone = customer(contacts=(contact("2026-11-15", "phone", "no_answer"),))
    assert channels(plan(dataset(tried_phone, rules=rules_from(CHANNEL_RULES)))) == [
        ("first", "in_person", "rotation"),
        ("second", "email", "rotation"),
        ("card", "letter", "fixed"),
    ]


def test_rotation_skips_a_channel_we_have_no_address_for() -> None:
    no_email = customer(email=None, contacts=(contact("2026-11-15", "in_person", "no_answer"),))
    assert channels(plan(dataset(no_email, rules=rules_from(CHANNEL_RULES)))) == [
        ("first", "phone", "rotation"),
        ("second", "in_person", "rotation"),
        ("card", "letter", "fixed"),
    ]


def test_task_ids_are_short_stable_hashes_and_do_not_depend_on_as_of() -> None:
    expected = hashlib.sha1(b"call|ann|2026-10-11").hexdigest()[:10]
    assert task_id("call", "ann", D("2026-10-11")) == expected
    data = dataset(customer(contacts=(contact("2026-10-01"),)), rules=rules_from(ONE_RULE))
    ids = {plan(data, as_of=AS_OF - timedelta(days=n)).tasks[0].id for n in range(45)}
    assert ids == {expected}


def test_tasks_are_sorted_by_due_consultant_customer_rule_and_runs_are_identical() -> None:
    people = [
        customer(
            "bea",
            name="Bea",
            contacts=(contact("2026-11-01"),),
            purchases=(bought("2026-11-05", "5"),),
        ),
        customer("al", name="Al", consultant="sam", contacts=(contact("2026-11-01"),)),
        customer("cy", name="Cy", contacts=(contact("2026-11-01"),)),
    ]
    data = dataset(*people, rules=rules_from(TWO_RULES), settings={"max_touches_per_week": 3})
    made = plan(data)
    keys = [(t.due, t.consultant, t.customer, t.rule) for t in made.tasks]
    assert keys == sorted(keys)
    assert [(t.due.isoformat(), t.consultant, t.customer, t.rule) for t in made.tasks] == [
        ("2026-11-11", "dana", "bea", "low"),
        ("2026-11-11", "dana", "cy", "low"),
        ("2026-11-11", "olga", "al", "low"),
        ("2026-11-19", "dana", "bea", "high"),
    ]
    assert plan(data) == made


def test_talking_points_render_customer_facts_as_plain_text() -> None:
    rule = rules_from(
        """\
        - id: call
          habit: stay_in_touch
          title: T
          why: W.
          anchor: contact
          offset_days: 10
          talking_points:
            - "{{ first_name }} <b>: {{ purchases_count }} purchases, {{ lifetime_value | money }}"
            - "Note: {{ last_note }}; {{ region }}"
            - "Prices in {{ currency }}"
        """
    )
    ann = customer(
        contacts=(contact("2026-11-01"),),
        purchases=(bought("2026-01-01", "1234.5"),),
        notes=(
            model.Note(date=D("2026-01-01"), text="Old"),
            model.Note(date=D("2026-10-01"), text="Has a new dog"),
        ),
    )
    (task,) = plan(dataset(ann, rules=rule)).tasks
    assert task.talking_points == ("Ann <b>: 1 purchases, $1,234.50", "Note: Has a new dog;", "Prices in USD")


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("4210.00", "USD", "$4,210"),
        ("1250.5", "EUR", "€1,250.50"),
        ("99", "GBP", "£99"),
        ("1234", "chf", "1,234 CHF"),
        ("-5", "USD", "-$5"),
        ("0.005", "USD", "$0.01"),
    ],
)
def test_money_reads_as_people_say_it(amount: str, currency: str, text: str) -> None:
    assert format_money(Decimal(amount), currency) == text


@pytest.mark.parametrize(
    "source",
    [
        'stage == "customer" and lifetime_value >= 2000 and not lapsed',
        "not lapsed and has_email",
        'stage == "lost" or lapsed',
        "true",
        'has_email and (lapsed or quiet) and stage != "lost"',
    ],
)
def test_a_condition_splits_into_parts_fixed_per_customer_and_parts_of_the_day(source: str) -> None:
    condition = compile_condition(source, FACT_TYPES)
    fixed, daily = split_condition(condition)
    assert not any(names(part) & DAILY_FACTS for part in fixed)
    assert all(names(part) & DAILY_FACTS for part in daily)
    for stage, value, lapsed, quiet, email in product(
        ("customer", "lost"),
        (Decimal(10), Decimal(5000)),
        (True, False),
        (True, False),
        (True, False),
    ):
        facts = {
            "stage": stage,
            "lifetime_value": value,
            "lapsed": lapsed,
            "quiet": quiet,
            "has_email": email,
        }
        parts = [walker(part)(facts.__getitem__) for part in (*fixed, *daily)]
        assert walker(condition.tree)(facts.__getitem__) == all(parts), facts
