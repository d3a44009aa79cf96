"""The typed model every stage shares. No YAML and no templates here: just values.

Collections are tuples and records are frozen, so a loaded dataset can be cached, shared and
compared safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from generator.core.problems import Location
from generator.core.rule import Rule


@dataclass(frozen=True, slots=True)
class BirthdayValue:
    """A birthday; `year` is None when only the day is known (`--MM-DD`)."""

    month: int
    day: int
    year: int | None = None

    def next_after(self, day: date) -> date:
        """The first birthday on or after `day` (29 February falls on 28 February in other years)."""
        for year in (day.year, day.year + 1, day.year + 2):
            try:
                candidate = date(year, self.month, self.day)
            except ValueError:
                candidate = date(year, self.month, 28)
            if candidate >= day:
                return candidate
        raise AssertionError("unreachable")  # pragma: no cover

    def __str__(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Note:
    """Something we learned about the customer's life."""

    date: date
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Purchase:
    date: date
    amount: Decimal
    item: str | None = None
    external_id: str | None = None
    """The order's id in the shop or till it was imported from (`playbook import csv`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """One entry of the interaction log."""

    date: date
    channel: str
    by: str | None = None
    outcome: str = "reached"
    note: str | None = None
    task: str | None = None
    """The plan's id of the task this contact was for (`playbook log --task`); it completes that
    task whatever its outcome."""
    external_id: str | None = None
    """The activity's id in the system it was imported from (`playbook import csv`)."""
    line: int = 0
    """Line in the source file, so a later check (an unknown `by`) can point at it."""
    column: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """A relationship review in which the customer rated us from 1 to 5."""

    date: date
    rating: int
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Customer:
    id: str
    """Stable identifier; part of links and file names, so a validated slug."""
    name: str
    consultant: str
    """The person id of the consultant who owns the relationship (after handovers)."""
    stage: str = "customer"
    company: str | None = None
    language: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    """Street lines, one per line (an imported address keeps its second line)."""
    postcode: str | None = None
    """Kept as typed: `02134`, `SW1A 1AA`."""
    city: str | None = None
    region: str | None = None
    country: str | None = None
    preferred_channel: str | None = None
    """None means we do not know yet how they like to be reached."""
    do_not_contact: bool = False
    birthday: BirthdayValue | None = None
    customer_since: date | None = None
    expected_value: Decimal | None = None
    """For prospects: what a first year might be worth."""
    interests: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    purchases: tuple[Purchase, ...] = ()
    contacts: tuple[Contact, ...] = ()
    reviews: tuple[Review, ...] = ()
    source: Location | None = None
    """Where the customer's entry starts."""
    consultant_at: Location | None = None
    """Where the `consultant` value was written, for orphan warnings."""
    handed_over: str | None = None
    """Id of the handover record that last reassigned this customer, if any."""
    original_consultant: str | None = None
    """The consultant named in the customer file, before any handover."""
    referred_by: str | None = None
    """The id of the customer who recommended us to them, if any."""
    referred_by_at: Location | None = None
    """Where the `referred_by` value was written, for the cross-check."""
    external_id: str | None = None
    """The customer's record id in the CRM or shop they were imported from; a second import of
    the same export recognises them by it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    id: str
    name: str
    role: str = "consultant"
    email: str | None = None
    phone: str | None = None
    region: str | None = None
    languages: tuple[str, ...] = ()
    capacity: int | None = None
    """Most customers they can carry; None means no limit was set."""
    status: str = "active"
    left_on: date | None = None
    title: str | None = None
    """Job title printed under a signature, e.g. 'Store manager'."""
    source: Location | None = None

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True, slots=True, kw_only=True)
class Organization:
    name: str
    signatory: str
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    currency: str = "USD"
    country: str | None = None
    """Where the shop is (a code such as GB, or a name): letters to customers in the same
    country leave the country line off their address, as the post wants."""
    source: Location | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Tunable numbers from `playbook/rules.yaml`; `load.settings` says what each one means.

    `values` holds what that table's fields made of the YAML (numbers, dates, text, money
    lists); which type a setting has is known only by name, so readers convert what they read.
    """

    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True, slots=True, kw_only=True)
class Dataset:
    """Everything loaded and validated: the input of scheduling and rendering."""

    organization: Organization
    people: dict[str, Person]
    customers: tuple[Customer, ...]
    """Sorted by id."""
    settings: Settings
    rules: tuple[Rule, ...] = ()
    handovers: tuple[Handover, ...] = ()
    """Applied oldest first; the customers already stand as the last of them left them."""
    extras: dict[str, object] = field(default_factory=dict)
    """Data later features load (review questions, gift ideas), by name; each reader checks the
    type it expects. Keys starting with `_` are caches derived from the rest."""

    def customer(self, customer_id: str) -> Customer:
        return self._customer_index()[customer_id]

    def _customer_index(self) -> dict[str, Customer]:
        index = self.extras.get("_customer_index")
        if not isinstance(index, dict):
            index = {c.id: c for c in self.customers}
            self.extras["_customer_index"] = index
        return index

    def customers_of(self, person_id: str) -> list[Customer]:
        return [c for c in self.customers if c.consultant == person_id]


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """One dated follow-up for one consultant: the engine's output, the site's input."""

    id: str
    """Stable across runs: derived from rule, customer and the anchor event, never from as_of."""
    due: date
    consultant: str
    """Who does it (the signatory for orphans of a departed consultant)."""
    customer: str
    habit: str
    """thank_you, check_in, prospect_follow_up, stay_in_touch, birthday, review,
    appreciation, win_back, notify or introduce."""
    rule: str
    channel: str
    """email, phone, in_person or letter."""
    channel_source: str
    """preferred (the customer said), inferred (they replied that way), rotation (unknown:
    trying each channel in turn) or fixed (the rule names a channel)."""
    reason: str
    """Why now, written for the consultant and true of the data."""
    overdue: bool
    title: str = ""
    why: str = ""
    """The habit's lesson in one or two sentences, shown beside the task."""
    talking_points: tuple[str, ...] = ()
    orphan: bool = False
    """The customer's consultant departed and no handover assigned them yet."""
    folded: tuple[str, ...] = ()
    """Reasons of other rules that fell in the same window and were folded into this task."""
    priority: int = 0
    anchor: date | None = None
    """The date of the event the task is timed from (a purchase, a handover...), when there is one:
    nothing on or before that day completes the task (the meeting of the sale is not its thank-you)."""
    tried: tuple[Contact, ...] = ()
    """Attempts since the task opened that did not complete it (no answer, a message left)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """Every task from `as_of` to the horizon, plus what was left out and why."""

    as_of: date
    until: date
    tasks: tuple[Task, ...]
    """Sorted by due date, consultant, customer, rule."""
    excluded: tuple[str, ...] = ()
    """Ids of do-not-contact customers, who get no tasks."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """One customer moved by a handover."""

    customer: str
    to: str
    """Person id of the receiving consultant."""
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Handover:
    """A record under `content/handovers/`: a departing person's customers redistributed."""

    id: str
    """The record's file name without extension, e.g. `2026-11-16-sam`."""
    date: date
    """When the customers change hands; notify and introduce tasks are timed from it."""
    departing: str
    """Person id of the consultant who left (`from:` in the file)."""
    assignments: tuple[Assignment, ...]
    by: str | None = None
    """Who decided it (a manager or owner)."""
    source: Location | None = None
