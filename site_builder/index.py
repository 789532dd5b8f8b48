"""Step 6: the Pagefind search index, built through Pagefind's Python API (no Node needed).

Only pages whose main content carries ``data-pagefind-body`` are indexed: offers, advisory
points and editorial pages. Filters, sort keys and result metadata are attributes that the
templates put into those pages, so the index and the page can never disagree.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

INDEXED_KINDS = frozenset({"offer", "advisory_point", "page"})


async def _build(pages: Iterable[tuple[str, str]], out: Path, language: str) -> int:
    config = IndexConfig(force_language=language, output_path=str(out))
    count = 0
    async with PagefindIndex(config) as index:
        for url, html in pages:
            await index.add_html_file(content=html, url=url)
            count += 1
        await index.write_files(output_path=str(out))
    return count


def build_index(pages: Iterable[tuple[str, str]], out: Path, language: str) -> int:
    """Index (url, html) pairs and write the bundle into ``out``; returns the page count."""
    return asyncio.run(_build(pages, out, language))
