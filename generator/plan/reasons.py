"""Why a task is due now, in facts the consultant can check against the customer's file.

Each anchor has its own wording: the event the task is timed from, how long ago it was, and
(where it helps the conversation) what the customer bought in all. A task tried without
success says when it was last tried and how that went ("tried on 2026-11-12 (no answer)").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from generator.core import model
from generator.core.money import format_money
from generator.core.rule import Rule
from generator.plan.customer_scope import CustomerScope
from generator.plan.facts import History
from generator.plan.timing import Occurrence, handover_of


def person_name(people: Mapping[str, model.Person], person_id: str | None) -> str:
    """The person's name, else the id as written (a departed id may no longer be on the team)."""
    person = people.get(person_id or "")
    return person.name if person else str(person_id)


class Reasons:
    """Writes the reason of each task of one plan."""

    def __init__(
        self, dataset: model.Dataset, as_of: date, handovers: Mapping[str, model.Handover]
    ) -> None:
        self.as_of = as_of
        self.people = dataset.people
        self.settings = dataset.settings
        self.currency = dataset.organization.currency
        self.handovers = handovers

    def reason(
        self,
        rule: Rule,
        occurrence: Occurrence,
        scope: CustomerScope,
        tried: Sequence[model.Contact] = (),
    ) -> str:
        """Why now, the parts joined in one line, ending with the last try if there was one."""
        parts = self._parts(rule, occurrence, scope, bool(tried))
        if tried:
            parts.append(tried_text(tried))
        return "; ".join([p for p in parts if p])

    def orphan_note(self, customer: model.Customer, owner: model.Person | None) -> str:
        """What a task of an orphan adds to its reason: why the signatory does it."""
        left = (
            f" left on {owner.left_on.isoformat()}"
            if owner and owner.left_on
            else " is not on the team"
        )
        name = person_name(self.people, customer.consultant)
        return f"; {name}{left}: no consultant until a handover"

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency)

    def value_summary(self, scope: CustomerScope) -> str:
        """What they bought in all, written once per customer however many reasons show it."""
        if scope.summary is None:
            scope.summary = self._value_summary(scope.history)
        return scope.summary

    def _value_summary(self, history: History) -> str:
        count = len(history.purchases)
        if count == 0:
            expected = history.customer.expected_value
            if expected is not None:
                return f"no purchases yet, expected value {self.money(expected)}"
            return "no purchases yet"
        times = "once" if count == 1 else f"{count} times"
        return f"bought {times}, {self.money(history.lifetime_value)} in total"

    def _parts(
        self, rule: Rule, occurrence: Occurrence, scope: CustomerScope, tried: bool
    ) -> list[str]:
        anchor = rule.anchor
        if rule.attempts:
            return self._attempt(rule, occurrence, scope)
        if anchor == "birthday" and scope.customer.birthday is not None:
            return self._birthday(occurrence, scope.customer.birthday)
        if anchor == "season":
            return self._season(occurrence, scope.customer)
        if anchor == "handover":
            return self._handover(scope.customer)
        if anchor in ("purchase", "first_purchase"):
            return self._purchase(rule, scope, tried)
        if anchor == "referral":
            return self._referral(scope)
        if anchor == "review":
            return self._review(scope)
        if anchor == "customer_since":
            return [f"customer since {_iso(scope.history.since)}", self.value_summary(scope)]
        return self._contact(anchor, scope)

    def _attempt(self, rule: Rule, occurrence: Occurrence, scope: CustomerScope) -> list[str]:
        total = len(rule.attempts)
        which = (
            f"final attempt ({occurrence.attempt} of {total})"
            if occurrence.attempt == total
            else f"attempt {occurrence.attempt} of {total}"
        )
        last = scope.history.last_contact
        if last is None:
            return [which, "no contact logged yet", self.value_summary(scope)]
        ago = days_ago(self.as_of, last.date)
        return [
            which,
            f"last contact {ago} ({_spoken(last.outcome)} by {_spoken(last.channel)})",
            self.value_summary(scope),
        ]

    def _birthday(self, occurrence: Occurrence, birthday: model.BirthdayValue) -> list[str]:
        day = occurrence.anchor or occurrence.due
        age = f"turns {day.year - birthday.year} " if birthday.year else "birthday "
        return [f"{age}on {day.isoformat()} ({days_ago(self.as_of, day)})"]

    def _season(self, occurrence: Occurrence, customer: model.Customer) -> list[str]:
        day = occurrence.anchor or occurrence.due
        season = self.settings.values.get("appreciation_season") or "the season"
        parts = [f"{season} on {day.isoformat()} ({days_ago(self.as_of, day)})"]
        if customer.interests:
            parts.append("interests: " + ", ".join(customer.interests))
        return parts

    def _handover(self, customer: model.Customer) -> list[str]:
        handover = handover_of(customer, self.handovers)
        if handover is None:  # pragma: no cover - no anchor, no occurrence
            return []
        return [
            f"handed over from {person_name(self.people, handover.departing)} to "
            f"{person_name(self.people, customer.consultant)} on {handover.date.isoformat()}"
        ]

    def _purchase(self, rule: Rule, scope: CustomerScope, tried: bool) -> list[str]:
        history = scope.history
        first = rule.anchor == "first_purchase"
        purchase = history.first_purchase if first else history.last_purchase
        if purchase is None:  # pragma: no cover - no anchor, no occurrence
            return []
        what = purchase.item or f"for {self.money(purchase.amount)}"
        ago = days_ago(self.as_of, purchase.date)
        if rule.habit == "win_back":
            return [f"last purchase {ago} ({what})", self.value_summary(scope)]
        verb = "first purchase" if first else "bought"
        text = f"{verb} {what} on {purchase.date.isoformat()} ({ago})"
        if tried:  # the last try is the last contact, and the reason ends with it
            return [text]
        last = history.last_contact  # the log is sorted: the latest contact, if any came after
        if last is not None and last.date > purchase.date:
            return [text, f"last contact {last.date.isoformat()}"]
        return [text, "no contact since"]

    def _referral(self, scope: CustomerScope) -> list[str]:
        referral = scope.history.referral
        if referral is None:  # pragma: no cover - no anchor, no occurrence
            return []
        ago = days_ago(self.as_of, referral.date)
        return [
            f"recommended us to {referral.customer.name}, "
            f"who first bought on {referral.date.isoformat()} ({ago})"
        ]

    def _review(self, scope: CustomerScope) -> list[str]:
        review = scope.history.last_review
        if review is not None:
            ago = days_ago(self.as_of, review.date)
            return [f"last review {ago} (rated {review.rating}/5)", self.value_summary(scope)]
        since = _iso(scope.history.since)
        return [f"never reviewed; customer since {since}", self.value_summary(scope)]

    def _contact(self, anchor: str, scope: CustomerScope) -> list[str]:
        """The contact and reached anchors: the last time we spoke, else what we know."""
        history, as_of = scope.history, self.as_of
        if anchor == "reached" and history.last_reached is not None:
            head = f"last reached {days_ago(as_of, history.last_reached.date)}"
        elif history.last_contact is not None:
            head = f"last contact {days_ago(as_of, history.last_contact.date)}"
            if anchor == "reached":
                head = f"never reached; {head}"
        elif history.last_purchase is not None:
            head = f"no contact logged; last purchase {days_ago(as_of, history.last_purchase.date)}"
        else:
            head = f"no contact logged; customer since {_iso(history.since)}"
        parts = [head, self.value_summary(scope)]
        if scope.customer.stage == "lost":
            parts.insert(0, "marked lost")
        return parts


def tried_text(tried: Sequence[model.Contact]) -> str:
    """`tried on 2026-11-12 (no answer)`, and how many times before, for a task still open."""
    last = tried[-1]
    text = f"tried on {last.date.isoformat()} ({_spoken(last.outcome)})"
    before = len(tried) - 1
    if before:
        text += " and " + {1: "once", 2: "twice"}.get(before, f"{before} times") + " before"
    return text


def folded_text(title: str, reason: str) -> str:
    """`send a handwritten birthday card: turns 40 on ...`: a folded task as it reads after "also".

    A rule's title is an instruction ("Send a handwritten birthday card"); inside a sentence its
    first word loses its capital, unless the word is written in capitals throughout ("VIP call").
    """
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:] == first[1:].lower():
        title = first[0].lower() + title[1:]
    return f"{title}: {reason}"


def days_ago(as_of: date, day: date) -> str:
    """`today`, `3 days ago` or `in 1 day`: how far `day` is from the plan's date."""
    days = (as_of - day).days
    if days == 0:
        return "today"
    if days < 0:
        return f"in {-days} day{'s'[: -days != 1]}"
    return f"{days} day{'s'[: days != 1]} ago"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "an unknown date"


def _spoken(word: str) -> str:
    """A channel or outcome of the vocabulary as a reader says it: `left_message`, left message."""
    return word.replace("_", " ")
