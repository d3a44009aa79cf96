"""Running MkDocs for playbook: its configuration (mkdocs.yml or playbook's default) and its warnings.

`build.py` builds and serves with these: the configuration is loaded afresh for each MkDocs run
(MkDocs changes the one it builds with), and MkDocs' warnings are collected so the command line
can print them with its own prefix. The many sites of one `--split` build list the theme's
files once (`shared_theme_listing`): Material's folder holds some 14,500 files, mostly icons,
and MkDocs walks and filters all of them at every run to find the 160 it copies.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2

from generator.core.errors import PlaybookError
from generator.core.project import Project
from generator.site.mkdocs_config import default_config, missing_docs_dir


@contextmanager
def mkdocs_config(project: Project, config_file: Path | None, strict: bool) -> Iterator[Any]:
    """Load mkdocs.yml (or playbook's default, with content/pages as the docs folder)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with config_file_of(project, config_file) as (path, overrides):
        if strict:
            overrides["strict"] = True
        with collect_warnings() as messages:
            try:
                config = load_config(config_file=str(path), **overrides)
            except MkDocsException as exc:
                details = "".join(f"\n  {m}" for m in messages)
                msg = f"{path}: {exc.format_message()}{details}"
                raise PlaybookError(msg) from exc
        if _SHARED is not None:
            _share_theme(config, _SHARED)
        yield config


class _Shared:
    """What the MkDocs runs of one build share: theme file lists, by what decides them, and
    the compiled templates."""

    def __init__(self, bytecode: jinja2.BytecodeCache | None) -> None:
        self.listings: dict[tuple[Any, ...], list[str]] = {}
        self.bytecode = bytecode


_SHARED: _Shared | None = None
"""While `shared_theme_listing` runs: what its MkDocs runs share."""


@contextmanager
def shared_theme_listing(bytecode: jinja2.BytecodeCache | None = None) -> Iterator[None]:
    """For the MkDocs runs of one build, list each theme's files once (the files do not change
    while one build runs; `serve` and the next build list them again), and give every theme
    environment the `bytecode` cache from the start: the search plugin compiles the theme's
    language templates at each run's configuration, before the playbook plugin's `on_env`."""
    global _SHARED  # one build's cache, dropped when it ends
    outer, _SHARED = _SHARED, _Shared(bytecode)
    try:
        yield
    finally:
        _SHARED = outer


def _share_theme(config: Any, shared: _Shared) -> None:
    """Make the theme's Jinja environments answer `list_templates` from the lists made before.

    MkDocs (`Files.add_files_from_theme`) lists the theme folders through the environment with
    a filter that reads only the theme's folders and static templates and MkDocs' Markdown
    suffixes, so a list is the same for the same filter code, folders and templates.
    """
    from mkdocs import utils

    theme, make_env = config.theme, config.theme.get_env

    def get_env() -> Any:
        env = make_env()
        if shared.bytecode is not None:
            env.bytecode_cache = shared.bytecode
        listing = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            code = getattr(filter_func, "__code__", filter_func)
            key = (tuple(theme.dirs), tuple(sorted(theme.static_templates)), tuple(utils.markdown_extensions), extensions and tuple(extensions), code)
            if key not in shared.listings:
                shared.listings[key] = listing(extensions, filter_func)
            return list(shared.listings[key])

        env.list_templates = list_templates
        return env

    theme.get_env = get_env


@contextmanager
def config_file_of(project: Project, config_file: Path | None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The project's mkdocs.yml, or a temporary default one when the project has none, and the
    values that replace its own: an empty docs folder when the one it names does not exist."""
    if config_file is None and (project.root / "mkdocs.yml").is_file():
        config_file = project.root / "mkdocs.yml"
    with tempfile.TemporaryDirectory(prefix="playbook-") as scratch:
        empty = Path(scratch) / "pages"  # MkDocs needs a docs folder; content/ stays untouched
        if config_file is not None:
            if missing_docs_dir(config_file):
                empty.mkdir()
                yield config_file, {"docs_dir": str(empty)}
            else:
                yield config_file, {}
            return
        docs = project.pages_dir
        if not docs.is_dir():
            docs = empty
            docs.mkdir()
        path = Path(scratch) / "mkdocs.yml"
        path.write_text(default_config(project, docs), encoding="utf-8")
        yield path, {}


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """Collect MkDocs' warnings so the CLI can print them with its own prefix."""
    logger = logging.getLogger("mkdocs")
    handler = _ListHandler()
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
