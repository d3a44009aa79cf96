"""The page `playbook serve` shows while the data has errors, in place of the site.

The browser is never left waiting for a site that cannot be built: every address answers with
the problems, located and escaped as `check` prints them, on one self-contained page (no theme,
nothing loaded from anywhere). A small script asks the server for the page again every second
and reloads as soon as the answer is no longer these problems: the site once the files are
fixed, or the new list of problems.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence

from generator.core.problems import Problem, display_path

MARKER = "data-playbook-problems"
"""The attribute that holds the problems' fingerprint; a page without it is the site."""

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; color: #b00020; }
li { margin: 0.4rem 0; overflow-wrap: anywhere; }
code { background: #f3f3f3; padding: 0 0.2rem; }
"""

_RELOAD = """
(function () {
  var shown = document.querySelector("[MARKER]").getAttribute("MARKER");
  setInterval(function () {
    fetch(location.href, {cache: "no-store"}).then(function (answer) { return answer.text(); }).then(function (text) {
      if (text.indexOf('MARKER="' + shown + '"') < 0) { location.reload(); }
    }).catch(function () {});
  }, 1000);
})();
""".replace("MARKER", MARKER)


def problems_page(problems: Sequence[Problem]) -> str:
    """The whole HTML page for `problems` (in file order); the same problems give the same bytes."""
    problems = sorted(set(problems))
    errors = sum(1 for p in problems if p.severity == "error")
    lines = [
        f"<li><code>{html.escape(f'{display_path(p.file)}:{p.line}:{p.column}')}</code> {p.severity}: {html.escape(p.message)}</li>"
        for p in problems
    ]
    fingerprint = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="robots" content="noindex, nofollow">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>playbook: the data has errors</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            f'<main {MARKER}="{fingerprint}">',
            f"<h1>The site cannot be built: the data has {errors} error{'' if errors == 1 else 's'}</h1>",
            "<p>Fix the files and save them: this page reloads by itself when the site builds again.</p>",
            "<ul>",
            *lines,
            "</ul>",
            "</main>",
            f"<script>{_RELOAD}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )
