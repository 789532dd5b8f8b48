"""What both catalog readers share: the course record, the site's mapping tables, value parsing."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter, ValidationError

from .. import records
from ..postal import region_for
from .codelists import CodeLists
from .prose import shorten


class ImportFailure(Exception):
    """The import cannot go on; nothing has been written."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


@dataclass
class Course:
    """One catalog course, already in the contract's field names (without provider/updated)."""

    key: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    skip: str | None = None  # why the course cannot become an offer of this guide
    notes: list[str] = field(default_factory=list)  # what was read leniently or left out
    missing: dict[str, str] = field(default_factory=dict)  # field → what the catalog says instead
    codes: dict[str, str] = field(default_factory=dict)  # classification code → its meaning
    words: list[str] = field(default_factory=list)  # title and keywords, for topic rules


@dataclass
class Catalog:
    format: str  # "openqcat" or "openvhs"
    label: str  # as editors know it: "open-Qcat", "Open-vhs"
    key_name: str  # the catalog's own key: "PRODUCT_ID", "guid"
    date: date | None
    full: bool  # a full delivery: whatever is missing has left the catalog
    deleted: set[str] = field(default_factory=set)
    provider: dict[str, Any] = field(default_factory=dict)
    courses: list[Course] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, order=True)
class Unmapped:
    kind: str  # e.g. "Förderart (Bund)"
    code: str
    meaning: str
    hint: str


class Mapper:
    """The site's tables (regions, funding, topics) and the code lists, with a record of misses."""

    def __init__(self, site: records.Site, codes: CodeLists, fallback_topic: str | None):
        self.site = site
        self.codes = codes
        self.fallback_topic = fallback_topic
        self.settings = site.import_ or records.ImportSettings()
        self.zone = ZoneInfo(site.timezone)
        self.unmapped: Counter[Unmapped] = Counter()

    def miss(self, kind: str, code: str, meaning: str, hint: str) -> None:
        self.unmapped[Unmapped(kind, code, meaning or "Bedeutung unbekannt", hint)] += 1

    def region(self, postal_code: str) -> str | None:
        return region_for(postal_code, self.site.postal_codes)

    def topic(self, codes: dict[str, str], words: list[str]) -> list[str]:
        """The first rule whose code prefixes a course code or whose keyword occurs in its words."""
        plain_codes = {_squash(c) for c in codes}
        text = " ".join(words).casefold()
        for rule in self.settings.topics:
            if any(c.startswith(_squash(p)) for p in rule.codes for c in plain_codes):
                return [rule.topic]
            if any(k.casefold() in text for k in rule.keywords):
                return [rule.topic]
        hint = f"Thema aus --topic ({self.fallback_topic})" if self.fallback_topic else "Kurs ohne Thema übersprungen"
        for code, meaning in codes.items():
            self.miss("Klassifikation", code, meaning, f"keine Regel unter import.topics; {hint}")
        return [self.fallback_topic] if self.fallback_topic else []

    def funding(self, federal: list[str], regional: list[str]) -> list[str]:
        ids: list[str] = []
        for kind, found, key in (
            ("Förderart (Bund)", federal, "funding_federal"),
            ("Förderart (Land)", regional, "funding_regional"),
        ):
            table, labels = getattr(self.settings, key), getattr(self.codes, key)
            for code in found:
                if code in table:
                    ids.append(table[code])
                else:
                    self.miss(kind, code, labels.get(code, ""), f"in site.yaml unter import.{key} zuordnen")
        return list(dict.fromkeys(ids))

    def location(self, place: dict[str, str], online: bool) -> tuple[dict[str, str] | None, str | None]:
        """The offer's location, or why the course is not for this guide."""
        postal = re.sub(r"\s", "", place.get("postal_code", ""))
        where = " ".join(filter(None, [postal, place.get("city", "")]))
        if not re.fullmatch(r"\d{5}", postal):
            return None, None if online else "kein Veranstaltungsort mit fünfstelliger Postleitzahl"
        region = self.region(postal)
        if region is None:
            return None, f"Veranstaltungsort außerhalb der Regionen ({where} passt zu keinem Eintrag unter postal_codes)"
        if not place.get("street") or not place.get("city"):
            return None, None if online else f"Anschrift des Veranstaltungsorts unvollständig ({where})"
        location = {
            "name": place.get("name", "")[:120].strip(),
            "street": place["street"][:120],
            "postal_code": postal,
            "city": place["city"][:80],
            "region": region,
        }
        return {k: v for k, v in location.items() if v}, None


def _squash(code: str) -> str:
    """KURSNET codes come as 'C  8968-g32' or 'C 8968-g32': compare without spaces and case."""
    return re.sub(r"\s+", "", code).casefold()


# --- Ids ----------------------------------------------------------------------------------

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_UMLAUTS)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def offer_id(provider: str, key: str) -> str:
    """Stable: the provider and the catalog's own key, slugged; long ones keep a hash of the key."""
    base = slug(f"{provider}-{key}")
    if len(base) <= 80 and slug(key):
        return base
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    return f"{base[:71].rstrip('-')}-{digest}"


# --- Values -------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """xsd:date / xsd:dateTime (the date as written, offset ignored) or DD.MM.YYYY."""
    text = text.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text) or None
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif german := re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        parts = (int(german[3]), int(german[2]), int(german[1]))
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def parse_clock(text: str, day: date | None, zone: ZoneInfo) -> str | None:
    """'18:30:00' or '13:00:00+02:00' → local 'HH:MM' (an offset is converted to the site's zone)."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", text.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    if match[3] and day is not None:
        moment = datetime.fromisoformat(
            f"{day.isoformat()}T{hour:02d}:{minute:02d}:00{match[3].replace('Z', '+00:00')}"
        )
        local = moment.astimezone(zone).time()
        hour, minute = local.hour, local.minute
    return time(hour, minute).strftime("%H:%M")


def time_range(start: str | None, end: str | None) -> str | None:
    if start and end and end > start:
        return f"{start}-{end}"
    return start


def parse_money(text: str) -> Decimal | None:
    """'82.8', '1.234,50', '99990.0' → Decimal with two places; None when it is no amount."""
    text = text.strip().replace("€", "").replace("EUR", "").strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d+", text):
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def number(value: Decimal) -> int | float:
    """A YAML-friendly number: 82.8 stays 82.8, 130.00 becomes 130."""
    return int(value) if value == value.to_integral_value() else float(value)


_ADAPTERS: dict[int, TypeAdapter[Any]] = {}


def valid(kind: Any, value: str) -> bool:
    """Whether ``value`` passes one of the contract's value types (records.Email, records.Url, …)."""
    adapter = _ADAPTERS.get(id(kind))
    if adapter is None:  # building an adapter costs more than using it; catalogs have thousands of values
        adapter = _ADAPTERS[id(kind)] = TypeAdapter(kind)
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def phone(text: str) -> str | None:
    """KURSNET writes '+49.911.179'; the contract wants digits, spaces and + / - ( )."""
    cleaned = " ".join(text.replace(".", " ").split())
    return cleaned if cleaned and valid(records.Phone, cleaned) else None


def one_line(text: str, limit: int) -> str:
    """Catalog text for a one-line field; KURSNET's heading mark '!' is dropped."""
    return shorten(" ".join(text.split()).lstrip("!").strip(), limit)
