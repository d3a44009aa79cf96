"""The pipeline in order: load, plan, choose pages, render, then MkDocs and the swap.

This is the one module that knows the stage order (see ARCHITECTURE.md). `render_site` does
everything up to the rendered Markdown and writes nothing; the MkDocs plugin and `build_site`
are both front doors over it, so `playbook build` and `mkdocs build` give the same site.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from generator.core import model
from generator.core.cache import TemplateCache
from generator.core.errors import PlaybookError
from generator.core.files import freeze_more, gc_paused, heap_frozen
from generator.core.forked import both_ends_map
from generator.core.problems import Problem, Problems
from generator.core.progress import progress
from generator.core.project import Project
from generator.core.templating import TemplateProblem
from generator.load.dataset import load_dataset
from generator.plan_date import plan_date
from generator.site import docs_export
from generator.site.edit_links import EditSource
from generator.site.mkdocs_config import offline
from generator.site.mkdocs_run import collect_warnings as _collect_warnings
from generator.site.mkdocs_run import config_file_of as _config_file
from generator.site.mkdocs_run import mkdocs_config as _mkdocs_config
from generator.site.mkdocs_run import shared_theme_listing
from generator.site.navigation import collisions, hand_written_pages, irregular_pages, site_nav
from generator.site.page_maker import PageMaker
from generator.site.private import (
    Shares,
    SiteErrors,
    View,
    build_views,
    check_consultant,
    merged_problems,
    restrict,
    site_name,
    site_url,
    views,
    write_split_root,
)
from generator.site.publish import check_target, page_spool, staged
from generator.site.registry import page_specs
from generator.site.render import Heading, RenderedPage, make_environment
from generator.site.spec import HandWritten, PageSpec, Site
from generator.site.template_helpers import TEMPLATE_FILTERS, TEMPLATE_GLOBALS

AS_OF_VARIABLE = "PLAYBOOK_AS_OF"
"""Environment variable that sets the plan date for `mkdocs build` / `mkdocs serve`."""

SitePlanner = Callable[[model.Dataset, date], model.Plan]
"""Makes the plan the site shows, from the data and the plan date."""


def default_planner(dataset: model.Dataset, as_of: date) -> model.Plan:
    """The follow-up engine's plan (generator/plan/schedule.py), up to settings.horizon_days."""
    from generator.plan.schedule import schedule

    return schedule(dataset, as_of=as_of)


@dataclass
class RenderResult:
    """Everything before MkDocs, done in memory: the Markdown of every generated page and the navigation."""

    problems: Problems
    as_of: date | None = None
    pages: list[RenderedPage] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)
    dataset: model.Dataset | None = None
    plan: model.Plan | None = None

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors()


@dataclass
class Planned:
    """The data loaded and planned once, for every site a build makes from it."""

    problems: Problems
    dataset: model.Dataset | None = None
    as_of: date | None = None
    plan: model.Plan | None = None

    @functools.cached_property
    def shares(self) -> Shares | None:
        """Each consultant's share of the data, grouped once for every private site of the build."""
        return None if self.dataset is None or self.plan is None else Shares.of(self.dataset, self.plan)


def plan_site(project: Project, *, as_of: date | None, planner: SitePlanner = default_planner) -> Planned:
    """Load the data and plan it for the plan date (`plan_date` decides it); nothing is written."""
    loaded = load_dataset(project)
    if loaded.dataset is None:
        return Planned(loaded.problems)
    when = plan_date(as_of, loaded.dataset)
    return Planned(loaded.problems, loaded.dataset, when, planner(loaded.dataset, when))


def render_site(
    project: Project,
    *,
    as_of: date | None,
    hand_written: Sequence[HandWritten] | None = None,
    planner: SitePlanner = default_planner,
    directory_urls: bool = True,
    edit: EditSource | None = None,
    consultant: str | None = None,
) -> RenderResult:
    """Load, schedule and render every generated page; nothing is written.

    `as_of` is the plan date asked for, if any (`plan_date` decides the rest). `hand_written`
    lists the pages of the docs folder (default: content/pages/), which join the navigation
    and must not share a path with a generated page. `directory_urls` is MkDocs'
    `use_directory_urls`: links inside HTML blocks are written as final URLs; `edit`, its
    `repo_url` and `edit_uri` (the customer cards link to their source file). `consultant`
    makes that person's private site (site/private.py); an id without one raises NotAConsultant.
    """
    planned = plan_site(project, as_of=as_of, planner=planner)
    if planned.dataset is not None and planned.plan is not None and consultant is not None:
        check_consultant(planned.dataset, planned.plan, consultant)
    return render_planned(project, planned, hand_written=hand_written, directory_urls=directory_urls, edit=edit, consultant=consultant)


def render_planned(
    project: Project,
    planned: Planned,
    *,
    hand_written: Sequence[HandWritten] | None = None,
    directory_urls: bool = True,
    edit: EditSource | None = None,
    consultant: str | None = None,
    spool: Path | None = None,
) -> RenderResult:
    """Render the pages of one site from data loaded and planned once (see `render_site`);
    with `spool`, each page's Markdown is written into that folder instead of kept in memory."""
    problems = Problems()
    problems.extend(planned.problems.items)
    dataset, plan, when = planned.dataset, planned.plan, planned.as_of
    if dataset is None or plan is None or when is None:
        return RenderResult(problems)
    if consultant is not None:  # cut before any page is made: no page ever meets other customers
        dataset, plan = restrict(dataset, plan, consultant, planned.shares)
    if hand_written is None:
        hand_written = hand_written_pages(project.pages_dir)
    site = Site.of(dataset, plan, as_of=when, hand_written=hand_written, directory_urls=directory_urls, edit=edit)
    with gc_paused():  # the page list builds long-lived reports and replays, no cycles worth a collection
        specs, more = page_specs(site)
    freeze_more()
    problems.extend(more)
    problems.extend(collisions(specs, hand_written, project.pages_dir))
    pages = render_pages(site, specs, environment(project), problems, spool=spool)
    nav = site_nav(specs, hand_written)
    return RenderResult(problems, when, pages, nav, dataset, plan)


def render_pages(site: Site, specs: Sequence[PageSpec], env: jinja2.Environment, problems: Problems, *, spool: Path | None = None) -> list[RenderedPage]:
    """Render each spec, in the specs' order, on two cores: this process from the first page,
    a forked one from the last (`both_ends_map`: a consultant's plan and card pages are much
    larger than their other pages, so every other page would not be half the work).

    A template error is reported once per template, not once per page. With `spool`, each
    page's Markdown goes into a file there (`RenderedPage.source`), so no process holds every
    page's text and only the headings travel back from the fork. One page alone, on demand:
    `PageMaker(site, env).page(spec)` (site/page_maker.py), which this repeats.
    """
    maker = PageMaker(site, env)
    numbered = list(enumerate(specs))

    def spooled(number: int) -> Path | None:
        return None if spool is None else spool / f"{number}.md"

    def render(item: tuple[int, PageSpec]) -> tuple[str, tuple[Heading, ...]] | Problem:
        number, spec = item
        try:
            text, headings = maker.markdown(spec)
        except TemplateProblem as exc:
            return exc.problem
        path = spooled(number)
        if path is None:
            return text, headings
        path.write_text(text, encoding="utf-8", newline="")
        return "", headings

    pages = []
    failed: set[str] = set()
    rendered = both_ends_map(render, numbered, mine=lambda share: progress(share, "rendering pages"))
    for (number, spec), result in zip(numbered, rendered, strict=True):
        if isinstance(result, Problem):
            if spec.template not in failed:
                failed.add(spec.template)
                problems.extend([result])
            continue
        text, headings = result
        path = spooled(number)
        pages.append(RenderedPage(spec.path, text, spec.in_nav, spec.assets, spec.search, headings, None if path is None else str(path)))
    return pages


_ENVIRONMENTS: dict[Path, jinja2.Environment] = {}


def environment(project: Project) -> jinja2.Environment:
    """The Jinja environment for a project, built once per process (templates stay compiled)."""
    key = project.templates / "site"
    if key not in _ENVIRONMENTS:
        env = make_environment(key)
        env.bytecode_cache = template_cache(project)
        env.auto_reload = True  # `serve` must see edited templates; one stat per template use
        env.globals.update(TEMPLATE_GLOBALS)
        env.filters.update(TEMPLATE_FILTERS)
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def template_cache(project: Project) -> TemplateCache:
    """One compiled-template cache per project and process, shared by our pages and the theme."""
    return TemplateCache.of(project.cache_dir)


# ---------------------------------------------------------------- building with MkDocs


@dataclass
class BuildResult:
    problems: Problems
    site_dir: Path | None = None
    pages: int = 0
    as_of: date | None = None
    warnings: list[str] = field(default_factory=list)
    """MkDocs' own warnings (broken links in hand-written pages and the like)."""
    folders: list[str] = field(default_factory=list)
    """With `split`, the folders built below `site_dir`, the manager's first."""


class PreRendered:
    """Pages `build_site` rendered already, waiting for the MkDocs build it runs next.

    MkDocs makes the playbook plugin itself, from mkdocs.yml, so the pages cannot be handed
    to it in a call: `build_site` offers them here for the length of that build, and the
    plugin takes them instead of loading and rendering the project a second time.
    """

    def __init__(self) -> None:
        self._waiting: tuple[RenderResult, Project] | None = None

    @contextmanager
    def offered(self, result: RenderResult, project: Project) -> Iterator[None]:
        """Offer `result` while the block runs; pages not taken by then are dropped."""
        self._waiting = (result, project)
        try:
            yield
        finally:
            self._waiting = None

    def take(self) -> tuple[RenderResult, Project] | None:
        """The offered pages and their project, once; None when no build offered any."""
        waiting, self._waiting = self._waiting, None
        return waiting


PRE_RENDERED = PreRendered()
"""The one offer of a process: `build_site` fills it and the plugin takes from it."""


def build_site(
    project: Project,
    *,
    as_of: date | None,
    site_dir: Path | None = None,
    config_file: Path | None = None,
    strict: bool = False,
    planner: SitePlanner = default_planner,
    consultant: str | None = None,
    split: bool = False,
) -> BuildResult:
    """Render the pages, run MkDocs into a staging folder, and swap it in only on success.

    Uses the project's mkdocs.yml when there is one, else playbook's default configuration.
    `consultant` builds that person's private site; `split` builds the full site into
    `manager/` and each consultant's private site into a folder named by their id, from one
    load and plan, and swaps the whole output folder in at once (site/private.py). Bad data
    returns problems; a failing MkDocs raises PlaybookError, an id without a private site
    NotAConsultant. Either way the previous site is left untouched.
    """
    with _mkdocs_config(project, config_file, strict) as config:
        target = Path(site_dir) if site_dir is not None else Path(config.site_dir)
        docs_dir = Path(config.docs_dir)
        check_target(target, [project.content, project.playbook, project.root, docs_dir])
        if config.plugins.get("playbook") is None:
            msg = f"{config.config_file_path}: the 'playbook' plugin is not listed under plugins:; add it"
            raise PlaybookError(msg)
        planned = plan_site(project, as_of=as_of, planner=planner)
        if planned.dataset is None or planned.plan is None or planned.problems.has_errors():
            return BuildResult(planned.problems)
        hand_written = hand_written_pages(docs_dir)
        edit = EditSource.of_config(config)
        sites = views(planned.dataset, planned.plan, consultant=consultant, split=split)
        urls = config.use_directory_urls and not offline(config)
    try:  # each site rendered when it is built, and dropped after (site/private.build_views)
        with heap_frozen(), _collect_warnings() as warnings, shared_theme_listing(template_cache(project)), staged(target) as staging, page_spool() as spool:
            each, pages = build_views(
                sites,
                lambda view: render_planned(
                    project, planned, hand_written=hand_written, directory_urls=urls, edit=edit, consultant=view.consultant, spool=spool()
                ),
                lambda view, result: _run_mkdocs(project, result, view, staging / view.folder, config_file, strict, warnings),
                warnings.extend,
            )
            if split:
                write_split_root(staging)
    except SiteErrors as failed:
        return BuildResult(merged_problems(failed.each))
    folders = [view.folder for view in sites] if split else []
    return BuildResult(merged_problems(each), target.resolve(), pages, planned.as_of, warnings, folders)


def export_docs(project: Project, *, as_of: date | None, docs_dir: Path) -> tuple[RenderResult, int]:
    """Write the site into `docs_dir` as a MkDocs project without our plugin (site/docs_export.py)."""
    with _mkdocs_config(project, None, False) as config:
        source = docs_export.prepare(config, docs_dir, project)
        urls = config.use_directory_urls and not offline(config)
        result = render_planned(project, plan_site(project, as_of=as_of), hand_written=hand_written_pages(source), directory_urls=urls, edit=EditSource.of_config(config))
        result.problems.extend(irregular_pages(source))
        return result, docs_export.write_export(config, result.pages, result.nav, docs_dir) if result.ok else 0


def _run_mkdocs(project: Project, result: RenderResult, view: View, into: Path, config_file: Path | None, strict: bool, warnings: list[str]) -> list[str]:
    """One MkDocs build of already rendered pages into `into`, with a configuration of its own
    (MkDocs changes the one it builds with); a failure raises PlaybookError. MkDocs' warnings
    are collected in `warnings` while it runs, and then taken out and returned (`build_views`
    puts them back in the order of the sites)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_config(project, config_file, strict) as config, PRE_RENDERED.offered(result, project):
        config.site_dir = str(into)
        if view.consultant is not None and result.dataset is not None:
            config.site_name = site_name(str(config.site_name or ""), result.dataset.people[view.consultant])
        config.site_url = site_url(config.site_url, view.folder)
        start = len(warnings)
        try:
            build(config)
        except MkDocsException as exc:
            details = "".join(f"\n  {w}" for w in warnings)
            msg = f"mkdocs: {exc.format_message()}{details}"
            raise PlaybookError(msg) from exc
        told = warnings[start:]
        del warnings[start:]
        return told


def serve_site(project: Project, *, as_of: date | None, dev_addr: str | None = None, config_file: Path | None = None) -> None:
    """Run `mkdocs serve`, rebuilding on any change to the data, rules, templates or pages.

    `as_of` reaches the plugin through `PLAYBOOK_AS_OF`, the variable `mkdocs serve` users set
    by hand: `serve` loads mkdocs.yml itself, again on every rebuild, and takes no value for
    a plugin, so the environment is the one way in. The plugin passes it to `render_site`.
    """
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    if as_of is not None:
        os.environ[AS_OF_VARIABLE] = as_of.isoformat()
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    overrides: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
    try:
        with _config_file(project, config_file) as (path, replaced):
            serve(config_file=str(path), livereload=True, **overrides, **replaced)
    except MkDocsException as exc:
        msg = f"mkdocs: {exc.format_message()}"
        raise PlaybookError(msg) from exc
    except OSError as exc:  # most often: the port is taken
        msg = f"cannot serve on {dev_addr or 'the dev_addr of mkdocs.yml'}: {exc.strerror or exc}; pass another --dev-addr"
        raise PlaybookError(msg) from exc
    finally:
        logger.removeHandler(handler)
