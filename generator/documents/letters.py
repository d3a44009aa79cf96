"""Handover letters: editable templates in, structured letters out, escaped for each output.

An organisation edits the letters in `playbook/templates/letters/` (`notice.txt.j2`,
`introduction.txt.j2`, and a folder per translation such as `es/`); playbook's own copies are
the fallback. A customer's `language` picks a translation when one exists.

Templates write plain text, run in Jinja's sandbox (they are edited by people outside the
project), and are parsed into a `Letter` of blocks. Each output (print HTML and PDF, e-mail, web
page) escapes every line itself, so neither data nor template text can ever become markup.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment

from generator.core import model, resources
from generator.core.money import format_money
from generator.core.problems import Problem
from generator.core.project import Project
from generator.core.templating import TemplateProblem, render_template

KINDS = ("notice", "introduction")
DEFAULT_TEMPLATES = resources.TEMPLATES / "letters"
"""The letters shipped with playbook; a project's own `playbook/templates/letters/` comes first."""
SIGNATURE = "[signature]"
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "no": "januar februar mars april mai juni juli august september oktober november desember",
}
_DATE_FORMATS = {
    "en": "{d} {m} {y}",
    "es": "{d} de {m} de {y}",
    "pt": "{d} de {m} de {y}",
    "de": "{d}. {m} {y}",
    "no": "{d}. {m} {y}",
}
_MONTH_YEAR = {"es": "{m} de {y}", "pt": "{m} de {y}"}
_AND = {
    "en": "and",
    "es": "y",
    "fr": "et",
    "de": "und",
    "it": "e",
    "pt": "e",
    "nl": "en",
    "no": "og",
}


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, a list, or the signature block (room to sign, then one line each)."""

    kind: Literal["paragraph", "list", "signature"]
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Letter:
    kind: str
    """notice or introduction."""
    customer: model.Customer
    sender: model.Person
    date: date
    """The date printed on the letter: when it is due to go out."""
    subject: str
    blocks: tuple[Block, ...]
    language: str
    """Language of the template used: the translation's folder, or "en" for the default."""
    template: str


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


# ------------------------------------------------------------------- the template environment


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
        env = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader(
                [
                    jinja2.FileSystemLoader(str(folder)),
                    jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES)),
                ]
            ),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,  # plain text: each output escapes it (see module docstring)
            extensions=[KeepLineEnds],
        )
        env.filters.update(
            long_date=_long_date,
            month_year=_month_year,
            money=_money,
            join_words=_join_words,
            mid_sentence=mid_sentence,
        )
        _ENVIRONMENTS[folder] = env
    return env


@jinja2.pass_context
def _long_date(context: Any, value: date | None) -> str:
    return long_date(value, context.get("language", "en")) if value else ""


@jinja2.pass_context
def _month_year(context: Any, value: date | None) -> str:
    return month_year(value, context.get("language", "en")) if value else ""


@jinja2.pass_context
def _money(context: Any, value: Decimal | int | None) -> str:
    return "" if value is None else format_money(Decimal(value), context.get("currency", "USD"))


@jinja2.pass_context
def _join_words(context: Any, values: Iterable[Any]) -> str:
    return join_words([str(v) for v in values], context.get("language", "en"))


def long_date(value: date, language: str = "en") -> str:
    """'16 November 2026', '16 de noviembre de 2026': written out, never ambiguous."""
    base = language.split("-")[0]
    months = MONTHS.get(base, MONTHS["en"]).split()
    pattern = _DATE_FORMATS.get(base, "{d} {m} {y}")
    return pattern.format(d=value.day, m=months[value.month - 1], y=value.year)


def month_year(value: date, language: str = "en") -> str:
    base = language.split("-")[0]
    months = MONTHS.get(base, MONTHS["en"]).split()
    return _MONTH_YEAR.get(base, "{m} {y}").format(m=months[value.month - 1], y=value.year)


def join_words(words: list[str], language: str = "en") -> str:
    """'a, b and c' in the letter's language."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {_AND.get(language.split('-')[0], 'and')} {words[-1]}"


def mid_sentence(text: object) -> str:
    """'Waterproof jacket' -> 'waterproof jacket', but 'GPS watch' and 'iPad' stay as written."""
    value = str(text or "")
    if len(value) > 1 and value[0].isupper() and value[1].islower():
        return value[0].lower() + value[1:]
    return value


# ------------------------------------------------------------------- rendering one letter


def letter_context(
    dataset: model.Dataset,
    handover: model.Handover,
    customer: model.Customer,
    consultant: model.Person,
    language: str,
) -> dict[str, Any]:
    """What a letter template may use: plain values only (no methods reach the sandbox)."""
    organization = dataset.organization
    people = dataset.people
    purchases = sorted(customer.purchases, key=lambda p: p.date)
    reached = sorted(
        (c for c in customer.contacts if c.outcome in model.REACHED_OUTCOMES), key=lambda c: c.date
    )
    since = customer.customer_since or (purchases[0].date if purchases else None)
    contacts = sorted(customer.contacts, key=lambda c: c.date)
    return {
        "language": language,
        "currency": organization.currency,
        "organization": {
            "name": organization.name,
            "address": organization.address,
            "phone": organization.phone,
            "email": organization.email,
            "website": organization.website,
        },
        "customer": customer_view(customer),
        "consultant": person_view(consultant),
        "departing": person_view(people[handover.departing]),
        "signer": person_view(people[organization.signatory]),
        "handover": {"id": handover.id, "date": handover.date},
        "since": since,
        "last_purchase": {
            "date": purchases[-1].date,
            "amount": purchases[-1].amount,
            "item": purchases[-1].item,
        }
        if purchases
        else None,
        "last_contact": {
            "date": reached[-1].date,
            "channel": reached[-1].channel,
            "note": reached[-1].note,
        }
        if reached
        else None,
        "first_contact": {"date": contacts[0].date, "channel": contacts[0].channel}
        if contacts
        else None,
        "interest": customer.interests[0] if customer.interests else None,
        "interests": list(customer.interests),
    }


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def person_view(person: model.Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "first_name": first_name(person.name),
        "title": person.title,
        "role": person.role,
        "email": person.email,
        "phone": person.phone,
        "region": person.region,
        "languages": list(person.languages),
    }


def customer_view(customer: model.Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "name": customer.name,
        "first_name": first_name(customer.name),
        "company": customer.company,
        "language": customer.language,
        "stage": customer.stage,
        "email": customer.email,
        "phone": customer.phone,
        "address": customer.address,
        "city": customer.city,
        "region": customer.region,
        "country": customer.country,
        "preferred_channel": customer.preferred_channel,
        "birthday": str(customer.birthday) if customer.birthday else None,
        "customer_since": customer.customer_since,
        "expected_value": customer.expected_value,
    }


def render_letter(
    env: jinja2.Environment,
    kind: str,
    context: dict[str, Any],
    *,
    customer: model.Customer,
    sender: model.Person,
    day: date,
) -> Letter:
    """Render one letter; a template mistake raises TemplateProblem located in the template."""
    language = language_of(customer)
    try:
        template = env.select_template(template_names(kind, language))
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or f"{kind}.txt.j2"
        raise TemplateProblem(
            Problem(where, exc.lineno or 1, 1, "error", f"template: {exc.message}")
        ) from exc
    name = template.name or f"{kind}.txt.j2"
    used = name.split("/")[0] if "/" in name else "en"
    text = render_template(env, name, {**context, "language": used})
    subject, blocks = parse_letter(text)
    if not subject:
        problem = Problem(
            template.filename or name,
            1,
            1,
            "error",
            "template: the letter has no 'Subject: ...' line; start its text with one",
        )
        raise TemplateProblem(problem)
    return Letter(
        kind=kind,
        customer=customer,
        sender=sender,
        date=day,
        subject=subject,
        blocks=tuple(blocks),
        language=used,
        template=template.filename or name,
    )


def parse_letter(text: str) -> tuple[str, list[Block]]:
    """Split a rendered template into its subject and blocks (see the module docstring)."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    subject = ""
    if lines and lines[0].strip().lower().startswith("subject:"):
        subject = " ".join(lines.pop(0).strip()[len("subject:") :].split())
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    signature: list[str] | None = None

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", (" ".join(" ".join(paragraph).split()),)))
            paragraph.clear()
        if items:
            blocks.append(Block("list", tuple(items)))
            items.clear()

    for line in lines:
        stripped = " ".join(line.split())
        if signature is not None:
            if stripped:
                signature.append(stripped)
        elif stripped == SIGNATURE:
            flush()
            signature = []
        elif not stripped:
            flush()
        elif stripped.startswith("- "):
            if paragraph:
                flush()
            items.append(stripped[2:])
        else:
            if items:
                flush()
            paragraph.append(stripped)
    flush()
    if signature is not None:
        blocks.append(Block("signature", tuple(signature)))
    return subject, blocks


def letter_text(letter: Letter) -> str:
    """The letter as plain text (the e-mail's text part), wrapped at 72 columns."""
    out = []
    for block in letter.blocks:
        if block.kind == "paragraph":
            out.append(
                textwrap.fill(block.lines[0], 72, break_long_words=False, break_on_hyphens=False)
            )
        elif block.kind == "list":
            out.append("\n".join(f"- {item}" for item in block.lines))
        else:
            out.append("\n".join(block.lines))
    return "\n\n".join(out) + "\n"


def check_letter_templates(project: Project) -> list[Problem]:
    """Compile every letter template of the project, so `check` catches a broken edit early."""
    folder = project.templates / "letters"
    if not folder.is_dir():
        return []
    env = letter_environment(project)
    problems = []
    for path in sorted(folder.rglob("*.j2")):
        name = path.relative_to(folder).as_posix()
        try:
            env.parse(path.read_text(encoding="utf-8"), name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(str(path), exc.lineno or 1, 1, "error", f"template: {exc.message}"))
        except UnicodeDecodeError:
            problems.append(Problem(str(path), 1, 1, "error", "the template is not UTF-8 text; save it as UTF-8"))
    return problems
