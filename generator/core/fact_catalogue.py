"""The customer facts that rule conditions and talking points may name: name, type, meaning.

Declared here, before any stage: `load.rules` checks conditions against the types, the site's
lessons print the table, and `plan.facts` computes the values for one customer and day.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.expr_check import BOOL, LIST, NUMBER, TEXT


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    type: str
    doc: str
    may_be_none: bool = False
    daily: bool = False
    """Its value depends on the day it is computed for; the others are fixed by the history."""


FACTS: tuple[Fact, ...] = (
    Fact("stage", TEXT, "customer, prospect or lost."),
    Fact(
        "days_since_contact",
        NUMBER,
        "Days since the last contact of any outcome (an unanswered call counts).",
        True,
        daily=True,
    ),
    Fact(
        "days_since_reached",
        NUMBER,
        "Days since the last contact in which we reached them (outcome reached, met or replied).",
        True,
        daily=True,
    ),
    Fact("days_since_purchase", NUMBER, "Days since the last purchase.", True, daily=True),
    Fact("days_since_first_purchase", NUMBER, "Days since the first purchase.", True, daily=True),
    Fact("days_since_review", NUMBER, "Days since the last relationship review.", True, daily=True),
    Fact(
        "days_since_customer",
        NUMBER,
        "Days since they became a customer: customer_since, or the first purchase when it is not written.",
        True,
        daily=True,
    ),
    Fact(
        "days_until_birthday",
        NUMBER,
        "Days until the next birthday (0 on the day).",
        True,
        daily=True,
    ),
    Fact("lifetime_value", NUMBER, "Total of all purchases (0 with none)."),
    Fact(
        "yearly_value",
        NUMBER,
        "Average spent per year while active: lifetime_value divided by the years from the first to the last purchase, counting at least one year (0 with no purchases).",
    ),
    Fact(
        "expected_value",
        NUMBER,
        "For prospects: what a first year might be worth, as written in the customer file.",
        True,
    ),
    Fact(
        "value_tier",
        NUMBER,
        "How many of the settings' value_tiers thresholds lifetime_value reaches (0 = below the first).",
    ),
    Fact("purchases_count", NUMBER, "Number of purchases."),
    Fact("contacts_count", NUMBER, "Number of contacts in the log, of any outcome."),
    Fact("reviews_count", NUMBER, "Number of relationship reviews."),
    Fact(
        "attempts_since_reached",
        NUMBER,
        "Contacts logged since we last reached them (all contacts when never reached).",
    ),
    Fact("last_rating", NUMBER, "The rating (1-5) they gave in the last review.", True),
    Fact(
        "lapsed",
        BOOL,
        "They bought before, but not for lapsed_after_days (a setting) or more.",
        daily=True,
    ),
    Fact(
        "quiet",
        BOOL,
        "Not heard from (a contact that reached them, a purchase or a review) for more than quiet_after_days (a setting), as in the quiet-customers report.",
        daily=True,
    ),
    Fact("interests", LIST, 'Their interests, e.g. "sailing" in interests.'),
    Fact("has_interests", BOOL, "At least one interest is written down."),
    Fact("region", TEXT, "Their region.", True),
    Fact("city", TEXT, "Their city.", True),
    Fact("country", TEXT, "Their country.", True),
    Fact("language", TEXT, "Language for letters, e.g. en.", True),
    Fact(
        "preferred_channel",
        TEXT,
        "email, phone or in_person as the customer said; none when unknown.",
        True,
    ),
    Fact("has_birthday", BOOL, "Their birthday is known."),
    Fact("has_email", BOOL, "An e-mail address is known."),
    Fact("has_phone", BOOL, "A phone number is known."),
    Fact("has_address", BOOL, "A postal address is known."),
    Fact("handed_over", BOOL, "A handover moved them to their current consultant."),
)

FACT_TYPES: dict[str, str] = {fact.name: fact.type for fact in FACTS}
DAILY_FACTS = frozenset(fact.name for fact in FACTS if fact.daily)
"""Facts that change with the day they are computed for (the history stays as of the plan)."""
