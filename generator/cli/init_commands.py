"""`playbook init`: start a new project in an empty folder, ready to check, plan and build."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from generator.cli.common import plural
from generator.core.problems import display_path
from generator.core.project import today
from generator.load.new_project import (
    NewProject,
    create_project,
    currency_code,
    language_code,
    organization_name,
)
from generator.site.mkdocs_config import site_title, theme_language


def _checked(convert: Callable[[str], str]) -> Callable[[click.Context, click.Parameter, str], str]:
    """A Click callback: a value `convert` refuses is a usage error (exit 2), in its words."""

    def callback(ctx: click.Context, param: click.Parameter, value: str) -> str:
        try:
            return convert(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return callback


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--name", default="Example Company", show_default=True, callback=_checked(organization_name), help="The organisation's name, for content/team.yaml and the site's title.")
@click.option("--currency", default="USD", show_default=True, metavar="CODE", callback=_checked(currency_code), help="Currency code of every amount, e.g. EUR or GBP.")
@click.option("--language", default="en", show_default=True, metavar="CODE", callback=_checked(language_code), help="Language of the team, the example customers' letters and the site, e.g. es.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="The day the project starts (its start_date; the example data is dated from it). Default: today.")
@click.pass_context
def init(ctx: click.Context, directory: Path | None, name: str, currency: str, language: str, as_of: datetime | None) -> None:
    """Make a new project in DIRECTORY (default: the -C folder, else here), which must be empty.

    It holds an example organisation with two consultants and five customers, the built-in rules
    with every setting explained, a site configuration and a .gitignore; `playbook check`,
    `plan` and `build` work in it straight away.
    """
    root = ctx.find_root().obj
    folder = directory if directory is not None else (root if isinstance(root, Path) else Path())
    new = NewProject(
        name=name,
        currency=currency,
        language=language,
        site_title=site_title(name),
        theme_language=theme_language(language),
        start=as_of.date() if as_of is not None else today(),
    )
    written = create_project(folder, new)
    shown = display_path(str(folder.resolve()))
    click.echo(f"playbook: made a new project in {shown} ({plural(len(written), 'file')}):", err=True)
    for path in written:
        click.echo(f"  {path.relative_to(folder).as_posix()}", err=True)
    if new.theme_language.split("-")[0].lower() != language.split("-")[0]:
        click.echo(f"playbook: the site's theme has no {language!r}; mkdocs.yml uses {new.theme_language!r}", err=True)
    where = "" if folder.resolve() == Path.cwd().resolve() else f" -C {_quoted(str(folder))}"
    click.echo(
        "Next: put your own people in content/team.yaml and your customers in content/customers.yaml, then run\n"
        f"  playbook{where} check\n  playbook{where} plan\n  playbook{where} build",
        err=True,
    )


def _quoted(text: str) -> str:
    """A folder name as a shell would need it typed."""
    return shlex.quote(text)
