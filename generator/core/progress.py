"""Progress bars for long stages: shown on a terminal once a stage has run for a second.

Silent when standard error is not a terminal (pipes, CI, tests) and for quick stages, so
output stays byte-for-byte the same wherever it is captured.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from typing import TypeVar

import click

T = TypeVar("T")
DELAY_SECONDS = 1.0


def progress(items: Sequence[T], label: str) -> Iterator[T]:
    """Yield `items`; after DELAY_SECONDS on a terminal, draw a bar on standard error."""
    if not sys.stderr.isatty():
        yield from items
        return
    started = time.monotonic()
    bar = None
    try:
        for done, item in enumerate(items):
            if bar is None and time.monotonic() - started > DELAY_SECONDS:
                bar = click.progressbar(length=len(items), label=label, file=sys.stderr)
                bar.__enter__()
                bar.update(done)
            yield item
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
