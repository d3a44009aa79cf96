"""`playbook/gift_ideas.yaml`: the trainer's gift and gesture ideas, validated, or built-in ones.

The file maps interests to ideas, has a `default` list for customers whose interests we do not
know, a budget per value tier and the wording of each way of delivering; `plan.appreciation`
picks from it for one customer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.core import model
from generator.core.problems import Problems
from generator.core.project import Project
from generator.load.fields import FAILED, Context, Field, Invalid, Kind, ListOf, Record, shown
from generator.load.scalars import Money, Text
from generator.load.yamlio import MappingNode, Node, compose_builtin, read_yaml

FILE_NAME = "gift_ideas.yaml"
"""Below `playbook/`."""

DELIVERIES = ("in_person", "post")

DEFAULT_TEXT = """\
# Gift and gesture ideas for the appreciation season. Trainers: edit freely; `playbook check`
# reports any mistake with its line. A customer's interests (in the customer files) pick the
# ideas; customers without a matching interest get one from `default`.

# What to spend per customer, by value tier: the first amount below the first `value_tiers`
# threshold of playbook/rules.yaml, the next one from that threshold on, and so on.
budgets: [15, 35, 75]

# How to deliver it: in person when the consultant works in the customer's region, else by post.
delivery:
  in_person: Hand it over in person, with a handwritten card.
  post: Send it by post with a handwritten letter from you.

default:
  - A handwritten card thanking them for a specific moment this year
  - A small box of local chocolates with a handwritten card
  - A voucher towards their next purchase, with a handwritten card

interests:
  art:
    - Two tickets to an exhibition at a local gallery
    - A set of good sketching pencils
  coffee:
    - A bag of beans from a local roaster
    - A pair of espresso cups from a local potter
  cooking:
    - A jar of smoked sea salt from a local producer
    - A cookbook by a local chef
  cycling:
    - A set of rechargeable bike lights
    - A cycling cap from a local maker
  football:
    - A flask for cold match days, with their club's colours on the card
    - A warm bobble hat in their team's colours
  gardening:
    - A pair of leather gardening gloves
    - A packet of heritage seeds with a handwritten note
  golf:
    - A sleeve of good golf balls with a handwritten card
    - A scorecard holder with their initials
  hiking:
    - A pocket guide to walks in their region
    - A flask for their next long walk
  music:
    - A record by a local band
    - Two tickets to a concert nearby
  photography:
    - A print of a local landscape by a local photographer
    - A lens-cleaning kit in a small pouch
  reading:
    - A book by a local author with a handwritten card
    - A leather bookmark
  running:
    - A reflective running armband
    - A pair of running socks with a card wishing them a good race season
  tea:
    - A tin of loose-leaf tea from a local blender
    - A small teapot for one
  travel:
    - A leather luggage tag with their initials
    - A travel journal for their next trip
  wine:
    - A bottle from a local vineyard
    - A wine stopper and a card
  yoga:
    - A cork yoga block
    - A scented candle from a local maker
"""


@dataclass(frozen=True, slots=True)
class GiftIdeas:
    """The trainer's file, validated."""

    budgets: tuple[Decimal, ...]
    """One amount per value tier, lowest tier first."""
    delivery: dict[str, str]
    """Wording for `in_person` and `post`."""
    default: tuple[str, ...]
    ideas: dict[str, tuple[str, ...]]
    """Interest (case-folded) -> ideas."""


@dataclass(frozen=True)
class _IdeasByInterest(Kind):
    """A mapping of interest -> list of ideas, with free keys (the interests are the trainer's)."""

    def convert(self, node: Node, context: Context) -> dict[str, tuple[str, ...]]:
        if not isinstance(node, MappingNode):
            raise Invalid(f"must map each interest to a list of ideas (got {shown(node)})", node)
        pairs = context.mapping(node, "interests")
        out: dict[str, tuple[str, ...]] = {}
        ok = True
        seen: dict[str, str] = {}
        for key, (key_node, value_node) in (pairs or {}).items():
            folded = key.strip().casefold()
            if folded in seen:
                context.error(
                    key_node,
                    f"interest {key!r} is the same as {seen[folded]!r} (case is ignored); merge the two lists",
                )
                ok = False
                continue
            seen[folded] = key
            with context.named(f"interest {key!r}"):
                ideas = context.convert(_IDEAS, value_node)
            if not isinstance(ideas, tuple):
                ok = False
                continue
            out[folded] = ideas
        return out if ok else FAILED  # type: ignore[return-value]

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": _IDEAS.schema()}


@dataclass(frozen=True)
class _Ideas(Kind):
    """A non-empty list of ideas, each a line of text."""

    def convert(self, node: Node, context: Context) -> tuple[str, ...]:
        ideas = ListOf(Text()).convert(node, context)
        ideas = tuple(" ".join(str(i).split()) for i in ideas if str(i).strip())
        if not ideas:
            raise Invalid("must hold at least one idea", node)
        return ideas

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string"}, "minItems": 1}


_IDEAS = _Ideas()

DELIVERY = Record(
    "delivery",
    (
        Field(
            "in_person",
            Text(),
            required=True,
            doc="How to hand it over when the consultant works in the customer's region.",
        ),
        Field("post", Text(), required=True, doc="How to send it otherwise."),
    ),
)

GIFT_FILE = Record(
    "gift ideas",
    (
        Field(
            "budgets",
            ListOf(Money()),
            required=True,
            doc="Amount per value tier, lowest tier first.",
        ),
        Field("delivery", DELIVERY, required=True),
        Field(
            "default",
            _IDEAS,
            required=True,
            doc="Ideas for customers whose interests match none below.",
        ),
        Field("interests", _IdeasByInterest(), required=True, doc="Interest -> ideas."),
    ),
    doc="playbook/gift_ideas.yaml",
)


def parse_gift_ideas(
    root: Node, path: str, problems: Problems, settings: model.Settings | None
) -> GiftIdeas | None:
    """Validate the file's tree; None (with located problems) when it cannot be used."""
    context = Context(path, problems)
    errors = len(problems.errors)
    values = context.record(GIFT_FILE, root)
    if values is None or len(problems.errors) > errors:
        return None
    budgets = tuple(values["budgets"])
    if not budgets:
        context.error(
            root, "'budgets' must hold at least one amount (the budget of the lowest tier)"
        )
        return None
    tiers = tuple((settings.values.get("value_tiers") if settings else None) or ())
    if len(budgets) != len(tiers) + 1 and isinstance(root, MappingNode):
        node = next((v for k, v in root.value if k.value == "budgets"), root)
        context.warning(
            node,
            f"'budgets' has {len(budgets)} amount{'s' if len(budgets) != 1 else ''} but the settings' value_tiers "
            f"make {len(tiers) + 1} tier{'s' if tiers else ''}; write one amount per tier "
            "(extra amounts are ignored, missing ones repeat the last)",
        )
    if any(b > a for a, b in zip(budgets[1:], budgets, strict=False)):
        context.warning(root, "'budgets' go down as value goes up; list them lowest tier first")
    delivery = {key: " ".join(str(values["delivery"][key]).split()) for key in DELIVERIES}
    return GiftIdeas(
        budgets=budgets, delivery=delivery, default=values["default"], ideas=values["interests"]
    )


def load_gift_ideas(
    project: Project, problems: Problems, settings: model.Settings | None = None
) -> GiftIdeas | None:
    """`playbook/gift_ideas.yaml`, or the built-in ideas when the project has none."""
    path = project.playbook / FILE_NAME
    if not path.is_file():
        return default_gift_ideas()
    root = read_yaml(path, problems)
    if root is None:
        return None
    return parse_gift_ideas(root, str(path), problems, settings)


@functools.cache
def default_gift_ideas() -> GiftIdeas:
    """The ideas built into playbook, used when a project has no gift_ideas.yaml."""
    problems = Problems()
    root = compose_builtin(DEFAULT_TEXT)
    ideas = parse_gift_ideas(root, "<built-in gift ideas>", problems, None)
    if ideas is None or problems.has_errors():  # pragma: no cover - pinned by a test
        msg = "the built-in gift ideas do not validate"
        raise AssertionError(msg)
    return ideas


def gift_ideas_of(dataset: model.Dataset) -> GiftIdeas:
    """The project's ideas as loaded with the dataset, else the built-in ones."""
    loaded = dataset.extras.get("gift_ideas")
    return loaded if isinstance(loaded, GiftIdeas) else default_gift_ideas()
