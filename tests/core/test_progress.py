"""Progress bars appear only on a terminal, and only for stages longer than a second."""

from __future__ import annotations

import io

import pytest

from generator.core import progress as progress_module
from generator.core.progress import progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", -1.0)
    assert list(progress([1, 2, 3], "work")) == [1, 2, 3]
    assert stream.getvalue() == ""


def test_quick_stage_draws_nothing_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = FakeTerminal()
    monkeypatch.setattr("sys.stderr", stream)
    assert list(progress([1, 2, 3], "work")) == [1, 2, 3]
    assert stream.getvalue() == ""


def test_long_stage_draws_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = FakeTerminal()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", -1.0)  # every stage counts as long
    assert list(progress(list(range(50)), "planning")) == list(range(50))
    assert "planning" in stream.getvalue()
    assert "100%" in stream.getvalue()
