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
from pathlib import Path
from typing import Any

from generator.core import model
from generator.core.problems import Location, Problems
from generator.core.project import Project
from generator.core.suggest import did_you_mean
from generator.load.fields import FAILED, Context, Field, Invalid, Kind, ListOf, Record, shown
from generator.load.scalars import SLUG_PATTERN, Date, Slug, Text
from generator.load.yamlio import Node, SequenceNode, read_yaml, value_of, where

FOLDER = "handovers"
"""Records live in `content/handovers/`."""

_SLUG = re.compile(SLUG_PATTERN)


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

    def convert(self, node: Node, context: Context) -> LocatedItems:
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
    complete: bool = True
    """False when some field had an error (already reported): checked, but never a Handover."""


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
    inner = value_of(root, "handover")
    if values is not FAILED:
        assert inner is not None  # the field check above required it
        return ParsedRecord(record_id, name, inner, values["handover"])
    if inner is None:
        return None
    # The errors are reported; the fields that are right still take part in the cross-checks
    # (and move their customers), so one run shows every problem and no customer looks orphaned.
    partial = Context(name, Problems()).record(HANDOVER, inner, partial=True)
    if not partial or any(partial.get(key) is None for key in ("from", "assignments")):
        return None
    return ParsedRecord(record_id, name, inner, partial, complete=False)


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
    return sorted(records, key=lambda r: (r.values["date"] or date.max, r.id))


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
    check = _RecordCheck(record, problems, ok=record.complete)
    _check_people(check, people)
    items: LocatedItems = record.values["assignments"]
    if not items.complete:
        check.ok = False
    if not items and items.complete:
        problems.warning(
            where(record.path, value_of(record.node, "assignments") or record.node),
            f"{check.label}: no assignments; the record changes nothing",
        )
    moves = _checked_moves(check, items, people, customers)
    for assignment, to_node in moves:  # even when the record has errors, so its customers are not orphans
        moved = customers[assignment.customer]
        customers[assignment.customer] = hand_over(
            moved, assignment.to, record.id, where(record.path, to_node)
        )
    if not check.ok:
        return None
    return model.Handover(
        id=record.id,
        date=record.values["date"],
        departing=record.values["from"],
        assignments=tuple(assignment for assignment, _ in moves),
        by=record.values.get("by"),
        source=where(record.path, record.node),
    )


@dataclass
class _RecordCheck:
    """Reports one record's problems under its label and remembers whether any was an error."""

    record: ParsedRecord
    problems: Problems
    ok: bool = True

    @property
    def label(self) -> str:
        return f"handover {self.record.id!r}"

    def error(self, node: Node | None, message: str) -> None:
        self.ok = False
        self.problems.error(
            where(self.record.path, node if node is not None else self.record.node),
            f"{self.label}: {message}",
        )


def _check_people(check: _RecordCheck, people: dict[str, model.Person]) -> None:
    """`from` and `by` name people of the team."""
    node, values = check.record.node, check.record.values
    departing: str = values["from"]
    if departing not in people:
        check.error(
            value_of(node, "from"),
            f"'from' {departing!r} is not in content/team.yaml{did_you_mean(departing, people)}",
        )
    by = values.get("by")
    if by is not None and by not in people:
        check.error(
            value_of(node, "by"),
            f"'by' {by!r} is not in content/team.yaml{did_you_mean(by, people)}",
        )


Move = tuple[model.Assignment, Node]
"""An assignment that passed its checks, with the node its new consultant was named at."""


def _checked_moves(
    check: _RecordCheck,
    items: LocatedItems,
    people: dict[str, model.Person],
    customers: dict[str, model.Customer],
) -> list[Move]:
    """Each assignment once, of a customer of the departing person, to an active colleague."""
    moves: list[Move] = []
    first_line: dict[str, int] = {}
    for item in items:
        customer_id: str = item.values["customer"]
        to: str = item.values["to"]
        if customer_id in first_line:
            check.error(
                value_of(item.node, "customer"),
                f"customer {customer_id!r} is assigned twice (first on line {first_line[customer_id]}); keep one assignment",
            )
            continue
        first_line[customer_id] = item.node.start_mark.line + 1
        errors = len(check.problems.items)
        customer = _check_customer(check, item, customers)
        person = _check_receiver(check, item, people)
        if customer is not None and person is not None and len(check.problems.items) == errors:
            assignment = model.Assignment(customer=customer_id, to=to, reason=item.values.get("reason") or "")
            moves.append((assignment, value_of(item.node, "to") or item.node))
    return moves


def _check_customer(
    check: _RecordCheck, item: LocatedItem, customers: dict[str, model.Customer]
) -> model.Customer | None:
    """The customer being moved, if known (else None); only the departing person's may move."""
    customer_id: str = item.values["customer"]
    departing: str = check.record.values["from"]
    node = value_of(item.node, "customer")
    customer = customers.get(customer_id)
    if customer is None:
        check.error(
            node,
            f"customer {customer_id!r} is not in any customer file{did_you_mean(customer_id, customers)}",
        )
    elif customer.consultant is not None and customer.consultant != departing:  # None: reported at the customer
        earlier = f" since handover {customer.handed_over!r}" if customer.handed_over else ""
        check.error(
            node,
            f"customer {customer_id!r} is with {customer.consultant!r}{earlier}, not {departing!r}; "
            "only the departing person's customers can be handed over",
        )
    return customer


def _check_receiver(
    check: _RecordCheck, item: LocatedItem, people: dict[str, model.Person]
) -> model.Person | None:
    """The colleague who takes the customer, if known (else None): not the departing person, still active."""
    to: str = item.values["to"]
    day: date = check.record.values["date"] or date.max  # None: a bad date, already reported
    node = value_of(item.node, "to")
    person = people.get(to)
    if person is None:
        check.error(node, f"'to' {to!r} is not in content/team.yaml{did_you_mean(to, people)}")
    elif to == check.record.values["from"]:
        check.error(node, f"'to' {to!r} is the departing person; name a colleague")
    elif not person.active and (person.left_on is None or person.left_on <= day):
        left = f"left on {person.left_on}" if person.left_on else "has departed"
        check.error(node, f"'to' {to!r} {left}; name an active colleague")
    return person


def hand_over(
    customer: model.Customer, to: str, record_id: str, at: Location | None = None
) -> model.Customer:
    """The customer once handover `record_id` gives them to `to`, remembering the record and their
    first consultant; `at` is where `to` was written (else the customer keeps the place they had)."""
    return replace(
        customer,
        consultant=to,
        handed_over=record_id,
        original_consultant=customer.original_consultant or customer.consultant,
        consultant_at=at if at is not None else customer.consultant_at,
    )
