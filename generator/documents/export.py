"""`playbook export pdf|eml`: handover packets as a PDF to print, and letters as e-mail drafts.

The PDF is WeasyPrint's rendering of playbook's own print HTML (packets.py), never of a built
site page. E-mail drafts are `.eml` files marked `X-Unsent: 1`, which mail programs open as a
draft for the manager to check and send; playbook itself never sends anything.
Both outputs depend only on the data: the same records give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, time
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from generator.core import model, resources
from generator.core.files import write_atomically
from generator.core.problems import Problem
from generator.core.project import Project
from generator.documents.letters import Letter, letter_text
from generator.documents.packets import (
    Packet,
    build_packets,
    find_handover,
    packet_environment,
    print_document,
)
from generator.documents.postal import has_postal_address

_LETTER_ID = re.compile(r"packet-[a-z0-9-]+\.[a-z0-9-]+\.[a-z]+")
"""A letter's id in the print (Packet.letter_anchor); no other id has a dot."""
LETTER_HOUR = time(9, 0)
"""Drafts are dated at 09:00 on the day the letter is due (no clock, so no surprises)."""


def packet_title(handover: model.Handover, packets: list[Packet]) -> str:
    who = ", ".join(p.consultant.name for p in packets)
    return f"Handover {handover.id}: packet for {who}"


def render_pdf(
    packets: list[Packet], *, title: str, parts: tuple[str, ...] = ("cover", "callsheet", "letters")
) -> tuple[bytes, int]:
    """Render packets to PDF bytes and count the pages; the page size comes from settings.page_size."""
    return pdf_from_html(print_document(packets, title=title, parts=parts))


def pdf_from_html(html: str) -> tuple[bytes, int]:
    """WeasyPrint's PDF of one of our print documents, and its number of pages.

    A letter that runs over one page is numbered "Page 1 of 2" in its language; CSS cannot
    count a letter's pages, so a first rendering finds them (each letter's id, the only ids with
    dots, marks the pages it is on) and, when a letter has more than one, a second rendering
    gives those letters their numbered page style. One-page letters, the usual case, need one.
    """
    import weasyprint  # heavy; only the commands that print need it

    page = weasyprint.HTML(string=html, base_url=str(resources.PACKAGE))
    document = page.render()
    long_letters = _long_letters([set(p.anchors) for p in document.pages])
    if long_letters:
        document = page.render(stylesheets=[weasyprint.CSS(string=long_letter_css(long_letters))])
    return document.write_pdf(), len(document.pages)


def _long_letters(anchors_by_page: list[set[str]]) -> dict[str, int]:
    """{letter id: pages} for the letters that take more than one page."""
    pages: dict[str, int] = {}
    for anchors in anchors_by_page:
        for anchor in anchors:
            if _LETTER_ID.fullmatch(anchor):
                pages[anchor] = pages.get(anchor, 0) + 1
    return {anchor: count for anchor, count in sorted(pages.items()) if count > 1}


def long_letter_css(long_letters: dict[str, int]) -> str:
    """The numbered page style for each long letter (ids are slugs and dots: safe in a string).

    `!important`, as WeasyPrint's added stylesheets rank as the user's, below the document's."""
    return "\n".join(
        f'[id="{anchor}"] {{ page: pb-long-letter !important; '
        f'string-set: pb-letter-page attr(data-page), pb-letter-of attr(data-of) " {count}" !important; }}'
        for anchor, count in long_letters.items()
    )


def load_packets(
    project: Project, dataset: model.Dataset, handover_id: str, consultant: str | None = None
) -> tuple[model.Handover, list[Packet], list[Problem]]:
    """The handover's packets (PlaybookError for an unknown id or consultant)."""
    handover = find_handover(dataset, handover_id)
    packets, problems = build_packets(project, dataset, handover, consultant=consultant)
    return handover, packets, problems


def default_pdf_path(handover_id: str, consultant: str | None) -> Path:
    """`handovers/<id>.pdf`, or `handovers/<id>-<consultant>.pdf` for one consultant's packet."""
    return Path("handovers") / (
        f"{handover_id}-{consultant}.pdf" if consultant else f"{handover_id}.pdf"
    )


# ------------------------------------------------------------------- e-mail drafts


@dataclass(frozen=True, slots=True)
class Draft:
    name: str
    """File name: `<customer>-<kind>.eml`."""
    message: EmailMessage


@dataclass(frozen=True, slots=True)
class Skipped:
    customer: model.Customer
    why: str


def drafts(packets: list[Packet]) -> tuple[list[Draft], list[Skipped]]:
    """One draft per letter for customers with an e-mail address; the others are listed."""
    out: list[Draft] = []
    skipped: list[Skipped] = []
    for packet in packets:
        for entry in packet.entries:
            customer = entry.customer
            if customer.do_not_contact:
                skipped.append(Skipped(customer, "asked not to be contacted"))
            elif not customer.email and not has_postal_address(customer):
                skipped.append(Skipped(customer, "no e-mail address and no postal address; find one before the letters can go"))
            elif not customer.email:
                skipped.append(Skipped(customer, "no e-mail address; print the letters instead"))
            else:
                out.extend(
                    Draft(f"{customer.id}-{letter.kind}.eml", message(letter, packet))
                    for letter in entry.letters
                )
    return sorted(out, key=lambda d: d.name), sorted(skipped, key=lambda s: s.customer.id)


def message(letter: Letter, packet: Packet) -> EmailMessage:
    """An unsent draft: From the signer, To the customer, plain text and HTML alternatives."""
    organization = packet.organization
    customer = letter.customer
    msg = EmailMessage(policy=policy.SMTP)
    sender_email = letter.sender.email or organization.email
    if sender_email:
        msg["From"] = _address(letter.sender.name, sender_email)
    msg["To"] = _address(customer.name, customer.email or "")
    msg["Subject"] = one_header_line(letter.subject)
    msg["Date"] = format_datetime(datetime.combine(letter.date, LETTER_HOUR))
    msg["Message-ID"] = (
        f"<{packet.handover.id}.{customer.id}.{letter.kind}@{_domain(organization)}>"
    )
    msg["X-Unsent"] = "1"  # Outlook, Thunderbird and Apple Mail open it as a draft to send
    msg.set_content(letter_text(letter))
    html = (
        packet_environment().get_template("email.html.j2").render(letter=letter, org=organization)
    )
    msg.add_alternative(html, subtype="html")
    # The MIME boundary is random by default; derive it from the content so files are stable.
    digest = hashlib.sha256(msg.get_body(("plain",)).get_content().encode("utf-8")).hexdigest()[:24]  # type: ignore[union-attr]
    msg.set_boundary(f"==playbook-{digest}==")
    return msg


def one_header_line(text: str) -> str:
    """`text` as one header line: every control character, line or paragraph separator becomes
    a space (the loader already refuses them in one-line fields; this is the second guard, so no
    value can ever add a header or start the body)."""
    return " ".join(_HEADER_BREAKS.sub(" ", text).split())


_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _address(name: str, email: str) -> Address:
    username, _, domain = one_header_line(email).partition("@")
    return Address(display_name=one_header_line(name), username=username, domain=domain)


def _domain(organization: model.Organization) -> str:
    if organization.email and "@" in organization.email:
        return organization.email.rsplit("@", 1)[1]
    if organization.website:
        host = urlsplit(organization.website).hostname
        if host:
            return host
    return "playbook.invalid"


def write_drafts(folder: Path, items: list[Draft]) -> list[Path]:
    """Write each draft as CRLF bytes, as the e-mail standard wants; returns the files written."""
    written = []
    for draft in items:
        path = folder / draft.name
        write_atomically(path, draft.message.as_bytes(policy=policy.SMTP))
        written.append(path)
    return written
