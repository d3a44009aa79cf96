"""`playbook plan` output: a table for people, CSV for spreadsheets, JSON for programs.

All three are plain functions of the plan, so the same input prints the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.core import model
from generator.reports.output.common import csv_text

#: the JSON keys, in the order they are written
JSON_KEYS = (
    "id",
    "due",
    "overdue",
    "consultant",
    "customer",
    "customer_name",
    "phone",
    "email",
    "habit",
    "rule",
    "title",
    "channel",
    "channel_source",
    "orphan",
    "reason",
    "folded",
    "why",
    "talking_points",
)
CSV_KEYS = tuple(key for key in JSON_KEYS if key not in ("why", "talking_points"))


_ENCODER = json.JSONEncoder(ensure_ascii=False)
"""`json.dumps(..., ensure_ascii=False)` without building an encoder for every task."""


def task_record(task: model.Task, dataset: model.Dataset) -> dict[str, object]:
    """One task as plain values (dates as YYYY-MM-DD), keyed in the order of JSON_KEYS."""
    customer = dataset.customer(task.customer)
    return {
        "id": task.id,
        "due": task.due.isoformat(),
        "overdue": task.overdue,
        "consultant": task.consultant,
        "customer": task.customer,
        "customer_name": customer.name,
        "phone": customer.phone,
        "email": customer.email,
        "habit": task.habit,
        "rule": task.rule,
        "title": task.title,
        "channel": task.channel,
        "channel_source": task.channel_source,
        "orphan": task.orphan,
        "reason": task.reason,
        "folded": list(task.folded),
        "why": task.why,
        "talking_points": list(task.talking_points),
    }


def plan_json(tasks: Sequence[model.Task], dataset: model.Dataset) -> str:
    """A JSON list with one task per line: easy to diff and grep, and fast to write."""
    if not tasks:
        return "[]\n"
    lines = (_ENCODER.encode(task_record(task, dataset)) for task in tasks)
    return "[\n" + ",\n".join(lines) + "\n]\n"


def plan_csv(tasks: Sequence[model.Task], dataset: model.Dataset) -> str:
    """One row per task; text a spreadsheet would run as a formula is guarded, as in every CSV."""
    rows = []
    for task in tasks:
        record = task_record(task, dataset)
        record["overdue"] = "yes" if task.overdue else "no"
        record["orphan"] = "yes" if task.orphan else "no"
        record["folded"] = " | ".join(task.folded)
        rows.append([record[key] for key in CSV_KEYS])
    return csv_text(CSV_KEYS, rows)


def plan_table(tasks: Sequence[model.Task], dataset: model.Dataset) -> str:
    """Aligned columns; the reason comes last so long reasons do not push the rest apart."""
    header = ("DUE", "", "CONSULTANT", "CUSTOMER", "HABIT", "CHANNEL", "REASON")
    rows = [header]
    for task in tasks:
        channel = task.channel.replace("_", " ")
        if task.channel_source in ("inferred", "rotation"):
            channel += f" ({task.channel_source})"
        who = task.consultant + (" (orphan)" if task.orphan else "")
        reason = task.reason
        if task.folded:
            reason += f" [+{len(task.folded)} folded in]"
        rows.append(
            (
                task.due.isoformat(),
                "overdue" if task.overdue else "",
                who,
                dataset.customer(task.customer).name,
                task.habit,
                channel,
                reason,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


FORMATS = {"table": plan_table, "csv": plan_csv, "json": plan_json}
