"""Step 6: the Pagefind search index, built by the binary of the pagefind[bin] package (no Node needed).

What a page contributes to the index (filters, sort keys, result metadata) is decided in
``search.py``; the templates write it into each page. Here the written pages that are
searchable are handed to Pagefind's own command.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
from collections.abc import Iterable
from pathlib import Path

from . import urls
from .processes import run_tool


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


def _anything_to_index(site: Path, information: list[str]) -> bool:
    return any(any(site.glob(pattern)) for pattern in searchable_patterns(information))


async def _empty_bundle(language: str, target: Path) -> int:
    # Here, not above: the build's own process stays lean while Pagefind runs beside it.
    from pagefind.index import IndexConfig, PagefindIndex

    async with PagefindIndex(IndexConfig(force_language=language, output_path=str(target))):
        pass  # leaving the context writes the bundle
    return 0


def build_index(site: Path, language: str, information: Iterable[str], target: Path | None = None, niceness: int = 0) -> int:
    """Index the written pages of ``site`` into ``target`` (``site/pagefind``); returns the page count.

    Pagefind's own command reads and indexes the named files in parallel. (Its Python API
    drives the same binary as a service; at 10,000 offers that took 4-5 s and 60 MiB more.)
    Pages without ``data-pagefind-body`` (lists, home, search) are skipped by Pagefind itself.
    ``niceness``: Pagefind's priority below this process's (the preview's index, in the background).
    """
    target = (target or site / "pagefind").resolve()
    information = list(information)
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
