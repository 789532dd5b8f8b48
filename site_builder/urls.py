"""Where every page lives. The one place that decides URLs and output file paths.

Paths here are site paths without the base path (``angebote/cnc-kurs/``); ``Urls`` puts the
base path (``/weiterbildung/``) or the whole base URL in front.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import quote, urlsplit, urlunsplit

HOME = ""
OFFERS = "angebote/"
ADVICE = "beratung/"
PROVIDERS = "anbieter/"
TOPICS = "themen/"
REGIONS = "regionen/"
FUNDING = "foerderung/"
FUNDING_CHECK = "foerderung/check/"
FUNDING_TABLE = "foerderung/check/tabelle/"
EMPLOYERS = "unternehmen/"
EMPLOYER_OFFERS = "unternehmen/inhouse/"
SEARCH = "suche/"
SEARCH_WORDS = "suche/woerter.json"  # vocabulary and advice for weak queries (search.py)
MERKLISTE = "merkliste/"
KATALOG = "katalog/"
LEICHTE_SPRACHE = "leichte-sprache/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
API_OFFERS = "api/angebote.json"
NOT_FOUND = "404.html"
ASSETS = "assets/"
SEARCH_BUNDLE = "pagefind/pagefind.js"
SEARCH_PLACES = "suche/orte.json"  # postal-code centroids for the distance search

# The fixed addresses templates link to, by the name they use: ``{{ urls.search }}``.
SECTIONS = {
    "home": HOME,
    "offers": OFFERS,
    "advice": ADVICE,
    "providers": PROVIDERS,
    "topics": TOPICS,
    "regions": REGIONS,
    "funding": FUNDING,
    "funding_check": FUNDING_CHECK,
    "funding_table": FUNDING_TABLE,
    "employers": EMPLOYERS,
    "employer_offers": EMPLOYER_OFFERS,
    "search": SEARCH,
    "merkliste": MERKLISTE,
    "katalog": KATALOG,
    "leichte_sprache": LEICHTE_SPRACHE,
    "feed": FEED,
    "sitemap": SITEMAP,
    "api_offers": API_OFFERS,
    "search_bundle": SEARCH_BUNDLE,
    "search_places": SEARCH_PLACES,
}


def search_wasm(language: str) -> str:
    """Pagefind's WebAssembly for the index of ``language``."""
    return f"pagefind/wasm.{language}.pagefind"


def offer(offer_id: str) -> str:
    return f"{OFFERS}{offer_id}/"


# The sitemaps protocol's limit: at most 50,000 URLs in one sitemap file. A guide with more
# pages (about 34,000 offers) gets sitemap-1.xml, sitemap-2.xml … and sitemap.xml indexes them.
SITEMAP_URLS = 50_000


def sitemap_part(number: int) -> str:
    """One part of a sitemap too long for one file (``SITEMAP_URLS``): ``sitemap-1.xml``;
    ``sitemap.xml`` is then their index."""
    return f"sitemap-{number}.xml"


def offer_calendar(offer_id: str) -> str:
    return f"{OFFERS}{offer_id}/termine.ics"


def date_calendar(offer_id: str, key: str) -> str:
    """One upcoming date's calendar file: ``angebote/<id>/termin-20270118.ics``
    (``model.calendar_keys``)."""
    return f"{OFFERS}{offer_id}/termin-{key}.ics"


def paged(base: str, number: int) -> str:
    """Page ``number`` of a list that starts at ``base``: ``themen/it/seite/2/``."""
    return base if number == 1 else f"{base}seite/{number}/"


def offers_page(number: int) -> str:
    return paged(OFFERS, number)


def start_month(month: str) -> str:
    """The offers beginning in a month ('2027-04'): ``angebote/beginn/2027-04/``."""
    return f"{OFFERS}beginn/{month}/"


def advisory_point(point_id: str) -> str:
    return f"{ADVICE}{point_id}/"


def provider(provider_id: str) -> str:
    return f"{PROVIDERS}{provider_id}/"


def topic(topic_id: str) -> str:
    return f"{TOPICS}{topic_id}/"


def region(region_id: str) -> str:
    return f"{REGIONS}{region_id}/"


def funding(funding_id: str) -> str:
    """A programme's page; ``check`` is the Förder-Check's (records.RESERVED_FUNDING_IDS)."""
    return f"{FUNDING}{funding_id}/"


def funding_region(funding_id: str, region_id: str) -> str:
    """A programme's offers in one region: ``foerderung/bildungsgutschein/goeppingen/``."""
    return f"{FUNDING}{funding_id}/{region_id}/"


def term(kind: str, term_id: str) -> str | None:
    """The page of a taxonomy term; None for kinds without pages of their own (audiences)."""
    pages = {"topics": topic, "regions": region, "funding": funding}
    return pages[kind](term_id) if kind in pages else None


def katalog_region(region_id: str) -> str:
    return f"{KATALOG}{region_id}/"


def page(slug: str) -> str:
    return f"{slug}/"


def asset(name: str) -> str:
    return f"{ASSETS}{name}"


def output_file(path: str) -> str:
    """The file that serves a site path: directories get their index.html."""
    path = path.split("#", 1)[0]
    return path + "index.html" if path == "" or path.endswith("/") else path


class Urls:
    """Turns site paths into links (with the base path) and absolute URLs."""

    def __init__(self, base_url: str):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.base_path = urlsplit(self.base_url).path or "/"

    def link(self, path: str) -> str:
        return self.base_path + path

    def absolute(self, path: str) -> str:
        return self.base_url + path

    def uri(self, path: str) -> str:
        """``absolute`` in the ASCII form of RFC 3986, for the formats that take no other
        (sitemap, robots.txt, a calendar's URL): a host with umlauts in Punycode, other
        characters of the path percent-encoded as UTF-8. HTML, the feed and JSON-LD take the
        address as written (IRIs)."""
        return ascii_uri(self.base_url) + ascii_uri(path)

    def uri_path(self, path: str) -> str:
        """``link`` with its path percent-encoded (robots.txt)."""
        return ascii_uri(self.link(path))

    def sections(self) -> SimpleNamespace:
        """``SECTIONS`` as links (with the base path), for templates."""
        return SimpleNamespace(**{name: self.link(path) for name, path in SECTIONS.items()})


def ascii_uri(text: str) -> str:
    """An address or path (site paths are ASCII already) in RFC 3986's ASCII form: the host
    IDNA-encoded (percent-encoded where IDNA refuses a label), the rest percent-encoded."""
    if text.isascii():
        return text
    keep = "/%:@!$&'()*+,;=~?#[]"
    parts = urlsplit(text)
    if not parts.scheme:
        return quote(text, safe=keep)
    netloc = parts.netloc
    if not netloc.isascii():
        host = parts.hostname or ""
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe="")
        netloc = host + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=keep), quote(parts.query, safe=keep), quote(parts.fragment, safe=keep)))


# What a site's public address may not hold (``base_url_problem``); the records check every
# address they take for invisible characters too.
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")
# Characters RFC 3986 never allows unencoded; in the public address they would reach every page,
# robots.txt, the feed and the calendars.
_NOT_IN_URL = re.compile(r"[<>\"{}|\\^`]")
_HOST = re.compile(r"(?:[^\W_]|[-.])+\Z|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*\Z")  # a name, or an IPv6 address


def base_url_problem(value: str) -> str | None:
    """What is wrong with a site's public address (site.yaml ``base_url``, ``--base-url``), or None.

    Every page's links and canonical addresses start with it, so a slip here (``https:///``,
    ``https://owner.github.io//`` from an empty repository name) would publish broken links;
    and it reaches robots.txt, the feed and the calendars as it is, so nothing invisible (an
    escaped newline added ``Disallow:`` lines to robots.txt), no credentials and none of the
    characters RFC 3986 never allows unencoded.
    """
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed [ of an IPv6 address
        parts = None
    if parts is None or parts.scheme not in ("http", "https"):
        return "muss eine vollständige Adresse mit http:// oder https:// sein"
    if not parts.hostname:
        return "braucht nach http:// oder https:// einen Rechnernamen (z. B. https://weiterbildung.example.org/)"
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if not port_ok:
        return "hat eine ungültige Portangabe"
    if any(c.isspace() for c in value):
        return "darf keine Leerzeichen enthalten"
    if INVISIBLE.search(value):
        return "darf keine Steuerzeichen oder unsichtbaren Zeichen enthalten"
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return "darf kein ? und kein # enthalten"
    if "//" in parts.path:
        return "darf keine leeren Pfadteile (//) enthalten"
    if _NOT_IN_URL.search(value):
        return "darf keines der Zeichen < > \" { } | \\ ^ ` enthalten"
    if parts.username is not None or parts.password is not None:
        return "darf keine Zugangsdaten (name@) enthalten"
    host = parts.hostname
    if not _HOST.match(host) or ".." in host or host.startswith("."):
        return "hat keinen gültigen Rechnernamen"
    return None
