"""`playbook import csv`: read an export, decide what each row becomes, then write one new file.

Reading and deciding finish before anything is written (`prepare_import`); `write_import` then
puts the one new file under `content/<kind>/`, written aside and linked into place, never over
an existing file. The text is read back with the loader's own tables before it is written, so
what lands is exactly what `playbook check` will read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.core import model
from generator.core.files import write_new
from generator.core.problems import Problems
from generator.core.project import Project
from generator.load import tables
from generator.load.contact_records import CONTACTS
from generator.load.fields import FAILED, Context, ListOf, Record
from generator.load.importing.csv_read import Table, read_table
from generator.load.importing.customers import customer_batch
from generator.load.importing.mapping import ColumnMap, ImportUsageError, column_map
from generator.load.importing.presets import Layout, choose_layout, kinds_of
from generator.load.importing.records import contact_batch, purchase_batch
from generator.load.importing.rows import Batch
from generator.load.importing.values import slash_parts, slug_of
from generator.load.purchase_records import PURCHASES
from generator.load.record_files import entries_text
from generator.load.yamlio import read_yaml, value_of

ENTRY_RECORDS: dict[str, Record] = {"customers": tables.CUSTOMER, "purchases": PURCHASES.entry, "contacts": CONTACTS.entry}
DATE_FIELDS = ("customer_since", "created", "birthday", "date")


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    kind: str | None = None
    preset: str | None = None
    maps: tuple[str, ...] = ()
    consultant: str | None = None
    """The consultant of every customer whose row names no owner."""


@dataclass(frozen=True)
class ImportPlan:
    table: Table
    layout: Layout
    columns: ColumnMap
    batch: Batch
    folder: Path
    stem: str
    text: str
    """The YAML to write; empty when nothing is new."""
    date_note: str | None = None


def prepare_import(project: Project, dataset: model.Dataset, request: ImportRequest) -> ImportPlan:
    """Read the export and decide every row; nothing is written. Usage mistakes raise
    `ImportUsageError`, an unreadable file `PlaybookError`."""
    table = read_table(request.path)
    layout = choose_layout(table.columns, request.preset, request.kind)
    if layout is None:
        kinds = " and ".join(kinds_of(str(request.preset)))
        msg = f"the {request.preset} preset reads {kinds}, not {request.kind}; use --preset generic with the field names as columns"
        raise ImportUsageError(msg, "--kind")
    columns = column_map(table, layout, request.maps)
    if layout.kind == "customers" and not columns.has("consultant") and request.consultant is None:
        msg = (
            "the file has no owner column, so playbook cannot tell whose customers they are; "
            "pass --consultant ID to give them to one consultant (or --map COLUMN=consultant)"
        )
        raise ImportUsageError(msg, "--consultant")
    order, note = date_order(table, columns, layout)
    if layout.kind == "customers":
        batch = customer_batch(table, columns, dataset, consultant=request.consultant, date_order=order)
    elif layout.kind == "purchases":
        batch = purchase_batch(table, columns, dataset, date_order=order)
    else:
        batch = contact_batch(table, columns, dataset, consultant=request.consultant, date_order=order)
    text = ""
    if batch.entries:
        origin = f"Imported from {request.path.name} with `playbook import csv`"
        text = entries_text(layout.kind, batch.entries, origin)
        verify(text, layout.kind, batch.entries)
    stem = slug_of(request.path.stem, otherwise="import")
    return ImportPlan(table, layout, columns, batch, project.content / layout.kind, stem, text, note)


def date_order(table: Table, columns: ColumnMap, layout: Layout) -> tuple[str, str | None]:
    """The layout's reading of `03/05/2024`, unless the file also holds a date that cannot be
    read that way (`25/03/2024` in a month-first export): then only unambiguous dates are read."""
    if layout.date_order != "month-first":
        return layout.date_order, None
    indexes = [i for f in DATE_FIELDS for i in columns.fields.get(f, ())]
    for row in table.rows:
        for index in indexes:
            text = row.cells[index].strip() if index < len(row.cells) else ""
            parts = slash_parts(text)
            if parts is not None and parts[0] > 12 >= parts[1]:
                note = (
                    f"row {row.number} has the day-first date {text!r}, so dates such as 03/05/2024 "
                    "are refused as ambiguous instead of read month first"
                )
                return "iso", note
    return layout.date_order, None


def verify(text: str, kind: str, entries: list[dict[str, object]]) -> None:
    """Read `text` back with the loader's tables; anything but the same entries is a bug."""
    problems = Problems()
    root = read_yaml(Path(f"<import of {kind}>"), problems, text.encode("utf-8"))
    node = value_of(root, kind) if root is not None else None
    read: Any = FAILED if node is None else Context("<import>", problems).convert(ListOf(ENTRY_RECORDS[kind]), node)
    expected = [{k: v for k, v in e.items() if v is not None and v != ""} for e in entries]
    if problems.items or read is FAILED or [_plain(r) for r in read] != expected:
        raise AssertionError(f"the import's YAML does not read back as written: {[str(p) for p in problems.items]}")


def _plain(values: Any) -> dict[str, object]:
    """An entry as read back, a full birthday as the date it was written from."""
    if not isinstance(values, dict):
        raise AssertionError(f"an entry read back as {type(values).__name__}")
    birthday = values.get("birthday")
    if isinstance(birthday, model.BirthdayValue) and birthday.year is not None:
        values["birthday"] = date(birthday.year, birthday.month, birthday.day)
    return values


def write_import(plan: ImportPlan) -> Path | None:
    """Write the new file (`content/<kind>/<export name>[-N].yaml`); None when nothing is new."""
    if not plan.text:
        return None
    return write_new(plan.folder, plan.stem, plan.text.encode("utf-8"))


def target(plan: ImportPlan) -> Path:
    """The file `write_import` would write now (for --dry-run)."""
    number = 1
    while True:
        path = plan.folder / (f"{plan.stem}.yaml" if number == 1 else f"{plan.stem}-{number}.yaml")
        if not path.exists():
            return path
        number += 1
