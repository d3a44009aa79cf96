"""Property: any data in any field of any input file is either accepted or a located error.

Hypothesis writes small projects (team, two customer files with notes, purchases, contacts and
reviews, the rules file with its settings and rules, and the record files of reviews, contacts
and purchases) as YAML text. Every field of the field tables (`load/tables.py`, `load/rules.py`,
`load/settings.py`, the record kinds) gets a value that is valid, nearly valid (2026-02-30,
9999-12-31, 1e29, -1, `NO`), YAML-special (`&a`, `*a`, `!!binary`, `{`, `- `, `12:30`), markup
(`<script>`, `[x](javascript:...)`, `{ onerror=... }`), control characters or arbitrary text,
written either quoted (escaped, so the value is exactly the string) or raw (the YAML itself may
then break, which must be a located error too). For each project:

- `playbook check` exits 0 or 1, never 3, and every problem line is `path:line:column:
  error|warning: message` for a file of the project;
- what `check` accepts, `playbook plan --format json` plans (exit 0, valid JSON) and
  `render_site` renders without problems, and the pages, converted with the site's Markdown
  extensions, hold no element, attribute, class or style the data introduced, no `on...`
  attribute and no `javascript:` link;
- the input files are byte-identical afterwards.

The budget is fixed (`EXAMPLES`, derandomized) so `make test` stays quick and deterministic; a
longer, random exploration runs with

    PLAYBOOK_PROPERTY_EXAMPLES=2000 PLAYBOOK_PROPERTY_RANDOM=1 .venv/bin/pytest tests/test_property_inputs.py
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeAlias

import markdown
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from generator.build import build_site, render_site
from generator.cli import cli
from generator.core import vocabulary
from generator.core.problems import Problems
from generator.core.project import Project
from generator.load import fields, scalars, tables
from generator.load.contact_records import CONTACTS
from generator.load.purchase_records import PURCHASES
from generator.load.review_records import REVIEWS
from generator.load.rules import (
    RULE_RECORD,
    ConditionKind,
    DaysKind,
    DoneWhenKind,
    TalkingPointKind,
)
from generator.load.settings import SETTINGS_RECORD, MonthDay
from generator.load.yamlio import MappingNode, read_yaml
from generator.mkdocs_plugin import REQUIRED_EXTENSIONS

EXAMPLES = int(os.environ.get("PLAYBOOK_PROPERTY_EXAMPLES", "45"))
"""Projects tried per run; raise it (and set PLAYBOOK_PROPERTY_RANDOM=1) to explore longer."""
RANDOM = os.environ.get("PLAYBOOK_PROPERTY_RANDOM") == "1"

BUDGET = settings(
    max_examples=EXAMPLES,
    deadline=None,  # one example loads, plans and renders a project: its time varies with the machine
    derandomize=not RANDOM,
    database=None if not RANDOM else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    print_blob=True,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Raw:
    """A scalar written exactly as typed, unquoted: YAML decides what it is (or fails)."""

    text: str


@dataclass(frozen=True)
class Quoted:
    """A scalar written double-quoted and escaped: the value is exactly `text`."""

    text: str


Value: TypeAlias = Raw | Quoted | list[Any] | dict[str, Any]

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{ onerror=alert(1) }",
    "{: .evil #evil onclick=alert(1) }",
    "<evil-tag evil-attr=1>",
    "</td></tr></table><b>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    "![i](http://evil.example/x.png)",
    "<!-- playbook:html -->",
    "<!-- /playbook:html -->",
    "{{ 7*7 }}",
    "{% raw %}",
    "# heading",
    "!!! danger",
    "| a | b |",
    "---",
    ":material-account:",
    "- [x] done",
    "&lt;b&gt; &amp; &#60;",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "a\\",
    "*x* _y_ `z`",
]
YAML_SPECIAL = [
    "NO", "no", "on", "Off", "yes", "y", "~", "null", "", " ", "true", "False",
    "12:30", "1_000", "0x1F", "0o17", "017", ".inf", "-.inf", ".nan", "1e29", "-1", "+1", "0",
    "&a", "*a", "&a x", "!!binary aGVsbG8=", "!!python/object/apply:os.system ['true']", "!custom x",
    "!!str 5", "{", "}", "[", "]", "[a, b]", "{a: b}", "- ", "- x", "#", "# c", "x # c", "a: b",
    ": x", "? x", "|", ">", "'", '"', "''", '""', "%YAML 1.2", "...", "@x", "`x`", "x,y", "\\",
]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe",
           "\t", "a\tb", "a\nb", "a\r\nb", "\r", "\n\n", "x\n  y: z", "x\n- y", "\u202eevil"]
NEAR_DATES = ["2026-02-30", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "9999-12-31", "9999-12-25",
              "0001-01-01", "1899-12-31", "2200-01-01", "10000-01-01", "2026-1-1", "26-11-16", "16/11/2026",
              "2026-11-16T10:00:00", "2026-11-16 10:00", "--02-29", "--02-30", "--13-01", "--12-20"]
NEAR_NUMBERS = ["-1", "0", "1e29", "1E+29", "-1e29", "3000000", "-3000000", "99999999999999999999999",
                "9" * 400, "1.5", "0.001", "1,000", "1 000", "£10", "10.", ".5", "+5", "0x10", "1_0", "NaN", "-0"]
UNICODE = ["Ωmega", "Zoë Ærø", "渡辺", "مرحبا", "😀🎉", "ﬁ ﬂ", "e\u0301", "\u200b", "Ⅻ", "ǅ", "ß", "İ"]

SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=24)
ANY_TEXT = st.text(max_size=24)
NASTY_TEXT = st.one_of(
    st.sampled_from(MARKUP + YAML_SPECIAL + CONTROL + NEAR_DATES + NEAR_NUMBERS + UNICODE),
    ANY_TEXT,
    st.tuples(st.sampled_from(MARKUP + YAML_SPECIAL + CONTROL + UNICODE), ANY_TEXT).map("".join),
)
"""Text for any field: the value the field must cope with, whatever it expects."""


def written(text: st.SearchStrategy[str]) -> st.SearchStrategy[Value]:
    """A text written quoted or raw."""
    return st.one_of(text.map(Quoted), text.map(Raw))


PEOPLE = ("olga", "dana", "sam")
CUSTOMERS = ("ann", "bea", "cid")
CONDITIONS = ['stage == "customer"', "lifetime_value >= 100", '"sailing" in interests',
              "days_since_contact > 90 or contacts_count == 0", "not quiet"]
TALKING_POINTS = ["Ask how {{ first_name }} is", "Mention {{ last_note }}", "The {{ last_purchase_item }}",
                  "Thanks from {{ consultant_name }} at {{ organization }}", "Say hello"]
DAY_SETTINGS = ("review_every_days", "quiet_after_days", "-appreciation_lead_days")

iso_dates = st.dates(date(2020, 1, 1), date(2027, 12, 31)).map(date.isoformat)
amounts = st.integers(0, 10_000_00).map(lambda cents: f"{cents // 100}.{cents % 100:02d}")


TEXT_KINDS = tuple(k for k in (scalars.Text, getattr(scalars, "Line", None)) if k is not None)
"""Free text, and one-line text (a name, a phone) where the tool has it."""


def valid(kind: fields.Kind, name: str, wild: int) -> st.SearchStrategy[Value]:
    """A value `check` should accept for a field of this kind (ids are the project's ids)."""
    if isinstance(kind, TEXT_KINDS):
        return written(st.one_of(st.sampled_from(["Ann Lee", "Blue coat", "Call on Monday", *UNICODE]), SAFE_TEXT,
                                 st.sampled_from(MARKUP))).map(lambda v: Quoted(v.text))
    if isinstance(kind, scalars.Slug):
        return st.sampled_from(CUSTOMERS if name in ("customer", "referred_by") else PEOPLE[:2]).map(Raw)
    if isinstance(kind, scalars.Choice):
        return st.sampled_from(kind.values).map(Raw)
    if isinstance(kind, scalars.Integer):
        low = kind.minimum if kind.minimum is not None else -5
        return st.integers(low, kind.maximum if kind.maximum is not None else low + 400).map(str).map(Raw)
    if isinstance(kind, scalars.Money):
        return amounts.map(Raw)
    if isinstance(kind, scalars.Date):
        return iso_dates.map(Raw)
    if isinstance(kind, scalars.Birthday):
        return st.one_of(iso_dates.map(Raw), st.sampled_from(["--12-20", "--02-29", "--07-04"]).map(Quoted))
    if isinstance(kind, scalars.Bool):
        return st.sampled_from(["true", "false"]).map(Raw)
    if isinstance(kind, scalars.Url):
        return st.sampled_from(["https://example.com/", "https://shop.example/a?b=1&c=d"]).map(Quoted)
    if isinstance(kind, scalars.Email):
        return st.sampled_from(["ann@example.com", "a.b+c@mail.example"]).map(Quoted)
    if isinstance(kind, MonthDay):
        return st.sampled_from(["--12-20", "--01-31"]).map(Quoted)
    if isinstance(kind, DaysKind):
        names = DAY_SETTINGS if kind.minimum is None else [n for n in DAY_SETTINGS if not n.startswith("-")]
        return st.one_of(st.integers(kind.minimum or 0, 400).map(str), st.sampled_from(names)).map(Raw)
    if isinstance(kind, ConditionKind):
        return st.sampled_from(CONDITIONS).map(Quoted)
    if isinstance(kind, TalkingPointKind):
        return st.one_of(st.sampled_from(TALKING_POINTS), SAFE_TEXT.filter(lambda t: "{" not in t)).map(Quoted)
    if isinstance(kind, DoneWhenKind):
        return st.lists(st.sampled_from(vocabulary.DONE_EVENTS).map(Raw), min_size=1, max_size=2, unique=True)
    if isinstance(kind, fields.ListOf):
        return st.lists(valid(kind.item, name, wild), max_size=2)
    if isinstance(kind, fields.Record):
        return record(kind, {}, wild)
    raise AssertionError(f"no strategy for {kind!r} ({name}): add one so every field is tried")


def nasty(kind: fields.Kind) -> st.SearchStrategy[Value]:
    """A value the field may well refuse: near misses for its kind, other shapes, any text."""
    near: list[str] = []
    if isinstance(kind, scalars.Date | scalars.Birthday | MonthDay):
        near = NEAR_DATES
    elif isinstance(kind, scalars.Integer | scalars.Money | DaysKind):
        near = NEAR_NUMBERS
    elif isinstance(kind, scalars.Choice):
        near = [v.upper() for v in kind.values] + [v + " " for v in kind.values]
    elif isinstance(kind, scalars.Slug):
        near = ["Ann", "a b", "../x", "a/b", "ann.", "-", "x" * 200]
    elif isinstance(kind, ConditionKind | TalkingPointKind):
        near = ["{{ range(10) }}", "{{ first_name | upper }}", "{% for i in [1] %}{{ i }}{% endfor %}",
                "{{ nope }}", "lifetime_value >=", "stage == customer", "{{ last_note }", "__class__"]
    shapes: list[Value] = [[], {}, [Raw("x")], {"a": Raw("b")}]
    return st.one_of(written(st.sampled_from(near or ["x"])), written(NASTY_TEXT), st.sampled_from(shapes))


@st.composite
def field_value(draw: st.DrawFn, field: fields.Field, wild: int) -> Value | None:
    """The field's value, or None to leave it out; `wild` is the percentage of nasty values."""
    roll = draw(st.integers(0, 99))
    if roll < wild // 4:
        return None  # even a required field may be left out
    if not field.required and draw(st.booleans()):
        return None
    if roll < wild:
        return draw(nasty(field.kind))
    return draw(valid(field.kind, field.name, wild))


@st.composite
def record(draw: st.DrawFn, kind: fields.Record, fixed: dict[str, Value | None], wild: int) -> dict[str, Value]:
    """Every field of the record tried (optional ones in some examples); `fixed` values (the
    ids that tie the files together; None: left out) win unless the example is wild enough to
    spoil them too."""
    out: dict[str, Value] = {}
    for field in kind.fields:
        if field.name in fixed and draw(st.integers(0, 99)) >= wild:
            if (value := fixed[field.name]) is not None:
                out[field.name] = value
            continue
        value = draw(field_value(field, wild))
        if value is not None:
            out[field.name] = value
    return out


WILDNESS = st.sampled_from([0, 0, 1, 3, 10, 40, 100])
"""How many values in a hundred are nasty: 0 (only the data's text is hostile) up to all."""

# ---------------------------------------------------------------- YAML text


def quote(text: str) -> str:
    """A double-quoted YAML scalar whose value is exactly `text`."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif 0x20 <= code < 0x7F or (0xA0 <= code <= 0xD7FF) or (0xE000 <= code <= 0xFFFD and code != 0xFEFF):
            out.append(char)
        elif code > 0xFFFF:
            out.append(f"\\U{code:08x}")
        else:
            out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def scalar(value: Raw | Quoted) -> str:
    return value.text if isinstance(value, Raw) else quote(value.text)


def yaml_lines(mapping: dict[str, Value], indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines += [f"{pad}{key}:", *yaml_lines(value, indent + 2)] if value else [f"{pad}{key}: {{}}"]
        elif isinstance(value, list):
            lines += [f"{pad}{key}:", *item_lines(value, indent + 2)] if value else [f"{pad}{key}: []"]
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def item_lines(items: list[Value], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict):
            inner = yaml_lines(item, indent + 2) or [pad + "  {}"]
            lines += [pad + "- " + inner[0].lstrip(), *inner[1:]]
        elif isinstance(item, list):
            lines.append(pad + "- [" + ", ".join(scalar(i) if isinstance(i, Raw | Quoted) else "x" for i in item) + "]")
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


def yaml_text(mapping: dict[str, Value]) -> str:
    return "\n".join(yaml_lines(mapping)) + "\n"


# ---------------------------------------------------------------- projects


@st.composite
def projects(draw: st.DrawFn, wildness: st.SearchStrategy[int] = WILDNESS) -> dict[str, str]:
    """A project's input files, `{relative path: YAML text}`."""
    wild = draw(wildness)

    def rec(kind: fields.Record, **fixed: Value | None) -> dict[str, Value]:
        return draw(record(kind, fixed, wild))

    people = [
        rec(tables.PERSON, id=Raw(person), role=Raw("owner" if person == "olga" else "consultant"), status=Raw("active"))
        for person in PEOPLE[: draw(st.integers(2, 3))]
    ]
    team = {"organization": rec(tables.ORGANIZATION, signatory=Raw("olga"), currency=Raw("EUR")), "people": people}

    def customers(ids: tuple[str, ...]) -> dict[str, Value]:
        return {"customers": [
            rec(tables.CUSTOMER, id=Raw(i), consultant=Raw("dana"), referred_by=Raw("ann") if i != "ann" else None)
            for i in ids
        ]}

    files = {
        "content/team.yaml": yaml_text(team),
        "content/customers.yaml": yaml_text(customers(CUSTOMERS[: draw(st.integers(1, 2))])),
        "playbook/rules.yaml": yaml_text({
            "settings": rec(SETTINGS_RECORD, as_of=Raw("2026-11-16")),
            "rules": [rec(RULE_RECORD, id=Raw(f"rule-{n}"), attempts=None) for n in range(draw(st.integers(1, 2)))],
        }),
    }
    if draw(st.booleans()):
        files["content/customers/more.yaml"] = yaml_text(customers(CUSTOMERS[2:]))
    for kind in (REVIEWS, CONTACTS, PURCHASES):
        if draw(st.booleans()):
            entries = [rec(kind.entry, customer=Raw("ann"), by=Raw("dana")) for _ in range(draw(st.integers(1, 2)))]
            files[f"content/{kind.folder}/2026-11-10-ann.yaml"] = yaml_text({kind.key: entries})
    return files


def write_project(root: Path, files: dict[str, str]) -> dict[str, bytes]:
    """Write the files (UTF-8, newlines as written) and return their bytes by path."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return inputs_of(root)


def inputs_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("content", "playbook")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


# ---------------------------------------------------------------- the checks


def invoke(*args: str) -> Result:
    """Run playbook in-process; the caller checks the exit code (0 or 1, never 3)."""
    return CliRunner().invoke(cli, list(args))


def crash(result: Result, files: dict[str, str]) -> str:
    """Why a run crashed, with its traceback and the project, for the failure message."""
    shown = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    project = "\n".join(f"--- {path}\n{text}" for path, text in files.items())
    return f"exit {result.exit_code}\n{result.output}\n{shown}\n{project}"


LOCATED = re.compile(r"(?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): (?P<message>.+)")
SUMMARY = re.compile(r"playbook: \d+ errors?, \d+ warnings?")


def unlocated(output: str, root: Path) -> list[str]:
    """Lines of `check`'s output that are neither a located problem in a project file nor its summary."""
    bad = []
    for line in output.splitlines():
        match = LOCATED.fullmatch(line)
        if match is None:
            if not (SUMMARY.fullmatch(line) or line.endswith(": ok")):
                bad.append(line)
            continue
        path = Path(match["path"])
        path = path if path.is_absolute() else root / path
        if not (path.is_file() and path.resolve().is_relative_to(root.resolve())) or int(match["line"]) < 1 or int(match["column"]) < 1 or int(match["line"]) > len(path.read_bytes().splitlines()) + 1:
            bad.append(line)
    return bad


def markdown_converter() -> Callable[[str], str]:
    from material.extensions.emoji import to_svg, twemoji

    configs = {name: dict(options) for name, options in REQUIRED_EXTENSIONS.items()}
    configs["pymdownx.emoji"] = {"emoji_index": twemoji, "emoji_generator": to_svg}
    return lambda text: markdown.Markdown(extensions=list(configs), extension_configs=configs).convert(text)


TAGS = frozenset(
    ["a", "article", "br", "code", "div", "em", "g", "h1", "h2", "h3", "h4", "header", "hr", "input", "label", "li", "ol", "p", "path", "pre", "rect", "section", "span", "strong", "style", "svg", "table", "tbody", "td", "text", "th", "thead", "title", "tr", "ul", "details", "summary"]
)
"""Every element the page templates, Markdown and the charts write."""
ATTRIBUTES = frozenset(
    ["class", "download", "href", "title", "id", "lang", "fill", "font-family", "font-size", "style", "disabled", "type", "d", "height", "width", "x", "y", "aria-hidden", "aria-label", "role", "viewbox", "xmlns", "text-anchor", "font-weight", "open"]
)
CLASS = re.compile(
    r"(pb|plan|week|task-list|admonition)(-[a-z-]+)?|headerlink|highlight|twemoji|playbook-chart"
    r"|note|abstract|info|tip|success|question|warning|failure|danger|bug|example|quote"
)
GENERATOR = Path(__file__).resolve().parents[1] / "generator"
TEMPLATE_CLASSES = frozenset(
    word
    for folder in ("templates", "site", "documents")
    for path in (GENERATOR / folder).rglob("*")
    if path.is_file() and path.suffix in (".py", ".j2", ".html", ".md")
    for value in re.findall(r"class=[\"']([^\"']*)[\"']", path.read_text(encoding="utf-8"))
    for word in value.split()
    if re.fullmatch(r"[a-z][a-z0-9-]*", word)
)
"""The classes the templates and the page code write (a data-made class is in none of them)."""
STYLES = frozenset(
    {"break-before: page", "max-width:640px", "text-align: left", "text-align: left;", "text-align: right",
     "text-align: right;", "text-align: center", "text-align: center;"}
)
WRITING_SPACE = re.compile(r"--lines: \d+; flex-grow: \d+")
"""The checklist's writing space: a whole number of lines, never text."""
ID = re.compile(r"[\w-]+")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")


class Elements(HTMLParser):
    """What the data must not have added to a page: the offending tags and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.introduced: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.introduced.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name not in ATTRIBUTES or name.startswith("on"):
                self.introduced.append(f"<{tag} {name}={value!r}>")
            elif name == "class" and not all(CLASS.fullmatch(w) or w in TEMPLATE_CLASSES for w in value.split()):
                self.introduced.append(f"<{tag} class={value!r}>")
            elif name == "style" and value not in STYLES and not WRITING_SPACE.fullmatch(value):
                self.introduced.append(f"<{tag} style={value!r}>")
            elif name == "id" and not ID.fullmatch(value):
                self.introduced.append(f"<{tag} id={value!r}>")
            elif name in URL_ATTRIBUTES and "".join(value.split()).lower().startswith(("javascript:", "data:", "vbscript:")):
                self.introduced.append(f"<{tag} {name}={value!r}>")


def introduced_markup(pages: dict[str, str]) -> list[str]:
    """Elements and attributes the data put into the pages, each with its page."""
    convert = markdown_converter()
    found = []
    for path, text in pages.items():
        body, front = meta.get_data(text)
        title = front.get("title", "")
        if not isinstance(title, str) or "<" in title or "\n" in title:
            found.append(f"{path}: title {title!r}")
        elements = Elements()
        elements.feed(convert(body))
        elements.close()
        found += [f"{path}: {what}" for what in elements.introduced]
    return found


def accepted_project_plans_and_renders(root: Path, files: dict[str, str]) -> None:
    planned = invoke("-C", str(root), "plan", "--format", "json")
    assert planned.exit_code == 0, crash(planned, files)
    json.loads(planned.stdout)
    result = render_site(Project.at(root), as_of=None)
    assert result.ok, [str(p) for p in result.problems.sorted()] + [crash(planned, files)]
    pages = {page.path: page.text for page in result.pages}
    assert pages, "an accepted project has pages"
    introduced = introduced_markup(pages)
    assert introduced == [], "\n".join(introduced) + "\n" + crash(planned, files)


@BUDGET
@given(files=projects())
def test_any_data_is_accepted_or_a_located_error_and_what_is_accepted_plans_and_renders(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        before = write_project(root, files)
        checked = invoke("-C", str(root), "check")
        assert checked.exit_code in (0, 1), crash(checked, files)
        event("accepted" if checked.exit_code == 0 else "refused")
        assert unlocated(checked.output, root) == [], crash(checked, files)
        if checked.exit_code == 1:
            assert LOCATED.search(checked.output), crash(checked, files)
        else:
            accepted_project_plans_and_renders(root, files)
        assert inputs_of(root) == before, "inputs must stay byte-identical"


@pytest.mark.slow
@settings(BUDGET, max_examples=max(3, EXAMPLES // 10))
@given(files=projects().filter(lambda files: "playbook:html" not in "".join(files.values())))
def test_what_check_accepts_builds_a_site_with_no_markup_from_the_data(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        before = write_project(root, files)
        checked = invoke("-C", str(root), "check")
        assert checked.exit_code in (0, 1), crash(checked, files)
        if checked.exit_code == 0:
            result = build_site(Project.at(root), as_of=None)
            assert result.site_dir is not None, [str(p) for p in result.problems.sorted()]
            for page in sorted(result.site_dir.rglob("*.html")):
                html = page.read_text(encoding="utf-8")
                for marker in ("onerror=", "onmouseover=", "onclick=", "onfocus=", "javascript:alert", "<evil-tag", "<script>alert"):
                    assert marker not in html, (page, marker)
        assert inputs_of(root) == before, "inputs must stay byte-identical"


def test_quoted_values_are_read_back_exactly() -> None:
    """The generator's quoting is right, so a refused quoted value is the tool's doing, not ours."""
    for text in MARKUP + YAML_SPECIAL + CONTROL + UNICODE + ["\U0001f600\x00\ud7ff"]:
        problems = Problems()
        node = read_yaml(Path("quoted.yaml"), problems, f"k: {quote(text)}\n".encode())
        assert isinstance(node, MappingNode) and not problems.has_errors(), (text, [str(p) for p in problems.sorted()])
        assert node.value[0][1].value == text
