"""`playbook export`: a handover's packet as a PDF to print, or its letters as e-mail drafts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.common import get_project, load_or_exit, plural, report_problems
from generator.core import model
from generator.core.problems import Problems, display_path

if TYPE_CHECKING:
    from generator.documents.packets import Packet


@click.group()
def export() -> None:
    """Write a handover's packet as a PDF, or its letters as e-mail drafts (nothing is sent)."""


def _handover_packets(ctx: click.Context, handover_id: str, consultant: str | None) -> tuple[model.Handover, list[Packet]]:
    """Load the project and build the handover's packets; on any error report it and exit 1."""
    from generator.documents.export import load_packets

    project = get_project(ctx)
    dataset = load_or_exit(ctx, project, show_warnings=False)
    handover, packets, problems = load_packets(project, dataset, handover_id, consultant)
    if problems:
        collected = Problems()
        collected.extend(problems)
        report_problems(collected)
        ctx.exit(1)
    return handover, packets


HANDOVER_ID = click.option("--handover", "handover_id", required=True, metavar="ID", help="The handover record's id: its file name in content/handovers/ without .yaml.")
TO_CONSULTANT = click.option("--to-consultant", "consultant", metavar="ID", help="Only the packet of this receiving consultant.")


@export.command("pdf")
@HANDOVER_ID
@TO_CONSULTANT
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write. Default: handovers/<id>.pdf (or <id>-<consultant>.pdf) here.")
@click.pass_context
def export_pdf(ctx: click.Context, handover_id: str, consultant: str | None, output: Path | None) -> None:
    """Write the handover packet (cover, call sheet, letters to sign) as a PDF to print."""
    from generator.core.files import write_atomically
    from generator.documents.export import default_pdf_path, packet_title, render_pdf

    handover, packets = _handover_packets(ctx, handover_id, consultant)
    data, pages = render_pdf(packets, title=packet_title(handover, packets))
    path = output or default_pdf_path(handover.id, consultant)
    write_atomically(path, data)
    letters = sum(len(p.letters) for p in packets)
    click.echo(
        f"playbook: wrote {display_path(str(path))} ({plural(pages, 'page')}: {plural(len(packets), 'packet')}, {plural(letters, 'letter')})",
        err=True,
    )


@export.command("eml")
@HANDOVER_ID
@TO_CONSULTANT
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("handovers"), show_default=True, help="Drafts go to <DIR>/<handover id>/.")
@click.pass_context
def export_eml(ctx: click.Context, handover_id: str, consultant: str | None, output_dir: Path) -> None:
    """Write each letter as an .eml draft for customers reachable by e-mail; nothing is sent."""
    from generator.documents.export import drafts, write_drafts

    handover, packets = _handover_packets(ctx, handover_id, consultant)
    made, skipped = drafts(packets)
    folder = output_dir / handover.id
    write_drafts(folder, made)
    for item in skipped:
        click.echo(f"skipped {item.customer.id}: {item.why}", err=True)
    click.echo(
        f"playbook: wrote {plural(len(made), 'draft')} to {display_path(str(folder))}; open them in your mail program to check and send",
        err=True,
    )
