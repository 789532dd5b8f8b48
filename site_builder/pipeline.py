"""The build from end to end: load → validate → model → plan → render → index → write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import placeholders, state
from .index import build_index
from .load import ReadCache, load_sources
from .model import Guide, build_guide
from .plan import plan_site
from .problems import ContentError
from .processes import keep_out_of_sight, no_collection, run_apart, workers_for
from .render import render_into
from .validate import Memo, Valid, validate
from .write import SiteWriter, remove_leftovers


@dataclass
class BuildReport:
    pages: int = 0
    files: int = 0
    indexed: int = 0
    offers: int = 0
    changed: int = 0
    skipped: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


def site_today(source: Path) -> date:
    """Today in the site's timezone (site.yaml ``timezone``, else Europe/Berlin)."""
    zone = "Europe/Berlin"
    try:
        settings = yaml.load((source / "site.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if isinstance(settings, dict) and isinstance(settings.get("timezone"), str):
            zone = settings["timezone"]
        return datetime.now(ZoneInfo(zone)).date()
    except (OSError, ValueError, yaml.YAMLError, ZoneInfoNotFoundError):
        return datetime.now(ZoneInfo("Europe/Berlin")).date()


def check(source: Path, cache: ReadCache | None = None, memo: Memo | None = None) -> Valid:
    """Load and validate; raise ContentError with every problem found.

    ``cache`` and ``memo`` let the live preview skip unchanged files (see load and validate).
    """
    valid, problems = validate(load_sources(source, cache), memo, (placeholders.problems,))
    if problems:
        raise ContentError(problems)
    return valid


def load_guide(source: Path, today: date | None = None, base_url: str | None = None) -> Guide:
    valid = check(source)
    return build_guide(valid, today or site_today(source), base_url)


@dataclass
class Rendered:
    """What the render step hands on: the files it staged and what the index needs."""

    language: str
    slugs: list[str]  # editorial pages (searchable)
    written: set[str]
    unchanged: set[str]
    offers: int
    pages: int
    loading: float  # seconds for loading and checking


def _render(writer: SiteWriter, source: Path, today: date, base_url: str | None) -> Rendered:
    """Load, plan and render into ``writer``."""
    started = time.perf_counter()
    with no_collection():
        guide = load_guide(source, today, base_url)
        loading = time.perf_counter() - started
        plan = plan_site(guide)
        keep_out_of_sight()
    render_into(writer, guide, plan, source, workers_for(len(plan.pages)))
    return Rendered(
        guide.site.language, [page.slug for page in guide.pages], writer.written, writer.unchanged,
        len(guide.offers), len(plan.pages), loading,
    )


def _render_apart(writer: SiteWriter, source: Path, today: date, base_url: str | None) -> Rendered:
    """``_render`` in a process of its own, so that all of its memory is gone before indexing.

    Pagefind needs the most memory of the build, and this process stays alive beside it. After
    rendering 10,000 offers it kept about 180 MiB even after a collection and ``malloc_trim``
    (objects that outlive the model pin Python's memory arenas); a child that exits returns
    everything (``processes.run_apart``).
    """
    rendered = run_apart(_render, writer, source, today, base_url)
    writer.record(rendered.written, rendered.unchanged)
    return rendered


def build(
    source: Path,
    out: Path,
    today: date | None = None,
    base_url: str | None = None,
    search_index: bool = True,
) -> BuildReport:
    """Build the site into ``out``. On any error ``out`` stays exactly as it was."""
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
    inputs, files = state.fingerprint(source, options, state.known_files(out))
    if state.unchanged(out, inputs):
        report.skipped = True
        lap("vergleichen")
        return report
    with SiteWriter(out) as writer:
        started = time.perf_counter()
        rendered = _render_apart(writer, source, today, base_url)
        lap("laden und prüfen", until=started + rendered.loading)
        lap("erzeugen")
        report.offers, report.pages = rendered.offers, rendered.pages
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
                report.indexed = build_index(writer.tmp, rendered.language, rendered.slugs)
            lap("Suchindex")
        writer.commit()
        state.remember(out, inputs, files)
        lap("schreiben")
    return report
