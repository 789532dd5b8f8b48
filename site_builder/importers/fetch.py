"""Fetching a provider's catalogue from its web address, carefully.

A feed URL is written by editors and served by someone else: the fetch gives up after a
timeout, refuses error statuses, a content type that is not the format's, anything larger
than the limit, and redirects to another host (a moved export must not lead the nightly job
somewhere else). Only http and https.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

TIMEOUT = 30.0  # seconds for connecting and for each read
MAX_BYTES = 50 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "Lotse-Import/1.0 (+https://github.com/)"

# The content types a server may send for each format (a missing one is taken on trust).
CONTENT_TYPES = {
    "openqcat": ("application/xml", "text/xml", "application/octet-stream"),
    "openvhs": ("application/xml", "text/xml", "application/octet-stream"),
    "bawbsuche": ("application/json", "application/hal+json", "text/json"),
    "tabelle": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
        "application/csv",
        "text/plain",
        "application/octet-stream",
    ),
}


class FetchError(Exception):
    """Why a feed could not be fetched, in German for the report."""


class _SameHost(urllib.request.HTTPRedirectHandler):
    def __init__(self, host: str):
        self.host = host
        self.hops = 0

    def redirect_request(self, req: Any, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str) -> Any:
        target = urlsplit(urljoin(req.full_url, newurl))
        self.hops += 1
        if self.hops > MAX_REDIRECTS:
            raise FetchError(f"mehr als {MAX_REDIRECTS} Weiterleitungen")
        if target.scheme not in ("http", "https") or (target.hostname or "").lower() != self.host:
            raise FetchError(f"Weiterleitung auf einen anderen Rechner abgelehnt: {target.scheme}://{target.netloc}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, fmt: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """The body at ``url``, or FetchError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"keine http- oder https-Adresse: {url}")
    opener = urllib.request.build_opener(_SameHost(parts.hostname.lower()))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = (response.headers.get_content_type() if response.headers.get("Content-Type") else "").lower()
            if kind and kind not in CONTENT_TYPES[fmt]:
                raise FetchError(f"falscher Inhaltstyp {kind!r} für {fmt} (erwartet: {', '.join(CONTENT_TYPES[fmt])})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"zu groß: {int(length)} Bytes (höchstens {max_bytes})")
            body = response.read(max_bytes + 1)
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        raise FetchError(f"HTTP {error.code} {error.reason}") from None
    except TimeoutError:
        raise FetchError(f"Zeitüberschreitung nach {timeout:g} Sekunden") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchError(f"Zeitüberschreitung nach {timeout:g} Sekunden") from None
        raise FetchError(f"nicht erreichbar: {error.reason}") from None
    except OSError as error:
        raise FetchError(f"Verbindung abgebrochen: {error}") from None
    if len(body) > max_bytes:
        raise FetchError(f"zu groß: mehr als {max_bytes} Bytes")
    return body
