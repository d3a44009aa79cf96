"""Whether a person works in a customer's region: the gift's delivery and the handover ask it alike."""

from __future__ import annotations


def same_region(one: str | None, other: str | None) -> bool:
    """Both regions written and equal, ignoring case and surrounding spaces."""
    if not one or not other:
        return False
    return one.strip().casefold() == other.strip().casefold()
