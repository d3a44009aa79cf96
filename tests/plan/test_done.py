"""What completes a task (`plan.done`) as the plan applies it: each habit's default, `done_when`
overrides, a contact naming its task, the anchor day, the tries a task keeps, and referrals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from test_schedule import bought, customer, dataset, plan, rows, rules_from

from generator.core import model
from generator.core.vocabulary import DEFAULT_DONE_WHEN
from generator.plan.done import task_id

D = date.fromisoformat


def contact(
    day: str, outcome: str = "reached", channel: str = "phone", **more: Any
) -> model.Contact:
    return model.Contact(date=D(day), channel=channel, outcome=outcome, **more)


def one_rule(habit: str, anchor: str = "purchase", extra: str = "") -> Any:
    return rules_from(
        f"- {{id: r, habit: {habit}, title: T, why: W., anchor: {anchor}, offset_days: 2{extra}}}\n"
    )


SOLD = customer(purchases=(bought("2026-11-01", "50", "Tent"),))
"""A purchase on 1 November: a task of the rule below falls due on 3 November."""

EVENTS = {
    "reached": {"contacts": (contact("2026-11-05", "reached"),)},
    "replied": {"contacts": (contact("2026-11-05", "replied", "email"),)},
    "sent": {"contacts": (contact("2026-11-05", "sent", "email"),)},
    "no_answer": {"contacts": (contact("2026-11-05", "no_answer"),)},
    "left_message": {"contacts": (contact("2026-11-05", "left_message"),)},
}
"""One event each, dated inside the window of a task due on 3 November."""


@pytest.mark.parametrize(
    ("habit", "removes", "keeps"),
    [
        ("thank_you", {"reached", "replied", "sent"}, {"no_answer", "left_message"}),
        ("check_in", {"reached", "replied"}, {"sent", "no_answer", "left_message"}),
        ("win_back", {"reached", "replied"}, {"sent", "no_answer", "left_message"}),
        ("appreciation", {"reached", "replied", "sent"}, {"no_answer", "left_message"}),
        ("referral_thanks", {"reached", "replied", "sent"}, {"no_answer", "left_message"}),
    ],
)
def test_each_habit_default_says_which_contacts_complete_it(
    habit: str, removes: set[str], keeps: set[str]
) -> None:
    rule = one_rule(habit)
    for name, fields in EVENTS.items():
        made = rows(plan(dataset(replace(SOLD, **fields), rules=rule)))
        expected = [] if name in removes else [("2026-11-03", "r", "dana", True)]
        assert made == expected, (habit, name)
    assert removes | keeps == set(EVENTS)


def test_a_purchase_completes_a_check_in_but_not_a_thank_you() -> None:
    later = customer(purchases=(bought("2026-09-01", "50"),))
    check_in = rules_from(
        "- {id: r, habit: check_in, title: T, why: W., anchor: first_purchase, offset_days: 2}\n"
    )
    bought_again = replace(later, purchases=(*later.purchases, bought("2026-09-10", "20")))
    assert DEFAULT_DONE_WHEN["check_in"] == ("reached", "purchase")
    assert rows(plan(dataset(bought_again, rules=check_in), as_of=D("2026-09-20"))) == []
    assert rows(plan(dataset(later, rules=check_in), as_of=D("2026-09-20"))) == [
        ("2026-09-03", "r", "dana", True)
    ]
    thanks = rules_from(
        "- {id: r, habit: thank_you, title: T, why: W., anchor: first_purchase, offset_days: 2}\n"
    )
    assert rows(plan(dataset(bought_again, rules=thanks), as_of=D("2026-09-12"))) == [
        ("2026-09-03", "r", "dana", True)
    ]


def test_a_review_task_stays_after_an_email_reply_and_goes_with_a_recorded_review() -> None:
    reviewed = customer(
        customer_since=D("2020-01-01"),
        reviews=(model.Review(date=D("2025-05-16"), rating=4),),
        contacts=(contact("2026-10-01", "replied", "email"),),
    )
    yearly = rules_from(
        "- {id: r, habit: review, title: T, why: W., anchor: review, every_days: 365}\n"
    )
    assert rows(plan(dataset(reviewed, rules=yearly))) == [("2026-05-16", "r", "dana", True)]
    held = replace(
        reviewed, reviews=(*reviewed.reviews, model.Review(date=D("2026-11-02"), rating=5))
    )
    assert rows(plan(dataset(held, rules=yearly))) == []


def test_done_when_overrides_the_habit_default() -> None:
    by_mail = one_rule("check_in", extra=", done_when: [sent]")
    assert rows(plan(dataset(replace(SOLD, **EVENTS["sent"]), rules=by_mail))) == []
    assert rows(plan(dataset(replace(SOLD, **EVENTS["reached"]), rules=by_mail))) == [
        ("2026-11-03", "r", "dana", True)
    ]
    anything = one_rule("thank_you", extra=", done_when: [contact]")
    assert rows(plan(dataset(replace(SOLD, **EVENTS["no_answer"]), rules=anything))) == []


def test_a_contact_naming_the_task_completes_exactly_that_task() -> None:
    rules = rules_from(
        """\
        - {id: a, habit: thank_you, title: T, why: W., anchor: purchase, offset_days: 2}
        - {id: b, habit: check_in, title: T, why: W., anchor: purchase, offset_days: 3}
        """
    )
    named = task_id("a", "ann", D("2026-11-03"))
    logged = replace(SOLD, contacts=(contact("2026-11-05", "no_answer", task=named),))
    weekly = {"max_touches_per_week": 5}
    made = plan(dataset(logged, rules=rules, settings=weekly), as_of=D("2026-11-06"))
    assert [t.rule for t in made.tasks] == ["b"]
    other = replace(SOLD, contacts=(contact("2026-11-05", "no_answer", task="0123456789"),))
    made = plan(dataset(other, rules=rules, settings=weekly), as_of=D("2026-11-06"))
    assert [t.rule for t in made.tasks] == ["a", "b"]


def test_a_contact_naming_an_upcoming_task_completes_it_before_its_window() -> None:
    rule = one_rule("thank_you")
    early = replace(
        SOLD, contacts=(contact("2026-11-01", "sent", task=task_id("r", "ann", D("2026-11-03"))),)
    )
    assert rows(plan(dataset(SOLD, rules=rule), as_of=D("2026-11-02"))) == [
        ("2026-11-03", "r", "dana", False)
    ]
    assert rows(plan(dataset(early, rules=rule), as_of=D("2026-11-02"))) == []


def test_a_meeting_on_the_day_of_the_sale_is_not_its_thank_you() -> None:
    rule = one_rule("thank_you", extra=", early_days: 5")
    met = replace(SOLD, contacts=(contact("2026-11-01", "met", "in_person"),))
    task = plan(dataset(met, rules=rule)).tasks[0]
    assert (task.due, task.anchor, task.tried) == (D("2026-11-03"), D("2026-11-01"), ())


def test_tries_stay_on_the_task_and_its_reason_names_the_last() -> None:
    rule = one_rule("thank_you")
    tries = (
        contact("2026-11-04", "no_answer"),
        contact("2026-11-06", "left_message"),
    )
    task = plan(dataset(replace(SOLD, contacts=tries), rules=rule)).tasks[0]
    assert task.tried == tries
    assert task.reason == (
        "bought Tent on 2026-11-01 (15 days ago); tried on 2026-11-06 (left message) and once before"
    )
    one = plan(dataset(replace(SOLD, contacts=tries[:1]), rules=rule)).tasks[0]
    assert one.reason == "bought Tent on 2026-11-01 (15 days ago); tried on 2026-11-04 (no answer)"


def test_prospect_attempts_still_advance_with_every_try() -> None:
    sequence = rules_from(
        "- {id: p, habit: prospect_follow_up, title: T, why: W., anchor: contact, attempts: [3, 7]}\n"
    )
    pat = customer(
        stage="prospect",
        contacts=(contact("2026-11-01", "met"), contact("2026-11-04", "no_answer")),
    )
    task = plan(dataset(pat, rules=sequence)).tasks[0]
    assert (task.due, task.tried, task.anchor) == (D("2026-11-11"), (), D("2026-11-04"))


def test_referral_thanks_counts_from_the_latest_referred_first_purchase() -> None:
    rule = rules_from(
        "- {id: ref, habit: referral_thanks, title: T, why: W., anchor: referral, offset_days: 2,"
        " talking_points: ['Thank {{ first_name }} for sending {{ referred_name }}.']}\n"
    )
    ann = customer()
    ben = customer("ben", name="Ben Ode", referred_by="ann", purchases=(bought("2026-10-01", "9"),))
    cy = customer(
        "cy",
        name="Cy Park",
        referred_by="ann",
        purchases=(bought("2026-11-10", "9"), bought("2026-11-20", "9")),
    )
    later = customer(
        "dee", name="Dee Ray", referred_by="ann", purchases=(bought("2026-11-30", "9"),)
    )
    made = plan(dataset(ann, ben, cy, later, rules=rule), days=7)
    (task,) = made.tasks
    assert (task.customer, task.due, task.anchor) == ("ann", D("2026-11-12"), D("2026-11-10"))
    assert task.reason == "recommended us to Cy Park, who first bought on 2026-11-10 (6 days ago)"
    assert task.talking_points == ("Thank Ann for sending Cy Park.",)
    nobody = plan(dataset(ann, replace(cy, purchases=()), rules=rule))
    assert nobody.tasks == ()


def test_stay_in_touch_counts_from_reaching_them_so_a_missed_call_keeps_it() -> None:
    rule = rules_from(
        "- {id: s, habit: stay_in_touch, title: T, why: W., anchor: reached, every_days: 30}\n"
    )
    ann = customer(contacts=(contact("2026-10-01"), contact("2026-11-02", "no_answer")))
    task = plan(dataset(ann, rules=rule)).tasks[0]
    assert (task.due, task.tried) == (D("2026-10-31"), (contact("2026-11-02", "no_answer"),))
    assert task.reason.endswith("; tried on 2026-11-02 (no answer)")
