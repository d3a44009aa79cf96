"""Jinja for every stage: one environment factory, one way to render and locate template errors.

Pages (Markdown), letters (plain text, sandboxed: organisations edit them), print packets
(autoescaped HTML) and talking points (sandboxed one-liners) each need different settings, but
all of them are strict about undefined names, so a typo fails loudly instead of printing "".
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2 import nodes
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


# ------------------------------------------------------------------ the placeholder language

_PLACEHOLDER_NODES = (
    nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.Filter,
    nodes.Or, nodes.And, nodes.Not, nodes.Concat, nodes.Compare, nodes.Operand, nodes.If, nodes.CondExpr,
)  # fmt: skip
"""What a line with placeholders may hold: values, filters, `or`/`and`/`not`, `~`, comparisons
and `{% if %}`. No loops, calls, attributes, indexes or arithmetic, so filling a line in costs
about as much as its text and the values it names (a loop or `'x' * 10**9` could hang a plan)."""
_COMPARISONS = frozenset({"eq", "ne", "gt", "gteq", "lt", "lteq"})
_CONSTRUCTS = {
    nodes.For: "a loop ({% for %})",
    nodes.Call: "a call (name(...))",
    nodes.Getattr: "an attribute (name.attribute)",
    nodes.Getitem: "an index (name[...])",
    nodes.Slice: "a slice (name[a:b])",
    nodes.Test: "a test (name is ...)",
    nodes.List: "a list", nodes.Tuple: "a list", nodes.Dict: "a mapping",
    nodes.Assign: "{% set %}", nodes.AssignBlock: "{% set %}", nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}", nodes.FilterBlock: "{% filter %}", nodes.With: "{% with %}",
    nodes.Block: "{% block %}", nodes.Extends: "{% extends %}", nodes.Include: "{% include %}",
    nodes.Import: "{% import %}", nodes.FromImport: "{% import %}", nodes.Scope: "{% with %}",
}  # fmt: skip


PLACEHOLDER_FILTERS = ("money", "join_and", "join", "lower", "upper", "title", "capitalize", "trim", "default")
"""The filters of talking points (`money` and `join_and` are playbook's, the rest Jinja's)."""
PLACEHOLDER_LANGUAGE = (
    "write text with {{ name }}, {{ name | filter }} (filters: " + ", ".join(PLACEHOLDER_FILTERS)
    + "), {{ name or 'other text' }} and {% if name %}...{% else %}...{% endif %}"
)
"""The language in one sentence, for messages."""


def placeholder_mistake(tree: nodes.Template, filters: Collection[str] = PLACEHOLDER_FILTERS) -> str | None:
    """What in a parsed line lies outside the placeholder language, in words; else None.

    `filters` are the filters the line may use, each with quoted texts as its only arguments.
    """
    for node in tree.find_all(nodes.Node):
        if type(node) not in _PLACEHOLDER_NODES:
            if isinstance(node, nodes.BinExpr | nodes.UnaryExpr):
                return f"arithmetic ({node.operator})"
            return _CONSTRUCTS.get(type(node), f"the construct {type(node).__name__}")
        if isinstance(node, nodes.Filter):
            if node.name not in filters:
                return f"the filter {node.name!r}"
            if node.kwargs or node.dyn_args or node.dyn_kwargs or not all(
                isinstance(arg, nodes.Const) and isinstance(arg.value, str) for arg in node.args
            ):
                return f"arguments of {node.name!r} other than quoted text"
        elif isinstance(node, nodes.Operand) and node.op not in _COMPARISONS:
            return f"the comparison {node.op!r}"
        elif isinstance(node, nodes.Name) and node.ctx != "load":
            return "setting a name"
    return None
