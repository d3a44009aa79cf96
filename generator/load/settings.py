"""The `settings:` block of `playbook/rules.yaml`: every tunable number and what it means.

Later features add their settings here, so the schema and `check` read one table; the value of
each setting left out is in `core.vocabulary.DEFAULT_SETTINGS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.core import model
from generator.core.vocabulary import WEEKDAYS
from generator.load.fields import Context, Field, Invalid, Kind, ListOf, Record, scalar_text
from generator.load.scalars import Choice, Date, Integer, Line, Money
from generator.load.yamlio import Node

MAX_DAYS = 3660
"""The longest day count a rule or setting may name: ten years (offsets may be as negative)."""


@dataclass(frozen=True)
class MonthDay(Kind):
    """A day of every year written --MM-DD; kept as that text once checked."""

    def convert(self, node: Node, context: Context) -> str:
        text = scalar_text(node, "a day of the year").strip()
        match = re.fullmatch(r"--(\d{2})-(\d{2})", text)
        try:
            date(2000, int(match[1]), int(match[2])) if match else None
        except ValueError:
            match = None
        if match is None:
            raise Invalid(f'must be a day of the year written "--MM-DD" in quotes, e.g. "--12-20" (got {text!r})', node)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^--\d{2}-\d{2}$"}


SETTINGS_FIELDS: tuple[Field, ...] = (
    Field("as_of", Date(), doc="Plan as of this date when --as-of is not given (demo data is written against a fixed date); leave it out to plan as of today."),
    Field("start_date", Date(), doc="Follow-ups that fell due before this date are not shown, overdue or in the audit: the plan starts fresh on it (playbook init writes the day it ran). Leave it out to show every missed follow-up."),
    Field("horizon_days", Integer(1, 366), doc="How many days ahead a plan looks."),
    Field("max_touches_per_week", Integer(1, 14), doc="Most follow-ups one customer receives in any 7-day window."),
    Field("lapsed_after_days", Integer(1, MAX_DAYS), doc="A customer with no purchase for this many days has lapsed (win-back)."),
    Field("quiet_after_days", Integer(1, MAX_DAYS), doc="No contact and no purchase for this many days makes a customer quiet."),
    Field("review_every_days", Integer(1, MAX_DAYS), doc="How often each customer's relationship is reviewed."),
    Field("prospect_expected_value", Money(), doc="Value at risk of a prospect without its own expected_value."),
    Field("page_size", Choice(("A4", "Letter")), doc="Paper size of printed letters and PDFs."),
    Field("appreciation_season", Line(), doc="Name of the season of appreciation, e.g. 'winter holidays'."),
    Field("appreciation_date", MonthDay(), doc="Month and day of the season's peak as --MM-DD; appreciation tasks fall before it."),
    Field("appreciation_lead_days", Integer(0, 180), doc="How many days before appreciation_date the appreciation task falls."),
    Field("overdue_window_days", Integer(1, MAX_DAYS), doc="How many days a missed one-off task stays on the plan as overdue before it is dropped (a rule's expires_days overrides it)."),
    Field("backlog_after_days", Integer(1, MAX_DAYS), doc="Overdue tasks older than this many days leave Today for the Backlog list at the end of a consultant's plan page."),
    Field("audit_on_time_days", Integer(0, 60), doc="The follow-up audit counts a task done on time when a contact falls within this many days of its due date."),
    Field("value_tiers", ListOf(Money()), doc="Lifetime-value thresholds that split customers into tiers (ascending)."),
    Field("working_days", ListOf(Choice(WEEKDAYS)), doc="The days the team works, e.g. [mon, tue, wed, thu, fri, sat] for a shop open on Saturdays (default Monday to Friday); appreciation tasks are spread over the working days of the week before they fall due."),
)

SETTINGS_RECORD = Record("settings", SETTINGS_FIELDS, doc="Tunable numbers of the follow-up engine.")


def resolve_as_of(as_of: date | None, dataset: model.Dataset, today: date | None) -> date | None:
    """--as-of when given, else settings.as_of, else `today` (which only front doors know)."""
    if as_of is not None:
        return as_of
    configured = dataset.settings.values.get("as_of")
    return configured if isinstance(configured, date) else today
