"""The pages written by hand in the docs folder, and the navigation that holds them with ours.

The navigation lists audience tabs, each holding section index pages and the few pages whose
number does not grow with the data; hand-written pages join the Lessons section, and none of
them may share a path with a generated page.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from generator.core.problems import Problem
from generator.core.project import irregular_entries, regular_files
from generator.site.spec import SECTIONS, TABS, HandWritten, PageSpec


def hand_written_pages(docs_dir: Path) -> list[HandWritten]:
    """Every Markdown page below `docs_dir`, with its title (front matter, else first '# ').

    Only regular files count: a symbolic link is never followed (`irregular_pages` reports it).
    """
    out = []
    for path in sorted(p for p in regular_files(docs_dir) if p.suffix == ".md"):
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue
        relative_path = path.relative_to(docs_dir).as_posix()
        out.append(HandWritten(relative_path, title_of(path.read_text(encoding="utf-8", errors="replace"), relative_path)))
    return out


def irregular_pages(docs_dir: Path) -> list[Problem]:
    """A located error for each link (or pipe) in the docs folder, which MkDocs would follow and
    publish; the project's own folders are checked when the data is loaded, this covers a
    docs_dir that mkdocs.yml places elsewhere."""
    return irregular_entries(docs_dir)


def title_of(text: str, path: str) -> str:
    """A page's title as MkDocs finds it: front matter `title:`, else the first '# ' heading."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for line in lines[1:]:
            if line.strip() == "---":
                break
            if line.startswith("title:"):
                return line.partition(":")[2].strip().strip("'\"")
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    return posixpath.basename(path).removesuffix(".md").replace("-", " ").capitalize()


def collisions(specs: Sequence[PageSpec], hand_written: Sequence[HandWritten], pages_dir: Path) -> list[Problem]:
    """A generated page never silently replaces a hand-written one, nor another generated one."""
    out = []
    seen: set[str] = set()
    written = {h.path for h in hand_written}
    for spec in specs:
        if spec.path in seen:
            out.append(Problem("<site>", 1, 1, "error", f"two generated pages share the path {spec.path!r}; this is a bug in a page source"))
        seen.add(spec.path)
        if spec.path in written:
            out.append(
                Problem(
                    str(pages_dir / spec.path),
                    1,
                    1,
                    "error",
                    f"this hand-written page has the path of a generated page ({spec.path}); rename or move it",
                )
            )
    return out


def site_nav(specs: Iterable[PageSpec], hand_written: Iterable[HandWritten]) -> list[Any]:
    """MkDocs `nav`: audience tabs holding section index pages and the few fixed pages."""
    specs = list(specs)
    in_nav: dict[str, list[Any]] = defaultdict(list)
    for spec in specs:
        section_key = spec.path.split("/", 1)[0] if "/" in spec.path else "home"
        if spec.in_nav and not spec.path.endswith("/index.md"):
            in_nav[section_key].append(spec.path)  # MkDocs takes the title from the page's escaped H1
    generated = {spec.path for spec in specs}
    lessons = [h.path for h in hand_written if h.path not in generated]
    tabs: dict[str, list[Any]] = {tab: [] for tab in TABS}
    for section in SECTIONS:
        items: list[Any] = [f"{section.key}/index.md", *in_nav[section.key]]
        if section.key == "lessons":
            items += lessons
        tabs[section.tab].append({section.title: items})
    nav: list[Any] = [{"Home": "index.md"}]
    for tab in TABS[1:]:
        sections = tabs[tab]
        # A tab with one section shows that section's pages directly.
        nav.append({tab: sections[0][next(iter(sections[0]))] if len(sections) == 1 else sections})
    return nav
