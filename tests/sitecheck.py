"""Helpers that read a built site the way a browser or crawler would."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from site_builder import linkcheck
from site_builder.write import MARKER


@dataclass
class Page:
    path: Path
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)  # (attrs, text)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)  # every (tag, name, value)
    text: str = ""
    lang: str | None = None

    def jsonld(self) -> list[object]:
        return [json.loads(text) for attrs, text in self.scripts if attrs.get("type") == "application/ld+json"]


class _Parser(HTMLParser):
    URL_ATTRS = {"href", "src", "action", "poster"}

    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_script: dict[str, str] | None = None
        self.script_text: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name, value in values.items():
            self.page.attributes.append((tag, name, value))
            if name == "id":
                self.page.ids.add(value)
            if name in self.URL_ATTRS:
                self.page.links.append((tag, name, value))
            if name == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.page.links.append((tag, name, part.strip().split()[0]))
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "html":
            self.page.lang = values.get("lang")
        if tag == "script":
            self.in_script = values
            self.script_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_script is not None:
            self.page.scripts.append((self.in_script, "".join(self.script_text)))
            self.in_script = None

    def handle_data(self, data: str) -> None:
        if self.in_script is not None:
            self.script_text.append(data)
        else:
            self.texts.append(data)


def parse(path: Path) -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    page.text = " ".join(" ".join(parser.texts).split())
    return page


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every internal link whose file or #fragment does not exist: what ``lotse check-links``
    finds, for a site built for a base URL with ``base_path``."""
    base = linkcheck.base_url_of(site)
    assert base is not None and urlsplit(base).path == base_path, base
    return linkcheck.broken_links(site, base)[0]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TreeBuilder(HTMLParser):
    """HTML into an ElementTree, so tests can ask ``.//tr[@data-programm='x']`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        import xml.etree.ElementTree as ET

        self.ET = ET
        self.root = ET.Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self.ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        current = self.stack[-1]
        if len(current):
            current[-1].tail = (current[-1].tail or "") + data
        else:
            current.text = (current.text or "") + data


def element_tree(path: Path):  # type: ignore[no-untyped-def]
    """The page as an ``xml.etree.ElementTree.Element`` (its root holds the html element)."""
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def snapshot(folder: Path, skip_pagefind: bool = False) -> dict[str, str]:
    """Every file's hash, by relative path; not the marker a build leaves for ``--out`` (the
    preview writes none), with skip_pagefind not the search index either."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER and not (skip_pagefind and p.relative_to(folder).parts[0] == "pagefind")
    }
