"""The preview answers like a web server: HEAD, 405 for other methods, 414 for long paths,
aborted connections without a word in the log."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import FIXTURES, TODAY, copy_tree, eventually


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, list[str]]]:
    import threading
    from http.server import ThreadingHTTPServer

    from site_builder.pipeline import build
    from site_builder.serve import State, make_handler

    out = tmp_path_factory.mktemp("preview") / "site"
    build(copy_tree(tmp_path_factory.mktemp("src"), FIXTURES / "minimal"), out, today=TODAY, search_index=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(State(out)))
    server.daemon_threads = True
    errors: list[str] = []
    server.handle_error = lambda request, address: errors.append("handle_error")  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1], errors
    server.shutdown()
    server.server_close()


def request(port: int, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


def test_preview_answers_head_like_get_without_a_body(preview: tuple[int, list[str]]) -> None:
    port, _ = preview
    status, headers, body = request(port, "GET", "/")
    head_status, head_headers, head_body = request(port, "HEAD", "/")
    assert status == head_status == 200 and head_body == b""
    assert head_headers["Content-Length"] == headers["Content-Length"] == str(len(body))
    assert request(port, "HEAD", "/gibt-es-nicht/")[0] == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"])
def test_preview_refuses_other_methods_with_405(method: str, preview: tuple[int, list[str]]) -> None:
    status, headers, _ = request(preview[0], method, "/")
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_preview_answers_long_paths_and_aborted_connections_quietly(preview: tuple[int, list[str]], capfd: pytest.CaptureFixture[str]) -> None:
    port, errors = preview
    assert request(port, "GET", "/" + "a" * 10_000)[0] == 414
    assert request(port, "GET", "/" + "b" * 300 + "/")[0] == 404
    assert request(port, "GET", "/%ff%fe/" + "c/" * 600)[0] == 404
    for payload in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /", b"\x16\x03\x01\x00\xa5\x01\x00", b""):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            raw.sendall(payload)
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset on close
    assert request(port, "GET", "/")[0] == 200  # still serving
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and errors == []


@pytest.mark.browser
def test_a_browser_names_its_page_and_reloads_when_told(preview_state: tuple[int, Any], browser: Any) -> None:
    """The reload script the preview adds connects with its page's path: the server knows what
    is open (and renders it first), and the page reloads on the announcement, unless it was
    told already in the same rebuild; its new connection tells the server it is back."""
    port, state = preview_state
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/anbieter/akademie/")
        eventually(lambda: state.shown() == {"anbieter/akademie/"}, "die Seite ist offen", 10)
        page.evaluate("window.__same = true")
        state.announce(frozenset({"anbieter/akademie/"}))  # told already: no second reload
        time.sleep(0.5)
        assert page.evaluate("window.__same === true")
        with page.expect_navigation():
            announced = state.announce()
        assert announced[1] == {"anbieter/akademie/"}
        started = time.monotonic()  # the preview's next work waits until the page is back
        state.wait_for_reloads(announced, 10, lambda: False)
        assert time.monotonic() - started < 5 and state.arrivals[announced[0]:] == ["anbieter/akademie/"]
        assert page.evaluate("window.__same === undefined")
        started = time.monotonic()  # a newer save does not wait
        state.wait_for_reloads((len(state.arrivals), frozenset({"gibt-es-nicht/"})), 10, lambda: True)
        state.wait_for_reloads((len(state.arrivals), frozenset({"gibt-es-nicht/"})), 0.3, lambda: False)  # nor for long
        assert time.monotonic() - started < 3
    finally:
        page.close()
    # Sooner than the next ping (serve.PING): the closed connection is seen.
    eventually(lambda: not state.shown(), "geschlossen", 3)


@pytest.mark.browser
def test_a_page_being_left_does_not_reload_over_the_link_just_followed(preview_state: tuple[int, Any], browser: Any) -> None:
    """An editor saves and at once follows a link: the reload the save brings to the page being
    left would cancel that navigation (Chromium lets the newer one win) and keep the editor on
    the old page. The page being left does not reload; the next page arrives."""
    port, state = preview_state
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/anbieter/akademie/")
        eventually(lambda: state.shown() == {"anbieter/akademie/"}, "die Seite ist offen", 10)
        held: list[Any] = []  # the next page's answer, held until the reload has come
        page.route("**/beratung/beratung-esslingen/", lambda route: held.append(route))
        page.evaluate("location.href = '/beratung/beratung-esslingen/'")  # a link followed
        deadline = time.monotonic() + 10
        while not held and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        assert held, "die nächste Seite wurde nicht angefragt"
        assert state.announce()[1] == {"anbieter/akademie/"}  # the save's reload, told to the page being left
        page.wait_for_timeout(500)
        held[0].continue_()
        page.wait_for_url("**/beratung/beratung-esslingen/", timeout=10_000)
        page.wait_for_timeout(300)  # a reload would have cancelled the navigation by now
        assert page.url.endswith("/beratung/beratung-esslingen/")
        assert "akademie" not in page.inner_text("h1").lower()
    finally:
        page.close()
    eventually(lambda: not state.shown(), "geschlossen", 3)


def _set_hidden(page: Any, hidden: bool) -> None:
    """Hide or show the page as switching tabs does (headless Chromium keeps every page visible)."""
    page.evaluate(
        """hidden => {
            Object.defineProperty(document, 'hidden', {value: hidden, configurable: true});
            Object.defineProperty(document, 'visibilityState', {value: hidden ? 'hidden' : 'visible', configurable: true});
            document.dispatchEvent(new Event('visibilitychange'));
        }""",
        hidden,
    )


@pytest.mark.browser
def test_a_hidden_tab_is_not_open_and_catches_up_when_shown(preview_state: tuple[int, Any], browser: Any) -> None:
    """A page in a tab the editor left closes its reload connection: it is neither rendered
    first nor waited for. Shown again, it reloads at once if a change came meanwhile, and not
    if none did."""
    port, state = preview_state
    context = browser.new_context()
    shown, hidden = context.new_page(), context.new_page()
    try:
        shown.goto(f"http://127.0.0.1:{port}/anbieter/akademie/")
        hidden.goto(f"http://127.0.0.1:{port}/beratung/beratung-esslingen/")
        eventually(lambda: state.shown() == {"anbieter/akademie/", "beratung/beratung-esslingen/"}, "beide Seiten offen", 5)
        _set_hidden(hidden, True)
        eventually(lambda: state.shown() == {"anbieter/akademie/"}, "die verborgene Seite ist nicht mehr offen", 5)
        _set_hidden(hidden, False)  # back without a change meanwhile: no reload
        eventually(lambda: len(state.shown()) == 2, "wieder offen", 5)
        hidden.evaluate("window.__same = true")
        time.sleep(0.3)
        assert hidden.evaluate("window.__same === true")

        _set_hidden(hidden, True)
        eventually(lambda: state.shown() == {"anbieter/akademie/"}, "wieder verborgen", 5)
        with shown.expect_navigation():
            announced = state.announce()
        assert announced[1] == {"anbieter/akademie/"}  # the hidden page is not waited for
        time.sleep(0.3)
        assert hidden.evaluate("window.__same === true")  # hidden: not reloaded
        with hidden.expect_navigation():
            _set_hidden(hidden, False)
        assert hidden.evaluate("window.__same === undefined")
        eventually(lambda: len(state.shown()) == 2, "nach dem Neuladen wieder offen", 5)
    finally:
        context.close()
    eventually(lambda: not state.shown(), "geschlossen", 5)


@pytest.fixture(scope="module")
def preview_state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Any]]:
    import threading
    from http.server import ThreadingHTTPServer

    from site_builder.pipeline import build
    from site_builder.serve import State, make_handler

    out = tmp_path_factory.mktemp("shown") / "site"
    build(copy_tree(tmp_path_factory.mktemp("src"), FIXTURES / "minimal"), out, today=TODAY, search_index=False)
    state = State(out)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1], state
    server.shutdown()
    server.server_close()


def test_a_page_that_connects_after_an_announcement_is_told_at_once(preview_state: tuple[int, Any]) -> None:
    """A page read before an announcement whose reload connection comes after it (it was still
    loading) would miss the reload: its script names the announcements it has seen (``stand``),
    and the server tells it at once. A page read after the last announcement is not told."""
    import http.client
    import re

    port, state = preview_state
    status, _, body = request(port, "GET", "/anbieter/akademie/")
    stand = int(re.search(rb"\?stand=(\d+)", body).group(1))  # type: ignore[union-attr]
    assert status == 200 and stand == state.generation

    def first_events(path: str) -> list[str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1.5)
        connection.request("GET", path)
        response = connection.getresponse()
        lines: list[str] = []
        try:
            for raw in response:
                lines.append(raw.decode().strip())
        except TimeoutError:
            pass
        connection.close()
        return lines

    assert "event: reload" not in first_events(f"/__lotse/events?seite=%2Fanbieter%2Fakademie%2F&stand={stand}")
    state.announce(frozenset({"beratung/beratung-esslingen/"}))  # meanwhile: a rebuild, told the others
    assert "event: reload" in first_events(f"/__lotse/events?seite=%2Fanbieter%2Fakademie%2F&stand={stand}")
    # Told already in that rebuild (its page came first and did not change after): not again.
    assert "event: reload" not in first_events(f"/__lotse/events?seite=%2Fberatung%2Fberatung-esslingen%2F&stand={stand}")
    assert "event: reload" not in first_events(f"/__lotse/events?seite=%2Fanbieter%2Fakademie%2F&stand={stand + 1}")
