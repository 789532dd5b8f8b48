"""Rebuilds for the live preview that render only the pages a change touches.

Every page gets a key made of what it shows: the versions of the offers on it (an offer's
version covers its record and its provider's), its own title and place in a list, and the
site-wide counts every footer prints. Anything whose effect reaches every page (site.yaml,
taxonomies, advisory points, editorial pages, templates, the day) is one global version; when
it changes, every page is rendered. Pages without a key (home, search, catalogue, …) are always
rendered: there are few of them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import urls
from .index import build_index
from .model import Guide, build_guide
from .pipeline import check
from .plan import PagePlan, Plan, plan_site
from .render import render_site, template_dirs
from .validate import Valid


@dataclass
class Memory:
    """What the preview knows about the output it last wrote."""

    global_version: str = ""
    keys: dict[str, str | None] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)


@dataclass
class PreviewReport:
    rendered: int = 0
    written: int = 0
    removed: int = 0
    total: int = 0
    full: bool = False
    html_changed: bool = False
    language: str = "de"
    slugs: list[str] = field(default_factory=list)


def _hash(*parts: Any) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def global_version(valid: Valid, source: Path, today: date, base_url: str | None) -> str:
    templates = []
    for folder in template_dirs(source):
        templates += [(str(p), p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]
    assert valid.site is not None and valid.taxonomies is not None
    return _hash(
        valid.site.model_dump(mode="json"),
        valid.taxonomies.model_dump(mode="json"),
        {k: v.model_dump(mode="json") for k, v in sorted(valid.advisory_points.items())},
        {k: [front.model_dump(mode="json"), body] for k, (front, body) in sorted(valid.pages.items())},
        sorted(valid.providers),
        [(name, _hash(data)) for name, data in templates],
        today.isoformat(),
        base_url or "",
    )


def record_versions(valid: Valid) -> dict[str, str]:
    """A version per offer (its record and its provider's) and per provider (``provider:<id>``)."""
    providers = {k: _hash(v.model_dump(mode="json")) for k, v in valid.providers.items()}
    versions = {k: _hash(v.model_dump(mode="json"), providers[v.provider]) for k, v in valid.offers.items()}
    versions.update({f"provider:{k}": version for k, version in providers.items()})
    return versions


def page_key(page: PagePlan, versions: dict[str, str], counts: tuple[int, ...]) -> str | None:
    context = page.context
    if "offer" in context:
        return _hash(page.path, versions[context["offer"].id], counts)
    if "offers" in context:
        shown = [(o.id, versions[o.id]) for o in context["offers"]]
        pagination = context.get("pagination") or {}
        owner = context.get("provider") or context.get("term")
        owner_id = getattr(owner, "id", None)
        extra = versions.get(f"provider:{owner_id}", "") if context.get("provider") else ""
        return _hash(page.path, page.title, shown, context.get("total"), pagination.get("total_pages"), owner_id, extra, counts)
    return None


def _write(out: Path, relpath: str, data: bytes) -> bool:
    target = out / relpath
    try:
        if target.read_bytes() == data:
            return False
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return True


def rebuild(source: Path, out: Path, memory: Memory, today: date, base_url: str | None) -> PreviewReport:
    """Validate everything, then render and write only what changed into ``out``."""
    valid = check(source)
    guide: Guide = build_guide(valid, today, base_url)
    plan = plan_site(guide)
    versions = record_versions(valid)
    counts = (len(guide.offers), len(guide.advisory_points), len(guide.providers))
    report = PreviewReport(language=guide.site.language, slugs=[p.slug for p in guide.pages])
    version = global_version(valid, source, guide.today, base_url)
    report.full = version != memory.global_version or not out.is_dir()
    keys = {page.path: page_key(page, versions, counts) for page in plan.pages}
    pages = [p for p in plan.pages if report.full or keys[p.path] is None or memory.keys.get(p.path) != keys[p.path]]
    changed_offers = {o.id for o in guide.offers if report.full or memory.keys.get(o.path) != keys.get(o.path)}
    files = [f for f in plan.files if f.producer != "calendar" or f.subject.id in changed_offers]
    produced = {urls.output_file(p.path) for p in plan.pages} | {f.path for f in plan.files}
    report.rendered, report.total = len(pages), len(plan.pages)
    out.mkdir(parents=True, exist_ok=True)
    for relpath, data in render_site(guide, Plan(pages=pages, files=files), source):
        produced.add(relpath)
        if _write(out, relpath, data):
            report.written += 1
            report.html_changed = report.html_changed or relpath.endswith(".html")
    for stale in sorted(memory.outputs - produced):
        (out / stale).unlink(missing_ok=True)
        report.removed += 1
        report.html_changed = report.html_changed or stale.endswith(".html")
    memory.global_version, memory.keys, memory.outputs = version, dict(keys), produced
    return report


def refresh_index(out: Path, language: str, slugs: list[str]) -> int:
    """Rebuild the search index beside the live one, then swap it in with two renames."""
    fresh, old = out / ".pagefind-neu", out / ".pagefind-alt"
    for folder in (fresh, old):
        shutil.rmtree(folder, ignore_errors=True)
    count = build_index(out, language, slugs, target=fresh)
    if (out / "pagefind").exists():
        (out / "pagefind").rename(old)
    fresh.rename(out / "pagefind")
    shutil.rmtree(old, ignore_errors=True)
    return count
