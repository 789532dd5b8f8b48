"""Rebuilds for the live preview that render only the pages a change touches.

Every page gets a key made of what it shows: the offer objects on it (the guide keeps the
object of an offer whose record and provider record are unchanged, so a new object means a
change), its own title and place in a list, and the site-wide counts every footer prints.
Anything whose effect reaches every page (site.yaml, taxonomies, advisory points, editorial
pages, templates, the day) is one global version; when it changes, every page is rendered.
Pages without a key (home, search, …) are always rendered: there are few of them.

Reading, checking and planning are incremental as well: a folder without a file-system event
is trusted as read (``load.ReadCache``), a file whose stat is unchanged is not read again, its
record is not checked again, the guide keeps the objects made for it and the plan their pages
(and the list pages whose offers are the same objects, ``plan.Keep``), so such pages keep
their keys without them being worked out. At 10,000 offers a changed title is then checked,
rendered and written in about 0.35 s of CPU time; the catalogues, sitemap, feed and API
(which list every offer) follow with the search index.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import Any

import jinja2

from . import urls
from .index import build_index
from .layout import template_dirs
from .load import ReadCache
from .model import AdvisoryPoint, EditorialPage, FilledList, Guide, GuideMemory, Offer, Provider, Term, build_guide
from .notes import NotesMemo, editor_notes, holiday_notes, offer_files
from .pipeline import check
from .plan import MonthEntry, PagePlan, Pagination, Plan, PlanMemory, Sections, plan_site
from .problems import ContentError, Note
from .processes import Behind, in_background, keep_out_of_sight, no_collection, workers_for
from .render import Reads, Renderer, Stopped, compiled, environment, render_into
from .search import GuideWords, guide_words
from .validate import Memo, Valid
from .write import holds, in_memory, replace_file

# Outputs that show every offer at once and take long at scale: the preview writes them after
# the pages, together with the search index, so a changed page is served without waiting. The
# search page's vocabulary too: sorting every word of the guide took a tenth of a rebuild.
LATER_TEMPLATES = frozenset({"katalog.html", "foerdercheck.html", "employers.html"})
LATER_PRODUCERS = frozenset({"sitemap", "sitemap-index", "feed", "api", "places", "search-words"})
# Niceness added for the preview's work in the background: a save and a browser go before the
# pages that follow the ones a browser shows, and those before the search index (Pagefind
# takes 20 s and more at 10,000 offers and runs after nearly every save; at the same level as
# the pages it made them take twice as long).
LATER_PAGES, INDEX = 5, 15


@dataclass
class Memory:
    """What the preview knows about the output it last wrote, and what it read to write it."""

    global_version: str = ""
    keys: dict[str, Any] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)
    files: ReadCache = field(default_factory=ReadCache)
    checked: Memo = field(default_factory=Memo)
    guide: GuideMemory = field(default_factory=GuideMemory)
    plan: PlanMemory = field(default_factory=PlanMemory)
    templates: jinja2.Environment | None = None  # compiled for ``global_version``
    search: GuideWords | None = None  # the vocabulary, carried from edit to edit
    notes: NotesMemo = field(default_factory=dict)  # ``notes.editor_notes`` per offer, as last found
    reads: dict[str, frozenset[FilledList]] = field(default_factory=dict)  # per page file, as last rendered
    readers: dict[FilledList, set[str]] = field(default_factory=dict)  # the other way round
    # The folder of the build's cache of file values (``contentcache``), for the first reading
    # only: later ones read just the changed files, and loading the cache would cost more.
    stored: Path | None = None

    def read(self, reads: Reads) -> None:
        """Note what the pages just rendered read (``reads``, per page file)."""
        for file, read in reads.items():
            before = self.reads.get(file, frozenset())
            for key in before - read:
                self.readers[key].discard(file)
            for key in read - before:
                self.readers.setdefault(key, set()).add(file)
            self.reads[file] = read

    def forget(self, file: str) -> None:
        """The page file is gone."""
        for key in self.reads.pop(file, ()):
            self.readers[key].discard(file)
    # For pages whose key need not be worked out again (see ``_rebuild``): the page plans the
    # keys were last checked against (kept alive, so that no new object takes one of their
    # identities), the counts then, and each filled list pages read, shown.
    planned_pages: list[PagePlan] = field(default_factory=list)
    counts: tuple[int, ...] = ()
    lists: dict[FilledList, Any] = field(default_factory=dict)


@dataclass
class PreviewReport:
    rendered: int = 0
    paths: list[str] = field(default_factory=list)  # the pages rendered (now, not later)
    written: int = 0
    removed: int = 0
    total: int = 0
    full: bool = False
    html_changed: bool = False
    language: str = "de"
    information: list[str] = field(default_factory=list)  # site paths (index.searchable_patterns)
    later: int = 0  # outputs left for ``finish``
    finish: Callable[..., bool] | None = None  # writes them (may be stopped); True when an HTML file changed
    first: int = 0  # pages rendered now because a browser shows them (``rebuild``'s ``first``), the others later
    pending: list[str] = field(default_factory=list)  # the other changed pages, which ``finish`` writes
    pages_done: float = 0.0  # ``time.perf_counter()`` when ``finish`` had written the other pages
    drafts: frozenset[str] = frozenset()  # the ids of the draft offers among the checked files
    notes: list[Note] = field(default_factory=list)  # ``notes.editor_notes`` of the content checked
    note_pages: dict[str, str] = field(default_factory=dict)  # the site path of each noted offer's page, by file


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
        # The guide's own search words reach every offer page that holds one of them (its hidden
        # search words): a rare edit, so all pages are looked at again.
        valid.search.model_dump(mode="json") if valid.search else None,
        sorted(valid.providers),
        [(name, _hash(data)) for name, data in templates],
        today.isoformat(),
        base_url or "",
    )


_PATH, _TEMPLATE, _OUTPUT_FILE, _PRODUCER = map(attrgetter, ("path", "template", "output_file", "producer"))
_CALENDARS = frozenset({"calendar", "date-calendar"})  # an offer's files, renewed with its page


def _no_calendar(producer: str) -> bool:
    return producer not in _CALENDARS

# Items that compare as they are: offers by identity, a month list's entries by their start,
# offer and date (the date by identity, as its offer).
_FLAT = (Offer, MonthEntry)


def shown(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """A value a page shows, made comparable across rebuilds.

    Offers and providers compare by identity: the guide keeps the object of a record (and of
    its provider) that did not change and makes a new one for one that did (see
    ``model.GuideMemory``). Terms, advisory points and editorial pages compare by id: any
    change to them changes the global version, and then every page is rendered anyway.

    ``memo``: containers already made comparable in this rebuild, by identity. Many pages
    share one list or dict (the month index of every list page, a programme's conditions on
    each of its region pages); each is walked once. Only for one rebuild, while the plan
    keeps every container alive, so no identity is reused.
    """
    if isinstance(value, (Offer, Provider)):
        return value
    container = isinstance(value, (list, tuple, dict, Pagination, Sections))
    if container and memo is not None:
        found = memo.get(id(value))
        if found is not None:
            return found[1]
    if isinstance(value, (list, tuple)):
        if value and type(value[0]) in _FLAT:  # the long lists: offers, or a month's starts
            result: Any = tuple(value)
        else:
            result = tuple(shown(item, memo) for item in value)
    elif isinstance(value, (Term, AdvisoryPoint)):
        return (type(value).__name__, value.id)
    elif isinstance(value, EditorialPage):
        return ("EditorialPage", value.slug)
    elif isinstance(value, dict):
        result = tuple((key, shown(item, memo)) for key, item in value.items())
    elif isinstance(value, Pagination):
        result = ("Pagination", value.current, len(value.pages))
    elif isinstance(value, Sections):
        result = ("Sections", *(shown(section, memo) for section in value))
    else:
        return value
    if memo is not None:
        memo[id(value)] = (value, result)  # the value too: its identity stays taken meanwhile
    return result


def page_key(
    page: PagePlan, counts: tuple[int, ...], guide: Guide, reads: frozenset[FilledList] | None, memo: dict[int, Any] | None = None
) -> Any:
    """What a page shows, as a comparable value: its plan, its template's variables, the
    footer's counts and the filled lists its template read when it was last rendered
    (``reads``); None when it was never rendered, so nothing is known of what it reads."""
    if reads is None:
        return None
    read = tuple((key, shown(guide.filled_list(key), memo)) for key in sorted(reads))
    return (page.template, page.title, page.description, tuple(page.crumbs), page.lastmod, shown(page.context, memo), counts, read)


def rebuild(
    source: Path, out: Path, memory: Memory, today: date, base_url: str | None, defer: bool = False,
    first: Collection[str] = (),
) -> PreviewReport:
    """Check everything, then render and write only what changed into ``out``.

    Files whose stat is unchanged are not read again, unchanged records are not checked
    again, and the guide keeps the objects of unchanged records (see ``Memory``). With
    ``defer``, the catalogues, sitemap, feed and offer API are left to ``report.finish()``.

    ``first``: the site paths of pages a browser shows (``serve`` knows them). With ``defer``,
    when more pages changed than those, only those are rendered now and the others by
    ``report.finish()``, before the catalogues: a provider's new name on 200 offers changes
    1,600 pages, and the one the editor looks at comes in a fraction of the time all take.
    When so many changed that workers are forked and none of them is shown, none is
    rendered now (``report.pending`` names them all).
    """
    # What the preview keeps is long-lived; out of the collector's sight (see ``tidy``) it
    # spares every rebuild a full collection over hundreds of thousands of objects, and a
    # rebuild leaves its garbage to ``tidy`` too (10,000 offers: about 0.02 s of 0.2 s).
    keep_out_of_sight()
    with no_collection():
        report = _rebuild(source, out, memory, today, base_url, defer, frozenset(first))
        # So is what it made: the collection on leaving would walk all of it before the
        # browser is told (10,000 offers: 30 ms of a title's 0.3 s).
        keep_out_of_sight()
    return report


def _notes(source: Path, valid: Valid, memory: Memory, today: date) -> list[Note]:
    """The editors' notes, at their lines in the documents just read: no file is read again
    for them. (Looked up for every offer: joined as strings, a tenth of the time of Path's "/".)"""
    prefix = f"{source.resolve()}{os.sep}"
    joined = (prefix.__add__ if os.sep == "/" else lambda file: prefix + file.replace("/", os.sep))
    documents = lambda file: memory.files.document(joined(file))  # noqa: E731 - named once, passed twice
    return editor_notes(source, valid, today, documents, memory.notes) + holiday_notes(source, valid, documents)


def notes_despite(source: Path, error: ContentError, memory: Memory, today: date) -> list[Note]:
    """The notes of the offers that passed a check that found errors (``error.valid``), for the
    preview's error page: an editor fixing one file still sees what the others draw. Those of
    the files with errors are left out (their records did not pass); the memory of notes is
    the one ``rebuild`` keeps, so the offers left unchanged are not looked at again."""
    valid = error.valid if isinstance(error.valid, Valid) else None
    if valid is None:
        return []
    failed = {problem.file for problem in error.problems}
    return [note for note in _notes(source, valid, memory, today) if note.file not in failed]


def _rebuild(
    source: Path, out: Path, memory: Memory, today: date, base_url: str | None, defer: bool, first: frozenset[str]
) -> PreviewReport:
    stored, memory.stored = memory.stored, None
    valid = check(source, memory.files, memory.checked, stored)
    guide: Guide = build_guide(valid, today, base_url, memory.guide)
    memory.search = guide_words(guide, memory.search)
    plan = plan_site(guide, memory.plan)
    counts = (len(guide.offers), len(guide.advisory_points), len(guide.providers))
    report = PreviewReport(language=guide.site.language, information=plan.information_pages())
    report.drafts = frozenset(key for key, record in valid.offers.items() if record.draft)
    report.notes = _notes(source, valid, memory, today)
    if report.notes:
        offers = offer_files(valid)
        report.note_pages = {n.file: urls.offer(offers[n.file]) for n in report.notes if n.file in offers}
    version = global_version(valid, source, guide.today, base_url)
    report.full = version != memory.global_version or not out.is_dir()
    if version != memory.global_version or memory.templates is None:
        memory.templates = environment(source, recording=True)
    env = memory.templates
    before = memory.keys
    memo: dict[int, Any] = {}  # see ``shown``
    # A page planned as the same object as last time (an unchanged offer's page, kept by
    # ``PlanMemory``) shows what it showed then, unless the counts or a filled list it read
    # changed: its key stays as it was without being worked out again. At 10,000 offers that
    # spares nearly every key; the filled lists are compared once each.
    lists = {key: shown(guide.filled_list(key), memo) for key in memory.lists} if not report.full else {}
    moved = {key for key, value in lists.items() if memory.lists[key] != value}
    same_counts = counts == memory.counts and not report.full

    # Which pages to look at: at 10,000 offers a title edit keeps nearly all of 14,900 page
    # plans, and a loop over them cost a tenth of the rebuild, so the sets and filters here run
    # in C. ``keys`` starts as the last ones, less those of pages looked at or rendered later:
    # a key is only ever kept for a page whose rendering it describes.
    deferred = list(compress(plan.pages, map(LATER_TEMPLATES.__contains__, map(_TEMPLATE, plan.pages)))) if defer else []
    later_keys: dict[str, Any] = {}  # carried for the deferred pages, which ``finish`` looks at
    if same_counts:
        paths = set(map(_PATH, plan.pages))
        keys = dict(before)
        for path in keys.keys() - paths:
            del keys[path]
        ids = list(map(id, plan.pages))
        looked = set(ids).difference(map(id, memory.planned_pages))  # new page objects
        unkeyed = paths - keys.keys()  # kept, but not rendered (a rebuild stopped before them)
        if unkeyed:
            looked.update(compress(ids, map(unkeyed.__contains__, map(_PATH, plan.pages))))
        if moved:  # the pages that read a filled list that changed
            readers = {file for key in moved for file in memory.readers.get(key, ())}
            looked.update(compress(ids, map(readers.__contains__, map(_OUTPUT_FILE, plan.pages))))
        candidates = list(compress(plan.pages, map(looked.__contains__, ids)))
        for page in candidates:
            keys.pop(page.path, None)
        for page in deferred:
            key = keys.pop(page.path, None)
            if key is not None:
                later_keys[page.path] = key
    else:
        keys, candidates = {}, plan.pages

    def outdated(pages: list[PagePlan], carried: dict[str, Any]) -> list[PagePlan]:
        """The pages whose key differs from the last rendering's; keeps the others' keys."""
        todo = []
        for page in pages:
            key = carried.get(page.path)
            if key is None:
                key = None if report.full else page_key(page, counts, guide, memory.reads.get(page.output_file), memo)
                if key is None or before.get(page.path) != key:
                    todo.append(page)
                    continue
            keys[page.path] = key
        return todo

    def rendered(pages: list[PagePlan], reads: Reads) -> None:
        memory.read(reads)
        for read in reads.values():
            for key in read - lists.keys():
                lists[key] = shown(guide.filled_list(key), memo)
        for page in pages:
            keys[page.path] = page_key(page, counts, guide, memory.reads.get(page.output_file, frozenset()), memo)

    # The keys of deferred pages are worked out later too: a catalogue's key lists every offer.
    later, now = Plan(pages=deferred, files=[]), Plan(pages=[], files=[])
    now.pages = outdated([page for page in candidates if not (defer and page.template in LATER_TEMPLATES)], {})
    if report.full:
        now.files = list(plan.files)
    else:
        # Calendars of the offers whose pages changed, and the files that are no calendars.
        own = memory.plan.offers
        changed = {id(page.subject): page.subject for page in now.pages if isinstance(page.subject, Offer)}
        now.files = [calendar for offer in changed.values() for calendar in own.get(offer, (None, ()))[1]]
        now.files += compress(plan.files, map(_no_calendar, map(_PRODUCER, plan.files)))
    if defer:
        later.files = [file for file in now.files if file.producer in LATER_PRODUCERS]
        now.files = [file for file in now.files if file.producer not in LATER_PRODUCERS]
    # The pages a browser shows first, the other changed pages (and calendars) after them; so
    # many that workers are forked, and none shown: all after (``serve`` renders a page asked
    # for meanwhile on request, ``Unwritten``, instead of serving it old for seconds).
    shown_now = [page for page in now.pages if page.path in first] if defer else []
    following = Plan(pages=[], files=[])
    if defer and len(shown_now) < len(now.pages) and (shown_now or workers_for(len(now.pages)) > 1):
        following = Plan(pages=[page for page in now.pages if page.path not in first], files=now.files)
        now = Plan(pages=shown_now, files=[])
        report.first = len(shown_now)
        report.pending = [page.path for page in following.pages]
    produced = set(map(_OUTPUT_FILE, plan.pages))
    produced.update(map(_PATH, plan.files))
    report.rendered, report.total = len(now.pages) + len(following.pages) + len(later.pages), len(plan.pages)
    report.paths = [page.path for page in now.pages]
    out.mkdir(parents=True, exist_ok=True)
    if now.pages or not following.pages or report.full:
        # With pages to follow, their workers inherit the changed offers' cards (``renew``):
        # the open page renders only those it shows (a renamed provider's page 200, not 800).
        # A full rebuild writes the assets (stylesheet, scripts) now even with no page: a page
        # rendered on request meanwhile needs them.
        report.written, report.html_changed, reads = _render(guide, now, source, out, env, renew=not following.pages)
        rendered(now.pages, reads)
    if report.full:
        # A full rendering ran in forked workers; compiled here, the templates are ready for
        # the first edit (a save right after the start is as quick as the next one): all of
        # them, with the macros the pages import (compiled on their first use otherwise,
        # 0.1 s of the first edit at 10,000 offers).
        compiled(env)
    for stale in sorted(memory.outputs - produced):
        (out / stale).unlink(missing_ok=True)
        memory.forget(stale)
        report.removed += 1
        report.html_changed = report.html_changed or stale.endswith(".html")
    memory.global_version, memory.outputs, memory.keys = version, produced, keys
    memory.planned_pages, memory.counts, memory.lists = plan.pages, counts, lists
    report.later = len(following.pages) + len(following.files) + len(later.pages) + len(later.files)
    if report.later:

        def finish(
            stop: Callable[[], bool] | None = None, unwritten: Unwritten | None = None,
            pages_written: Callable[[], None] | None = None,
        ) -> bool:
            """Render the other changed pages, then the deferred outputs; raises render.Stopped
            when ``stop`` says so (the keys of what was not finished are not kept, so the next
            rebuild renders it; the pages of tasks that ended are keyed). ``unwritten``:
            renders those pages on request meanwhile, once the workers are forked, and is
            closed when they are written. ``pages_written``: called then, before the
            catalogues, sitemap, feed and API."""
            html_changed = False
            opened = None if unwritten is None else lambda: unwritten.open(Renderer(guide, source, env), following.pages)

            def written() -> None:
                """Every page is written: a request gets the file from now on, while the workers
                leave and the keys are worked out."""
                report.pages_done = time.perf_counter()
                if unwritten is not None:
                    unwritten.close()

            unfinished: list[str] = []
            try:
                if following.pages or following.files:
                    with in_background(LATER_PAGES):
                        _, html_changed, reads = _render(guide, following, source, out, env, stop, opened, ended=written)
                    rendered(following.pages, reads)
            except Stopped as stopped:
                # The pages of the finished tasks are written: keyed, they are not rendered
                # again (a save every few seconds while the first build's 15,000 pages are
                # written would otherwise start them over each time).
                done = stopped.reads or {}
                rendered([page for page in following.pages if page.output_file in done], done)
                unfinished = [page.path for page in following.pages if page.output_file not in done]
                raise
            finally:
                if unwritten is not None:
                    # Stopped: the pages still unwritten are waited for until the next rebuild
                    # names its own (a page of the first build asked for meanwhile has no file).
                    unwritten.close(held=unfinished)
            report.pages_done = report.pages_done or time.perf_counter()
            if pages_written is not None:
                pages_written()
            todo = outdated(later.pages, later_keys)
            _, later_html, reads = _render(guide, Plan(pages=todo, files=later.files), source, out, env, stop)
            rendered(todo, reads)
            return html_changed or later_html

        report.finish = finish
    return report


class _InPlace:
    """Writes straight into the live folder; the ``SiteWriter`` calls ``render_into`` needs.

    On disk, a changed file is written by ``processes.Behind`` while the next page renders:
    replacing a file costs more than rendering it (see there). In memory (a tmpfs, where
    ``serve`` keeps its pages when there is room) replacing costs microseconds, less than
    handing it to a thread: it is written at once (a renamed provider's 1,600 pages: 1.5 s
    with the threads, 1.2 s without). Comparing with the file is quick and done here, so
    ``write`` still answers whether the file changes.
    """

    def __init__(self, out: Path, at_once: bool | None = None):
        self.out = str(out)
        self.written: list[str] = []
        at_once = in_memory(out) if at_once is None else at_once
        self.behind = None if at_once else Behind()

    def write(self, relpath: str, data: bytes) -> bool:
        target = f"{self.out}/{relpath}"
        if holds(target, data):
            return False
        if self.behind is None:
            replace_file(target, data)
        else:
            self.behind.submit(replace_file, target, data)
        return True

    def settle(self) -> None:
        if self.behind is not None:
            self.behind.wait()

    def record(self, written: list[str], unchanged: list[str]) -> None:
        self.written += written


def _render(
    guide: Guide, plan: Plan, source: Path, out: Path, env: jinja2.Environment, stop: Callable[[], bool] | None = None,
    forked: Callable[[], None] | None = None, renew: bool = True, ended: Callable[[], None] | None = None,
) -> tuple[int, bool, Reads]:
    """Render ``plan`` into ``out``; returns the number of files written, whether HTML was,
    and what each page read.

    Many pages (the first build, a changed template, a renamed provider) are rendered by
    forked workers, as a full build does; a few in this process. Either way with the kept
    templates: forked workers inherit them compiled (compiling them again cost each worker
    more than a second, at a provider's 900 pages most of the rebuild).
    """
    target = _InPlace(out)
    workers = workers_for(len(plan.pages))
    reads = render_into(
        target, guide, plan, source, workers, env=env, recording=True, stop=stop, forked=forked, renew=renew, ended=ended
    )
    return len(target.written), any(p.endswith(".html") for p in target.written), reads


class Unwritten:
    """The changed pages a rebuild has yet to write (``PreviewReport.pending``), rendered here
    when a browser asks for one meanwhile, as Hugo's server renders a page on request: a
    renamed provider's 1,600 pages take the forked workers seconds, and the editor who opens
    one of them before its turn sees it new, not once more as it was.

    ``expect`` names the pages (the rebuild's first part is done); ``finish`` opens them for
    rendering here once its workers are forked (rendering here meanwhile would share the
    recording environment's state with it, and a fork could copy a lock this thread holds) and
    closes them when they are written. A request for one of them waits for that, at most
    ``timeout`` seconds. Pages render one at a time, in the requesting thread.
    """

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.paths: frozenset[str] = frozenset()  # expected, until closed
        self.pages: dict[str, PagePlan] = {}  # open: the pages and what renders them
        self.renderer: Renderer | None = None
        self.served: set[str] = set()  # rendered here for a request since ``expect``
        self.stale: set[str] = set()  # answered from the old file (the wait was too long)
        # Served here by a rebuild that was stopped before it wrote them: a browser may show
        # what no file holds. Kept over ``expect`` until the preview takes them (``owed``).
        self.unfiled: set[str] = set()

    def expect(self, paths: Collection[str]) -> None:
        with self.changed:
            self.paths, self.pages, self.renderer = frozenset(paths), {}, None
            self.served, self.stale = set(), set()
            self.changed.notify_all()

    def open(self, renderer: Renderer, pages: list[PagePlan]) -> None:
        with self.changed:
            self.renderer = renderer
            self.pages = {page.path: page for page in pages}  # asked for only if expected
            self.changed.notify_all()

    def close(self, held: Collection[str] = ()) -> None:
        """The pages are written, or the rebuild was stopped; ``held``: pages it left unwritten,
        which a request still waits for (``page``), until the next rebuild's ``expect`` names
        its own or ``close`` ends the wait."""
        with self.changed:
            self.unfiled |= self.served & set(held)
            self.paths, self.pages, self.renderer = frozenset(held) & self.paths, {}, None
            self.changed.notify_all()

    def page(self, path: str, timeout: float = 5.0) -> bytes | None:
        """The page at site path ``path`` as the rebuild will write it, if it has yet to;
        None when the file is (or is as good as) written, or after ``timeout`` seconds."""
        if path not in self.paths:  # most requests: no lock taken (another page may be rendering)
            return None
        with self.changed:
            if not self.changed.wait_for(lambda: path not in self.paths or self.renderer is not None, timeout):
                self.stale.add(path)
                return None
            plan, renderer = self.pages.get(path), self.renderer
            if plan is None or renderer is None:
                return None
            try:
                data = renderer.page(plan)
            except Exception:  # noqa: BLE001 - the worker meets the same error and reports it
                return None
            self.served.add(path)
            return data

    def told(self) -> frozenset[str]:
        """The pages a browser got new from ``page`` (and none got old): no reload needed."""
        with self.changed:
            return frozenset(self.served - self.stale)

    def owed(self) -> frozenset[str]:
        """The pages a stopped rebuild served here and never wrote, forgotten as they are
        named: the next rebuild may find their files unchanged (a save undone before they were
        written), but a browser showing one shows what the stopped rebuild rendered, and must
        reload all the same."""
        with self.changed:
            owed, self.unfiled = frozenset(self.unfiled), set()
            return owed


def refresh_index(out: Path, language: str, information: list[str]) -> int:
    """Rebuild the search index beside the live one (at a lower priority: a save goes first),
    then swap it in with two renames."""
    fresh, old = out / ".pagefind-neu", out / ".pagefind-alt"
    for folder in (fresh, old):
        shutil.rmtree(folder, ignore_errors=True)
    count = build_index(out, language, information, target=fresh, niceness=INDEX)
    if (out / "pagefind").exists():
        (out / "pagefind").rename(old)
    fresh.rename(out / "pagefind")
    shutil.rmtree(old, ignore_errors=True)
    return count
