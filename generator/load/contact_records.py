"""Contacts logged with `playbook log`, kept as new dated files under `content/contacts/`.

A consultant who called, met or wrote to a customer records it with one command; the command
writes a new file (see `record_files`) and never touches the customer files:

    contacts:
    - customer: ann
      date: 2026-11-16
      channel: phone
      outcome: no_answer
      by: dana
      task: 3f9c2a71b0

Loading adds each entry to its customer's contact log, so the next plan, audit and site see it.
"""

from __future__ import annotations

from pathlib import Path

from generator.core import model
from generator.core.problems import Problems
from generator.core.project import Project
from generator.core.suggest import did_you_mean
from generator.load import tables
from generator.load.record_files import Entry, add_records, record_kind, write_record
from generator.load.yamlio import value_of, where

CONTACTS = record_kind(
    "contacts",
    "contact",
    tables.CONTACT.fields,
    customer="Id of the customer contacted.",
    doc="One contact with a customer: a call, a meeting, an e-mail or a letter.",
    command="playbook log",
)


def apply_contacts(
    project: Project,
    people: dict[str, model.Person],
    customers: list[model.Customer],
    problems: Problems,
) -> list[model.Customer]:
    """Add every logged contact to its customer's log; each log ends up sorted by date."""

    def contact(entry: Entry) -> model.Contact | None:
        by = entry.values.get("by")
        if people and by is not None and by not in people:
            hint = did_you_mean(by, people, otherwise="; add them to content/team.yaml or fix the id")
            problems.error(
                where(entry.location.file, value_of(entry.node, "by") or entry.node),
                f"{entry.label}: 'by' {by!r} is not in content/team.yaml{hint}",
            )
            return None
        return model.Contact(**entry.values, line=entry.location.line, column=entry.location.column)

    return add_records(project, CONTACTS, customers, problems, contact)


def record_contact(project: Project, customer_id: str, contact: model.Contact) -> Path:
    """Write the contact to a new file `content/contacts/<date>-<customer>[-N].yaml`; return its path."""
    entry: dict[str, object] = {
        "customer": customer_id,
        "date": contact.date,
        "channel": contact.channel,
        "outcome": contact.outcome,
        "by": contact.by,
        "task": contact.task,
        "note": contact.note,
    }
    return write_record(project, CONTACTS, customer_id, contact.date, entry)
