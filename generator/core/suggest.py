"""One way to say "did you mean": the closest known word to a mistyped one."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(word: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The known word most like `word`, or None when none is close enough."""
    found = get_close_matches(word, list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str], *, otherwise: str = "", cutoff: float = 0.6) -> str:
    """'; did you mean 'x'?' for the closest known word, else `otherwise` (which may be empty)."""
    found = closest(word, known, cutoff=cutoff)
    return f"; did you mean {found!r}?" if found is not None else otherwise
