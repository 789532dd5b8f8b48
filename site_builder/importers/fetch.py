"""Fetching a provider's catalogue from its web address, carefully.

A feed URL is written by editors and served by someone else: the fetch gives up after a
timeout, refuses error statuses, a content type that is not the format's and anything larger
than the limit. Only http and https. A redirect to another host is followed only over https
and only to a public address: shared spreadsheets answer that way (a Google Sheet published
as CSV redirects to googleusercontent.com, OneDrive and Dropbox links likewise), while a
redirect into the runner's own network (a cloud's metadata service, a router) is refused.
Credentials of the address never go to the other host.

Access a provider grants goes into the address as ``${NAME}`` (site.yaml is public): the
value comes from the environment variable NAME, or from the JSON object in ``LOTSE_SECRETS``
(the nightly workflow passes all of the repository's secrets that way). A user and password
before the ``@`` are sent as HTTP Basic authentication. No message shows a secret's value.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from ..records import SECRET_PLACEHOLDER, runner_credential

TIMEOUT = 30.0  # seconds for connecting and for each read
MAX_BYTES = 50 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "Lotse-Import/1.0 (+https://github.com/)"
SECRETS = "LOTSE_SECRETS"  # a JSON object of secrets by name (``toJSON(secrets)`` in GitHub Actions)

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


class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, host: str):
        self.host = host
        self.hops = 0

    def redirect_request(self, req: Any, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str) -> Any:
        target = urlsplit(urljoin(req.full_url, newurl))
        self.hops += 1
        if self.hops > MAX_REDIRECTS:
            raise FetchError(f"mehr als {MAX_REDIRECTS} Weiterleitungen")
        host = (target.hostname or "").lower()
        shown = f"{target.scheme}://{host}" + (f":{target.port}" if target.port else "")
        if target.scheme not in ("http", "https") or not host:
            raise FetchError(f"Weiterleitung abgelehnt: {shown} ist keine http- oder https-Adresse")
        other = host != self.host
        if other and target.scheme != "https":
            raise FetchError(f"Weiterleitung auf einen anderen Rechner nur über https, nicht auf {shown}")
        if other and not public(host):
            raise FetchError(f"Weiterleitung auf eine Adresse im eigenen Netz abgelehnt: {shown}")
        request = super().redirect_request(req, fp, code, msg, headers, newurl)
        if other and request is not None:
            # Basic authentication was for the feed's own host (urllib would pass it on).
            for stored in (request.headers, request.unredirected_hdrs):
                stored.pop("Authorization", None)
        return request


def public(host: str) -> bool:
    """Whether every address ``host`` resolves to lies on the internet (not loopback, a
    private or link-local network, or reserved)."""
    try:
        found = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(str(entry[4][0]).split("%", 1)[0]).is_global for entry in found)


def secrets_of(url: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The values of the ``${NAME}`` parts of ``url``, or FetchError naming a missing one."""
    environ = os.environ if environ is None else environ
    names = list(dict.fromkeys(SECRET_PLACEHOLDER.findall(url)))
    if not names:
        return {}
    try:
        stored = json.loads(environ.get(SECRETS) or "{}")
    except ValueError:
        stored = {}
    values = {}
    for name in names:
        if runner_credential(name):  # validation refuses it too; never sent, whatever called this
            raise FetchError(f"${{{name}}} ist ein Zugangsschlüssel des Laufs, keiner eines Katalogs; er wird nicht eingesetzt")
        value = environ.get(name) or (stored.get(name) if isinstance(stored, dict) else None)
        if not isinstance(value, str) or not value:
            raise FetchError(
                f"das Secret {name} fehlt: die Adresse braucht es; im Repository unter Settings → Secrets and "
                f"variables → Actions anlegen (lokal: Umgebungsvariable {name})"
            )
        values[name] = value
    return values


def _masked(text: str, values: Mapping[str, str]) -> str:
    for name, value in values.items():
        for form in {value, quote(value, safe="")}:
            text = text.replace(form, "${" + name + "}")
    return text


def fetch(url: str, fmt: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """The body at ``url`` (its ``${NAME}`` parts filled in), or FetchError."""
    values = secrets_of(url)
    try:
        return _fetch(SECRET_PLACEHOLDER.sub(lambda m: quote(values[m.group(1)], safe=""), url), url, fmt, timeout, max_bytes)
    except FetchError as error:
        raise FetchError(_masked(str(error), values)) from None


def _fetch(address: str, url: str, fmt: str, timeout: float, max_bytes: int) -> bytes:
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"keine http- oder https-Adresse: {url}")
    headers = {"User-Agent": USER_AGENT}
    if parts.username is not None:
        # urllib sends no credentials written into the address: HTTP Basic, and the address without them.
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
        address = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    opener = urllib.request.build_opener(_Redirects(parts.hostname.lower()))
    request = urllib.request.Request(address, headers=headers)
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
