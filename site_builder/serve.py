"""``python build.py serve``: build, serve on loopback, rebuild on change, reload the browser.

The reload script is added to HTML responses by this server only; built files never
contain it. A content error does not stop the server: every page then shows the German
error list, and below it the notes of the offers that passed, until the files are fixed.
"""

from __future__ import annotations

import dataclasses
import errno
import html
import mimetypes
import os
import posixpath
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from . import urls
from .incremental import Memory, PreviewReport, Unwritten, notes_despite, rebuild, refresh_index
from .layout import top_level
from .load import ReadCache
from .model import build_guide
from .options import UsageError, program
from .pipeline import check, site_today
from .plan import plan_site
from .problems import ContentError, Note, Problem, shown_file
from .processes import end_tools_now, stop_tools, tidy, tools_paused
from .render import Renderer, Stopped
from .validate import MISSING
from .write import in_memory

RELOAD_PATH = "/__lotse/events"
# Milliseconds after a page began to leave in which a reload waits (``reload_script``): a
# navigation still under way after that is taken to have ended without leaving (a download).
LEAVING_MS = 10_000


def reload_script(stand: int) -> str:
    """The script the preview adds to every page: it reloads the page when told.

    The page's own path goes with the connection: the preview renders the pages a browser
    shows before the others a change touches (``Rebuilder._build``). So does ``stand``, the
    announcements made before the page was read: a page that connects after a later one
    (it was loading meanwhile) is told at once.

    A page in a hidden tab closes its connection and opens it again when it is shown: then it
    is not among the pages rendered first, nor waited for, and ``stand`` tells it at once
    whether it missed a change meanwhile. (A tab left open in the background is otherwise
    the first page after every save.)

    A page the editor is leaving does not reload: Chromium's reload would cancel the
    navigation to the link just clicked, right after a save (``LEAVING_MS``).
    """
    url = f"{RELOAD_PATH}?stand={stand}&seite="
    return (
        "<script>(function(){var s=null,gone=0;"
        # Leaving (a link clicked, an address typed): a reload now would cancel that navigation
        # and keep the editor on this page; the next page is read after the save anyway. A
        # navigation that ends here after all (a download) reloads later.
        "addEventListener('beforeunload',function(){gone=Date.now();});"
        "function reload(){var left=Date.now()-gone;"
        f"if(left<{LEAVING_MS})setTimeout(function(){{location.reload();}},{LEAVING_MS}-left);else location.reload();}}"
        "function on(){if(s||document.hidden)return;"
        f"s=new EventSource('{url}'+encodeURIComponent(location.pathname));"
        "s.addEventListener('reload',reload);}"
        "document.addEventListener('visibilitychange',function(){"
        "if(document.hidden){if(s){s.close();s=null;}}else{on();}});"
        "on();})();</script>"
    )


# Pages named by open connections that are rendered first; more tabs than that are rare, and a
# list this long would no longer come quickly.
FIRST_PAGES = 12
# Announcements remembered for pages that connect late (``State.missed``).
HISTORY = 20
# Seconds the work after a rebuild's first announcement waits for the browsers to reload.
RELOAD_WAIT = 1.0
# Seconds between pings on a quiet reload connection: a page closed is noticed by the next.
PING = 5
# Shown on a draft's page in the preview only: the built site never has the page.
DRAFT_NOTE = (
    '<div class="lotse-entwurf" role="status" style="margin:0 0 1rem;padding:.75rem 1rem;'
    'border:3px dashed #9b1c1c;background:#fff4f4;color:#1a1a1a;font:1rem/1.5 system-ui,sans-serif">'
    "<strong>Entwurf – nicht veröffentlicht.</strong> Diese Seite zeigt nur die Vorschau; auf die Website kommt "
    "das Angebot erst, wenn <code>draft: true</code> aus der Datei gelöscht ist.</div>"
)


def notes_box(notes: list[Note]) -> str:
    """What the preview shows at the top of an offer's page that draws notes
    (``notes.editor_notes``): no error, so the page is shown as it is, with the notes above
    its content. The built site never has it."""
    items = "".join(
        f"<li><code>{html.escape(f'{shown_file(n.file)}:{n.line}:{n.column}')}</code> {html.escape(n.field)}: "
        f"{html.escape(n.message)}</li>"
        for n in notes
    )
    return (
        '<div class="lotse-hinweis" role="note" style="margin:0 0 1rem;padding:.75rem 1rem;'
        'border:3px solid #8a5a00;background:#fff8e6;color:#1a1a1a;font:1rem/1.5 system-ui,sans-serif">'
        "<strong>Hinweis für die Redaktion</strong> (nur in der Vorschau, kein Fehler – die Seite wird so veröffentlicht):"
        f'<ul style="margin:.25rem 0 0;padding-left:1.25rem">{items}</ul></div>'
    )


def with_box(body: bytes, box: str) -> bytes:
    """``box`` at the start of the page's ``<main>`` (at the start of the body without one)."""
    start = body.find(b"<main")
    start = body.find(b">", start) + 1 if start >= 0 else body.find(b">", body.find(b"<body")) + 1
    return body[:start] + box.encode() + body[start:]


class State:
    """What the server shows: the output folder, or the problems of the last build."""

    def __init__(self, out: Path, source: Path | None = None):
        self.out = out
        self.source = source  # the guide's folder: the error page shows the lines of a problem's file
        self.problems: list[Problem] = []
        self.notes: dict[str, str] = {}  # site path of an offer's page -> its ``notes_box``
        self.error_notes: list[Note] = []  # while there are problems: the notes of the offers that passed
        self.error: str | None = None
        self.draft_page: Callable[[str], bytes | None] = lambda path: None
        self.unwritten_page: Callable[[str], bytes | None] = lambda path: None  # a page a rebuild has yet to write
        self.generation = 0
        self.listeners: list[queue.Queue[int]] = []
        self.showing: dict[queue.Queue[int], str] = {}  # listener -> site path of its page
        self.sockets: dict[queue.Queue[int], socket.socket] = {}  # listener -> its connection
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)  # notified when a page connects
        self.arrivals: list[str] = []  # the pages that connected, in order (a few per save)
        self.history: list[tuple[int, frozenset[str]]] = []  # the last announcements: pages not told

    def shown(self, every: bool = False) -> frozenset[str]:
        """The site paths of the pages open in a browser (those connected for reloads): the
        first ``FIRST_PAGES`` to connect, or ``every`` one."""
        with self.lock:
            self._forget_closed()
            pages = list(dict.fromkeys(self.showing.values()))
            return frozenset(pages if every else pages[:FIRST_PAGES])

    def _forget_closed(self) -> None:
        """Forget the pages whose browser has closed the connection (a page left or
        reloaded); their handler notices only at its next ping. Called with the lock held."""
        for listener, connection in list(self.sockets.items()):
            if _closed(connection):
                self.showing.pop(listener, None)
                del self.sockets[listener]

    def announce(self, told: frozenset[str] = frozenset()) -> tuple[int, frozenset[str]]:
        """Tell every browser to reload, except those showing a page of ``told`` (told already,
        after it was rendered, in the same rebuild). Returns what ``wait_for_reloads`` needs:
        the number of connections remembered in ``arrivals`` and the pages told to reload."""
        with self.lock:
            self._forget_closed()
            self.generation += 1
            self.history = [*self.history[-(HISTORY - 1):], (self.generation, told)]
            reloading = set()
            for listener in self.listeners:
                page = self.showing.get(listener)
                if page not in told:
                    listener.put(self.generation)
                    if page is not None:
                        reloading.add(page)
            del self.arrivals[:-100]  # only connections after this announcement are waited for
            return len(self.arrivals), frozenset(reloading)

    def missed(self, stand: int, page: str | None) -> bool:
        """Whether a page read after announcement ``stand`` was told to reload since (called
        with the lock held)."""
        if stand >= self.generation:
            return False
        if not self.history or self.history[0][0] > stand + 1:
            return True  # longer ago than remembered
        return any(generation > stand and page not in told for generation, told in self.history)

    def wait_for_reloads(self, announced: tuple[int, frozenset[str]], timeout: float, interrupted: Callable[[], bool]) -> None:
        """Return when each page told to reload (``announce``) has connected again – it is
        loaded and its script runs –, after ``timeout`` seconds, or when ``interrupted``. (A
        page closed shortly before is still counted until the server notices: the timeout.)"""
        before, reloading = announced
        deadline = time.monotonic() + timeout
        with self.arrived:
            while not reloading <= set(self.arrivals[before:]) and not interrupted():
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self.arrived.wait(min(left, 0.05))


def _line(text: str, excerpt: str = "") -> str:
    """One line of the error page: a problem or a note as the console prints it."""
    return f"<li><code>{html.escape(text)}</code>{excerpt}</li>"


# The problems the error page shows with the lines of their file around them (a PR full of
# mistakes still gets a page that loads at once), and the lines shown before and after.
EXCERPTS, BEFORE, AFTER = 50, 2, 1
EXCERPT_BYTES = 1 << 20  # a larger file (an export) is not read for an excerpt


def _excerpt(problem: Problem, source: Path | None, texts: dict[str, list[str] | None]) -> str:
    """The lines of the problem's file around its line, numbered, that line marked and a caret
    under its column, as compilers and dev servers show a mistake; "" where there is no file
    to read (a field missing from the whole file, at 1:1; a folder; a spreadsheet) or ``source``
    is unknown."""
    if source is None or problem.line < 1 or (problem.line == 1 and problem.column <= 1 and problem.message.startswith(MISSING)):
        return ""
    if problem.file not in texts:
        path = Path(problem.file) if os.path.isabs(problem.file) else source / problem.file
        try:
            data = path.read_bytes() if path.suffix in (".yaml", ".yml", ".md", ".csv") and path.stat().st_size <= EXCERPT_BYTES else None
        except OSError:
            data = None
        texts[problem.file] = data.decode("utf-8", errors="replace").splitlines() if data is not None else None
    lines = texts[problem.file]
    if not lines or problem.line > len(lines):
        return ""
    first, last = max(1, problem.line - BEFORE), min(len(lines), problem.line + AFTER)
    width = len(str(last))
    rows = []
    for number in range(first, last + 1):
        text = html.escape(lines[number - 1].expandtabs(2))
        if number == problem.line:
            rows.append(f'<mark><span class="nr">{number:>{width}} |</span> {text}</mark>')
            if problem.column > 1:
                rows.append(f'<span aria-hidden="true">{" " * (width + 2)} {" " * (problem.column - 1)}^</span>')
        else:
            rows.append(f'<span class="nr">{number:>{width}} |</span> {text}')
    label = html.escape(f"Zeilen {first} bis {last} von {problem.file}, Zeile {problem.line} markiert")
    # A figure, as HTML marks up a listing: its label is read out (on a bare pre it is not).
    return f'<figure class="auszug" aria-label="{label}"><pre>' + "\n".join(rows) + "</pre></figure>"


def error_page(state: State) -> bytes:
    """Every problem of the last build, and below them the notes of the offers that passed
    (``State.error_notes``): an editor fixing an error still sees what else to look at. The
    first ``EXCERPTS`` problems show the lines of their file around them (``_excerpt``)."""
    texts: dict[str, list[str] | None] = {}
    items = "".join(
        _line(p.text(), _excerpt(p, state.source, texts) if i < EXCERPTS else "") for i, p in enumerate(state.problems)
    )
    if state.error:
        items += _line(state.error)
    count = len(state.problems) + (1 if state.error else 0)
    notes = ""
    if state.error_notes:
        # As the console and the box above an offer's page say them, without the "Hinweis:"
        # the heading says.
        lines = "".join(_line(Problem.text(n)) for n in state.error_notes)
        notes = (
            "<h2>Hinweise</h2><p>Kein Fehler, aber bitte ansehen – diese Angebote werden so veröffentlicht:</p>"
            f"<ul>{lines}</ul>"
        )
    return (
        "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Fehler in den Inhalten – Lotse</title>"
        "<style>body{font:1.05rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
        "h1{color:#9b1c1c}h2{color:#8a5a00;margin-top:2rem}li{margin:.4rem 0}code{white-space:pre-wrap;word-break:break-word}"
        ".auszug{margin:.4rem 0 1rem;padding:.5rem .75rem;background:#f4f4f2;border-left:3px solid #9b1c1c;overflow-x:auto;"
        "font-size:.95rem;line-height:1.4}.auszug pre{margin:0}.auszug .nr{color:#595959}.auszug mark{background:#fde8e8;color:inherit;display:inline-block;min-width:100%}</style>"
        "</head><body><main><h1>Die Seite kann gerade nicht gebaut werden</h1>"
        f"<p>{count} Fehler gefunden. Sobald Sie die Dateien korrigiert und gespeichert haben, lädt diese Seite neu.</p>"
        f"<ol>{items}</ol>{notes}</main></body></html>"
    ).encode()


# Longer request targets are answered 414: no file of a site has such a path, and a path
# longer than the file system allows would otherwise fail deep inside the lookup.
MAX_PATH = 2048
SERVED = ("GET", "HEAD")


def make_handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Lotse"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
            pass

        def handle(self) -> None:
            # A browser that closes the connection mid-answer (a reload, a cancelled download)
            # is no error worth a traceback in the terminal.
            try:
                super().handle()
            except (ConnectionError, TimeoutError):
                self.close_connection = True
            except Exception as error:  # noqa: BLE001 - one line, not a traceback, and serve on
                self.close_connection = True
                print(f"Vorschau: Anfrage nicht beantwortet ({type(error).__name__})", file=sys.stderr)

        def __getattr__(self, name: str) -> object:
            # Every method the preview does not serve gets 405, not the stdlib's 501.
            if name.startswith("do_"):
                return self.not_allowed
            raise AttributeError(name)

        def not_allowed(self) -> None:
            self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
            self.send_header("Allow", ", ".join(SERVED))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
            self.answer(head=True)

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            self.answer(head=False)

        def answer(self, head: bool) -> None:
            self.head = head
            self.stand = state.generation  # before the page is read: it is at least this new
            if len(self.path) > MAX_PATH:
                self.send(HTTPStatus.REQUEST_URI_TOO_LONG, b"Adresse zu lang", "text/plain; charset=utf-8")
                return
            parts = urlsplit(self.path)
            path = parts.path
            if path == RELOAD_PATH and not head:
                query = parse_qs(parts.query)
                stand = query.get("stand", [""])[0]
                self.events(site_path(query.get("seite", [""])[0]), int(stand) if stand.isdigit() else None)
                return
            if state.problems or state.error:
                self.send(HTTPStatus.INTERNAL_SERVER_ERROR, error_page(state), "text/html; charset=utf-8")
                return
            page = site_path(path)
            fresh = state.unwritten_page(page) if page is not None else None
            if fresh is not None:
                self.send(HTTPStatus.OK, fresh, "text/html; charset=utf-8")
                return
            target = resolve(state.out, path)
            if target is None:
                self.not_found()
                return
            try:
                body = target.read_bytes()
            except OSError:  # removed by a rebuild between the lookup and the reading
                self.not_found()
                return
            self.send(HTTPStatus.OK, body, content_type(target))

        def not_found(self) -> None:
            draft = state.draft_page(urlsplit(self.path).path)
            if draft is not None:
                self.send(HTTPStatus.OK, draft, "text/html; charset=utf-8")
                return
            page = state.out / "404.html"
            try:
                body = page.read_bytes()
            except OSError:
                body = b"Nicht gefunden"
            self.send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8")

        def send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
            if kind.startswith("text/html") and b"</body>" in body and RELOAD_PATH.encode() + b"?stand=" not in body:
                script = reload_script(self.stand)
                body = body.replace(b"</body>", script.encode() + b"</body>", 1)
                # The notes of the offer whose page this is (or would be: one left out for its
                # dates is answered with the 404 page, which says why).
                box = state.notes.get(site_path(urlsplit(self.path).path) or "") if state.notes else None
                if box is not None and status != HTTPStatus.INTERNAL_SERVER_ERROR:
                    body = with_box(body, box)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not getattr(self, "head", False):
                self.wfile.write(body)

        def events(self, showing: str | None, stand: int | None) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            inbox: queue.Queue[int] = queue.Queue()
            with state.lock:
                state.listeners.append(inbox)
                if showing is not None:
                    state.showing[inbox] = showing
                    state.sockets[inbox] = self.connection
                    state.arrivals.append(showing)
                    state.arrived.notify_all()
                if stand is not None and state.missed(stand, showing):
                    inbox.put(state.generation)
            try:
                self.wfile.write(b"retry: 500\n\n")
                self.wfile.flush()
                while True:
                    try:
                        generation = inbox.get(timeout=PING)
                        self.wfile.write(f"event: reload\ndata: {generation}\n\n".encode())
                    except queue.Empty:
                        self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
            except (ConnectionError, TimeoutError):
                pass
            finally:
                with state.lock:
                    state.listeners.remove(inbox)
                    state.showing.pop(inbox, None)
                    state.sockets.pop(inbox, None)

    return Handler


def _closed(connection: socket.socket) -> bool:
    """Whether the other end has closed ``connection`` (a browser sends nothing more on a
    reload connection: readable means closed, or broken)."""
    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):  # closed here already, or broken
        return True


def site_path(url_path: str) -> str | None:
    """The site path of a page (``PagePlan.path``: "angebote/cnc-kurs/", "" for the home page)
    from the path a browser shows; None for anything that is no page of the site."""
    decoded = unquote(url_path)
    if not decoded.startswith("/") or "\0" in decoded or len(decoded) > MAX_PATH:
        return None
    path = decoded.lstrip("/").removesuffix("index.html")
    if path and not path.endswith("/"):
        if "." in path.rsplit("/", 1)[-1]:  # a file (404.html, feed.xml): no page of the plan
            return None
        path += "/"
    return path


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under ``root`` for a URL path; None for anything outside it or missing."""
    decoded = unquote(url_path)
    if "\0" in decoded or "\\" in decoded or len(decoded) > MAX_PATH:
        return None
    parts = [p for p in decoded.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return None
    normal = posixpath.normpath("/" + "/".join(parts))
    try:
        target = (root / normal.lstrip("/")).resolve()
        if not target.is_relative_to(root.resolve()):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None
    except (OSError, ValueError, RuntimeError):  # a name too long, a loop: no such page
        return None


def content_type(path: Path) -> str:
    kind = {".js": "text/javascript", ".ics": "text/calendar", ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml"}.get(path.suffix)
    kind = kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith("text/") or kind in ("application/json", "application/xml") else kind


class Indexer:
    """Refreshes the search index in a thread of its own, so that a save is never kept waiting
    for Pagefind (20 s at 10,000 offers): pages come first, the index follows. One run at a
    time; a request during a run is done once more after it."""

    def __init__(self, out: Path):
        self.out = out
        self.wanted: tuple[str, list[str]] | None = None
        self.stopped = False
        self.condition = threading.Condition()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def request(self, language: str, information: list[str]) -> None:
        with self.condition:
            self.wanted = (language, information)
            self.condition.notify()

    def stop(self, timeout: float = 30.0) -> None:
        with self.condition:
            self.stopped = True
            self.condition.notify()
        stop_tools()  # a Pagefind run still going
        self.thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self.condition:
                while self.wanted is None and not self.stopped:
                    self.condition.wait()
                if self.stopped:
                    return
                language, information = self.wanted  # type: ignore[misc]
                self.wanted = None
            started = time.perf_counter()
            try:
                refresh_index(self.out, language, information)
            except Exception as error:  # noqa: BLE001 - the preview goes on without a fresh index
                if not self.stopped:
                    print(f"Suchindex nicht aktualisiert: {error}", file=sys.stderr, flush=True)
                continue
            if not self.stopped:
                print(f"Suchindex aktualisiert in {time.perf_counter() - started:.2f} s.", flush=True)


class Rebuilder:
    """Builds now and again after changes; a burst of saves becomes one rebuild.

    A save while the catalogues, sitemap, feed and API are being rendered stops that work:
    the changed pages come first. The search index is refreshed in the background.

    ``delay``: quiet time after the last event before a rebuild starts, and part of every
    save's way to the browser. An editor's truncate and write come within milliseconds; a
    file caught half-written shows its error only until its next event's rebuild.
    """

    def __init__(self, source: Path, state: State, base_url: str, today: date | None, delay: float = 0.05):
        self.source = source
        self.state = state
        self.base_url = base_url
        self.today = today
        self.delay = delay
        self.pending = threading.Event()
        self.last_change = 0.0
        # The watcher reports every path it sees change: folders without one are trusted as read.
        self.memory = Memory(files=ReadCache(watched=True))
        self.events: set[str] = set()
        self.lock = threading.Lock()
        self.busy = threading.Lock()  # held while a rebuild and its catch-up run
        self.stopped = False
        self.indexer = Indexer(state.out)
        self.unindexed = True  # HTML changed since the index was last asked for
        self.started = 0.0  # when the last rebuild began (for its second line)
        self.announced: tuple[int, frozenset[str]] = (0, frozenset())  # what the last announcement told
        self.unwritten = Unwritten()  # the changed pages the workers have yet to write
        self.drafts: frozenset[str] = frozenset()  # draft offers as of the last check (``draft_page``)
        self.quiet = False  # the last rebuild changed no file: no browser is told to reload
        self.leftover = True  # the last catch-up did not finish (none has, yet): its outputs may be behind
        self.notes: dict[tuple[str, str, str], Note] = {}  # the notes last printed, by what they say
        self.owed: frozenset[str] = frozenset()  # told in the last rebuild's first announcement (``Unwritten.owed``)

    def stop(self, timeout: float = 30.0) -> None:
        """Let a running rebuild end before the output folder goes: no more rebuilds, the
        search index being made is stopped, and a rebuild still writing is waited for."""
        self.stopped = True
        self.pending.set()  # a catch-up in progress stops at its next file
        self.unwritten.close()  # no request waits for pages a stopped rebuild left unwritten
        self.indexer.stop(timeout)
        if self.busy.acquire(timeout=timeout):
            self.busy.release()

    def build(self, ready: Callable[[], None] | None = None) -> None:
        """Rebuild; ``ready`` is called once the changed pages are checked and the first of
        them written (the others render on request until the workers have written them); not
        when stopped before."""
        with self.busy:
            if self.stopped:
                return
            # The index of an earlier change halts until this change's pages are written and
            # the browsers have reloaded (``tools_paused``); the catalogues, sitemap, feed and
            # API may share the cores with it (an editor saving every two seconds would
            # otherwise keep it halted), and a new index run follows anyway.
            with tools_paused() as paused:
                report = self._build()
                if ready is not None:
                    ready()
                if report is not None and not self.stopped:
                    # The browsers reload first: the work that follows holds this process (and
                    # the server's threads) busy, and the reload would wait for it.
                    self.state.wait_for_reloads(self.announced, RELOAD_WAIT, self.pending.is_set)
                    self.catch_up(report, paused.end)
                if self.stopped or not self.pending.is_set():
                    self.unwritten.close()  # also when the catch-up did not run
                # else: the pages a stopped catch-up left unwritten are still waited for (the
                # first build's have no file yet); the next rebuild names its own.
        # The pages rendered before the first announcement do not change after it, nor do
        # those rendered on request meanwhile (``Unwritten``).
        if report is None or not self.quiet:
            told = frozenset(report.paths) | self.unwritten.told() | self.owed if report is not None else frozenset()
            self.state.announce(told)

    def _build(self) -> PreviewReport | None:
        started = self.started = time.perf_counter()
        with self.lock:
            events, self.events = self.events, set()
        self.memory.files.touched(events)
        today: date | None = None
        try:
            today = self.today or site_today(self.source)
            report = rebuild(
                self.source, self.state.out, self.memory, today, self.base_url, defer=True, first=self.state.shown()
            )
        except ContentError as error:
            # The notes of the other offers go below the errors; the console names them once the
            # errors are fixed (``tell_notes`` compares with what it printed before them).
            notes = notes_despite(self.source, error, self.memory, today) if today is not None else []
            self.state.problems, self.state.error, self.state.error_notes = error.problems, None, notes
            print(f"{len(error.problems)} Fehler – die Vorschau zeigt sie an:", file=sys.stderr)
            for problem in error.problems:
                print("  " + problem.text(), file=sys.stderr)
            return None
        except Exception as error:  # noqa: BLE001 - the server must survive a broken template
            self.failed(error)
            return None
        recovered = bool(self.state.problems or self.state.error)  # every browser shows the errors
        self.state.problems, self.state.error, self.state.error_notes = [], None, []
        self.unwritten.expect(report.pending)  # before a browser learns of the change and asks
        self.drafts = report.drafts
        took = time.perf_counter() - started
        scope = "alle" if report.full else f"{report.rendered} von {report.total}"
        if report.first:
            shown = "die geöffnete Seite" if report.first == 1 else f"die {report.first} geöffneten Seiten"
            print(f"Neu erzeugt in {took:.2f} s: {shown}; die übrigen der {scope} Seiten folgen.", flush=True)
        elif report.pending:
            coming = "alle Seiten folgen" if report.full else f"die {report.rendered} geänderten von {report.total} Seiten folgen"
            print(f"Geprüft in {took:.2f} s; {coming}.", flush=True)
        else:
            print(f"Neu erzeugt in {took:.2f} s: {scope} Seiten, {report.written} Dateien geändert.", flush=True)
        self.unindexed = self.unindexed or report.html_changed
        recovered = self.tell_notes(report) or recovered
        pending = frozenset(report.pending)
        # A save that changes no file (the same bytes again, a folder's event for an editor's
        # hidden temporary file) reloads no browser: a reload would lose the scroll position
        # for nothing. The pages and catalogues that follow may still change (``catch_up``).
        self.quiet = not (report.written or report.removed or recovered)
        # Pages a browser got from a stopped rebuild that never wrote them (``Unwritten.owed``),
        # and the pages of drafts saved now (rendered on request, never written): they reload
        # though no file changed, and not again at the end.
        saved = {Path(path).stem for path in events}
        drafts = {urls.offer(offer_id) for offer_id in report.drafts & saved}
        owed = (self.unwritten.owed() | drafts) - pending
        self.owed = owed
        if self.quiet and not pending:
            self.announced = (0, frozenset())
            if owed:
                self.state.announce(self.state.shown(every=True) - owed)
            return report
        # No file changed yet: only the browsers showing a page still to come reload now (it is
        # rendered on request).
        unchanged = self.state.shown(every=True) - pending if self.quiet or (pending and not report.paths and not recovered) else frozenset()
        before, reloading = self.state.announce(unchanged - owed)
        # A page still to come is rendered on request once the workers run: not waited for.
        self.announced = (before, reloading - pending)
        return report

    def tell_notes(self, report: PreviewReport) -> bool:
        """Print each note once: when it first appears (at the first build: all), and that it
        is resolved when it is gone; a note whose line only moved is not printed again. Puts
        them above the pages of their offers; True when what a page shows of them changed (its
        browser reloads, though its file may not have)."""
        now = {(n.file, n.field, n.message): n for n in report.notes}
        for key, note in now.items():
            if key not in self.notes:
                print(note.text(), flush=True)
        for key, note in self.notes.items():
            if key not in now:
                print(f"Erledigt: {shown_file(note.file)}: {note.field}: Der Hinweis entfällt.", flush=True)
        self.notes = now
        pages: dict[str, list[Note]] = {}
        for note in report.notes:
            page = report.note_pages.get(note.file)
            if page is not None:
                pages.setdefault(page, []).append(note)
        boxes = {page: notes_box(notes) for page, notes in pages.items()}
        moved = boxes != self.state.notes
        self.state.notes = boxes
        return moved

    def failed(self, error: Exception) -> None:
        """Show a build error (a broken template, say) on every page until the next build."""
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            # The folder in memory (``preview_scratch``) is full, say: an import of thousands
            # of offers into a running preview.
            out = self.state.out
            way = " oder die Vorschau mit --out ORDNER auf die Festplatte schreiben lassen" if in_memory(out) else ""
            text = f"Kein Platz mehr für die Seiten der Vorschau in {out}: Platz schaffen{way}."
        else:
            text = f"{type(error).__name__}: {error}"
        self.state.problems, self.state.error, self.state.error_notes = [], text, []
        print(f"Fehler beim Bauen: {self.state.error}", file=sys.stderr)

    def catch_up(self, report: PreviewReport, pages_written: Callable[[], None] | None = None) -> None:
        """After the pages: catalogues, sitemap, feed and API (stopped by a newer change), then
        the search index in the background. ``pages_written``: see ``PreviewReport.finish``."""
        # A rebuild that changed nothing, after a catch-up that finished: this one renders the
        # catalogues, sitemap, feed and API as they are, stopped or not.
        same = self.quiet and not report.pending and not self.leftover
        self.leftover = True
        try:
            if report.finish is not None:
                html_changed = report.finish(self.pending.is_set, self.unwritten, pages_written)
                self.quiet = self.quiet and not html_changed
                self.unindexed = html_changed or self.unindexed
        except Stopped:
            # Pages written before the stop are not rendered again: told now. Not for the same
            # outputs again (an editor's hidden temporary file stopping the catch-up of a save
            # without a change reloaded every browser for nothing).
            self.quiet = self.quiet and same
            return  # a newer save: its rebuild comes next and finishes the work
        except Exception as error:  # noqa: BLE001 - the server must survive a broken template
            self.quiet = False
            self.failed(error)
            return
        self.leftover = False
        if report.pending:
            print(f"Alle {report.rendered} Seiten erzeugt nach {report.pages_done - self.started:.2f} s.", flush=True)
        if self.unindexed or not (self.state.out / "pagefind").is_dir():
            self.unindexed = False
            self.indexer.request(report.language, report.information)
        tidy()
        if self.pending.is_set():
            return  # a save came meanwhile: its rebuild comes next, and its catch-up looks again
        missed = self.memory.files.drifted()  # a lost file-system event must not hide a change
        if missed:
            print(f"{len(missed)} Änderung(en) ohne Dateiereignis bemerkt – wird neu erzeugt.", flush=True)
            self.changed(*missed)

    def draft_page(self, url_path: str) -> bytes | None:
        """The page of a draft offer at ``url_path``, marked as a draft; None for anything else."""
        parts = unquote(url_path).strip("/").split("/")
        if len(parts) not in (2, 3) or f"{parts[0]}/" != urls.OFFERS or parts[2:] not in ([], ["index.html"]):
            return None
        # Only a known draft waits for a rebuild: the lock is held until its catch-up is done
        # (at 10,000 offers, the first build's half minute), and an offer page not written yet
        # (asked for between two rebuilds) or a mistyped one waited that long for its 404.
        if parts[1] not in self.drafts:
            return None
        with self.busy:  # reads the preview's memory of the files, which a rebuild changes
            if self.stopped:
                return None
            try:
                return draft_preview(self.source, parts[1], self.memory, self.today or site_today(self.source), self.base_url)
            except ContentError:
                return None  # every page shows the errors anyway

    def changed(self, *paths: str) -> None:
        with self.lock:
            self.events.update(paths)
        self.last_change = time.monotonic()
        self.pending.set()

    def loop(self) -> None:
        while not self.stopped:
            self.pending.wait()
            while time.monotonic() - self.last_change < self.delay:
                time.sleep(self.delay / 4)
            self.pending.clear()
            self.build()


def draft_preview(source: Path, offer_id: str, memory: Memory, today: date, base_url: str) -> bytes | None:
    """The page ``offer_id`` would have if it were no draft, with DRAFT_NOTE; None when it is
    no draft (or would not be published without the flag either: past, or expired)."""
    valid = check(source, memory.files, memory.checked)
    record = valid.offers.get(offer_id)
    if record is None or not record.draft:
        return None
    shown = dataclasses.replace(valid, offers={**valid.offers, offer_id: record.model_copy(update={"draft": False})})
    guide = build_guide(shown, today, base_url)
    page = next((p for p in plan_site(guide).pages if p.path == urls.offer(offer_id)), None)
    if page is None:
        return None
    return with_box(Renderer(guide, source).page(page), DRAFT_NOTE)


def watch(source: Path, rebuilder: Rebuilder) -> object:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    out = rebuilder.state.out.resolve()

    class OnChange(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            # A save through a hidden temporary file arrives as a move: its target counts.
            paths = [Path(os.fsdecode(p)).resolve() for p in (event.src_path, getattr(event, "dest_path", "")) if p]
            paths = [p for p in paths if not (p.is_relative_to(out) or p.name.startswith(".") or p.name.endswith("~"))]
            if paths:
                rebuilder.changed(*map(str, paths))

    observer = Observer()
    for name in top_level():
        target = source / name
        if target.is_dir():
            observer.schedule(OnChange(), str(target), recursive=True)
    observer.schedule(OnChange(), str(source), recursive=False)
    observer.daemon = True
    observer.start()
    return observer


# Hosts that mean every address of this machine (a phone in the same network, a container's
# port): the preview is shown as localhost, which works in the browser on this machine.
_EVERY_ADDRESS = ("0.0.0.0", "::", "")


def _listening(host: str, port: int, handler: Callable[..., BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """An HTTP server on ``host`` (an IPv4 or IPv6 address, or a name) and ``port``."""
    try:
        family = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
    except (socket.gaierror, UnicodeError):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET  # binding names the problem
    server = type("PreviewServer", (ThreadingHTTPServer,), {"address_family": family})
    return server((host, port), handler)


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if isinstance(error, socket.gaierror):
        return f"Die Adresse {host!r} ist unbekannt; bitte z. B. --host 127.0.0.1 oder --host 0.0.0.0 (alle Adressen) wählen"
    if error.errno == errno.EADDRINUSE:
        return (
            f"Port {port} ist schon belegt ({where}) – läuft dort schon eine Vorschau oder ein anderer Server? "
            f"Einen anderen Port wählen, z. B.: {program()} serve --port {port + 1 if port < 65535 else 8001}"
        )
    if error.errno == errno.EACCES:
        return f"Keine Berechtigung, auf {where} zu lauschen (Ports unter 1024 brauchen root-Rechte); bitte z. B. --port 8000 wählen"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"Die Adresse {host} gehört nicht zu diesem Rechner; bitte z. B. --host 127.0.0.1 wählen"
    return f"Die Vorschau kann nicht auf {where} lauschen: {error.strerror or error}"


def _stopping(folder: Path | None) -> Callable[[int, object], None]:
    """The handler of Ctrl+C and SIGTERM: the first stops the preview, which then tidies up
    (``serve``'s ``finally``). A second one meanwhile (Ctrl+C pressed twice, or a process
    manager that signals the whole group, as ``timeout`` does) no longer breaks off the tidying
    half way, which left the temporary folder behind (in memory: 600 MiB at 10,000 offers): the
    folder ``folder`` is removed at once, a search index still being made is ended, and the
    process ends."""

    def hurry(signum: int, frame: object) -> None:
        end_tools_now()  # the search index, which may be halted (``tools_paused``)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            _remove_after_exit(folder)
        os._exit(128 + signum)

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, hurry)
        signal.signal(signal.SIGTERM, hurry)
        raise KeyboardInterrupt

    return stop


# Waits until the process that started it has ended (its end of the pipe closes), then
# removes the folder it is given.
_REMOVER = "import shutil, sys; sys.stdin.buffer.read(); shutil.rmtree(sys.argv[1], ignore_errors=True)"


def _remove_after_exit(folder: Path) -> None:
    """Remove ``folder`` again once this process has ended, from a process of its own.

    ``hurry`` removes the folder and ends the process at once. Meanwhile the rebuild's
    thread (the catalogues, say) and the render workers may still write into it: the
    removal met a folder that was no longer empty and left it (one run in five when the
    second signal came during the first build). Once this process has ended, its threads
    write nothing more, and its workers end with it (``die_with_parent``). The remover
    keeps this process's output open until it is done, so a caller that reads that output
    to its end finds the folder gone."""
    try:
        remover = subprocess.Popen([sys.executable, "-c", _REMOVER, str(folder)], stdin=subprocess.PIPE)
    except OSError:  # no process to be had: what the first removal left stays
        return
    _REMOVERS.append(remover)  # its pipe stays open until this process ends


_REMOVERS: list[subprocess.Popen[bytes]] = []

MEMORY_FOLDER = Path("/dev/shm")


def _available_memory() -> int:
    """Bytes of memory the kernel can hand out without swapping (``MemAvailable``), or 0."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def preview_scratch(source: Path, memory: Path = MEMORY_FOLDER) -> str | None:
    """Where the preview's temporary output goes: a folder in memory when one has room.

    Replacing a page on disk is the slowest part of a rebuild that changes many pages (ext4
    writes the data of a file renamed over another out at once): at 10,000 offers, a provider's
    new name on 200 offers took 2.0 s on disk and 1.4 s in memory, most of the difference in
    the writes. Hugo's server keeps its pages in memory for the same reason. ``memory`` is used
    when it is a tmpfs with room for twice the expected output (and at least 256 MiB more) and
    the machine has that much memory to spare; a ``TMPDIR`` someone set is obeyed. None: the
    system's temporary folder.
    """
    if os.environ.get("TMPDIR") or not in_memory(memory) or not os.access(memory, os.W_OK | os.X_OK):
        return None
    files = 0
    for _, folders, names in os.walk(source):
        folders[:] = [name for name in folders if not name.startswith(".")]  # .git and the like
        files += len(names)
    try:
        free = shutil.disk_usage(memory).free
    except OSError:
        return None
    # Measured at 10,000 offers: 590 MiB of pages, calendars and index, 59 KiB per offer file.
    # Twice that, and at least 256 MiB to spare: others share the folder (Chromium does, and a
    # container's is often 64 MiB), and a guide grows while it is previewed.
    expected = 16 * 2**20 + 64 * 2**10 * files
    needed = max(2 * expected, expected + 256 * 2**20)
    return str(memory) if free >= needed and _available_memory() >= needed else None


def serve(
    source: Path, host: str = "127.0.0.1", port: int = 8000, out: Path | None = None, today: date | None = None,
    stored: Path | None = None,
) -> int:
    """Serve the guide at ``source`` until Ctrl+C or SIGTERM. ``stored``: the build's cache of
    file values (``contentcache``), which the first reading takes from and adds to."""
    temporary = out is None
    scratch = preview_scratch(source) if out is None else None
    out_dir = Path(tempfile.mkdtemp(prefix="lotse-serve-", dir=scratch)) / "site" if out is None else out.resolve()
    state = State(out_dir, source)
    try:
        server = _listening(host, port, make_handler(state))
    except OSError as error:
        if temporary:
            shutil.rmtree(out_dir.parent, ignore_errors=True)
        raise UsageError(_cannot_listen(host, port, error)) from None
    server.daemon_threads = True
    shown_host = "localhost" if host in _EVERY_ADDRESS else f"[{host}]" if ":" in host else host
    base_url = f"http://{shown_host}:{server.server_address[1]}/"
    rebuilder = Rebuilder(source, state, base_url, today)
    rebuilder.memory.stored = stored
    state.draft_page = rebuilder.draft_page
    state.unwritten_page = rebuilder.unwritten.page
    watch(source, rebuilder)  # before the first reading: no change may fall between the two
    # The server answers once the guide is checked: at 10,000 offers the pages take the workers
    # half a minute more, and a page asked for meanwhile is rendered on request.
    ready = threading.Event()

    def first_then_loop() -> None:
        try:
            rebuilder.build(ready.set)
        finally:
            ready.set()  # whatever happened, the server answers (with the errors, if any)
        rebuilder.loop()

    main = threading.current_thread() is threading.main_thread()
    if main:
        before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
        stop = _stopping(out_dir.parent if temporary else None)  # a terminated preview tidies up as Ctrl+C does
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    threading.Thread(target=first_then_loop, daemon=True).start()
    try:
        ready.wait()
        everywhere = " – auch über die Netzwerkadressen dieses Rechners erreichbar" if host in _EVERY_ADDRESS else ""
        print(f"Vorschau: {base_url}{everywhere}  (Strg+C beendet)", flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        rebuilder.stop()  # nothing may write into the folder removed next
        if temporary:
            shutil.rmtree(out_dir.parent, ignore_errors=True)
        if main:
            signal.signal(signal.SIGINT, before[0])
            signal.signal(signal.SIGTERM, before[1])
    return 0
