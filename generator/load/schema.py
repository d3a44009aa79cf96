"""`playbook schema`: a JSON Schema of the input files, built from the validator's own tables."""

from __future__ import annotations

import json
from typing import Any

from generator.load import tables
from generator.load.rules import RULE_RECORD
from generator.load.settings import SETTINGS_RECORD

SCHEMA_ID = "https://playbook.invalid/schema.json"


def input_schema() -> dict[str, Any]:
    """One schema that accepts any of the project's input files (team, customers, rules, reviews, handovers, contacts, purchases)."""
    from generator.load.contact_records import CONTACTS
    from generator.load.gift_ideas import GIFT_FILE
    from generator.load.handover_records import HANDOVER_FILE
    from generator.load.purchase_records import PURCHASES
    from generator.load.review_questions import QUESTIONS_FILE
    from generator.load.review_records import REVIEWS_FILE

    team = tables.TEAM_FILE.schema()
    customers = tables.CUSTOMERS_FILE.schema()
    rules = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "settings": SETTINGS_RECORD.schema(),
            "rules": {"type": "array", "items": RULE_RECORD.schema()},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "playbook input file",
        "description": "content/team.yaml, content/customers*.yaml, content/reviews/*.yaml, content/handovers/*.yaml, content/contacts/*.yaml, content/purchases/*.yaml, playbook/rules.yaml, playbook/review_questions.yaml or playbook/gift_ideas.yaml",
        "anyOf": [
            {"title": "team file", **team},
            {"title": "customers file", **customers},
            {"title": "rules file", **rules},
            {"title": "review file", **REVIEWS_FILE.schema()},
            {"title": "handover file", **HANDOVER_FILE.schema()},
            {"title": "contact file", **CONTACTS.file.schema()},
            {"title": "purchase file", **PURCHASES.file.schema()},
            {"title": "review questions file", **QUESTIONS_FILE.schema()},
            {"title": "gift ideas file", **GIFT_FILE.schema()},
        ],
    }


def schema_text() -> str:
    return json.dumps(input_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
