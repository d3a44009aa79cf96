"""`playbook handover`: propose who takes each of a departing person's customers.

`load.handover_writer` records the proposal, once turned into a `model.Handover`.

The proposal is a pure function of the loaded dataset, so the same data always gives the same
answer. Customers of one company move together as a unit. Units are placed greedily, most
valuable first, each with the colleague who has room and scores best:

    shared language  +3   the customer's `language` is one the colleague speaks
    same region      +2   the unit's region equals the colleague's (`plan.regions`)
    key accounts     -1   per high-value unit or prospect the colleague already received here

Ties go to the colleague with the lighter load after taking the unit (customers / capacity),
then to the smaller id. Each choice is explained in one line.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from generator.core import model
from generator.core.errors import PlaybookError
from generator.core.money import format_money
from generator.core.suggest import did_you_mean
from generator.load.handover_records import hand_over
from generator.load.handover_writer import one_line, record_id
from generator.plan.regions import same_region

LANGUAGE_POINTS = 3
REGION_POINTS = 2
KEY_PENALTY = 1

LANGUAGE_NAMES = {
    "ar": "Arabic", "da": "Danish", "de": "German", "en": "English", "es": "Spanish",
    "fi": "Finnish", "fr": "French", "it": "Italian", "ja": "Japanese", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "sv": "Swedish", "zh": "Chinese",
}  # fmt: skip


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.lower(), code)


@dataclass(frozen=True, slots=True)
class Unit:
    """Customers who move together: one company, or one customer without a company."""

    label: str
    customers: tuple[model.Customer, ...]
    value: Decimal
    """Lifetime value of the purchases, plus the expected value of prospects."""
    region: str | None
    languages: tuple[str, ...]
    prospect: bool
    company: str | None

    @property
    def size(self) -> int:
        return len(self.customers)


@dataclass(slots=True)
class _Candidate:
    person: model.Person
    load: int
    """Customers they carry now, plus those received in this proposal."""
    received: int = 0
    key_received: int = 0

    @property
    def room(self) -> float:
        capacity = self.person.capacity
        return math.inf if capacity is None else capacity - self.load


@dataclass(frozen=True, slots=True)
class Proposal:
    """Who takes each customer, as `playbook handover` prints and records it."""

    id: str
    date: date
    departing: model.Person
    by: model.Person
    assignments: tuple[model.Assignment, ...]
    """Sorted by customer id."""
    loads: tuple[tuple[model.Person, int, int], ...] = field(default=())
    """(colleague, customers received, load afterwards) for each colleague who receives any."""
    warnings: tuple[str, ...] = ()

    def as_handover(self) -> model.Handover:
        """The record this proposal makes, as loading would read it back."""
        return model.Handover(
            id=self.id,
            date=self.date,
            departing=self.departing.id,
            assignments=self.assignments,
            by=self.by.id,
        )


# ------------------------------------------------------------------- the state before a record


def customers_before(dataset: model.Dataset, key: tuple[date, str]) -> list[model.Customer]:
    """The customers as they stood just before a record with this (date, id) would apply.

    Loading applied every record already; this starts again from the customer files and
    re-applies only the earlier records, so re-running a handover ignores its own record.
    """
    base = {
        c.id: replace(
            c,
            consultant=c.original_consultant or c.consultant,
            handed_over=None,
            original_consultant=None,
        )
        for c in dataset.customers
    }
    for handover in dataset.handovers:
        if (handover.date, handover.id) >= key:
            continue
        for assignment in handover.assignments:
            base[assignment.customer] = hand_over(base[assignment.customer], assignment.to, handover.id)
    return [base[c.id] for c in dataset.customers]


# ------------------------------------------------------------------- proposing


def propose(
    dataset: model.Dataset,
    departing_id: str,
    *,
    on: date,
    to: Sequence[str] = (),
    by: str | None = None,
) -> Proposal:
    """Propose an owner for each of the departing person's customers; raise PlaybookError if impossible."""
    people = dataset.people
    departing = _person(people, departing_id, "--from")
    warnings: list[str] = []
    if departing.active:
        warnings.append(
            f"{departing.id!r} is still active: recording a planned handover; "
            "set status: departed and left_on in content/team.yaml when they leave"
        )
    signer = _person(people, by or dataset.organization.signatory, "--by")
    if not signer.active:
        msg = f"--by {signer.id!r} left on {signer.left_on}; name an active manager or owner"
        raise PlaybookError(msg)
    rid = record_id(on, departing.id)
    customers = customers_before(dataset, (on, rid))
    book = sorted((c for c in customers if c.consultant == departing.id), key=lambda c: c.id)
    if not book:
        return Proposal(rid, on, departing, signer, (), (), tuple(warnings))
    candidates = _candidates(people, departing, to, customers)
    units = _units(book, on)
    _check_total_room(units, candidates)
    threshold = _high_value_threshold(units)
    chosen: dict[str, model.Assignment] = {}
    for unit in units:
        candidate, key, reason = _choose(unit, threshold, candidates, dataset.organization.currency)
        candidate.load += unit.size
        candidate.received += unit.size
        candidate.key_received += key
        for customer in unit.customers:
            chosen[customer.id] = model.Assignment(
                customer=customer.id, to=candidate.person.id, reason=reason
            )
    loads = tuple((c.person, c.received, c.load) for c in candidates if c.received)
    return Proposal(
        rid, on, departing, signer, tuple(chosen[c.id] for c in book), loads, tuple(warnings)
    )


def _person(people: dict[str, model.Person], person_id: str, option: str) -> model.Person:
    person = people.get(person_id)
    if person is None:
        hint = did_you_mean(person_id, people, otherwise="; see content/team.yaml for the ids")
        msg = f"{option} {person_id!r} is not in content/team.yaml{hint}"
        raise PlaybookError(msg)
    return person


def _candidates(
    people: dict[str, model.Person],
    departing: model.Person,
    named: Sequence[str],
    customers: Sequence[model.Customer],
) -> list[_Candidate]:
    """The colleagues who may receive customers: those named with --to, else every active consultant."""
    if named:
        chosen = []
        for person_id in dict.fromkeys(named):
            person = _person(people, person_id, "--to")
            if person.id == departing.id:
                msg = f"--to {person.id!r} is the person leaving; name the colleagues who take over"
                raise PlaybookError(msg)
            if not person.active:
                msg = f"--to {person.id!r} left on {person.left_on}; name active colleagues only"
                raise PlaybookError(msg)
            chosen.append(person)
    else:
        chosen = [
            p
            for p in people.values()
            if p.role == "consultant" and p.active and p.id != departing.id
        ]
        if not chosen:
            msg = "there is no active consultant to take the customers; name colleagues with --to"
            raise PlaybookError(msg)
    loads = Counter(c.consultant for c in customers)
    return [_Candidate(p, loads[p.id]) for p in sorted(chosen, key=lambda p: p.id)]


def _units(book: Sequence[model.Customer], on: date) -> list[Unit]:
    """Group customers by company (compared without case or spacing), most valuable first."""
    groups: dict[str, list[model.Customer]] = {}
    for customer in book:
        key = one_line(customer.company).casefold() if customer.company else ""
        groups.setdefault(f"company:{key}" if key else f"customer:{customer.id}", []).append(
            customer
        )
    units = []
    for members in groups.values():
        value = sum((_value(c, on) for c in members), Decimal(0))
        regions = Counter(one_line(c.region) for c in members if c.region)
        region = min(regions, key=lambda r: (-regions[r], r)) if regions else None
        languages = tuple(sorted({c.language.lower() for c in members if c.language}))
        spellings = Counter(one_line(c.company) for c in members if c.company)
        company = min(spellings, key=lambda s: (-spellings[s], s)) if spellings else None
        label = company if company is not None and len(members) > 1 else members[0].name
        units.append(
            Unit(
                label,
                tuple(members),
                value,
                region,
                languages,
                any(c.stage == "prospect" for c in members),
                company,
            )
        )
    return sorted(units, key=lambda u: (-u.value, -u.size, u.customers[0].id))


def _value(customer: model.Customer, on: date) -> Decimal:
    total = sum((p.amount for p in customer.purchases if p.date <= on), Decimal(0))
    if customer.stage == "prospect" and customer.expected_value is not None:
        total += customer.expected_value
    return total


def _high_value_threshold(units: Sequence[Unit]) -> Decimal | None:
    """The value that puts a unit in the top quarter of this book (at least one unit)."""
    values = sorted((u.value for u in units if u.value > 0), reverse=True)
    if not values:
        return None
    top = max(1, math.ceil(len(units) / 4))
    return values[min(top, len(values)) - 1]


def _check_total_room(units: Sequence[Unit], candidates: Sequence[_Candidate]) -> None:
    needed = sum(u.size for u in units)
    room = sum(c.room for c in candidates)
    if needed > room:
        msg = (
            f"{needed} customers to hand over but only {int(room)} places left "
            f"({_rooms(candidates)}); raise a capacity in content/team.yaml or name more colleagues with --to"
        )
        raise PlaybookError(msg)


def _rooms(candidates: Sequence[_Candidate]) -> str:
    return ", ".join(
        f"{c.person.id} {'no limit' if c.room == math.inf else int(c.room)}" for c in candidates
    )


def _choose(
    unit: Unit, threshold: Decimal | None, candidates: Sequence[_Candidate], currency: str
) -> tuple[_Candidate, bool, str]:
    """The best colleague with room for the whole unit, whether it is a key account, and the reason."""
    key = unit.prospect or (threshold is not None and unit.value >= threshold)
    fitting = [c for c in candidates if c.room >= unit.size]
    # Someone without a capacity is compared as if they had the largest capacity set in the team.
    unlimited = max((c.person.capacity for c in candidates if c.person.capacity), default=0) or max(
        c.load + unit.size for c in candidates
    )
    if not fitting:
        who = (
            f"{unit.label} ({unit.size} customers of one company)" if unit.size > 1 else unit.label
        )
        msg = (
            f"no colleague has room left for {who}: {_rooms(candidates)}; "
            "raise a capacity in content/team.yaml or name more colleagues with --to"
        )
        raise PlaybookError(msg)

    def score(c: _Candidate) -> int:
        return (
            LANGUAGE_POINTS * _speaks(c.person, unit)
            + REGION_POINTS * same_region(c.person.region, unit.region)
            - (KEY_PENALTY * c.key_received if key else 0)
        )

    def ratio(c: _Candidate) -> float:
        capacity = c.person.capacity if c.person.capacity is not None else unlimited
        return (c.load + unit.size) / capacity if capacity else math.inf

    ranked = sorted(fitting, key=lambda c: (-score(c), ratio(c), c.person.id))
    best = ranked[0]
    parts = []
    if same_region(best.person.region, unit.region):
        parts.append(f"same region ({unit.region})")
    if _speaks(best.person, unit):
        parts.append("speaks " + " and ".join(language_name(code) for code in unit.languages))
    if unit.size > 1:
        parts.append(f"keeps {unit.company} together ({unit.size} customers)")
    if key:
        worth = f" ({format_money(unit.value, currency)})" if unit.value else ""
        kind = "high value" if threshold is not None and unit.value >= threshold else "prospect"
        parts.append(f"{kind}{worth}, {_ordinal(best.key_received + 1)} key account for them")
    after = best.load + unit.size
    load = (
        f"{after}/{best.person.capacity}"
        if best.person.capacity is not None
        else f"{after}, no limit"
    )
    tied = len(ranked) > 1 and score(ranked[1]) == score(best)
    parts.append(f"lightest load ({load})" if tied else f"load {load}")
    return best, key, "; ".join(parts)


def _speaks(person: model.Person, unit: Unit) -> bool:
    known = {language.lower() for language in person.languages}
    return bool(unit.languages) and all(language in known for language in unit.languages)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ------------------------------------------------------------------- printing


def proposal_json(proposal: Proposal) -> str:
    """The proposal as a JSON list of `{customer, to, reason}`, for scripts."""
    rows = [{"customer": a.customer, "to": a.to, "reason": a.reason} for a in proposal.assignments]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def proposal_text(proposal: Proposal, dataset: model.Dataset) -> str:
    """A table a manager can read: one line per customer, then what each colleague receives."""
    departing = proposal.departing
    left = f", left on {departing.left_on}" if departing.left_on else ""
    count = len(proposal.assignments)
    lines = [
        f"Handover {proposal.id}: {count} customer{'s' if count != 1 else ''} of "
        f"{one_line(departing.name)} ({departing.id}{left}), decided by {one_line(proposal.by.name)}",
    ]
    if not proposal.assignments:
        return "\n".join(lines) + "\n"
    width_customer = max(len("customer"), *(len(a.customer) for a in proposal.assignments))
    width_to = max(len("to"), *(len(a.to) for a in proposal.assignments))
    lines.append("")
    lines.append(f"{'customer':<{width_customer}}  {'to':<{width_to}}  reason")
    for a in proposal.assignments:
        lines.append(f"{a.customer:<{width_customer}}  {a.to:<{width_to}}  {a.reason}".rstrip())
    lines.append("")
    for person, received, load in proposal.loads:
        capacity = (
            f"{load}/{person.capacity}" if person.capacity is not None else f"{load}, no limit"
        )
        lines.append(f"{one_line(person.name)} ({person.id}) takes {received}: now {capacity}")
    return "\n".join(lines) + "\n"
