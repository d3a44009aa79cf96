"""The site's Reviews and Reports sections: review checklists, quiet customers and the audit.

Page sources only: the numbers come from `reviews`, `reports` and `charts`, the words from the
templates under `templates/site/reviews/` and `templates/site/reports/`. Pages grow with
consultants, not with customers: one checklist page per consultant, and the report pages list at
most `PAGE_ROWS` customers (the command line gives the full lists).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from generator.core.money import format_money
from generator.documents.checklists import checklists_by_consultant
from generator.load.review_questions import questions_of
from generator.reports.audit import AuditReport, audit_report
from generator.reports.quiet import QuietReport
from generator.site.charts import Series, bar_chart, stacked_bar_chart
from generator.site.search import SearchEntry
from generator.site.spec import PageSpec, Site

PAGE_ROWS = 100
"""Most customers a report page lists; totals and charts always cover everyone."""

DONE = "#0f766e"
LATE = "#d97706"
MISSED = "#b91c1c"
OPEN = "#64748b"


def checklist_page(person_id: str) -> str:
    return f"reviews/{person_id}.md"


def review_pages(site: Site) -> Iterator[PageSpec]:
    by_person = checklists_by_consultant(site.dataset, site.plan, site.as_of)
    people = sorted(
        (site.dataset.people[pid] for pid in by_person if pid in site.dataset.people),
        key=lambda p: (p.name.casefold(), p.id),
    )
    yield PageSpec(
        "reviews/index.md",
        "reviews/index.md.j2",
        {"people": people, "by_person": by_person, "checklist_page": checklist_page},
        in_nav=True,
    )
    questions = questions_of(site.dataset)
    for person in people:
        yield PageSpec(
            checklist_page(person.id),
            "reviews/consultant.md.j2",
            {"person": person, "checklists": by_person[person.id], "sections": questions},
        )


def last_full_month(as_of: date) -> tuple[date, date]:
    """The calendar month before the one holding `as_of`: the period a monthly audit looks at."""
    end = as_of.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def quiet_chart(report: QuietReport) -> str:
    rows = [(t.name, t.value_at_risk) for t in report.consultants]
    return bar_chart(
        rows,
        title="Value at risk per consultant (a year)",
        value_text=[
            f"{format_money(t.value_at_risk, report.currency)} · {t.customers} quiet"
            for t in report.consultants
        ],
    )


def audit_entries(report: AuditReport) -> tuple[SearchEntry, ...]:
    """The audit is found by its name, not by the customers in its tables: one long block of
    every contact of the month would answer most searches for a customer."""
    period = f"{report.start.isoformat()} to {report.end.isoformat()}"
    return (SearchEntry("", "Follow-up audit", f"Follow-ups done, late and missed, {period}."),)


def audit_chart(report: AuditReport) -> str:
    """Done and missed per consultant, and the still open ones when there are any."""
    tallies = [t for t in report.consultants if t.total]
    with_open = report.total.open > 0
    series = (Series("On time", DONE), Series("Late", LATE), Series("Missed", MISSED))
    return stacked_bar_chart(
        [(t.name, (t.on_time, t.late, t.missed, *((t.open,) if with_open else ()))) for t in tallies],
        series=series + ((Series("Still open", OPEN),) if with_open else ()),
        title="Follow-ups done and missed per consultant",
        value_text=[f"{t.done} done, {t.missed} missed" + (f", {t.open} open" if t.open else "") for t in tallies],
    )


def report_pages(site: Site) -> Iterator[PageSpec]:
    quiet = site.quiet()
    start, end = last_full_month(site.as_of)
    audit = audit_report(site.dataset, start=start, end=end, judged_on=site.as_of)
    yield PageSpec(
        "reports/index.md", "reports/index.md.j2", {"quiet": quiet, "audit": audit}, in_nav=True
    )
    yield PageSpec(
        "reports/quiet.md",
        "reports/quiet.md.j2",
        {"report": quiet, "chart": quiet_chart(quiet), "limit": PAGE_ROWS, "zero": Decimal(0)},
        in_nav=True,
    )
    yield PageSpec(
        "reports/audit.md",
        "reports/audit.md.j2",
        {"report": audit, "chart": audit_chart(audit), "limit": PAGE_ROWS},
        in_nav=True,
        search=audit_entries(audit),
    )
