"""Rules and habits in a trainer's words: timing, audience and settings as plain sentences.

The habit pages show what the rules do without showing their YAML; `describe_rule` reads
whatever fields a rule has, so a new rule field shows up as a setting without a change here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, fields

from generator.core import model
from generator.core.rule import Rule, SettingRef
from generator.core.vocabulary import DEFAULT_DONE_WHEN, HABIT_TITLES
from generator.site.links import slug
from generator.site.spec import Site, task_order

ANCHOR_TEXT = {
    "purchase": "their last purchase",
    "first_purchase": "their first purchase",
    "contact": "the last contact",
    "reached": "the last time we reached them",
    "review": "the last relationship review",
    "customer_since": "the day they became a customer",
    "birthday": "their birthday",
    "season": "the appreciation date",
    "handover": "the handover",
    "referral": "the first purchase of a customer they recommended us to",
}
DONE_TEXT = {
    "reached": "they are reached",
    "sent": "a message is sent",
    "purchase": "they buy",
    "review": "a review is recorded",
    "contact": "any contact is logged, answered or not",
}
"""Each `done_when` event in plain words, for the habit pages."""
_DESCRIBED = {"id", "habit", "title", "why", "anchor", "condition", "offset_days", "every_days", "attempts", "channel", "talking_points", "order", "source", "done_when"}


def habit_title(habit: str) -> str:
    return HABIT_TITLES.get(habit, habit.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class RuleView:
    """A rule as a trainer reads it: plain sentences and settings, all still unescaped text."""

    id: str
    title: str
    why: str
    when: str
    applies_to: str
    channel: str
    """A channel name, or 'preferred'."""
    settings: list[tuple[str, str]]
    talking_points: list[str]
    done: str = ""
    """What completes a task of the rule, in words."""


def describe_rule(rule: Rule, settings: model.Settings) -> RuleView:
    """Explain a rule's timing, audience and settings in words; any field not described in words
    is listed as a setting, so a new rule field shows up on the habit page without more code."""
    values = _fields_of(rule)
    anchor = str(values.get("anchor") or "")
    when = _when(anchor, values, settings)
    condition = values.get("condition")
    applies = str(getattr(condition, "source", condition) or "true")
    extra = [
        (name, _as_text(value, settings))
        for name, value in values.items()
        if name not in _DESCRIBED and not name.startswith("_") and value not in (None, "", (), [], {})
    ]
    points = [point.source for point in rule.talking_points]
    return RuleView(
        id=str(values.get("id") or ""),
        title=str(values.get("title") or values.get("id") or ""),
        why=str(values.get("why") or ""),
        when=when,
        applies_to="everyone" if applies.strip() == "true" else applies,
        channel=str(values.get("channel") or "preferred"),
        settings=extra,
        talking_points=points,
        done=done_text(rule),
    )


def done_text(rule: Rule) -> str:
    """`they are reached, or a message is sent`: the rule's own `done_when`, else its habit's."""
    default = DEFAULT_DONE_WHEN.get(rule.habit, ("reached", "sent"))
    words = _either(rule.done_when or default)
    if rule.done_when and tuple(rule.done_when) != default:
        return f"{words} (this rule's own; usually {_either(default)})"
    return words


def _either(events: tuple[str, ...]) -> str:
    words = [DONE_TEXT.get(e, e.replace("_", " ")) for e in events]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + ", or " + words[-1]


def _fields_of(rule: Rule) -> dict[str, object]:
    return {f.name: getattr(rule, f.name) for f in fields(rule)}


def _days(value: object, settings: model.Settings) -> tuple[int | None, str]:
    """(number of days, how it was written): a setting name resolves to today's value."""
    if isinstance(value, SettingRef):
        number = settings.values.get(value.name)
        return (value.sign * int(number) if isinstance(number, int) else None), f" (setting {value})"
    if isinstance(value, int):
        return value, ""
    try:
        return int(str(value)), ""
    except ValueError:
        return None, ""


def _when(anchor: str, values: Mapping[str, object], settings: model.Settings) -> str:
    event = ANCHOR_TEXT.get(anchor, anchor.replace("_", " "))
    offset = values.get("offset_days")
    if offset is None and anchor == "season":
        offset = -int(settings.values.get("appreciation_lead_days") or 0)
    days, how = _days(offset, settings) if offset is not None else (0, "")
    if days is None:
        text = f"{offset} days from {event}"
    elif days == 0:
        text = f"On the day of {event}"
    else:
        unit = "day" if abs(days) == 1 else "days"
        text = f"{abs(days)} {unit}{how} {'after' if days > 0 else 'before'} {event}"
    every = values.get("every_days")
    if every is not None:
        number, how = _days(every, settings)
        text += f", then every {number if number is not None else every} days{how}"
    attempts = values.get("attempts")
    if isinstance(attempts, tuple) and attempts:
        text += "; without an answer, tries again after " + ", ".join(str(a) for a in attempts) + " days, the last being the final try"
    return text + "."


def _as_text(value: object, settings: model.Settings) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, SettingRef):
        number, how = _days(value, settings)
        return f"{number}{how}"
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(v, settings) for v in value)
    return str(getattr(value, "source", value))


@dataclass(frozen=True, slots=True)
class HabitView:
    habit: str
    title: str
    why: str
    rules: list[RuleView]
    tasks_this_week: int
    tasks_total: int
    example: model.Task | None


def habits(site: Site) -> list[HabitView]:
    """One entry per habit named by a rule or a task, in the rules' order."""
    order: list[str] = []
    rules: dict[str, list[RuleView]] = defaultdict(list)
    for rule in site.dataset.rules:
        habit = rule.habit
        if not slug(habit):
            continue
        if habit not in rules:
            order.append(habit)
        rules[habit].append(describe_rule(rule, site.dataset.settings))
    tasks: dict[str, list[model.Task]] = defaultdict(list)
    for task in site.plan.tasks:
        tasks[task.habit].append(task)
        if task.habit not in rules and task.habit not in order and slug(task.habit):
            order.append(task.habit)
    views = []
    for habit in order:
        own = tasks.get(habit, [])
        this_week = [t for t in own if t.due <= site.week_end]
        example = min(this_week or own, key=task_order, default=None)
        own_rules = rules.get(habit, [])
        why = own_rules[0].why if own_rules else (example.why if example else "")
        views.append(HabitView(habit, habit_title(habit), why, own_rules, len(this_week), len(own), example))
    return views
