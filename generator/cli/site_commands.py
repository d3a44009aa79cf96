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
@click.option("--consultant", metavar="ID", help="Build a private site holding only this consultant's customers and tasks.")
@click.option("--split", is_flag=True, help="Build the full site into manager/ and each consultant's private site into a folder named by their id.")
@click.option(
    "--docs-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Instead of building, write the site as a MkDocs project that needs no playbook plugin (DIR/mkdocs.yml, DIR/docs/) for MkDocs or Zensical.",
)
@click.pass_context
def build(ctx: click.Context, as_of: datetime | None, site_dir: Path | None, strict: bool, consultant: str | None, split: bool, docs_dir: Path | None) -> None:
    """Generate the pages and build the site with MkDocs; the old site stays until this succeeds."""
    from generator.build import build_site
    from generator.site.private import NotAConsultant

    if consultant is not None and split:
        raise click.UsageError("--consultant and --split do not go together: --split already builds every consultant's site")
    if docs_dir is not None:
        export(ctx, as_of, docs_dir, {"--site-dir": site_dir is not None, "--strict": strict, "--consultant": consultant is not None, "--split": split})
        return
    try:
        result = build_site(
            get_project(ctx), as_of=as_of.date() if as_of else None, site_dir=site_dir, strict=strict, consultant=consultant, split=split
        )
    except NotAConsultant as exc:
        raise click.BadParameter(str(exc), param_hint="'--consultant'" if consultant else "'--split'") from exc
    if result.site_dir is None:
        report_problems(result.problems)
        ctx.exit(1)
    report_problems(result.problems, summary=False)
    for warning in result.warnings:
        click.echo(f"mkdocs: warning: {warning}", err=True)
    whose = f" for {consultant}" if consultant else ""
    click.echo(
        f"playbook: built {result.pages} generated pages{whose} as of {result.as_of} into {display_path(str(result.site_dir))}",
        err=True,
    )
    if result.folders:
        folders = ", ".join(f"{name}/" for name in result.folders[1:])
        click.echo(f"playbook: the full site is in {result.folders[0]}/; private sites in {folders}", err=True)


def export(ctx: click.Context, as_of: datetime | None, docs_dir: Path, others: dict[str, bool]) -> None:
    """`build --docs-dir`: write the MkDocs project and say how to build it."""
    from generator.build import export_docs

    given = [name for name, used in others.items() if used]
    if given:
        raise click.UsageError(f"--docs-dir writes the pages for another build and builds no site, so it takes no {given[0]}")
    result, files = export_docs(get_project(ctx), as_of=as_of.date() if as_of else None, docs_dir=docs_dir)
    if not result.ok:
        report_problems(result.problems)
        ctx.exit(1)
    report_problems(result.problems, summary=False)
    config = display_path(str((docs_dir / "mkdocs.yml").resolve()))
    click.echo(f"playbook: wrote {len(result.pages)} generated pages as of {result.as_of} ({files} files in docs/) and {config}", err=True)
    click.echo(f"playbook: build it with `mkdocs build -f {config}` or `zensical build -f {config}`", err=True)


@click.command()
@AS_OF
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on. Default: dev_addr of mkdocs.yml (127.0.0.1:8000).")
@click.pass_context
def serve(ctx: click.Context, as_of: datetime | None, dev_addr: str | None) -> None:
    """Preview the site, rebuilding it when any YAML file, rule, template or page changes.

    While the data has errors, every address shows them instead, and reloads once they are fixed.
    """
    from generator.build import serve_site

    serve_site(get_project(ctx), as_of=as_of.date() if as_of else None, dev_addr=dev_addr)
