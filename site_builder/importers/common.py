"""What both catalog readers share: the course record, the site's mapping tables, value parsing."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter, ValidationError

from .. import records
from ..german import date_short, format_money, format_number
from ..postal import region_for
from ..wordforms import STOPWORDS, Stems, fold
from .codelists import CodeLists
from .prose import Block, blocks, escape, heading, looks_like_html, markdown, paragraph, shorten


class ImportFailure(Exception):
    """The import cannot go on; nothing has been written."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


# Byte order marks of UTF-16 (little and big endian): Windows' "Unicode" files, which
# outweigh what the file says of itself.
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def read_json(raw: bytes, what: str) -> Any:
    """The value of a catalog in JSON (UTF-8, a BOM allowed); ``what``: the file's kind, for
    the message of an ``ImportFailure`` when it is none ("keine lesbare <what>: …")."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ImportFailure(f"keine lesbare {what}: Byte {error.start + 1} ist kein UTF-8") from None
    except json.JSONDecodeError as error:
        raise ImportFailure(f"keine lesbare {what}: JSON-Syntaxfehler in Zeile {error.lineno}, Spalte {error.colno}") from None
    except RecursionError:  # brackets nested thousands deep
        raise ImportFailure(f"keine lesbare {what}: zu tief verschachtelt") from None


PROVIDER = "anbieter"  # a finding the provider fixes in its catalogue ("Preis fehlt")
EDITORS = "redaktion"  # a finding the guide's editors fix in site.yaml ("Fördercode 7 nicht zugeordnet")


class Reason(str):
    """Why a course or date is not taken, as the report says it, and ``fix``: what the provider
    can change in its catalogue so that it is ("" when nobody there can: a place outside the
    guide's regions or abroad). A ``str``, so it is written and compared as the words it is."""

    fix: str

    def __new__(cls, text: str, fix: str = "") -> Reason:
        reason = super().__new__(cls, text)
        reason.fix = fix
        return reason


def fix_of(reason: str | None) -> str:
    """What the provider can do about ``reason`` ("" for nothing, or a reason without a fix)."""
    return reason.fix if isinstance(reason, Reason) else ""


def fixes(reasons: Iterable[str | None]) -> str:
    """The fixes of several reasons, each once."""
    return "; ".join(dict.fromkeys(f for f in map(fix_of, reasons) if f))


NO_TITLE_FIX = "bitte einen Titel angeben"
_ADDRESS_FIX = "bitte die Anschrift des Veranstaltungsorts angeben (Straße, PLZ, Ort)"


@dataclass(frozen=True)
class Finding:
    """Something the report tells: for whom, about which date (its own id), and what."""

    who: str  # PROVIDER or EDITORS
    text: str
    ref: str = ""  # the catalogue's own id of the date it is about; "" for the course


@dataclass
class DateRun:
    """One run of a course as the catalogue delivers it, and what became of it."""

    ref: str  # the catalogue's own id of this date (open-Qcat: the PRODUCT_ID of its SERVICE); ids
    # joined by "+" for a run left out that the catalogue repeats (one date, as when it is taken)
    start: date | None
    skipped: str | None = None  # why this run is not in the offer


@dataclass
class Course:
    """One catalog course, already in the contract's field names (without provider/updated)."""

    key: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    skip: str | None = None  # why the course cannot become an offer of this guide
    findings: list[Finding] = field(default_factory=list)  # what was read leniently, left out or is missing
    missing: dict[str, str] = field(default_factory=dict)  # field → what the catalog says instead
    # Fields the delivery has no place for (a sheet from an older template without the column):
    # not "none", but not said. Read for ``tags`` (offerfile.merged_tags).
    unsent: set[str] = field(default_factory=set)
    codes: dict[str, str] = field(default_factory=dict)  # classification code → its meaning
    words: list[str] = field(default_factory=list)  # title and keywords, for topic rules
    runs: list[DateRun] = field(default_factory=list)  # every dated run, kept or skipped
    date_refs: list[str] = field(default_factory=list)  # the run ids behind each of data["dates"]
    provider: str | None = None  # the provider id, for catalogues of many providers
    provider_data: dict[str, Any] = field(default_factory=dict)  # that provider's record from the catalogue
    # The first day the catalogue no longer shows the course (open-Qcat: the day after ANNOUNCEMENT's
    # END_DATE), for ``expires``; None: the catalogue sets no end.
    expires: date | None = None

    def tell(self, text: str, ref: str = "") -> None:
        """A finding for the provider: something to fix or add in the catalogue."""
        self.findings.append(Finding(PROVIDER, text, ref))

    def tell_editors(self, text: str, ref: str = "") -> None:
        self.findings.append(Finding(EDITORS, text, ref))


@dataclass
class Catalog:
    format: str  # "openqcat" or "openvhs"
    label: str  # as editors know it: "open-Qcat", "Open-vhs"
    key_name: str  # the catalog's own key: "PRODUCT_ID", "guid"
    date: date | None
    full: bool  # a full delivery: whatever is missing has left the catalog
    deleted: set[str] = field(default_factory=set)
    replaced: set[str] = field(default_factory=set)  # a delta's courses deleted and sent anew
    remarks: list[str] = field(default_factory=list)  # what was read leniently, for the editors
    provider: dict[str, Any] = field(default_factory=dict)
    courses: list[Course] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    many_providers: bool = False  # each course names its own provider (Course.provider)
    # A delta's dates sent without their course: (the course by its key, with findings; its
    # ``runs.Run``s), for the engine to add to the offer file of that course.
    loose: list[tuple[Course, list[Any]]] = field(default_factory=list)
    search: bool = False  # a search's answer: some courses of some providers, neither whole nor a delta

    @property
    def kind(self) -> str:
        """What the file is, as the report names it."""
        return "Suchergebnis" if self.search else "vollständige Lieferung" if self.full else "Änderungslieferung"


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
        self.catalog_date: date | None = None  # for approvals that ran out before the delivery
        self.today: date | None = None  # the guide's day (--today): dates that ended before it are past
        self.topic_labels: dict[str, str] = {}  # the guide's topics: id → label (content/taxonomies.yaml)

    def miss(self, kind: str, code: str, meaning: str, hint: str) -> None:
        self.unmapped[Unmapped(kind, code, meaning or "Bedeutung unbekannt", hint)] += 1

    def region(self, postal_code: str) -> str | None:
        return region_for(postal_code, self.site.postal_codes)

    def topic(self, codes: dict[str, str], words: list[str]) -> list[str]:
        """The first rule whose code prefixes a course code, else the first whose keyword occurs
        in its words. The code is the provider's own classification of the course; a keyword is
        a guess from its words, which may mention another subject in passing (a fitness course
        of DVV category 3.02 tagged "Fragen auf Englisch" is no language course)."""
        ruled = self.rule_topic(codes, words)
        if ruled:
            return [ruled]
        hint = f"Thema aus --topic ({self.fallback_topic})" if self.fallback_topic else "Kurs ohne Thema übersprungen"
        for code, meaning in codes.items():
            self.miss("Klassifikation", code, meaning, f"keine Regel unter import.topics; {hint}")
        return [self.fallback_topic] if self.fallback_topic else []

    def rule_topic(self, codes: dict[str, str], words: list[str]) -> str | None:
        """The topic of the first rule that fits (see ``topic``), None without one."""
        plain_codes = {_squash(c) for c in codes}
        text = " ".join(words).casefold()
        for rule in self.settings.topics:
            if any(c.startswith(_squash(p)) for p in rule.codes for c in plain_codes):
                return rule.topic
        for rule in self.settings.topics:
            if any(k.casefold() in text for k in rule.keywords):
                return rule.topic
        return None

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

    def location(self, place: dict[str, Any], online: bool) -> tuple[dict[str, str] | None, Reason | None]:
        """The offer's location, or why the course is not for this guide (with what the provider
        can do about it, where it can: a place abroad or outside the regions stays where it is)."""
        postal = german_postal_code(place.get("postal_code", ""))
        where = " ".join(filter(None, [postal, place.get("city", "")]))
        country = place.get("country", "")
        if country and not is_germany(country):
            # A French 67000 or a Swiss 8000 is no German postal code: no region may take it.
            return None, None if online else Reason(f"Veranstaltungsort im Ausland ({country}: {where})")
        # A post office box (open-Qcat's BOXNO/ZIPBOX) takes letters, not participants.
        box = None if place.get("street") else place.get("box")
        if box and not online and (not re.fullmatch(r"\d{5}", postal) or self.region(postal) or place.get("region")):
            return None, Reason(f"nur ein Postfach angegeben ({box}), keine Adresse des Veranstaltungsorts", f"{_ADDRESS_FIX}, nicht nur das Postfach")
        if not re.fullmatch(r"\d{5}", postal):
            return None, None if online else _no_postal_code(postal, place)
        region = self.region(postal) or place.get("region")  # a spreadsheet may name it
        if region is None:
            return None, Reason(f"Veranstaltungsort außerhalb der Regionen ({where} passt zu keinem Eintrag unter postal_codes)")
        if not place.get("street") or not place.get("city"):
            lacking = [name for name, key in (("Straße", "street"), ("Ort", "city")) if not place.get(key)]
            said = f"{' und '.join(lacking)} {'fehlen' if len(lacking) > 1 else 'fehlt'}"
            return None, None if online else Reason(f"Anschrift des Veranstaltungsorts unvollständig ({where}: {said})", _ADDRESS_FIX)
        location: dict[str, Any] = {
            "name": one_line(place.get("name", ""), 120),
            "street": usual_case(one_line(place["street"], 120)),
            "postal_code": postal,
            "city": usual_case(one_line(place["city"], 80)),
            "region": region,
        }
        access = {k: v for k, v in (("wheelchair", place.get("wheelchair")), ("notes", place.get("access_notes"))) if v}
        if access:
            location["accessibility"] = access
        return {k: v for k, v in location.items() if v}, None

    def further_places(self, places: list[dict[str, Any]], first: dict[str, Any] | None) -> tuple[list[dict[str, Any]], bool]:
        """The places of one run besides its ``first`` (as ``location`` reads them), for the
        date's ``also_at``: each inside the guide's regions with a full address, once, and not
        the first again. And whether every place could be taken: one outside the regions or
        without an address is named only in the description (the importers' section
        "Veranstaltungsorte")."""
        taken: list[dict[str, Any]] = []
        every = True
        for place in places:
            location, why = self.location(place, online=False)
            if why is not None or location is None:
                every = False
            elif location != first and location not in taken:
                taken.append(location)
        return taken, every


def places_section(sites: list[str]) -> str:
    """The section "Veranstaltungsorte" a description ends with where the offer's places are
    not all fields of its dates (``Mapper.further_places``): every place in one line."""
    return "\n\n" + markdown([heading("Veranstaltungsorte"), *(Block("ul", 1, escape(site), site) for site in sites)])


# Words a town's or street's name keeps small inside it: "Frankfurt am Main", "Rothenburg ob der
# Tauber", "Freiburg i. Br.", "Straße des 17. Juni".
_SMALL_WORDS = frozenset(["a", "am", "an", "auf", "bei", "d", "das", "dem", "den", "der", "des", "die", "i", "im", "in", "ob", "u", "und", "unter", "v", "vom", "von", "vor", "zu", "zum", "zur"])


def usual_case(text: str) -> str:
    """A town or street a catalogue writes in capitals ("NEUHAUSEN", "AM MARKT 3", as
    KURSNET's exports often do) as it is written otherwise: "Neuhausen", "Am Markt 3".
    Anything with a small letter is left as the provider wrote it."""
    if any(c.islower() and c != "ß" for c in text) or sum(c.isalpha() for c in text) < 2:  # capitals keep ß: HAUPTSTRAßE
        return text

    def word(match: re.Match[str]) -> str:
        low = match[0].lower()
        if match.start() > 0 and text[match.start() - 1] == " " and low in _SMALL_WORDS:
            return low
        return low[:1].upper() + low[1:]

    return re.sub(r"[^\W\d_]+", word, text)


def _no_postal_code(postal: str, place: dict[str, Any]) -> Reason:
    """Why a place without a German postal code is none: no place at all, none given, or not five digits."""
    said = ", ".join(one_line(str(place.get(k) or ""), 80) for k in ("name", "street", "city") if str(place.get(k) or "").strip())
    if not postal and not said:
        return Reason("kein Veranstaltungsort angegeben (Straße, PLZ und Ort fehlen)", _ADDRESS_FIX)
    if not postal:
        return Reason(f"Postleitzahl des Veranstaltungsorts fehlt ({said})", "bitte die Postleitzahl des Veranstaltungsorts angeben")
    return Reason(f"Postleitzahl „{postal}“ des Veranstaltungsorts hat nicht fünf Ziffern", "bitte die fünfstellige Postleitzahl des Veranstaltungsorts angeben")


_GERMANY = {"d", "de", "deu", "ger", "deutschland", "germany", "bundesrepublik deutschland", "brd"}


def is_germany(country: str) -> bool:
    """Whether a catalogue's country ("DE", "D", "Deutschland", "DEU") is Germany."""
    return " ".join(country.replace(".", " ").split()).casefold() in _GERMANY


def german_postal_code(text: str) -> str:
    """A postal code as catalogues write it ("70 173", "D-70173", "DE 70173") without spaces
    and the country mark; anything else is returned without spaces, to be refused."""
    squashed = re.sub(r"\s", "", text)
    marked = re.fullmatch(r"(?:D|DE)-?(\d{5})", squashed, re.I)
    return marked[1] if marked else squashed


# --- Words for the guide's lists (a spreadsheet's "Förderung", a catalogue's level) ---------

_LEVEL_WORDS = (
    ("einstieg", ("einstieg", "einsteiger", "anfänger", "grundlagen", "grundstufe", "basis", "ohne vorkenntnisse")),
    ("aufbau", ("fortgeschritten", "aufbau", "mittelstufe", "mit vorkenntnissen", "vertiefung")),
    ("experte", ("experte", "expertin", "profi", "oberstufe", "spezialist")),
)


def level_of(text: str) -> str | None:
    """The contract's level for what a catalogue or a provider writes: "B1", "Grundlagen",
    "für Fortgeschrittene", "Experte"; None when the words say none of these."""
    folded = text.casefold().strip()
    if re.match(r"[abc][12]\b", folded):  # the language levels of the European framework
        return {"a": "einstieg", "b": "aufbau", "c": "experte"}[folded[0]]
    return next((level for level, words in _LEVEL_WORDS if any(w in folded for w in words)), None)


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[^\W_]+", text.casefold()))


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Whether ``part`` is a run of ``whole``'s words, or of its letters ("Aufstiegs-BAföG" and
    "AufstiegsBAföG")."""
    if not part:
        return False
    if any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1)):
        return True
    joined = "".join(part)
    return any("".join(whole[i:j]) == joined for i in range(len(whole)) for j in range(i + 1, len(whole) + 1))


class Vocabulary:
    """One of the guide's lists (funding, audiences, topics) as a provider names its entries
    in a spreadsheet cell: by id or label, by a run of the label's words ("Bildungszeit" for
    "Bildungszeit Baden-Württemberg", "§ 82 SGB III" for the programme that names it), or by a
    word of the same synonym group in the guide's search.yaml ("Meister-BAföG")."""

    def __init__(self, terms: list[tuple[str, str]], synonyms: list[list[str]] | None = None):
        self.terms = terms  # (id, label)
        self.labels = [label for _, label in terms]
        self._exact = {_words(label): term for term, label in terms} | {_words(term): term for term, _ in terms}
        self._groups: dict[tuple[str, ...], list[str]] = {}
        for group in synonyms or []:
            for word in group:
                self._groups.setdefault(_words(word), []).extend(w for w in group if w != word)

    def find(self, text: str) -> str | None:
        """The id ``text`` names, or None (unknown, or it fits several entries)."""
        said = _words(text)
        if said in self._exact:
            return self._exact[said]
        for form in (said, *map(_words, self._groups.get(said, []))):
            if form in self._exact:
                return self._exact[form]
            fitting = {term for term, label in self.terms if _within(form, _words(label))}
            if len(fitting) == 1:
                return fitting.pop()
        return None

    def split(self, text: str) -> tuple[list[str], list[str]]:
        """The ids a cell names (several, separated by ";", line breaks or commas) and the parts
        that name none. A label with a comma of its own is found whole first."""
        found: list[str] = []
        unknown: list[str] = []
        for part in filter(None, (p.strip() for p in re.split(r"[;\n•]+", text))):
            whole = self.find(part)
            if whole is not None:
                found.append(whole)
                continue
            for piece in filter(None, (p.strip() for p in re.split(r",(?![^()]*\))", part))):
                term = self.find(piece)
                if term is not None:
                    found.append(term)
                    continue
                # "Deutsch/Englisch", "Beschäftigte und Unternehmen": each, if each is known.
                smaller = [p.strip() for p in re.split(r"/|&|\bund\b|\bsowie\b", piece) if p.strip()]
                terms = [self.find(p) for p in smaller]
                if len(smaller) > 1 and None not in terms:
                    found.extend(t for t in terms if t is not None)
                else:
                    unknown.append(piece)
        return list(dict.fromkeys(found)), unknown


def _squash(code: str) -> str:
    """KURSNET codes come as 'C  8968-g32' or 'C 8968-g32': compare without spaces and case."""
    return re.sub(r"\s+", "", code).casefold()


# --- Contacts -------------------------------------------------------------------------------


def reach(email: str, tel: str | None, course: Course | None = None) -> dict[str, str]:
    """How to reach someone: a valid e-mail address ("info(at)anbieter.de" read as meant) and a
    phone number (as ``phone`` reads it). With ``course``, an address that is no valid one is
    told to the provider (it is left out)."""
    email = records.meant_email(email) or email
    found = {"email": email} if email and valid(records.Email, email) else {}
    if email and not found and course is not None:
        course.tell(f"E-Mail-Adresse „{email}“ ungültig; nicht übernommen")
    if tel:
        found["phone"] = tel
    return found


def reachable_contact(contact: dict[str, str], office: dict[str, str], course: Course, source: str, office_source: str) -> dict[str, str]:
    """The offer's contact, never a name alone: the offer's contact replaces the provider's on
    the page as a whole (DATA-CONTRACT), so a person named without mail or phone would hide the
    provider's. Such a name goes with the ``office``'s mail and phone (the person to ask, reached
    there), and the report says so; without an office to reach the provider's contact holds and
    the report names the person. ``source``: where the person stands (" (CONTACT)"), ``office_source``:
    whose mail and phone they are ("des Anbieters (SUPPLIER)")."""
    if set(contact) != {"name"}:
        return contact
    name = contact["name"]
    reach = {key: office[key] for key in ("email", "phone") if office.get(key)}
    if reach:
        course.tell_editors(f"Ansprechperson „{name}“{source} ohne E-Mail-Adresse und Telefonnummer; übernommen mit denen {office_source}")
        return {"name": name} | reach
    course.tell_editors(f"Ansprechperson „{name}“{source} ohne E-Mail-Adresse und Telefonnummer nicht übernommen: es gilt der Kontakt des Anbieters")
    return {}


# --- Keywords as the offer's search words (tags) ----------------------------------------------

# A category code, not a word: no lower-case letter and no space, and either no letter at all
# ("5.01") or six letters or more ("GESUNDHEIT", "ARBEIT-BERUF-EDV": the Berlin feed's programme
# areas). Short capitals are words people search for ("PC", "EDV", "B1", "B1.2", "HACCP").
_CODE = re.compile(r"[^\sa-zß]+")
# Several keywords in one element: "Excel; Word", "Excel, Word" (not the comma of "1,5").
_KEYWORD_LIST = re.compile(r"\s*(?:[;|\n\r]|,(?!\d))\s*")
TAG_LENGTH = 60  # the contract's Text60


def is_code(keyword: str) -> bool:
    letters = sum(c.isalpha() for c in keyword)
    return bool(_CODE.fullmatch(keyword)) and not any(c.islower() for c in keyword) and (letters == 0 or letters >= 6)


_STEMS = Stems()


def _hyphen_groups(text: str) -> list[list[str]]:
    """The folded words of ``text`` in groups joined by hyphens ("ECDL-Prüfung" → [ecdl, prüfung];
    "Kaufmann(-frau)" → [kaufmann, frau]); parentheses alone do not join ("Handelsfachwirt(in)"
    → [handelsfachwirt], [in]: "Handelsfachwirtin" is a word of its own)."""
    groups: list[list[str]] = []
    for token in fold(text).split():
        pieces = re.split(r"([^\W_]+)", token)  # separator, word, separator, word, …, separator
        parts, joins = pieces[1::2], pieces[2:-1:2]
        start = 0
        for i in range(len(parts)):
            if i == len(parts) - 1 or "-" not in joins[i]:
                groups.append(parts[start : i + 1])
                start = i + 1
    return groups


def _written_words(text: str) -> set[str]:
    """The stems of the words of ``text`` (as the search compares them: "Patienten" is
    "Patient"), and of the words its hyphens join, written without them (KURSNET repeats
    "ECDL-Prüfung" as "ECDLPrüfung")."""
    found: set[str] = set()
    for group in _hyphen_groups(text):
        found.update(group)
        found.update("".join(group[a:b]) for a in range(len(group)) for b in range(a + 2, len(group) + 1))
    return {_STEMS(w) for w in found}


def _new_words(keyword: str, known: set[str]) -> set[str]:
    """The stems of a keyword's words that ``known`` lacks, function words ("der", "für") left
    out; a hyphenated word is known when its parts are or when it is, written together
    ("Projekt-Management" beside "Projektmanagement")."""
    new: set[str] = set()
    for group in _hyphen_groups(keyword):
        if len(group) > 1 and _STEMS("".join(group)) in known:
            continue
        new.update(stem for stem in (_STEMS(w) for w in group if w not in STOPWORDS) if stem not in known)
    return new


def search_words(keywords: list[str], course: Course, mapper: Mapper) -> list[str]:
    """A catalogue's keywords (open-Qcat KEYWORD, Open-vhs schlagwort, the BA search's suchworte)
    as the offer's search words (``tags``): a list in one keyword split ("Excel; Word"), each at
    most 60 characters, each once. Left out: a category code (named once per delivery), and a
    keyword that says no word the title, the label of the guide's topic the import rules give
    the course (``Mapper.rule_topic``, else --topic) and the keywords of fewer words taken do
    not say already, as KURSNET makes them from the title ("Grundlagen der Buchhaltung" →
    "Grundlagen", "der", "Buchhaltung Grundlagen"): the search finds those words already, and
    the page would list them again under "Stichwörter". Words count by their stem, as the search
    compares them. The catalogue's own classification labels (``course.codes``) do not count:
    they are neither on the page nor in the search. Over-long keywords: one line per course."""
    topic = mapper.rule_topic(course.codes, [course.title, *keywords, *course.codes.values()]) or mapper.fallback_topic
    known = _written_words(" ".join([course.title, mapper.topic_labels.get(topic or "", "")]))
    words: list[str] = []
    for raw in keywords:
        for part in _KEYWORD_LIST.split(plain(raw)):
            word = one_line(part, 200)
            if not re.search(r"[^\W_]", word):
                continue
            if is_code(word):
                mapper.unmapped[Unmapped("Schlagwort", word, "", "sieht aus wie ein Code, nicht wie ein Wort; nicht als Suchwort (tags) übernommen")] += 1
            else:
                words.append(word)
    taken: set[str] = set()
    long: list[str] = []
    # The fewest words first: "Handelsfachwirtin IHK" adds nothing to "Handelsfachwirtin" and a title with "IHK".
    for word in sorted(dict.fromkeys(words), key=lambda w: len(_hyphen_groups(w))):
        if not _new_words(word, known):
            continue
        if len(word) > TAG_LENGTH:
            long.append(word)
            continue
        known |= _written_words(word)
        taken.add(word.casefold())
    tags: dict[str, str] = {}
    for word in words:  # in the catalogue's order, each as first written
        if word.casefold() in taken:
            tags.setdefault(word.casefold(), word)
    if len(long) == 1:
        course.tell_editors(f"Schlagwort „{shorten(long[0], TAG_LENGTH)}“ länger als {TAG_LENGTH} Zeichen; nicht als Suchwort (tags) übernommen")
    elif long:
        course.tell_editors(
            f"{len(long)} Schlagwörter länger als {TAG_LENGTH} Zeichen (etwa „{shorten(long[0], TAG_LENGTH)}“); nicht als Suchwort (tags) übernommen"
        )
    return list(tags.values())


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


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})")


def parse_date(text: str, zone: ZoneInfo | None = None) -> date | None:
    """xsd:date / xsd:dateTime, DD.MM.YYYY or DD.MM.YY. A dateTime with an offset is a moment:
    with ``zone``, its day there ("2027-02-28T23:00:00Z" is 1 March in Germany); otherwise,
    and without an offset, the date as written."""
    text = text.strip()
    if zone is not None and _MOMENT.fullmatch(text):
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(zone).date()
        except ValueError:
            pass  # an impossible moment: the date as written, if it is one
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text) or None
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif german := re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        parts = (int(german[3]), int(german[2]), int(german[1]))
    elif short := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2})", text):  # "01.02.27", as Excel shows it
        parts = (2000 + int(short[3]), int(short[2]), int(short[1]))
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


_DAY_IN_TEXT = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")


def days_in_text(text: str) -> list[date]:
    """The dates a remark names ("Termine: 12.04.2027, 19.04.2027 jeweils 17-20 Uhr"), sorted."""
    found = set()
    for day, month, year in _DAY_IN_TEXT.findall(text):
        try:
            found.add(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return sorted(found)


# "12.–16.04.2027", "12.04.–16.04.2027", "12.04. bis 16.04.27": the first day's month or year
# only with the last.
_SHORT_SPAN = re.compile(r"(?<![\d.])(\d{1,2})\.(?:(\d{1,2})\.)?\s*(?:-|–|bis)\s*(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")


_LISTED = re.compile(r"\d{4}\s*(?:[,;/]|und|&)\s*\d")  # "12.04.2027, 19.04.2027": days, not a span


def listed_days(text: str) -> list[date]:
    """The days a cell lists one by one ("12.04.2027, 19.04.2027, 26.04.2027"); [] for a span
    ("12.04.2027 - 16.04.2027") or a single day."""
    days = days_in_text(text)
    return days if len(days) >= 2 and _LISTED.search(text) and not re.search(r"\d\s*(?:-|–|bis)\s*\d", text) else []


def date_span(text: str) -> tuple[date, date] | None:
    """The first and last day of a span written in one cell ("12.04.2027 - 16.04.2027",
    "12.–16.04.2027", or days listed one by one); None for one day or none."""
    days = days_in_text(text)
    if len(days) >= 2:
        return days[0], days[-1]
    short = _SHORT_SPAN.search(text)
    if short is None:
        return None
    year = int(short[5]) + (2000 if len(short[5]) == 2 else 0)
    try:
        first = date(year, int(short[2] or short[4]), int(short[1]))
        last = date(year, int(short[4]), int(short[3]))
    except ValueError:
        return None
    if first > last:  # "28.12.–03.01.2027": the first day in the year before
        first = first.replace(year=year - 1)
    return first, last


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


def clock_of(text: str, zone: ZoneInfo) -> str | None:
    """The local time of day a date-time names ("2027-03-02T18:30:00" → "18:30"; an offset is
    converted into ``zone``, as ``parse_date`` converts the day); None for a date, and for
    midnight, which exporters write for a date without a time ("2027-03-02T00:00:00")."""
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](.+)", text.strip())
    day = parse_date(match[1]) if match else None
    if match is None or day is None:
        return None
    try:
        clock = parse_clock(match[2], day, zone)
    except ValueError:  # an impossible offset
        return None
    return None if clock == "00:00" else clock


def ended_before(entry: dict[str, Any], day: date | None) -> bool:
    """Whether a date (``start``, ``end``) ended before ``day``, as the build judges it: by its
    end, or its start when it has none."""
    last = entry.get("end") or entry.get("start")
    return day is not None and isinstance(last, date) and last < day


def checked_end(start: date, end: date | None, course: Course, ref: str) -> date | None:
    """A run's end when it is after its start; an end before the start is left out, and the
    report names both days as the provider wrote them (03.03.2027)."""
    if end is not None and end < start:
        course.tell(f"Termin {ref}: Ende {date_short(end)} liegt vor dem Beginn {date_short(start)}; Ende weggelassen", ref)
    return end if end is not None and end > start else None


def checked_deadline(start: date, deadline: date | None, course: Course, ref: str) -> date | None:
    """A run's registration deadline, unless it is after the start (left out, with a finding)."""
    if deadline is not None and deadline > start:
        course.tell(f"Termin {ref}: Anmeldeschluss {date_short(deadline)} liegt nach dem Beginn {date_short(start)}; weggelassen", ref)
        return None
    return deadline


def time_range(start: str | None, end: str | None) -> str | None:
    if start and end and end > start:
        return f"{start}-{end}"
    return start


# "08.00 - 15.00 Uhr", but not the dates in "10.09. - 19.09.2007".
_CLOCKS = re.compile(r"(?<![\d.])(\d{1,2})[.:](\d{2})\s*(?:Uhr)?\s*(?:-|–|bis)\s*(\d{1,2})[.:](\d{2})(?![.\d])")


# Hours with the word "Uhr", minutes on either side or none: "17-20 Uhr", "von 9 bis 16 Uhr",
# "18-19.30 Uhr".
_HOURS = re.compile(r"(?<![\d.:])(\d{1,2})(?:[.:](\d{2}))?\s*(?:-|–|bis)\s*(\d{1,2})(?:[.:](\d{2}))?\s*Uhr\b")


def clock_range(text: str) -> str | None:
    """The daily time a remark names ("08.00 - 15.00 Uhr" → "08:00-15:00", "17-20 Uhr" →
    "17:00-20:00"), if any."""
    cleaned = plain(text)
    clocks = _CLOCKS.search(cleaned)
    if clocks and int(clocks[1]) < 24 and int(clocks[3]) < 24:
        return time_range(f"{int(clocks[1]):02d}:{clocks[2]}", f"{int(clocks[3]):02d}:{clocks[4]}")
    hours = _HOURS.search(cleaned)
    if hours and int(hours[1]) < 24 and int(hours[3]) < 24 and int(hours[2] or 0) < 60 and int(hours[4] or 0) < 60:
        first, last = f"{int(hours[1]):02d}:{hours[2] or '00'}", f"{int(hours[3]):02d}:{hours[4] or '00'}"
        return time_range(first, last) if first < last else None
    return None


def parse_money(text: str) -> Decimal | None:
    """'82.8', '1.234,50', '99990.0' → Decimal with two places; None when it is no amount."""
    text = text.strip().replace("€", "").replace("EUR", "").strip()
    text = re.sub(r",\s*[-–]+$", "", text)  # "390,- €"
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d+", text):
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# An amount inside words: "390 € zzgl. MwSt.", "ab 1.290,50 EUR", "450 € / Person", "€ 1 200".
_MONEY_IN_TEXT = re.compile(
    r"(?<![\d.,])(?:(?:€|EUR)\s*)?(\d{1,3}(?:[.\s]\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?)(?:,[-–]+)?(?:\s*(?:€|EUR|Euro)\b|\s*€)?(?![\d.,]*\d)"
)


def money_in_text(text: str) -> tuple[Decimal, str] | None:
    """The one amount a price written in words names, and the words around it ("zzgl. MwSt.");
    None for none, or for several ("2 x 200 €", "390 € / 450 €": which one is meant?)."""
    found = list(_MONEY_IN_TEXT.finditer(text))
    if len(found) != 1:
        return None
    amount = parse_money(re.sub(r"(?<=\d)\s(?=\d{3})", "", found[0][1]))
    if amount is None:
        return None
    rest = (text[: found[0].start()] + " " + text[found[0].end() :]).strip(" ,;:()-–")
    return amount, " ".join(rest.split())


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


def plain(text: str) -> str:
    """Catalogue text without HTML tags and entities, for fields that are not Markdown."""
    if looks_like_html(text) or "&" in text:
        text = " ".join(b.plain for b in blocks(text if looks_like_html(text) else f"<p>{text}</p>"))
    return " ".join(text.split())


def one_line(text: str, limit: int) -> str:
    """Catalog text for a one-line field; KURSNET's heading mark '!' is dropped."""
    return shorten(plain(text).lstrip("!").strip(), limit)


def merged_text(parts: list[str], limit: int) -> str:
    """Several remarks fields as one line: each cleaned, repeats and empty ones left out."""
    seen: dict[str, str] = {}
    for part in parts:
        cleaned = plain(part).lstrip("!").strip()
        if cleaned and not any(cleaned.casefold() in s for s in seen):
            seen[cleaned.casefold()] = cleaned
    return shorten("; ".join(seen.values()), limit)


# --- Prices ---------------------------------------------------------------------------------

# A catalogue's 0 is "kostenfrei" only when its words say so: KURSNET writes 0.0 for every price
# it was not given, and "auf Anfrage" courses cost money.
_FREE = re.compile(
    r"kostenlos|kostenfrei|gebührenfrei|entgeltfrei|unentgeltlich|gratis"
    r"|(?:keine|ohne)\s+(?:teilnahme|kurs|lehrgangs|seminar)?(?:gebühr|kosten|entgelt)"
    r"|(?:teilnahme|kurs|lehrgangs|seminar)(?:gebühr|entgelt)\w*\s*:?\s*0(?:[.,]0+)?\s*(?:€|eur)"
    r"|\b0(?:[.,]0+)?\s*(?:€|eur\w*)\s*(?:teilnahme|kurs|lehrgangs|seminar)?(?:gebühr|entgelt)",
    re.I,
)
# ... but not when someone else pays: "mit Bildungsgutschein kostenfrei" is a priced course.
# ... or only for some ("für Teilnehmende mit Berechtigungsschein", "für Mitgliedsbetriebe").
_PAID_BY_OTHERS = re.compile(
    r"gutschein|förder|zuschuss|übernimmt|übernommen|erstatt|finanziert|kostenübernahme|mitglied|berechtigung"
    r"|anspruch|nachweis|bei vorlage|ermäßig|nur für|für teilnehmende mit|für personen mit|im rahmen",
    re.I,
)
# What the price says about VAT, as the contract's ``vat``; exempt first ("umsatzsteuerfrei" is
# no "inkl."), then plus, then included.
_VAT = (
    ("befreit", re.compile(r"(?:umsatz|mehrwert)steuer(?:frei|befreit)|(?:mwst|ust)[.-]?frei|§\s*4\s*nr\.?\s*21|von der (?:umsatz|mehrwert)steuer befreit", re.I)),
    ("zuzueglich", re.compile(r"\b(?:zzgl|zuzügl|zuzüglich|plus)\b\.?\s*(?:der\s+)?(?:gesetzl\w*\.?\s+)?(?:\d+\s*%\s*)?(?:mwst|ust|umsatzsteuer|mehrwertsteuer)|\bnetto\b", re.I)),
    ("enthalten", re.compile(r"\b(?:inkl|incl|inklusive|einschl|einschließlich)\b\.?\s*(?:der\s+)?(?:gesetzl\w*\.?\s+)?(?:\d+\s*%\s*)?(?:mwst|ust|umsatzsteuer|mehrwertsteuer)|\bbrutto\b", re.I)),
)


def vat_of(remarks: str) -> str | None:
    """'zuzueglich' for "zzgl. 19 % MwSt.", 'befreit' for "umsatzsteuerfrei nach § 4 Nr. 21
    UStG", 'enthalten' for "inkl. MwSt."; None when the words say nothing about it."""
    return next((vat for vat, said in _VAT if said.search(remarks)), None)
_ON_REQUEST = re.compile(r"anfrage|auf nachfrage|individuell|nach vereinbarung", re.I)

# Dates on request in words: "Termine nach Vereinbarung", "Beginn auf Anfrage", "Kurszeiten nach
# Absprache", "nach Vereinbarung – Termine individuell". A catalogue that says so lacks no dates.
DATES_ON_REQUEST = re.compile(
    r"\b(?:termine?|beginn|kursbeginn|kurszeiten|zeiten|uhrzeiten?|kurstage?)\b\W{0,3}(?:\w+\W+){0,3}?(?:nach|auf)\s+(?:vereinbarung|absprache|anfrage)"
    r"|\b(?:nach|auf)\s+(?:vereinbarung|absprache|anfrage)\W{0,3}(?:\w+\W+){0,2}?(?:termine?|beginn|zeiten)\b",
    re.I,
)

# A reduced price in words ("ermäßigt 80 €", "Sozialtarif"), in a cell and in a price type's name.
REDUCED_WORDS = r"ermäßig|ermässig|ermaessig|erm\.|reduziert|sozialtarif"


@dataclass(frozen=True)
class PriceKind:
    """What the name of a price type says (open-Qcat's own types "udp_…"): whom the price is for
    (``per``), VAT, a unit the contract has no field for (the note: "pro Tag"), and whether it is a
    reduced price, not the full one."""

    per: str | None = None
    vat: str | None = None
    unit: str = ""
    reduced: bool = False
    plain: bool = False  # says only that it is the normal price ("udp_standard", "udp_gesamt")

    @property
    def known(self) -> bool:
        return bool(self.per or self.vat or self.unit or self.reduced or self.plain)


# Words of a price type's name, as German and English exporters write them (separated by "_" or
# run together: "udp_tagespreis", "udp_group_price"); a short one only as a word of its own.
_NAME_UNITS = (
    ("Preis pro Unterrichtsstunde", r"(?<![a-z])(?:ustd|ue(?![a-z])|unterrichts?(?:stunde|einheit)|lesson)"),
    ("Tagespreis", r"(?<![a-z])(?:tag(?:es)?(?:preis|satz|(?![a-z]))|tage(?![a-z])|day|daily|t(?:ae|ä)glich)"),
    ("Preis pro Stunde", r"(?<![a-z])(?:std(?![a-z])|stunde|hour)"),
    ("Preis pro Woche", r"(?<![a-z])(?:woche|week)"),
    ("Preis pro Monat", r"(?<![a-z])(?:monat|month)"),
    # A firm's price is most often what a firm pays per person it sends, not one for a group.
    ("Preis für Firmen", r"(?<![a-z])(?:firm|company|corporate|betrieb)"),
)
_NAME_GROUP = re.compile(r"(?<![a-z])(?:grupp|group|inhouse)")
_NAME_PERSON = re.compile(r"(?<![a-z])(?:person|teilnehm|participant|pp(?![a-z])|tn(?![a-z]))")
_NAME_PLAIN = re.compile(r"(?<![a-z])(?:standard|normal|regul|voll|full|gesamt|total|list)")
_NAME_VAT = (
    ("befreit", re.compile(r"(?:vat|tax|ust|mwst)_?(?:free|exempt|frei)|exempt|befreit")),
    ("zuzueglich", re.compile(r"(?<![a-z])(?:net(?![a-z])|excl|exkl|plus_?vat)")),
    ("enthalten", re.compile(r"(?<![a-z])(?:gros(?:s)?(?![a-z])|incl|inkl)")),
)


def price_kind(name: str) -> PriceKind:
    """What a price type's name says: "udp_gruppenpreis_netto" is a price per group plus VAT,
    "udp_preis_pro_ue" one per lesson, "udp_ermaessigt" a reduced one. The words for VAT are
    those of a price's remark (``vat_of``: "netto", "inkl_mwst"), and English ones."""
    folded = name.casefold().removeprefix("udp_")
    spaced = folded.replace("_", " ")
    vat = vat_of(spaced) or next((v for v, said in _NAME_VAT if said.search(folded)), None)
    return PriceKind(
        per="gruppe" if _NAME_GROUP.search(folded) else "person" if _NAME_PERSON.search(folded) else None,
        vat=vat,
        unit=next((unit for unit, said in _NAME_UNITS if re.search(said, folded)), ""),
        reduced=bool(re.search(REDUCED_WORDS, folded) or re.search(r"(?<![a-z])(?:reduced|discount)", folded)),
        plain=bool(_NAME_PLAIN.search(folded)),
    )


def says_free(remarks: str) -> bool:
    return bool(_FREE.search(remarks)) and not _PAID_BY_OTHERS.search(remarks)


# A remark's amount that is not the course's whole price: a part, a rate, a reduced or a
# funded price, a lower bound ("ab 990 €"), a price per day or per hour.
_PART_PRICE = re.compile(
    r"\brate|monat|anzahlung|\bje\b|\bpro\b|\bab\b|\bbis\b|zuschuss|förder|erstatt|ermäßig|gutschein|"
    r"prüfung|anmeldegebühr|teilbetrag|stunde|tag\b|tage\b|\d\s*[x×]\s*\d",
    re.I,
)


def price_in_remarks(remarks: str) -> Decimal | None:
    """The price a catalogue gives in its remark only ("Lehrgangsgebühr 1.290,00 € inkl. MwSt."):
    the one amount written with €, EUR or Euro, where nothing says it is a part, a rate or
    someone else's share (``_PART_PRICE``); None when that is not certain."""
    said = [m for m in _MONEY_IN_TEXT.finditer(remarks) if re.search(r"€|eur", m[0], re.I)]
    if len(said) != 1 or _PART_PRICE.search(remarks):
        return None
    amount = parse_money(re.sub(r"(?<=\d)\s(?=\d{3})", "", said[0][1]))
    return amount if amount else None


def price_of(raw: str, remarks: str, currency: str, course: Course, ref: str = "", vat: str | None = None) -> dict[str, Any]:
    """The contract's price for a catalogue's amount and remarks: an amount, "kostenfrei"
    (0 said in words) or on request, with a finding for the provider when the catalogue
    gave no usable price. ``vat``: what the catalogue's price type says (open-Qcat's net
    and gross prices); the remarks' words come first."""
    remarks = one_line(remarks, 200)
    amount = parse_money(raw) if raw.strip() else None
    where = f"Termin {ref}: " if ref else ""
    price: dict[str, Any]
    if raw.strip() and amount is None:
        course.tell(f"{where}Preis „{raw.strip()}“ ist kein Betrag; als „Preis auf Anfrage“ übernommen", ref)
        price = {"on_request": True}
    elif amount is not None and (currency or "EUR").upper() not in ("EUR", "€"):
        course.tell(f"{where}Preis in {currency} statt Euro; als „Preis auf Anfrage“ übernommen", ref)
        price = {"on_request": True}
    elif not amount and not says_free(remarks) and (worded := price_in_remarks(remarks)) is not None:
        # No amount (or KURSNET's 0), but the remark names the price: that is the price.
        course.tell(f"{where}Preis nur in der Bemerkung ({format_money(worded)}); als Preis übernommen – bitte auch als Betrag liefern", ref)
        price = _amount(worded, remarks, vat)
    elif amount is None:
        if not _ON_REQUEST.search(remarks):
            course.tell(f"{where}Preis fehlt; als „Preis auf Anfrage“ übernommen", ref)
        price = {"on_request": True}
    elif amount == 0 and says_free(remarks):
        price = {"amount": 0}
    elif amount == 0:
        if not _ON_REQUEST.search(remarks):
            said = f" (Bemerkung: „{remarks}“)" if remarks else ""
            # "mit Bildungsgutschein kostenfrei" says the word, but only for some: no contradiction.
            course.tell(
                f"{where}Preis 0, „kostenfrei“ nur unter einer Bedingung{said}; als „Preis auf Anfrage“ übernommen – "
                "bitte den Preis ohne Förderung nennen"
                if _FREE.search(remarks)
                else f"{where}Preis 0 ohne das Wort „kostenfrei“{said}; als „Preis auf Anfrage“ übernommen – "
                "bitte den Preis nennen oder „kostenfrei“ dazuschreiben",
                ref,
            )
        price = {"on_request": True}
    else:
        price = _amount(amount, remarks, vat)
    if price.get("on_request"):
        course.missing.setdefault("price", remarks)
    if remarks and not (price.get("on_request") and _ON_REQUEST.search(remarks) and len(remarks) <= 40):
        price["note"] = remarks  # "Lehrgangsgebühr: auf Anfrage" only repeats the label
    return price


def _amount(amount: Decimal, remarks: str, vat: str | None) -> dict[str, Any]:
    """An amount as the contract's price, with what the remark (first) or the price type says of VAT."""
    price: dict[str, Any] = {"amount": number(amount)}
    taxed = vat_of(remarks) or vat
    if taxed is not None:
        price["vat"] = taxed
    return price


def price_range_note(amounts: list[Decimal]) -> str:
    """'je nach Termin 29.528,36 bis 35.464,50 €' – money as visitors read it."""
    low, high = min(amounts), max(amounts)
    return f"je nach Termin {format_number(low)} bis {format_money(high)}"


# --- What a catalogue sends and no field takes ------------------------------------------------


def unread_paths(element: Element, read: frozenset[str], path: str = "") -> Iterator[str]:
    """The paths below ``element`` (itself at ``path``) that carry a value and are not ``read``:
    ``read`` holds paths ("A/B") and, ending in "/", paths whose whole subtree is read ("A/B/")."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment
        below = f"{path}{child.tag}"
        if below + "/" in read:
            continue
        if below not in read:
            if (child.text or "").strip():
                yield below  # with its attributes: EDUCATION_TYPE type="14" says "Fortbildung/Qualifizierung"
            else:
                yield from (f"{below}@{name}" for name in child.attrib)
        yield from unread_paths(child, read, below + "/")


def unread_lines(
    found: dict[str, list[str]],
    key_name: str,
    bookkeeping: frozenset[str] = frozenset(),
    shown: Callable[[str], str] = str,
    read_elsewhere: frozenset[str] = frozenset(),
    counted: Callable[[list[str]], str] | None = None,
) -> list[str]:
    """The report's lines for what no field takes: each path (``shown`` as editors read it) once.

    A path no field reads anywhere (no course's data could take it) is the import's limit, not a
    course's: sent by more than three records it is named once with their number ("in 50 Kursen
    und 31 Terminen", ``counted``), not with their keys. A path some courses' fields do read
    (``read_elsewhere``: the office's mail where a course names no person) and a path of three
    records or fewer name the records that send it (by their ``key_name``, the first three).
    Paths whose last element is ``bookkeeping`` (ids, record types; also an attribute of one)
    stand in one line of their own."""
    lines, technical = [], []
    for path, keys in sorted(found.items()):
        if path.rsplit("/", 1)[-1].split("@", 1)[0] in bookkeeping:
            technical.append(shown(path))
            continue
        if len(keys) > 3 and path not in read_elsewhere:
            lines.append(f"nicht übernommen (kein Feld eines Angebots): {shown(path)} – in {counted(keys) if counted else courses_count(len(keys))}")
            continue
        more = f" und {len(keys) - 3} weitere" if len(keys) > 3 else ""
        lines.append(f"nicht übernommen (kein Feld eines Angebots): {shown(path)} – {key_name} {', '.join(keys[:3])}{more}")
    if technical:
        lines.append(f"nicht übernommen (Verwaltungsangaben des Katalogs): {', '.join(technical)}")
    return lines


def courses_count(courses: int, dates: int = 0) -> str:
    """'1 Kurs', '50 Kursen und 31 Terminen', '4 Terminen' (after "in")."""
    parts = [f"{courses} {'Kurs' if courses == 1 else 'Kursen'}" if courses else "", f"{dates} {'Termin' if dates == 1 else 'Terminen'}" if dates else ""]
    return " und ".join(filter(None, parts))


# --- Group size -----------------------------------------------------------------------------------


def count_of(raw: str) -> int | None:
    """A number of participants as catalogues write it ("12"); None for none, 0 or -1 ("unknown")."""
    raw = raw.strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def size_words(low: int | None, high: int | None) -> str:
    """'mindestens 6, höchstens 12 Teilnehmende'."""
    parts = [f"mindestens {low}" if low else "", f"höchstens {high}" if high else ""]
    return f"{', '.join(filter(None, parts))} Teilnehmende"


def group_size(low: int | None, high: int | None) -> list[Block]:
    """The smallest and largest group (no field of an offer) as a section "Teilnehmerzahl" of the
    description; [] for neither."""
    if not low and not high:
        return []
    words = size_words(low, high)
    return [heading("Teilnehmerzahl"), paragraph(words[0].upper() + words[1:])]
