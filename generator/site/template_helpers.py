"""The names the page templates call besides the filters of `render`: channels, links, facts.

`TEMPLATE_GLOBALS` and `TEMPLATE_FILTERS` are added to the page environment once (build.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.core import model
from generator.core.vocabulary import CHANNEL_ICONS, CHANNEL_LABELS
from generator.plan.done import log_command
from generator.site.descriptions import habit_title
from generator.site.links import (
    customer_card,
    customer_history,
    customers_page,
    habit_page,
    history_page,
    plan_page,
    week_page,
)


def channel(name: str | None) -> tuple[str, str]:
    """(icon shortcode, label) of a channel; an unknown channel gets no icon."""
    if name is not None and name in CHANNEL_ICONS:
        return CHANNEL_ICONS[name], CHANNEL_LABELS[name]
    return ("", str(name or "").replace("_", " "))


CHANNEL_NOTES = {
    "preferred": " (their preference)",
    "inferred": " (they answered this way before)",
    "rotation": " (preference unknown: ask them)",
}


def channel_note(source: str) -> str:
    return CHANNEL_NOTES.get(source, "")


def outcome(value: str) -> str:
    return value.replace("_", " ")


def last_contact(customer: model.Customer) -> model.Contact | None:
    """The latest contact of any outcome (the log is kept in any order)."""
    return max(customer.contacts, key=lambda c: c.date, default=None)


def fallback_points(customer: model.Customer | None) -> list[str]:
    """Something to talk about when the engine gave no talking points: their latest news."""
    if customer is None:
        return []
    points = []
    if customer.notes:
        points.append(max(customer.notes, key=lambda n: n.date).text)
    if customer.interests:
        points.append("Interests: " + ", ".join(customer.interests))
    return points


def birthday(value: model.BirthdayValue) -> str:
    text = f"{value.day} {date(2000, value.month, 1):%B}"
    return f"{text} {value.year}" if value.year else text


TEMPLATE_GLOBALS: dict[str, Any] = {
    "channel": channel,
    "channel_note": channel_note,
    "outcome": outcome,
    "fallback_points": fallback_points,
    "habit_title": habit_title,
    "habit_page": habit_page,
    "plan_page": plan_page,
    "customers_page": customers_page,
    "week_page": week_page,
    "customer_card": customer_card,
    "customer_history": customer_history,
    "history_page": history_page,
    "last_contact": last_contact,
    "log_command": log_command,
}
TEMPLATE_FILTERS: dict[str, Any] = {"birthday": birthday}
