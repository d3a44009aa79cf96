"""Edit links to a customer's source file, computed the way MkDocs computes its pages' edit links.

MkDocs joins `repo_url`, `edit_uri` (or `edit_uri_template`) and the page's path relative to
`docs_dir`. Customer files live outside the docs folder (content/customers/ beside
content/pages/), so their path starts with `../`; joining the URLs resolves it, as a browser would.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from generator.site.render import safe_url


@dataclass(frozen=True, slots=True)
class EditSource:
    """The edit settings of mkdocs.yml, as MkDocs resolved them."""

    repo_url: str
    edit_uri: str
    edit_uri_template: str
    docs_dir: str
    """Absolute, as MkDocs gives it."""

    @classmethod
    def of_config(cls, config: Any) -> EditSource | None:
        """The settings of a loaded MkDocs configuration, or None when it links to no editor.

        None too when the docs folder is not below the folder of mkdocs.yml: the paths from it
        would not be the repository's (`playbook build` stands in an empty folder for a
        docs folder that does not exist)."""
        edit_uri = config.get("edit_uri") or ""
        template = config.get("edit_uri_template") or ""
        if not edit_uri and not template:
            return None
        docs_dir = Path(config.docs_dir)
        if config.config_file_path and not docs_dir.is_relative_to(Path(config.config_file_path).parent):
            return None
        return cls(config.get("repo_url") or "", edit_uri, template, str(docs_dir))

    def url(self, file: str) -> str:
        """The edit URL of a source file (an absolute path), or "" when it is no safe http(s) URL."""
        src_uri = quote(os.path.relpath(file, self.docs_dir).replace(os.sep, "/"))
        if self.edit_uri_template:
            noext = posixpath.splitext(src_uri)[0]
            try:
                file_edit_uri = self.edit_uri_template.format(path=src_uri, path_noext=noext)
            except (KeyError, IndexError, ValueError):
                return ""
        else:
            file_edit_uri = self.edit_uri + src_uri
        repo_url = self.repo_url
        if repo_url and not file_edit_uri.startswith(("?", "#")) and not repo_url.endswith("/"):
            repo_url += "/"
        url = urljoin(repo_url, file_edit_uri)
        # `urljoin` resolves the `../` only against a base; an absolute edit_uri has none.
        parts = urlsplit(url)
        return safe_url(urljoin(url, urlunsplit(("", "", parts.path, parts.query, parts.fragment))))
