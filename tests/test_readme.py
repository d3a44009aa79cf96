"""The README documents every setting, rule field, anchor, fact and talking-point name.

The tables of the code are the source of truth; a new one that the README does not name fails
here, so the reference a trainer reads stays complete.
"""

from __future__ import annotations

import pytest
from conftest import REPO

from generator.core.fact_catalogue import FACTS
from generator.core.vocabulary import HABITS
from generator.load.rules import ANCHOR_DOCS, RULE_FIELDS, TEMPLATE_NAMES
from generator.load.settings import SETTINGS_FIELDS

README = (REPO / "README.md").read_text(encoding="utf-8")

NAMES = (
    [("setting", f.name) for f in SETTINGS_FIELDS]
    + [("rule field", f.name) for f in RULE_FIELDS]
    + [("anchor", name) for name in ANCHOR_DOCS]
    + [("fact", fact.name) for fact in FACTS]
    + [("talking-point name", name) for name in TEMPLATE_NAMES]
    + [("habit", name) for name in HABITS]
)


@pytest.mark.parametrize(("kind", "name"), NAMES, ids=[f"{k}:{n}" for k, n in NAMES])
def test_every_name_a_rule_file_may_use_is_documented(kind: str, name: str) -> None:
    assert f"`{name}`" in README, f"the README does not document the {kind} {name!r}"


def test_the_rule_reference_rows_are_in_the_readme() -> None:
    """Each table row starts with the name in backticks: a name mentioned in passing is not a row."""
    for kind, name in NAMES:
        if kind in ("setting", "rule field", "anchor", "fact", "talking-point name"):
            assert f"\n| `{name}` |" in README, f"no table row for the {kind} {name!r}"
