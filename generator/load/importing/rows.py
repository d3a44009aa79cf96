"""What every kind of import shares: the outcome of each row, team people and customers found by
what an export writes (a name, an e-mail, a record id)."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from generator.core import model
from generator.core.problems import Problems
from generator.core.suggest import did_you_mean
from generator.load.fields import Context, Invalid
from generator.load.importing.values import Refused, same_words
from generator.load.scalars import Email


@dataclass(frozen=True)
class RowNote:
    row: int
    reason: str


@dataclass
class Batch:
    """What an import would do: the entries to write and what became of every other row."""

    entries: list[dict[str, object]] = field(default_factory=list)
    added: list[RowNote] = field(default_factory=list)
    """One per entry: its first row and what it is (`ann-lee`, `#1001 of ann-lee`)."""
    present: list[RowNote] = field(default_factory=list)
    refused: list[RowNote] = field(default_factory=list)
    left_out: list[RowNote] = field(default_factory=list)
    """Rows that are not data of this kind (a refunded order, a vendor): listed, not an error."""


class LeftOut(Exception):
    """A row that is well formed but not a customer, purchase or contact (see `Batch.left_out`)."""


def person_of(text: str, people: dict[str, model.Person], what: str) -> str:
    """The id of the team person `text` names: their id, e-mail (any case) or name (spaces and
    case aside; accents count, so `Maria` is not `María`)."""
    if text in people:
        return text
    wanted = same_words(text)
    found = sorted(
        {p.id for p in people.values() if (p.email and p.email.casefold() == wanted) or same_words(p.name) == wanted}
    )
    if len(found) == 1:
        return found[0]
    if found:
        msg = f"{what} {text!r} names {len(found)} people ({', '.join(found)}); use their e-mail or id"
        raise Refused(msg)
    names = [p.name for p in people.values()]
    hint = did_you_mean(text, names, otherwise=did_you_mean(text, people, otherwise="; add them to content/team.yaml"))
    msg = f"{what} {text!r} is nobody in content/team.yaml{hint}"
    raise Refused(msg)


def checked_email(text: str) -> str:
    """The address as typed, if it is one that `playbook check` accepts."""
    node = yaml.ScalarNode("tag:yaml.org,2002:str", text)
    try:
        return Email().convert(node, Context("import", Problems()))
    except Invalid:
        msg = f"e-mail {text!r} is not an address like name@example.com"
        raise Refused(msg) from None


@dataclass
class CustomerIndex:
    """The customers a purchase or contact row may name, by id, record id and e-mail."""

    by_id: dict[str, model.Customer]
    by_external: dict[str, str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, customers: tuple[model.Customer, ...]) -> CustomerIndex:
        index = cls({c.id: c for c in customers})
        for customer in customers:
            if customer.external_id:
                index.by_external.setdefault(customer.external_id, customer.id)
            if customer.email:
                index.by_email.setdefault(customer.email.casefold(), customer.id)
        return index

    def find(self, values: dict[str, str]) -> model.Customer:
        """The customer a row names by `customer` (id), `customer_external_id` or `email`."""
        if "customer" in values:
            customer_id = values["customer"]
            if customer_id not in self.by_id:
                hint = did_you_mean(customer_id, self.by_id, otherwise="; check the id in the customer files")
                msg = f"customer {customer_id!r} is not in the customer files{hint}"
                raise Refused(msg)
            return self.by_id[customer_id]
        if "customer_external_id" in values and values["customer_external_id"] in self.by_external:
            return self.by_id[self.by_external[values["customer_external_id"]]]
        if "email" in values and values["email"].casefold() in self.by_email:
            return self.by_id[self.by_email[values["email"].casefold()]]
        said = ", ".join(f"{k} {values[k]!r}" for k in ("customer_external_id", "email") if k in values)
        if not said:
            msg = "the row names no customer (no id, record id or e-mail)"
            raise Refused(msg)
        msg = f"no customer has the {said}; import the customers first (playbook import csv --kind customers)"
        raise Refused(msg)
