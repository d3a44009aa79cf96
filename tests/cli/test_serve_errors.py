"""`playbook serve` while the data has errors (issue 14, failure 10): the browser gets a page that
lists the problems, escaped, and says it reloads when they are fixed; it is never left waiting,
and the real site comes back once the files are fixed."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, write_tree

from generator.core.problems import Problem
from generator.site.problems_page import MARKER, problems_page

GOOD = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
"""

BAD = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    "<b>nobody</b>": 1
"""

BAD_LINE = "unknown field '<b>nobody</b>'; known fields: id, name"
ESCAPED_LINE = "unknown field &#x27;&lt;b&gt;nobody&lt;/b&gt;&#x27;; known fields: id, name"


def test_the_page_lists_each_problem_escaped_and_says_it_reloads() -> None:
    problems = [
        Problem("content/customers.yaml", 5, 5, "error", f"customer 'ann': {BAD_LINE}"),
        Problem("content/team.yaml", 2, 3, "warning", 'a <script>alert("x")</script> & more'),
    ]
    page = problems_page(problems)
    assert f"<li><code>content/customers.yaml:5:5</code> error: customer &#x27;ann&#x27;: {ESCAPED_LINE}</li>" in page
    assert "<li><code>content/team.yaml:2:3</code> warning: a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</li>" in page
    assert "<script>alert" not in page
    assert "<h1>The site cannot be built: the data has 1 error</h1>" in page
    assert "Fix the files and save them: this page reloads by itself when the site builds again." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "http" not in page.replace("http-equiv", "")  # loads nothing from anywhere


def test_the_page_changes_when_the_problems_change() -> None:
    """The page reloads itself when the problems it shows are no longer the server's."""
    one = problems_page([Problem("a.yaml", 1, 1, "error", "one")])
    two = problems_page([Problem("a.yaml", 1, 1, "error", "two")])
    marker = one[one.index(MARKER) :].split('"')[1]
    assert marker not in two
    assert one == problems_page([Problem("a.yaml", 1, 1, "error", "one")])


# ---------------------------------------------------------------- a live server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "project",
        {"content/team.yaml": MINIMAL_TEAM, "content/customers.yaml": BAD, "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n"},
    )


@pytest.fixture
def server(project: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    playbook = Path(sys.executable).parent / "playbook"
    port = free_port()
    process = subprocess.Popen(
        [str(playbook), "-C", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str) -> tuple[int, str]:
    """Status and text of a page; a server that keeps the browser waiting fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(url: str, process: subprocess.Popen[str], wanted: str, *, absent: bool = False) -> tuple[int, str]:
    """Ask until the page holds `wanted` (or no longer does), within a minute."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{process.stderr.read() if process.stderr else ''}")
        try:
            status, text = get(url)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
            continue
        if (wanted in text) != absent:
            return status, text
        time.sleep(0.2)
    pytest.fail(f"{url} never {'lost' if absent else 'showed'} {wanted!r}")


@pytest.mark.slow
def test_serve_shows_the_problems_then_the_site_once_they_are_fixed(project: Path, server: tuple[str, subprocess.Popen[str]]) -> None:
    url, process = server
    status, text = wait_for(url, process, MARKER)
    assert status == 200
    assert f"<code>{project / 'content' / 'customers.yaml'}:5:5</code> error: customer &#x27;ann&#x27;: {ESCAPED_LINE}" in text
    assert "<b>nobody</b>" not in text
    status, elsewhere = get(url + "plans/dana/")
    assert (status, MARKER in elsewhere) == (404, True)

    (project / "content" / "customers.yaml").write_text(GOOD, encoding="utf-8")
    status, text = wait_for(url, process, MARKER, absent=True)
    assert status == 200
    assert "Corner Shop" in text

    (project / "content" / "customers.yaml").write_text(BAD, encoding="utf-8")
    status, text = wait_for(url, process, MARKER)
    assert status == 200
    assert ESCAPED_LINE in text
