"""The command line: parse options, call the library, report. No business logic here.

Exit codes: 0 ok, 1 invalid input or a failed build, 2 usage error, 3 a bug in playbook.
The commands live in modules by what they work on; this module gathers them under `playbook`.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.cli.data_commands import check, handover, plan, review, schema
from generator.cli.export_commands import export
from generator.cli.import_commands import import_group
from generator.cli.init_commands import init
from generator.cli.log_commands import log
from generator.cli.report_commands import report
from generator.cli.site_commands import build, serve
from generator.core.errors import PlaybookError


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


for command in (init, check, schema, plan, handover, log, build, serve, review, report, export, import_group):
    cli.add_command(command)


def _full_short_help(group: click.Group) -> None:
    """List each command with the whole first paragraph of its help: Click would cut it at
    the first full stop or the terminal's width, and leave "..." where the meaning was."""
    for command in group.commands.values():
        if not command.short_help and command.help:
            command.short_help = " ".join(command.help.split("\n\n")[0].split())
        if isinstance(command, click.Group):
            _full_short_help(command)


_full_short_help(cli)


def main() -> None:
    """Console entry point."""
    sys.exit(cli.main(prog_name="playbook", standalone_mode=True))
