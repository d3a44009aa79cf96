"""The follow-up audit as a table for people, CSV for spreadsheets and JSON for programs."""

from __future__ import annotations

import json

from generator.reports.audit import AuditReport, Tally
from generator.reports.output.common import csv_text, iso, percent, text_table


def audit_table(report: AuditReport) -> str:
    head = (
        f"Follow-up audit {report.start} to {report.end} as of {report.judged_on}: the plan "
        f"replayed day by day, on time within {report.on_time_days} days of the due date\n\n"
    )

    def counts(t: Tally) -> list[str]:
        return [str(t.on_time), str(t.late), str(t.missed), str(t.open), percent(t.done, t.judged)]

    rows = [[t.key, *counts(t), str(t.contacted)] for t in report.consultants]
    rows.append(["all", *counts(report.total), str(report.total.contacted)])
    body = text_table(
        ("consultant", "on time", "late", "missed", "still open", "done", "customers contacted"),
        rows,
        right=(1, 2, 3, 4, 5, 6),
    )
    habits = [[t.key, *counts(t)] for t in report.habits]
    body += "\nPer habit\n\n" + text_table(
        ("habit", "on time", "late", "missed", "still open", "done"), habits, right=(1, 2, 3, 4, 5)
    )
    if report.total.open:
        body += (
            f"\nStill open: not done by {report.judged_on}, but still on time if done within "
            f"{report.on_time_days} days of their due date; the done share leaves them out.\n"
        )
    missed = report.missed
    if missed:
        lines = [
            [
                str(i.task.due) + (" *" if i.carried_over else ""),
                i.task.consultant,
                i.task.customer,
                i.task.habit,
                i.task.channel,
            ]
            for i in missed
        ]
        body += f"\nMissed follow-ups ({len(missed)})\n\n" + text_table(
            ("due", "consultant", "customer", "habit", "channel"), lines
        )
        if any(i.carried_over for i in missed):
            body += "* already overdue when the period began\n"
    else:
        body += "\nNo missed follow-ups.\n"
    return head + body


AUDIT_COLUMNS = (
    "due",
    "consultant",
    "customer",
    "name",
    "habit",
    "rule",
    "channel",
    "carried_over",
    "status",
    "done_on",
    "done_by",
)


def audit_csv(report: AuditReport) -> str:
    """One row per judged task."""
    rows = [
        [
            i.task.due.isoformat(), i.task.consultant, i.task.customer, i.customer_name, i.task.habit,
            i.task.rule, i.task.channel, "yes" if i.carried_over else "no", i.status,
            iso(i.done_on), i.done_by,
        ]
        for i in report.items
    ]  # fmt: skip
    return csv_text(AUDIT_COLUMNS, rows)


def audit_json(report: AuditReport) -> str:
    def tally(t: Tally, *, with_contacts: bool) -> dict[str, object]:
        out: dict[str, object] = {
            "on_time": t.on_time,
            "late": t.late,
            "missed": t.missed,
            "open": t.open,
            "done": t.done,
            "tasks": t.total,
        }
        if with_contacts:
            out["customers_contacted"] = t.contacted
        return out

    data = {
        "report": "audit",
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "as_of": report.judged_on.isoformat(),
        "audit_on_time_days": report.on_time_days,
        "total": tally(report.total, with_contacts=True),
        "consultants": [
            {"consultant": t.key, "name": t.name, **tally(t, with_contacts=True)}
            for t in report.consultants
        ],
        "habits": [{"habit": t.key, **tally(t, with_contacts=False)} for t in report.habits],
        "tasks": [
            {
                "due": i.task.due.isoformat(),
                "consultant": i.task.consultant,
                "customer": i.task.customer,
                "name": i.customer_name,
                "habit": i.task.habit,
                "rule": i.task.rule,
                "channel": i.task.channel,
                "carried_over": i.carried_over,
                "status": i.status,
                "done_on": iso(i.done_on),
                "done_by": i.done_by,
            }
            for i in report.items
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

