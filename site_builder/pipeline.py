"""The build from end to end: load → validate → model → plan → render → index → write.

The build's own process holds nothing but the file lists while Pagefind, the build's largest
user of memory, runs beside it: it loads, checks and renders in a process of its own
(``_render_apart``), and imports the modules for that only there (``_render``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import boundary, state
from .index import Copying, build_index
from .notes import holiday_notes, validation_notes
from .problems import ContentError, Note
from .processes import keep_out_of_sight, no_collection, run_apart, workers_for
from .write import SiteWriter, remove_leftovers

if TYPE_CHECKING:
    from .load import ReadCache
    from .model import Guide
    from .validate import Memo, Valid


@dataclass
class BuildReport:
    pages: int = 0
    files: int = 0
    indexed: int = 0
    offers: int = 0
    changed: int = 0
    skipped: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    # Offers left out because all their dates are over (file, last day; ``model.past_offers``).
    past: list[tuple[str, date]] = field(default_factory=list)
    # What the editors should look at, though nothing fails (``notes.validation_notes``).
    notes: list[Note] = field(default_factory=list)


def site_today(source: Path) -> date:
    """Today in the site's timezone (site.yaml ``timezone``, else Europe/Berlin)."""
    zone = _timezone(source.resolve())
    try:
        return datetime.now(ZoneInfo(zone or "Europe/Berlin")).date()
    except (ValueError, OSError, ZoneInfoNotFoundError):  # a folder, a name too long …
        return datetime.now(ZoneInfo("Europe/Berlin")).date()


def _timezone(root: Path) -> str | None:
    """site.yaml's top-level ``timezone``, read as the build reads files (site.yaml may be a
    FIFO, a link out of the tree, a thousand levels deep), from the parser's events only: no
    records are needed for it. The file's defects are reported by the build, not here."""
    try:
        raw = boundary.read_bytes(root / "site.yaml", boundary.real_roots([root]), boundary.MAX_FILE_BYTES)
        depth, key = 0, None
        for event in yaml.parse(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth, key = depth + 1, None
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif depth == 1 and isinstance(event, yaml.ScalarEvent):
                if key == "timezone":
                    return event.value
                key = event.value if key is None else None
    except (boundary.Refused, OSError, UnicodeDecodeError, yaml.YAMLError):
        pass
    return None


def check(source: Path, cache: ReadCache | None = None, memo: Memo | None = None, stored: Path | None = None) -> Valid:
    """Load and validate; raise ContentError with every problem found.

    ``cache`` and ``memo`` let the live preview skip unchanged files (see load and validate);
    ``stored`` is a folder keeping the values of files read between builds (``contentcache``;
    the preview's first reading takes what it knows from there too).
    """
    from . import placeholders
    from .contentcache import ContentCache
    from .layout import BUILTIN_TEMPLATES
    from .load import check_templates, front, load_sources
    from .validate import validate

    store = ContentCache(stored, source.resolve()) if stored is not None else None
    sources = load_sources(source, cache, store)
    # Rendering reads the guide's own templates/: its files obey the boundary of the tree too.
    sources.problems.extend(check_templates(sources.root, BUILTIN_TEMPLATES))
    valid, problems = validate(sources, memo, (placeholders.problems,))
    if store is not None:
        # Only files without any problem, so a file is never spared a check that found something.
        store.passed({item.path for item in map(front, sources.items())} - {p.file for p in problems})
        store.save()
    if problems:
        raise ContentError(problems, valid)
    return valid


def load_guide(source: Path, today: date | None = None, base_url: str | None = None, stored: Path | None = None) -> Guide:
    from .model import build_guide

    valid = check(source, stored=stored)
    return build_guide(valid, today or site_today(source), base_url)


@dataclass
class Rendered:
    """What the render step hands on: the files it staged and what the index needs."""

    language: str
    information: list[str]  # site paths of the information pages the search finds
    written: set[str]
    unchanged: set[str]
    offers: int
    pages: int
    loading: float  # seconds for loading and checking
    past: list[tuple[str, date]]  # offers left out because all their dates are over
    notes: list[Note]  # ``notes.validation_notes``


def _render(
    writer: SiteWriter, source: Path, today: date, base_url: str | None, stored: Path | None, copies: Path | None,
) -> Rendered:
    """Load, plan and render into ``writer``; with ``copies``, what Pagefind reads of each
    searchable page into that folder too (``index.Copying``).

    The modules for this are imported here, in the process that renders: the build's own
    process never holds them (47 MiB beside Pagefind at 10,000 offers, docs/performance.md).
    """
    from .model import build_guide, past_offers
    from .plan import plan_site
    from .render import render_into

    started = time.perf_counter()
    with no_collection():
        valid = check(source, stored=stored)
        guide = build_guide(valid, today, base_url)
        past = past_offers(valid, today)
        notes = validation_notes(source, valid, today) + holiday_notes(source, valid)
        loading = time.perf_counter() - started
        plan = plan_site(guide)
        keep_out_of_sight()
    sink = writer if copies is None else Copying(writer, copies, plan.information_pages())
    render_into(sink, guide, plan, source, workers_for(len(plan.pages)))
    return Rendered(
        guide.site.language, plan.information_pages(), writer.written, writer.unchanged,
        len(guide.offers), len(plan.pages), loading, past, notes,
    )


def _render_apart(
    writer: SiteWriter, source: Path, today: date, base_url: str | None, stored: Path | None, copies: Path | None,
) -> Rendered:
    """``_render`` in a process of its own, so that all of its memory is gone before indexing.

    Pagefind needs the most memory of the build, and this process stays alive beside it. After
    rendering 10,000 offers it kept about 180 MiB even after a collection and ``malloc_trim``
    (objects that outlive the model pin Python's memory arenas); a child that exits returns
    everything (``processes.run_apart``).
    """
    rendered = run_apart(_render, writer, source, today, base_url, stored, copies)
    writer.record(rendered.written, rendered.unchanged)
    return rendered


def build(
    source: Path,
    out: Path,
    today: date | None = None,
    base_url: str | None = None,
    search_index: bool = True,
    stored: Path | None = None,
) -> BuildReport:
    """Build the site into ``out``. On any error ``out`` stays exactly as it was.

    ``stored``: a folder where the values of content files are kept between builds
    (``contentcache``); the output is the same with it, without it, and with it empty.
    """
    report = BuildReport()
    clock = time.perf_counter()

    def lap(name: str, until: float | None = None) -> None:
        nonlocal clock
        now = time.perf_counter() if until is None else until
        report.seconds[name] = round(now - clock, 3)
        clock = now

    today = today or site_today(source)
    remove_leftovers(out.resolve())
    options = {"today": today.isoformat(), "base_url": base_url or "", "index": str(search_index)}
    inputs, files, unchanged = run_apart(state.compare, source, options, out)
    if unchanged:
        report.skipped = True
        lap("vergleichen")
        return report
    with SiteWriter(out) as writer:
        started = time.perf_counter()
        copies = writer.aside("suchindex") if search_index else None
        rendered = _render_apart(writer, source, today, base_url, stored, copies)
        lap("laden und prüfen", until=started + rendered.loading)
        lap("erzeugen")
        report.offers, report.pages, report.past, report.notes = rendered.offers, rendered.pages, rendered.past, rendered.notes
        report.files = len(writer.written) + len(writer.unchanged)
        report.changed = len(writer.written)
        stale = writer.stale_files()
        if not writer.changed(stale):
            writer.abort()
            state.remember(out, inputs, files)
            report.skipped = True
            lap("vergleichen")
            return report
        writer.keep_unchanged(writer.unchanged)
        if search_index:
            html_changed = any(p.endswith(".html") for p in (*writer.written, *stale))
            if html_changed or not writer.keep_folder("pagefind"):
                report.indexed = build_index(writer.tmp, rendered.language, rendered.information, pages=copies)
            lap("Suchindex")
        writer.commit()
        state.remember(out, inputs, files)
        lap("schreiben")
    return report
