"""The escaping filters: data shows as text in every Markdown context, links keep safe schemes."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.mkdocs_plugin import REQUIRED_EXTENSIONS
from generator.site.render import email_url, make_environment, md_link, md_text, phone_url, safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    "|",
    "a | b | c",
    "*x*",
    "_x_ __y__",
    "[x](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "{ onerror=alert(1) }",
    "{: .x onerror=alert(1) }",
    "{{ 7*7 }}",
    "{% raw %}",
    "# heading",
    "## heading {#id}",
    "---",
    "===",
    "***",
    "![img](http://evil.example/x.png)",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "javascript:alert(1)",
    ":material-account:",
    ":smile:",
    "[[x]]",
    "`code`",
    "```",
    "1. list",
    "- item",
    "+ item",
    "> quote",
    "!!! note",
    '??? danger "x"',
    "~~~",
    "~~strike~~",
    "&lt;b&gt; &amp; &#60;",
    "http://evil.example/track",
    "<http://evil.example>",
    "www.evil.example",
    "mail@evil.example",
    "a\\*b\\",
    "<!-- comment -->",
    "line one\n# line two\n---\n    code",
    "    indented code",
    "- [ ] not a task",
    "[^1]",
    "*[HTML]: abbreviation",
    "\x02klzzwxh:0000\x03",
    "Name (Company) — café, 50% off!",
    "1986. A good year",
    "12) twelve",
    "2024.",
    "O'Brien & Sons, Ltd.",
    "£1,234.56 (incl. VAT)",
    "+44 (0)20 7946 0000",
    "first_last@example.com",
    "Re: order #42 :)",
    "C++ & C#",
    "Title ##",
    "? question",
    "= equals",
    "-",
    "1.",
    "a\\",
    "\\[x]",
    "&",
    "==mark== ^^ins^^ ~sub~",
    "x_y_z __init__",
]



def to_html(source: str) -> str:
    from material.extensions.emoji import to_svg, twemoji

    configs = {name: dict(options) for name, options in REQUIRED_EXTENSIONS.items()}
    configs["pymdownx.emoji"] = {"emoji_index": twemoji, "emoji_generator": to_svg}
    return markdown.markdown(source, extensions=list(REQUIRED_EXTENSIONS), extension_configs=configs)


class Collector(HTMLParser):
    """Text of the fragment, and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def shown(value: str) -> str:
    """What a reader should see: the value on one line, without control characters."""
    return " ".join("".join(c for c in value if c.isprintable() or c.isspace()).split())


_MARKUP_ALPHABET = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ aZ09\t\n"

CONTEXTS = {
    "paragraph": ("{}\n", {"p"}),
    "after a line": ("Intro\n{}\n", {"p"}),
    "after a list item": ("- item\n{}\n", {"ul", "li"}),
    "heading": ("## {} {{ #card }}\n", {"h2"}),
    "table": ("| A | B |\n| - | - |\n| {} | x |\n", {"table", "thead", "tbody", "tr", "th", "td"}),
    "list": ("- {}\n", {"ul", "li"}),
    "task": ("- [ ] {}\n", {"ul", "li", "label", "input", "span"}),
    "admonition": ('!!! note "Note"\n    {}\n', {"div", "p"}),
    "strong link": ("**[{}](page.md)**\n", {"p", "strong", "a"}),
    "html table cell": ("<table>\n<tr><td>{}</td></tr>\n</table>\n", {"table", "tr", "td"}),
    "html details": ('<details class="note">\n<summary>x</summary>\n<ul>\n<li>{}</li>\n</ul>\n</details>\n', {"details", "summary", "ul", "li"}),
    "letter block": ('<div class="letter" markdown>\n\nDear {},\n\n</div>\n', {"div", "p"}),
}


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("context", list(CONTEXTS))
def test_data_shows_as_text_in_every_context(value: str, context: str) -> None:
    template, allowed = CONTEXTS[context]
    html = to_html(template.format(md_text(value)))
    found = parse(html)
    tags = {tag for tag, _ in found.tags}
    assert tags <= allowed, f"{value!r} in a {context} made {sorted(tags - allowed)}: {html}"
    assert shown(value) in " ".join("".join(found.text).split()), html
    for _, attrs in found.tags:
        assert not any(name.startswith("on") for name in attrs), html
        assert attrs.get("href") in (None, "page.md"), html
    assert "javascript:" not in html
    assert "onerror=" not in html
    assert "<script" not in html


@settings(max_examples=300, deadline=None)
@given(value=st.text(alphabet=st.sampled_from(list(_MARKUP_ALPHABET)), max_size=24), context=st.sampled_from(list(CONTEXTS)))
def test_any_mix_of_markup_characters_shows_as_text(value: str, context: str) -> None:
    """Hostile strings beyond the list above: any sequence of Markdown's own characters."""
    template, allowed = CONTEXTS[context]
    found = parse(to_html(template.format(md_text(value))))
    assert {tag for tag, _ in found.tags} <= allowed
    assert shown(value) in " ".join("".join(found.text).split())


def test_md_text_leaves_harmless_punctuation_alone() -> None:
    """Every reference costs Markdown an inline match: names and amounts stay as typed."""
    assert md_text("O'Brien, Ltd. (Leeds) 50% off £1,234.56 / a-b@c.d") == "O'Brien, Ltd. (Leeds) 50% off £1,234.56 / a-b@c.d"
    assert md_text("-5") == "&#45;5"
    assert md_text("1986. A year") == "1986&#46; A year"


def test_md_text_is_one_line_and_plain_for_plain_words() -> None:
    assert md_text("Ann Lee") == "Ann Lee"
    assert md_text("two\nlines\r\n  here") == "two lines here"
    assert md_text(None) == ""
    assert md_text(42) == "42"
    assert md_text("a|b") == "a&#124;b"
    assert "\n" not in md_text("x\n\n# y\n---")


def escaped_as_before(value: object) -> str:
    """`md_text` without its shortcuts: every value normalised and translated (how it was written
    before the plain-text fast path); the fast path must give the same text for every value."""
    import re

    from generator.site import render

    if value is None:
        return ""
    text = " ".join(render._CONTROL.sub("", str(value)).split())
    if not text:
        return ""
    if text[0] in render._PUNCTUATION:
        return f"&#{ord(text[0])};" + text[1:].translate(render._ESCAPES)
    if text[0].isdigit() and (number := re.match(r"[0-9]+[.)]", text)):
        end = number.end() - 1
        return f"{text[:end]}&#{ord(text[end])};" + text[end + 1 :].translate(render._ESCAPES)
    return text.translate(render._ESCAPES)


_EDGES = " \t\n\r\x00\x02\x1c\x85\xa0\u2028\u200b\u3000é😀1.)-#|&:"


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(list(_MARKUP_ALPHABET + _EDGES + "ab")), max_size=30), st.integers(), st.none()))
def test_md_text_gives_what_the_unhurried_version_gives(value: object) -> None:
    assert md_text(value) == escaped_as_before(value)


def test_md_text_collapses_spaces_in_otherwise_plain_text() -> None:
    for value in (" Ann", "Ann ", "Ann  Lee", "Ann\u00a0Lee", "Ann\tLee", "\u200bAnn"):
        assert md_text(value) == escaped_as_before(value), value


def test_md_text_drops_markdowns_own_placeholder_characters() -> None:
    assert md_text("\x02klzzwxh:0\x03") == "klzzwxh&#58;0"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=1&c=2#x", "https://example.com/a?b=1&c=2#x"),
        ("http://example.com", "http://example.com"),
        ("HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"),
        ("https://example.com/a)b(c", "https://example.com/a%29b%28c"),
        ('https://example.com/"onmouseover="x', "https://example.com/%22onmouseover=%22x"),
        ("https://example.com/<script>", "https://example.com/%3Cscript%3E"),
        ("https://example.com/*a*_b_", "https://example.com/%2Aa%2A_b_"),
        ("mailto:ann@example.com", "mailto:ann@example.com"),
        ("javascript:alert(1)", ""),
        ("JavaScript:alert(1)", ""),
        (" javascript:alert(1)", ""),
        ("java\nscript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("file:///etc/passwd", ""),
        ("//evil.example/x", ""),
        ("/relative/path", ""),
        ("https://", ""),
        ("https://exa mple.com", ""),
        ("mailto:", ""),
        ("mailto:a@b@c", ""),
        (None, ""),
    ],
)
def test_safe_url_keeps_only_http_https_and_mailto(url: str | None, expected: str) -> None:
    assert safe_url(url) == expected


def test_email_and_phone_links() -> None:
    assert email_url("ann@example.com") == "mailto:ann@example.com"
    assert email_url("ann@example.com?subject=x") == "mailto:ann@example.com%3Fsubject%3Dx"
    assert email_url("not an address") == ""
    assert phone_url("+1 (555) 010-2000") == "tel:+15550102000"
    assert phone_url("023 9200 1234") == "tel:02392001234"
    assert phone_url("call me: 555") == ""
    assert phone_url("javascript:alert(1)") == ""
    assert phone_url(None) == ""


def test_md_link_refuses_to_link_an_unsafe_address() -> None:
    assert md_link("Ann *Lee*", "mailto:ann@example.com") == "[Ann &#42;Lee&#42;](mailto:ann@example.com)"
    assert md_link("[x](javascript:alert(1))", safe_url("javascript:alert(1)")) == md_text("[x](javascript:alert(1))")
    html = to_html(md_link("<b>x</b>", safe_url("https://example.com/a b")))
    assert parse(html).tags == [("p", {})]


def test_templates_render_data_once_never_as_a_template() -> None:
    env = make_environment()
    template = env.from_string("{{ name | md_text }} {{ name }}")
    assert template.render(name="{{ 7*7 }}") == "&#123;&#123; 7&#42;7 &#125;&#125; {{ 7*7 }}"


def test_environment_is_strict_and_keeps_markdown_lists_tight() -> None:
    env = make_environment()
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()
    text = env.from_string("{% for x in items %}\n- {{ x }}\n{% endfor %}\n").render(items=["a", "b"])
    assert text == "- a\n- b\n"
