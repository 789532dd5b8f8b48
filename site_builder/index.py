"""Step 6: the Pagefind search index, built by the binary of the pagefind[bin] package (no Node needed).

What a page contributes to the index (filters, sort keys, result metadata) is decided in
``search.py``; the templates write it into each page. Here the searchable pages are handed to
Pagefind's own command: as the build writes them, a copy of what Pagefind reads of each
(``reading``, ``Copying``), or the written pages themselves (the preview).
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import urls
from .processes import run_tool
from .write import put

if TYPE_CHECKING:
    from .render import Sink


def pagefind_binary() -> Path:
    """The Pagefind executable of the ``pagefind[bin]`` package (or ``PAGEFIND_BINARY_PATH``)."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return Path(configured)
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    return Path(get_executable())


def searchable_patterns(information: Iterable[str]) -> list[str]:
    """The pages that carry data-pagefind-body: offers, advisory points, and the information
    pages at the site paths ``information`` (``plan.Plan.information_pages``: editorial
    pages, funding, the pages for employers). Only these: a page Pagefind reads without the
    mark would be indexed whole when no page has it."""
    patterns = [f"{urls.OFFERS}*/index.html", f"{urls.ADVICE}*/index.html"]
    return patterns + [urls.output_file(path) for path in sorted(information)]


def searchable_files(information: Iterable[str]) -> str:
    """A glob for the searchable pages (``searchable_patterns``).

    Naming them keeps Pagefind from parsing list pages and the (large) catalogue at all.
    """
    return "{" + ",".join(searchable_patterns(information)) + "}"


def searched(information: Iterable[str]) -> Callable[[str], bool]:
    """Whether an output file (``angebote/x/index.html``) is one of ``searchable_patterns``;
    ``*`` stands for one folder name, as in Pagefind's glob."""
    expression = re.compile("|".join(re.escape(p).replace(r"\*", "[^/]*") for p in searchable_patterns(information)))
    return lambda relpath: expression.fullmatch(relpath) is not None


# --- What Pagefind reads of a page ---------------------------------------------------------

_MARK = b"data-pagefind-"
_IGNORE = b"data-pagefind-ignore"
_BODY = b"data-pagefind-body"
_HEAD_META = re.compile(rb"<meta\b[^>]*data-pagefind-[^>]*>")
_HTML = re.compile(rb"<html\b[^>]*>")
_TITLE = re.compile(rb"<title>[^<]*</title>")
_NAME = re.compile(rb"<([a-z][a-z0-9-]*)")
_SPACES = frozenset(b" \t\n\r\f")
_NAME_ENDS = frozenset(b" \t\n\r\f/>")
# Text in which "<section" need not be a tag; a main holding any of these keeps its ignored parts.
_RAW_TEXT = re.compile(rb"<(?:script|style|!--|template|textarea|!\[CDATA\[)")
_VOID = frozenset({b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track", b"wbr"})
# Elements whose end tag HTML lets a template leave out: where they end, a count of tags cannot tell.
_OPTIONAL_END = frozenset({b"p", b"li", b"dt", b"dd", b"option", b"optgroup", b"tr", b"td", b"th", b"thead", b"tbody", b"tfoot", b"colgroup", b"caption", b"rt", b"rp"})


def reading(page: bytes) -> bytes:
    """What Pagefind reads of a searchable page, as a page of its own: the same index from a
    third of the bytes.

    Pagefind parses every byte of a page, but of a page marked with ``data-pagefind-body`` it
    keeps that element's text without its ``data-pagefind-ignore`` parts, and the
    ``data-pagefind-*`` attributes anywhere. The copy holds ``<html>``, the title, the head's
    ``<meta>`` tags with such attributes, and the ``<main>`` that carries the mark, without the
    ignored elements that hold no Pagefind attribute or image. At 10,000 offers the copies
    have 9 instead of 25 KB a page, Pagefind gives the same fragments and takes 2.2 s less;
    making the copies costs the render workers 0.14 ms a page (docs/performance.md). Where a
    page is made otherwise (the mark on another element, Pagefind attributes outside
    ``<main>`` and the head's metas: a guide's own template), the page itself.
    """
    head_end = page.find(b"</head>")
    start = _only_tag(page, b"main")
    end = page.find(b"</main>")
    if head_end < 0 or start < head_end or end < start or page.count(b"</main>") != 1:
        return page
    opened = page.find(b">", start) + 1
    if page.count(_BODY) != 1 or page.find(_BODY, start, opened) < 0:
        return page
    metas = _HEAD_META.findall(page, 0, head_end)
    if sum(meta.count(_MARK) for meta in metas) != page.count(_MARK, 0, head_end):
        return page  # a Pagefind attribute in the head outside a meta tag
    for outside in ((head_end, start), (end, len(page))):  # the header, the footer: ignored, or not marked
        if page.count(_MARK, *outside) != page.count(_IGNORE, *outside):
            return page  # a Pagefind attribute in the body outside <main>
    html, title = _HTML.search(page, 0, head_end), _TITLE.search(page, 0, head_end)
    main = page[start : end + len(b"</main>")]
    if _RAW_TEXT.search(main) is None:
        main = main[: opened - start] + _without_ignored(main[opened - start :])
    return b"".join((
        b"<!DOCTYPE html>", html.group() if html else b"<html>", b"<head>", title.group() if title else b"",
        *metas, b"</head><body>", main, b"</body></html>",
    ))


def _only_tag(text: bytes, name: bytes) -> int:
    """Where the one start tag ``<name`` of ``text`` begins; -1 where there is none or more."""
    found, at = -1, 0
    while (at := text.find(b"<" + name, at)) >= 0:
        at += len(name) + 1
        if at < len(text) and text[at] in _NAME_ENDS:
            if found >= 0:
                return -1
            found = at - len(name) - 1
    return found


def _without_ignored(text: bytes) -> bytes:
    """``text`` without the elements marked ``data-pagefind-ignore`` that hold no other
    Pagefind attribute and no image: a filter, meta or sort key is read even there, and the
    first image becomes the result's ``image``."""
    parts, copied, search = [], 0, 0
    while (at := text.find(_IGNORE, search)) >= 0:
        search = at + len(_IGNORE)
        tag = text.rfind(b"<", copied, at)
        if tag < 0 or text.find(b">", tag, at) >= 0 or text[at - 1] not in _SPACES:
            continue  # the words in a text, or after an attribute value holding ">"
        name = _NAME.match(text, tag)
        opened = text.find(b">", at) + 1
        if name is None or not opened or name.group(1) in _OPTIONAL_END or name.group(1) == b"img":
            continue  # an end a count cannot find; an image (below)
        end = opened if name.group(1) in _VOID else _element_end(text, opened, name.group(1))
        if end < 0:
            break
        if text.count(_MARK, opened, end) != text.count(_IGNORE, opened, end) or text.find(b"<img", opened, end) >= 0:
            continue  # what Pagefind reads even there: its attributes, and the first image (metadata "image")
        parts.append(text[copied:tag])
        copied = search = end
    parts.append(text[copied:])
    return b"".join(parts)


def _element_end(text: bytes, at: int, name: bytes) -> int:
    """Where the element ``name`` whose start tag ends at ``at`` ends (after its end tag),
    counting the elements of the same name within it; -1 where it does not end."""
    opening, closing = b"<" + name, b"</" + name
    depth = 1
    while True:
        close_at = text.find(closing, at)
        if close_at < 0:
            return -1
        while (open_at := text.find(opening, at, close_at)) >= 0:  # elements of the name inside
            at = open_at + len(opening)
            depth += at < len(text) and text[at] in _NAME_ENDS
        at = close_at + len(closing)
        if at < len(text) and text[at] in _NAME_ENDS:
            depth -= 1
            if depth == 0:
                finish = text.find(b">", at)
                return -1 if finish < 0 else finish + 1


class Copying:
    """A sink in front of the build's writer: each searchable page goes on to the writer, and
    what Pagefind reads of it (``reading``) into ``folder``, at the same path, for ``build_index``."""

    def __init__(self, sink: Sink, folder: Path, information: Iterable[str]):
        self.sink, self.folder, self.searched = sink, folder, searched(information)
        self._folders: set[str] = set()

    def write(self, relpath: str, data: bytes) -> bool:
        if self.searched(relpath):
            put(self.folder, relpath, reading(data), self._folders)
        return self.sink.write(relpath, data)

    def settle(self) -> None:
        self.sink.settle()

    def record(self, written: list[str], unchanged: list[str]) -> None:
        self.sink.record(written, unchanged)


def _anything_to_index(site: Path, information: list[str]) -> bool:
    return any(any(site.glob(pattern)) for pattern in searchable_patterns(information))


async def _empty_bundle(language: str, target: Path) -> int:
    """Pagefind's empty bundle, written here from what its service hands over.

    Its own ``write_files`` answers once tokio has been handed the bytes, not once they are on
    disk, and the API ends the service right after that answer: under load a file (seen:
    ``pagefind-entry.json``) was left empty. The bundle is small, so it comes through the pipe.
    """
    # Here, not above: the build's own process stays lean while Pagefind runs beside it.
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    async with PagefindService() as service:
        index = await service.create_index(IndexConfig(force_language=language))
        files = await index.get_files()
    target.mkdir(parents=True, exist_ok=True)
    made: set[str] = set()
    for file in files:
        put(target, file["path"], file["content"], made)
    filters_alone(target)
    return 0


# Pagefind's pagefind.js asks, for a search without words (filters only: "abends", a topic
# ticked, a start range, the count of all offers), for every chunk of the word index: the
# empty term is the start of every word. Its WebAssembly answers such a search from the
# filter chunks and page list alone (the same pages, scores, order and counts with or without
# the word chunks), so at 10,000 offers the browser fetched 248 files, 4.7 MB, for nothing
# before the first list. The bundle is made to ask for no word chunk then. A Pagefind whose
# bundle reads otherwise is left as it is (searches find the same, only slower).
_EVERY_CHUNK = "let index_resp=this.backend.request_indexes(ptr,term);"
_NO_CHUNK = 'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'


def filters_alone(target: Path) -> bool:
    """Make the bundle in ``target`` load no word chunk for a search of filters alone; whether it does."""
    bundle = target / "pagefind.js"
    try:
        text = bundle.read_text(encoding="utf-8")
    except OSError:
        return False
    if _NO_CHUNK in text:
        return True
    if text.count(_EVERY_CHUNK) != 1 or "let filter_only=term===null;" not in text:
        return False
    bundle.write_text(text.replace(_EVERY_CHUNK, _NO_CHUNK), encoding="utf-8")
    return True


def build_index(
    site: Path, language: str, information: Iterable[str], target: Path | None = None, niceness: int = 0,
    pages: Path | None = None,
) -> int:
    """Index the written pages of ``site`` into ``target`` (``site/pagefind``); returns the page count.

    Pagefind's own command reads and indexes the named files in parallel. (Its Python API
    drives the same binary as a service; at 10,000 offers that took 4-5 s and 60 MiB more.)
    Pages without ``data-pagefind-body`` (lists, home, search) are skipped by Pagefind itself.
    ``niceness``: Pagefind's priority below this process's (the preview's index, in the background).
    ``pages``: a folder with what Pagefind reads of each searchable page (``Copying``), read in
    place of the pages of ``site``.
    """
    target = (target or site / "pagefind").resolve()
    information = list(information)
    site = pages or site
    if not _anything_to_index(site, information):
        # Pagefind's command refuses an empty site; its API writes the empty bundle /suche/ loads.
        return asyncio.run(_empty_bundle(language, target))
    command = [
        str(pagefind_binary()),
        "--site", str(site.resolve()),
        "--glob", searchable_files(information),
        "--force-language", language,
        "--output-path", str(target),
    ]
    code, stdout, stderr = run_tool(command, niceness=niceness)
    if code != 0:
        raise RuntimeError(f"Pagefind ist fehlgeschlagen ({code}): {(stderr or stdout).strip()[-2000:]}")
    filters_alone(target)
    try:
        entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(lang["page_count"]) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Pagefind 1.5 ends without an error when its files could not be written (a full disk).
        if _full(target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)) from None
        raise RuntimeError(f"Pagefind hat keinen lesbaren Suchindex geschrieben ({target / 'pagefind-entry.json'})") from None


def _full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` (or the nearest folder above it) has less than 1 MiB free."""
    path = next((p for p in (folder, *folder.parents) if p.exists()), folder)
    try:
        info = os.statvfs(path)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < 1024 * 1024
