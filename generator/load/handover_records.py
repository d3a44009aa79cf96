"""Handover records under `content/handovers/`: who takes which of a departing person's customers.

A record is a small YAML file, written by `playbook handover` and editable by hand:

    handover:
      date: 2026-11-16
      from: tom-reed
      by: maria-lopez
      assignments:
        - {customer: rosa-martin, to: ana-ruiz, reason: same region (north)}

Its id is the file name without extension. Customer files are never edited: loading applies the
records on top of them, oldest first, so a later record can move a customer again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from generator.core import model
from generator.core.problems import Location, Problems
from generator.core.project import Project
from generator.load.fields import (
    FAILED,
    Context,
    Date,
    Field,
    Invalid,
    Kind,
    ListOf,
    Record,
    Slug,
    Text,
    shown,
)
from generator.load.yamlio import MappingNode, Node, SequenceNode, read_yaml, where

FOLDER = "handovers"
"""Records live in `content/handovers/`."""

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


@dataclass(frozen=True, slots=True)
class LocatedItem:
    """One converted list entry with the node it came from, for cross-checks that need a line."""

    values: dict[str, Any]
    node: Node


class LocatedItems(tuple[LocatedItem, ...]):
    """The entries that converted; `complete` is False when some entry had errors (already reported).

    Keeping the good entries lets the cross-checks run on them too, so one `check` shows every
    problem of a record rather than stopping at the first bad field.
    """

    complete: bool = True


@dataclass(frozen=True)
class LocatedList(Kind):
    """A list of records whose converted values keep their nodes (the JSON Schema is ListOf's)."""

    item: Record

    def convert(self, node: Node, context: Context) -> Any:
        if not isinstance(node, SequenceNode):
            raise Invalid(f"must be a list (got {shown(node)})", node)
        out: list[LocatedItem] = []
        ok = True
        for index, child in enumerate(node.value, start=1):
            with context.item(index):
                values = context.record(self.item, child)
            if values is None:
                ok = False
            else:
                out.append(LocatedItem(values, child))
        items = LocatedItems(out)
        items.complete = ok
        return items

    def schema(self) -> dict[str, Any]:
        return ListOf(self.item).schema()


ASSIGNMENT = Record(
    "assignment",
    (
        Field("customer", Slug(), required=True, doc="Id of a customer of the departing person."),
        Field(
            "to",
            Slug(),
            required=True,
            doc="Person id of the active colleague who takes the customer over.",
        ),
        Field("reason", Text(), doc="Why this colleague, in one line (shown to the manager)."),
    ),
    doc="One customer moving to a new consultant.",
)

HANDOVER = Record(
    "handover",
    (
        Field(
            "date",
            Date(),
            required=True,
            doc="When the customers change hands; notices and introductions are timed from it.",
        ),
        Field("from", Slug(), required=True, doc="Person id of the departing consultant."),
        Field(
            "by", Slug(), doc="Person id of who decided (defaults to the organisation's signatory)."
        ),
        Field(
            "assignments", LocatedList(ASSIGNMENT), required=True, doc="Who takes each customer."
        ),
    ),
    doc="A departing person's customers handed to colleagues.",
)

HANDOVER_FILE = Record(
    "handover file",
    (
        Field(
            "handover",
            HANDOVER,
            required=True,
            doc="A departing person's customers handed to colleagues.",
        ),
    ),
    doc="content/handovers/<date>-<from>.yaml, written by `playbook handover` and editable by hand.",
)
"""The whole file: one `handover:` mapping (used by `playbook schema`)."""


@dataclass(frozen=True, slots=True)
class ParsedRecord:
    """A record that passed the field checks, with the nodes the cross-checks point at."""

    id: str
    path: str
    node: Node
    values: dict[str, Any]


def handover_files(project: Project) -> list[Path]:
    return project.data_files(FOLDER)


def parse_record(path: Path, problems: Problems, data: bytes | None = None) -> ParsedRecord | None:
    """Read one record file and check its fields; None when it cannot be used."""
    name = str(path)
    record_id = path.stem
    if not _SLUG.match(record_id):
        problems.error(
            Location(name, 1, 1),
            f"handover file name {path.name!r} is not a safe id; name it like 2026-11-16-tom-reed.yaml "
            "(lower-case letters, digits and hyphens)",
        )
        return None
    root = read_yaml(path, problems, data)
    if root is None:
        return None
    context = Context(name, problems)
    with context.named(f"handover {record_id!r}"):
        values = context.convert(HANDOVER_FILE, root)
    if values is FAILED:
        return None
    inner = _value_node(root, "handover")
    assert inner is not None  # the field check above required it
    return ParsedRecord(record_id, name, inner, values["handover"])


def load_records(project: Project, problems: Problems) -> list[ParsedRecord]:
    """Every record that passed its field checks, oldest first (date, then id)."""
    records: list[ParsedRecord] = []
    seen: dict[str, str] = {}
    for path in handover_files(project):
        parsed = parse_record(path, problems)
        if parsed is None:
            continue
        first = seen.setdefault(parsed.id, parsed.path)
        if first != parsed.path:
            problems.error(
                Location(parsed.path, 1, 1),
                f"handover {parsed.id!r}: another record has the same id ({first}); rename one file",
            )
            continue
        records.append(parsed)
    return sorted(records, key=lambda r: (r.values["date"], r.id))


def apply_handovers(
    project: Project,
    people: dict[str, model.Person],
    customers: list[model.Customer],
    problems: Problems,
) -> tuple[list[model.Customer], tuple[model.Handover, ...]]:
    """Reassign customers as the handover records say, oldest record first."""
    records = load_records(project, problems)
    if not records:
        return customers, ()
    by_id = {c.id: c for c in customers}
    handovers = []
    for record in records:
        handover = _check_and_apply(record, people, by_id, problems)
        if handover is not None:
            handovers.append(handover)
    return [by_id[c.id] for c in customers], tuple(handovers)


def _check_and_apply(
    record: ParsedRecord,
    people: dict[str, model.Person],
    customers: dict[str, model.Customer],
    problems: Problems,
) -> model.Handover | None:
    """Check one record against the team and the customers as they stand at its date, then apply it."""
    path, values, label = record.path, record.values, f"handover {record.id!r}"
    day: date = values["date"]
    departing: str = values["from"]
    ok = True

    def error(node: Node | None, message: str) -> None:
        nonlocal ok
        ok = False
        problems.error(
            where(path, node if node is not None else record.node), f"{label}: {message}"
        )

    if departing not in people:
        error(
            _value_node(record.node, "from"),
            f"'from' {departing!r} is not in content/team.yaml{_did_you_mean(departing, people)}",
        )
    by = values.get("by")
    if by is not None and by not in people:
        error(
            _value_node(record.node, "by"),
            f"'by' {by!r} is not in content/team.yaml{_did_you_mean(by, people)}",
        )
    items: LocatedItems = values["assignments"]
    if not items.complete:
        ok = False
    if not items and items.complete:
        problems.warning(
            where(path, _value_node(record.node, "assignments") or record.node),
            f"{label}: no assignments; the record changes nothing",
        )
    moves: list[tuple[model.Assignment, Node]] = []
    first_line: dict[str, int] = {}
    for item in items:
        customer_id: str = item.values["customer"]
        to: str = item.values["to"]
        customer_node = _value_node(item.node, "customer")
        to_node = _value_node(item.node, "to")
        line = item.node.start_mark.line + 1
        if customer_id in first_line:
            error(
                customer_node,
                f"customer {customer_id!r} is assigned twice (first on line {first_line[customer_id]}); keep one assignment",
            )
            continue
        first_line[customer_id] = line
        customer = customers.get(customer_id)
        if customer is None:
            error(
                customer_node,
                f"customer {customer_id!r} is not in any customer file{_did_you_mean(customer_id, customers)}",
            )
        elif customer.consultant != departing:
            earlier = f" since handover {customer.handed_over!r}" if customer.handed_over else ""
            error(
                customer_node,
                f"customer {customer_id!r} is with {customer.consultant!r}{earlier}, not {departing!r}; "
                "only the departing person's customers can be handed over",
            )
        person = people.get(to)
        if person is None:
            error(to_node, f"'to' {to!r} is not in content/team.yaml{_did_you_mean(to, people)}")
        elif to == departing:
            error(to_node, f"'to' {to!r} is the departing person; name a colleague")
        elif not person.active and (person.left_on is None or person.left_on <= day):
            error(to_node, f"'to' {to!r} left on {person.left_on}; name an active colleague")
        if customer is not None and person is not None:
            moves.append(
                (
                    model.Assignment(
                        customer=customer_id, to=to, reason=item.values.get("reason") or ""
                    ),
                    to_node or item.node,
                )
            )
    if not ok:
        return None
    for assignment, to_node in moves:
        customer = customers[assignment.customer]
        customers[assignment.customer] = replace(
            customer,
            consultant=assignment.to,
            handed_over=record.id,
            original_consultant=customer.original_consultant or customer.consultant,
            consultant_at=where(path, to_node),
        )
    return model.Handover(
        id=record.id,
        date=day,
        departing=departing,
        assignments=tuple(assignment for assignment, _ in moves),
        by=by,
        source=where(path, record.node),
    )


def _value_node(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for key_node, value in mapping.value:
            if key_node.value == key:
                return value  # type: ignore[no-any-return]
    return None


def _did_you_mean(value: str, known: Any) -> str:
    close = get_close_matches(value, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
