"""Located problems (`path:line:column: severity: message`), collected rather than raised."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value was written: 1-based line and column, as editors count."""

    file: str
    line: int
    column: int


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the inputs, with the place to fix it."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.column}: {self.severity}: {self.message}"


def display_path(file: str) -> str:
    """Show a path relative to the working directory when it lies below it, so editors open it."""
    try:
        relative = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return file
    return file if relative.startswith("..") else relative


class Problems:
    """An append-only collection of problems, with helpers that take a location."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, where: Location, message: str) -> None:
        self.items.append(Problem(where.file, where.line, where.column, "error", message))

    def warning(self, where: Location, message: str) -> None:
        self.items.append(Problem(where.file, where.line, where.column, "warning", message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)

    def sorted(self) -> list[Problem]:
        """Deduplicated and in file order, so output is stable across runs."""
        return sorted(set(self.items))


def file_location(path: Path | str, line: int = 1, column: int = 1) -> Location:
    return Location(str(path), line, column)
