"""Where a project's inputs live, and the one place that reads the clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator.core.errors import PlaybookError
from generator.core.files import DATA_SUFFIXES, not_regular
from generator.core.problems import Problem


@dataclass(frozen=True)
class Project:
    """A folder holding `content/` (the organisation's data) and, optionally, `playbook/` (rules, templates)."""

    root: Path

    @classmethod
    def at(cls, root: Path | str) -> Project:
        path = Path(root).resolve()
        if not path.is_dir():
            msg = f"{root}: no such folder; pass a project folder with -C DIR"
            raise PlaybookError(msg)
        if not (path / "content").is_dir():  # playbook/ is optional: built-in rules and questions
            msg = (
                f"{path} is not a playbook project: it has no content/ folder; run playbook in a "
                "project folder, pass one with -C DIR, or make one with playbook init"
            )
            raise PlaybookError(msg)
        for folder in (path / "content", path / "playbook"):
            if folder.is_symlink():  # everything below it would be read from elsewhere
                raise PlaybookError(f"{folder} is {(not_regular(folder) or '').removeprefix('this folder is ')}")
        return cls(path)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def playbook(self) -> Path:
        return self.root / "playbook"

    @property
    def team_file(self) -> Path:
        return self.content / "team.yaml"

    @property
    def rules_file(self) -> Path:
        return self.playbook / "rules.yaml"

    @property
    def templates(self) -> Path:
        return self.playbook / "templates"

    @property
    def pages_dir(self) -> Path:
        """Hand-written Markdown pages that join the site."""
        return self.content / "pages"

    @property
    def cache_dir(self) -> Path:
        """Parse cache; safe to delete at any time."""
        return self.root / ".playbook-cache"

    def customer_files(self) -> list[Path]:
        """`content/customers.yaml` and every YAML file below `content/customers/`, sorted.

        Like every list of inputs, it holds regular files only: a symbolic link is never
        followed (`irregular_inputs` reports it).
        """
        files = []
        single = self.content / "customers.yaml"
        if _regular(single):
            files.append(single)
        files.extend(sorted(p for p in regular_files(self.content / "customers") if p.suffix in DATA_SUFFIXES))
        return files

    def data_files(self, folder: str) -> list[Path]:
        """Sorted YAML files of one `content/<folder>/` (handovers, reviews, ...)."""
        return sorted(p for p in regular_files(self.content / folder) if p.suffix in DATA_SUFFIXES)

    def input_files(self) -> list[Path]:
        """Every file whose change should trigger a rebuild (for `serve`)."""
        out = [p for p in (self.team_file, self.rules_file) if _regular(p)]
        out += self.customer_files()
        for folder in (self.content, self.playbook):
            out += sorted(p for p in regular_files(folder) if p not in out)
        return out

    def irregular_inputs(self) -> list[Problem]:
        """A located error for every entry of content/ and playbook/ (and for mkdocs.yml) that is
        not a regular file or a plain folder: a symbolic link, wherever it points, would publish
        what it points to; a folder named like a data file would silently not be read."""
        config = [p for p in (self.root / "mkdocs.yml", self.root / "mkdocs.yaml") if p.is_symlink()]
        return [*irregular_entries(self.content), *irregular_entries(self.playbook), *irregular_entries(*config)]


def irregular_entries(*folders: Path) -> list[Problem]:
    """A located error for each of `folders`, or entry below them, that is not a regular file or
    a plain folder (see `not_regular`)."""
    out = []
    for folder in folders:
        for path in _entries(folder):
            reason = not_regular(path)
            if reason is not None:
                out.append(Problem(str(path), 1, 1, "error", reason))
    return out


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def regular_files(folder: Path) -> Iterator[Path]:
    """The regular files below `folder`, never through a symbolic link (to a file or a folder)."""
    if folder.is_symlink() or not folder.is_dir():
        return
    for entry in _entries(folder):
        if entry.is_file() and not entry.is_symlink():
            yield entry


def _entries(folder: Path) -> Iterator[Path]:
    """`folder` and everything below it, without descending into linked folders. An editor's
    lock (Emacs' dangling link `.#name`) is no entry. A `folder` that is a file is its only entry."""
    if folder.is_symlink() or not folder.is_dir():
        if folder.is_symlink() or folder.exists():
            yield folder  # a link, or a single file to look at
        return
    yield folder
    for parent, folders, files in os.walk(folder):  # os.walk does not follow links by default
        base = Path(parent)
        for name in sorted([*folders, *files]):
            if not name.startswith(".#"):
                yield base / name


def today() -> date:
    """Today's local date. Only the front doors (CLI, MkDocs plugin) call this."""
    return datetime.now().astimezone().date()
