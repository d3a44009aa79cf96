"""Rules and habits in a trainer's words: what a habit is, why, and how its rules decide.

The lesson pages (`site.habit_pages`) teach from these sentences, never from a rule's YAML:
timing, audience (`site.condition_words`), channel and completion are plain sentences; any rule
field this module does not put in words is still listed under "Also set", so a new rule field
shows up on the lesson page without a change here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date

from generator.core import model
from generator.core.rule import Rule, SettingRef
from generator.core.vocabulary import CHANNEL_LABELS, DEFAULT_DONE_WHEN, HABIT_TITLES
from generator.site.condition_words import condition_words
from generator.site.lesson_texts import EXERCISES, ONE_LINERS
from generator.site.links import slug
from generator.site.spec import Site

ANCHOR_TEXT = {
    "purchase": "each purchase",
    "first_purchase": "their first purchase",
    "contact": "the last contact",
    "reached": "the last time we reached them",
    "review": "their last relationship review (or the day they became a customer)",
    "customer_since": "the day they became a customer",
    "birthday": "their birthday",
    "season": "the appreciation date",
    "handover": "the handover that brings them to their new consultant",
    "referral": "the first purchase of a friend they recommended us to",
}
DONE_TEXT = {
    "reached": "you reach them",
    "sent": "you send them something (a message, a letter or a card)",
    "purchase": "they buy",
    "review": "you record a review",
    "contact": "you log any contact, answered or not",
}
"""Each `done_when` event in plain words, for the lesson pages."""
_IN_WORDS = {"id", "habit", "title", "why", "lesson", "anchor", "condition", "offset_days", "every_days", "attempts", "channel", "by", "priority", "early_days", "expires_days", "talking_points", "order", "source", "done_when"}
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_CHANNEL_WORDS = {"email": "by e-mail", "phone": "by phone", "in_person": "in person", "letter": "by letter or handwritten card"}


def habit_title(habit: str) -> str:
    return HABIT_TITLES.get(habit, habit.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class RuleView:
    """A rule as a trainer teaches it: plain sentences, all still unescaped text."""

    id: str
    title: str
    why: str
    lesson: str
    decides: list[str]
    """How the rule decides, one sentence each: when and for whom, how, when it is done."""
    settings: list[tuple[str, str]]
    """Fields not put in words above (a new rule field shows up here)."""
    talking_points: list[str]
    """As written, with their {{ placeholders }}; the examples show them filled in."""
    priority: int = 0


def describe_rule(rule: Rule, settings: model.Settings, currency: str = "USD") -> RuleView:
    """Explain a rule's timing, audience, channel and completion in sentences."""
    opening, who = condition_words(rule.condition, currency)
    when = _when(rule, settings)
    if rule.attempts:
        decides = [f"{when}.", f"Only {opening} {who}." if opening != "for" else "For every customer."]
    else:
        decides = [f"{when}, {opening} {who}."]
    if rule.anchor == "season":
        decides.append("The tasks are spread over the working days of the week up to that day, so they do not all fall on one.")
    decides.append(_how(rule))
    decides.append(f"Done when {done_text(rule)}{_early(rule)}.")
    decides.append(_missed(rule, settings))
    if rule.priority:
        decides.append(f"Priority {rule.priority}.")
    values = {f.name: getattr(rule, f.name) for f in fields(rule)}
    extra = [
        (name, _as_text(value, settings))
        for name, value in values.items()
        if name not in _IN_WORDS and not name.startswith("_") and value not in (None, "", (), [], {})
    ]
    return RuleView(
        id=rule.id,
        title=rule.title or rule.id,
        why=rule.why,
        lesson=rule.lesson,
        decides=[d[0].upper() + d[1:] for d in decides if d],
        settings=extra,
        talking_points=[point.source for point in rule.talking_points],
        priority=rule.priority,
    )


def done_text(rule: Rule) -> str:
    """`you reach them or you send them something`: the rule's own `done_when`, else its habit's."""
    default = DEFAULT_DONE_WHEN.get(rule.habit, ("reached", "sent"))
    words = _either(rule.done_when or default)
    if rule.done_when and tuple(rule.done_when) != default:
        return f"{words} (this rule's own choice; usually when {_either(default)})"
    return words


def _either(events: tuple[str, ...]) -> str:
    words = [DONE_TEXT.get(e, e.replace("_", " ")) for e in events]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _days(value: object, settings: model.Settings) -> tuple[int | None, str]:
    """(number of days, how it was written): a setting name resolves to today's value."""
    if isinstance(value, SettingRef):
        number = settings.values.get(value.name)
        return (value.sign * int(number) if isinstance(number, int) else None), f" (the setting {value.name})"
    if isinstance(value, int):
        return value, ""
    return None, ""


def spoken_days(days: int) -> str:
    """`one day`, `three weeks`, `a year`, `45 days`: a number of days as a trainer says it."""
    days = abs(days)
    if days == 365:
        return "a year"
    if days % 7 == 0 and 7 <= days <= 70:
        weeks = days // 7
        return "a week" if weeks == 1 else f"{_NUMBERS[weeks]} weeks"
    if days <= 10:
        return "a day" if days == 1 else f"{_NUMBERS[days]} days"
    return f"{days} days"


def _when(rule: Rule, settings: model.Settings) -> str:
    event = ANCHOR_TEXT.get(rule.anchor, rule.anchor.replace("_", " "))
    if rule.anchor == "purchase" and (rule.every_days is not None or isinstance(rule.offset_days, SettingRef)):
        event = "their last purchase"  # a win-back counts from the last one, not from each
    if rule.anchor == "season":
        event = _season(settings)
    if rule.attempts:
        return _attempts(rule.attempts, event)
    offset = rule.offset_days
    if offset is None and rule.anchor == "season":
        offset = -int(settings.values.get("appreciation_lead_days") or 0)
    repeat_only = offset is None and rule.every_days is not None
    if repeat_only:
        offset = rule.every_days  # a repeating rule starts one repeat after its anchor
    days, how = _days(offset, settings) if offset is not None else (0, "")
    if repeat_only:
        how = ""  # said once, with the repeat
    if days is None:
        text = f"{offset} days from {event}"
    elif days == 0:
        text = f"on the day of {event}"
    else:
        text = f"{spoken_days(days)}{how} {'after' if days > 0 else 'before'} {event}"
    if rule.every_days is not None:
        number, how = _days(rule.every_days, settings)
        every = f"every {spoken_days(number).removeprefix('a ').removeprefix('one ')}" if number is not None else f"every {rule.every_days} days"
        text += f", and {every}{how} after that while nothing changes"
    return text


def _season(settings: model.Settings) -> str:
    season = settings.values.get("appreciation_season") or "the season"
    written = str(settings.values.get("appreciation_date") or "")
    try:
        day = date(2000, int(written[2:4]), int(written[5:7]))
    except ValueError:
        return f"the {season}"
    return f"the {season} ({day.day} {day:%B})"


def _attempts(attempts: tuple[int, ...], event: str) -> str:
    first = f"{spoken_days(attempts[0])} after {event}"
    if len(attempts) == 1:
        return f"One try, {first}"
    count = _NUMBERS[len(attempts)] if len(attempts) <= 10 else str(len(attempts))
    later = ", ".join(str(a) for a in attempts[1:-1])
    later = f"{later} and {attempts[-1]}" if later else str(attempts[-1])
    return f"Up to {count} tries while they do not answer: the first {first}, the next ones {later} days after each unanswered try; the last is the final one"


def _how(rule: Rule) -> str:
    who = "The organisation's signatory, not the consultant, sends it" if rule.by == "signatory" else "You do it"
    if rule.channel == "preferred":
        return f"{who} through the customer's preferred channel (each channel in turn while we do not know it)."
    return f"{who} {_CHANNEL_WORDS.get(rule.channel, CHANNEL_LABELS.get(rule.channel, rule.channel).lower())}."


def _early(rule: Rule) -> str:
    if not rule.early_days:
        return ""
    return f"; a contact up to {spoken_days(rule.early_days)} before it falls due counts too"


def _missed(rule: Rule, settings: model.Settings) -> str:
    if rule.expires_days is None:
        if rule.recurring:
            return "A missed one stays on the plan as overdue until the next one falls due."
        days = settings.values.get("overdue_window_days")
        return f"A missed one stays on the plan as overdue for {days} days (the setting overdue_window_days)." if isinstance(days, int) else ""
    number, how = _days(rule.expires_days, settings)
    if number == 0:
        return "A missed one leaves the plan the next day."
    return f"A missed one stays on the plan as overdue for {spoken_days(number) if number is not None else rule.expires_days}{how}."


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
    one_line: str
    why: str
    rules: list[RuleView]
    tasks_this_week: int
    tasks_total: int
    exercise: str


def habits(site: Site) -> list[HabitView]:
    """One entry per habit named by a rule or a task, in the rules' order."""
    currency = site.dataset.organization.currency
    order: list[str] = []
    rules: dict[str, list[RuleView]] = defaultdict(list)
    for rule in site.dataset.rules:
        if not slug(rule.habit):
            continue
        if rule.habit not in rules:
            order.append(rule.habit)
        rules[rule.habit].append(describe_rule(rule, site.dataset.settings, currency))
    tasks: dict[str, list[model.Task]] = defaultdict(list)
    for task in site.plan.tasks:
        tasks[task.habit].append(task)
        if task.habit not in rules and task.habit not in order and slug(task.habit):
            order.append(task.habit)
    views = []
    for habit in order:
        own = tasks.get(habit, [])
        this_week = sum(1 for t in own if t.due <= site.week_end)
        own_rules = rules.get(habit, [])
        why = own_rules[0].why if own_rules else (own[0].why if own else "")
        one_line = ONE_LINERS.get(habit) or (own_rules[0].title if own_rules else habit_title(habit))
        exercise = EXERCISES.get(habit, EXERCISES[""])
        views.append(HabitView(habit, habit_title(habit), one_line, why, own_rules, this_week, len(own), exercise))
    return views
