"""The command line: parse options, call the library, report. No business logic here.

Exit codes: 0 ok, 1 invalid input or a failed build, 2 usage error, 3 a bug in playbook.
"""

from __future__ import annotations

import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.core.errors import PlaybookError
from generator.core.problems import Problems, display_path
from generator.core.project import Project, today
from generator.load.dataset import LoadResult, load_dataset


class PlaybookGroup(click.Group):
    """The one error boundary: user errors exit 1 without a traceback, bugs exit 3."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlaybookError as exc:
            raise click.ClickException(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise
        except Exception:
            traceback.print_exc()
            click.echo("playbook hit a bug; please report it with the traceback above.", err=True)
            ctx.exit(3)


@click.group(cls=PlaybookGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="playbook")
@click.option(
    "-C",
    "--project",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="Project folder holding content/ and playbook/.",
)
@click.pass_context
def cli(ctx: click.Context, root: Path) -> None:
    """Turn customer and team YAML into follow-up plans, handover letters and review checklists."""
    ctx.obj = root


def get_project(ctx: click.Context) -> Project:
    """The project named by -C, opened lazily so that --help works anywhere."""
    root = ctx.find_root().obj
    return Project.at(root if isinstance(root, Path) else Path())


AS_OF = click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Plan as if today were this date (YYYY-MM-DD). Default: settings.as_of, else today.",
)


def as_of_date(value: Any, result: LoadResult) -> date:
    """--as-of when given, else the project's settings.as_of, else today."""
    from generator.load.settings import resolve_as_of

    given = value.date() if value is not None else None
    if result.dataset is None:
        return given or today()
    return resolve_as_of(given, result.dataset, today()) or today()


def report_problems(problems: Problems, *, summary: bool = True) -> None:
    """Print every problem to stderr in file order, then a one-line count."""
    items = problems.sorted()
    for problem in items:
        click.echo(str(problem), err=True)
    if summary:
        errors = sum(1 for p in items if p.severity == "error")
        warnings = len(items) - errors
        click.echo(f"playbook: {plural(errors, 'error')}, {plural(warnings, 'warning')}", err=True)


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def load_or_exit(ctx: click.Context, project: Project) -> LoadResult:
    """Load the project; on errors print them all and exit 1."""
    result = load_dataset(project)
    if result.dataset is None:
        report_problems(result.problems)
        ctx.exit(1)
    elif result.problems.items:
        report_problems(result.problems, summary=False)
    return result


@cli.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Validate every input file and report all problems as path:line:column."""
    project = get_project(ctx)
    result = load_dataset(project)
    from generator.documents.letters import check_letter_templates

    result.problems.extend(check_letter_templates(project))
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


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the input files, for editors' YAML language server."""
    from generator.load.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="\n")


@cli.command()
@AS_OF
@click.option("--consultant", metavar="ID", help="Only the tasks of this person (an id from content/team.yaml).")
@click.option(
    "--days",
    type=click.IntRange(0, 3660),
    metavar="N",
    help="Look N days ahead. Default: settings.horizon_days.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="A table to read, CSV for a spreadsheet, or JSON for programs.",
)
@click.pass_context
def plan(ctx: click.Context, as_of: Any, consultant: str | None, days: int | None, output_format: str) -> None:
    """List every follow-up task up to the horizon, overdue ones included."""
    from generator.plan.schedule import schedule
    from generator.reports.plan_output import FORMATS

    result = load_or_exit(ctx, get_project(ctx))
    dataset = result.dataset
    assert dataset is not None  # load_or_exit exits otherwise
    _known_person(dataset, consultant)
    made = schedule(dataset, as_of=as_of_date(as_of, result), days=days)
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


@cli.command()
@click.option("--from", "departing", required=True, metavar="ID", help="The person leaving (an id from content/team.yaml).")
@click.option("--to", "to", multiple=True, metavar="ID", help="Hand only to this colleague; repeat for several. Default: every active consultant.")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="Date of the handover (YYYY-MM-DD). Default: settings.as_of, else today.")
@click.option("--by", "by", metavar="ID", help="Who decides (recorded). Default: the organisation's signatory.")
@click.option("--dry-run", is_flag=True, help="Print the proposal without writing a record.")
@click.option("--force", is_flag=True, help="Replace an existing record of the same person and date that differs.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="A table to read, or JSON: a list of {customer, to, reason}.")
@click.pass_context
def handover(
    ctx: click.Context, departing: str, to: tuple[str, ...], on: Any, by: str | None, dry_run: bool, force: bool, output_format: str
) -> None:
    """Propose who takes each customer of a departing person, and record it in content/handovers/."""
    from generator.plan.handover import proposal_json, proposal_text, propose, record

    project = get_project(ctx)
    result = load_dataset(project)
    dataset = result.dataset
    if dataset is None:  # warnings (such as the orphans this command resolves) are check's business
        report_problems(result.problems)
        ctx.exit(1)
    proposal = propose(dataset, departing, on=as_of_date(on, result), to=to, by=by)
    for warning in proposal.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(proposal_json(proposal) if output_format == "json" else proposal_text(proposal, dataset), nl=False)
    if not proposal.assignments:
        click.echo(f"playbook: {departing} has no customers left to hand over; nothing written", err=True)
        return
    if dry_run:
        click.echo("playbook: dry run; nothing written", err=True)
        return
    done = record(project, dataset, proposal, force=force)
    shown = display_path(str(done.path))
    if done.status == "unchanged":
        click.echo(f"playbook: already recorded in {shown}; nothing written", err=True)
    elif done.status == "conflict":
        raise PlaybookError(
            f"{shown} already exists and differs from this proposal (edited by hand, or the data changed); "
            "keep it, or pass --force to replace it"
        )
    else:
        click.echo(f"playbook: wrote {shown}", err=True)


@cli.command()
@AS_OF
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build into this folder. Default: site_dir of mkdocs.yml (site/).",
)
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning, such as a broken link in a hand-written page.")
@click.pass_context
def build(ctx: click.Context, as_of: Any, site_dir: Path | None, strict: bool) -> None:
    """Generate the pages and build the site with MkDocs; the old site stays until this succeeds."""
    from generator.build import build_site

    result = build_site(
        get_project(ctx),
        as_of=as_of.date() if as_of else None,
        today=today(),
        site_dir=site_dir,
        strict=strict,
    )
    if result.site_dir is None:
        report_problems(result.problems)
        ctx.exit(1)
    report_problems(result.problems, summary=False)
    for warning in result.warnings:
        click.echo(f"mkdocs: warning: {warning}", err=True)
    click.echo(
        f"playbook: built {result.pages} generated pages as of {result.as_of} into {display_path(str(result.site_dir))}",
        err=True,
    )


@cli.command()
@AS_OF
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on. Default: dev_addr of mkdocs.yml (127.0.0.1:8000).")
@click.pass_context
def serve(ctx: click.Context, as_of: Any, dev_addr: str | None) -> None:
    """Preview the site, rebuilding it when any YAML file, rule, template or page changes."""
    from generator.build import serve_site

    serve_site(get_project(ctx), as_of=as_of.date() if as_of else None, dev_addr=dev_addr)


def _known_person(dataset: Any, person: str | None) -> None:
    """A --consultant that names nobody is a usage error (exit 2), with a suggestion."""
    from difflib import get_close_matches

    if person is None or person in dataset.people:
        return
    close = get_close_matches(person, list(dataset.people), n=1) or [
        known for known in sorted(dataset.people) if known.startswith(person)
    ][:1]
    hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(dataset.people))}"
    raise click.BadParameter(f"no person {person!r} in content/team.yaml{hint}", param_hint="'--consultant'")


REPORT_FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="A table to read, CSV for a spreadsheet, or JSON for programs.",
)


@cli.group()
def review() -> None:
    """Relationship reviews: record how a review went, so the next plan knows."""


@review.command("record")
@click.argument("customer")
@click.option("--rating", type=click.IntRange(1, 5), required=True, help="The customer's rating of us, 1 (poor) to 5 (excellent).")
@click.option("--note", metavar="TEXT", help="What they said, in a sentence or two (kept exactly as typed).")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="Date of the review (YYYY-MM-DD). Default: settings.as_of, else today.")
@click.pass_context
def review_record(ctx: click.Context, customer: str, rating: int, note: str | None, on: Any) -> None:
    """Record a review's rating in a new file under content/reviews/ (existing files are never rewritten)."""
    from generator.core.problems import display_path
    from generator.load.review_records import record_review, unknown_customer_message

    project = get_project(ctx)
    result = load_or_exit(ctx, project)
    dataset = result.dataset
    assert dataset is not None  # load_or_exit exits otherwise
    known = [c.id for c in dataset.customers]
    if customer not in known:
        raise PlaybookError(unknown_customer_message(customer, known))
    path = record_review(project, customer, on=as_of_date(on, result), rating=rating, note=note)
    click.echo(f"playbook: recorded a rating of {rating} for {customer} in {display_path(str(path))}", err=True)


@cli.group()
def report() -> None:
    """Reports for managers: quiet customers and what silence costs, and the follow-up audit."""


@report.command("quiet")
@AS_OF
@click.option("--consultant", metavar="ID", help="Only this person's customers (an id from content/team.yaml).")
@REPORT_FORMAT
@click.pass_context
def report_quiet(ctx: click.Context, as_of: Any, consultant: str | None, output_format: str) -> None:
    """Customers and prospects with no contact or purchase for too long, ranked by value at risk."""
    from generator.core.money import format_money
    from generator.plan.schedule import schedule
    from generator.reports.quiet import quiet_csv, quiet_json, quiet_report, quiet_table

    result = load_or_exit(ctx, get_project(ctx))
    dataset = result.dataset
    assert dataset is not None  # load_or_exit exits otherwise
    _known_person(dataset, consultant)
    day = as_of_date(as_of, result)
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
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day of the period (YYYY-MM-DD), included.")
@click.option("--consultant", metavar="ID", help="Only this person's tasks (an id from content/team.yaml).")
@REPORT_FORMAT
@click.pass_context
def report_audit(ctx: click.Context, start: Any, end: Any, consultant: str | None, output_format: str) -> None:
    """Replay a past period's plan and check each follow-up against the contact log."""
    from generator.reports.quiet import audit_csv, audit_json, audit_report, audit_table

    if end < start:
        raise click.BadParameter(
            f"the period ends ({end.date()}) before it starts ({start.date()}); swap the dates",
            param_hint="'--to'",
        )
    result = load_or_exit(ctx, get_project(ctx))
    dataset = result.dataset
    assert dataset is not None  # load_or_exit exits otherwise
    _known_person(dataset, consultant)
    made = audit_report(dataset, start=start.date(), end=end.date(), consultant=consultant)
    if output_format == "json":
        click.echo(audit_json(made), nl=False)
    elif output_format == "csv":
        click.echo(audit_csv(made), nl=False)
    else:
        click.echo(audit_table(made), nl=False)
    total = made.total
    click.echo(
        f"playbook: {plural(total.total, 'follow-up')} from {made.start} to {made.end}: "
        f"{total.on_time} on time, {total.late} late, {total.missed} missed",
        err=True,
    )


@cli.group()
def export() -> None:
    """Write a handover's packet as a PDF, or its letters as e-mail drafts (nothing is sent)."""


def _handover_packets(ctx: click.Context, handover_id: str, consultant: str | None) -> Any:
    """Load the project and build the handover's packets; on any error report it and exit 1."""
    from generator.documents.export import load_packets

    project = get_project(ctx)
    result = load_dataset(project)
    if result.dataset is None:
        report_problems(result.problems)
        ctx.exit(1)
    handover, packets, problems = load_packets(project, result.dataset, handover_id, consultant)
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


def main() -> None:
    """Console entry point."""
    sys.exit(cli.main(prog_name="playbook", standalone_mode=True))
