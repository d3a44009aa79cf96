"""`playbook import csv`: bring customers, purchases or contacts in from a CRM's or shop's export.

    playbook import csv FILE [--kind K] [--preset P] [--map COLUMN=FIELD ...] [--consultant ID] [--dry-run]

Exit codes: 0 when every row was added, already present or left out on purpose (a refunded
order); 1 when a row was refused (the good rows are still written, so a script notices and a
fixed file can be imported again); 2 for options that do not fit the file.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import get_project, known_person, load_or_exit, plural
from generator.core.problems import display_path
from generator.load.importing.presets import FIELDS, KINDS, PRESETS
from generator.load.importing.rows import RowNote

_NOUNS = {"customers": "customer", "purchases": "purchase", "contacts": "contact"}


@click.group("import")
def import_group() -> None:
    """Bring data in from other tools, as new files under content/ (existing files are never rewritten)."""


@import_group.command("csv", epilog=f"Fields for --map: customers: {', '.join(FIELDS['customers'])}; purchases: {', '.join(FIELDS['purchases'])}; contacts: {', '.join(FIELDS['contacts'])}.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), help="What the rows are. Default: found from the columns, else customers.")
@click.option("--preset", type=click.Choice(PRESETS), help="Whose export it is. Default: found from the columns, else generic (the field names as columns).")
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD", help="Read COLUMN as FIELD (repeatable); changes or extends the preset.")
@click.option("--consultant", metavar="ID", help="The consultant of customers whose row names no owner (required when the file has no owner column).")
@click.option("--dry-run", is_flag=True, help="Write nothing: print the file that would be written and the summary.")
@click.pass_context
def import_csv(
    ctx: click.Context, file: Path, kind: str | None, preset: str | None, maps: tuple[str, ...], consultant: str | None, dry_run: bool
) -> None:
    """Import a CSV export (HubSpot, Salesforce, Shopify or your own columns) as a new file under content/."""
    from generator.load.importing.mapping import ImportUsageError
    from generator.load.importing.run import ImportRequest, prepare_import, target, write_import

    project = get_project(ctx)
    dataset = load_or_exit(ctx, project)
    known_person(dataset, consultant)
    request = ImportRequest(file, kind=kind, preset=preset, maps=maps, consultant=consultant)
    try:
        plan = prepare_import(project, dataset, request)
    except ImportUsageError as exc:
        raise click.BadParameter(exc.message, param_hint=f"'{exc.option}'" if exc.option else None) from exc
    table, batch, noun = plan.table, plan.batch, _NOUNS[plan.layout.kind]
    separator = {"\t": "tabs"}.get(table.separator, f"'{table.separator}'")
    click.echo(
        f"playbook: read {display_path(str(file))}: {plural(len(table.rows), 'row')}, {table.encoding}, "
        f"separated by {separator}, the {plan.layout.preset} layout of {plan.layout.kind}",
        err=True,
    )
    if plan.columns.unused:
        click.echo(f"playbook: columns not imported: {', '.join(plan.columns.unused)}", err=True)
    if plan.date_note:
        click.echo(f"playbook: dates: {plan.date_note}", err=True)
    _list(file, [("refused", n) for n in batch.refused] + [("left out", n) for n in batch.left_out])
    counts = [f"{len(batch.entries)} added", f"{len(batch.present)} already present", f"{len(batch.refused)} refused"]
    if batch.left_out:
        counts.append(f"{len(batch.left_out)} left out")
    what = plural(len(batch.entries), noun)
    if dry_run:
        if plan.text:
            click.echo(plan.text, nl=False)
        written = f"would write {display_path(str(target(plan)))} ({what})" if plan.text else "nothing new to write"
        click.echo(f"playbook: dry run: {', '.join(counts)}; {written}; nothing was written", err=True)
    else:
        path = write_import(plan)
        written = f"wrote {display_path(str(path))} ({what})" if path else "nothing new to write"
        click.echo(f"playbook: {', '.join(counts)}; {written}", err=True)
    if batch.refused:
        ctx.exit(1)


def _list(file: Path, notes: list[tuple[str, RowNote]]) -> None:
    """Every refused or left-out row, in the file's order."""
    for status, note in sorted(notes, key=lambda pair: pair[1].row):
        click.echo(f"{display_path(str(file))}: row {note.row}: {status}: {note.reason}", err=True)
