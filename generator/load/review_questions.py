"""`playbook/review_questions.yaml`: the questions of the review checklist, validated, or built-in ones.

The questions belong to the sales trainer; `documents.checklists` prints them beside what the
data says about each customer whose review falls in the plan.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from generator.core import model
from generator.core.expr_check import Condition
from generator.core.problems import Problems
from generator.core.project import Project
from generator.load.fields import Context, Field, ListOf, Record
from generator.load.rules import ConditionKind
from generator.load.scalars import Choice, Integer, Text
from generator.load.yamlio import MappingNode, Node, compose_builtin, read_yaml

FILE_NAME = "review_questions.yaml"
"""Below `playbook/`."""

KINDS = ("yes_no", "text", "rating", "people")
KIND_DOCS = {
    "yes_no": "Yes / No boxes and a line for a comment.",
    "text": "Free text: blank lines to write on.",
    "rating": "Boxes 1 to 5 and lines for comments.",
    "people": "Our people they have met and whom to introduce, filled in from the contact log, and lines to add names.",
}

DEFAULT_TEXT = """\
# The questions of the relationship review checklist, in the order they are asked.
# Trainers: edit freely; `playbook check` reports any mistake with its line.
#
# Each question has `ask` (what to ask) and `kind`:
#   yes_no   Yes / No boxes and a line for a comment
#   text     free text: blank lines to write on (`lines` sets how many, default 2)
#   rating   boxes 1 to 5 and lines for comments
#   people   our people they have met and whom to introduce (from the contact log)
# `hint` (optional) is printed small under the question.
# `when` (optional) asks the question only where a condition holds, written like a rule's
# condition and with the same facts, on the day the checklist is made: `when: last_rating >= 4`.

sections:
  - title: What we promised
    questions:
      - ask: Were the expectations we set at the sale met?
        kind: yes_no
        hint: Quality, fit, delivery dates, price, after-sales service.
      - ask: Did the start go well (delivery, fitting, first use)?
        kind: yes_no

  - title: People
    questions:
      - ask: Whom of our team have they met, and whom should they meet?
        kind: people
        hint: For example our accounts team for their invoices, or the workshop for repairs.
      - ask: Whom of theirs should we know (for example their accounts payable)?
        kind: text
        lines: 1

  - title: Open problems
    questions:
      - ask: Is anything not working for them right now?
        kind: text
        lines: 3
        hint: Write each one down with who will fix it and by when.

  - title: What comes next
    questions:
      - ask: What do they plan next (trips, projects, changes in the family or business)?
        kind: text
        lines: 2

  - title: Their rating
    questions:
      - ask: From 1 (poor) to 5 (excellent), how would they rate us? What would make it a 5?
        kind: rating
      - ask: They rated us 4 or 5 last time. Whom would they recommend us to?
        kind: text
        lines: 1
        when: last_rating >= 4
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    ask: str
    kind: str
    hint: str | None = None
    lines: int = 2
    when: Condition | None = None
    """Ask only where this holds for the customer (None: always)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionSection:
    title: str
    questions: tuple[Question, ...]


QUESTION = Record(
    "question",
    (
        Field("ask", Text(), required=True, doc="The question, as the consultant asks it."),
        Field(
            "kind",
            Choice(KINDS),
            required=True,
            doc="; ".join(f"{k}: {v}" for k, v in KIND_DOCS.items()),
        ),
        Field("hint", Text(), doc="A short reminder printed under the question."),
        Field(
            "lines", Integer(1, 10), doc="Lines to write on (text, rating and people; default 2)."
        ),
        Field(
            "when",
            ConditionKind(),
            doc="Ask only where this condition holds, in the rules' language and facts, e.g. last_rating >= 4.",
        ),
    ),
    build=Question,
    doc="One question of the checklist.",
)

SECTION = Record(
    "section",
    (
        Field("title", Text(), required=True),
        Field("questions", ListOf(QUESTION), required=True),
    ),
    build=QuestionSection,
)

QUESTIONS_FILE = Record(
    "review questions",
    (
        Field(
            "sections", ListOf(SECTION), required=True, doc="Sections of the checklist, in order."
        ),
    ),
    doc="playbook/review_questions.yaml",
)


def parse_review_questions(
    root: Node, path: str, problems: Problems
) -> tuple[QuestionSection, ...] | None:
    """Validate the file's tree; None (with located problems) when it cannot be used."""
    context = Context(path, problems)
    errors = len(problems.errors)
    values = context.record(QUESTIONS_FILE, root)
    if values is None or len(problems.errors) > errors:
        return None
    sections: tuple[QuestionSection, ...] = values["sections"]
    if not any(s.questions for s in sections) and isinstance(root, MappingNode):
        context.error(
            root,
            "'sections' holds no question; write at least one, or delete the file to use the built-in questions",
        )
        return None
    return sections


def load_review_questions(
    project: Project, problems: Problems
) -> tuple[QuestionSection, ...] | None:
    """`playbook/review_questions.yaml`, or the built-in questions when the project has none."""
    path = project.playbook / FILE_NAME
    if not path.is_file():
        return default_questions()
    root = read_yaml(path, problems)
    if root is None:
        return None
    return parse_review_questions(root, str(path), problems)


@functools.cache
def default_questions() -> tuple[QuestionSection, ...]:
    """The questions built into playbook, used when a project has no review_questions.yaml."""
    problems = Problems()
    sections = parse_review_questions(compose_builtin(DEFAULT_TEXT), "<built-in questions>", problems)
    if sections is None or problems.items:  # pragma: no cover - pinned by a test
        msg = "the built-in review questions do not validate"
        raise AssertionError(msg)
    return sections


def questions_of(dataset: model.Dataset) -> tuple[QuestionSection, ...]:
    loaded = dataset.extras.get("review_questions")
    return loaded if isinstance(loaded, tuple) else default_questions()
