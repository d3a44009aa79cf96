"""Handover packets: for each receiving consultant, a cover sheet, a call sheet and the letters.

A packet is computed once (`build_packets`) and rendered to one HTML fragment; the PDF, the
site page and the browser's print all show that same fragment, so they cannot disagree. The
packet is dated by its handover: its tasks are the plan as of the handover date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import jinja2

from generator.core import model, resources
from generator.core.errors import PlaybookError
from generator.core.money import format_money
from generator.core.problems import Problem
from generator.core.project import Project
from generator.core.suggest import did_you_mean
from generator.core.templating import TemplateProblem, new_environment
from generator.core.vocabulary import CHANNEL_LABELS
from generator.documents.letter_language import join_words, long_date, page_words
from generator.documents.letter_templates import language_of, letter_environment
from generator.documents.letters import Letter, letter_context, render_letter
from generator.documents.postal import address_lines, has_postal_address, home_country, return_line

PACKET_TEMPLATES = resources.TEMPLATES / "packet"
PACKET_CSS = resources.ASSETS / "packet.css"
PRINTED_CHANNEL_LABELS = {**CHANNEL_LABELS, "email": "E-mail"}
"""Channel names on paper: the packet's own wording spells it "e-mail" ("Phone / e-mail")."""
NOTICE_OFFSET, INTRODUCTION_OFFSET = 0, 3
"""First-contact days after the handover when the plan has no notify / introduce task."""
RECENT_PURCHASES, RECENT_CONTACTS = 5, 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One inherited customer on the call sheet, with their two letters."""

    customer: model.Customer
    letters: tuple[Letter, ...]
    """Notice then introduction; empty for a customer who asked not to be contacted."""
    notice_due: date | None
    introduce_due: date | None
    introduce_channel: str | None
    tasks: tuple[model.Task, ...]
    """The receiving consultant's other open tasks for this customer."""
    lifetime_value: Decimal
    since: date | None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Packet:
    handover: model.Handover
    organization: model.Organization
    consultant: model.Person
    departing: model.Person
    signer: model.Person
    decided_by: model.Person
    entries: tuple[Entry, ...]
    """Sorted by customer name, then id."""
    page_size: str

    @property
    def letters(self) -> list[Letter]:
        return [letter for entry in self.entries for letter in entry.letters]

    @property
    def skipped(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.letters]

    @property
    def anchor(self) -> str:
        return f"packet-{self.consultant.id}"

    def letter_anchor(self, letter: Letter) -> str:
        """`packet-<consultant>.<customer>.<kind>`: the only ids of the print with dots in them
        (ids are slugs), which is how the PDF's second pass finds each letter's pages."""
        return f"{self.anchor}.{letter.customer.id}.{letter.kind}"

    @property
    def without_address(self) -> list[Entry]:
        """Customers who get letters but have no postal address to post them to."""
        return [e for e in self.entries if e.letters and not has_postal_address(e.customer)]


def find_handover(dataset: model.Dataset, handover_id: str) -> model.Handover:
    """The record with this id, or a PlaybookError naming the ones there are."""
    for handover in dataset.handovers:
        if handover.id == handover_id:
            return handover
    known = [h.id for h in dataset.handovers]
    otherwise = (
        f"; known: {', '.join(known)}"
        if known
        else "; there are none yet: record one with `playbook handover --from ID`"
    )
    hint = did_you_mean(handover_id, known, otherwise=otherwise)
    msg = f"no handover {handover_id!r} in content/handovers/{hint}"
    raise PlaybookError(msg)


def plan_for(dataset: model.Dataset, day: date) -> model.Plan | None:
    """The follow-up plan as of the handover date (None when the engine is not installed)."""
    try:
        from generator.plan.schedule import schedule
    except ImportError:  # pragma: no cover - the engine ships with playbook
        return None
    return schedule(dataset, as_of=day)


def build_packets(
    project: Project,
    dataset: model.Dataset,
    handover: model.Handover,
    *,
    consultant: str | None = None,
    plan: model.Plan | None = None,
) -> tuple[list[Packet], list[Problem]]:
    """One packet per receiving consultant (or only `consultant`'s); template errors as problems."""
    people = dataset.people
    receiving = sorted(
        {a.to for a in handover.assignments}, key=lambda p: (people[p].name.casefold(), p)
    )
    if consultant is not None:
        if consultant not in receiving:
            msg = f"{consultant!r} receives no customers in handover {handover.id!r}; receiving: {', '.join(receiving)}"
            raise PlaybookError(msg)
        receiving = [consultant]
    if plan is None:
        plan = plan_for(dataset, handover.date)
    tasks: dict[str, list[model.Task]] = defaultdict(list)
    for task in plan.tasks if plan is not None else ():
        tasks[task.customer].append(task)
    env = letter_environment(project)
    problems: list[Problem] = []
    failed: set[str] = set()
    signer = people[dataset.organization.signatory]
    packets = []
    for person_id in receiving:
        person = people[person_id]
        entries = []
        for assignment in handover.assignments:
            if assignment.to != person_id:
                continue
            entry = _entry(
                dataset,
                handover,
                assignment,
                person,
                signer,
                tasks[assignment.customer],
                env,
                problems,
                failed,
            )
            entries.append(entry)
        entries.sort(key=lambda e: (e.customer.name.casefold(), e.customer.id))
        packets.append(
            Packet(
                handover=handover,
                organization=dataset.organization,
                consultant=person,
                departing=people[handover.departing],
                signer=signer,
                decided_by=people.get(handover.by or "", signer),
                entries=tuple(entries),
                page_size=str(dataset.settings.values.get("page_size") or "A4"),
            )
        )
    return packets, problems


def _entry(
    dataset: model.Dataset,
    handover: model.Handover,
    assignment: model.Assignment,
    consultant: model.Person,
    signer: model.Person,
    tasks: list[model.Task],
    env: jinja2.Environment,
    problems: list[Problem],
    failed: set[str],
) -> Entry:
    customer = dataset.customer(assignment.customer)
    notify = next((t for t in tasks if t.habit == "notify"), None)
    introduce = next((t for t in tasks if t.habit == "introduce"), None)
    contactable = not customer.do_not_contact
    notice_due = notify.due if notify else handover.date + timedelta(days=NOTICE_OFFSET)
    introduce_due = (
        introduce.due if introduce else handover.date + timedelta(days=INTRODUCTION_OFFSET)
    )
    letters: list[Letter] = []
    if contactable:
        context = letter_context(
            dataset, handover, customer, consultant, language_of(customer) or "en"
        )
        for kind, sender, day in (
            ("notice", signer, notice_due),
            ("introduction", consultant, introduce_due),
        ):
            if kind in failed:
                continue
            try:
                letters.append(
                    render_letter(env, kind, context, customer=customer, sender=sender, day=day)
                )
            except TemplateProblem as exc:
                failed.add(kind)
                problems.append(exc.problem)
            except jinja2.TemplateNotFound as exc:  # pragma: no cover - playbook ships the defaults
                failed.add(kind)
                problems.append(
                    Problem("playbook/templates/letters", 1, 1, "error", f"template: {exc.message}")
                )
    purchases = sorted(customer.purchases, key=lambda p: p.date)
    return Entry(
        customer=customer,
        letters=tuple(letters),
        notice_due=notice_due if contactable else None,
        introduce_due=introduce_due if contactable else None,
        introduce_channel=introduce.channel if introduce else customer.preferred_channel,
        tasks=tuple(
            t
            for t in tasks
            if t.habit not in ("notify", "introduce") and t.consultant == consultant.id
        ),
        lifetime_value=sum((p.amount for p in purchases), Decimal(0)),
        since=customer.customer_since or (purchases[0].date if purchases else None),
        reason=assignment.reason,
    )


# ------------------------------------------------------------------- HTML


_ENVIRONMENT: jinja2.Environment | None = None


def packet_environment() -> jinja2.Environment:
    """Playbook's own print templates: autoescaped HTML, strict about typos."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        env = new_environment(
            jinja2.FileSystemLoader(str(PACKET_TEMPLATES)), autoescape=True, keep_trailing_newline=False
        )
        env.auto_reload = True  # a template edited while `playbook serve` runs shows on the next build
        env.filters.update(
            long_date=_html_date,
            money=lambda value, currency: format_money(Decimal(value), currency),
            channel=lambda value: PRINTED_CHANNEL_LABELS.get(value or "", value or ""),
        )
        _ENVIRONMENT = env
    return _ENVIRONMENT


def _html_date(value: date | None, language: str = "en") -> str:
    return long_date(value, language) if value else ""


def packet_html(
    packet: Packet,
    *,
    parts: tuple[str, ...] = ("cover", "callsheet", "letters"),
    pdf_link: str = "",
    pdf_name: str = "",
) -> str:
    """The packet as one HTML fragment (no <html> wrapper); every value is escaped.

    `pdf_link` (an address we built, never data) adds a download link named `pdf_name` to the cover.
    """
    template = packet_environment().get_template("packet.html.j2")
    return template.render(
        packet=packet, parts=parts, pdf_link=pdf_link, pdf_name=pdf_name, **_packet_context(packet)
    )


def print_document(
    packets: list[Packet], *, title: str, parts: tuple[str, ...] = ("cover", "callsheet", "letters")
) -> str:
    """A whole HTML document for WeasyPrint: the packets one after another, with print CSS."""
    page_size = packets[0].page_size if packets else "A4"
    return (
        packet_environment()
        .get_template("document.html.j2")
        .render(
            title=title,
            css=PACKET_CSS.read_text(encoding="utf-8"),
            page_size="letter" if page_size.lower() == "letter" else "A4",
            bodies=[packet_html(p, parts=parts) for p in packets],
        )
    )


def _packet_context(packet: Packet) -> dict[str, Any]:
    letters_by_signer: dict[str, int] = defaultdict(int)
    for letter in packet.letters:
        letters_by_signer[letter.sender.name] += 1
    dues = [e.notice_due for e in packet.entries if e.notice_due]
    intros = [e.introduce_due for e in packet.entries if e.introduce_due]
    home = home_country(packet.organization)

    def address_line(customer: model.Customer) -> str:
        """The postal address on one line, for the call sheet (names come first in a block)."""
        skip = 2 if customer.company else 1
        return ", ".join(address_lines(customer, "en", home, envelope=False)[skip:])

    return {
        "address_lines": lambda letter: address_lines(letter.customer, letter.language, home),
        "address_line": address_line,
        "return_line": lambda letter: return_line(packet.organization, letter.customer, letter.language),
        "letter_anchor": packet.letter_anchor,
        "page_words": page_words,
        "no_address_ids": {e.customer.id for e in packet.without_address},
        "no_address": packet.without_address,
        "names": lambda entries: join_words([e.customer.name for e in entries]),
        "currency": packet.organization.currency,
        "first_notice": min(dues, default=None),
        "last_introduction": max(intros, default=None),
        "recent_purchases": RECENT_PURCHASES,
        "recent_contacts": RECENT_CONTACTS,
        "sorted_by_date": lambda items: sorted(items, key=lambda i: i.date),
        "letters_by_signer": sorted(letters_by_signer.items()),
    }
