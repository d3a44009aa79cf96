"""A Markdown extension that passes the generated pages' HTML blocks through unparsed.

The bulk of a plan, a customer list or a checklist page is written as HTML between an
`OPEN` and a `CLOSE` line. Any Markdown engine passes such a block through as raw HTML, so
the pages stay portable; Python-Markdown, though, first feeds raw HTML through its HTML parser,
which costs about as much as converting the Markdown it replaces. This preprocessor stores each
marked block in Python-Markdown's HTML stash as it is, which is where its own raw-HTML handling
would put it, so the page comes out the same, only without the parse. The stash holds a short
stand-in for each block, put back by a last postprocessor: Python-Markdown searches every stashed
piece again for placeholders once it is in the page, which for blocks of megabytes cost more
than the rest of the conversion.

The blocks hold no unescaped data: every value in them went through `md_text` (which escapes
`<`, `>`, `&` and quotes), so no value can write a marker line or close a tag.
"""

from __future__ import annotations

import re
import uuid

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

OPEN = "<!-- playbook:html -->"
CLOSE = "<!-- /playbook:html -->"
PRIORITY = 25
"""After whitespace normalisation (30), before Python-Markdown's raw-HTML blocks (20)."""
RESTORE_PRIORITY = 5
"""After Python-Markdown's raw HTML (30) and ampersands (20) are restored."""


class StashMarkedBlocks(Preprocessor):
    """Replace each marked block with a stash placeholder; an unclosed block stays as it was."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.blocks: list[str] = []
        self.nonce = uuid.uuid4().hex  # no text of a page can name a stand-in

    def run(self, lines: list[str]) -> list[str]:
        self.blocks = []
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
                out.extend(("", self.md.htmlStash.store(self.stand_in(len(self.blocks))), ""))
                self.blocks.append("\n".join(block) + "\n")
                block = None
        if block is not None:
            out.extend(block)
        return out

    def stand_in(self, number: int) -> str:
        """A comment, so Python-Markdown places it as it would the block (which opens with one)."""
        return f"<!--playbook:block:{self.nonce}:{number}-->"


class RestoreMarkedBlocks(Postprocessor):
    """Put each block back in place of its stand-in, after Python-Markdown restored its stash."""

    def __init__(self, md: Markdown, stash: StashMarkedBlocks) -> None:
        super().__init__(md)
        self.stash = stash

    def run(self, text: str) -> str:
        blocks = self.stash.blocks
        if not blocks:
            return text
        pattern = re.compile(f"<!--playbook:block:{self.stash.nonce}:([0-9]+)-->")
        return pattern.sub(lambda match: blocks[int(match.group(1))], text)


class HtmlBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        stash = StashMarkedBlocks(md)
        md.preprocessors.register(stash, "playbook_html_blocks", PRIORITY)
        md.postprocessors.register(RestoreMarkedBlocks(md, stash), "playbook_html_blocks", RESTORE_PRIORITY)


def makeExtension(**kwargs: object) -> HtmlBlocksExtension:
    return HtmlBlocksExtension(**kwargs)
