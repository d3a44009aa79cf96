"""One way to say "did you mean": the known word closest in meaning, else in spelling.

A word of the domain is first looked up as written (`No Answer` is `no_answer`), then in a small
table of synonyms (`answered` means `reached`, `won` means `customer`), and only then by spelling,
so a suggestion never turns a word into its opposite (`answered` is not `no_answer`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import get_close_matches

SYNONYMS: dict[str, tuple[str, ...]] = {
    # contact outcomes: reached, no_answer, left_message, met, replied, sent
    "answered": ("reached",),
    "picked_up": ("reached",),
    "spoke": ("reached",),
    "spoken": ("reached",),
    "talked": ("reached",),
    "connected": ("reached",),
    "success": ("reached",),
    "successful": ("reached",),
    "noanswer": ("no_answer",),
    "no_reply": ("no_answer", "no_response"),
    "no_response": ("no_answer",),
    "unanswered": ("no_answer",),
    "not_answered": ("no_answer",),
    "not_reached": ("no_answer",),
    "missed": ("no_answer",),
    "busy": ("no_answer",),
    "voicemail": ("left_message",),
    "left_voicemail": ("left_message",),
    "left_a_message": ("left_message",),
    "message": ("left_message",),
    "left_msg": ("left_message",),
    "meeting": ("met",),
    "visited": ("met",),
    "visit": ("met",),
    "saw": ("met",),
    "seen": ("met",),
    "responded": ("replied",),
    "response": ("replied",),
    "reply": ("replied",),
    "wrote_back": ("replied",),
    "emailed": ("sent",),
    "mailed": ("sent",),
    "posted": ("sent",),
    "texted": ("sent",),
    "send": ("sent",),
    "delivered": ("sent",),
    # customer stages: customer, prospect, lost
    "won": ("customer",),
    "closed_won": ("customer",),
    "client": ("customer",),
    "signed": ("customer",),
    "bought": ("customer",),
    "lead": ("prospect",),
    "new": ("prospect",),
    "potential": ("prospect",),
    "opportunity": ("prospect",),
    "closed_lost": ("lost",),
    "churned": ("lost",),
    "gone": ("lost", "departed"),
    "dead": ("lost",),
    "lapsed": ("lost",),
    # people: active, departed; channels
    "left": ("departed", "lost"),
    "former": ("departed",),
    "resigned": ("departed",),
    "inactive": ("departed", "lost"),
    "current": ("active",),
    "e_mail": ("email",),
    "mail": ("email", "letter"),
    "call": ("phone",),
    "telephone": ("phone",),
    "phone_call": ("phone",),
    "face_to_face": ("in_person",),
    "inperson": ("in_person",),
    "visit_in_person": ("in_person",),
    "post": ("letter",),
    "card": ("letter",),
}
"""Words people write for the domain's words, normalised (lower case, `_` between words)."""


def _normal(word: str) -> str:
    return re.sub(r"[\s\-_]+", "_", word.strip().lower())


def closest(word: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The known word that means `word` (as written, or a synonym), else the one most like it."""
    names = list(known)
    normal = _normal(word)
    by_normal = {_normal(name): name for name in names}
    if normal in by_normal:
        return by_normal[normal]
    for meaning in SYNONYMS.get(normal, ()):
        if meaning in by_normal:
            return by_normal[meaning]
    found = get_close_matches(word, names, n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str], *, otherwise: str = "", cutoff: float = 0.6) -> str:
    """'; did you mean 'x'?' for the closest known word, else `otherwise` (which may be empty)."""
    found = closest(word, known, cutoff=cutoff)
    return f"; did you mean {found!r}?" if found is not None else otherwise
