"""Where a project's inputs live, and the one place that reads the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator.core.errors import PlaybookError


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
        """`content/customers.yaml` and every YAML file below `content/customers/`, sorted."""
        files = []
        single = self.content / "customers.yaml"
        if single.is_file():
            files.append(single)
        folder = self.content / "customers"
        if folder.is_dir():
            files.extend(sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        return files

    def data_files(self, folder: str) -> list[Path]:
        """Sorted YAML files of one `content/<folder>/` (handovers, reviews, ...)."""
        path = self.content / folder
        if not path.is_dir():
            return []
        return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())

    def input_files(self) -> list[Path]:
        """Every file whose change should trigger a rebuild (for `serve`)."""
        out = [p for p in (self.team_file, self.rules_file) if p.is_file()]
        out += self.customer_files()
        for folder in (self.content, self.playbook):
            out += sorted(p for p in folder.rglob("*") if p.is_file() and p not in out)
        return out


def today() -> date:
    """Today's local date. Only the front doors (CLI, MkDocs plugin) call this."""
    return datetime.now().astimezone().date()
