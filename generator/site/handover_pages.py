"""The site's Handovers section: one page per handover record, with each receiving consultant's packet.

A page holds the summary table (customer, from, to, reason) and then every packet: the same
HTML fragment the PDF is printed from (packets.py), so screen, browser print and PDF agree. Each
packet's PDF is published beside the page as a file of its own; rendered PDFs are cached by
content in the project's cache folder, so only a changed packet is printed again, and that in a
worker process while the rest of the site is built (printing.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

from generator.core import model, resources
from generator.core.cache import read_sealed, write_sealed
from generator.core.project import Project
from generator.documents.packets import Packet, build_packets, packet_html, print_document
from generator.documents.printing import print_later
from generator.load.handover_records import FOLDER
from generator.site.links import href
from generator.site.render import Asset
from generator.site.spec import PageSpec, Site

SITE_CSS = resources.ASSETS / "packet-site.css"


def handover_page(handover_id: str) -> str:
    return f"handovers/{handover_id}.md"


def project_of(handover: model.Handover) -> Project | None:
    """The project a record was loaded from: the folder holding its `content/handovers/`."""
    if handover.source is None:
        return None
    parts = Path(handover.source.file).parts
    for index in range(len(parts) - 2, 0, -1):
        if parts[index] == "content" and parts[index + 1] == FOLDER:
            return Project(Path(*parts[:index]))
    return None


def handover_pages(site: Site) -> Iterator[PageSpec]:
    handovers = sorted(site.dataset.handovers, key=lambda h: (h.date, h.id), reverse=True)
    if not handovers:
        return
    people = site.dataset.people
    rows = [
        {
            "handover": h,
            "departing": people[h.departing],
            "receiving": sorted({people[a.to].name for a in h.assignments}, key=str.casefold),
            "path": handover_page(h.id),
        }
        for h in handovers
    ]
    yield PageSpec("handovers/index.md", "handovers/index.md.j2", {"rows": rows}, in_nav=True)
    for handover in handovers:
        project = project_of(handover)
        packets, problems = build_packets(project, site.dataset, handover) if project else ([], [])
        pdfs = [(p, _pdf(p, project)) for p in packets]
        departing = people[handover.departing]
        page = handover_page(handover.id)
        yield PageSpec(
            page,
            "handovers/handover.md.j2",
            {
                "handover": handover,
                "departing": departing,
                "decided_by": people.get(handover.by or site.dataset.organization.signatory),
                "assignments": [
                    (site.dataset.customer(a.customer), people[a.to], a.reason)
                    for a in handover.assignments
                ],
                "packets": [(p, _fragment(p, data, href(_pdf_path(p), page, site.directory_urls))) for p, data in pdfs],
                "problems": problems,
                "css": _one_block(SITE_CSS.read_text(encoding="utf-8")),
            },
            title=f"{handover.date.isoformat()}: {departing.name}",
            assets={_pdf_path(p): data for p, data in pdfs if data},
            problems=tuple(problems),
        )


def _fragment(packet: Packet, pdf: Asset | None, link: str) -> str:
    """The packet's HTML on one block (Markdown passes a block of HTML through untouched).

    `link` leads from the page to the PDF, published beside it as `handovers/<name>.pdf`.
    """
    return _one_block(packet_html(packet, pdf_link=link if pdf else "", pdf_name=pdf_name(packet)))


def _one_block(text: str) -> str:
    """Drop blank lines: Markdown would end an HTML block at the first one."""
    return "\n".join(line for line in text.splitlines() if line.strip())


def _pdf_path(packet: Packet) -> str:
    """Where the packet's PDF is published: beside the handover pages."""
    return f"handovers/{pdf_name(packet)}"


def pdf_name(packet: Packet) -> str:
    return f"{packet.handover.id}-{packet.consultant.id}.pdf"


def _pdf(packet: Packet, project: Project | None) -> Asset:
    """The packet's PDF: from the cache when the same print HTML was printed before, else soon."""
    html = print_document([packet], title=pdf_name(packet))
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    cache = project.cache_dir / "packets" / f"{key}.pdf" if project else None
    cached = read_sealed(cache) if cache is not None else None
    if cached is not None:
        return cached
    printing = print_later(html)
    if cache is not None:
        printing.add_done_callback(lambda done: _keep(cache, done))
    return printing


def _keep(cache: Path, printed: Future[bytes]) -> None:
    if printed.cancelled() or printed.exception() is not None:
        return
    write_sealed(cache, printed.result())  # atomic: another build may read it at any moment

