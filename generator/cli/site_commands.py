"""The commands that make the site: build it once, or serve it while the data is edited."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from generator.cli.common import AS_OF, get_project, report_problems
from generator.core.problems import display_path


@click.command()
@AS_OF
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build into this folder. Default: site_dir of mkdocs.yml (site/).",
)
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning, such as a broken link in a hand-written page.")
@click.pass_context
def build(ctx: click.Context, as_of: datetime | None, site_dir: Path | None, strict: bool) -> None:
    """Generate the pages and build the site with MkDocs; the old site stays until this succeeds."""
    from generator.build import build_site

    result = build_site(get_project(ctx), as_of=as_of.date() if as_of else None, site_dir=site_dir, strict=strict)
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


@click.command()
@AS_OF
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on. Default: dev_addr of mkdocs.yml (127.0.0.1:8000).")
@click.pass_context
def serve(ctx: click.Context, as_of: datetime | None, dev_addr: str | None) -> None:
    """Preview the site, rebuilding it when any YAML file, rule, template or page changes."""
    from generator.build import serve_site

    serve_site(get_project(ctx), as_of=as_of.date() if as_of else None, dev_addr=dev_addr)
