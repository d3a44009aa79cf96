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


def test_every_picture_the_readme_shows_exists_and_make_screenshots_writes_it() -> None:
    """A renamed page or a new picture cannot leave the README pointing at nothing or at a stale file."""
    import re

    shown = set(re.findall(r'<img src="(screenshots/[\w-]+\.png)"', README))
    script = (REPO / "screenshots" / "take.py").read_text(encoding="utf-8")
    written = {f"screenshots/{name}.png" for name in re.findall(r'"([\w-]+)\.png"', script)}
    written |= {f"screenshots/{name}.png" for name in re.findall(r'HERE / "([\w-]+)\.png"', script)}
    assert len(shown) == 5
    assert shown == written
    for path in shown:
        picture = REPO / path
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
