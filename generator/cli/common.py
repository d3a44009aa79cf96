"""What every command shares: the project, the plan date, the options and the way to report.

Problems go to stderr in file order with a one-line count; exit codes are set by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.core import model
from generator.core.problems import Problems
from generator.core.project import Project
from generator.core.suggest import did_you_mean
from generator.load.dataset import load_dataset
from generator.load.scalars import date_mistake, date_out_of_range, parse_iso_date
from generator.plan_date import plan_date

Decorated = TypeVar("Decorated", bound=Callable[..., Any])


def get_project(ctx: click.Context) -> Project:
    """The project named by -C, opened lazily so that --help works anywhere."""
    root = ctx.find_root().obj
    return Project.at(root if isinstance(root, Path) else Path())


class IsoDate(click.ParamType[datetime]):
    """A date option written YYYY-MM-DD, shown so in --help; a mistake is explained as in files."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        day = parse_iso_date(str(value).strip())
        if day is None:
            self.fail(date_mistake(str(value)), param, ctx)
        if (outside := date_out_of_range(day)) is not None:
            self.fail(outside, param, ctx)
        return datetime.combine(day, time())


DATE = IsoDate()
"""The type of every date option (a datetime at midnight, as click.DateTime gave)."""

AS_OF = click.option(
    "--as-of",
    type=DATE,
    help="Plan as if today were this date (YYYY-MM-DD). Default: settings.as_of, else today.",
)


def format_option(*choices: str, description: str) -> Callable[[Decorated], Decorated]:
    """`--format`, one of `choices`, the first being the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=description,
    )


TABLE_CSV_JSON = "A table to read, CSV for a spreadsheet, or JSON for programs."


def as_of_date(value: datetime | None, dataset: model.Dataset) -> date:
    """The date an option gave, else settings.as_of, else today (see `plan_date`)."""
    return plan_date(value.date() if value is not None else None, dataset)


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


def load_or_exit(ctx: click.Context, project: Project, *, show_warnings: bool = True) -> model.Dataset:
    """Load the project; on errors print them all and exit 1. Warnings are printed too, unless
    the command resolves them itself (a handover resolves orphans: they are `check`'s business)."""
    result = load_dataset(project)
    if result.dataset is None:
        report_problems(result.problems)
        ctx.exit(1)
    if show_warnings and result.problems.items:
        report_problems(result.problems, summary=False)
    return result.dataset


def known_person(dataset: model.Dataset, person: str | None) -> None:
    """A --consultant that names nobody is a usage error (exit 2), with a suggestion."""
    if person is None or person in dataset.people:
        return
    raise click.BadParameter(f"no person {person!r} in content/team.yaml{person_hint(dataset, person)}", param_hint="'--consultant'")


def person_hint(dataset: model.Dataset, person: str) -> str:
    """'; did you mean 'x'?' for a person id, else the first id it begins, else every known id."""
    first_starting = [known for known in sorted(dataset.people) if known.startswith(person)][:1]
    listing = f"; known: {', '.join(sorted(dataset.people))}"
    # No close match: suggest the first id the word begins (cutoff 0 accepts any candidate).
    otherwise = did_you_mean(person, first_starting, otherwise=listing, cutoff=0.0)
    return did_you_mean(person, dataset.people, otherwise=otherwise)
