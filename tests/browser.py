"""A real browser for tests: Debian's Chromium driven by Playwright, against a local server.

Every request the browser makes is recorded, so tests can prove that nothing leaves the site.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

from .conftest import ROOT

CHROMIUM = Path(os.environ.get("LOTSE_CHROMIUM", "/usr/bin/chromium"))  # as scripts/setup.sh
AXE = ROOT / "tests" / "tools" / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--no-first-run"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class StaticHandler(SimpleHTTPRequestHandler):
    """Serves the built folder like static hosting does: 404.html for what is missing."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Traffic:
    """What the browser did: requests, failures and console errors."""

    origin: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        page.on("request", lambda r: self.requests.append(r.url))
        # A request the page cancels itself (a newer search supersedes a filter file's fetch, or
        # the test navigates on) is not a failure; a missing or refused file is.
        page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else self.failed.append(f"{r.url}: {r.failure}"))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def reset(self) -> None:
        """Forget what was recorded so far (a reused tab starts a new visit)."""
        self.requests.clear()
        self.failed.clear()
        self.errors.clear()

    def foreign(self) -> list[str]:
        host = urlsplit(self.origin).netloc
        return [u for u in self.requests if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != host]


class Tabs:
    """One tab per viewport width, for the tests of a module that open a page and check it.

    A browser context per test cost more than the check: a fresh context starts a renderer
    that compiles axe-core's 550 kB again, while a reused tab takes it from V8's cache (under
    load about 2 s less per page). Only for tests that leave nothing behind; ``visit`` starts
    each page with empty storage and its own record of the traffic.
    """

    def __init__(self, browser: Any, origin: str):
        self.browser, self.origin = browser, origin
        self.open: dict[int, tuple[Any, Traffic]] = {}

    def fresh(self, width: int) -> tuple[Any, Traffic]:
        """The tab at ``width`` on a blank page, as a new context would be: no storage, no
        permissions, and a record of the traffic from here on."""
        if width not in self.open:
            context = self.browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
            tab = context.new_page()
            traffic = Traffic(self.origin)
            traffic.watch(tab)
            self.open[width] = (tab, traffic)
        tab, traffic = self.open[width]
        if tab.url.startswith(self.origin):
            tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        tab.context.clear_permissions()
        tab.goto("about:blank")  # the last page's late requests and messages stay with it
        traffic.reset()
        return tab, traffic

    def visit(self, path: str, width: int) -> tuple[Any, Any, Traffic]:
        """The tab at ``width`` showing ``path``: (tab, response, traffic of this visit)."""
        tab, traffic = self.fresh(width)
        return tab, tab.goto(self.origin + path), traffic

    def close(self) -> None:
        for tab, _ in self.open.values():
            tab.context.close()


class Walk:
    """A visitor's way through the site in one browser context, every request and console
    message recorded; on close it checks that nothing went wrong (no console errors, no
    failed requests, nothing loaded from another host).

    ``Walk(browser, origin, **options)`` opens a context of its own (for options such as a
    phone's viewport, a time zone or a location); ``Walk.on(tabs)`` starts in the module's
    reused tab (``Tabs``) instead, as fresh as a new context.
    """

    def __init__(self, browser: Any, origin: str, **options: Any):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "de-DE")
        self.context = browser.new_context(**options)
        self.origin = origin
        self.traffic = Traffic(origin)
        self.tab = self.new_tab()
        self.shared = False

    @classmethod
    def on(cls, tabs: Tabs) -> Self:
        walk = cls.__new__(cls)
        walk.tab, walk.traffic = tabs.fresh(1280)
        walk.context, walk.origin, walk.shared = walk.tab.context, tabs.origin, True
        return walk

    def new_tab(self) -> Any:
        tab = self.context.new_page()
        self.traffic.watch(tab)
        return tab

    def close(self) -> None:
        if self.shared:  # the reused tab stays open for the next test, any other goes
            for tab in self.context.pages:
                if tab is not self.tab:
                    tab.close()
        else:
            self.context.close()
        assert self.traffic.errors == [], "Konsolenfehler"
        assert self.traffic.failed == [], "fehlgeschlagene Anfragen"
        assert self.traffic.foreign() == [], "Anfragen an fremde Hosts"


class Gate:
    """Holds the browser's requests for ``pattern`` until ``release``: a slow network, on cue."""

    def __init__(self, page: Any, pattern: str):
        self.page = page
        self.held: list[Any] = []
        self.open = False
        page.route(pattern, self._hold)

    def _hold(self, route: Any) -> None:
        if self.open:
            route.continue_()
        else:
            self.held.append(route)

    def wait_for_request(self, seconds: float = 10.0) -> bool:
        """Whether a request was held within ``seconds`` (the page goes on meanwhile)."""
        for _ in range(int(seconds / 0.05)):
            if self.held:
                break
            self.page.wait_for_timeout(50)
        return bool(self.held)

    def release(self) -> None:
        """Let the held requests and all later ones pass."""
        self.open = True
        for route in self.held:
            route.continue_()


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the current page, one line each."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
    ]
