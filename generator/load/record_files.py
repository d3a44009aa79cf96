"""Record files: what a command wrote down (a review, a contact, a purchase), one new file each.

Customer files are written by people; playbook never rewrites them. `playbook review record` and
`playbook log` write a new dated file under `content/<folder>/` instead, holding a one-entry list
whose entry names its customer:

    contacts:
    - customer: ann
      date: 2026-11-16
      ...

Loading reads these files in name order and hands each valid entry to the caller, which adds it to
its customer; every mistake is a located problem like in any other input file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import yaml

from generator.core import model
from generator.core.files import write_new
from generator.core.problems import Location, Problems
from generator.core.project import Project
from generator.core.suggest import did_you_mean
from generator.load.fields import Context, Field, ListOf, Record, missing, unknown_field_message
from generator.load.scalars import Slug
from generator.load.yamlio import Node, SequenceNode, read_yaml, value_of, where


@dataclass(frozen=True)
class RecordKind:
    """One kind of record file: its folder, its list's key and the fields of an entry."""

    folder: str
    """Below `content/`."""
    key: str
    """The file's one top-level key, e.g. `reviews`."""
    entry: Record
    """An entry's fields; the first one is `customer`."""
    command: str
    """The command that writes these files, named in the file's header comment."""
    doc: str
    file: Record = field(init=False, repr=False, compare=False)
    """The whole file, for the JSON Schema."""

    def __post_init__(self) -> None:
        entries = Field(self.key, ListOf(self.entry), required=True, doc=f"{self.key.capitalize()} recorded in this file.")
        object.__setattr__(self, "file", Record(f"{self.entry.label} file", (entries,), doc=self.doc))


def record_kind(
    key: str, label: str, fields: tuple[Field, ...], *, customer: str, doc: str, command: str
) -> RecordKind:
    """The record files under `content/<key>/`, written by `command`: a list `<key>` of entries
    that name their `customer` (its field's doc) and hold `fields`; `doc` describes one entry."""
    entry = Record(label, (Field("customer", Slug(), required=True, doc=customer), *fields), doc=doc)
    return RecordKind(key, key, entry, command, f"A file under content/{key}/, written by `{command}`.")


@dataclass(frozen=True, slots=True)
class Entry:
    """One valid entry of a record file: its customer, its converted fields and where it was written."""

    customer: str
    values: dict[str, Any]
    location: Location
    node: Node
    """The entry's mapping, to point at one of its fields."""
    label: str
    """`contact #2`: how messages name the entry."""


def read_records(
    project: Project, kind: RecordKind, customers: dict[str, model.Customer], problems: Problems
) -> list[Entry]:
    """The valid entries of every file of `kind`, in the order written; mistakes go to `problems`."""
    out: list[Entry] = []
    for path in sorted(project.data_files(kind.folder), key=_written_order):
        out.extend(_read_file(path, kind, customers, problems))
    return out


class Dated(Protocol):
    """What a record file adds to a customer: a contact, a purchase or a review."""

    @property
    def date(self) -> date: ...


def add_records(
    project: Project,
    kind: RecordKind,
    customers: list[model.Customer],
    problems: Problems,
    make: Callable[[Entry], Dated | None],
) -> list[model.Customer]:
    """The customers with what `make` builds of each valid entry of `kind` (None: left out, its
    problem reported) added to the customer's list of the same name as the file's key
    (`contacts`, `purchases`, `reviews`); each list ends up sorted by date."""
    index = {customer.id: customer for customer in customers}
    added: dict[str, list[Dated]] = {}
    for entry in read_records(project, kind, index, problems):
        made = make(entry)
        if made is not None:
            added.setdefault(entry.customer, []).append(made)
    if not added:
        return customers
    out = []
    for customer in customers:
        extra = added.get(customer.id)
        if extra:
            merged = sorted((*getattr(customer, kind.key), *extra), key=lambda item: item.date)
            changes: dict[str, Any] = {kind.key: tuple(merged)}
            customer = replace(customer, **changes)
        out.append(customer)
    return out


def _written_order(path: Path) -> tuple[Path, str, int]:
    """`x.yaml` before `x-2.yaml` before `x-10.yaml` (by name alone, `-` sorts before `.`)."""
    found = _NUMBERED.match(path.stem)
    if found is None:
        return path.parent, path.stem, 1
    return path.parent, found[1], int(found[2])


_NUMBERED = re.compile(r"^(.*)-(\d+)$")


def _read_file(
    path: Path, kind: RecordKind, customers: dict[str, model.Customer], problems: Problems
) -> list[Entry]:
    root = read_yaml(path, problems)
    if root is None:
        return []
    context = Context(str(path), problems)
    pairs = context.mapping(root, "sections")
    if pairs is None:
        return []
    out: list[Entry] = []
    for key, (key_node, value) in pairs.items():
        if key != kind.key:
            context.error(key_node, unknown_field_message(key, [kind.key]))
        elif not isinstance(value, SequenceNode):
            context.error(value, f"'{kind.key}' must be a list of {kind.key}")
        else:
            out.extend(_entries(context, kind, value, customers))
    if missing(kind.key, pairs, [kind.key]):
        problems.error(
            Location(str(path), 1, 1),
            f"'{kind.key}' is missing; a {kind.entry.label} file holds a '{kind.key}:' list",
        )
    return out


def _entries(
    context: Context, kind: RecordKind, node: SequenceNode, customers: dict[str, model.Customer]
) -> list[Entry]:
    out: list[Entry] = []
    for number, item in enumerate(node.value, start=1):
        with context.item(number):
            values = context.record(kind.entry, item)
        if values is None:
            continue
        customer_id = values.pop("customer")
        if customer_id not in customers:
            located: Node = value_of(item, "customer") or item
            message = unknown_customer_message(customer_id, customers)
            context.error(located, f"{kind.entry.label} #{number}: {message}")
            continue
        label = f"{kind.entry.label} #{number}"
        out.append(Entry(customer_id, values, where(context.path, item), item, label))
    return out


def unknown_customer_message(
    customer_id: str, customers: dict[str, model.Customer] | list[str]
) -> str:
    """'customer 'anne' is not in the customer files; did you mean 'ann'?'"""
    hint = did_you_mean(customer_id, customers, otherwise="; check the id in the customer files")
    return f"customer {customer_id!r} is not in the customer files{hint}"


def short(location: Location) -> str:
    """`content/reviews/x.yaml:3`, for a message that points at another place."""
    from generator.core.problems import display_path

    return f"{display_path(location.file)}:{location.line}"


# ---------------------------------------------------------------- writing a record


def record_text(kind: RecordKind, entry: dict[str, object]) -> str:
    """The YAML of a one-entry record file; empty values are left out, and any text (`NO`,
    `12:30`, `#x`, a line break) is quoted so that it loads back exactly as it was given."""
    return entries_text(kind.key, [entry], f"Recorded with `{kind.command}`")


def entries_text(key: str, entries: list[dict[str, object]], origin: str) -> str:
    """The YAML of a file holding the list `key` (records, or customers); see `record_text`."""
    kept = [{name: value for name, value in entry.items() if value is not None and value != ""} for entry in entries]
    body = yaml.dump(
        {key: kept},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    return (
        "# yaml-language-server: $schema=../../playbook/schema.json\n"
        f"# {origin}. Correct it by hand if needed; playbook never rewrites it.\n"
        + body
    )


class _Dumper(yaml.SafeDumper):
    """Writes a Decimal amount plain (`12.50`), as the loader requires of amounts."""


def _plain_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")  # never an exponent: 12, 12.5, 0.0001
    return dumper.represent_scalar(_FLOAT if "." in text else _INT, text)


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


_Dumper.add_representer(Decimal, _plain_decimal)


def write_record(project: Project, kind: RecordKind, customer_id: str, on: date, entry: dict[str, object]) -> Path:
    """Write a new file `content/<folder>/<date>-<customer>[-N].yaml`; return its path.

    The file appears complete or not at all, and an existing file is never replaced: a second
    record of the same customer and day gets the suffix `-2`, `-3`... (see `write_new`).
    """
    text = record_text(kind, entry).encode("utf-8")
    return write_new(project.content / kind.folder, f"{on.isoformat()}-{customer_id}", text)
