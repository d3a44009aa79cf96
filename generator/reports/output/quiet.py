"""The quiet-customers report as a table for people, CSV for spreadsheets and JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from generator.core import model
from generator.reports.output.common import (
    csv_text,
    iso,
    json_number,
    money_text,
    text_table,
)
from generator.reports.quiet import QuietReport, QuietRow


def quiet_table(report: QuietReport, money: Callable[[Decimal], str]) -> str:
    head = (
        f"Quiet customers as of {report.as_of}: no contact and no purchase for more than "
        f"{report.threshold_days} days, ranked by value at risk\n\n"
    )
    if not report.rows:
        body = "None: everyone has heard from us recently.\n"
    else:
        rows = [
            [
                r.customer.id,
                r.consultant,
                r.customer.stage,
                _ago(r.last_contact, report.as_of),
                _ago(r.last_purchase, report.as_of),
                money(r.value_at_risk),
                str(len(r.referrals)),
                (
                    f"{r.next_task.due} {r.next_task.habit}"
                    + (" (overdue)" if r.next_task.overdue else "")
                    if r.next_task
                    else "none planned"
                ),
            ]
            for r in report.rows
        ]
        body = text_table(
            (
                "customer",
                "consultant",
                "stage",
                "last contact",
                "last purchase",
                "value at risk",
                "referrals",
                "next task",
            ),
            rows,
            right=(5, 6),
        )
        totals = [
            [t.consultant, str(t.customers), money(t.value_at_risk)] for t in report.consultants
        ]
        totals.append(["all", str(len(report.rows)), money(report.total_value)])
        body += "\nValue at risk per consultant\n\n" + text_table(
            ("consultant", "quiet", "value at risk"), totals, right=(1, 2)
        )
    if report.do_not_contact:
        ids = ", ".join(r.customer.id for r in report.do_not_contact)
        body += f"\nAlso quiet but not to be contacted (not in the totals): {ids}\n"
    return head + body


def _ago(day: date | None, as_of: date) -> str:
    if day is None:
        return "never"
    return f"{day} ({(as_of - day).days} d)"


def quiet_json(report: QuietReport) -> str:
    def row(r: QuietRow) -> dict[str, object]:
        return {
            "customer": r.customer.id,
            "name": r.customer.name,
            "stage": r.customer.stage,
            "consultant": r.consultant,
            "consultant_name": r.consultant_name,
            "last_contact": iso(r.last_contact),
            "last_purchase": iso(r.last_purchase),
            "last_attempt": iso(r.last_attempt),
            "quiet_since": iso(r.quiet_since),
            "days_quiet": r.days_quiet,
            "value_at_risk": json_number(r.value_at_risk),
            "value_basis": r.value_basis,
            "next_task": _task_json(r.next_task),
            "referrals": len(r.referrals),
            "referred_customers": list(r.referrals),
        }

    data = {
        "report": "quiet",
        "as_of": report.as_of.isoformat(),
        "quiet_after_days": report.threshold_days,
        "currency": report.currency,
        "customers": [row(r) for r in report.rows],
        "consultants": [
            {
                "consultant": t.consultant,
                "name": t.name,
                "customers": t.customers,
                "value_at_risk": json_number(t.value_at_risk),
            }
            for t in report.consultants
        ],
        "total": {"customers": len(report.rows), "value_at_risk": json_number(report.total_value)},
        "do_not_contact": [row(r) for r in report.do_not_contact],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


QUIET_COLUMNS = (
    "customer", "name", "stage", "consultant", "last_contact", "last_purchase", "quiet_since",
    "days_quiet", "value_at_risk", "value_basis", "next_task_due", "next_task_habit", "next_task_channel",
    "last_attempt", "referrals",
)  # fmt: skip


def quiet_csv(report: QuietReport) -> str:
    """One row per quiet customer (the do-not-contact ones are not in it), ranked as in the report."""
    rows = []
    for r in report.rows:
        task = r.next_task
        rows.append(
            [
                r.customer.id, r.customer.name, r.customer.stage, r.consultant, iso(r.last_contact),
                iso(r.last_purchase), iso(r.quiet_since), r.days_quiet, money_text(r.value_at_risk),
                r.value_basis, iso(task.due) if task else None, task.habit if task else None,
                task.channel if task else None, iso(r.last_attempt), len(r.referrals),
            ]
        )  # fmt: skip
    return csv_text(QUIET_COLUMNS, rows)


def _task_json(task: model.Task | None) -> dict[str, object] | None:
    if task is None:
        return None
    return {
        "due": task.due.isoformat(),
        "habit": task.habit,
        "rule": task.rule,
        "channel": task.channel,
        "consultant": task.consultant,
    }
