"""Write a handover record under `content/handovers/`, the file `playbook handover` leaves behind.

The record is the text that `handover_records` reads back, so this module checks the round trip
before writing: what loading would read is exactly what was decided. An existing record that
says something else is kept unless the caller forces it. Nothing is lost to a run or a hand
edit at the same time: a new record is created exclusively, and a forced one replaces only the
bytes the run read when it started (`records_on_disk`); otherwise the status is `changed`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.core import model
from generator.core.files import NotRegular, create_exclusively, read_regular, replace_if_unchanged
from generator.core.problems import Problems
from generator.core.project import Project
from generator.load.handover_records import FOLDER, parse_record


def record_id(day: date, departing: str) -> str:
    """A record's id and file stem: `<date>-<from>`, one record per person and day."""
    return f"{day.isoformat()}-{departing}"


def record_text(handover: model.Handover, departing_name: str) -> str:
    """The record as YAML, with a comment that tells a manager how to change it."""
    lines = [
        "# yaml-language-server: $schema=../../playbook/schema.json",
        f"# Handover of {one_line(departing_name)}'s customers, proposed by playbook for "
        f"{handover.date.isoformat()}; edit 'to' by hand if needed.",
        "handover:",
        f"  date: {handover.date.isoformat()}",
        f"  from: {handover.departing}",
    ]
    if handover.by is not None:
        lines.append(f"  by: {handover.by}")
    lines.append("  assignments:" if handover.assignments else "  assignments: []")
    for assignment in handover.assignments:
        lines.append(f"    - customer: {assignment.customer}")
        lines.append(f"      to: {assignment.to}")
        if assignment.reason:
            lines.append(f"      reason: {_yaml_text(assignment.reason)}")
    return "\n".join(lines) + "\n"


def one_line(text: str) -> str:
    """`text` on one line: each run of white space (line breaks too) becomes one space."""
    return " ".join(text.split())


_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^#:]|:(?!\s)|(?<!\s)#)*(?<![\s:])$")
_READ_AS_OTHER_TYPES = frozenset({"null", "true", "false", "yes", "no", "on", "off", "~"})


def _yaml_text(text: str) -> str:
    """A YAML scalar that reads back as exactly `text`: plain when that is safe, else quoted.

    Quoted text is a JSON string, which is also valid YAML.
    """
    line = one_line(text)
    if _PLAIN_SAFE.match(line) and line.lower() not in _READ_AS_OTHER_TYPES:
        return line
    return json.dumps(line, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What `record` did: the file, and whether it was written, already there, or in conflict."""

    path: Path
    status: str
    """written, unchanged, conflict, or changed (on disk since the run read it: nothing written)."""


def records_on_disk(project: Project) -> dict[Path, bytes]:
    """The bytes of every handover record now: read before the data, they are what the run saw."""
    out = {}
    for path in project.data_files(FOLDER):
        try:
            out[path] = read_regular(path)
        except (OSError, NotRegular):
            continue  # loading reports it
    return out


def record(
    project: Project,
    dataset: model.Dataset,
    handover: model.Handover,
    *,
    seen: Mapping[Path, bytes],
    force: bool = False,
) -> Recorded:
    """Write the handover as `content/handovers/<id>.yaml` unless the same record is already there.

    An existing record that differs (edited by hand, or the data changed) is kept unless `force`.
    `seen` is `records_on_disk` from before the data was loaded: a record is created only where
    none was (and none has appeared since), and replaced only if it still holds what was seen.
    Either way the file is written aside and moved into place, so it is never half written.
    """
    existing = next((h for h in dataset.handovers if h.id == handover.id), None)
    folder = project.content / FOLDER
    path = (
        Path(existing.source.file)
        if existing is not None and existing.source
        else folder / f"{handover.id}.yaml"
    )
    if existing is not None and _same(existing, handover, dataset.organization.signatory):
        return Recorded(path, "unchanged")
    if existing is not None and not force:
        return Recorded(path, "conflict")
    departing = dataset.people.get(handover.departing)
    text = record_text(handover, departing.name if departing else handover.departing)
    if _read_back(path, text) != [
        (a.customer, a.to, one_line(a.reason)) for a in handover.assignments
    ]:
        msg = (
            f"the record written for {handover.id} does not read back as written; please report it"
        )
        raise AssertionError(msg)  # pragma: no cover - a bug in record_text if reached
    data = text.encode("utf-8")
    before = seen.get(path)
    if existing is None and before is None:
        written = create_exclusively(path, data)
    else:
        written = before is not None and replace_if_unchanged(path, data, before)
    return Recorded(path, "written" if written else "changed")


def _read_back(path: Path, text: str) -> list[tuple[str, str, str]] | None:
    """The assignments as loading would read them from `text`."""
    parsed = parse_record(path, Problems(), text.encode("utf-8"))
    if parsed is None:  # pragma: no cover - a bug in record_text if reached
        return None
    return [
        (i.values["customer"], i.values["to"], i.values.get("reason") or "")
        for i in parsed.values["assignments"]
    ]


def _same(existing: model.Handover, handover: model.Handover, signatory: str) -> bool:
    """The same decision: date, person, decider and assignments (the order of the file aside)."""
    return (
        existing.date == handover.date
        and existing.departing == handover.departing
        and (existing.by or signatory) == (handover.by or signatory)
        and sorted(existing.assignments, key=lambda a: a.customer)
        == sorted(handover.assignments, key=lambda a: a.customer)
    )
