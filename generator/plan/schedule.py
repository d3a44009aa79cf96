"""Stage 2: turn the dataset and its rules into dated tasks for each consultant.

Pure: no I/O and no clock. The same dataset, `as_of` and horizon give the same plan, byte for
byte. How a task comes to be, in order:

1. Timing (`plan.timing`). Each rule dates its occurrences from an anchor event
   (`load.rules.ANCHOR_DOCS`) plus `offset_days`; `every_days` repeats them; birthdays and the
   season come back every year; `attempts` spaces a sequence of tries after the last contact,
   the last being the final one.
2. Which occurrence (here). The latest occurrence before `as_of` is kept as overdue unless a
   contact closed it or it expired (`expires_days`, default the setting `overdue_window_days`;
   for repeating rules, until the next occurrence falls due and takes over). Otherwise the first
   occurrence from `as_of` to the horizon whose condition holds. At most one task per rule and
   customer. Occurrences due before the setting `start_date` are left out altogether.
3. Conditions are evaluated on the due date for upcoming tasks and on `as_of` for overdue ones
   (`plan.prepared_rules` splits off the parts no day changes, tested once per customer).
4. Done (`plan.timing`, `plan.done`). A task is done by the events its rule's `done_when` (else
   its habit's default) lists, dated in its window: on or after the due date, or up to
   `early_days` before it, never on or before the anchor day itself (a contact that reached
   them, a message sent, a purchase, a recorded review), or by a contact that names its id
   (`task:`) whatever its outcome. The other contacts in the window are its tries
   (`Task.tried`): the task stays and its reason says when it was last tried.
5. Not pestering (`plan.touches`). At most `max_touches_per_week` tasks per customer in any
   seven days: the higher priority (then the earlier rule in the file) is kept and the others'
   reasons are folded into it. Handover tasks (notify, introduce) are never dropped.
6. Who and how. The customer's consultant does it, or the signatory for `by: signatory`
   and for orphans (their consultant departed and no handover assigned them). The channel
   (`plan.channels`) is the rule's fixed one, else the customer's preferred channel, else the
   one they answered most in the log (inferred), else email, phone and in person in turn
   (skipping channels we have no address for).

Each task says why it is due (`plan.reasons`) and carries its talking points filled in
(`plan.talking_points`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from operator import attrgetter

from generator.core import model
from generator.core.files import gc_paused
from generator.core.progress import progress
from generator.core.rule import Rule
from generator.plan.channels import Rotation, choose_channel, inferred_channel
from generator.plan.customer_scope import CustomerScope
from generator.plan.done import task_id as task_id  # re-exported: the plan's task id
from generator.plan.facts import Facts
from generator.plan.prepared_rules import PreparedRule, prepare_rule
from generator.plan.reasons import Reasons
from generator.plan.reuse import TaskStore, customer_keys, reuse_or_plan
from generator.plan.talking_points import TalkingPointValues, render_point
from generator.plan.timing import Occurrence, Timing, closed, tried
from generator.plan.touches import Candidate, limit_touches


def schedule(dataset: model.Dataset, *, as_of: date, days: int | None = None) -> model.Plan:
    """Every task due up to `as_of + days` (default: the setting horizon_days), plus overdue ones."""
    horizon = int(dataset.settings.values.get("horizon_days", 28)) if days is None else days
    until = as_of + timedelta(days=horizon)
    planner = _Planner(dataset, as_of, until)
    planned = [c for c in dataset.customers if not c.do_not_contact]
    excluded = [c.id for c in dataset.customers if c.do_not_contact]
    with gc_paused():  # no reference cycles made here; a collector pass would walk the dataset
        store = TaskStore.of(dataset, "plan", as_of, until, from_second=True)

        def keys() -> list[bytes]:
            of = customer_keys(dataset)
            return [of[c.id] for c in planned]

        own = reuse_or_plan(store, planned, keys, planner.plan_each)
        tasks = [task for tasks_of_one in own for task in tasks_of_one]
        tasks.sort(key=attrgetter("due", "consultant", "customer", "rule"))
    return model.Plan(
        as_of=as_of, until=until, tasks=tuple(tasks), excluded=tuple(sorted(excluded))
    )


class _Planner:
    """What every customer's scheduling shares: the dataset, the dates, the prepared rules."""

    def __init__(self, dataset: model.Dataset, as_of: date, until: date) -> None:
        self.dataset = dataset
        self.settings = dataset.settings
        self.as_of = as_of
        self.until = until
        self.rules: tuple[PreparedRule, ...] = tuple(
            prepare_rule(r, self.settings) for r in dataset.rules if isinstance(r, Rule)
        )
        handovers: dict[str, model.Handover] = {h.id: h for h in dataset.handovers}
        self.timing = Timing(self.settings, as_of, until, handovers)
        self.reasons = Reasons(dataset, as_of, handovers)
        self.points = TalkingPointValues(dataset, as_of)
        self.signatory = dataset.organization.signatory
        self.max_per_week = int(self.settings.values.get("max_touches_per_week", 1))
        self.referred = referrals(dataset.customers)
        start = self.settings.values.get("start_date")
        self.start: date | None = start if isinstance(start, date) else None
        """Occurrences due before the setting start_date are never planned: the plan starts fresh."""

    def plan_each(self, customers: Sequence[model.Customer]) -> list[tuple[model.Task, ...]]:
        """Each customer's tasks, in this process: planning half of them in a forked one
        (`core.forked`) was no faster at 10,000 customers, since their tasks must be pickled
        back (0.65 s + 0.65 s of planning, about 0.4 s to pass the tasks back, one after the other)."""
        return [self.tasks_for(customer) for customer in progress(customers, "planning")]

    def tasks_for(self, customer: model.Customer) -> tuple[model.Task, ...]:
        referred = self.referred.get(customer.id, ())
        scope = CustomerScope(customer, self.as_of, self.settings, referred)
        today = scope.facts(self.as_of)
        candidates = []
        for plan in self.rules:
            picked = self.pick(plan, scope, today)
            if picked is not None:
                tries = tried(plan, picked, scope.history)
                reason = self.reasons.reason(plan.rule, picked, scope, tries)
                facts = scope.facts(max(picked.due, self.as_of))
                candidates.append(Candidate(plan, picked, facts, reason, tries))
        if not candidates:
            return ()
        kept = limit_touches(candidates, self.max_per_week)
        return tuple(self.finish(scope, kept))

    def pick(self, plan: PreparedRule, scope: CustomerScope, today: Facts) -> Occurrence | None:
        """The one occurrence of a rule that belongs on the plan, if any (steps 2-4)."""
        as_of = self.as_of
        for test in plan.fixed:
            if not test(today):
                return None  # false on every day
        history = scope.history
        occurrences = self.timing.occurrences(plan, history)
        if self.start is not None:
            occurrences = [o for o in occurrences if o.due >= self.start]
        latest = None
        for occurrence in occurrences:
            if occurrence.due < as_of:
                latest = occurrence
        if (
            latest is not None
            and (as_of - latest.due).days <= plan.expires
            and not closed(plan, latest, history)
            and self.holds(plan, scope, as_of)
        ):
            return latest
        for occurrence in occurrences:
            if (
                as_of <= occurrence.due <= self.until
                and not closed(plan, occurrence, history)
                and self.holds(plan, scope, occurrence.due)
            ):
                return occurrence
        return None

    def holds(self, plan: PreparedRule, scope: CustomerScope, day: date) -> bool:
        """The condition on `day`, once its fixed part is known to hold."""
        if not plan.daily:
            return True
        facts = scope.facts(day)
        return all(test(facts) for test in plan.daily)

    def finish(self, scope: CustomerScope, kept: Sequence[Candidate]) -> list[model.Task]:
        """Give each kept candidate its person and channel, and build the tasks (step 6)."""
        customer, history = scope.customer, scope.history
        owner = self.dataset.people.get(customer.consultant)
        orphaned = owner is None or not owner.active
        inferred = inferred_channel(history)
        rotation = Rotation(customer, history)
        tasks = []
        for candidate in sorted(kept, key=lambda c: (c.due, c.rule.order)):
            channel = choose_channel(candidate.rule, customer, inferred, rotation)
            reason = candidate.reason
            if candidate.rule.by == "signatory":
                doer, orphan = self.signatory, False
            elif orphaned:
                doer, orphan = self.signatory, True
                reason += self.reasons.orphan_note(customer, owner)
            else:
                doer, orphan = customer.consultant, False
            tasks.append(self.task(candidate, scope, doer, channel, reason, orphan=orphan))
        return tasks

    def task(
        self,
        candidate: Candidate,
        scope: CustomerScope,
        doer: str,
        channel: tuple[str, str],
        reason: str,
        *,
        orphan: bool,
    ) -> model.Task:
        """The task itself, its talking points filled in for whoever does it."""
        plan, rule, due = candidate.plan, candidate.rule, candidate.due
        values = self.points.values(plan.wanted, candidate.facts, scope, due, doer, channel[0])
        return model.Task(
            id=task_id(rule.id, scope.customer.id, due),
            due=due,
            consultant=doer,
            customer=scope.customer.id,
            habit=rule.habit,
            rule=rule.id,
            channel=channel[0],
            channel_source=channel[1],
            reason=reason,
            overdue=due < self.as_of,
            title=rule.title,
            why=plan.why,
            talking_points=tuple([render_point(point, values) for point in rule.talking_points]),
            orphan=orphan,
            folded=tuple(candidate.folded),
            priority=rule.priority,
            anchor=candidate.occurrence.anchor,
            tried=candidate.tried,
        )


def referrals(customers: Sequence[model.Customer]) -> dict[str, tuple[model.Customer, ...]]:
    """The customers each customer recommended us to (whose `referred_by` names them)."""
    found: dict[str, list[model.Customer]] = {}
    for customer in customers:
        if customer.referred_by:
            found.setdefault(customer.referred_by, []).append(customer)
    return {referrer: tuple(referred) for referrer, referred in found.items()}
