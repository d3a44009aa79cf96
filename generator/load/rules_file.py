"""`playbook/rules.yaml` as a whole: its settings and its rules, or the built-in rules.

A project needs no rules file to start: without one, or with one that holds only comments, it
gets the rules built into playbook (the file `playbook init` copies) and the default settings.
A file that sets only `settings:` keeps the built-in rules; `rules: []` means no rules at all.
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.core import model
from generator.core.files import NotRegular, read_regular
from generator.core.problems import Problems
from generator.core.project import Project
from generator.core.resources import TEMPLATES
from generator.core.rule import Rule
from generator.core.vocabulary import DEFAULT_SETTINGS
from generator.load.fields import FAILED, Context, is_null, unknown_field_message
from generator.load.rules import parse_rules
from generator.load.settings import SETTINGS_RECORD
from generator.load.yamlio import Node, compose_builtin, read_yaml

BUILTIN_RULES = TEMPLATES / "init" / "rules.yaml"
"""The built-in rules, with every setting commented out; `playbook init` copies this file."""
BUILTIN_NAME = "<built-in rules>"


def load_rules(project: Project, problems: Problems) -> tuple[model.Settings | None, tuple[Rule, ...]]:
    """The settings and rules of the project (None for settings when they have errors)."""
    path = project.rules_file
    if not path.is_file() or _only_comments(path):
        return model.Settings(values=dict(DEFAULT_SETTINGS)), builtin_rules()
    root = read_yaml(path, problems)
    if root is None:
        return None, ()
    return parse_rules_file(root, str(path), problems)


def parse_rules_file(
    root: Node, path: str, problems: Problems
) -> tuple[model.Settings | None, tuple[Rule, ...]]:
    """A rules file's tree: settings over the defaults, and its rules (built-in when left out)."""
    context = Context(path, problems)
    pairs = context.mapping(root, "sections")
    if pairs is None:
        return None, ()
    values = dict(DEFAULT_SETTINGS)
    rules: tuple[Rule, ...] | None = None
    ok = True
    for key, (key_node, value) in pairs.items():
        if key not in ("settings", "rules"):
            context.error(key_node, unknown_field_message(key, ["settings", "rules"]))
        elif is_null(value):
            continue  # `settings:` or `rules:` with every line below commented out
        elif key == "settings":
            converted = context.convert(SETTINGS_RECORD, value)
            if converted is FAILED:
                ok = False
            else:
                values.update(converted)
        else:
            with context.named("rules"):
                rules = parse_rules(value, context)
    settings = model.Settings(values=values) if ok else None
    return settings, builtin_rules() if rules is None else rules


@functools.cache
def builtin_rules() -> tuple[Rule, ...]:
    """The rules built into playbook, used when a project writes none of its own."""
    problems = Problems()
    root = compose_builtin(BUILTIN_RULES.read_text(encoding="utf-8"))
    context = Context(BUILTIN_NAME, problems)
    pairs = context.mapping(root, "sections") or {}
    rules = parse_rules(pairs["rules"][1], context) if "rules" in pairs else ()
    if problems.items or not rules:  # pragma: no cover - pinned by a test
        msg = f"the built-in rules do not validate: {[str(p) for p in problems.items]}"
        raise AssertionError(msg)
    return rules


def _only_comments(path: Path) -> bool:
    """Whether the file holds nothing but blank lines and comments (unreadable files are not)."""
    try:
        text = read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError, NotRegular):
        return False  # read_yaml reports it where it is
    lines = text.removeprefix("\ufeff").splitlines()
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)
