"""``lotse check-links [--out _site]``: every link inside a built site leads somewhere.

Reads the written files as a browser would find them: each ``href``, ``src``, ``action`` and
``srcset`` of every HTML page is resolved against the page's own address; a link into the site
(a path, or an absolute address under the site's base URL) must name a file of the output, and
a ``#fragment`` an ``id`` on that page. Links to other sites are not fetched: CI must not depend
on the internet, and a partner's server being down is no reason to stop a deploy.

Attributes are found with a pattern rather than a full HTML parser: the output is Lotse's own,
attributes are always quoted, and at 10,000 offers a parser would take minutes.
"""

from __future__ import annotations

import argparse
import html
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .options import UsageError, program
from .records import base_url_problem

HELP = "gebaute Website prüfen: führt jeder interne Link zu einer Datei und jeder Anker zu einer Stelle?"

# An attribute of interest inside a tag: the next angle bracket after it closes the tag (text
# outside tags would meet the next tag's "<" first; attribute values hold no brackets).
_ATTR = re.compile(r"""\s(id|href|src|action|poster|srcset)=(?:"([^"<>]*)"|'([^'<>]*)')(?=[^<>]*>)""")
_ANCHOR_NAME = re.compile(r"""<a\s[^<>]*?\bname=(?:"([^"<>]*)"|'([^'<>]*)')""")
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
_CANONICAL = re.compile(r"""<link\s[^>]*rel="canonical"[^>]*>""")


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


def read_page(path: Path) -> Page:
    page = Page()
    text = path.read_text(encoding="utf-8", errors="replace")
    for match in _ATTR.finditer(text):
        key = match.group(1)
        value = html.unescape(match.group(2) if match.group(2) is not None else match.group(3))
        if key == "id":
            page.ids.add(value)
        elif key == "srcset":
            page.links += [part.split()[0] for part in value.split(",") if part.strip()]
        else:
            page.links.append(value)
    page.ids.update(html.unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in _ANCHOR_NAME.finditer(text))
    return page


def base_url_of(site: Path) -> str | None:
    """The base URL a site was built for, from its home page's canonical link."""
    home = site / "index.html"
    if not home.is_file():
        return None
    match = _CANONICAL.search(home.read_text(encoding="utf-8", errors="replace"))
    href = re.search(r'href="([^"]*)"', match.group(0)) if match else None
    return html.unescape(href.group(1)) if href else None


@dataclass
class Checker:
    site: Path
    base_url: str  # with a trailing slash
    pages: dict[str, Page] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)  # every file of the site, relative, with /

    def __post_init__(self) -> None:
        for root, _, names in os.walk(self.site):
            folder = Path(root).relative_to(self.site).as_posix()
            self.files.update(n if folder == "." else f"{folder}/{n}" for n in names)

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def page(self, relpath: str) -> Page:
        if relpath not in self.pages:
            self.pages[relpath] = read_page(self.site / relpath)
        return self.pages[relpath]

    def target(self, page: str, url: str) -> tuple[str | None, str, str | None]:
        """(file, fragment, problem) for a link on ``page`` (both relative to the site);
        (None, "", None) for links that leave the site."""
        if url.startswith(_SKIPPED_SCHEMES) or url.startswith("//"):
            return None, "", None
        parts = urlsplit(url)
        if (parts.scheme or parts.netloc) and not url.startswith(self.base_url):
            return None, "", None  # another site; one under the base URL is checked by its path
        path = unquote(parts.path)
        if not path:
            return page, parts.fragment, None
        if path.startswith("/"):
            if not (path + "/").startswith(self.base_path):
                return None, "", f"liegt außerhalb der Website ({self.base_path})"
            joined = path[len(self.base_path):]
        else:
            joined = posixpath.join(posixpath.dirname(page), path)
        target = posixpath.normpath(joined) if joined else "."
        if target == ".." or target.startswith("../"):
            return None, "", "führt aus der Website heraus"
        if path.endswith("/") or target == "." or f"{target}/index.html" in self.files:
            target = "index.html" if target == "." else f"{target}/index.html"
        return target, parts.fragment, None

    def broken(self) -> Iterator[str]:
        for file in sorted(f for f in self.files if f.endswith(".html") and not f.startswith("pagefind/")):
            for url in self.page(file).links:
                target, fragment, problem = self.target(file, url)
                if problem is not None:
                    yield f"{file}: Link {url} {problem}"
                elif target is None:
                    continue
                elif target not in self.files:
                    yield f"{file}: Link {url} führt ins Leere (keine Datei {target})"
                elif fragment and target.endswith(".html") and unquote(fragment) not in self.page(target).ids:
                    yield f"{file}: Link {url}: den Anker #{fragment} gibt es auf der Zielseite nicht"


def broken_links(site: Path, base_url: str | None = None) -> tuple[list[str], int]:
    """Broken internal links of the built ``site`` and the number of pages read."""
    base = base_url or base_url_of(site) or "http://localhost/"
    checker = Checker(site, base if base.endswith("/") else base + "/")
    broken = list(checker.broken())
    return broken, len(checker.pages)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Prüft jede HTML-Seite einer gebauten Website: Jeder Link innerhalb der Website muss zu einer Datei führen, "
        "jeder #Anker zu einer Stelle der Zielseite. Links zu anderen Websites werden nicht abgerufen."
    )
    parser.add_argument("--out", type=Path, default=Path("_site"), metavar="DIR", help="die gebaute Website (Standard: _site)")
    parser.add_argument(
        "--base-url", default=None, metavar="URL",
        help="Adresse, für die gebaut wurde (Standard: aus dem canonical-Link der Startseite)",
    )


def run(args: argparse.Namespace) -> int:
    site: Path = args.out
    if not (site / "index.html").is_file():
        raise UsageError(f"{site} ist keine gebaute Website (index.html fehlt); erst bauen: {program()} build")
    if args.base_url is not None and base_url_problem(args.base_url) is not None:
        raise UsageError(f"--base-url {args.base_url!r} {base_url_problem(args.base_url)}")
    broken, pages = broken_links(site.resolve(), args.base_url)
    for line in broken:
        print(line)
    if broken:
        print(f"{len(broken)} kaputte Links in {pages} Seiten.")
        return 1
    print(f"Alle Links in Ordnung ({pages} Seiten geprüft).")
    return 0
