"""The words of the domain, each defined once: stages, roles, channels, outcomes, habits, anchors.

Every other module (validation, the engine, the pages, the letters, the schema) reads its
lists, labels and defaults from here, so a new channel or habit is added in one place.
"""

from __future__ import annotations

from typing import Any, Final

# ---------------------------------------------------------------- people and customers

STAGES: Final = ("customer", "prospect", "lost")
ROLES: Final = ("consultant", "manager", "owner")
PERSON_STATUSES: Final = ("active", "departed")

# ---------------------------------------------------------------- channels and outcomes

PREFERRED_CHANNELS: Final = ("email", "phone", "in_person")
"""The channels a customer may prefer; with no preference known, the engine tries them in this order."""
CONTACT_CHANNELS: Final = ("email", "phone", "in_person", "letter")
"""Every channel a contact can go through (a letter is never a customer's preference)."""
RULE_CHANNELS: Final = ("preferred", *CONTACT_CHANNELS)
"""What a rule's `channel` may say: `preferred` follows the customer."""
CHANNEL_LABELS: Final = {"email": "Email", "phone": "Phone", "in_person": "In person", "letter": "Letter"}
"""How a channel is named to a reader."""
CHANNEL_ICONS: Final = {
    "email": ":material-email-outline:",
    "phone": ":material-phone:",
    "in_person": ":material-account-group:",
    "letter": ":material-fountain-pen-tip:",
}

OUTCOMES: Final = ("reached", "no_answer", "left_message", "met", "replied", "sent")
REACHED_OUTCOMES: Final = frozenset({"reached", "met", "replied"})
"""Outcomes where the customer heard from us or answered; an unanswered call is not one."""
SENT_OUTCOMES: Final = frozenset({"sent"})
"""One-way messages that went out (an e-mail, a letter, a card): no answer is expected."""

# ---------------------------------------------------------------- habits and rules

HABITS: Final = (
    "thank_you",
    "check_in",
    "prospect_follow_up",
    "stay_in_touch",
    "birthday",
    "review",
    "appreciation",
    "win_back",
    "notify",
    "introduce",
    "referral_thanks",
)
HABIT_TITLES: Final = {
    "thank_you": "Say thank you",
    "check_in": "Check in after the purchase",
    "prospect_follow_up": "Follow up with prospects",
    "stay_in_touch": "Stay in touch",
    "birthday": "Remember birthdays",
    "review": "Review the relationship",
    "appreciation": "Show appreciation",
    "win_back": "Win back lapsed customers",
    "notify": "Notify customers of a new consultant",
    "introduce": "Introduce yourself",
    "referral_thanks": "Thank them for a referral",
}
HANDOVER_HABITS: Final = frozenset({"notify", "introduce"})
"""Habits a handover creates; never dropped to avoid pestering (a handover must be announced)."""

ANCHORS: Final = (
    "purchase",
    "first_purchase",
    "contact",
    "reached",
    "review",
    "customer_since",
    "birthday",
    "season",
    "handover",
    "referral",
)
YEARLY_ANCHORS: Final = frozenset({"birthday", "season"})
"""Anchors that come back every year by themselves."""
DOERS: Final = ("consultant", "signatory")

DONE_EVENTS: Final = ("reached", "sent", "purchase", "review", "contact")
"""What a rule's `done_when` may list: a contact that reached them (reached, met, replied), a
one-way message that went out (sent), a purchase, a recorded review, or any contact whatever
its outcome (contact). A contact that names a task (`task:`) completes that task whatever it lists."""
DEFAULT_DONE_WHEN: Final[dict[str, tuple[str, ...]]] = {
    "thank_you": ("reached", "sent"),
    "check_in": ("reached", "purchase"),
    "prospect_follow_up": ("contact",),
    "stay_in_touch": ("reached", "purchase"),
    "birthday": ("reached", "sent"),
    "review": ("review",),
    "appreciation": ("reached", "sent"),
    "win_back": ("reached", "purchase"),
    "notify": ("reached", "sent"),
    "introduce": ("reached", "sent"),
    "referral_thanks": ("reached", "sent"),
}
"""Which events complete a task of each habit when its rule has no `done_when`."""

# ---------------------------------------------------------------- the follow-up audit

AUDIT_STATUSES: Final = ("on_time", "late", "missed", "open")
"""How the audit judges a follow-up: done on time, done late, missed, or still open (not done
yet, but its time to be done on time has not run out on the day of the audit)."""
AUDIT_STATUS_LABELS: Final = {
    "on_time": "on time",
    "late": "late",
    "missed": "missed",
    "open": "still open",
}

# ---------------------------------------------------------------- settings

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""The days of the week as the setting working_days writes them, Monday first."""
DEFAULT_SETTINGS: Final[dict[str, Any]] = {
    "as_of": None,
    "start_date": None,
    "horizon_days": 28,
    "max_touches_per_week": 1,
    "lapsed_after_days": 365,
    "quiet_after_days": 180,
    "review_every_days": 365,
    "page_size": "A4",
    "appreciation_season": "winter holidays",
    "appreciation_date": "--12-20",
    "appreciation_lead_days": 21,
    "audit_on_time_days": 3,
    "overdue_window_days": 90,
    "backlog_after_days": 30,
    "working_days": ("mon", "tue", "wed", "thu", "fri"),
}
"""The value of each setting that `playbook/rules.yaml` leaves out."""
