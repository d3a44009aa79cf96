"""How to reach a customer: the rule's channel, their preference, their habit, else each in turn.

The rule's fixed channel wins; `preferred` follows the customer's preferred channel, else the one
they answered most in the log (inferred), else email, phone and in person in turn
(`core.vocabulary.PREFERRED_CHANNELS`), skipping channels we have no address for.
"""

from __future__ import annotations

from datetime import date

from generator.core import model
from generator.core.rule import Rule
from generator.core.vocabulary import PREFERRED_CHANNELS, REACHED_OUTCOMES
from generator.plan.facts import History


def choose_channel(
    rule: Rule, customer: model.Customer, inferred: str | None, rotation: Rotation
) -> tuple[str, str]:
    """(channel, source), the source being fixed, preferred, inferred or rotation."""
    if rule.channel != "preferred":
        return rule.channel, "fixed"
    if customer.preferred_channel:
        return customer.preferred_channel, "preferred"
    if inferred is not None:
        return inferred, "inferred"
    return rotation.next(), "rotation"


def inferred_channel(history: History) -> str | None:
    """The channel that reached them most often in the log; ties go to the most recent."""
    counts: dict[str, int] = {}
    latest: dict[str, date] = {}
    for contact in history.contacts:
        if contact.outcome in REACHED_OUTCOMES and contact.channel in PREFERRED_CHANNELS:
            counts[contact.channel] = counts.get(contact.channel, 0) + 1
            latest[contact.channel] = contact.date
    if not counts:
        return None
    return max(counts, key=lambda ch: (counts[ch], latest[ch], -PREFERRED_CHANNELS.index(ch)))


class Rotation:
    """Each channel in turn, after the channel last tried; skips what we cannot use."""

    def __init__(self, customer: model.Customer, history: History) -> None:
        usable = {"email": bool(customer.email), "phone": bool(customer.phone), "in_person": True}
        self.channels = [ch for ch in PREFERRED_CHANNELS if usable[ch]]
        tried = [c.channel for c in history.contacts if c.channel in PREFERRED_CHANNELS]
        self.last = tried[-1] if tried else None

    def next(self) -> str:
        if self.last is None:
            channel = self.channels[0]
        else:
            position = PREFERRED_CHANNELS.index(self.last)
            count = len(PREFERRED_CHANNELS)
            following = [
                PREFERRED_CHANNELS[(position + step) % count] for step in range(1, count + 1)
            ]
            channel = next(ch for ch in following if ch in self.channels)
        self.last = channel
        return channel
