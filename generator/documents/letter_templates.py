"""Where letter templates come from, and the sandboxed Jinja environment they render in.

The project's `playbook/templates/letters/` comes first, playbook's own copies after it; a
customer's language picks a translation folder (`es-mx/`, then `es/`) when one exists. The
environment is sandboxed and strict because people outside the project edit these templates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.runtime import Context

from generator.core import model, resources
from generator.core.money import format_money
from generator.core.project import Project
from generator.core.templating import new_environment
from generator.documents.letter_language import (
    channel_word,
    join_words,
    long_date,
    mid_sentence,
    month_year,
    stage_word,
)
from generator.documents.postal import country_name

KINDS = ("notice", "introduction")
DEFAULT_TEMPLATES = resources.TEMPLATES / "letters"
"""The letters shipped with playbook; a project's own `playbook/templates/letters/` comes first."""
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


def language_of(customer: model.Customer) -> str | None:
    """The customer's language as a safe folder name, or None (then the default template)."""
    if not customer.language:
        return None
    code = customer.language.strip().lower().replace("_", "-")
    return code if _LANGUAGE.match(code) else None


def template_names(kind: str, language: str | None) -> list[str]:
    """Templates to try, most specific first: `es-mx/`, `es/`, then the default."""
    names = []
    if language:
        names.append(f"{language}/{kind}.txt.j2")
        base = language.split("-")[0]
        if base != language:
            names.append(f"{base}/{kind}.txt.j2")
    names.append(f"{kind}.txt.j2")
    return names


class KeepLineEnds(Extension):
    """A line holding only a `{% tag %}` disappears; a line that ends with one keeps its newline.

    With plain `trim_blocks`, `...{% endif %}` at the end of a line would glue the next line on,
    a trap for people editing letters. Adding `+` to such a tag keeps that newline.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return "".join(_keep_line_end(line) for line in source.splitlines(keepends=True))


_TAG = re.compile(r"\{%.*?%\}")


def _keep_line_end(line: str) -> str:
    body = line.rstrip("\r\n")
    if not body.rstrip().endswith("%}") or re.search(r"[-+]%\}\s*$", body):
        return line
    if not _TAG.sub("", body).strip():
        return line
    end = body.rstrip()
    return end[:-2] + "+%}" + body[len(end) :] + line[len(body) :]


_ENVIRONMENTS: dict[Path, jinja2.Environment] = {}


def letter_environment(project: Project) -> jinja2.Environment:
    """A sandboxed, strict environment over the project's letters, then playbook's own."""
    folder = project.templates / "letters"
    env = _ENVIRONMENTS.get(folder)
    if env is None:
        loader = jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(folder)), jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES))]
        )
        # Plain text (autoescape off): each output escapes every line itself.
        env = new_environment(loader, sandboxed=True, extensions=[KeepLineEnds])
        # Letters are edited while `playbook serve` runs; the next build must read the edit.
        env.auto_reload = True
        env.filters.update(
            long_date=_long_date,
            month_year=_month_year,
            money=_money,
            join_words=_join_words,
            mid_sentence=mid_sentence,
            channel=_channel,
            stage=_stage,
            country=_country,
        )
        _ENVIRONMENTS[folder] = env
    return env


@jinja2.pass_context
def _long_date(context: Context, value: date | None) -> str:
    return long_date(value, context.get("language", "en")) if value else ""


@jinja2.pass_context
def _month_year(context: Context, value: date | None) -> str:
    return month_year(value, context.get("language", "en")) if value else ""


@jinja2.pass_context
def _money(context: Context, value: Decimal | int | None) -> str:
    return "" if value is None else format_money(Decimal(value), context.get("currency", "USD"))


@jinja2.pass_context
def _join_words(context: Context, values: Iterable[Any]) -> str:
    return join_words([str(v) for v in values], context.get("language", "en"))


@jinja2.pass_context
def _channel(context: Context, value: str | None) -> str:
    return channel_word(value, context.get("language", "en"))


@jinja2.pass_context
def _stage(context: Context, value: str | None) -> str:
    return stage_word(value, context.get("language", "en"))


@jinja2.pass_context
def _country(context: Context, value: str | None) -> str:
    return country_name(value, context.get("language", "en"))
