"""Jinja for every stage: one environment factory, one way to render and locate template errors.

Pages (Markdown), letters (plain text, sandboxed: organisations edit them), print packets
(autoescaped HTML) and talking points (sandboxed one-liners) each need different settings, but
all of them are strict about undefined names, so a typo fails loudly instead of printing "".
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.ext import Extension

from generator.core.problems import Problem


def new_environment(
    loader: jinja2.BaseLoader | None = None,
    *,
    sandboxed: bool = False,
    autoescape: bool = False,
    trim_blocks: bool = True,
    keep_trailing_newline: bool = True,
    finalize: Callable[[Any], Any] | None = None,
    extensions: Sequence[type[Extension]] = (),
    cache_size: int = 400,
) -> jinja2.Environment:
    """A strict Jinja environment; `sandboxed` for templates that organisations or rules supply.

    `trim_blocks` also strips a block tag's leading whitespace (`lstrip_blocks`): block tags
    on their own lines leave no trace in the output.
    """
    kind = jinja2.sandbox.SandboxedEnvironment if sandboxed else jinja2.Environment
    return kind(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=trim_blocks,
        lstrip_blocks=trim_blocks,
        keep_trailing_newline=keep_trailing_newline,
        finalize=finalize,
        extensions=list(extensions),
        auto_reload=False,
        cache_size=cache_size,
    )


def render_template(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> str:
    """Render one template; template mistakes become `TemplateProblem` with the template line."""
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(_problem(exc.filename or template, exc.lineno or 1, exc.message or str(exc))) from exc
    except Exception as exc:
        frame = _template_frame(exc)
        where = frame if frame is not None else (template, 1)
        raise TemplateProblem(_problem(where[0], where[1], f"{type(exc).__name__}: {exc}")) from exc


class TemplateProblem(Exception):
    """A page template failed; carries the located problem (G7)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _problem(file: str, line: int, message: str) -> Problem:
    return Problem(file, line, 1, "error", f"template: {message}")


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost traceback frame that lies in a template file."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".md.j2", ".j2")) and frame.lineno is not None:
            found = (frame.filename, frame.lineno)
    return found
