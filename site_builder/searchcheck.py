"""``lotse check-search [--out _site] [--query WORT …]``: the built search finds what it should.

Two checks of the Pagefind index in ``_site/pagefind/``:

1. It is complete: every page marked for the search (``data-pagefind-body``) is in it, and
   nothing else.
2. It answers: with Node.js (GitHub's runners have it) real searches run through Pagefind's
   own ``pagefind.js`` and WebAssembly, as in a visitor's browser (``searchcheck.mjs``). By
   default a few offers, spread over the site, are searched for by their titles and must be
   among the first ten hits; ``--query`` searches for given words, which must find something.
   Without Node.js only the first check runs, and the output says so.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from . import urls
from .linkcheck import base_url_of
from .options import UsageError, program

HELP = "gebaute Website prüfen: enthält der Suchindex jede Seite, und findet die Suche Angebote?"

SCRIPT = Path(__file__).resolve().parent / "searchcheck.mjs"
SAMPLES = 5  # offers searched for by their titles
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_LANG = re.compile(r'<html[^>]*\slang="([^"]+)"')


def searchable_pages(site: Path) -> list[str]:
    """Site paths (``angebote/x/``) of the pages that mark their content for the search."""
    found = []
    for page in sorted(site.rglob("index.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith("pagefind/"):
            continue
        if "data-pagefind-body" in page.read_text(encoding="utf-8", errors="replace"):
            found.append(relative.removesuffix("index.html"))
    return found


def index_count(site: Path) -> tuple[int, str]:
    """Pages in the index and its language, from Pagefind's entry file."""
    entry = site / "pagefind" / "pagefind-entry.json"
    if not entry.is_file():
        raise UsageError(f"kein Suchindex in {site}/pagefind/ – mit dem Index bauen ({program()} build ohne --no-index)")
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    count = sum(int(lang.get("page_count", 0)) for lang in languages.values())
    return count, next(iter(languages), "de")


def title_of(site: Path, path: str) -> str:
    match = _H1.search((site / path / "index.html").read_text(encoding="utf-8", errors="replace"))
    return " ".join(html.unescape(_TAGS.sub(" ", match.group(1))).split()) if match else ""


def spread(items: list[str], count: int) -> list[str]:
    """``count`` items spread evenly over ``items`` (all of them when there are fewer)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def node() -> str | None:
    found = shutil.which("node")
    if found is None:
        return None
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    major = re.match(r"v(\d+)", version)
    return found if major and int(major.group(1)) >= 18 else None  # fetch and Response arrived in Node 18


def search(site: Path, language: str, base_path: str, queries: list[str], runner: str) -> dict[str, dict[str, object]]:
    done = subprocess.run(
        [runner, str(SCRIPT), str((site / "pagefind").resolve()), language, base_path, *queries],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"die Suche im Index ist gescheitert: {done.stderr.strip()[-1500:]}")
    return dict(json.loads(done.stdout))


def check(site: Path, queries: list[str] | None) -> tuple[list[str], list[str]]:
    """(problems, notes) of the search in the built ``site``."""
    problems: list[str] = []
    notes: list[str] = []
    count, language = index_count(site)
    pages = searchable_pages(site)
    if count != len(pages):
        problems.append(f"der Suchindex enthält {count} Seiten, markiert sind {len(pages)} (data-pagefind-body)")
    notes.append(f"Suchindex: {count} Seiten, Sprache {language}.")
    runner = node()
    if runner is None:
        notes.append("Node.js (ab Version 18) fehlt: keine Probesuche, nur die Vollständigkeit des Index geprüft.")
        return problems, notes
    base_path = urlsplit(base_url_of(site) or "/").path or "/"
    if queries:
        expected: dict[str, str | None] = dict.fromkeys(queries)
    else:
        offers = [p for p in pages if p.startswith(urls.OFFERS) and p.count("/") == 2]
        expected = {title_of(site, path): base_path + path for path in spread(offers, SAMPLES)}
        expected.pop("", None)
        if not expected:
            notes.append("Keine Angebotsseiten: keine Probesuche.")
            return problems, notes
    results = search(site, language, base_path, list(expected), runner)
    for query, wanted in expected.items():
        found = results.get(query, {})
        hits = list(found.get("urls", []))  # type: ignore[call-overload]
        if wanted is None and not hits:
            problems.append(f"die Suche nach „{query}“ findet nichts")
        elif wanted is not None and wanted not in hits:
            problems.append(f"die Suche nach „{query}“ findet {wanted} nicht unter den ersten zehn Treffern")
        else:
            notes.append(f"Suche nach „{query}“: {found.get('count')} Treffer.")
    return problems, notes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Prüft den Suchindex einer gebauten Website: Er enthält jede durchsuchbare Seite, und Probesuchen "
        "(mit Node.js durch Pagefinds eigenes pagefind.js) finden die gesuchten Angebote."
    )
    parser.add_argument("--out", type=Path, default=Path("_site"), metavar="DIR", help="die gebaute Website (Standard: _site)")
    parser.add_argument("--query", action="append", metavar="WORT", help="nach diesen Wörtern suchen (mehrfach möglich); Standard: Titel einiger Angebote")


def run(args: argparse.Namespace) -> int:
    site: Path = args.out
    if not (site / "index.html").is_file():
        raise UsageError(f"{site} ist keine gebaute Website (index.html fehlt); erst bauen: {program()} build")
    problems, notes = check(site, args.query)
    for note in notes:
        print(note)
    for problem in problems:
        print(f"Fehler: {problem}")
    if problems:
        print(f"{len(problems)} Fehler in der Suche.")
        return 1
    print("Suche in Ordnung.")
    return 0
