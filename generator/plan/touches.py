"""Not pestering: at most `max_touches_per_week` tasks per customer in any seven days.

The higher priority (then the earlier rule in the file) is kept and the others' reasons are
folded into it. Handover tasks (notify, introduce) are never dropped: a handover must be announced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from generator.core import model
from generator.core.rule import Rule
from generator.core.vocabulary import HANDOVER_HABITS
from generator.plan.facts import Facts
from generator.plan.prepared_rules import PreparedRule
from generator.plan.reasons import folded_text
from generator.plan.timing import Occurrence

WEEK = 7


@dataclass(slots=True)
class Candidate:
    """A task one rule would give one customer, before the weekly limit keeps or folds it."""

    plan: PreparedRule
    occurrence: Occurrence
    facts: Facts
    """The customer's facts on the day the task is done (its due date, or today if overdue)."""
    reason: str
    tried: tuple[model.Contact, ...] = ()
    """Contacts in its window that did not complete it, oldest first."""
    folded: list[str] = field(default_factory=list)

    @property
    def rule(self) -> Rule:
        return self.plan.rule

    @property
    def due(self) -> date:
        return self.occurrence.due

    @property
    def exempt(self) -> bool:
        return self.plan.rule.habit in HANDOVER_HABITS


def limit_touches(candidates: Sequence[Candidate], per_week: int) -> list[Candidate]:
    """Keep at most `per_week` tasks in any seven days; fold the others into the one kept.

    Handover tasks are placed first and always kept; the rest by priority, then file order.
    A folded reason goes to a kept task done by the same person where there is one.
    """
    if len(candidates) == 1 and per_week >= 1:
        return list(candidates)  # one task alone always fits
    ranked = sorted(candidates, key=lambda c: (c.plan.rank, c.due))
    kept: list[Candidate] = []
    for candidate in ranked:
        near = [k for k in kept if abs((k.due - candidate.due).days) < WEEK]
        if candidate.exempt or _fits(candidate.due, near, per_week):
            kept.append(candidate)
            continue
        # Fold into a task the same person does, so the reason reaches whoever acts on it.
        host = min(
            near,
            key=lambda k: (
                k.rule.by != candidate.rule.by,
                -k.rule.priority,
                abs((k.due - candidate.due).days),
                k.rule.order,
            ),
        )
        host.folded.append(folded_text(candidate.rule.title, candidate.reason))
    return kept


def _fits(due: date, near: Sequence[Candidate], per_week: int) -> bool:
    """Would one more task on `due` keep every seven-day window at or under the limit?

    `near` are the kept tasks less than a week from `due`: no window around `due` reaches
    the others.
    """
    if len(near) < per_week:
        return True
    for start_offset in range(WEEK):
        start = due - timedelta(days=start_offset)
        end = start + timedelta(days=WEEK - 1)
        if sum(1 for k in near if start <= k.due <= end) + 1 > per_week:
            return False
    return True
