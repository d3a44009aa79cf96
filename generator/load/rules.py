"""Playbook rules: the `rules:` list of `playbook/rules.yaml`, validated into `Rule` values.

A rule is written by a sales trainer, not a programmer, so every field is a plain word or number,
conditions use a small language (`core.expr`) over documented facts (`core.fact_catalogue`), and
every mistake is reported at the place it was written, with a suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.meta
import yaml

from generator.core.expr import ExprError
from generator.core.expr_check import Condition, compile_condition
from generator.core.fact_catalogue import FACT_TYPES
from generator.core.rule import TALKING_POINT_ENV, Days, Rule, SettingRef, TalkingPoint, plain_fill
from generator.core.suggest import did_you_mean
from generator.core.templating import PLACEHOLDER_LANGUAGE, placeholder_mistake
from generator.core.vocabulary import (
    ANCHORS,
    DEFAULT_DONE_WHEN,
    DOERS,
    DONE_EVENTS,
    HABITS,
    RULE_CHANNELS,
    YEARLY_ANCHORS,
)
from generator.load.fields import (
    FAILED,
    Context,
    Field,
    Invalid,
    Kind,
    ListOf,
    Record,
    is_plain,
    scalar_text,
    shown,
)
from generator.load.scalars import Choice, Integer, Line, Slug, Text, one_line
from generator.load.settings import MAX_DAYS, SETTINGS_FIELDS
from generator.load.yamlio import Node, ScalarNode, SequenceNode, pair_of, where

ANCHOR_DOCS = {
    "purchase": "the last purchase",
    "first_purchase": "the first purchase",
    "contact": "the last contact that reached them or a message that went out (an unanswered try does not move it); none: the last purchase, else customer_since, else the first try",
    "reached": "the last contact that reached them (reached, met, replied); never reached: as contact",
    "review": "the last relationship review; never reviewed: customer_since, else the first purchase",
    "customer_since": "customer_since, else the first purchase",
    "birthday": "each birthday (every year)",
    "season": "the appreciation_date of the settings (every year); offset_days defaults to minus appreciation_lead_days",
    "handover": "the handover that moved the customer to their consultant",
    "referral": "the first purchase of the most recent customer they recommended us to (whose referred_by names them)",
}
"""What each anchor counts from, for the `anchor` field's documentation."""

TEMPLATE_NAMES: dict[str, str] = {
    "name": "The customer's full name.",
    "first_name": "The first word of the customer's name.",
    "company": "Their company, if any.",
    "last_note": "The text of the most recent note about them.",
    "last_purchase_item": "What they bought last.",
    "last_purchase_date": "When they bought last (YYYY-MM-DD).",
    "consultant_name": "The name of whoever does the task.",
    "organization": "The organisation's name.",
    "season": "The name of the appreciation season (a setting).",
    "due": "The task's due date (YYYY-MM-DD).",
    "referred_name": "For anchor referral: the name of the customer they recommended us to.",
    "currency": "The organisation's currency code; amounts print with `| money`.",
    "gift_idea": "A gift or gesture for the appreciation season, drawn from their interests (playbook/gift_ideas.yaml).",
    "gift_budget": "What to spend on the gift, by their value tier, with the currency (e.g. £35).",
    "gift_delivery": "How to hand the gift over, following the task's channel: by post for a letter, in person for a visit; for a call or an e-mail, in person when the consultant works in their region, else by post.",
}
"""Names a talking point may use besides the facts (the site lists them beside the facts)."""

DONE_EVENT_DOCS = {
    "reached": "a contact that reached them (reached, met, replied)",
    "sent": "a one-way message that went out (outcome sent: an e-mail, letter or card)",
    "purchase": "a purchase",
    "review": "a recorded relationship review",
    "contact": "any contact, whatever its outcome",
}
"""What each event of `done_when` means, for the field's documentation."""


def _defaults_doc() -> str:
    """The habits' defaults, habits with the same list named together."""
    by_events: dict[tuple[str, ...], list[str]] = {}
    for habit, events in DEFAULT_DONE_WHEN.items():
        by_events.setdefault(events, []).append(habit)
    return "; ".join(f"{', '.join(h)}: {', '.join(e)}" for e, h in by_events.items())


def _integer_settings() -> tuple[str, ...]:
    return tuple(f.name for f in SETTINGS_FIELDS if isinstance(f.kind, Integer))


_INT = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class DaysKind(Kind):
    """A whole number of days, or the name of a number in the settings (minus sign allowed)."""

    minimum: int = -MAX_DAYS
    maximum: int = MAX_DAYS

    def convert(self, node: Node, context: Context) -> Days:
        text = scalar_text(node, "a number of days").strip()
        if _INT.match(text) and is_plain(node):
            return int(Integer(self.minimum, self.maximum).convert(node, context))
        sign = -1 if text.startswith("-") else 1
        name = text.removeprefix("-").strip()
        names = _integer_settings()
        if name in names:
            if sign < 0 and self.minimum >= 0:
                raise Invalid(f"must not be negative (got {text!r})", node)
            return SettingRef(name, sign)
        hint = did_you_mean(name, names, otherwise=f"; settings you can name: {', '.join(names)}")
        raise Invalid(
            f"must be a whole number of days or the name of a setting (got {text!r}){hint}", node
        )

    def schema(self) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        names = list(_integer_settings())
        return {"anyOf": [number, {"type": "string", "enum": names + [f"-{n}" for n in names]}]}


def shifted(node: Node, offset: int) -> Node | None:
    """A node pointing `offset` characters into a one-line scalar, or None when that is not exact.

    Only plain and simply quoted one-line values map characters to columns one to one.
    """
    if not isinstance(node, ScalarNode):
        return None
    start, end = node.start_mark, node.end_mark
    quote = 1 if node.style in ("'", '"') else 0
    if start.line != end.line or node.style not in ("", None, "'", '"'):
        return None
    if end.column - start.column != len(node.value) + 2 * quote:
        return None  # escapes such as '' or \" change the width
    mark = yaml.Mark(
        start.name,
        start.index + quote + offset,
        start.line,
        start.column + quote + offset,
        None,
        0,
    )
    return ScalarNode(node.tag, node.value, mark, mark, node.style)


@dataclass(frozen=True)
class ConditionKind(Kind):
    """A condition in the rule language, parsed and type-checked against the facts table."""

    def convert(self, node: Node, context: Context) -> Condition:
        text = scalar_text(node, "a condition")
        try:
            return compile_condition(text, FACT_TYPES)
        except ExprError as exc:
            target = shifted(node, exc.column)
            if target is None:
                raise Invalid(
                    f"is not valid: {exc.message} (at character {exc.column + 1})", node
                ) from None
            raise Invalid(f"is not valid: {exc.message}", target) from None

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}


@dataclass(frozen=True)
class TalkingPointKind(Kind):
    """A line of text with {{ placeholders }}; every name must be a fact or a `TEMPLATE_NAMES` entry."""

    def convert(self, node: Node, context: Context) -> TalkingPoint:
        text = one_line(node, scalar_text(node, "a talking point"))
        try:
            tree = TALKING_POINT_ENV.parse(text)
            mistake = placeholder_mistake(tree)
        except jinja2.TemplateSyntaxError as exc:
            raise Invalid(f"template error in talking point: {exc.message}", node) from None
        except RecursionError:  # thousands of nested brackets or `not`s
            raise Invalid(f"is nested too deeply to read; {PLACEHOLDER_LANGUAGE}", node) from None
        if mistake is not None:
            raise Invalid(f"{mistake} cannot be used in a talking point; {PLACEHOLDER_LANGUAGE}", node)
        known = {*FACT_TYPES, *TEMPLATE_NAMES}
        used = jinja2.meta.find_undeclared_variables(tree)
        for name in sorted(used):
            if name not in known:
                hint = did_you_mean(name, sorted(known), otherwise="; see the table of facts")
                match = re.search(rf"\b{re.escape(name)}\b", text)
                target = shifted(node, match.start()) if match else None
                raise Invalid(f"unknown name {name!r} in talking point{hint}", target or node)
        fill = plain_fill(tree)
        return TalkingPoint(text, TALKING_POINT_ENV.from_string(tree), frozenset(used), fill)

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}


@dataclass(frozen=True)
class DoneWhenKind(Kind):
    """A non-empty list of `vocabulary.DONE_EVENTS`; each bad entry is reported where written."""

    def convert(self, node: Node, context: Context) -> tuple[str, ...] | object:
        events = ", ".join(DONE_EVENTS)
        if not isinstance(node, SequenceNode):
            raise Invalid(
                f"must be a list of events, e.g. [reached, sent] (got {shown(node)})", node
            )
        if not node.value:
            raise Invalid(
                f"must list at least one of {events}; leave it out for the habit's default", node
            )
        found: list[str] = []
        for child in node.value:
            text = child.value if isinstance(child, ScalarNode) else None
            if text in DONE_EVENTS:
                found.append(str(text))
                continue
            got = repr(text) if text is not None else shown(child)
            hint = did_you_mean(text, DONE_EVENTS) if text is not None else ""
            context.error(child, f"'done_when' entries must be one of {events} (got {got}){hint}")
        return tuple(dict.fromkeys(found)) if len(found) == len(node.value) else FAILED

    def schema(self) -> dict[str, Any]:
        return {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "enum": list(DONE_EVENTS)},
        }


RULE_FIELDS: tuple[Field, ...] = (
    Field(
        "id", Slug(), required=True, doc="A short unique name, e.g. thank-you. Tasks remember it."
    ),
    Field("habit", Choice(HABITS), required=True, doc="Which habit the rule teaches."),
    Field(
        "title",
        Line(),
        required=True,
        doc="What to do, in a few words, e.g. 'Thank them for their purchase'.",
    ),
    Field(
        "why",
        Text(),
        required=True,
        doc="One or two sentences that teach the habit; shown beside every task.",
    ),
    Field("lesson", Text(), doc="Optional: a paragraph for the habit's lesson page, what a trainer would add to why (a story, the reason behind the timing)."),
    Field(
        "condition",
        ConditionKind(),
        doc='Which customers the rule applies to, e.g. stage == "customer" and lifetime_value >= 2000. Leave out for everyone.',
    ),
    Field(
        "anchor",
        Choice(ANCHORS),
        required=True,
        doc="The event the timing counts from: "
        + "; ".join(f"{k}: {v}" for k, v in ANCHOR_DOCS.items())
        + ".",
    ),
    Field(
        "offset_days",
        DaysKind(),
        doc="Days after the anchor (negative: before), or a setting's name.",
    ),
    Field(
        "every_days",
        DaysKind(1),
        doc="Repeat every so many days after the anchor while nothing changes it, or a setting's name.",
    ),
    Field(
        "attempts",
        ListOf(Integer(1, 366)),
        doc="For follow-up sequences: days to wait after each unanswered attempt; the last entry is the final attempt. Needs anchor: contact.",
    ),
    Field(
        "channel",
        Choice(RULE_CHANNELS),
        doc="preferred (default: the customer's channel) or a fixed one, e.g. letter for a handwritten card.",
    ),
    Field(
        "by",
        Choice(DOERS),
        doc="Who does it: consultant (default) or signatory (the organisation's signatory).",
    ),
    Field(
        "priority",
        Integer(0, 1000),
        doc="When two tasks for one customer fall in the same week, the higher priority is kept and the other folded in.",
    ),
    Field(
        "early_days",
        Integer(0, 366),
        doc="A contact up to this many days before the due date already counts as done (default 0).",
    ),
    Field(
        "expires_days",
        DaysKind(0),
        doc="How many days a missed task stays on the plan as overdue (default: the setting overdue_window_days; for repeating rules, one repeat).",
    ),
    Field(
        "talking_points",
        ListOf(TalkingPointKind()),
        doc="Short lines to say or write, with {{ placeholders }} such as {{ first_name }} or {{ last_purchase_item }}.",
    ),
    Field(
        "done_when",
        DoneWhenKind(),
        doc="Which events complete a task of the rule, in its window (from early_days before the due date, never on the anchor day); leave out for the habit's default. Events: "
        + "; ".join(f"{k}: {v}" for k, v in DONE_EVENT_DOCS.items())
        + ". A contact logged for the task (task: its id) completes it whatever its outcome. Defaults: "
        + _defaults_doc()
        + ".",
    ),
)
RULE_RECORD = Record("rule", RULE_FIELDS, doc="One follow-up rule of the playbook.")


def parse_rules(node: Node, context: Context) -> tuple[Rule, ...]:
    """Validate the `rules:` list; every problem is reported where it was written."""
    if not isinstance(node, SequenceNode):
        context.error(node, "'rules' must be a list of rules")
        return ()
    rules: list[Rule] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(node.value, start=1):
        with context.item(index):
            values = context.record(RULE_RECORD, item)
        unique = _first_use_of_id(item, first_line, context)
        if values is None:
            continue
        with context.named(f"rule {values['id']!r}"):
            if not _consistent(values, item, context) or not unique:
                continue
        rules.append(Rule(**values, order=index, source=where(context.path, item)))
    return tuple(rules)


def _first_use_of_id(item: Node, first_line: dict[str, int], context: Context) -> bool:
    """Report a rule id used twice, even when one of the two rules has other errors."""
    pair = pair_of(item, "id")
    if pair is None or not isinstance(pair[1], ScalarNode):
        return True
    rule_id = str(pair[1].value)
    if rule_id in first_line:
        with context.named(f"rule {rule_id!r}"):
            context.error(
                pair[1],
                f"duplicate rule id (first defined on line {first_line[rule_id]}); "
                "rule ids must be unique, because tasks remember them",
            )
        return False
    first_line[rule_id] = item.start_mark.line + 1
    return True


def _consistent(values: dict[str, Any], item: Node, context: Context) -> bool:
    """Checks across fields: combinations that cannot mean what the trainer intended."""
    ok = True
    anchor = values["anchor"]
    if values.get("attempts"):
        for other in ("offset_days", "every_days"):
            pair = pair_of(item, other)
            if pair is not None:
                context.error(
                    pair[0],
                    f"'{other}' cannot be combined with 'attempts', which already times each try; remove one",
                )
                ok = False
        if anchor != "contact":
            pair = pair_of(item, "anchor")
            context.error(
                pair[1] if pair else item,
                f"'attempts' are counted from the last contact; write anchor: contact (got {anchor!r})",
            )
            ok = False
    if values.get("every_days") is not None and anchor in YEARLY_ANCHORS:
        pair = pair_of(item, "every_days")
        context.error(
            pair[0] if pair else item,
            f"'every_days' cannot be used with anchor {anchor!r}, which comes back every year by itself; remove every_days",
        )
        ok = False
    return ok
