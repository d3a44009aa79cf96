"""A rule made ready for scheduling: its days resolved against the settings, its condition split.

Each rule is prepared once per plan, so every customer's scheduling reads plain numbers and
ready-made tests instead of working them out again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from generator.core import model
from generator.core.expr import Expr, Literal, conjuncts, names
from generator.core.expr_check import Condition
from generator.core.expr_eval import Evaluator, walker
from generator.core.fact_catalogue import DAILY_FACTS
from generator.core.rule import Rule, resolve_days
from generator.core.vocabulary import HANDOVER_HABITS, YEARLY_ANCHORS
from generator.plan.done import done_events


@dataclass(frozen=True, slots=True)
class PreparedRule:
    """A rule with what every customer's scheduling needs of it, worked out once per plan."""

    rule: Rule
    delay: timedelta
    """From the anchor event to its (first) occurrence."""
    every: int | None
    """every_days in days; None when the rule does not repeat."""
    step: timedelta
    """every_days as a time span (zero when the rule does not repeat)."""
    expires: int
    """Days a missed occurrence stays on the plan as overdue."""
    early: timedelta
    done: frozenset[str]
    """The events that complete a task of the rule (`plan.done.done_events`)."""
    rank: tuple[bool, int, int]
    """Which of two candidates in the same week is kept first: handover tasks, then priority,
    then the earlier rule in the file."""
    fixed: tuple[Evaluator, ...]
    """The `and`-ed parts of the condition that read no daily fact: one answer per customer."""
    daily: tuple[Evaluator, ...]
    """The other parts, which depend on the day they are evaluated on."""
    why: str
    """The lesson on one line, as each task shows it."""
    wanted: frozenset[str]
    """Every name the talking points use."""


def prepare_rule(rule: Rule, settings: model.Settings) -> PreparedRule:
    """Resolve a rule's days against the settings and split its condition, once per plan."""
    offset = resolve_days(rule.offset_days, settings) if rule.offset_days is not None else None
    every = resolve_days(rule.every_days, settings) if rule.every_days is not None else None
    fixed, daily = split_condition(rule.condition)
    return PreparedRule(
        rule=rule,
        delay=timedelta(days=_delay(rule, offset, every, settings)),
        every=every,
        step=timedelta(days=every or 0),
        expires=_expires(rule, every, settings),
        early=timedelta(days=rule.early_days),
        done=done_events(rule),
        rank=(rule.habit not in HANDOVER_HABITS, -rule.priority, rule.order),
        fixed=tuple(walker(part) for part in fixed),
        daily=tuple(walker(part) for part in daily),
        why=" ".join(rule.why.split()),
        wanted=frozenset().union(*(point.names for point in rule.talking_points)),
    )


def _expires(rule: Rule, every: int | None, settings: model.Settings) -> int:
    if rule.expires_days is not None:
        return resolve_days(rule.expires_days, settings)
    if every is not None:  # until the next occurrence falls due
        return every - 1
    return int(settings.values.get("overdue_window_days", 90))


def _delay(rule: Rule, offset: int | None, every: int | None, settings: model.Settings) -> int:
    """offset_days; without it, minus the lead for the season and a full repeat for every_days."""
    if offset is not None:
        return offset
    if rule.anchor == "season":
        return -int(settings.values.get("appreciation_lead_days", 0))
    if rule.anchor in YEARLY_ANCHORS or every is None:
        return 0
    return every


def split_condition(condition: Condition) -> tuple[list[Expr], list[Expr]]:
    """(fixed, daily): the condition holds on a day exactly when every part of both does.

    Most conditions start with tests such as `stage == "customer"` that no day changes; testing
    those once per customer skips every rule that cannot apply before any date is worked out.
    A part written `true` (a rule without a condition) tests nothing and is left out.
    """
    parts = [
        p for p in conjuncts(condition.tree) if not (isinstance(p, Literal) and p.value is True)
    ]
    fixed = [part for part in parts if not names(part) & DAILY_FACTS]
    daily = [part for part in parts if names(part) & DAILY_FACTS]
    return fixed, daily
