"""Rows of an order or activity export made purchase and contact entries of known customers.

An order export writes one row per line item: the rows that share an order id make one
purchase, whose item names the line items. A purchase already recorded (the same order id,
else the same customer, day and amount) or a contact already logged (the same activity id, else
the same customer, day and channel) is skipped as already present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.core import model, vocabulary
from generator.core.suggest import did_you_mean
from generator.load.importing.csv_read import Row, Table
from generator.load.importing.mapping import ColumnMap
from generator.load.importing.rows import Batch, CustomerIndex, LeftOut, RowNote, person_of
from generator.load.importing.values import Refused, parse_amount, parse_date

PAID = frozenset({"paid", "partially_paid", "partially_refunded"})
"""Shopify's payment statuses of an order that was paid; refunded, voided, pending... are left out."""

CHANNEL_WORDS = {"email": "email", "call": "phone", "phonecall": "phone", "phone": "phone", "meeting": "in_person", "inperson": "in_person", "visit": "in_person", "letter": "letter"}


@dataclass
class _Order:
    rows: list[Row]
    values: dict[str, str]
    items: list[str] = field(default_factory=list)


def purchase_batch(table: Table, columns: ColumnMap, dataset: model.Dataset, *, date_order: str) -> Batch:
    """The new purchases of the table, one per order id (or per row without one)."""
    batch = Batch()
    index = CustomerIndex.of(dataset.customers)
    known_ids = {p.external_id for c in dataset.customers for p in c.purchases if p.external_id}
    known_keys = {(c.id, p.date, p.amount): p.external_id for c in dataset.customers for p in c.purchases}
    for order in _orders(table, columns, batch):
        first = order.rows[0].number
        try:
            entry = _purchase(order, columns, index, date_order)
        except Refused as exc:
            batch.refused.append(RowNote(first, str(exc)))
            continue
        except LeftOut as exc:
            batch.left_out.append(RowNote(first, str(exc)))
            continue
        key = (entry["customer"], entry["date"], entry["amount"])
        if _known(entry.get("external_id"), key, known_ids, known_keys):
            batch.present.append(RowNote(first, f"the purchase {_what(entry)} is already recorded"))
            continue
        batch.entries.append(entry)
        batch.added.append(RowNote(first, f"purchase {_what(entry)}"))
    return batch


def _known(external: object, key: tuple[object, ...], known_ids: set[str], known_keys: dict[Any, str | None]) -> bool:
    """Already there: the same source id; else (no id on one side) the same customer, day and
    amount or channel, so a sale logged by hand is not imported a second time from the till.
    Either way the entry is then known, for the rows after it."""
    if external:
        found = external in known_ids or (key in known_keys and known_keys[key] is None)
        known_ids.add(str(external))
    else:
        found = key in known_keys
    known_keys.setdefault(key, str(external) if external else None)
    return found


def _what(entry: dict[str, object]) -> str:
    label = f"{entry['external_id']} " if entry.get("external_id") else ""
    return f"{label}of {entry['customer']} on {entry['date']} ({entry['amount']})"


def _orders(table: Table, columns: ColumnMap, batch: Batch) -> list[_Order]:
    """Rows grouped by order id; a later row of an order adds its line item."""
    orders: list[_Order] = []
    by_id: dict[str, _Order] = {}
    for row in table.rows:
        try:
            values = columns.values(row)
        except Refused as exc:
            batch.refused.append(RowNote(row.number, str(exc)))
            continue
        order_id = values.get("external_id")
        order = by_id.get(order_id) if order_id else None
        if order is None:
            order = _Order([row], values)
            orders.append(order)
            if order_id:
                by_id[order_id] = order
        else:
            order.rows.append(row)
        if "item" in values:
            quantity = values.get("quantity", "1")
            order.items.append(values["item"] if quantity == "1" else f"{values['item']} ({quantity})")
    return orders


def _purchase(order: _Order, columns: ColumnMap, index: CustomerIndex, date_order: str) -> dict[str, object]:
    values = order.values
    status = values.get("status")
    if status is not None and status.casefold().replace(" ", "_") not in PAID:
        label = f"order {values['external_id']}" if "external_id" in values else "the order"
        msg = f"{label} is {status}, not paid: not a purchase"
        raise LeftOut(msg)
    customer = index.find(values)
    day = values.get("date") or values.get("created")
    if not day:
        msg = "no date: the row says neither when it was paid nor when it was placed"
        raise Refused(msg)
    if "amount" not in values:
        msg = "no amount: the amount cell is empty"
        raise Refused(msg)
    return {
        "customer": customer.id,
        "date": parse_date(day, date_order),
        "amount": parse_amount(values["amount"], columns.column_of("amount", order.rows[0])),
        "item": ", ".join(order.items) or None,
        "external_id": values.get("external_id"),
    }


def contact_batch(
    table: Table, columns: ColumnMap, dataset: model.Dataset, *, consultant: str | None, date_order: str
) -> Batch:
    """The new contacts of the table, each with a known customer."""
    batch = Batch()
    index = CustomerIndex.of(dataset.customers)
    known_ids = {c.external_id for k in dataset.customers for c in k.contacts if c.external_id}
    known_keys = {(k.id, c.date, c.channel): c.external_id for k in dataset.customers for c in k.contacts}
    for row in table.rows:
        try:
            entry = _contact(columns.values(row), index, dataset.people, consultant, date_order)
        except Refused as exc:
            batch.refused.append(RowNote(row.number, str(exc)))
            continue
        key = (entry["customer"], entry["date"], entry["channel"])
        what = f"{entry['channel']} contact with {entry['customer']} on {entry['date']}"
        if _known(entry.get("external_id"), key, known_ids, known_keys):
            batch.present.append(RowNote(row.number, f"the {what} is already logged"))
            continue
        batch.entries.append(entry)
        batch.added.append(RowNote(row.number, what))
    return batch


def _contact(
    values: dict[str, str], index: CustomerIndex, people: dict[str, model.Person], consultant: str | None, date_order: str
) -> dict[str, object]:
    customer = index.find(values)
    if "date" not in values:
        msg = "no date: the date cell is empty"
        raise Refused(msg)
    channel = _word(values.get("channel", ""), CHANNEL_WORDS, "channel")
    outcomes = {o.replace("_", ""): o for o in vocabulary.OUTCOMES}
    outcome = _word(values["outcome"], outcomes, "outcome") if "outcome" in values else ("sent" if channel in ("email", "letter") else "reached")
    by = person_of(values["by"], people, "by") if "by" in values else consultant or customer.consultant
    return {
        "customer": customer.id,
        "date": parse_date(values["date"], date_order),
        "channel": channel,
        "outcome": outcome,
        "by": by,
        "note": values.get("note"),
        "external_id": values.get("external_id"),
    }


def _word(text: str, words: dict[str, str], what: str) -> str:
    key = re.sub(r"[^a-z]", "", text.casefold())
    if key in words:
        return words[key]
    hint = did_you_mean(key, words, otherwise=f"; known: {', '.join(sorted(set(words.values())))}")
    msg = f"{what} {text!r} is not one playbook knows{hint}"
    raise Refused(msg)
