"""A new project for `playbook init`: an example organisation, the built-in rules, a site.

Every file is made from the templates in `generator/templates/init/` in memory first and only
then written, into a folder that must be empty (or new), so nothing of anyone's is overwritten.
The example data is dated from the project's start day, so its first plan holds a few tasks to
do and nothing overdue; the rules file records that day as the setting `start_date`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import jinja2
import yaml

from generator.core.errors import PlaybookError
from generator.core.files import write_atomically
from generator.core.problems import display_path
from generator.core.resources import TEMPLATES
from generator.core.templating import new_environment

INIT_TEMPLATES = TEMPLATES / "init"

FILES: tuple[tuple[str, str], ...] = (
    ("content/team.yaml", "team.yaml.j2"),
    ("content/customers.yaml", "customers.yaml.j2"),
    ("content/pages/how-we-work.md", "how-we-work.md"),
    ("playbook/rules.yaml", "rules.yaml"),
    ("playbook/schema.json", ""),
    ("mkdocs.yml", "mkdocs.yml.j2"),
    (".gitignore", "gitignore"),
)
"""Each file of a new project and its template (`.j2`: Jinja; else copied; "" made here)."""

ALLOWED_IN_TARGET = frozenset({".git"})
"""What may already be in the folder: a repository made with `git init` first."""

_CURRENCY = re.compile(r"^[A-Za-z]{3}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_START_LINE = re.compile(r"^  # start_date: \S+ +# .*$", re.MULTILINE)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewProject:
    """What `playbook init` was told: each value already checked (see the `*_code` functions)."""

    name: str
    currency: str
    language: str
    site_title: str
    theme_language: str
    """The site's language, one the theme knows (`site.mkdocs_config.theme_language`)."""
    start: date


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `text`, whatever it holds (`#`,
    `: `, quotes, a leading `-`, `NO`, line breaks): PyYAML's own emitter does the escaping."""
    dumped = yaml.dump(text, Dumper=yaml.SafeDumper, allow_unicode=True, width=1_000_000, default_style='"')
    return dumped.removesuffix("\n")


def currency_code(text: str) -> str:
    """A three-letter currency code, upper-cased (`eur` -> `EUR`); ValueError otherwise."""
    if not _CURRENCY.match(text.strip()):
        msg = f"must be a three-letter currency code such as USD, EUR or GBP (got {text!r})"
        raise ValueError(msg)
    return text.strip().upper()


def language_code(text: str) -> str:
    """A language code such as `en`, `es` or `pt-br`, lower-cased; ValueError otherwise."""
    if not _LANGUAGE.match(text.strip()):
        msg = f"must be a language code such as en, es or pt-br (got {text!r})"
        raise ValueError(msg)
    return text.strip().lower()


def organization_name(text: str) -> str:
    """The organisation's name on one line, kept as typed; ValueError when empty or several lines."""
    if not text.strip():
        msg = "must not be empty"
        raise ValueError(msg)
    if any(ord(c) < 32 or c in "\x7f\x85\u2028\u2029" for c in text):
        msg = "must be one line of text, without tabs or line breaks"
        raise ValueError(msg)
    return text.strip()


def in_the_way(folder: Path) -> list[str]:
    """The names in `folder` that make it unsuitable for a new project, sorted."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name not in ALLOWED_IN_TARGET)


def project_files(new: NewProject) -> dict[str, str]:
    """The text of every file of the new project, by its path in the project."""
    from generator.load.schema import schema_text

    env = new_environment(jinja2.FileSystemLoader(INIT_TEMPLATES), trim_blocks=True)
    env.filters["yaml"] = yaml_string
    start = new.start
    context = {
        "name": new.name,
        "currency": new.currency,
        "language": new.language,
        "site_title": new.site_title,
        "theme_language": new.theme_language,
        "start": start,
        "day": lambda offset: (start + timedelta(days=offset)).isoformat(),
        "birthday": lambda offset: _birthday(start + timedelta(days=offset)),
    }
    out: dict[str, str] = {}
    for path, template in FILES:
        if not template:
            out[path] = schema_text()
        elif template.endswith(".j2"):
            out[path] = env.get_template(template).render(context)
        else:
            out[path] = (INIT_TEMPLATES / template).read_text(encoding="utf-8")
    out["playbook/rules.yaml"] = with_start_date(out["playbook/rules.yaml"], start)
    return out


def with_start_date(rules_text: str, start: date) -> str:
    """The built-in rules file with its commented `start_date` line set to `start`."""
    setting = f"  start_date: {start.isoformat()}".ljust(35)  # the comments of the other settings line up there
    line = f"{setting}# follow-ups missed before this day are not shown: the plan starts fresh (written by playbook init)"
    text, count = _START_LINE.subn(line, rules_text, count=1)
    if count != 1:  # pragma: no cover - pinned by a test
        msg = "the built-in rules file has no commented start_date line"
        raise AssertionError(msg)
    return text


def _birthday(day: date) -> str:
    """A birthday on the month and day of `day`, in a leap year so 29 February stays itself."""
    return date(1980, day.month, day.day).isoformat()


def create_project(folder: Path, new: NewProject) -> list[Path]:
    """Write the new project into `folder` (made if missing); the files written, in order.

    A folder that holds anything but `.git` is refused (PlaybookError), before anything is written.
    """
    if folder.exists() and not folder.is_dir():
        msg = f"{display_path(str(folder))} is a file; give playbook init a folder for the new project"
        raise PlaybookError(msg)
    found = in_the_way(folder)
    if found:
        shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        msg = (
            f"{display_path(str(folder))} is not empty (it holds {shown}); playbook init makes a project "
            "only in an empty or new folder, so that nothing is overwritten: name a new folder, "
            "e.g. playbook init my-project"
        )
        raise PlaybookError(msg)
    files = project_files(new)
    written = []
    for relative, text in files.items():
        path = folder / relative
        try:
            write_atomically(path, text)
        except OSError as exc:
            msg = f"cannot write {display_path(str(path))}: {exc.strerror or exc}"
            raise PlaybookError(msg) from exc
        written.append(path)
    return written
