"""Step 5: turn the plan into bytes: HTML through Jinja, everything else through
``machine_readable``. Templates come from the content tree's ``templates/`` first, then from
Lotse's own, file by file; so do the static assets in ``templates/assets/``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from . import machine_readable, structured_data, urls
from .german import date_de, date_short, format_money, month_de, weekday_de
from .model import Guide
from .plan import FilePlan, PagePlan, Plan
from .processes import deal_out
from .search import advisory_record, offer_record, page_record, vocabulary_json

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

def template_dirs(source: Path) -> list[Path]:
    own = (source / "templates").resolve()
    dirs = [own] if own.is_dir() and own != BUILTIN_TEMPLATES else []
    return [*dirs, BUILTIN_TEMPLATES]


def environment(source: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(source)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build reads each template once; no stat() per page
    )
    env.filters.update(date_de=date_de, date_short=date_short, weekday_de=weekday_de, month_de=month_de, money=format_money)
    return env


def assets(source: Path) -> dict[str, Path]:
    """Static files by name; a content tree's own file wins over the built-in one."""
    found: dict[str, Path] = {}
    for folder in reversed(template_dirs(source)):
        base = folder / "assets"
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found[path.relative_to(base).as_posix()] = path
    return dict(sorted(found.items()))


class Renderer:
    def __init__(self, guide: Guide, source: Path, env: jinja2.Environment | None = None):
        self.guide = guide
        self.env = env or environment(source)
        link = guide.urls.link
        self.globals = {
            "site": guide.site,
            "nav": guide.nav,
            "editorial_pages": sorted(guide.pages, key=lambda p: (p.nav_order is None, p.nav_order or 0, p.title)),
            "today": guide.today,
            "link": link,
            "asset": lambda name: link(urls.asset(name)),
            "counts": {
                "offers": len(guide.offers),
                "advisory_points": len(guide.advisory_points),
                "providers": len(guide.providers),
            },
        }
        self.env.globals.update(self.globals)
        # An offer's card looks the same in every list it is in (offers, topics, region,
        # provider), its catalogue entry in both catalogues: each is rendered once per process.
        self.env.globals["card"] = self._once("offer_card", lambda offer, level=3, show_provider=True: (offer, level, show_provider))
        self.env.globals["entry"] = self._once("catalogue_entry", lambda offer: (offer, guide.urls.absolute(offer.path)))
        self.producers: dict[str, Callable[[FilePlan], bytes]] = {
            "calendar": lambda f: machine_readable.calendar(guide, f.subject),
            "sitemap": lambda f: machine_readable.sitemap(guide, [(p.path, p.lastmod) for p in f.subject if p.in_sitemap]),
            "robots": lambda f: machine_readable.robots(guide),
            "feed": lambda f: machine_readable.atom_feed(guide),
            "api": lambda f: machine_readable.api_offers(guide),
            "search-words": lambda f: vocabulary_json(guide),
        }

    def _once(self, name: str, arguments: Callable[..., tuple[Any, ...]]) -> Callable[..., Markup]:
        """The macro ``name`` of macros.html, remembered per offer and arguments."""
        made: dict[tuple[Any, ...], Markup] = {}

        def call(*args: Any, **kwargs: Any) -> Markup:
            values = arguments(*args, **kwargs)
            key = (id(values[0]), *values[1:])
            found = made.get(key)
            if found is None:
                macro = getattr(self.env.get_template("macros.html").module, name)
                found = made[key] = Markup(macro(*values))
            return found

        return call

    def page(self, plan: PagePlan) -> bytes:
        guide = self.guide
        link = guide.urls.link
        page = {
            "url": link(plan.path),
            "canonical": guide.urls.absolute(plan.path),
            "title": plan.title,
            "description": plan.description or guide.site.description or "",
            "breadcrumbs": [(label, link(path)) for label, path in plan.crumbs] + [(plan.title, link(plan.path))],
            "kind": plan.kind,
        }
        context: dict[str, Any] = {"page": page, **plan.context}
        offer = plan.context.get("offer")
        if offer is not None:
            offer.jsonld = structured_data.script_json(structured_data.course(offer, guide))
            context["search"] = offer_record(offer, guide)
        elif "point" in plan.context:
            context["search"] = advisory_record(plan.context["point"], guide)
        elif "doc" in plan.context:
            context["search"] = page_record(plan.context["doc"], guide)
        else:
            context["search"] = None
        return self.env.get_template(plan.template).render(context).encode()

    def file(self, plan: FilePlan) -> bytes:
        return self.producers[plan.producer](plan)


def outputs(renderer: Renderer, plan: Plan, source: Path) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Every output file with the function that makes its bytes, in plan order."""
    for page in plan.pages:
        yield page.output_file, functools.partial(renderer.page, page)
    for item in plan.files:
        yield item.path, functools.partial(renderer.file, item)
    for name, path in assets(source).items():
        yield urls.asset(name), path.read_bytes


def render_site(guide: Guide, plan: Plan, source: Path, env: jinja2.Environment | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield (output file, bytes) for every page and file of the plan, in plan order.

    ``env``: an environment from ``environment(source)`` whose compiled templates are reused.
    """
    renderer = Renderer(guide, source, env)
    for relpath, produce in outputs(renderer, plan, source):
        yield relpath, produce()


class Sink(Protocol):
    """Where rendered files go: a ``SiteWriter`` (builds) or the live folder (preview)."""

    def write(self, relpath: str, data: bytes) -> bool: ...

    def record(self, written: list[str], unchanged: list[str]) -> None: ...


def _render_part(guide: Guide, plan: Plan, source: Path, writer: Sink, workers: int, share: int) -> tuple[list[str], list[str]]:
    """Render every ``workers``-th output, starting at ``share``; returns (written, unchanged)."""
    renderer = Renderer(guide, source)
    written: list[str] = []
    unchanged: list[str] = []
    for number, (relpath, produce) in enumerate(outputs(renderer, plan, source)):
        if number % workers == share:
            (written if writer.write(relpath, produce()) else unchanged).append(relpath)
    return written, unchanged


def render_into(writer: Sink, guide: Guide, plan: Plan, source: Path, workers: int = 1) -> None:
    """Render every output into ``writer``, spread over ``workers`` processes.

    Pages are dealt out in turn (page 1 to worker 1, page 2 to worker 2, ...), so heavy and
    light pages mix evenly. Workers are forked, so they share the guide without copying it.
    """
    for written, unchanged in deal_out(_render_part, (guide, plan, source, writer), workers):
        writer.record(written, unchanged)
