"""Playbook rules: the `rules:` list of `playbook/rules.yaml`, validated into `Rule` values.

A rule is written by a sales trainer, not a programmer, so every field is a plain word or number,
conditions use a small language (`generator.expr`) over documented facts (`generator.facts`), and
every mistake is reported at the place it was written, with a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import get_close_matches
from typing import Any

import jinja2
import jinja2.meta
import jinja2.sandbox
import yaml
from jinja2 import nodes

from generator.core import model
from generator.core.expr import ALWAYS, Condition, ExprError, compile_condition
from generator.core.fact_catalogue import FACT_TYPES
from generator.core.money import format_money
from generator.core.problems import Location
from generator.load.fields import (
    Choice,
    Context,
    Field,
    Integer,
    Invalid,
    Kind,
    ListOf,
    Record,
    Slug,
    Text,
    is_plain,
    scalar_text,
)
from generator.load.settings import SETTINGS_FIELDS
from generator.load.yamlio import MappingNode, Node, ScalarNode, SequenceNode, where

HABITS = (
    "thank_you",
    "check_in",
    "prospect_follow_up",
    "stay_in_touch",
    "birthday",
    "review",
    "appreciation",
    "win_back",
    "notify",
    "introduce",
)
#: habits a handover creates; they are never dropped to avoid pestering (a handover must be announced)
HANDOVER_HABITS = frozenset({"notify", "introduce"})

ANCHORS = (
    "purchase",
    "first_purchase",
    "contact",
    "reached",
    "review",
    "customer_since",
    "birthday",
    "season",
    "handover",
)
#: anchors that come back every year by themselves
YEARLY_ANCHORS = frozenset({"birthday", "season"})
ANCHOR_DOCS = {
    "purchase": "the last purchase",
    "first_purchase": "the first purchase",
    "contact": "the last contact of any outcome; never contacted: the last purchase, else customer_since",
    "reached": "the last contact that reached them (reached, met, replied); never reached: as contact",
    "review": "the last relationship review; never reviewed: customer_since, else the first purchase",
    "customer_since": "customer_since, else the first purchase",
    "birthday": "each birthday (every year)",
    "season": "the appreciation_date of the settings (every year); offset_days defaults to minus appreciation_lead_days",
    "handover": "the handover that moved the customer to their consultant",
}
RULE_CHANNELS = ("preferred", *model.CONTACT_CHANNELS)
DOERS = ("consultant", "signatory")

#: names a talking point may use besides the facts
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
    "currency": "The organisation's currency code; amounts print with `| money`.",
    "gift_idea": "A gift or gesture for the appreciation season, drawn from their interests (playbook/gift_ideas.yaml).",
    "gift_budget": "What to spend on the gift, by their value tier, with the currency (e.g. £35).",
    "gift_delivery": "How to hand the gift over: in person when the consultant works in their region, else by post.",
}


@dataclass(frozen=True, slots=True)
class SettingRef:
    """A number of days taken from the settings, e.g. `lapsed_after_days` or `-appreciation_lead_days`."""

    name: str
    sign: int = 1

    def __str__(self) -> str:
        return f"-{self.name}" if self.sign < 0 else self.name


Days = int | SettingRef


def resolve_days(value: Days, settings: model.Settings) -> int:
    """The number of days a rule field means, looking settings up by name."""
    if isinstance(value, SettingRef):
        return value.sign * int(settings.values[value.name])
    return value


def _integer_settings() -> tuple[str, ...]:
    return tuple(f.name for f in SETTINGS_FIELDS if isinstance(f.kind, Integer))


_INT = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class DaysKind(Kind):
    """A whole number of days, or the name of a number in the settings (minus sign allowed)."""

    minimum: int | None = None

    def convert(self, node: Node, context: Context) -> Days:
        text = scalar_text(node, "a number of days").strip()
        if _INT.match(text) and is_plain(node):
            value = int(text)
            if self.minimum is not None and value < self.minimum:
                raise Invalid(f"must be at least {self.minimum} (got {value})", node)
            return value
        sign = -1 if text.startswith("-") else 1
        name = text.removeprefix("-").strip()
        names = _integer_settings()
        if name in names:
            if sign < 0 and self.minimum is not None and self.minimum >= 0:
                raise Invalid(f"must not be negative (got {text!r})", node)
            return SettingRef(name, sign)
        close = get_close_matches(name, names, n=1)
        hint = (
            f"; did you mean {close[0]!r}?"
            if close
            else f"; settings you can name: {', '.join(names)}"
        )
        raise Invalid(
            f"must be a whole number of days or the name of a setting (got {text!r}){hint}", node
        )

    def schema(self) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            number["minimum"] = self.minimum
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
        None,
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


@jinja2.pass_context
def _money(context: jinja2.runtime.Context, value: Any) -> str:
    """`{{ lifetime_value | money }}`: an amount in the organisation's currency."""
    return format_money(Decimal(value), context.get("currency") or "USD")


_ENV = jinja2.sandbox.SandboxedEnvironment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    finalize=lambda value: "" if value is None else value,
)
_ENV.filters["money"] = _money


Values = dict[str, Any]
Fill = Callable[[Values], Any]


@dataclass(frozen=True)
class TalkingPoint:
    """One talking point: a short line of text with {{ placeholders }} filled in per customer."""

    source: str
    template: jinja2.Template = field(compare=False, repr=False)
    names: frozenset[str] = frozenset()
    """The placeholders it uses, so only those facts are computed."""
    fill: Fill | None = field(default=None, compare=False, repr=False)
    """The same template as plain calls, when it is simple enough (see `plain_fill`)."""

    def render(self, values: Values) -> str:
        """Plain text; escaping for the page happens in the site's templates."""
        if not self.names and "{" not in self.source:
            return " ".join(self.source.split())
        text = self.template.render(values) if self.fill is None else self.fill(values)
        return " ".join(text.split())


def plain_fill(tree: nodes.Template) -> Fill | None:
    """The template as a few plain calls, when it only prints text, names, `or` and `join`.

    A Jinja render sets up a new context each time, which costs more than filling in one short
    line; a plan fills tens of thousands. The calls give the same text as the sandboxed
    environment above (None prints as nothing, `join` is Jinja's without autoescape) and raise
    where it raises. Anything else (other filters, tests, tags) returns None and stays with Jinja.
    """
    if len(tree.body) != 1 or not isinstance(tree.body[0], nodes.Output):
        return None
    pieces: list[Fill] = []
    for node in tree.body[0].nodes:
        if isinstance(node, nodes.TemplateData):
            pieces.append(_constant(node.data))
            continue
        value = _plain_value(node)
        if value is None:
            return None
        pieces.append(_printed(value))
    return lambda values: "".join([piece(values) for piece in pieces])


def _plain_value(node: nodes.Node) -> Fill | None:
    """A function of the values for a name, a constant, `a or b`, or `x | join(sep)`; else None."""
    if isinstance(node, nodes.Name) and node.ctx == "load":
        return _lookup(node.name)
    if isinstance(node, nodes.Const):
        return _constant(node.value)
    if isinstance(node, nodes.Or):
        left, right = _plain_value(node.left), _plain_value(node.right)
        if left is None or right is None:
            return None
        return lambda values: left(values) or right(values)
    if isinstance(node, nodes.Filter) and node.name == "join" and node.node is not None:
        return _plain_join(node)
    return None


def _plain_join(node: nodes.Filter) -> Fill | None:
    """`x | join` or `x | join("sep")` with a constant separator."""
    if node.kwargs or node.dyn_args or node.dyn_kwargs or len(node.args) > 1:
        return None
    if node.args and not isinstance(node.args[0], nodes.Const):
        return None
    inner = _plain_value(node.node)  # type: ignore[arg-type]
    if inner is None:
        return None
    separator = node.args[0].value if node.args else ""  # type: ignore[attr-defined]
    return lambda values: str(separator).join(map(str, inner(values)))


def _lookup(name: str) -> Fill:
    def value(values: Values) -> Any:
        try:
            return values[name]
        except KeyError:
            raise jinja2.UndefinedError(f"{name!r} is undefined") from None

    return value


def _constant(value: Any) -> Fill:
    return lambda values: value


def _printed(value: Fill) -> Fill:
    """How `{{ ... }}` prints a value: the environment's finalize, then str."""

    def text(values: Values) -> str:
        found = value(values)
        return "" if found is None else str(found)

    return text


@dataclass(frozen=True)
class TalkingPointKind(Kind):
    def convert(self, node: Node, context: Context) -> TalkingPoint:
        text = scalar_text(node, "a talking point")
        try:
            tree = _ENV.parse(text)
        except jinja2.TemplateSyntaxError as exc:
            raise Invalid(f"template error in talking point: {exc.message}", node) from None
        known = {*FACT_TYPES, *TEMPLATE_NAMES}
        used = jinja2.meta.find_undeclared_variables(tree)
        for name in sorted(used):
            if name not in known:
                close = get_close_matches(name, sorted(known), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else "; see the table of facts"
                match = re.search(rf"\b{re.escape(name)}\b", text)
                target = shifted(node, match.start()) if match else None
                raise Invalid(f"unknown name {name!r} in talking point{hint}", target or node)
        fill = plain_fill(tree)
        return TalkingPoint(text, _ENV.from_string(tree), frozenset(used), fill)

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One habit turned into dated tasks: who gets it (condition), when (timing), how (channel)."""

    id: str
    habit: str
    title: str
    why: str
    anchor: str
    condition: Condition = ALWAYS
    offset_days: Days | None = None
    """Days after the anchor (negative: before). None: 0, or every_days for recurring rules."""
    every_days: Days | None = None
    """Repeat this many days after each occurrence, while the anchor stays the same."""
    attempts: tuple[int, ...] = ()
    """Days between successive unanswered attempts; the last one is the final attempt."""
    channel: str = "preferred"
    by: str = "consultant"
    priority: int = 0
    early_days: int = 0
    """A contact this many days before the due date already counts as done."""
    expires_days: Days | None = None
    """How long a missed task stays on the plan as overdue; None: the settings' default."""
    talking_points: tuple[TalkingPoint, ...] = ()
    order: int = 0
    """Position in the file: the tie-breaker between rules of equal priority."""
    source: Location | None = None

    @property
    def recurring(self) -> bool:
        return self.every_days is not None or self.anchor in YEARLY_ANCHORS


RULE_FIELDS: tuple[Field, ...] = (
    Field(
        "id", Slug(), required=True, doc="A short unique name, e.g. thank-you. Tasks remember it."
    ),
    Field("habit", Choice(HABITS), required=True, doc="Which habit the rule teaches."),
    Field(
        "title",
        Text(),
        required=True,
        doc="What to do, in a few words, e.g. 'Thank them for their purchase'.",
    ),
    Field(
        "why",
        Text(),
        required=True,
        doc="One or two sentences that teach the habit; shown beside every task.",
    ),
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
)
RULE_RECORD = Record("rule", RULE_FIELDS, doc="One follow-up rule of the playbook.")


def _key_and_value(node: Node, key: str) -> tuple[Node, Node] | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return key_node, value_node
    return None


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
    pair = _key_and_value(item, "id")
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
            pair = _key_and_value(item, other)
            if pair is not None:
                context.error(
                    pair[0],
                    f"'{other}' cannot be combined with 'attempts', which already times each try; remove one",
                )
                ok = False
        if anchor != "contact":
            pair = _key_and_value(item, "anchor")
            context.error(
                pair[1] if pair else item,
                f"'attempts' are counted from the last contact; write anchor: contact (got {anchor!r})",
            )
            ok = False
    if values.get("every_days") is not None and anchor in YEARLY_ANCHORS:
        pair = _key_and_value(item, "every_days")
        context.error(
            pair[0] if pair else item,
            f"'every_days' cannot be used with anchor {anchor!r}, which comes back every year by itself; remove every_days",
        )
        ok = False
    return ok
