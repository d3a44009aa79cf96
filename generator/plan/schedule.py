"""Stage 3: turn the dataset and its rules into dated tasks for each consultant.

Pure: no I/O and no clock. The same dataset, `as_of` and horizon give the same plan, byte for
byte. How a task comes to be, in order:

1. Timing. Each rule dates its occurrences from an anchor event (`rules.ANCHOR_DOCS`) plus
   `offset_days`; `every_days` repeats them; birthdays and the season come back every year;
   `attempts` spaces a sequence of tries after the last contact, the last being the final one.
2. Which occurrence. The latest occurrence before `as_of` is kept as overdue unless a contact
   closed it or it expired (`expires_days`, default the setting `overdue_window_days`; for
   repeating rules, until the next occurrence falls due and takes over). Otherwise the first
   occurrence from `as_of` to the horizon whose condition holds. At most one task per rule and
   customer.
3. Conditions are evaluated on the due date for upcoming tasks and on `as_of` for overdue ones.
4. Closing. A contact of any outcome, by anyone, dated on or after the due date (or up to
   `early_days` before it, but never on the anchor day itself) closes the task.
5. Not pestering. At most `max_touches_per_week` tasks per customer in any seven days: the
   higher priority (then the earlier rule in the file) is kept and the others' reasons are
   folded into it. Handover tasks (notify, introduce) are never dropped.
6. Who and how. The customer's consultant does it, or the signatory for `by: signatory`
   and for orphans (their consultant departed and no handover assigned them). The channel is the
   rule's fixed one, else the customer's preferred channel, else the one they answered most in
   the log (inferred), else email, phone and in person in turn (skipping channels we have no
   address for).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from generator.core import model
from generator.core.expr import Condition, Evaluator, Expr, Literal, conjuncts, names, walker
from generator.core.files import gc_paused
from generator.core.money import format_money
from generator.core.progress import progress
from generator.load.rules import HANDOVER_HABITS, YEARLY_ANCHORS, Rule, resolve_days
from generator.plan.facts import DAILY_FACTS, Facts, History, history_of

#: unknown preference: successive touches try these in turn
ROTATION = ("email", "phone", "in_person")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")
WEEK = 7
ONE_DAY = timedelta(days=1)


def schedule(dataset: model.Dataset, *, as_of: date, days: int | None = None) -> model.Plan:
    """Every task due up to `as_of + days` (default: the setting horizon_days), plus overdue ones."""
    horizon = int(dataset.settings.values.get("horizon_days", 28)) if days is None else days
    until = as_of + timedelta(days=horizon)
    context = _Context(dataset, as_of, until)
    tasks: list[model.Task] = []
    excluded: list[str] = []
    with gc_paused():  # no reference cycles made here; a collector pass would walk the dataset
        for customer in progress(dataset.customers, "planning"):
            if customer.do_not_contact:
                excluded.append(customer.id)
                continue
            tasks.extend(context.tasks_for(customer))
        tasks.sort(key=attrgetter("due", "consultant", "customer", "rule"))
    return model.Plan(
        as_of=as_of, until=until, tasks=tuple(tasks), excluded=tuple(sorted(excluded))
    )


def task_id(rule_id: str, customer_id: str, due: date) -> str:
    """Stable across runs: the rule, the customer and a due date that comes from the data alone."""
    return hashlib.sha1(f"{rule_id}|{customer_id}|{due.isoformat()}".encode()).hexdigest()[:10]


class Occurrence(NamedTuple):
    """One dated instance of a rule for one customer."""

    due: date
    anchor: date | None
    """The anchor event's date, when the task is timed after an event."""
    attempt: int = 0
    """For `attempts` rules: which try this is (1-based)."""


@dataclass(frozen=True, slots=True)
class _RulePlan:
    """A rule with what every customer's scheduling needs of it, worked out once per plan."""

    rule: Rule
    delay: timedelta
    """From the anchor event to its (first) occurrence."""
    every: int | None
    """every_days in days; None when the rule does not repeat."""
    step: timedelta
    """every_days as a time span (zero when the rule does not repeat)."""
    expires: int
    """Days a missed occurrence stays on the plan as overdue."""
    early: timedelta
    rank: tuple[bool, int, int]
    """Which of two candidates in the same week is kept first: handover tasks, then priority,
    then the earlier rule in the file."""
    fixed: tuple[Evaluator, ...]
    """The `and`-ed parts of the condition that read no daily fact: one answer per customer."""
    daily: tuple[Evaluator, ...]
    """The other parts, which depend on the day they are evaluated on."""
    why: str
    """The lesson on one line, as each task shows it."""
    wanted: frozenset[str]
    """Every name the talking points use."""


def _plan_rule(rule: Rule, settings: model.Settings) -> _RulePlan:
    """Resolve a rule's days against the settings and split its condition, once per plan."""
    offset = resolve_days(rule.offset_days, settings) if rule.offset_days is not None else None
    every = resolve_days(rule.every_days, settings) if rule.every_days is not None else None
    fixed, daily = _split_condition(rule.condition)
    return _RulePlan(
        rule=rule,
        delay=timedelta(days=_delay(rule, offset, every, settings)),
        every=every,
        step=timedelta(days=every or 0),
        expires=_expires(rule, every, settings),
        early=timedelta(days=rule.early_days),
        rank=(rule.habit not in HANDOVER_HABITS, -rule.priority, rule.order),
        fixed=tuple(walker(part) for part in fixed),
        daily=tuple(walker(part) for part in daily),
        why=" ".join(rule.why.split()),
        wanted=frozenset().union(*(point.names for point in rule.talking_points)),
    )


def _expires(rule: Rule, every: int | None, settings: model.Settings) -> int:
    if rule.expires_days is not None:
        return resolve_days(rule.expires_days, settings)
    if every is not None:  # until the next occurrence falls due
        return every - 1
    return int(settings.values.get("overdue_window_days", 90))


def _delay(rule: Rule, offset: int | None, every: int | None, settings: model.Settings) -> int:
    """offset_days; without it, minus the lead for the season and a full repeat for every_days."""
    if offset is not None:
        return offset
    if rule.anchor == "season":
        return -int(settings.values.get("appreciation_lead_days", 0))
    if rule.anchor in YEARLY_ANCHORS or every is None:
        return 0
    return every


def _split_condition(condition: Condition) -> tuple[list[Expr], list[Expr]]:
    """(fixed, daily): the condition holds on a day exactly when every part of both does.

    Most conditions start with tests such as `stage == "customer"` that no day changes; testing
    those once per customer skips every rule that cannot apply before any date is worked out.
    A part written `true` (a rule without a condition) tests nothing and is left out.
    """
    parts = [
        p for p in conjuncts(condition.tree) if not (isinstance(p, Literal) and p.value is True)
    ]
    fixed = [part for part in parts if not names(part) & DAILY_FACTS]
    daily = [part for part in parts if names(part) & DAILY_FACTS]
    return fixed, daily


class _CustomerScope:
    """One customer's history and what several rules share of it: facts by day, the value summary."""

    __slots__ = ("_facts", "_shared", "customer", "history", "settings", "summary")

    def __init__(self, customer: model.Customer, as_of: date, settings: model.Settings) -> None:
        self.customer = customer
        self.history = history_of(customer, as_of)
        self.settings = settings
        self._facts: dict[date, Facts] = {}
        self._shared: dict[str, Any] = {}
        """Facts that do not depend on the day, computed once for all days."""
        self.summary: str | None = None
        """The value summary of the reasons, once one needs it."""

    def facts(self, day: date) -> Facts:
        found = self._facts.get(day)
        if found is None:
            found = self._facts[day] = Facts(self.history, day, self.settings, self._shared)
        return found


@dataclass(slots=True)
class _Candidate:
    plan: _RulePlan
    occurrence: Occurrence
    facts: Facts
    reason: str
    folded: list[str] = field(default_factory=list)

    @property
    def rule(self) -> Rule:
        return self.plan.rule

    @property
    def due(self) -> date:
        return self.occurrence.due

    @property
    def exempt(self) -> bool:
        return self.plan.rule.habit in HANDOVER_HABITS


class _Context:
    """What every customer's scheduling shares: the dataset, the dates, the prepared rules."""

    def __init__(self, dataset: model.Dataset, as_of: date, until: date) -> None:
        self.dataset = dataset
        self.settings = dataset.settings
        self.as_of = as_of
        self.until = until
        self.rules: tuple[_RulePlan, ...] = tuple(
            _plan_rule(r, self.settings) for r in dataset.rules if isinstance(r, Rule)
        )
        self.handovers = {h.id: h for h in dataset.handovers}
        self.signatory = dataset.organization.signatory
        self.currency = dataset.organization.currency
        self.max_per_week = int(self.settings.values.get("max_touches_per_week", 1))
        self.season = season_month_day(self.settings)

    # -- one customer ---------------------------------------------------------------------------

    def tasks_for(self, customer: model.Customer) -> list[model.Task]:
        scope = _CustomerScope(customer, self.as_of, self.settings)
        today = scope.facts(self.as_of)
        candidates = []
        for plan in self.rules:
            picked = self.pick(plan, scope, today)
            if picked is not None:
                reason = self.reason(plan.rule, picked, scope)
                facts = scope.facts(max(picked.due, self.as_of))
                candidates.append(_Candidate(plan, picked, facts, reason))
        if not candidates:
            return []
        kept = limit_touches(candidates, self.max_per_week)
        return self.finish(scope, kept)

    def pick(self, plan: _RulePlan, scope: _CustomerScope, today: Facts) -> Occurrence | None:
        """The one occurrence of a rule that belongs on the plan, if any (steps 2-4)."""
        as_of = self.as_of
        for test in plan.fixed:
            if not test(today):
                return None  # false on every day
        history = scope.history
        occurrences = self.occurrences(plan, history)
        latest = None
        for occurrence in occurrences:
            if occurrence.due < as_of:
                latest = occurrence
        if (
            latest is not None
            and (as_of - latest.due).days <= plan.expires
            and not self.closed(plan, latest, history)
            and self.holds(plan, scope, as_of)
        ):
            return latest
        for occurrence in occurrences:
            if (
                as_of <= occurrence.due <= self.until
                and not self.closed(plan, occurrence, history)
                and self.holds(plan, scope, occurrence.due)
            ):
                return occurrence
        return None

    def holds(self, plan: _RulePlan, scope: _CustomerScope, day: date) -> bool:
        """The condition on `day`, once its fixed part is known to hold."""
        if not plan.daily:
            return True
        facts = scope.facts(day)
        return all(test(facts) for test in plan.daily)

    def closed(self, plan: _RulePlan, occurrence: Occurrence, history: History) -> bool:
        last = history.last_contact  # the log is sorted: any contact since start means this one
        if last is None:
            return False
        start = occurrence.due - plan.early
        if occurrence.anchor is not None and occurrence.anchor < occurrence.due:
            start = max(start, occurrence.anchor + ONE_DAY)
        return last.date >= start

    # -- timing ---------------------------------------------------------------------------------

    def occurrences(self, plan: _RulePlan, history: History) -> list[Occurrence]:
        """Occurrences sorted by due date: the latest before as_of and those up to the horizon."""
        rule = plan.rule
        if rule.attempts:
            return self._attempt(rule, history)
        if rule.anchor == "birthday":
            birthday = history.customer.birthday
            if birthday is None:
                return []
            return self._yearly(plan, birthday.month, birthday.day)
        if rule.anchor == "season":
            if self.season is None:
                return []
            return self._yearly(plan, *self.season)
        anchor = self.anchor_date(rule.anchor, history)
        if anchor is None:
            return []
        if plan.every is None:
            return [Occurrence(anchor + plan.delay, anchor)]
        return self._repeating(plan, plan.every, anchor)

    def _repeating(self, plan: _RulePlan, every: int, anchor: date) -> list[Occurrence]:
        """Every `every` days from the first: the latest before as_of, then those after it."""
        first = anchor + plan.delay
        found = []
        if first < self.as_of:
            k = ((self.as_of - first).days - 1) // every
            found.append(Occurrence(first + k * plan.step, anchor))
            k += 1
        else:
            k = 0
        while (due := first + k * plan.step) <= self.until:
            found.append(Occurrence(due, anchor))
            k += 1
        return found

    def _yearly(self, plan: _RulePlan, month: int, day: int) -> list[Occurrence]:
        events = (_on(year, month, day) for year in range(self.as_of.year - 1, self.until.year + 2))
        return [Occurrence(event + plan.delay, event) for event in events]

    def _attempt(self, rule: Rule, history: History) -> list[Occurrence]:
        made = history.attempts_since_reached
        if history.last_contact is not None:
            base = history.last_contact.date
        elif history.since is not None:
            base, made = history.since, 0
        else:
            return []
        if made < len(rule.attempts):
            return [Occurrence(base + timedelta(days=rule.attempts[made]), base, attempt=made + 1)]
        return []

    def anchor_date(self, anchor: str, history: History) -> date | None:
        """The date of a single anchor event, with the documented fall-backs."""
        purchases = history.purchases
        last_purchase = purchases[-1].date if purchases else None
        if anchor == "purchase":
            return last_purchase
        if anchor == "first_purchase":
            return history.first_purchase.date if history.first_purchase else None
        if anchor == "customer_since":
            return history.since
        if anchor == "review":
            return history.last_review.date if history.last_review else history.since
        if anchor == "handover":
            handover = self.handover_of(history.customer)
            return handover.date if handover else None
        if anchor == "reached" and history.last_reached is not None:
            return history.last_reached.date
        if history.last_contact is not None:  # contact, and reached that never reached them
            return history.last_contact.date
        return last_purchase or history.since

    def handover_of(self, customer: model.Customer) -> model.Handover | None:
        if customer.handed_over is None:
            return None
        return self.handovers.get(customer.handed_over)  # type: ignore[no-any-return]

    # -- words ----------------------------------------------------------------------------------

    def person_name(self, person_id: str | None) -> str:
        person = self.dataset.people.get(person_id or "")
        return person.name if person else str(person_id)

    def money(self, amount: Any) -> str:
        return format_money(amount, self.currency)

    def value_summary(self, scope: _CustomerScope) -> str:
        """What they bought in all, written once per customer however many reasons show it."""
        if scope.summary is None:
            scope.summary = self._value_summary(scope.history)
        return scope.summary

    def _value_summary(self, history: History) -> str:
        count = len(history.purchases)
        if count == 0:
            expected = history.customer.expected_value
            if expected is not None:
                return f"no purchases yet, expected value {self.money(expected)}"
            return "no purchases yet"
        times = "once" if count == 1 else f"{count} times"
        return f"bought {times}, {self.money(history.lifetime_value)} in total"

    def reason(self, rule: Rule, occurrence: Occurrence, scope: _CustomerScope) -> str:
        """Why now, in facts the consultant can check against the customer's file."""
        parts = self._reason_parts(rule, occurrence, scope)
        return "; ".join([p for p in parts if p])

    def _reason_parts(self, rule: Rule, occurrence: Occurrence, scope: _CustomerScope) -> list[str]:
        as_of = self.as_of
        history = scope.history
        customer = history.customer
        if rule.attempts:
            total = len(rule.attempts)
            which = (
                f"final attempt ({occurrence.attempt} of {total})"
                if occurrence.attempt == total
                else f"attempt {occurrence.attempt} of {total}"
            )
            last = history.last_contact
            if last is None:
                return [which, "no contact logged yet", self.value_summary(scope)]
            return [
                which,
                f"last contact {_days_ago(as_of, last.date)} ({_outcome(last.outcome)} by {last.channel.replace('_', ' ')})",
                self.value_summary(scope),
            ]
        anchor = rule.anchor
        if anchor == "birthday" and customer.birthday is not None:
            day = occurrence.anchor or occurrence.due
            age = (
                f"turns {day.year - customer.birthday.year} "
                if customer.birthday.year
                else "birthday "
            )
            return [f"{age}on {day.isoformat()} ({_days_ago(as_of, day)})"]
        if anchor == "season":
            day = occurrence.anchor or occurrence.due
            season = self.settings.values.get("appreciation_season") or "the season"
            parts = [f"{season} on {day.isoformat()} ({_days_ago(as_of, day)})"]
            if customer.interests:
                parts.append("interests: " + ", ".join(customer.interests))
            return parts
        if anchor == "handover":
            handover = self.handover_of(customer)
            if handover is None:  # pragma: no cover - no anchor, no occurrence
                return []
            return [
                f"handed over from {self.person_name(handover.departing)} to "
                f"{self.person_name(customer.consultant)} on {handover.date.isoformat()}"
            ]
        if anchor in ("purchase", "first_purchase"):
            purchase = history.last_purchase if anchor == "purchase" else history.first_purchase
            if purchase is None:  # pragma: no cover - no anchor, no occurrence
                return []
            what = purchase.item or f"for {self.money(purchase.amount)}"
            if rule.habit == "win_back":
                return [
                    f"last purchase {_days_ago(as_of, purchase.date)} ({what})",
                    self.value_summary(scope),
                ]
            first = "first purchase" if anchor == "first_purchase" else "bought"
            text = (
                f"{first} {what} on {purchase.date.isoformat()} ({_days_ago(as_of, purchase.date)})"
            )
            last = history.last_contact  # the log is sorted: the latest contact, if any came after
            if last is not None and last.date > purchase.date:
                return [text, f"last contact {last.date.isoformat()}"]
            return [text, "no contact since"]
        if anchor == "review":
            review = history.last_review
            if review is not None:
                return [
                    f"last review {_days_ago(as_of, review.date)} (rated {review.rating}/5)",
                    self.value_summary(scope),
                ]
            return [
                f"never reviewed; customer since {_iso(history.since)}",
                self.value_summary(scope),
            ]
        if anchor == "customer_since":
            return [f"customer since {_iso(history.since)}", self.value_summary(scope)]
        # contact and reached
        if anchor == "reached" and history.last_reached is not None:
            head = f"last reached {_days_ago(as_of, history.last_reached.date)}"
        elif history.last_contact is not None:
            head = f"last contact {_days_ago(as_of, history.last_contact.date)}"
            if anchor == "reached":
                head = f"never reached; {head}"
        elif history.last_purchase is not None:
            head = (
                f"no contact logged; last purchase {_days_ago(as_of, history.last_purchase.date)}"
            )
        else:
            head = f"no contact logged; customer since {_iso(history.since)}"
        parts = [head, self.value_summary(scope)]
        if customer.stage == "lost":
            parts.insert(0, "marked lost")
        return parts

    # -- who and how ----------------------------------------------------------------------------

    def finish(self, scope: _CustomerScope, kept: Sequence[_Candidate]) -> list[model.Task]:
        """Give each kept candidate its person and channel, and build the tasks."""
        customer, history = scope.customer, scope.history
        owner = self.dataset.people.get(customer.consultant)
        orphaned = owner is None or not owner.active
        inferred = inferred_channel(history)
        rotation = _Rotation(customer, history)
        tasks = []
        for candidate in sorted(kept, key=lambda c: (c.due, c.rule.order)):
            plan = candidate.plan
            rule = plan.rule
            if rule.channel != "preferred":
                channel, source = rule.channel, "fixed"
            elif customer.preferred_channel:
                channel, source = customer.preferred_channel, "preferred"
            elif inferred is not None:
                channel, source = inferred, "inferred"
            else:
                channel, source = rotation.next(), "rotation"
            reason = candidate.reason
            if rule.by == "signatory":
                doer, orphan = self.signatory, False
            elif orphaned:
                doer, orphan = self.signatory, True
                left = (
                    f" left on {owner.left_on.isoformat()}"
                    if owner and owner.left_on
                    else " is not on the team"
                )
                reason += f"; {self.person_name(customer.consultant)}{left}: no consultant until a handover"
            else:
                doer, orphan = customer.consultant, False
            due = candidate.due
            values = self.template_values(candidate, scope, doer)
            tasks.append(
                model.Task(
                    id=task_id(rule.id, customer.id, due),
                    due=due,
                    consultant=doer,
                    customer=customer.id,
                    habit=rule.habit,
                    rule=rule.id,
                    channel=channel,
                    channel_source=source,
                    reason=reason,
                    overdue=due < self.as_of,
                    title=rule.title,
                    why=plan.why,
                    talking_points=tuple(
                        [render_point(point, values) for point in rule.talking_points]
                    ),
                    orphan=orphan,
                    folded=tuple(candidate.folded),
                    priority=rule.priority,
                )
            )
        return tasks

    def gift(self, customer: model.Customer, doer: str) -> Any:
        """The appreciation suggestion (generator/appreciation.py) for talking points."""
        from generator.plan.appreciation import appreciation_suggestion

        return appreciation_suggestion(customer, doer, self.dataset, as_of=self.as_of)

    def template_values(
        self, candidate: _Candidate, scope: _CustomerScope, doer: str
    ) -> dict[str, Any]:
        """The values the rule's talking points use (and only those: facts cost time)."""
        wanted = candidate.plan.wanted
        if not wanted:
            return {}
        words = _TaskWords(self, scope, candidate.due, doer)
        values: dict[str, Any] = {"currency": self.currency}  # `| money` reads it
        for name in wanted:
            word = _WORDS.get(name)
            values[name] = word(words) if word is not None else candidate.facts(name)
        return values


class _TaskWords:
    """What the talking-point names other than facts are drawn from, for one task."""

    def __init__(self, context: _Context, scope: _CustomerScope, due: date, doer: str) -> None:
        self.context = context
        self.customer = scope.customer
        self.last_purchase = scope.history.last_purchase
        self.due = due
        self.doer = doer

    @cached_property
    def gift(self) -> Any:
        """Looked up once, however many of the gift names a task uses."""
        return self.context.gift(self.customer, self.doer)

    def last_note(self) -> str | None:
        notes = self.customer.notes
        return max(notes, key=lambda n: n.date).text if notes else None


_WORDS: dict[str, Callable[[_TaskWords], Any]] = {
    "name": lambda w: w.customer.name,
    "first_name": lambda w: (w.customer.name.split() or [w.customer.name])[0],
    "company": lambda w: w.customer.company,
    "last_note": _TaskWords.last_note,
    "last_purchase_item": lambda w: w.last_purchase.item if w.last_purchase else None,
    "last_purchase_date": lambda w: w.last_purchase.date.isoformat() if w.last_purchase else None,
    "consultant_name": lambda w: w.context.person_name(w.doer),
    "organization": lambda w: w.context.dataset.organization.name,
    "season": lambda w: w.context.settings.values.get("appreciation_season"),
    "due": lambda w: w.due.isoformat(),
    "currency": lambda w: w.context.currency,
    "gift_idea": lambda w: w.gift.idea,
    "gift_budget": lambda w: w.context.money(w.gift.budget),
    "gift_delivery": lambda w: w.gift.delivery_text,
}
"""Talking-point names that are not facts, by what each is drawn from."""


def season_month_day(settings: model.Settings) -> tuple[int, int] | None:
    """The appreciation_date setting as (month, day), or None when it is not a valid day."""
    text = str(settings.values.get("appreciation_date") or "")
    match = _MONTH_DAY.match(text)
    if not match:
        return None
    month, day = int(match[1]), int(match[2])
    try:
        date(2000, month, day)
    except ValueError:
        return None
    return month, day


def render_point(point: Any, values: dict[str, Any]) -> str:
    """Fill a talking point in; a value that cannot be shown leaves the line as written."""
    try:
        return str(point.render(values))
    except Exception:  # a runtime template error must not lose the task
        return str(point.source)


def limit_touches(candidates: Sequence[_Candidate], per_week: int) -> list[_Candidate]:
    """Keep at most `per_week` tasks in any seven days; fold the others into the one kept.

    Handover tasks are placed first and always kept; the rest by priority, then file order.
    A folded reason goes to a kept task done by the same person where there is one.
    """
    if len(candidates) == 1 and per_week >= 1:
        return list(candidates)  # one task alone always fits
    ranked = sorted(candidates, key=lambda c: (c.plan.rank, c.due))
    kept: list[_Candidate] = []
    for candidate in ranked:
        near = [k for k in kept if abs((k.due - candidate.due).days) < WEEK]
        if candidate.exempt or _fits(candidate.due, near, per_week):
            kept.append(candidate)
            continue
        # Fold into a task the same person does, so the reason reaches whoever acts on it.
        host = min(
            near,
            key=lambda k: (
                k.rule.by != candidate.rule.by,
                -k.rule.priority,
                abs((k.due - candidate.due).days),
                k.rule.order,
            ),
        )
        host.folded.append(f"{candidate.rule.title}: {candidate.reason}")
    return kept


def _fits(due: date, near: Sequence[_Candidate], per_week: int) -> bool:
    """Would one more task on `due` keep every seven-day window at or under the limit?

    `near` are the kept tasks less than a week from `due`: no window around `due` reaches
    the others.
    """
    if len(near) < per_week:
        return True
    for start_offset in range(WEEK):
        start = due - timedelta(days=start_offset)
        end = start + timedelta(days=WEEK - 1)
        if sum(1 for k in near if start <= k.due <= end) + 1 > per_week:
            return False
    return True


def inferred_channel(history: History) -> str | None:
    """The channel that reached them most often in the log; ties go to the most recent."""
    counts: dict[str, int] = {}
    latest: dict[str, date] = {}
    for contact in history.contacts:
        if contact.outcome in model.REACHED_OUTCOMES and contact.channel in ROTATION:
            counts[contact.channel] = counts.get(contact.channel, 0) + 1
            latest[contact.channel] = contact.date
    if not counts:
        return None
    return max(counts, key=lambda ch: (counts[ch], latest[ch], -ROTATION.index(ch)))


class _Rotation:
    """Email, phone and in person in turn, after the channel last tried; skips what we cannot use."""

    def __init__(self, customer: model.Customer, history: History) -> None:
        usable = {"email": bool(customer.email), "phone": bool(customer.phone), "in_person": True}
        self.channels = [ch for ch in ROTATION if usable[ch]]
        tried = [c.channel for c in history.contacts if c.channel in ROTATION]
        self.last = tried[-1] if tried else None

    def next(self) -> str:
        if self.last is None:
            channel = self.channels[0]
        else:
            position = ROTATION.index(self.last)
            following = [
                ROTATION[(position + step) % len(ROTATION)] for step in range(1, len(ROTATION) + 1)
            ]
            channel = next(ch for ch in following if ch in self.channels)
        self.last = channel
        return channel


def _on(year: int, month: int, day: int) -> date:
    """The day in `year`; 29 February falls on 28 February in other years."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "an unknown date"


def _days_ago(as_of: date, day: date) -> str:
    days = (as_of - day).days
    if days == 0:
        return "today"
    if days < 0:
        return f"in {-days} day{'s'[: -days != 1]}"
    return f"{days} day{'s'[: days != 1]} ago"


def _outcome(outcome: str) -> str:
    return outcome.replace("_", " ")
