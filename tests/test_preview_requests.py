"""The preview answers like a web server: HEAD, 405 for other methods, 414 for long paths,
aborted connections without a word in the log."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import FIXTURES, TODAY, copy_tree


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
    told already in the same rebuild."""
    port, state = preview_state
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/anbieter/akademie/")
        deadline = time.monotonic() + 10
        while state.shown() != {"anbieter/akademie/"} and time.monotonic() < deadline:
            time.sleep(0.05)
        assert state.shown() == {"anbieter/akademie/"}
        page.evaluate("window.__same = true")
        state.announce(frozenset({"anbieter/akademie/"}))  # told already: no second reload
        time.sleep(0.5)
        assert page.evaluate("window.__same === true")
        with page.expect_navigation():
            state.announce()
        assert page.evaluate("window.__same === undefined")
    finally:
        page.close()  # forgotten by the server when its next ping finds the connection closed


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
