"""`playbook log`: record a contact or a purchase in a new file, so the next plan knows.

    playbook log CUSTOMER --channel C --outcome O [--note T] [--on D] [--by P] [--task ID]
    playbook log purchase CUSTOMER --amount N --item T [--on D]

The contact form has no word of its own: `log` is a group whose one sub-command is `purchase`,
and any other first word (a customer id, or an option) goes to the contact command, which then
stands as `playbook log` itself in usage lines, errors and help. A customer whose id is `purchase`
is logged with the id after `--`: `playbook log --channel phone --outcome met -- purchase`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click
import yaml

from generator.cli.common import DATE, as_of_date, get_project, load_or_exit, person_hint
from generator.core import model, vocabulary
from generator.core.errors import PlaybookError
from generator.core.money import format_money
from generator.core.problems import Problems, display_path
from generator.core.suggest import did_you_mean
from generator.load.record_files import unknown_customer_message

ON = click.option(
    "--on", "on", type=DATE, help="When it happened (YYYY-MM-DD). Default: settings.as_of, else today."
)


class LogGroup(click.Group):
    """A group whose default command (the contact) takes every first word that is not a sub-command."""

    def __init__(self, *args: Any, contact: click.Command, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contact = contact

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        help_names = parent.help_option_names if parent is not None else ["--help"]
        if args and args[0] not in self.commands and args[0] not in help_names:
            return self.contact.make_context(info_name, args, parent=parent, **extra)
        return super().make_context(info_name, args, parent=parent, **extra)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The contact command's help (it is what `playbook log` does), then the sub-commands."""
        self.contact.format_usage(ctx, formatter)
        self.contact.format_help_text(ctx, formatter)
        self.contact.format_options(ctx, formatter)
        self.format_commands(ctx, formatter)
        self.contact.format_epilog(ctx, formatter)


def _task_list(tasks: list[model.Task]) -> str:
    return ", ".join(f"{t.id} ({t.habit}, due {t.due.isoformat()})" for t in tasks)


def known_customer(dataset: model.Dataset, customer: str) -> model.Customer:
    """The customer with this id; else exit 1 with a suggestion."""
    known = [c.id for c in dataset.customers]
    if customer not in known:
        raise PlaybookError(unknown_customer_message(customer, known))
    return dataset.customer(customer)


def known_by(dataset: model.Dataset, person: str) -> None:
    """A --by that names nobody in the team exits 1 with a suggestion."""
    if person not in dataset.people:
        raise PlaybookError(f"person {person!r} is not in content/team.yaml{person_hint(dataset, person)}")


def known_task(dataset: model.Dataset, customer: str, task: str, on: date) -> None:
    """A --task must be one of the customer's tasks on the plan of that day (overdue ones included)."""
    from generator.plan.schedule import schedule

    tasks = [t for t in schedule(dataset, as_of=on).tasks if t.customer == customer]
    if any(t.id == task for t in tasks):
        return
    start = f"task {task!r} is not an open task of {customer!r} on {on.isoformat()}"
    if not tasks:
        raise PlaybookError(f"{start}; they have no open task then: leave out --task")
    hint = did_you_mean(task, [t.id for t in tasks])
    raise PlaybookError(f"{start}{hint}; their open tasks: {_task_list(tasks)}")


@click.command(
    "log",
    epilog="A customer whose id is 'purchase' goes after '--': playbook log --channel phone --outcome met -- purchase",
)
@click.argument("customer")
@click.option("--channel", type=click.Choice(vocabulary.CONTACT_CHANNELS), required=True, help="How you reached out.")
@click.option("--outcome", type=click.Choice(vocabulary.OUTCOMES), required=True, help="What happened (sent: a one-way message went out).")
@click.option("--note", metavar="TEXT", help="What was said or agreed (kept exactly as typed).")
@ON
@click.option("--by", "by", metavar="ID", help="Who made the contact (an id from content/team.yaml). Default: the customer's consultant.")
@click.option("--task", metavar="ID", help="The plan's id of the task this was for: it leaves the plan whatever the outcome.")
@click.pass_context
def log_contact(
    ctx: click.Context, customer: str, channel: str, outcome: str, note: str | None, on: datetime | None, by: str | None, task: str | None
) -> None:
    """Log a contact with a customer in a new file under content/contacts/ (existing files are never rewritten)."""
    from generator.load.contact_records import record_contact

    project = get_project(ctx)
    dataset = load_or_exit(ctx, project)
    found = known_customer(dataset, customer)
    day = as_of_date(on, dataset)
    if by is not None:
        known_by(dataset, by)
    if task is not None:
        known_task(dataset, customer, task, day)
    contact = model.Contact(date=day, channel=channel, by=by or found.consultant, outcome=outcome, note=note, task=task)
    path = record_contact(project, customer, contact)
    what = ", ".join(filter(None, (channel, outcome, task and f"task {task}")))
    click.echo(f"playbook: logged the contact with {customer} on {day.isoformat()} ({what}) in {display_path(str(path))}", err=True)


class Amount(click.ParamType[Decimal]):
    """An amount checked exactly like a purchase's `amount` in a customer file."""

    name = "amount"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Decimal:
        if isinstance(value, Decimal):
            return value
        from generator.load.fields import Context, Invalid
        from generator.load.scalars import Money

        node = yaml.ScalarNode("tag:yaml.org,2002:str", str(value))
        try:
            return Money().convert(node, Context("--amount", Problems()))
        except Invalid as exc:
            self.fail(exc.message, param, ctx)


log = LogGroup("log", contact=log_contact, help=log_contact.help, short_help="Log a contact or a purchase, so the next plan knows.")


@log.command("purchase")
@click.argument("customer")
@click.option("--amount", type=Amount(), required=True, metavar="N", help="What they paid, like 240.00 (no currency sign).")
@click.option("--item", metavar="TEXT", required=True, help="What they bought.")
@ON
@click.pass_context
def log_purchase(ctx: click.Context, customer: str, amount: Decimal, item: str, on: datetime | None) -> None:
    """Log a purchase in a new file under content/purchases/ (existing files are never rewritten)."""
    from generator.load.purchase_records import record_purchase

    project = get_project(ctx)
    dataset = load_or_exit(ctx, project)
    known_customer(dataset, customer)
    day = as_of_date(on, dataset)
    path = record_purchase(project, customer, on=day, amount=amount, item=item)
    paid = format_money(amount, dataset.organization.currency)
    click.echo(f"playbook: logged the purchase by {customer} on {day.isoformat()} ({paid}) in {display_path(str(path))}", err=True)
