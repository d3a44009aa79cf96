"""Rows of a contact or customer export made customer entries, each checked and given a new id.

A row whose customer is already known (the same record id, else the same e-mail in any case)
is skipped as already present, so importing the same export twice adds nothing.
"""

from __future__ import annotations

import re

from generator.core import model
from generator.core.suggest import did_you_mean
from generator.load.importing.csv_read import Table
from generator.load.importing.mapping import ColumnMap
from generator.load.importing.rows import Batch, LeftOut, RowNote, checked_email, person_of
from generator.load.importing.values import Refused, parse_date, slug_of, unique_id

STAGE_WORDS = {
    "customer": "customer",
    "evangelist": "customer",
    "prospect": "prospect",
    "subscriber": "prospect",
    "lead": "prospect",
    "marketingqualifiedlead": "prospect",
    "salesqualifiedlead": "prospect",
    "opportunity": "prospect",
    "lost": "lost",
    "formercustomer": "lost",
    "closedlost": "lost",
}
"""Lifecycle stages (HubSpot's labels and internal names, and ours) -> customer, prospect or lost.
HubSpot's `Other` (partners, suppliers...) is none of them: such a row is left out."""
NOT_CUSTOMERS = frozenset({"other"})


def stage_of(text: str) -> str:
    key = re.sub(r"[^a-z]", "", text.casefold())
    if key in NOT_CUSTOMERS:
        msg = f"lifecycle stage {text!r} is not a customer or a prospect"
        raise LeftOut(msg)
    if key not in STAGE_WORDS:
        hint = did_you_mean(key, STAGE_WORDS, otherwise="; customer, prospect and lost are understood, and HubSpot's stages")
        msg = f"stage {text!r} is not a stage playbook knows{hint}"
        raise Refused(msg)
    return STAGE_WORDS[key]


def customer_batch(
    table: Table, columns: ColumnMap, dataset: model.Dataset, *, consultant: str | None, date_order: str
) -> Batch:
    """The new customers of the table, and what became of every other row."""
    batch = Batch()
    by_external = {c.external_id: c.id for c in dataset.customers if c.external_id}
    by_email = {c.email.casefold(): c.id for c in dataset.customers if c.email}
    taken = {c.id for c in dataset.customers}
    for row in table.rows:
        try:
            values = columns.values(row)
            known = _known(values, by_external, by_email)
            if known is not None:
                batch.present.append(RowNote(row.number, f"already present as {known!r}"))
                continue
            entry = _entry(values, dataset.people, consultant, date_order)
        except Refused as exc:
            batch.refused.append(RowNote(row.number, str(exc)))
            continue
        except LeftOut as exc:
            batch.left_out.append(RowNote(row.number, str(exc)))
            continue
        entry = {"id": unique_id(slug_of(str(entry["name"])), taken), **entry}
        if entry.get("external_id"):
            by_external[str(entry["external_id"])] = str(entry["id"])
        if entry.get("email"):
            by_email[str(entry["email"]).casefold()] = str(entry["id"])
        batch.entries.append(entry)
        batch.added.append(RowNote(row.number, str(entry["id"])))
    return batch


def _known(values: dict[str, str], by_external: dict[str, str], by_email: dict[str, str]) -> str | None:
    external = values.get("external_id")
    if external is not None and external in by_external:
        return by_external[external]
    email = values.get("email")
    return by_email.get(email.casefold()) if email else None


def _entry(values: dict[str, str], people: dict[str, model.Person], consultant: str | None, date_order: str) -> dict[str, object]:
    name = values.get("name") or " ".join(filter(None, (values.get("first_name"), values.get("last_name")))) or values.get("company")
    if not name:
        msg = "no name: the row has no name, first or last name, or company"
        raise Refused(msg)
    stage = stage_of(values["stage"]) if "stage" in values else None
    if "consultant" in values:
        owner = person_of(values["consultant"], people, "owner")
    elif consultant is not None:
        owner = consultant
    else:
        msg = "no owner: the owner cell is empty; fill it in, or pass --consultant ID for such rows"
        raise Refused(msg)
    since = values.get("customer_since") or (values.get("created") if stage in (None, "customer") else None)
    street = "\n".join(filter(None, (values.get("address"), values.get("address2"))))
    return {
        "name": name,
        "consultant": owner,
        "stage": stage,
        "company": values.get("company") if values.get("company") != name else None,
        "language": values.get("language"),
        "email": checked_email(values["email"]) if "email" in values else None,
        "phone": values.get("phone") or values.get("mobile"),
        "address": street or None,
        "postcode": values.get("postcode"),
        "city": values.get("city"),
        "region": values.get("region"),
        "country": values.get("country"),
        "customer_since": parse_date(since, date_order) if since else None,
        "birthday": parse_date(values["birthday"], date_order) if "birthday" in values else None,
        "external_id": values.get("external_id"),
    }
