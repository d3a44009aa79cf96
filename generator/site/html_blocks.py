"""A Markdown extension that passes the generated pages' HTML blocks through unparsed.

The bulk of a plan, a customer list or a checklist page is written as HTML between an
`OPEN` and a `CLOSE` line. Any Markdown engine passes such a block through as raw HTML, so
the pages stay portable; Python-Markdown, though, first feeds raw HTML through its HTML parser,
which costs about as much as converting the Markdown it replaces. This preprocessor stores each
marked block in Python-Markdown's HTML stash as it is, which is where its own raw-HTML handling
would put it, so the page comes out the same, only without the parse.

The blocks hold no unescaped data: every value in them went through `md_text` (which escapes
`<`, `>`, `&` and quotes), so no value can write a marker line or close a tag.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPEN = "<!-- playbook:html -->"
CLOSE = "<!-- /playbook:html -->"
PRIORITY = 25
"""After whitespace normalisation (30), before Python-Markdown's raw-HTML blocks (20)."""


class StashMarkedBlocks(Preprocessor):
    """Replace each marked block with a stash placeholder; an unclosed block stays as it was."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == OPEN:
                    block = [line]
                else:
                    out.append(line)
                continue
            block.append(line)
            if line == CLOSE:  # with the newline Python-Markdown keeps after a raw block
                out.extend(("", self.md.htmlStash.store("\n".join(block) + "\n"), ""))
                block = None
        if block is not None:
            out.extend(block)
        return out


class HtmlBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(StashMarkedBlocks(md), "playbook_html_blocks", PRIORITY)


def makeExtension(**kwargs: object) -> HtmlBlocksExtension:
    return HtmlBlocksExtension(**kwargs)
