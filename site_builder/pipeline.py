"""The build from end to end: load → validate → model → plan → render → index → write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .index import build_index
from .load import load_sources
from .model import Guide, build_guide
from .plan import plan_site
from .problems import ContentError
from .render import render_site
from .validate import Valid, validate
from .write import SiteWriter


@dataclass
class BuildReport:
    pages: int = 0
    files: int = 0
    bytes: int = 0
    indexed: int = 0
    offers: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def site_today(valid: Valid) -> date:
    zone = ZoneInfo(valid.site.timezone if valid.site else "Europe/Berlin")
    return datetime.now(zone).date()


def check(source: Path) -> Valid:
    """Load and validate; raise ContentError with every problem found."""
    valid, problems = validate(load_sources(source))
    if problems:
        raise ContentError(problems)
    return valid


def load_guide(source: Path, today: date | None = None, base_url: str | None = None) -> Guide:
    valid = check(source)
    return build_guide(valid, today or site_today(valid), base_url)


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

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = round(now - clock, 3)
        clock = now

    guide = load_guide(source, today, base_url)
    lap("laden und prüfen")
    plan = plan_site(guide)
    report.offers = len(guide.offers)
    with SiteWriter(out) as writer:
        for relpath, data in render_site(guide, plan, source):
            writer.write(relpath, data)
        report.pages = len(plan.pages)
        lap("erzeugen")
        if search_index:
            report.indexed = build_index(writer.tmp, guide.site.language)
            lap("Suchindex")
        report.files, report.bytes = writer.files, writer.bytes
        writer.commit()
        lap("schreiben")
    return report
