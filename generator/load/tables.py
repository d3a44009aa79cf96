"""The field tables of every input file: one source for validation and for the JSON Schema."""

from __future__ import annotations

from generator.core import model, vocabulary
from generator.load.fields import Field, ListOf, Record
from generator.load.scalars import (
    Birthday,
    Bool,
    Choice,
    Date,
    Email,
    Integer,
    Line,
    Money,
    Slug,
    Text,
    Url,
)

LANGUAGE = Line()

NOTE = Record(
    "note",
    (
        Field("date", Date(), required=True, doc="When we learned it."),
        Field("text", Text(), required=True, doc="What we learned about their life."),
    ),
    build=model.Note,
    doc="Something learned about the customer's life.",
)

PURCHASE = Record(
    "purchase",
    (
        Field("date", Date(), required=True),
        Field("amount", Money(), required=True, doc="Decimal amount in the organisation's currency."),
        Field("item", Line(), doc="What they bought."),
        Field("external_id", Line(), doc="The order's id in the shop it was imported from."),
    ),
    build=model.Purchase,
)

CONTACT = Record(
    "contact",
    (
        Field("date", Date(), required=True),
        Field("channel", Choice(vocabulary.CONTACT_CHANNELS), required=True),
        Field("by", Slug(), doc="Person id of who made the contact."),
        Field("outcome", Choice(vocabulary.OUTCOMES), doc="What happened; default reached."),
        Field("note", Text()),
        Field("task", Line(), doc="The plan's id of the task this contact was for; it completes that task whatever the outcome."),
        Field("external_id", Line(), doc="The activity's id in the system it was imported from."),
    ),
    build=model.Contact,
    with_line=True,
    doc="One entry of the interaction log.",
)

REVIEW = Record(
    "review",
    (
        Field("date", Date(), required=True),
        Field("rating", Integer(1, 5), required=True, doc="The customer's rating of us, 1 to 5."),
        Field("note", Text()),
    ),
    build=model.Review,
)

CUSTOMER = Record(
    "customer",
    (
        Field("id", Slug(), required=True, doc="Unique, lower-case letters, digits and hyphens."),
        Field("name", Line(), required=True),
        Field("consultant", Slug(), required=True, doc="Person id of the consultant."),
        Field("company", Line()),
        Field("language", LANGUAGE, doc="Language for letters, e.g. en or es."),
        Field("stage", Choice(vocabulary.STAGES), doc="customer (default), prospect or lost."),
        Field("email", Email()),
        Field("phone", Line()),
        Field("address", Text(), doc="Street lines; several lines are kept."),
        Field("postcode", Line(), doc="Postal or ZIP code, kept as typed (02134)."),
        Field("city", Line()),
        Field("region", Line()),
        Field("country", Line()),
        Field("preferred_channel", Choice(vocabulary.PREFERRED_CHANNELS), doc="Leave out when not known yet."),
        Field("do_not_contact", Bool(), doc="true: the customer asked not to be contacted."),
        Field("birthday", Birthday(), doc="YYYY-MM-DD, or \"--MM-DD\" when the year is unknown."),
        Field("customer_since", Date()),
        Field("expected_value", Money(), doc="Prospects: what a first year might be worth."),
        Field("referred_by", Slug(), doc="Id of the customer who recommended us to them."),
        Field("external_id", Line(), doc="The record id in the CRM or shop the customer was imported from."),
        Field("interests", ListOf(Line())),
        Field("notes", ListOf(NOTE)),
        Field("purchases", ListOf(PURCHASE)),
        Field("contacts", ListOf(CONTACT)),
        Field("reviews", ListOf(REVIEW)),
    ),
    doc="A customer or prospect.",
)

PERSON = Record(
    "person",
    (
        Field("id", Slug(), required=True),
        Field("name", Line(), required=True),
        Field("role", Choice(vocabulary.ROLES), required=True),
        Field("title", Line(), doc="Job title printed under a signature."),
        Field("email", Email()),
        Field("phone", Line()),
        Field("region", Line()),
        Field("languages", ListOf(LANGUAGE)),
        Field("capacity", Integer(0), doc="Most customers they can carry."),
        Field("status", Choice(vocabulary.PERSON_STATUSES), doc="active (default) or departed."),
        Field("left_on", Date(), doc="Required for a departed person."),
    ),
    doc="A member of the team.",
)

ORGANIZATION = Record(
    "organization",
    (
        Field("name", Line(), required=True),
        Field("address", Text()),
        Field("phone", Line()),
        Field("email", Email()),
        Field("website", Url()),
        Field("signatory", Slug(), required=True, doc="Person id (owner or manager) who signs notices."),
        Field("currency", Line(), doc="Currency code of all amounts, e.g. USD or EUR."),
        Field("country", Line(), doc="The shop's country, e.g. GB: addresses in it get no country line."),
    ),
)

TEAM_FILE = Record(
    "team file",
    (
        Field("organization", ORGANIZATION, required=True),
        Field("people", ListOf(PERSON), required=True),
    ),
)

CUSTOMERS_FILE = Record("customers file", (Field("customers", ListOf(CUSTOMER), required=True),))
