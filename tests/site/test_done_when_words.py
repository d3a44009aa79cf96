"""The habit pages say in plain words what completes each rule's tasks (`site.descriptions`)."""

from __future__ import annotations

import textwrap

import yaml

from generator.core.problems import Problems
from generator.load.fields import Context
from generator.load.rules import parse_rules
from generator.site.descriptions import done_text


def rule(extra: str = "", habit: str = "thank_you"):  # type: ignore[no-untyped-def]
    text = f"- {{id: r, habit: {habit}, title: T, why: W., anchor: purchase{extra}}}\n"
    problems = Problems()
    (parsed,) = parse_rules(
        yaml.compose(textwrap.dedent(text), Loader=yaml.BaseLoader), Context("r.yaml", problems)
    )
    assert problems.items == []
    return parsed


def test_the_default_and_a_rule_of_its_own_read_as_plain_words() -> None:
    sent = "you send them something (a message, a letter or a card)"
    assert done_text(rule()) == f"you reach them or {sent}"
    assert done_text(rule(habit="review")) == "you record a review"
    assert done_text(rule(habit="check_in")) == "you reach them or they buy"
    assert done_text(rule(", done_when: [reached, sent, purchase]", "check_in")) == (
        f"you reach them, {sent} or they buy "
        "(this rule's own choice; usually when you reach them or they buy)"
    )
    assert done_text(rule(", done_when: [reached, sent]")) == f"you reach them or {sent}"
