"""`playbook export`: a handover's packet as a PDF to print, or its letters as e-mail drafts; a
consultant's plan as a calendar file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.common import (
    AS_OF,
    as_of_date,
    get_project,
    known_person,
    load_or_exit,
    plural,
    report_problems,
)
from generator.core import model
from generator.core.errors import PlaybookError
from generator.core.problems import Problems, display_path
from generator.core.project import Project

if TYPE_CHECKING:
    from generator.documents.packets import Packet


@click.group()
def export() -> None:
    """Write a handover's packet as a PDF, its letters as e-mail drafts (nothing is sent), or a
    consultant's plan as a calendar file."""


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

    path = output or default_pdf_path(handover_id, consultant)  # the record's id is its file name
    refuse_input(get_project(ctx), path)
    handover, packets = _handover_packets(ctx, handover_id, consultant)
    data, pages = render_pdf(packets, title=packet_title(handover, packets))
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

    folder = output_dir / handover_id  # the record's id is its file name
    refuse_input(get_project(ctx), folder, "--output-dir")
    _, packets = _handover_packets(ctx, handover_id, consultant)
    made, skipped = drafts(packets)
    write_drafts(folder, made)
    for item in skipped:
        click.echo(f"skipped {item.customer.id}: {item.why}", err=True)
    click.echo(
        f"playbook: wrote {plural(len(made), 'draft')} to {display_path(str(folder))}; open them in your mail program to check and send",
        err=True,
    )


@export.command("ics")
@click.option("--consultant", required=True, metavar="ID", help="Whose tasks: a person's id from content/team.yaml.")
@AS_OF
@click.option("--days", type=click.IntRange(0, 3660), metavar="N", help="Look N days ahead. Default: settings.horizon_days.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File to write, or - for standard output. Default: <consultant>.ics here.",
)
@click.pass_context
def export_ics(ctx: click.Context, consultant: str, as_of: datetime | None, days: int | None, output: Path | None) -> None:
    """Write a consultant's tasks as a calendar file (.ics): one all-day event per task."""
    from generator.core.files import write_atomically
    from generator.documents.calendar import calendar_tasks, plan_calendar
    from generator.plan.schedule import schedule

    project = get_project(ctx)
    path = output or Path(f"{consultant}.ics")
    if str(path) != "-":
        refuse_input(project, path)
    dataset = load_or_exit(ctx, project)
    known_person(dataset, consultant)
    made = schedule(dataset, as_of=as_of_date(as_of, dataset), days=days)
    data = plan_calendar(dataset, made, consultant)
    if str(path) == "-":
        click.echo(data, nl=False)
    else:
        write_atomically(path, data)
    split = calendar_tasks(dataset, made, consultant)
    where = "standard output" if str(path) == "-" else display_path(str(path))
    left_out = (
        f"; {plural(len(split.backlog), 'task')} overdue more than {dataset.settings.backlog_after_days} days left out (the backlog: see `playbook plan`)"
        if split.backlog
        else ""
    )
    click.echo(
        f"playbook: wrote {where} ({plural(len(split.dated), 'event')} from {made.as_of} to {made.until}{left_out})",
        err=True,
    )


def refuse_input(project: Project, path: Path, option: str = "--output") -> None:
    """An output must not replace an input: anything under content/ or playbook/, or mkdocs.yml.

    Links are resolved first, so neither a link into content/ nor a link to an input gets by;
    `playbook/schema.json`, which nothing reads but editors, is the one file `schema` may refresh.
    """
    target = path.resolve()
    inputs = [project.content, project.playbook, project.root / "mkdocs.yml", project.root / "mkdocs.yaml"]
    for item in inputs:
        item = item.resolve()
        if target == item or item in target.parents:
            shown = display_path(str(item))
            msg = f"{display_path(str(path))} is inside the project's inputs ({item if shown == '.' else shown}); choose another {option}"
            raise PlaybookError(msg)
