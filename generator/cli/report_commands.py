"""`playbook report`: quiet customers and what silence costs, and the follow-up audit."""

from __future__ import annotations

from datetime import datetime

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
)


@click.group()
def report() -> None:
    """Reports for managers: quiet customers and what silence costs, and the follow-up audit."""


@report.command("quiet")
@AS_OF
@click.option("--consultant", metavar="ID", help="Only this person's customers (an id from content/team.yaml).")
@format_option("table", "csv", "json", description=TABLE_CSV_JSON)
@click.pass_context
def report_quiet(ctx: click.Context, as_of: datetime | None, consultant: str | None, output_format: str) -> None:
    """Customers and prospects with no contact or purchase for too long, ranked by value at risk."""
    from generator.core.money import format_money
    from generator.plan.schedule import schedule
    from generator.reports.output.quiet import quiet_csv, quiet_json, quiet_table
    from generator.reports.quiet import quiet_report

    dataset = load_or_exit(ctx, get_project(ctx))
    known_person(dataset, consultant)
    day = as_of_date(as_of, dataset)
    made = quiet_report(dataset, as_of=day, plan=schedule(dataset, as_of=day), consultant=consultant)
    if output_format == "json":
        click.echo(quiet_json(made), nl=False)
    elif output_format == "csv":
        click.echo(quiet_csv(made), nl=False)
    else:
        click.echo(quiet_table(made, lambda amount: format_money(amount, made.currency)), nl=False)
    click.echo(
        f"playbook: {plural(len(made.rows), 'quiet customer')} as of {day}, "
        f"{format_money(made.total_value, made.currency)} a year at risk",
        err=True,
    )


@report.command("audit")
@click.option("--from", "start", type=DATE, required=True, help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "end", type=DATE, required=True, help="Last day of the period (YYYY-MM-DD), included.")
@click.option(
    "--as-of",
    type=DATE,
    help="The day of the audit (YYYY-MM-DD): a follow-up whose on-time days have not run out on that day is still open, not missed. Default: settings.as_of, else today.",
)
@click.option("--consultant", metavar="ID", help="Only this person's tasks (an id from content/team.yaml).")
@format_option("table", "csv", "json", description=TABLE_CSV_JSON)
@click.pass_context
def report_audit(
    ctx: click.Context,
    start: datetime,
    end: datetime,
    as_of: datetime | None,
    consultant: str | None,
    output_format: str,
) -> None:
    """Replay a past period's plan and check each follow-up against the contact log.

    Judged as of the plan date: a follow-up whose on-time days have not run out by then is still
    open, not missed."""
    from generator.reports.audit import audit_report
    from generator.reports.output.audit import audit_csv, audit_json, audit_table

    if end < start:
        raise click.BadParameter(
            f"the period ends ({end.date()}) before it starts ({start.date()}); swap the dates",
            param_hint="'--to'",
        )
    dataset = load_or_exit(ctx, get_project(ctx))
    known_person(dataset, consultant)
    judged_on = as_of_date(as_of, dataset)
    made = audit_report(dataset, start=start.date(), end=end.date(), judged_on=judged_on, consultant=consultant)
    if output_format == "json":
        click.echo(audit_json(made), nl=False)
    elif output_format == "csv":
        click.echo(audit_csv(made), nl=False)
    else:
        click.echo(audit_table(made), nl=False)
    total = made.total
    click.echo(
        f"playbook: {plural(total.total, 'follow-up')} from {made.start} to {made.end}: "
        f"{total.on_time} on time, {total.late} late, {total.missed} missed"
        + (f", {total.open} still open on {made.judged_on}" if total.open else ""),
        err=True,
    )
