"""The layouts `playbook import csv` knows: which column of which export holds which field.

Column names are compared without regard to case or repeated spaces. A column a layout does not
name is left out (the summary lists them); `--map COLUMN=FIELD` adds or changes one.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("customers", "purchases", "contacts")
PRESETS = ("hubspot", "salesforce", "shopify", "generic")

FIELDS: dict[str, dict[str, str]] = {
    "customers": {
        "external_id": "the record's id in the CRM or shop",
        "name": "the full name (else first_name and last_name, else company)",
        "first_name": "the first name",
        "last_name": "the last name",
        "company": "the company",
        "email": "the e-mail address",
        "phone": "the phone number",
        "mobile": "a second phone number, used when phone is empty",
        "address": "the first street line",
        "address2": "a second street line",
        "city": "the city",
        "region": "the state, province or region",
        "postcode": "the postal or ZIP code",
        "country": "the country or its code",
        "language": "the language for letters (a code such as en)",
        "consultant": "the owner: a team person's id, name or e-mail",
        "stage": "customer, prospect or lost, or a lifecycle stage",
        "customer_since": "when they became a customer",
        "birthday": "their date of birth",
        "created": "when the record was made; customer_since of a customer without one",
    },
    "purchases": {
        "external_id": "the order's id (one purchase per id; its rows are its line items)",
        "customer": "the customer's id in playbook",
        "customer_external_id": "the customer's record id in the shop",
        "email": "the customer's e-mail address",
        "date": "when it was paid",
        "created": "when the order was placed; the date of an order without one",
        "amount": "what was paid",
        "item": "what was bought (a line item)",
        "quantity": "how many of the line item",
        "status": "the payment status; only paid orders are purchases",
    },
    "contacts": {
        "external_id": "the activity's id",
        "customer": "the customer's id in playbook",
        "customer_external_id": "the customer's record id in the CRM",
        "email": "the customer's e-mail address",
        "date": "when it happened",
        "channel": "email, phone, in_person or letter (call and meeting are understood)",
        "outcome": "reached, no_answer, left_message, met, replied or sent",
        "by": "who made it: a team person's id, name or e-mail",
        "note": "what was said",
    },
}


@dataclass(frozen=True)
class Layout:
    preset: str
    kind: str
    columns: dict[str, str]
    """Column name (as the export writes it) -> field."""
    signature: tuple[str, ...] = ()
    """Columns that together say a file is in this layout (for choosing one without --preset)."""
    date_order: str = "iso"
    """How `03/05/2024` is read: month-first (US exports), day-first, or iso (only unambiguous)."""


HUBSPOT = Layout(
    "hubspot",
    "customers",
    {
        "Record ID": "external_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Email": "email",
        "Phone Number": "phone",
        "Mobile Phone Number": "mobile",
        "Company Name": "company",
        "Contact owner": "consultant",
        "Lifecycle Stage": "stage",
        "Create Date": "created",
        "Became a Customer Date": "customer_since",
        "Date of birth": "birthday",
        "Street Address": "address",
        "City": "city",
        "State/Region": "region",
        "Postal Code": "postcode",
        "Zip": "postcode",
        "Country/Region": "country",
    },
    signature=("Record ID", "Lifecycle Stage"),
    date_order="month-first",
)

SALESFORCE = Layout(
    "salesforce",
    "customers",
    {
        "Contact ID": "external_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Email": "email",
        "Phone": "phone",
        "Mobile": "mobile",
        "Account Name": "company",
        "Contact Owner": "consultant",
        "Mailing Street": "address",
        "Mailing City": "city",
        "Mailing State/Province": "region",
        "Mailing Zip/Postal Code": "postcode",
        "Mailing Country": "country",
        "Created Date": "created",
        "Birthdate": "birthday",
    },
    signature=("Contact ID", "Mailing Street"),
    date_order="month-first",
)

SHOPIFY_CUSTOMERS = Layout(
    "shopify",
    "customers",
    {
        "Customer ID": "external_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Email": "email",
        "Phone": "phone",
        "Default Address Phone": "mobile",
        "Default Address Company": "company",
        "Default Address Address1": "address",
        "Default Address Address2": "address2",
        "Default Address City": "city",
        "Default Address Province Code": "region",
        "Default Address Zip": "postcode",
        "Default Address Country Code": "country",
    },
    signature=("Default Address Address1",),
)

SHOPIFY_CUSTOMERS_BEFORE_2023 = Layout(
    "shopify",
    "customers",
    {
        "First Name": "first_name",
        "Last Name": "last_name",
        "Email": "email",
        "Company": "company",
        "Address1": "address",
        "Address2": "address2",
        "City": "city",
        "Province Code": "region",
        "Country Code": "country",
        "Zip": "postcode",
        "Phone": "phone",
    },
    signature=("Address1", "Accepts Marketing"),
)
"""Shopify's customer export as it was written before its `Default Address ...` columns."""

SHOPIFY_ORDERS = Layout(
    "shopify",
    "purchases",
    {
        "Name": "external_id",
        "Email": "email",
        "Financial Status": "status",
        "Paid at": "date",
        "Created at": "created",
        "Total": "amount",
        "Lineitem name": "item",
        "Lineitem quantity": "quantity",
    },
    signature=("Lineitem name", "Financial Status"),
)

LAYOUTS = (
    HUBSPOT,
    SALESFORCE,
    SHOPIFY_CUSTOMERS,
    SHOPIFY_CUSTOMERS_BEFORE_2023,
    SHOPIFY_ORDERS,
    *(Layout("generic", kind, {name: name for name in FIELDS[kind]}) for kind in KINDS),
)


def column_key(name: str) -> str:
    """How column names are compared: `Contact  owner` and `contact owner` are the same column."""
    return " ".join(name.split()).casefold()


def choose_layout(columns: tuple[str, ...], preset: str | None, kind: str | None) -> Layout | None:
    """The layout the options allow whose signature columns the file has; else, without
    --preset, the generic one; customers when --kind is not given. None when the preset has no
    layout for the kind."""
    present = {column_key(c) for c in columns}
    candidates = [
        layout
        for layout in LAYOUTS
        if (preset is None or layout.preset == preset) and (kind is None or layout.kind == kind)
    ]
    for layout in candidates:
        if layout.signature and all(column_key(c) in present for c in layout.signature):
            return layout
    if preset is None:
        candidates = [layout for layout in candidates if layout.preset == "generic"]
    if kind is None:
        customers = [layout for layout in candidates if layout.kind == "customers"]
        candidates = customers or candidates
    return candidates[0] if candidates else None


def kinds_of(preset: str) -> list[str]:
    return [layout.kind for layout in LAYOUTS if layout.preset == preset]
