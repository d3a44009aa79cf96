"""Purchases logged with `playbook log purchase`, kept as new dated files under `content/purchases/`.

Small shops have no till export: a consultant records a sale with one command, which writes a new
file (see `record_files`) and never touches the customer files:

    purchases:
    - customer: ann
      date: 2026-11-16
      amount: 240.00
      item: Wool coat

Loading adds each entry to its customer's purchases, so the next plan thanks them for it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from generator.core import model
from generator.core.problems import Problems
from generator.core.project import Project
from generator.load import tables
from generator.load.record_files import Entry, add_records, record_kind, write_record

PURCHASES = record_kind(
    "purchases",
    "purchase",
    tables.PURCHASE.fields,
    customer="Id of the customer who bought.",
    doc="One purchase by a customer.",
    command="playbook log purchase",
)


def apply_purchases(
    project: Project, customers: list[model.Customer], problems: Problems
) -> list[model.Customer]:
    """Add every logged purchase to its customer; each customer's purchases end up sorted by date."""

    def purchase(entry: Entry) -> model.Purchase:
        return model.Purchase(**entry.values)

    return add_records(project, PURCHASES, customers, problems, purchase)


def record_purchase(project: Project, customer_id: str, *, on: date, amount: Decimal, item: str | None) -> Path:
    """Write the purchase to a new file `content/purchases/<date>-<customer>[-N].yaml`; return its path."""
    entry: dict[str, object] = {"customer": customer_id, "date": on, "amount": amount, "item": item}
    return write_record(project, PURCHASES, customer_id, on, entry)
