"""What Pagefind reads of a page: the build indexes copies of the searchable pages cut down to
that (``index.reading``), and the index must be the one the whole pages give."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from site_builder.index import build_index, reading
from site_builder.searchcheck import searchable_pages
from site_builder.write import SiteWriter, remove_leftovers


def fragments(bundle: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's fragments (text, filters, metadata, anchors) of a bundle, by URL."""
    found = {}
    for file in (bundle / "fragment").iterdir():
        raw = gzip.decompress(file.read_bytes())
        fragment = json.loads(raw[raw.index(b"{") :])
        found[fragment["url"]] = fragment
    return found


def index_both_ways(pages: dict[str, bytes], tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fragments of ``pages`` (site path → bytes) indexed whole, and indexed as ``reading`` copies."""
    whole, copies = tmp_path / "ganz", tmp_path / "kopien"
    for relpath, data in pages.items():
        for root, content in ((whole, data), (copies, reading(data))):
            (root / relpath).parent.mkdir(parents=True, exist_ok=True)
            (root / relpath).write_bytes(content)
    information = [p.removesuffix("index.html") for p in pages if not p.startswith(("angebote/", "beratung/"))]
    build_index(whole, "de", information, target=tmp_path / "index-ganz")
    build_index(whole, "de", information, target=tmp_path / "index-kopien", pages=copies)
    return fragments(tmp_path / "index-ganz"), fragments(tmp_path / "index-kopien")


def test_the_builds_index_is_the_index_of_the_whole_pages(sample_site: Path, tmp_path: Path) -> None:
    searched = [f"{path}index.html" for path in searchable_pages(sample_site)]
    assert len(searched) > 100
    information = [p.removesuffix("index.html") for p in searched if not p.startswith(("angebote/", "beratung/"))]
    build_index(sample_site, "de", information, target=tmp_path / "ganz")
    whole, built = fragments(tmp_path / "ganz"), fragments(sample_site / "pagefind")
    assert len(built) == len(searched) and built == whole
    # … from copies of about a third of the bytes, which the build leaves nowhere.
    full = sum((sample_site / p).stat().st_size for p in searched)
    assert sum(len(reading((sample_site / p).read_bytes())) for p in searched) < full / 2
    assert sorted(p.name for p in sample_site.parent.iterdir() if "suchindex" in p.name) == []


PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Schweißkurs – Finder</title>
<link rel="stylesheet" href="/assets/lotse.css"><script type="application/ld+json">{{"name": "JSON-LD"}}</script>
<meta name="lotse-thema" content="Metall" data-pagefind-filter="thema[content]">
<meta name="lotse-sort" content="2027-01-11" data-pagefind-sort="beginn[content]">
</head><body><header data-pagefind-ignore="all"><nav>Kopfnavigation</nav></header>
<main id="inhalt"{attrs} data-pagefind-body>{main}</main>
<footer data-pagefind-ignore="all">{footer}</footer></body></html>"""

MAIN = """<h1>Schweißen MAG</h1>
<section class="termine" data-pagefind-ignore aria-labelledby="t"><h2 id="t">Termine</h2>
  <section><p>Montag Esslingen</p></section><a href="/x" data-pagefind-ignore>Kalender</a></section>
<p>Lichtbogen und Schutzgas.</p>
<div data-pagefind-ignore><span data-pagefind-filter="ort">Plochingen</span> Ortstext</div>
<p data-pagefind-ignore>Stand: Januar</p>
<p>Das Attribut data-pagefind-ignore steht hier als Wort.</p>
<aside data-pagefind-ignore>Hinweis<aside>innen</aside>Rest</aside><img src="a.png" alt="Bild" data-pagefind-ignore>
<h2 id="inhalte">Inhalte</h2><p>Zündung, Nahtvorbereitung.</p>"""


@pytest.mark.parametrize(
    "main, footer, attrs",
    [
        (MAIN, "Fußzeile", ""),
        (MAIN + "<script>const x = '</section>';</script>", "Fußzeile", ""),  # a script: ignored parts stay
        (MAIN, '<span data-pagefind-filter="region">Esslingen</span>', ""),  # a filter outside <main>
        (MAIN, "Fußzeile", ' data-pagefind-weight="2"'),
        (MAIN, '<img src="logo.png" alt="Logo">', ""),
    ],
    ids=["cut", "script", "filter-outside", "main-weighted", "image-outside"],
)
def test_a_copy_gives_pagefind_what_the_page_gives(main: str, footer: str, attrs: str, tmp_path: Path) -> None:
    page = PAGE.format(main=main, footer=footer, attrs=attrs).encode()
    whole, copies = index_both_ways({"angebote/mag/index.html": page}, tmp_path)
    assert copies == whole and whole["/angebote/mag/"]["filters"]["thema"] == ["Metall"]


def test_a_copy_holds_the_main_text_and_pagefinds_marks_only() -> None:
    copy = reading(PAGE.format(main=MAIN, footer="Fußzeile", attrs="").encode()).decode()
    for kept in ("<title>Schweißkurs – Finder</title>", 'data-pagefind-filter="thema[content]"', 'data-pagefind-sort=',
                 "Lichtbogen", "Plochingen", "Stand: Januar", "steht hier als Wort", 'id="inhalte"', '<html lang="de">'):
        assert kept in copy
    for cut in ("Kopfnavigation", "Fußzeile", "lotse.css", "JSON-LD", "Montag Esslingen", "Kalender", "Hinweis", "innen",
                "Rest"):
        assert cut not in copy


@pytest.mark.parametrize(
    "page",
    [
        PAGE.replace("<main id=\"inhalt\"{attrs} data-pagefind-body>", "<main><div data-pagefind-body>").replace("</main>", "</div></main>"),
        PAGE.replace("<title>", '<title data-pagefind-meta="title">'),
        PAGE.replace("<footer", "<main>zweites Main</main><footer"),
        PAGE.replace("<footer data-pagefind-ignore=\"all\">", '<footer><span data-pagefind-meta="x">y</span>'),
        "<html><body data-pagefind-body>Kurs</body></html>",
    ],
    ids=["mark-on-a-div", "mark-on-the-title", "two-mains", "meta-in-the-footer", "no-main"],
)
def test_a_page_made_otherwise_is_indexed_whole(page: str) -> None:
    data = page.format(main=MAIN, footer="Fußzeile", attrs="").encode()
    assert reading(data) is data


def test_the_folder_of_copies_goes_with_the_build(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    for ending in ("commit", "abort"):
        with SiteWriter(out) as writer:
            folder = writer.aside("suchindex")
            (folder / "angebote").mkdir()
            assert folder.parent == out.parent and folder.name.startswith("._site.")
            getattr(writer, ending)()
        assert not folder.exists()
    # A killed build's is cleared by the next, as its staged folder is.
    (tmp_path / "._site.suchindex-999999999").mkdir()
    remove_leftovers(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]
