"""The values a playbook rule is made of: `Rule`, its days (`SettingRef`) and its talking points.

`load.rules` builds them from `playbook/rules.yaml`; the engine and the pages only read them.
A talking point is a short sandboxed Jinja line; `plain_fill` turns the simplest ones into plain
calls, because a plan fills tens of thousands of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import jinja2
from jinja2 import nodes

from generator.core.expr_check import ALWAYS, Condition
from generator.core.money import format_money
from generator.core.problems import Location
from generator.core.templating import new_environment
from generator.core.vocabulary import YEARLY_ANCHORS


@dataclass(frozen=True, slots=True)
class SettingRef:
    """A number of days taken from the settings, e.g. `lapsed_after_days` or `-appreciation_lead_days`."""

    name: str
    sign: int = 1

    def __str__(self) -> str:
        return f"-{self.name}" if self.sign < 0 else self.name


Days = int | SettingRef


class SettingValues(Protocol):
    """What `resolve_days` reads of `model.Settings`: the values by name."""

    @property
    def values(self) -> Mapping[str, Any]: ...


def resolve_days(value: Days, settings: SettingValues) -> int:
    """The number of days a rule field means, looking settings up by name."""
    if isinstance(value, SettingRef):
        return value.sign * int(settings.values[value.name])
    return value


@jinja2.pass_context
def _money(context: jinja2.runtime.Context, value: Any) -> str:
    """`{{ lifetime_value | money }}`: an amount in the organisation's currency."""
    return format_money(Decimal(value), context.get("currency") or "USD")


def join_and(values: Any) -> str:
    """`{{ interests | join_and }}`: "camping, football and cooking"; "" for none."""
    items = [str(v) for v in values or () if v is not None and str(v) != ""]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _blank_none(value: Any) -> Any:
    """`{{ x }}` prints nothing for None."""
    return "" if value is None else value


TALKING_POINT_ENV = new_environment(
    sandboxed=True, trim_blocks=False, keep_trailing_newline=False, finalize=_blank_none
)
"""Talking points are written by trainers: sandboxed, strict about names, no escaping."""
TALKING_POINT_ENV.filters["money"] = _money
TALKING_POINT_ENV.filters["join_and"] = join_and


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
    """The template as a few plain calls, when it only prints text, names, `or`, `join` and `join_and`.

    A Jinja render sets up a new context each time, which costs more than filling in one short
    line; a plan fills tens of thousands. The calls give the same text as `TALKING_POINT_ENV`
    (None prints as nothing, `join` is Jinja's without autoescape) and raise where it raises.
    Anything else (other filters, tests, tags) returns None and stays with Jinja.
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
    if isinstance(node, nodes.Filter) and node.name == "join_and" and node.node is not None:
        inner = None if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs else _plain_value(node.node)
        return None if inner is None else (lambda values: join_and(inner(values)))
    return None


def _plain_join(node: nodes.Filter) -> Fill | None:
    """`x | join` or `x | join("sep")` with a constant separator."""
    if node.kwargs or node.dyn_args or node.dyn_kwargs or len(node.args) > 1:
        return None
    separator_node = node.args[0] if node.args else None
    if separator_node is not None and not isinstance(separator_node, nodes.Const):
        return None
    inner = _plain_value(node.node) if node.node is not None else None
    if inner is None:
        return None
    separator = separator_node.value if separator_node is not None else ""
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One habit turned into dated tasks: who gets it (condition), when (timing), how (channel)."""

    id: str
    habit: str
    title: str
    why: str
    anchor: str
    lesson: str = ""
    """Optional: a paragraph for the habit's lesson page, what a trainer says beyond `why`."""
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
    done_when: tuple[str, ...] = ()
    """Which events complete a task (`vocabulary.DONE_EVENTS`); empty: the habit's default."""
    order: int = 0
    """Position in the file: the tie-breaker between rules of equal priority."""
    source: Location | None = None

    @property
    def recurring(self) -> bool:
        return self.every_days is not None or self.anchor in YEARLY_ANCHORS
