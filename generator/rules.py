"""Playbook rules: parsed from `playbook/rules.yaml` (the follow-up engine fills this in)."""

from __future__ import annotations

from typing import Any

from generator.fields import Context
from generator.yamlio import Node, SequenceNode


def parse_rules(node: Node, context: Context) -> tuple[Any, ...]:
    """Check the `rules:` list; each rule stays a mapping of raw values for now."""
    if not isinstance(node, SequenceNode):
        context.error(node, "'rules' must be a list of rules")
        return ()
    out = []
    for index, item in enumerate(node.value, start=1):
        with context.item(index):
            pairs = context.mapping(item, "rule fields")
        if pairs is not None:
            out.append({key: value for key, (_, value) in pairs.items()})
    return tuple(out)
