"""Step 5: turn the plan into bytes: HTML through Jinja, everything else through
``machine_readable``. Templates come from the content tree's ``templates/`` first, then from
Lotse's own, file by file; so do the static assets in ``templates/assets/``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any, Protocol

import jinja2
import jinja2.ext
from jinja2 import nodes
from jinja2.runtime import Macro
from jinja2.utils import missing
from markupsafe import Markup, escape

from . import funding, machine_readable, structured_data, urls
from .german import date_de, date_short, format_money, join_de, month_de, number_range, number_word, weekday_de
from .layout import left_behind, template_dirs
from .markup import with_anchors
from .model import FILLED_LISTS, AdvisoryPoint, EditorialPage, FilledList, Guide, Offer, filled_list_key
from .plan import FilePlan, PagePlan, Plan
from .problems import ContentError, Problem
from .processes import share_out, should_stop, trim_heap
from .search import record_for, vocabulary_json

# Renderings kept per offer: by the offer's identity, the offer (which keeps that identity
# taken) and its renderings by the rest of their key (level and provider shown, or the date).
Kept = dict[int, tuple[Any, dict[tuple[Any, ...], Markup]]]


class _Recording(jinja2.Environment):
    """An environment that notes which filled lists (``model.FILLED_LISTS``) a template reads,
    for the live preview: a page must be rendered again when one of them changes."""

    reads: set[FilledList] | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Cards and catalogue entries rendered with these templates (see ``Renderer._once``):
        # the preview keeps the environment from one rebuild to the next, and with it them.
        self.made: dict[str, Kept] = {}
        self.made_with: Any = None  # the footer counts they were made with
        self.renewed_for: list[Offer] | None = None  # the guide's offers ``Renderer.renew`` last saw

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``jinja2.Environment.getattr`` (which it repeats, saving a call per ``a.b`` of a
        template: 2-3 % of a page), noting the filled lists read."""
        if attribute in FILLED_LISTS and self.reads is not None:
            key = filled_list_key(obj, attribute)
            if key is not None:
                self.reads.add(key)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


try:  # the C function behind MarkupSafe 3's escape(); elsewhere templates keep escape() itself
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - depends on the installed MarkupSafe
    _escape_inner = None  # type: ignore[assignment]

_new_str = str.__new__


def _escape(value: Any, _str: type = str, _markup: type = Markup, _inner: Callable[[str], str] = _escape_inner) -> Markup:
    """``markupsafe.escape`` with the same result, quicker for text and Markup (a third of the
    calls of an offer page): MarkupSafe 3 escapes in C but wraps the result through
    ``Markup.__new__`` in Python, and escapes Markup by calling ``__html__`` and wrapping again."""
    kind = type(value)
    if kind is _str:
        return _new_str(_markup, _inner(value))  # type: ignore[no-any-return]
    if kind is _markup:
        return value  # type: ignore[no-any-return]
    return escape(value)


def _plain(obj: Any) -> bool:
    """Whether Jinja would call ``obj`` as it is: a Lotse global (``_Latest``), or a function
    or bound method not marked with ``pass_context`` and its kin (``jinja_pass_arg``)."""
    kind = type(obj)
    if kind is _Latest:
        return True
    if kind is MethodType:
        obj = obj.__func__
        kind = type(obj)
    return kind is FunctionType and "jinja_pass_arg" not in obj.__dict__


def _macro_arguments(macro: Macro, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
    """The arguments ``Macro.__call__`` would hand the macro's function, for the common call:
    no ``caller`` (``{% call %}``), no ``varargs`` or ``kwargs``, no name it does not take;
    None for any other call, which then goes through ``Macro.__call__`` (and its errors).
    Arguments not given are ``missing``: the macro's code puts in its defaults."""
    count, given = macro._argument_count, len(args)
    if given > count or macro.caller or macro.catch_kwargs or macro.catch_varargs or macro._environment.is_async:
        return None
    if not kwargs:
        return args if given == count else (*args, *(missing,) * (count - given))
    names = macro.arguments[given:]
    if any(name not in names for name in kwargs):
        return None
    return (*args, *(kwargs.get(name, missing) for name in names))


class _Context(jinja2.runtime.Context):
    """A template context that calls macros and plain functions without Jinja's inspection of
    the callee.

    ``Context.call`` asks every callee whether it wants the context, the evaluation context or
    the environment passed first (``hasattr`` and attribute lookups on the callee and on its
    ``__call__``); a macro always takes the evaluation context, Lotse's globals (cards, month
    rows, ``link``) take nothing. An offer page calls 30-40 macros (its facts, icons, seats), a
    list page a card and a link per offer, each paying that question.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - as Jinja's, whose arguments may be named anything
        macro = type(__obj) is Macro
        if not macro and not _plain(__obj):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)  # for callees that take the context; these do not
        kwargs.pop("_loop_vars", None)
        direct = _macro_arguments(__obj, args, kwargs) if macro else None
        try:
            if direct is not None:
                text = __obj._func(*direct)
                return _new_str(Markup, text) if __self.eval_ctx.autoescape else text
            return __obj(__self.eval_ctx, *args, **kwargs) if macro else __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


class _Template(jinja2.Template):
    """A template whose output expressions (``{{ … }}``) escape through ``_escape``.

    Jinja's compiled code looks the name ``escape`` up in the template module's globals at
    each call; those are the namespace its code ran in, shared by its blocks and macros.
    """

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: Any, uptodate: Any = None) -> Any:
        template = super().from_code(environment, code, globals, uptodate)
        namespace = template.root_render_func.__globals__
        if _escape_inner is not None and namespace.get("escape") is escape:
            namespace["escape"] = _escape
        return template

    def _get_default_module(self, ctx: Any = None) -> Any:
        """The module ``{% import "macros.html" as m %}`` gives (without context), built once.

        Jinja first checks whether the importing page has globals the imported template lacks,
        as a set difference over the keys of a ``ChainMap``: it rebuilds the union of those keys
        at every import, two or three per page (2-3 % of an offer page's time). Every template
        here has the environment's globals and nothing else (none are passed to
        ``get_template``), so the answer is always "none".
        """
        return super()._get_default_module(None)


def _reads_apart(recording: _Recording | None, render: Callable[[], str]) -> tuple[Markup, frozenset[FilledList]]:
    """``render()`` as Markup, with the filled lists it read noted apart from the page's (none
    without a recording environment, or outside a page)."""
    outer = recording.reads if recording is not None else None
    if recording is None or outer is None:
        return Markup(render()), frozenset()
    reads: set[FilledList] = set()
    recording.reads = reads
    try:
        return Markup(render()), frozenset(reads)
    finally:
        recording.reads = outer


class Shared(jinja2.ext.Extension):
    """``{% shared key, … %}…{% endshared %}``: a fragment rendered once per build for each value
    of its key, then copied into every page that asks for it with the same key.

    For markup that is the same on (nearly) every page, the header and the footer: at 10,000
    offers their rendering was a sixth of the time of an offer page. Its body may read the key
    and what stays the same through a build (``site``, ``nav``, ``urls``, ``counts``,
    ``editorial_pages``, macros); anything else the body reads must be part of the key. Each
    ``Renderer`` starts with no fragments, so a preview rebuild never sees the last one's.
    """

    tags = {"shared"}

    def __init__(self, environment: jinja2.Environment):
        super().__init__(environment)
        self.made: dict[tuple[Any, ...], tuple[Markup, frozenset[FilledList]]] = {}

    def parse(self, parser: Any) -> nodes.Node:
        lineno = next(parser.stream).lineno
        items: list[nodes.Expr] = []
        while parser.stream.current.type != "block_end":
            if items:
                parser.stream.expect("comma")
            items.append(parser.parse_expression())
        key = nodes.Tuple([nodes.Const(f"{parser.name}:{lineno}"), *items], "load")
        body = parser.parse_statements(("name:endshared",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_fragment", [key]), [], [], body).set_lineno(lineno)

    def _fragment(self, key: tuple[Any, ...], caller: Callable[[], str]) -> Markup:
        recording = self.environment if isinstance(self.environment, _Recording) else None
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = _reads_apart(recording, caller)
        if recording is not None and recording.reads is not None:
            recording.reads.update(found[1])  # the page read what its fragment read
        return found[0]


def environment(source: Path, recording: bool = False) -> jinja2.Environment:
    """The templates of ``source`` (its own first, then Lotse's); ``recording``: one whose
    renderings note what they read (see ``Renderer.reads``)."""
    env = (_Recording if recording else jinja2.Environment)(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(source)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build reads each template once; no stat() per page
        extensions=[Shared],
    )
    env.template_class = _Template
    env.context_class = _Context
    env.filters.update(
        date_de=date_de, date_short=date_short, weekday_de=weekday_de, month_de=month_de, money=format_money, number_word=number_word, number_range=number_range,
        join_de=join_de, next_steps=funding.next_steps, employer_step=lambda term: funding.next_step(term, funding.EMPLOYER),
        course_conditions=funding.course_conditions,
    )
    return env


def compiled(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` with every template of its folders compiled (not only when first rendered).

    One that does not compile is left for its first use, which reports it with the page that
    uses it (``template_error``); a guide's folder may hold one no page uses."""
    for name in env.list_templates(filter_func=lambda name: not name.startswith("assets/")):
        try:
            env.get_template(name)
        except (jinja2.TemplateError, UnicodeDecodeError):
            continue
    return env


def assets(source: Path) -> dict[str, Path]:
    """Static files by name; a content tree's own file wins over the built-in one. What an
    operating system or an editor leaves there (``layout.left_behind``: ``.git/``, ``.env``,
    ``Thumbs.db``, ``~$kurse.xlsx``, ``lotse.css~`` …) is never published."""
    found: dict[str, Path] = {}
    for folder in reversed(template_dirs(source)):
        base = folder / "assets"
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                name = path.relative_to(base).as_posix()
                if path.is_file() and not left_behind(name):
                    found[name] = path
    return dict(sorted(found.items()))


def template_error(error: Exception, plan: PagePlan, folders: list[Path]) -> ContentError:
    """A failed rendering as an error line naming the template, its line and the page, in the
    manner of Zola: ``templates/offer.html:12:1: beim Erzeugen von /angebote/x/: …``."""
    where, line = _template_place(error, folders)
    if isinstance(error, jinja2.TemplateSyntaxError):
        what = f"Syntaxfehler in der Vorlage: {error.message}"
    elif isinstance(error, jinja2.TemplateNotFound):
        what = f"Vorlage nicht gefunden: {error.name}"
    elif isinstance(error, jinja2.UndefinedError):
        what = f"unbekannte Variable oder unbekanntes Feld ({error.message})"
    elif isinstance(error, UnicodeDecodeError):
        what = "die Vorlage ist nicht UTF-8-kodiert; bitte als UTF-8 speichern"
    else:
        what = f"{type(error).__name__}: {error}"
    message = f"beim Erzeugen von /{plan.path} mit {plan.template}: {what}"
    return ContentError([Problem(where or f"templates/{plan.template}", line, 1, "", message)])


def _template_place(error: Exception, folders: list[Path]) -> tuple[str | None, int]:
    """The template file (as the guide's author sees it) and line an error arose in."""
    found: tuple[str | None, int] = (None, 1)
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return _shown_template(error.filename, folders), error.lineno or 1
    trace = error.__traceback__
    while trace is not None:  # the innermost frame of a template file: Jinja maps its lines
        filename = trace.tb_frame.f_code.co_filename
        shown = _shown_template(filename, folders)
        if shown is not None:
            found = (shown, trace.tb_lineno)
        trace = trace.tb_next
    return found


def _shown_template(filename: str, folders: list[Path]) -> str | None:
    path = Path(filename)
    for number, folder in enumerate(folders):
        if path.is_relative_to(folder):
            relative = path.relative_to(folder).as_posix()
            own = number < len(folders) - 1  # the last folder holds Lotse's built-in templates
            return f"templates/{relative}" if own else f"templates/{relative} (eingebaute Vorlage von Lotse)"
    return None


class _Latest:
    """A template global that calls the function set last. Jinja keeps the module of an
    imported template (``{% import "macros.html" as m %}``) with the globals of its first
    import: with an environment kept from one preview rebuild to the next, a function put
    there directly would be the first rebuild's, with its cards, for ever."""

    call: Callable[..., Markup]

    def __call__(self, *args: Any, **kwargs: Any) -> Markup:
        return self.call(*args, **kwargs)


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
            "urls": guide.urls.sections(),
            "asset": lambda name: link(urls.asset(name)),
            "counts": {
                "offers": len(guide.offers),
                "advisory_points": len(guide.advisory_points),
                "providers": len(guide.providers),
            },
        }
        self.env.globals.update(self.globals)
        for extension in self.env.extensions.values():
            if isinstance(extension, Shared):
                extension.made = {}  # made with the last build's site, nav and counts
        home = link(urls.HOME)
        self._nav = [(item.url, item.url != home) for item in guide.nav]
        self.template_dirs = template_dirs(source)
        self.reads: dict[str, frozenset[FilledList]] = {}  # per page file, with a recording environment
        # Made and kept by this process since ``kept_since`` was last asked (see there).
        self.fresh: list[tuple[str, tuple[Any, ...], str, str]] = []
        # Asked within long outputs (a catalogue page with every offer's entry, the offer API):
        # raises ``Stopped`` when the preview saw a newer change (see ``_Work.checkpoint``).
        self.checkpoint: Callable[[], None] | None = None
        self._kept: dict[str, Kept] = {}
        self._make: dict[str, Callable[[tuple[Any, ...]], Markup]] = {}
        self._made: list[dict[tuple[Any, ...], Any]] = []  # a build's renderings (``forget``)
        # An offer's card looks the same in every list it is in (offers, topics, region,
        # provider), its catalogue entry in both catalogues: each is rendered once per process.
        for name, function in (
            ("card", self._once("offer_card", lambda offer, level=3, show_provider=True: (offer, level, show_provider))),
            ("entry", self._once("catalogue_entry", lambda offer: (offer, guide.urls.absolute(offer.path)))),
            # A date's row in the month lists (``start_row``), by the date's identity: each month
            # page shows a hundred, and a renamed provider's offers reach 200 of those pages.
            # Kept by the preview only: a build shows each row once, on its month's page.
            ("start_entry", self._once("start_row", lambda offer, when: (offer, when), lambda v: (id(v[0]), id(v[1])), False)),
        ):
            latest = self.env.globals.get(name)
            if not isinstance(latest, _Latest):
                latest = self.env.globals[name] = _Latest()
            latest.call = function
        self.producers: dict[str, Callable[[FilePlan], bytes]] = {
            "calendar": lambda f: machine_readable.calendar(guide, f.subject),
            "date-calendar": lambda f: machine_readable.calendar(guide, *f.subject),
            "sitemap": lambda f: machine_readable.sitemap(guide, [(p.path, p.lastmod) for p in f.subject if p.in_sitemap]),
            "sitemap-index": lambda f: machine_readable.sitemap_index(guide, [(path, [p.lastmod for p in part]) for path, part in f.subject]),
            "robots": lambda f: machine_readable.robots(guide),
            "feed": lambda f: machine_readable.atom_feed(guide),
            "api": lambda f: machine_readable.api_offers(guide, self.checkpoint),
            "search-words": lambda f: vocabulary_json(guide),
            "places": lambda f: machine_readable.places(guide),
        }

    def _once(
        self, name: str, arguments: Callable[..., tuple[Any, ...]], key_of: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None,
        within_build: bool = True,
    ) -> Callable[..., Markup]:
        """The macro ``name`` of macros.html, remembered per offer and arguments.

        ``arguments`` turns a call into the macro's arguments, the offer first; ``key_of`` them
        into the key they are remembered by (default: the offer's identity and the rest as they
        are; plain values, so that a worker can hand it back, see ``kept_since``).

        With a recording environment (the live preview's, kept while templates, site and
        footer counts stay), they are remembered from one rebuild to the next: the guide
        makes a new offer object whenever what an offer shows changes. A rendering that read a
        filled list (a guide's own macro may) is remembered for this rebuild only, and its
        reads are noted for every page that shows it.

        ``within_build`` False: remembered by the preview only, for what a build shows once
        (a date's row on its month's page): a build's worker would hold every one of them to
        the end, 270 MB at 200,000 dates, for nothing.
        """
        env = self.env
        recording = env if isinstance(env, _Recording) else None
        kept: Kept = {}
        if recording is not None:
            counts = self.globals["counts"]
            if recording.made_with != counts:
                recording.made.clear()
                recording.made_with = counts
            kept = recording.made.setdefault(name, {})  # those of offers edited since go in ``renew``
        made: dict[tuple[Any, ...], tuple[Any, Markup, frozenset[FilledList]]] = {}
        if recording is None:
            self._made.append(made)

        def call(*args: Any, **kwargs: Any) -> Markup:
            if self.checkpoint is not None:
                self.checkpoint()
            return make(arguments(*args, **kwargs))

        def make(values: tuple[Any, ...]) -> Markup:
            if recording is None and not within_build:
                return Markup(getattr(self.env.get_template("macros.html").module, name)(*values))
            key = key_of(values) if key_of is not None else (id(values[0]), *values[1:])
            own = kept.get(key[0])  # the offer is kept alive with them: its identity stays its own
            if own is not None:
                remembered = own[1].get(key[1:])
                if remembered is not None:
                    return remembered
            found = made.get(key)
            if found is None:
                macro = getattr(self.env.get_template("macros.html").module, name)
                markup, read = _reads_apart(recording, lambda: macro(*values))
                if recording is not None and not read:
                    if own is None:
                        own = kept[key[0]] = (values[0], {})
                    own[1][key[1:]] = markup
                    self.fresh.append((name, key, values[0].id, str(markup)))
                    return markup
                found = made[key] = (values[0], markup, read)
            if recording is not None and recording.reads is not None:
                recording.reads.update(found[2])
            return found[1]

        if recording is not None:
            self._kept[name] = kept
            if key_of is None:  # the arguments can be made again from the key (``renew``)
                self._make[name] = make
        return call

    def renew(self) -> None:
        """Let go of the kept renderings of offers made anew since (edited, or their provider
        was), and render here, before workers are forked, the cards and catalogue entries of
        the new offers (a renamed provider's 200): each in the variants its predecessor was
        shown in, so that every worker inherits them instead of rendering them again for its
        share of the list pages. Only with a recording environment.

        The offers to let go of are those the guide says are gone since the one last renewed
        for (``Guide.changes``), else every kept offer the guide no longer holds."""
        recording = self.env if isinstance(self.env, _Recording) else None
        if recording is None:
            return
        guide, alive = self.guide, self.guide.all_offers
        changes = guide.changes
        if recording.renewed_for is guide.offers:  # the deferred outputs of the same rebuild
            return
        if changes is not None and changes.before is recording.renewed_for:
            gone = [id(offer) for offer in changes.gone]
        else:
            gone = [key for kept in self._kept.values() for key, (offer, _) in kept.items() if alive.get(offer.id) is not offer]
        recording.renewed_for = guide.offers
        for name, kept in self._kept.items():
            todo = []
            for key in gone:
                old = kept.pop(key, None)
                new = alive.get(old[0].id) if old is not None else None
                if old is not None and new is not None:
                    todo += [(new, *rest) for rest in old[1]]
            if name not in self._make:
                continue
            for values in todo:
                outer, recording.reads = recording.reads, set()  # a card that reads a list is not kept
                try:
                    self._make[name](values)
                finally:
                    recording.reads = outer
        # Kept here: no worker forked from here is to hand them back (200 offers: 800 cards,
        # 1.3 MB pickled by each worker with its first task, 15 ms before its second began).
        self.fresh.clear()

    def forget(self) -> bool:
        """Let go of the cards and catalogue entries a build's renderer made so far; whether
        there were any. Only the pages that gather offers show them, and a build's worker gets
        those pages in one task (``_tasks``): kept, they stayed with it for the rest of the
        build, 130 MB at 10,000 offers with 200,000 dates. Not with a recording environment
        (the preview's, which keeps them from one rebuild to the next)."""
        had = any(self._made)
        for made in self._made:
            made.clear()
        return had

    def kept_since(self) -> list[tuple[str, tuple[Any, ...], str, str]]:
        """The cards and catalogue entries kept since the last call, as (macro, key, offer id,
        markup): a forked worker hands them to the process that forked it (``adopt``)."""
        fresh, self.fresh = self.fresh, []
        return fresh

    def adopt(self, fresh: list[tuple[str, tuple[Any, ...], str, str]]) -> None:
        """Keep what a worker made (``kept_since``): the preview's next rebuild forks workers
        from this process, which then render only cards of changed offers. The worker shared
        this process's guide, so the offer's identity in ``key`` is that of its object here."""
        alive = self.guide.all_offers
        for name, key, offer_id, markup in fresh:
            offer = alive.get(offer_id)
            kept = self._kept.get(name)
            if kept is None or offer is None or id(offer) != key[0]:
                continue
            own = kept.get(key[0])
            if own is None:
                own = kept[key[0]] = (offer, {})
            own[1].setdefault(key[1:], Markup(markup))

    def nav_marks(self, url: str) -> tuple[str, ...]:
        """Per item of the main navigation, where the page at ``url`` stands: "aktuell" (its
        page), "bereich" (a page within its section, the home page's excepted) or ""."""
        return tuple(
            "aktuell" if url == item else "bereich" if sectioned and url.startswith(item) else ""
            for item, sectioned in self._nav
        )

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
            "nav": self.nav_marks(link(plan.path)),
            "searched": plan.searched,
        }
        context: dict[str, Any] = {
            "page": page,
            "search": record_for(plan.subject, guide, plan.title if plan.searched else None),
            "jsonld": structured_data.for_subject(plan.subject, guide),
            **plan.context,
        }
        env = self.env
        recording = env if isinstance(env, _Recording) else None
        if recording is not None:
            recording.reads = set()
        try:
            html = env.get_template(plan.template).render(context)
            if isinstance(plan.subject, EditorialPage):
                html = with_anchors(html, str(plan.subject.body_html))
            return html.encode()
        except Stopped:
            raise
        except Exception as error:  # a guide's own template may fail in any way
            raise template_error(error, plan, self.template_dirs) from None
        finally:
            if recording is not None:
                self.reads[plan.output_file] = frozenset(recording.reads or ())
                recording.reads = None

    def file(self, plan: FilePlan) -> bytes:
        return self.producers[plan.producer](plan)


def output(renderer: Renderer, plan: Plan, asset_list: list[tuple[str, Path]], number: int) -> tuple[str, Callable[[], bytes]]:
    """Output ``number`` with the function that makes its bytes: the pages of ``plan``, its
    files, then the assets (``asset_list``: ``assets(source)``'s items), made when asked. A render worker used to list all of them at its first task: at 200,000 dates
    (a calendar file each) that list cost each worker 65 MB of its own, and listing them touched
    every page's and file's plan, so that each worker held its own copy of the whole plan."""
    pages, files = plan.pages, plan.files
    if number < len(pages):
        page = pages[number]
        return page.output_file, functools.partial(renderer.page, page)
    number -= len(pages)
    if number < len(files):
        item = files[number]
        return item.path, functools.partial(renderer.file, item)
    name, path = asset_list[number - len(files)]
    return urls.asset(name), functools.partial(asset_bytes, path)


def asset_bytes(path: Path) -> bytes:
    """A static file as the site serves it: scripts and the stylesheet without comments and
    indentation (rjsmin/rcssmin take nothing else away and keep /*! … */ notices). The search
    page loads 250 KB of script; minified it is 150 KB, and a phone on a slow line shows the
    page a second sooner. The readable files stay in templates/assets/."""
    data = path.read_bytes()
    if path.suffix == ".js":
        import rjsmin  # type: ignore[import-untyped]

        return str(rjsmin.jsmin(data.decode("utf-8"), keep_bang_comments=True)).encode("utf-8")
    if path.suffix == ".css":
        import rcssmin  # type: ignore[import-untyped]

        return str(rcssmin.cssmin(data.decode("utf-8"), keep_bang_comments=True)).encode("utf-8")
    return data


class Sink(Protocol):
    """Where rendered files go: a ``SiteWriter`` (builds) or the live folder (preview)."""

    def write(self, relpath: str, data: bytes) -> bool: ...

    def settle(self) -> None:
        """Return once what ``write`` was given is on disk (it may write in the background)."""

    def record(self, written: list[str], unchanged: list[str]) -> None: ...


Reads = dict[str, frozenset[FilledList]]  # per page file: the filled lists its template read


class Stopped(Exception):
    """Rendering was stopped before every output was written (the preview saw a new change).

    ``reads``: set by ``render_into``: what the pages of the finished tasks read (their files
    are written)."""

    reads: Reads | None = None


class _Work:
    """What a render worker does with one task (a list of output numbers, see ``_tasks``).

    Made before the workers are forked; each worker makes its own ``Renderer`` at its first
    task and keeps it, with the cards and catalogue entries rendered so far, for the next.
    """

    def __init__(
        self, guide: Guide, plan: Plan, source: Path, writer: Sink, env: jinja2.Environment | None, recording: bool,
        stop: Callable[[], bool] | None, workers: int, renew: bool = True,
    ):
        self.guide, self.plan, self.source, self.writer = guide, plan, source, writer
        self.env, self.recording, self.stop = env, recording, stop
        self.renderer: Renderer | None = None
        if env is None and workers > 1:
            # Compiled here, once, for every worker to inherit (each compiled them anew: 0.16 s).
            self.env = compiled(environment(source, recording))
        self.asked = 0  # calls of ``checkpoint``
        self.assets = list(assets(source).items())
        spread = False
        if isinstance(env, _Recording):
            # The preview's: made here, so it keeps what the workers hand back, and so the
            # cards of changed offers are rendered once, before forking (``Renderer.renew``).
            self.renderer = self._renderer(env)
            if renew:
                self.renderer.renew()
            spread = any(self.renderer._kept.values())
        self.tasks = _tasks(plan, len(self.assets), workers, spread)

    def __call__(self, task: int) -> tuple[list[str], list[str], Reads, list[tuple[str, tuple[Any, ...], str, str]]]:
        """Render the outputs of ``task``; returns (written, unchanged, reads, kept cards)."""
        if self.renderer is None:
            self.renderer = self._renderer(self.env if self.env is not None else environment(self.source, self.recording))
        written: list[str] = []
        unchanged: list[str] = []
        try:
            for number in self.tasks[task]:
                if should_stop(self.stop):
                    raise Stopped
                relpath, produce = output(self.renderer, self.plan, self.assets, number)
                # ``produce`` may raise Stopped too (``checkpoint``, within the output).
                (written if self.writer.write(relpath, produce()) else unchanged).append(relpath)
        except Stopped:
            self.writer.settle()  # what was written is on disk before the stop is reported
            raise
        self.writer.settle()  # the task's files are on disk before it reports them done
        if self.renderer.forget():
            trim_heap()  # most cards are over 512 bytes: malloc's, which trimming returns
        reads, self.renderer.reads = self.renderer.reads, {}
        return written, unchanged, reads, self.renderer.kept_since()

    def _renderer(self, env: jinja2.Environment) -> Renderer:
        """The renderer of this process, asking ``checkpoint`` when stoppable."""
        renderer = Renderer(self.guide, self.source, env)
        renderer.checkpoint = self.checkpoint if self.stop is not None else None
        return renderer

    def checkpoint(self) -> None:
        """Within one output: raise ``Stopped`` if ``stop`` says so (asked every 64th call).

        Stopping is otherwise asked between outputs, and one output can take a second: a
        catalogue page shows every offer's entry, the offer API holds every offer (10,000
        offers: 0.2 s and 1.1 s). A save while the preview renders them waited for that."""
        self.asked += 1
        if self.asked % 64 == 0 and should_stop(self.stop):
            raise Stopped


# Outputs per task for pages that share nothing: small enough that the last tasks end close
# together, large enough that handing them out costs nothing worth measuring.
_BATCH = 64


def _gathers(page: PagePlan) -> bool:
    """Whether a page gathers offers (lists, topics, regions, providers, catalogue, home):
    such pages show the same cards and catalogue entries, which a worker renders once."""
    return not isinstance(page.subject, (Offer, AdvisoryPoint, EditorialPage))


def _tasks(plan: Plan, asset_count: int, workers: int, spread: bool = False) -> list[list[int]]:
    """The output numbers (as ``output`` counts them) of each render task.

    Pages that gather offers go into as few tasks as keep the cores busy: one for up to four
    workers, where each worker rendering every card again cost more than the wait (10,000
    offers, 2 workers: each rendered 14,000 cards). Files and the pages about one offer, advisory
    point or editorial page follow in small batches, taken by whichever worker is free; files
    first, because one of them (the API) takes a second or more. ``spread``: the workers
    inherit the cards already made (the preview's), so gathering pages are batched like the rest
    (a renamed provider's 1,200 list pages on one worker took most of the rebuild).
    """
    gathering = [number for number, page in enumerate(plan.pages) if _gathers(page)]
    groups = max(1, workers // 4) if not spread else max(1, -(-len(gathering) // _BATCH))
    tasks = [gathering[group::groups] for group in range(groups)] if gathering else []
    pages = len(plan.pages)
    rest = list(range(pages, pages + len(plan.files) + asset_count))
    rest += [number for number, page in enumerate(plan.pages) if not _gathers(page)]
    tasks += [rest[i : i + _BATCH] for i in range(0, len(rest), _BATCH)]
    return tasks


def render_into(
    writer: Sink, guide: Guide, plan: Plan, source: Path, workers: int = 1, env: jinja2.Environment | None = None,
    recording: bool = False, stop: Callable[[], bool] | None = None, forked: Callable[[], None] | None = None,
    renew: bool = True, ended: Callable[[], None] | None = None,
) -> Reads:
    """Render every output into ``writer``, spread over ``workers`` processes; with
    ``recording``, return which filled lists each page read (the live preview's need).

    Workers are forked, so they share the guide without copying it; they take tasks
    (``_tasks``) as they become free. ``env``: compiled templates to reuse (from
    ``environment``). ``stop``: asked before each output; when it answers True, ``Stopped`` is
    raised. ``forked``, ``ended``: see ``processes.share_out``. ``renew``: with the preview's
    environment, ``Renderer.renew`` first (without: a rendering in this process whose
    rebuild renews before its workers are forked, later).
    """
    work = _Work(guide, plan, source, writer, env, recording, stop, workers, renew)
    reads: Reads = {}

    def each(result: tuple[list[str], list[str], Reads, list[tuple[str, tuple[Any, ...], str, str]]]) -> None:
        written, unchanged, part, kept = result
        writer.record(written, unchanged)
        reads.update(part)
        if work.renderer is not None:  # made here (the preview's): it keeps the workers' cards
            work.renderer.adopt(kept)

    try:
        share_out(work, len(work.tasks), workers, stop, forked, each, ended)
    except Stopped as stopped:
        stopped.reads = reads
        raise
    return reads
