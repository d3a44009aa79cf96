"""A project whose every value is a string that would be markup, a link or a script if unescaped.

The site test builds it and checks that each value shows as text; the golden files keep the
built pages' content, so a change of escaping shows up as a diff.
"""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree

HOSTILE = [
    "<script>alert(1)</script>",
    "a | b",
    "*x* _y_",
    "[x](javascript:alert(1))",
    "{ onerror=alert(1) }",
    "{{ 7*7 }}",
    "# heading",
    "---",
    "![img](http://evil.example/x.png)",
    "<img src=x onerror=alert(1)>",
    ":material-account:",
    "[[x]]",
    "`tick`",
    "1. list",
    "> quote",
    "!!! note",
    "~~~",
    "&lt;b&gt;",
    "http://evil.example/track",
    "<!-- x -->",
    "</title><script>alert(2)</script>",
]


def quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def hostile_project(root: Path) -> Path:
    name = " ".join(HOSTILE[:6])
    notes = "\n".join(f"      - {{date: 2026-0{1 + i % 9}-1{i % 10}, text: {quoted(h)}}}" for i, h in enumerate(HOSTILE))
    return write_tree(
        root,
        {
            "content/team.yaml": f"""\
                organization:
                  name: {quoted(HOSTILE[0])}
                  signatory: olga
                  website: https://example.com/
                people:
                  - id: olga
                    name: {quoted("Olga " + HOSTILE[3])}
                    role: owner
                  - id: dana
                    name: {quoted("Dana " + HOSTILE[9] + HOSTILE[-1])}
                    role: consultant
                    region: {quoted(HOSTILE[4])}
                """,
            "content/customers.yaml": f"""\
customers:
  - id: ann
    name: {quoted(name)}
    consultant: dana
    company: {quoted(HOSTILE[8])}
    email: ann@example.com
    phone: 'javascript:alert(1)'
    address: {quoted(HOSTILE[6])}
    city: {quoted(HOSTILE[7])}
    interests: [{", ".join(quoted(h) for h in HOSTILE[10:14])}]
    preferred_channel: email
    notes:
{notes}
    purchases:
      - {{date: 2026-11-13, amount: 10, item: {quoted(HOSTILE[16])}}}
    contacts:
      - {{date: 2026-01-02, channel: phone, outcome: reached, note: {quoted(HOSTILE[14])}}}
    reviews:
      - {{date: 2026-01-03, rating: 5, note: {quoted(HOSTILE[15])}}}
""",
            "playbook/rules.yaml": """\
                rules:
                  - id: thank-you
                    habit: thank_you
                    title: Thank them
                    why: Thanks matter.
                    anchor: purchase
                    offset_days: 2
                    talking_points:
                      - "Mention {{ last_note }} and {{ last_purchase_item }}"
                """,
        },
    )


HOSTILE_EMAIL = "*x*_y_{onerror=alert`1`}|&a@evil.example"
"""An address the e-mail check accepts that is still markup if unescaped."""
HOSTILE_PHONE = "<img src=x onerror=alert(1)>"


def hostile_contact_customer(root: Path) -> Path:
    """A second customer of the hostile project, in a file of their own, whose phone and e-mail
    address (shown on the plan's entries and the week sheet) would be markup if unescaped."""
    return write_tree(
        root,
        {
            "content/customers/more.yaml": f"""\
customers:
  - id: bea
    name: {quoted(HOSTILE[4] + " " + HOSTILE[0])}
    consultant: dana
    email: {quoted(HOSTILE_EMAIL)}
    phone: {quoted(HOSTILE_PHONE)}
    preferred_channel: email
    purchases:
      - {{date: 2026-11-14, amount: 10, item: {quoted(HOSTILE[3])}}}
""",
        },
    )
