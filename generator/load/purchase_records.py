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

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from generator.core import model
from generator.core.problems import Problems
from generator.core.project import Project
from generator.load import tables
from generator.load.fields import Field, Record
from generator.load.record_files import RecordKind, read_records, write_record
from generator.load.scalars import Slug

PURCHASE_ENTRY = Record(
    "purchase",
    (Field("customer", Slug(), required=True, doc="Id of the customer who bought."), *tables.PURCHASE.fields),
    doc="One purchase by a customer.",
)

PURCHASES = RecordKind(
    "purchases",
    "purchases",
    PURCHASE_ENTRY,
    "playbook log purchase",
    "A file under content/purchases/, written by `playbook log purchase`.",
)


def apply_purchases(
    project: Project, customers: list[model.Customer], problems: Problems
) -> list[model.Customer]:
    """Add every logged purchase to its customer; each customer's purchases end up sorted by date."""
    index = {customer.id: customer for customer in customers}
    added: dict[str, list[model.Purchase]] = {}
    for entry in read_records(project, PURCHASES, index, problems):
        added.setdefault(entry.customer, []).append(model.Purchase(**entry.values))
    if not added:
        return customers
    out = []
    for customer in customers:
        extra = added.get(customer.id)
        if extra:
            purchases = sorted((*customer.purchases, *extra), key=lambda p: p.date)
            customer = replace(customer, purchases=tuple(purchases))
        out.append(customer)
    return out


def record_purchase(project: Project, customer_id: str, *, on: date, amount: Decimal, item: str | None) -> Path:
    """Write the purchase to a new file `content/purchases/<date>-<customer>[-N].yaml`; return its path."""
    entry: dict[str, object] = {"customer": customer_id, "date": on, "amount": amount, "item": item}
    return write_record(project, PURCHASES, customer_id, on, entry)
