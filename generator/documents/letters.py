"""Handover letters: editable templates in, structured letters out, escaped for each output.

An organisation edits the letters in `playbook/templates/letters/` (`notice.txt.j2`,
`introduction.txt.j2`, and a folder per translation such as `es/`); playbook's own copies are
the fallback. A customer's `language` picks a translation when one exists (letter_templates.py).

Templates write plain text, run in Jinja's sandbox (they are edited by people outside the
project), and are parsed here into a `Letter` of blocks. Each output (print HTML and PDF,
e-mail, web page) escapes every line itself, so neither data nor template text can ever
become markup.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import jinja2

from generator.core import model
from generator.core.problems import Problem
from generator.core.project import Project, regular_files
from generator.core.templating import TemplateProblem, render_template
from generator.core.vocabulary import REACHED_OUTCOMES
from generator.documents.letter_templates import language_of, letter_environment, template_names

SIGNATURE = "[signature]"


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
        (c for c in customer.contacts if c.outcome in REACHED_OUTCOMES), key=lambda c: c.date
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
        "postcode": customer.postcode,
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
    for path in sorted(p for p in regular_files(folder) if p.suffix == ".j2"):  # links: see irregular_inputs
        name = path.relative_to(folder).as_posix()
        try:
            env.parse(path.read_text(encoding="utf-8"), name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(str(path), exc.lineno or 1, 1, "error", f"template: {exc.message}"))
        except UnicodeDecodeError:
            problems.append(Problem(str(path), 1, 1, "error", "the template is not UTF-8 text; save it as UTF-8"))
    return problems
