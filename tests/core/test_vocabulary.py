"""The vocabulary is whole: every word has its label, subsets stay subsets, the schema agrees."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.core import vocabulary as v
from generator.load.schema import schema_text


def test_every_contact_channel_has_a_label_and_an_icon() -> None:
    assert set(v.CHANNEL_LABELS) == set(v.CONTACT_CHANNELS)
    assert set(v.CHANNEL_ICONS) == set(v.CONTACT_CHANNELS)
    assert all(v.CHANNEL_LABELS.values()) and all(v.CHANNEL_ICONS.values())


def test_every_habit_has_a_title() -> None:
    assert set(v.HABIT_TITLES) == set(v.HABITS)
    assert all(v.HABIT_TITLES.values())


def test_every_audit_status_has_a_label() -> None:
    assert set(v.AUDIT_STATUS_LABELS) == set(v.AUDIT_STATUSES)


def test_subsets_stay_subsets() -> None:
    assert set(v.PREFERRED_CHANNELS) < set(v.CONTACT_CHANNELS)
    assert set(v.REACHED_OUTCOMES) < set(v.OUTCOMES)
    assert set(v.YEARLY_ANCHORS) < set(v.ANCHORS)
    assert set(v.HANDOVER_HABITS) < set(v.HABITS)


def test_a_rule_channel_is_preferred_or_a_contact_channel() -> None:
    assert tuple(v.RULE_CHANNELS) == ("preferred", *v.CONTACT_CHANNELS)


@pytest.mark.parametrize(
    "words",
    [v.STAGES, v.ROLES, v.PERSON_STATUSES, v.CONTACT_CHANNELS, v.OUTCOMES, v.HABITS, v.ANCHORS, v.DOERS, v.AUDIT_STATUSES],
)
def test_no_word_is_listed_twice(words: tuple[str, ...]) -> None:
    assert len(set(words)) == len(words)


def branch(schema: dict[str, Any], title: str) -> dict[str, Any]:
    """The schema of one input file, by the title it carries in the top-level `anyOf`."""
    (found,) = [s for s in schema["anyOf"] if s["title"] == title]
    return found


def item_properties(schema: dict[str, Any], *names: str) -> dict[str, Any]:
    """Walk `properties[name].items` down the names, returning the last item's properties."""
    for name in names:
        schema = schema["properties"][name]["items"]
    return schema["properties"]


def test_the_schema_enumerates_exactly_the_vocabulary() -> None:
    schema = json.loads(schema_text())
    team = item_properties(branch(schema, "team file"), "people")
    customer = item_properties(branch(schema, "customers file"), "customers")
    contact = item_properties(branch(schema, "customers file"), "customers", "contacts")
    rule = item_properties(branch(schema, "rules file"), "rules")
    enumerated = {
        "role": team["role"]["enum"],
        "status": team["status"]["enum"],
        "stage": customer["stage"]["enum"],
        "preferred_channel": customer["preferred_channel"]["enum"],
        "contact channel": contact["channel"]["enum"],
        "outcome": contact["outcome"]["enum"],
        "habit": rule["habit"]["enum"],
        "anchor": rule["anchor"]["enum"],
        "rule channel": rule["channel"]["enum"],
        "by": rule["by"]["enum"],
    }
    assert enumerated == {
        "role": list(v.ROLES),
        "status": list(v.PERSON_STATUSES),
        "stage": list(v.STAGES),
        "preferred_channel": list(v.PREFERRED_CHANNELS),
        "contact channel": list(v.CONTACT_CHANNELS),
        "outcome": list(v.OUTCOMES),
        "habit": list(v.HABITS),
        "anchor": list(v.ANCHORS),
        "rule channel": list(v.RULE_CHANNELS),
        "by": list(v.DOERS),
    }


def enums(node: Any) -> list[list[str]]:
    """Every `enum` anywhere in a schema."""
    if isinstance(node, dict):
        found = [node["enum"]] if "enum" in node else []
        return found + [e for value in node.values() for e in enums(value)]
    if isinstance(node, list):
        return [e for value in node for e in enums(value)]
    return []


def test_no_other_enum_in_the_schema_lists_channels_outcomes_or_stages() -> None:
    """A hand-written list elsewhere would drift from the vocabulary; only its own lists appear."""
    own = [v.PREFERRED_CHANNELS, v.CONTACT_CHANNELS, v.RULE_CHANNELS, v.OUTCOMES, v.STAGES]
    shared = {*v.ANCHORS, *v.HABITS, *v.ROLES, *v.DOERS, *v.PERSON_STATUSES, *v.DONE_EVENTS}  # 'reached' is an anchor too
    words = {word for group in own for word in group} - shared
    naming = [e for e in enums(json.loads(schema_text())) if words & set(e)]
    assert sorted({tuple(e) for e in naming}) == sorted(tuple(group) for group in own)  # each may appear in several files
