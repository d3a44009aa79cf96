"""The commands over the data: check it, describe it, plan from it, and record what happened."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from generator.cli.common import (
    AS_OF,
    DATE,
    TABLE_CSV_JSON,
    as_of_date,
    format_option,
    get_project,
    known_person,
    load_or_exit,
    plural,
    report_problems,
)
from generator.core.errors import PlaybookError
from generator.core.problems import display_path
from generator.load.dataset import load_dataset


@click.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Validate every input file and report all problems as path:line:column."""
    project = get_project(ctx)
    result = load_dataset(project)
    from generator.documents.letters import check_letter_templates

    result.problems.extend(check_letter_templates(project))
    if result.dataset is not None:
        from generator.documents.postal import missing_address_problems

        result.problems.extend(missing_address_problems(result.dataset))
    report_problems(result.problems)
    if result.problems.has_errors():
        ctx.exit(1)
    dataset = result.dataset
    if dataset is not None:
        click.echo(
            f"{project.root.name}: {plural(len(dataset.people), 'person', 'people')}, "
            f"{plural(len(dataset.customers), 'customer')}, {plural(len(dataset.rules), 'rule')}: ok",
            err=True,
        )


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output.")
@click.pass_context
def schema(ctx: click.Context, output: Path | None) -> None:
    """Print the JSON Schema of the input files, for editors' YAML language server."""
    from generator.cli.export_commands import refuse_input
    from generator.core.files import write_atomically
    from generator.core.project import Project
    from generator.load.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    root = ctx.find_root().obj  # the schema needs no project, but must not land on one's inputs
    project = Project(Path(root if isinstance(root, Path) else Path()).resolve())
    if output.parent.resolve() / output.name != project.playbook.resolve() / "schema.json":
        refuse_input(project, output)  # a link at playbook/schema.json is replaced, never followed
    write_atomically(output, text)


@click.command()
@AS_OF
@click.option("--consultant", metavar="ID", help="Only the tasks of this person (an id from content/team.yaml).")
@click.option(
    "--days",
    type=click.IntRange(0, 3660),
    metavar="N",
    help="Look N days ahead. Default: settings.horizon_days.",
)
@format_option("table", "csv", "json", description=TABLE_CSV_JSON)
@click.pass_context
def plan(ctx: click.Context, as_of: datetime | None, consultant: str | None, days: int | None, output_format: str) -> None:
    """List every follow-up task up to the horizon, overdue ones included."""
    from generator.plan.schedule import schedule
    from generator.reports.output.plan import FORMATS

    dataset = load_or_exit(ctx, get_project(ctx))
    known_person(dataset, consultant)
    made = schedule(dataset, as_of=as_of_date(as_of, dataset), days=days)
    tasks = [t for t in made.tasks if consultant is None or t.consultant == consultant]
    excluded = [
        c for c in made.excluded if consultant is None or dataset.customer(c).consultant == consultant
    ]
    click.echo(FORMATS[output_format](tasks, dataset), nl=False)
    overdue = sum(1 for t in tasks if t.overdue)
    click.echo(
        f"playbook: {plural(len(tasks), 'task')} ({overdue} overdue) from {made.as_of} to {made.until}, "
        f"{plural(len(excluded), 'do-not-contact customer')} excluded",
        err=True,
    )


@click.command()
@click.option("--from", "departing", required=True, metavar="ID", help="The person leaving (an id from content/team.yaml).")
@click.option("--to", "to", multiple=True, metavar="ID", help="Hand only to this colleague; repeat for several. Default: every active consultant.")
@click.option("--on", "on", type=DATE, help="Date of the handover (YYYY-MM-DD). Default: settings.as_of, else today.")
@click.option("--by", "by", metavar="ID", help="Who decides (recorded). Default: the organisation's signatory.")
@click.option("--dry-run", is_flag=True, help="Print the proposal without writing a record.")
@click.option("--force", is_flag=True, help="Replace an existing record of the same person and date that differs.")
@format_option("text", "json", description="A table to read, or JSON: a list of {customer, to, reason}.")
@click.pass_context
def handover(
    ctx: click.Context, departing: str, to: tuple[str, ...], on: datetime | None, by: str | None, dry_run: bool, force: bool, output_format: str
) -> None:
    """Propose who takes each customer of a departing person, and record it in content/handovers/."""
    from generator.load.handover_writer import record, records_on_disk
    from generator.plan.handover import proposal_json, proposal_text, propose

    project = get_project(ctx)
    seen = records_on_disk(project)  # before loading: a record changed after this is not replaced
    dataset = load_or_exit(ctx, project, show_warnings=False)
    proposal = propose(dataset, departing, on=as_of_date(on, dataset), to=to, by=by)
    for warning in proposal.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(proposal_json(proposal) if output_format == "json" else proposal_text(proposal, dataset), nl=False)
    if not proposal.assignments:
        click.echo(f"playbook: {departing} has no customers left to hand over; nothing written", err=True)
        return
    if dry_run:
        click.echo("playbook: dry run; nothing written", err=True)
        return
    done = record(project, dataset, proposal.as_handover(), seen=seen, force=force)
    shown = display_path(str(done.path))
    if done.status == "unchanged":
        click.echo(f"playbook: already recorded in {shown}; nothing written", err=True)
    elif done.status == "conflict":
        raise PlaybookError(
            f"{shown} already exists and differs from this proposal (edited by hand, or the data changed); "
            "keep it, or pass --force to replace it"
        )
    elif done.status == "changed":
        raise PlaybookError(f"{shown} changed while playbook was working (someone edited it or another handover ran); run again")
    else:
        click.echo(f"playbook: wrote {shown}", err=True)


@click.group()
def review() -> None:
    """Relationship reviews: record how a review went, so the next plan knows."""


@review.command("record")
@click.argument("customer")
@click.option("--rating", type=click.IntRange(1, 5), required=True, help="The customer's rating of us, 1 (poor) to 5 (excellent).")
@click.option("--note", metavar="TEXT", help="What they said, in a sentence or two (kept exactly as typed).")
@click.option("--on", "on", type=DATE, help="Date of the review (YYYY-MM-DD). Default: settings.as_of, else today.")
@click.pass_context
def review_record(ctx: click.Context, customer: str, rating: int, note: str | None, on: datetime | None) -> None:
    """Record a review's rating in a new file under content/reviews/ (existing files are never rewritten)."""
    from generator.load.review_records import record_review, unknown_customer_message

    project = get_project(ctx)
    dataset = load_or_exit(ctx, project)
    known = [c.id for c in dataset.customers]
    if customer not in known:
        raise PlaybookError(unknown_customer_message(customer, known))
    path = record_review(project, customer, on=as_of_date(on, dataset), rating=rating, note=note)
    click.echo(f"playbook: recorded a rating of {rating} for {customer} in {display_path(str(path))}", err=True)
