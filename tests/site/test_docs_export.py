"""`playbook build --docs-dir`: the site as a MkDocs project that needs no playbook plugin.

The exported folder is built with plain MkDocs (and Zensical where it is installed) and
compared with `playbook build`: the same pages, each with the same article text. The theme's
chrome differs where the plugin works while MkDocs runs (see site/docs_export.py).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import copy_demo, run_cli, write_tree
from hostile import hostile_project

from generator.site.docs_export import MARK
from generator.site.private import ROBOTS_META, ROBOTS_TXT

AS_OF = "2026-11-16"
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


class ArticleText(HTMLParser):
    """The text inside a page's <article>, one space between pieces: markup and white space
    between tags do not count, what a reader sees does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.pieces: list[str] = []
        self.articles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.articles += self.depth == 0  # a letter is an article inside the page's
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.pieces.append(" ".join(data.split()))


def article_text(page: Path) -> str:
    parser = ArticleText()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.articles == 1, page
    return " ".join(parser.pieces)


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site by path, as its article text (404.html has none)."""
    return {p.relative_to(site).as_posix(): article_text(p) for p in sorted(site.rglob("*.html")) if p.name != "404.html"}


def export_and_build(root: Path, out: Path, *engine: str) -> Path:
    """`playbook build --docs-dir`, then the exported folder built by `engine`; returns its site."""
    run_cli("--project", str(root), "build", "--as-of", AS_OF, "--docs-dir", str(out))
    built = subprocess.run([*engine, "-f", str(out / "mkdocs.yml")], capture_output=True, text=True, env=QUIET, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    return out / "site"


def playbook_site(root: Path, out: Path) -> Path:
    run_cli("--project", str(root), "build", "--as-of", AS_OF, "--site-dir", str(out))
    return out


MKDOCS = (sys.executable, "-m", "mkdocs", "build", "-q")


@pytest.fixture(scope="module")
def demo_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The demo built by playbook, and exported then built by plain MkDocs: (project, site, exported site)."""
    tmp = tmp_path_factory.mktemp("export")
    root = copy_demo(tmp)
    return root, playbook_site(root, tmp / "site"), export_and_build(root, tmp / "export", *MKDOCS)


# ---------------------------------------------------------------- building the export (slow)


@pytest.mark.slow
def test_plain_mkdocs_builds_the_same_pages_from_the_export(demo_sites: tuple[Path, Path, Path]) -> None:
    _, site, exported = demo_sites
    ours, theirs = pages(site), pages(exported)
    assert sorted(theirs) == sorted(ours)
    assert len(ours) > 40
    assert [path for path in ours if theirs[path] != ours[path]] == []


@pytest.mark.slow
def test_the_exported_site_carries_every_file_the_plugin_adds(demo_sites: tuple[Path, Path, Path]) -> None:
    _, site, exported = demo_sites
    added = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".ics", ".pdf", ".txt") or p.name.startswith("playbook"))
    assert any(name.endswith(".pdf") for name in added)
    assert any(name.endswith(".ics") for name in added)
    assert [name for name in added if (site / name).read_bytes() != (exported / name).read_bytes()] == []
    assert (exported / "robots.txt").read_text(encoding="utf-8") == ROBOTS_TXT
    assert [p.name for p in exported.rglob("*.html") if p.read_text(encoding="utf-8").count(ROBOTS_META) != 1] == []


@pytest.mark.slow
def test_the_playbook_markdown_extension_only_saves_time(demo_sites: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Without `generator.site.html_blocks` (an environment without playbook) every page comes out byte for byte the same."""
    root, _, exported = demo_sites
    config = root.parent / "export" / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "- generator.site.html_blocks\n" in text
    plain = tmp_path / "mkdocs.yml"
    plain.write_text(text.replace("- generator.site.html_blocks\n", "").replace("docs_dir: docs", f"docs_dir: {config.parent / 'docs'}"), encoding="utf-8")
    (tmp_path / "overrides").symlink_to(config.parent / "overrides")
    built = subprocess.run([*MKDOCS, "-f", str(plain)], capture_output=True, text=True, env=QUIET, check=False)
    assert built.returncode == 0, built.stderr
    names = sorted(p.relative_to(exported).as_posix() for p in exported.rglob("*.html"))
    assert [n for n in names if (tmp_path / "site" / n).read_bytes() != (exported / n).read_bytes()] == []


@pytest.mark.slow
def test_hostile_data_stays_text_in_the_exported_site(tmp_path: Path) -> None:
    root = hostile_project(tmp_path / "project")
    site = playbook_site(root, tmp_path / "site")
    exported = export_and_build(root, tmp_path / "export", *MKDOCS)
    ours, theirs = pages(site), pages(exported)
    assert sorted(theirs) == sorted(ours)
    assert [path for path in ours if theirs[path] != ours[path]] == []
    assert "<script>alert" not in "".join(p.read_text(encoding="utf-8") for p in exported.rglob("*.html"))


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is not installed (pip install zensical)")
def test_zensical_builds_the_same_pages_from_the_export(demo_sites: tuple[Path, Path, Path], tmp_path: Path) -> None:
    root, site, _ = demo_sites
    exported = export_and_build(root, tmp_path / "export", sys.executable, "-m", "zensical", "build")
    ours, theirs = pages(site), pages(exported)
    assert sorted(theirs) == sorted(ours)
    assert [path for path in ours if theirs[path] != ours[path]] == []
    assert [p.name for p in exported.rglob("*.html") if ROBOTS_META not in p.read_text(encoding="utf-8")] == []


# ---------------------------------------------------------------- the export itself


def test_the_export_needs_no_playbook_plugin_and_lists_everything(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    out = tmp_path / "export"
    result = run_cli("--project", str(root), "build", "--as-of", AS_OF, "--docs-dir", str(out))
    assert f"playbook: wrote 46 generated pages as of {AS_OF} (61 files in docs/) and " in result.output
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.startswith(MARK + "\n")
    config = yaml.load(text, Loader=_Tags)
    assert config["plugins"] == ["search", {"offline": {"enabled": False}}]
    assert config["docs_dir"] == "docs"
    assert config["theme"]["custom_dir"] == "overrides"
    assert config["theme"]["font"] is False
    assert config["extra_css"] == ["assets/playbook.css", "assets/playbook-icons.css"]
    assert {"pymdownx.emoji": {"emoji_index": "material.extensions.emoji.twemoji", "emoji_generator": "material.extensions.emoji.to_svg"}} in config["markdown_extensions"]
    assert config["nav"][0] == {"Home": "index.md"}
    assert {"Lessons": ["lessons/index.md", "memorable-start.md", "saying-yes.md", "setting-expectations.md", "why-silence-costs.md"]} in config["nav"][2]["Trainers"]
    assert ROBOTS_META in (out / "overrides" / "main.html").read_text(encoding="utf-8")
    docs = out / "docs"
    assert (docs / "memorable-start.md").read_bytes() == (root / "content" / "pages" / "memorable-start.md").read_bytes()
    assert (docs / "consultants" / "sam-whitlock" / "plan.md").read_text(encoding="utf-8").startswith('---\ntitle: "Sam Whitlock: my plan"')
    assert (docs / "consultants" / "sam-whitlock" / "follow-ups.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (docs / "handovers" / "2026-11-16-jonas-berg-sam-whitlock.pdf").read_bytes().startswith(b"%PDF")
    assert (docs / "robots.txt").read_text(encoding="utf-8") == ROBOTS_TXT


class _Tags(yaml.SafeLoader):
    """Reads the exported file's function tags as their names."""


_Tags.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, name, node: name)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_inputs_give_the_same_bytes_and_a_second_export_replaces_the_first(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    out = tmp_path / "export"
    run_cli("--project", str(root), "build", "--as-of", AS_OF, "--docs-dir", str(out))
    first = _tree(out)
    (out / "docs" / "left-over.md").write_text("# Old\n", encoding="utf-8")
    run_cli("--project", str(root), "build", "--as-of", AS_OF, "--docs-dir", str(out))
    assert _tree(out) == first
    run_cli("--project", str(root), "build", "--as-of", "2026-11-17", "--docs-dir", str(out))
    assert _tree(out) != first


def test_bad_data_writes_nothing(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    out = tmp_path / "export"
    run_cli("--project", str(root), "build", "--as-of", AS_OF, "--docs-dir", str(out))
    before = _tree(out)
    write_tree(root, {"content/customers/zz-broken.yaml": "customers:\n  - id: [zz\n"})
    result = run_cli("--project", str(root), "build", "--as-of", AS_OF, "--docs-dir", str(out), exit_code=1)
    assert "zz-broken.yaml" in result.output
    assert _tree(out) == before


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("content/export", "is inside {root}/content, which playbook reads or replaces; choose a --docs-dir outside it"),
        ("playbook/export", "is inside {root}/playbook, which playbook reads or replaces; choose a --docs-dir outside it"),
        ("site", "{root}/site: the exported folder would replace {root}/site; choose another --docs-dir"),
        ("site/export", "is inside {root}/site, which playbook reads or replaces; choose a --docs-dir outside it"),
        (".", "{root}: the exported folder would replace {root}; choose another --docs-dir"),
        ("content", "{root}/content: the exported folder would replace {root}/content; choose another --docs-dir"),
        ("..", "the exported folder would replace {root}; choose another --docs-dir"),
    ],
)
def test_a_folder_among_the_inputs_or_the_site_is_refused(tmp_path: Path, where: str, message: str) -> None:
    root = copy_demo(tmp_path)
    before = _tree(root)
    result = run_cli("--project", str(root), "build", "--as-of", AS_OF, "--docs-dir", str(root / where), exit_code=1)
    assert message.format(root=root) in " ".join(result.output.split())
    assert _tree(root) == before


def test_a_folder_an_export_did_not_write_is_refused(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    own = write_tree(tmp_path / "mine", {"notes.md": "# Mine\n", "mkdocs.yml": "site_name: Mine\n"})
    result = run_cli("--project", str(root), "build", "--as-of", AS_OF, "--docs-dir", str(own), exit_code=1)
    assert "holds files but no mkdocs.yml written by `playbook build --docs-dir`; playbook replaces the whole folder" in " ".join(result.output.split())
    assert (own / "notes.md").read_text(encoding="utf-8") == "# Mine\n"


@pytest.mark.parametrize("option", [("--split",), ("--consultant", "sam-whitlock"), ("--strict",), ("--site-dir", "elsewhere")])
def test_docs_dir_builds_no_site_so_site_options_are_usage_errors(tmp_path: Path, option: tuple[str, ...]) -> None:
    root = copy_demo(tmp_path)
    result = run_cli("--project", str(root), "build", "--docs-dir", str(tmp_path / "export"), *option, exit_code=2)
    assert f"Error: --docs-dir writes the pages for another build and builds no site, so it takes no {option[0]}" in result.output
    assert not (tmp_path / "export").exists()
