"""What completes a task: one definition for the plan, which drops done tasks, and the audit,
which credits each logged contact to the task it completed.

A task of a rule is completed by the events its `done_when` lists, else its habit's default
(`vocabulary.DEFAULT_DONE_WHEN`): a contact that reached the customer, a one-way message that
went out, a purchase, a recorded review, or any contact. A contact that names the task (`task:`)
completes it whatever its outcome, and no other task. Only events inside the task's window count: from
`early_days` before the due date, and never on or before the day of the event the task is timed
from (the meeting where the sale was signed is not that sale's thank-you). The command that
records a task as done, shown on the plan page and in the calendar file, is written here too.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from generator.core import model
from generator.core.rule import Rule
from generator.core.vocabulary import DEFAULT_DONE_WHEN, REACHED_OUTCOMES, SENT_OUTCOMES

ONE_DAY = timedelta(days=1)
FALLBACK_DONE_WHEN: tuple[str, ...] = ("reached", "sent")
"""For a habit without a default of its own."""


def task_id(rule_id: str, customer_id: str, due: date) -> str:
    """The plan's stable id of a task, which a contact names (`task:`) to complete it.

    Made of the rule, the customer and a due date that comes from the data alone, so the same
    task keeps its id from one day's plan to the next.
    """
    return hashlib.sha1(f"{rule_id}|{customer_id}|{due.isoformat()}".encode()).hexdigest()[:10]


def done_events(rule: Rule) -> frozenset[str]:
    """The events that complete a task of `rule`: its `done_when`, else its habit's default."""
    return frozenset(rule.done_when or DEFAULT_DONE_WHEN.get(rule.habit, FALLBACK_DONE_WHEN))


def window_start(due: date, anchor: date | None, early_days: int = 0) -> date:
    """The first day an event counts toward a task due on `due` and timed from `anchor`."""
    start = due - timedelta(days=early_days)
    if anchor is not None and anchor < due:
        start = max(start, anchor + ONE_DAY)
    return start


def contact_completes(
    contact: model.Contact, events: frozenset[str], task_id: str | None = None
) -> bool:
    """Whether this contact completes a task that `events` complete (and whose id is `task_id`).

    A contact that names a task completes that task only, as the audit credits it."""
    if contact.task is not None:
        return contact.task == task_id
    if "contact" in events:
        return True
    if contact.outcome in REACHED_OUTCOMES:
        return "reached" in events
    if contact.outcome in SENT_OUTCOMES:
        return "sent" in events
    return False


USUAL_OUTCOME = {"email": "sent", "letter": "sent", "phone": "reached", "in_person": "met"}
"""The outcome the plan's log command proposes for a task's channel; the consultant changes it
when the call went unanswered."""


def log_command(task: model.Task) -> str:
    """The command that records a task as done: a review is recorded with its rating, any other
    task is logged with its channel, the usual outcome of that channel and its task id.

    One text for every place that shows it (the plan page, the calendar file)."""
    if task.habit == "review":
        return f"playbook review record {task.customer} --rating N"
    channel_name = task.channel or "phone"
    outcome_name = USUAL_OUTCOME.get(channel_name, "reached")
    return (
        f"playbook log {task.customer} --channel {channel_name} --outcome {outcome_name}"
        f" --task {task.id}"
    )
