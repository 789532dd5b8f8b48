"""Step 2: check every loaded document against ``records`` and across files.

Nothing stops at the first defect: every problem of every file is collected, each pointing
at the line and column of the value that causes it, so an editor fixes a pull request in
one pass.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar, cast, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import kinds, records
from .german import LAENDER, as_id, iso_date_of, land
from .introspect import annotation_of, by_key, keys_at, section_at, sections_with_rules, value_type
from .kinds import KINDS, RecordKind, declared_ids
from .load import Document, PageSource, Sources, Table, dotted, front, lookalike_space, without_lookalikes, yaml_quoted
from .postal import Regions, written_code, written_table
from .problems import Problem
from .records import TERM_KINDS, closest, number_hint, price_meant, shown, unseen, written_number

M = TypeVar("M", bound=BaseModel)


@dataclass
class Valid:
    """The records that passed, keyed by id, in path order."""

    site: records.Site | None = None
    taxonomies: records.Taxonomies | None = None
    providers: dict[str, records.Provider] = field(default_factory=dict)
    advisory_points: dict[str, records.AdvisoryPoint] = field(default_factory=dict)
    offers: dict[str, records.Offer] = field(default_factory=dict)
    pages: dict[str, tuple[records.PageFront, str]] = field(default_factory=dict)
    search: records.SearchWords | None = None
    paths: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> file
    school_holidays: tuple[records.SchoolHoliday, ...] = ()  # content/schulferien.csv's rows, in file order


def _empty(doc: Document) -> bool:
    """A whole file with nothing but blanks and comments (a page's front matter may be empty)."""
    return not doc.data and not doc.line_offset and all(not line.strip() or line.lstrip().startswith("#") for line in doc.text.splitlines())


MISSING = "Pflichtfeld fehlt"
EMPTY = "darf nicht leer sein"


def _range(ctx: dict[str, Any], unit: str) -> str:
    low, high = ctx.get("min_length"), ctx.get("max_length")
    if low and high:
        return f"{low}–{high} {unit}"
    if high:
        return f"höchstens {high} {unit}"
    return f"mindestens {low} {unit}"


# Field names are English; editors write German ones. Each German name (folded: lower case,
# umlauts as ae/oe/ue, ß as ss, no blanks, hyphens or underscores) with the fields it may mean,
# the first one that exists where it stands wins ("Ort" is an offer's location, a provider's
# address, and the city within either).
_GERMAN_FIELDS: dict[str, tuple[str, ...]] = {}
for _names, _fields in (
    ("titel ueberschrift kurstitel bezeichnung kursname", ("title", "name")),
    ("kurzbeschreibung zusammenfassung kurztext teaser untertitel anreisser", ("summary",)),
    ("beschreibung inhalt inhalte kursinhalt kursinhalte langtext details", ("description",)),
    ("preis preise kosten gebuehr gebuehren kursgebuehr kursgebuehren entgelt teilnahmegebuehr", ("price",)),
    ("betrag summe euro", ("amount",)),
    ("mwst ust mehrwertsteuer umsatzsteuer steuer", ("vat",)),
    ("aufanfrage anfrage", ("on_request", "dates_on_request")),
    ("hinweis hinweise anmerkung anmerkungen bemerkung bemerkungen notiz", ("note", "opening_note", "notes")),
    ("ort adresse anschrift veranstaltungsort kursort standort lernort", ("location", "address", "city")),
    ("strasse str hausnummer", ("street",)),
    ("plz postleitzahl", ("postal_code",)),
    ("stadt gemeinde wohnort", ("city",)),
    ("landkreis kreis bezirk", ("region",)),
    ("raum gebaeude", ("name",)),
    ("barrierefreiheit barrierefrei rollstuhlgerecht", ("accessibility", "wheelchair")),
    ("termine termin kurstermine daten datum", ("dates",)),
    ("beginn start anfang startdatum beginndatum kursbeginn von", ("start", "from")),
    ("ende enddatum kursende bis", ("end", "to")),
    ("uhrzeit uhrzeiten zeit zeiten kurszeiten", ("time",)),
    ("tage wochentage wochentag", ("days",)),
    ("zeitplan rhythmus turnus", ("schedule",)),
    ("anmeldeschluss anmeldefrist", ("registration_deadline",)),
    ("freieplaetze plaetze restplaetze", ("seats_available",)),
    ("quereinstieg spaetereinstieg", ("late_entry",)),
    ("dauer umfang kursdauer", ("duration",)),
    ("stunden unterrichtsstunden", ("hours",)),
    ("sprache sprachen unterrichtssprache kurssprache", ("languages",)),
    ("link links webseite website homepage internet internetseite webadresse", ("url",)),
    ("stichworte stichwoerter schlagworte schlagwoerter suchbegriffe suchwoerter keywords", ("tags",)),
    ("themen thema kategorie kategorien themenbereich themenbereiche fachbereich", ("topics",)),
    ("zielgruppe zielgruppen", ("audiences",)),
    ("anbieter traeger bildungstraeger veranstalter", ("provider",)),
    ("aktualisiert stand geaendert aenderungsdatum geprueft", ("updated",)),
    ("ablauf ablaufdatum gueltigbis", ("expires", "valid_until")),
    ("foerderung foerderungen foerdermoeglichkeiten zuschuss zuschuesse", ("funding",)),
    ("ausgenommen ausgenommene ausnahmen ausgeschlossen ausgenommenefoerderung ausgenommenefoerderprogramme", ("excluded_funding",)),
    ("voraussetzungen voraussetzung zugangsvoraussetzungen", ("prerequisites",)),
    ("abschluss abschluesse zertifikat zertifikate zertifizierung zertifizierungen", ("certificate", "certifications")),
    ("niveau stufe", ("level",)),
    ("lernform unterrichtsform veranstaltungsform kursform", ("format",)),
    ("entwurf", ("draft",)),
    ("firmenschulung inhouseschulung", ("inhouse",)),
    ("kontakt ansprechpartner ansprechpartnerin ansprechperson", ("contact",)),
    ("email mail emailadresse", ("email",)),
    ("telefon tel telefonnummer fon", ("phone",)),
    ("leichtesprache", ("summary_easy",)),
    ("jederzeit laufendereinstieg", ("on_demand",)),
    ("oeffnungszeiten sprechzeiten", ("opening_hours",)),
    ("terminvereinbarung", ("appointment",)),
    ("kostenlos kostenfrei", ("free_of_charge",)),
    ("art typ", ("kind",)),
    ("organisation", ("organisation",)),
    ("leistungen angebote", ("services",)),
    ("betreuer verantwortliche pflegende", ("maintainers",)),
    ("anerkennungen zulassungen", ("recognitions",)),
):
    for _name in _names.split():
        _GERMAN_FIELDS[_name] = _fields


def _folded_key(key: str) -> str:
    return re.sub(r"[\s_\-.]+", "", key.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"))


# The same thing under another name in another kind of record: a provider's ``name`` is an
# offer's ``title``, its ``address`` an offer's ``location``.
_EQUIVALENTS = {"name": "title", "title": "name", "address": "location", "location": "address"}


def _english(key: str, model: type[BaseModel], where: tuple[Any, ...]) -> tuple[str, str | None] | None:
    """The field a German field name means here: (field, None) when it is allowed where it
    stands, (field, section) when it belongs in a section there; None when none of its fields fits."""
    allowed = keys_at(model, where)
    section = section_at(model, where)
    below = {name: by_key(spec.model) for name, spec in (by_key(section) if section is not None else {}).items() if spec.model is not None}
    for field_ in _GERMAN_FIELDS.get(_folded_key(key), ()):
        if field_ == key:
            continue
        if field_ in allowed:
            return field_, None
        home = next((name for name, keys in below.items() if field_ in keys), None)
        if home is not None:
            return field_, home
    return None


def _other_kind(key: str, model: type[BaseModel], where: tuple[Any, ...]) -> str | None:
    """For a top-level field of another kind of record: which kinds have it, and what this one calls it."""
    if where:
        return None
    elsewhere = [kind for kind in KINDS if kind.many and kind.model is not model and key in by_key(kind.model)]
    if not elsewhere:
        return None
    own = next((kind for kind in KINDS if kind.model is model), None)
    plurals = " und ".join(dict.fromkeys(_dative(kind.plural) for kind in elsewhere))
    equivalent = _EQUIVALENTS.get(key)
    if own is not None and equivalent in by_key(model):
        return f"unbekanntes Feld: bei {_dative(own.plural)} heißt es '{equivalent}' ('{key}' gibt es bei {plurals})"
    return f"unbekanntes Feld: '{key}' gibt es nur bei {plurals}{'' if own is None else ', nicht bei ' + _dative(own.plural)}"


def _dative(plural: str) -> str:
    """'Angebote' -> 'Angeboten', 'Anbieter' -> 'Anbietern' (after 'bei')."""
    return plural + "n" if plural.endswith(("e", "er")) else plural


def _flattened(key: str, sections: dict[str, type[BaseModel]], depth: int = 3) -> tuple[str, ...] | None:
    """The path of a field inside ``sections`` that ``key`` writes as one name, as a spreadsheet's
    column or an export would ("price_on_request", "location.city",
    "location_accessibility_wheelchair"); None for none."""
    wanted = _folded_key(key)
    for name, inner in sections.items():
        if not wanted.startswith(_folded_key(name)):
            continue
        for sub, spec in by_key(inner).items():
            if _folded_key(name + sub) == wanted:
                return name, sub
            if spec.model is not None and depth > 1:
                deeper = _flattened(key[len(name):].lstrip("_-. "), {sub: spec.model}, depth - 1)
                if deeper is not None and _folded_key(name + "".join(deeper)) == wanted:
                    return (name, *deeper)
    return None


def _unknown_key(key: str, model: type[BaseModel], where: tuple[Any, ...]) -> str:
    """Why ``key`` is not allowed at ``where``, with the likeliest fix: an invisible character
    in it, the English name of a German one, what this kind of record calls a field of another
    kind, a section it belongs under (or above), a close spelling, else the allowed keys."""
    allowed = keys_at(model, where)
    space = lookalike_space(key)
    if space is not None and without_lookalikes(key) in allowed:
        return f"im Feldnamen steht das unsichtbare Zeichen {space}; bitte den Feldnamen löschen und neu tippen"
    english = _english(key, model, where)
    if english is not None:
        field_, home = english
        if home is None and closest(key, allowed, cutoff=0.5) == field_:
            return f"unbekanntes Feld; meinten Sie '{field_}'?"  # a typo as much as German: "titel"
        inside = f" im Abschnitt {home}: (darunter eingerückt)" if home else ""
        return f"unbekanntes Feld; meinten Sie '{field_}'{inside}? Die Feldnamen sind englisch."
    section = section_at(model, where)
    sections = {name: spec.model for name, spec in (by_key(section) if section is not None else {}).items() if spec.model is not None}
    flat = _flattened(key, sections)
    if flat is not None and key not in allowed:
        return f"unbekanntes Feld; meinten Sie '{flat[-1]}' im Abschnitt {' → '.join(p + ':' for p in flat[:-1])} (darunter eingerückt)?"
    homes = [name for name, inner in sections.items() if key in by_key(inner)]
    other = _other_kind(key, model, where)
    if other is not None and (not homes or _EQUIVALENTS.get(key) in allowed):
        return other + (f"; im Abschnitt {' oder '.join(h + ':' for h in homes)} ist '{key}' erlaubt" if homes else "")
    if homes and key not in allowed:
        return f"gehört in den Abschnitt {homes[0]}: – bitte darunter eingerückt schreiben"
    outer = tuple(where[:-2] if len(where) > 1 and isinstance(where[-1], int) else where[:-1])
    if where and key in keys_at(model, outer):
        return f"gehört nicht in den Abschnitt {where[-2] if isinstance(where[-1], int) else where[-1]}: – bitte weniger weit einrücken"
    close = closest(key, allowed, cutoff=0.5)
    if close:
        return f"unbekanntes Feld; meinten Sie '{close}'?"
    return f"unbekanntes Feld; erlaubt sind: {', '.join(allowed)}"


def _section_hint(loc: tuple[Any, ...], value: Any, model: type[BaseModel] | None = None) -> str:
    """What a price written on one line means as its section: 'price: 490 €' is 'amount: 490'
    indented below, 'price: auf Anfrage' is 'on_request: true'. A list of places where one
    belongs: each date has its own; a date where a date's section belongs: its 'start'."""
    if model is not None and loc[-1:] == ("location",) and isinstance(value, list) and "location" in keys_at(model, (*loc[:-1], "dates", 0)):
        return "; für mehrere Orte bitte jedem Termin unter dates: einen eigenen 'location:' geben (gleiche Felder)"
    if model is not None and loc and isinstance(loc[-1], int) and isinstance(value, str) and "start" in keys_at(model, loc):
        day = value.strip() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) else iso_date_of(value)
        if day:
            return f"; ein Termin ist ein Abschnitt: '- start: {day}' und eingerückt darunter, wo nötig, 'end:' und 'time:'"
    if not loc or loc[-1] != "price" or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    text = str(value).strip()
    meant = price_meant(text)
    if meant == "on_request":
        return "; für einen Preis auf Anfrage bitte so schreiben: 'price:' und eingerückt darunter 'on_request: true'"
    if meant == "0":
        return "; kostenfrei bitte so schreiben: 'price:' und eingerückt darunter 'amount: 0'"
    number = written_number(text)
    if number is None:
        return ""
    return f"; bitte so schreiben: 'price:' und eingerückt darunter 'amount: {number[0]}' (dazu, wo nötig, 'vat:' und 'note:')"


def _without_dates(model: type[BaseModel], loc: tuple[Any, ...], value: Any) -> str:
    """'dates: laufend' or a start 'ab sofort', 'auf Anfrage': words for the flags a record with
    dates has for having none, as '; …' for the end of a message, or ''."""
    where = loc[: loc.index("dates")] if "dates" in loc else None
    if where is None or not isinstance(value, str) or not {"on_demand", "dates_on_request"} <= set(keys_at(model, where)):
        return ""
    folded = value.casefold()
    if re.search(r"anfrage|vereinbarung|noch offen|steht noch nicht fest|\btba\b|\bnn\b", folded):
        return "; stehen die Termine noch nicht fest, statt dates bitte 'dates_on_request: true' mit 'expires' schreiben"
    if re.search(r"laufend|jederzeit|sofort|fortlaufend|permanent|ständig|flexibel|individuell|regelmäßig", folded):
        return "; bei Beginn jederzeit (laufender Einstieg) statt dates bitte 'on_demand: true' schreiben"
    return ""


def _choices(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str] | None:
    """The fixed values the field at ``loc`` (or each item of its list) may take, or None."""
    names = [part for part in loc if isinstance(part, str)]
    section = section_at(model, loc[:-1] if not isinstance(loc[-1], int) else loc[:-2]) if names else None
    spec = by_key(section).get(names[-1]) if section is not None else None
    if spec is None:
        return None
    kind = value_type(annotation_of(spec))
    return [str(v) for v in get_args(kind)] if get_origin(kind) is Literal else None


def _chosen(text: str, allowed: list[str]) -> list[str] | None:
    """What ``text`` names of the ordered ``allowed``: itself, a range of them ('mo-fr', 'Mo bis
    Fr'), or the one it is a slip or another word for."""
    def one(word: str) -> str | None:
        word = word.strip().casefold()
        named = records.meant_values(word, allowed)
        return word if word in allowed else closest(word, allowed, cutoff=0.5) or (named[0] if len(named) == 1 else None)

    span = re.fullmatch(r"\s*(\S+?)\s*(?:-|–|bis)\s*(\S+)\s*", text)
    if span is not None and (first := one(span.group(1))) is not None and (last := one(span.group(2))) is not None:
        low, high = allowed.index(first), allowed.index(last)
        return allowed[low : high + 1] if low < high else None
    found = one(text)
    return [found] if found is not None else None


def _list_hint(model: type[BaseModel], loc: tuple[Any, ...], value: Any) -> str:
    """'topics: it' for 'topics: [it]', 'days: Mo-Fr' for 'days: [mo, di, mi, do, fr]': how the
    list is written, its entries as the field takes them where it has fixed values."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if section_at(model, loc) is not None:  # a list of sections ('dates'): no entry is a word
        return _without_dates(model, loc, value)
    allowed = _choices(model, loc)
    # Fixed values have no 'und' of their own ('Montag und Mittwoch'); a name ('Büro und EDV') may.
    items = [part for part in re.split(r"\s*(?:[,;]|\bund\b|&)\s*" if allowed else r"\s*[,;]\s*", value.strip()) if part]
    if allowed:
        chosen = [_chosen(item, allowed) for item in items]
        if any(c is None for c in chosen):
            return ""
        items = [choice for c in chosen for choice in c or ()]
    return f"; bitte so schreiben: [{', '.join(items)}]"


def _colon_hint(value: Any) -> str:
    """'tags: [Excel: Basis]' or '- Excel: Basis': YAML reads text with ': ' as a field and its
    value; in quotes it stays the text."""
    if not isinstance(value, dict) or len(value) != 1:
        return ""
    (key, inner), = value.items()
    if not isinstance(key, str) or not isinstance(inner, (str, int, float)) or isinstance(inner, bool):
        return ""
    return f"; gehört der Doppelpunkt zum Text, bitte in Anführungszeichen: {yaml_quoted(f'{key}: {inner}')}"


def _message(error: dict[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), model, loc[:-1])
    if kind == "missing":
        return MISSING if error["msg"] == "Field required" else str(error["msg"])
    if kind in ("string_type", "string_sub_type"):
        return EMPTY if value is None else f"muss Text sein, gefunden: {shown(value)}{_colon_hint(value)}"
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return EMPTY
        return f"muss {_range(ctx, 'Zeichen')} lang sein, gefunden: {len(str(value).strip())} Zeichen"
    if kind == "string_too_long":
        return f"darf höchstens {ctx.get('max_length')} Zeichen lang sein, gefunden: {len(str(value).strip())} Zeichen"
    if kind in ("too_short", "too_long"):
        return f"muss {_list_range(ctx)} haben, gefunden: {ctx.get('actual_length')}"
    if kind == "list_type":
        return f"muss eine Liste sein (Einträge mit '- '), gefunden: {shown(value)}{_list_hint(model, loc, value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"muss ein Abschnitt mit eingerückten Feldern sein, gefunden: {shown(value)}{_section_hint(loc, value, model)}"
    if kind in ("bool_type", "bool_parsing"):
        said = {"ja": "true", "j": "true", "nein": "false", "n": "false", "wahr": "true", "falsch": "false", "x": "true",
                "yes": "true", "y": "true", "no": "false", "on": "true", "off": "false", "an": "true", "aus": "false"}
        meant = said.get(value.strip().casefold()) if isinstance(value, str) else None
        return f"muss true oder false sein, gefunden: {shown(value)}" + (f"; für '{str(value).strip()}' bitte {meant} schreiben" if meant else "")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"muss eine ganze Zahl sein, gefunden: {shown(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"muss eine Zahl sein, gefunden: {shown(value)}{number_hint(value) if isinstance(value, str) else ''}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        limit = next(iter(v for k, v in ctx.items() if k in ("ge", "gt", "le", "lt")), "")
        return f"muss {sign} {limit} sein, gefunden: {shown(value)}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        span = _chosen(str(value), allowed) if loc and isinstance(loc[-1], int) and re.search(r"[-–]|\bbis\b", str(value)) else None
        if span is not None and len(span) > 1:  # 'days: [mo-fr]': each day its own entry
            return f"muss einer dieser Werte sein: {', '.join(allowed)}; gefunden: {shown(value)}; bitte jeden Wert einzeln schreiben: {', '.join(span)}"
        guess = closest(str(value), allowed, cutoff=0.5)
        named = [guess] if guess else records.meant_values(str(value), allowed)
        hint = f"; meinten Sie {' oder '.join(repr(m) for m in named)}?" if named else ""
        return f"muss einer dieser Werte sein: {', '.join(allowed)}; gefunden: {shown(value)}{hint}"
    if kind == records.CUSTOM_ERROR + "month" and loc[-3:-2] == ("dates",) and loc[-1] == "start":
        # An offer whose day is not fixed yet has the contract's way to say so.
        return f"{error['msg']}; steht er noch nicht fest, den Termin weglassen (ein Angebot ohne Termine: 'dates_on_request: true' mit 'expires')"
    if kind == records.CUSTOM_ERROR + "date" and loc[-3:-2] == ("dates",) and loc[-1] == "start":
        return str(error["msg"]) + _without_dates(model, loc, value)
    if kind.startswith(records.CUSTOM_ERROR):
        return str(error["msg"])  # our own German messages (PydanticCustomError)
    return f"ungültiger Wert: {shown(value)}"


def _list_range(ctx: dict[str, Any]) -> str:
    low, high = ctx.get("min_length"), ctx.get("max_length")
    if low and high:
        return f"{low} bis {high} Einträge"
    if high:
        return f"höchstens {high} Einträge"
    return "mindestens 1 Eintrag" if low == 1 else f"mindestens {low} Einträge"


def _suggested(item: dict[str, Any], model: type[BaseModel]) -> tuple[Any, ...] | None:
    """For an unknown field with a close known name (or the German name of a field allowed
    there, or what another kind of record calls it), the location of that known name."""
    loc = tuple(item["loc"])
    key, where = str(loc[-1]), loc[:-1]
    english = _english(key, model, where)
    if english is not None:
        return (*where, english[0]) if english[1] is None else (*where, english[1], english[0])
    allowed = keys_at(model, where)
    if not where and _EQUIVALENTS.get(key) in allowed and _other_kind(key, model, where):
        return (_EQUIVALENTS[key],)
    close = closest(key, allowed, cutoff=0.5)
    return (*where, close) if close else None


def to_problems(error: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    problems = []
    items = error.errors(include_url=False)
    # 'titel' for 'title' is one mistake: the hint names the field, so its "missing" goes unsaid.
    misspelt = {_suggested(dict(i), model) for i in items if i["type"] == "extra_forbidden"}
    for item in items:
        loc = tuple(item["loc"])
        if item["type"] == "missing" and loc in misspelt:
            continue
        if item["type"] == "missing" and loc:
            line, col = doc.missing_position(loc)
        elif item["type"] == "extra_forbidden":
            line, col = doc.key_position(loc)
        else:
            line, col = doc.position(loc)
        override = (item.get("ctx") or {}).get("field")
        if override:  # a rule about another field names that field (its sibling, or a child)
            loc = (*loc[:-1], override) if loc else (override,)
        path = dotted(loc)
        message = _message(dict(item), model, tuple(item["loc"]))
        if item["type"] not in ("missing", "extra_forbidden"):
            message += _pasted(item.get("input"), message)
        problems.append(Problem(doc.path, line, col, path, message))
    return problems


_WORD_QUOTES = "“”„‟«»‚‘’‹›"


def _pasted(value: Any, message: str) -> str:
    """What a value copied from Word or a web page carries that an editor does not see as the
    cause: invisible characters, typographic quotes around it."""
    if not isinstance(value, str):
        return ""
    notes = []
    names = [name for name in unseen(value) if name not in ("Zeilenumbruch", "Zeilenrücklauf", "Tabulator")]
    if names and "unsichtbare" not in message:
        which = "ein unsichtbares Zeichen" if len(names) == 1 else "unsichtbare Zeichen"
        notes.append(f"darin steht {which} ({', '.join(names)}), oft aus Word oder einer Webseite kopiert: bitte löschen")
    text = value.strip()
    if text and (text[0] in _WORD_QUOTES or text[-1] in _WORD_QUOTES):
        notes.append(f"die Anführungszeichen {text[:1] if text[:1] in _WORD_QUOTES else text[-1:]} kommen aus der Textverarbeitung: bitte weglassen oder gerade Anführungszeichen \" verwenden")
    return "".join("; " + note for note in notes)


def rule_problems(model: type[BaseModel], doc: Document) -> list[Problem]:
    """The broken ``records.Rule``s of a file, in every section they apply to, each at the
    value it names (or the line of the section that lacks it)."""
    found: list[Problem] = []
    for section, loc, data in sections_with_rules(model, doc.data):
        for rule in section.rules:  # type: ignore[attr-defined]
            for where, message in rule.findings(data):
                place = (*loc, *where)
                line, col = doc.position(place) if where[0] in data else doc.missing_position(place)
                found.append(Problem(doc.path, line, col, dotted(place), message))
    return found


@dataclass
class Run:
    """One folder kind's files as last checked: each file, its id, what it stored (a record,
    or a page's record and body; None for none) and the problems it gave."""

    refs_key: Any
    items: list[Any]
    stems: list[str]
    stored: list[Any]
    problems: dict[int, list[Problem]]  # by position, only files with problems
    # The valid providers' ids, and per offer its folder check: a problem, False for none, None
    # for not yet asked.
    folders: tuple[Any, list[Problem | bool | None]] | None = None
    store: dict[str, Any] | None = None  # the stored ones by id, in file order
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    misfiled: dict[int, Problem] = field(default_factory=dict)  # the folder checks that found one
    # Offers: the positions of those that leave programmes of their provider out
    # (excluded_funding); None for not yet looked for.
    excluding: set[int] | None = None


class Memo:
    """The live preview's memory of checked documents: a document read again is checked again.

    A result is reused only for the very same document object (the reader hands out the same
    object while a file is unchanged) and the same set of declared ids it was checked against.
    ``runs`` keeps each folder kind's outcome, so a few changed files among 10,000 are checked
    and folded in without going over the others one by one.
    """

    def __init__(self) -> None:
        self.results: dict[tuple[type[BaseModel], int], tuple[Document, Any, Any, list[Problem]]] = {}
        self.refs_key: Any = None
        self.runs: dict[str, Run] = {}

    def get(self, model: type[BaseModel], doc: Document, refs: Any) -> tuple[Any, list[Problem]] | None:
        known = self.results.get((model, id(doc)))
        if known is None or known[0] is not doc or (known[1] is not refs and known[1] != refs):
            return None
        return known[2], known[3]

    def put(self, model: type[BaseModel], doc: Document, refs: Any, record: Any, problems: list[Problem]) -> None:
        self.results[(model, id(doc))] = (doc, refs, record, problems)

    def forget(self, model: type[BaseModel], doc: Document) -> None:
        known = self.results.get((model, id(doc)))
        if known is not None and known[0] is doc:
            del self.results[(model, id(doc))]

    def keep_only(self, docs: Iterable[Document]) -> None:
        alive = {id(d) for d in docs}
        self.results = {k: v for k, v in self.results.items() if k[1] in alive}


@functools.lru_cache(maxsize=100_000)
def _id_ok(stem: str) -> bool:
    """Whether a file name gives a valid id (asked for every file on every preview rebuild)."""
    try:
        records._check_id(stem)
    except ValueError:
        return False
    return True


def duplicate_ids(stems: Sequence[str], path: Callable[[int], str]) -> list[Problem]:
    """One line on each file whose id (file name, ``stems`` in file order) another file of the
    same kind has too, naming the others (``path``: the file at a position). Which of them is
    new Lotse cannot tell: path order says nothing of it, and a line on the later one alone
    may land on a published file nobody touched. So the lines read alike, and the fix names the
    new one: renaming the published one would change its address."""
    by_stem: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        by_stem.setdefault(stem, []).append(i)
    found = []
    for stem, places in by_stem.items():
        if len(places) < 2:
            continue
        files = [path(i) for i in places]
        which = "eine der beiden Dateien" if len(files) == 2 else "alle bis auf eine"
        newest = "die neue" if len(files) == 2 else "die neuen"
        for here in files:
            others = [f for f in files if f != here]
            named = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " und " + others[-1]
            found.append(Problem(
                here, 1, 1, "id",
                f"Id '{stem}' kommt auch in {named} vor; Ids müssen eindeutig sein: bitte {which} umbenennen – "
                f"{newest}, denn die Adresse der veröffentlichten bleibt besser gleich",
            ))
    return found


def folder_provider(path: str, providers: Any) -> str | None:
    """The provider a file under offers/ belongs to by its folder (offers/<provider>/…), if any."""
    offers = kinds.kind("offer").path + "/"
    folder, _, rest = path.removeprefix(offers).partition("/")
    if path.startswith(offers) and rest and folder in providers:
        return folder
    return None


def misfiled(folder: str, provider: str) -> str:
    """The message for an offer in offers/<folder>/ that names another provider."""
    return (
        f"das Angebot liegt im Ordner offers/{folder}/ des Anbieters '{folder}', nennt aber '{provider}'; "
        f"bitte die Datei nach offers/{provider}/ verschieben oder provider korrigieren"
    )


def offers_in_provider_folders(valid: Valid, docs: Iterable[Document]) -> list[Problem]:
    """An offer in a folder named like a provider (offers/<provider>/…) must be that provider's.

    Folders named after providers are how ``new offer`` and ``import`` file offers, and how
    .github/CODEOWNERS gives each partner its offers; an offer filed under the wrong partner
    would be theirs to edit.
    """
    wrong = []
    for offer_id, offer in valid.offers.items():
        path = valid.paths.get(("offers", offer_id), "")
        folder = folder_provider(path, valid.providers)
        if folder is not None and folder != offer.provider:
            wrong.append((path, folder, offer.provider))
    if not wrong:
        return []
    by_path = {doc.path: doc for doc in docs}
    return [Problem(path, *by_path[path].position(("provider",)), "provider", misfiled(folder, provider)) for path, folder, provider in wrong]


def unrecognised_exclusions(doc: Document, offer: records.Offer, providers: Mapping[str, records.Provider]) -> list[Problem]:
    """An offer may leave out (excluded_funding) only programmes its provider is recognised for:
    the others it would not carry anyway, and the line is most likely a mistake (the wrong
    programme, or the wrong provider)."""
    provider = providers.get(offer.provider)
    if provider is None:  # its own file says what is wrong with it
        return []
    recognised = list(dict.fromkeys(r.funding for r in provider.recognitions))
    if recognised:
        fix = f"bitte streichen oder eines seiner anerkannten Programme nennen ({', '.join(recognised)})"
    else:
        fix = f"bitte streichen (unter recognitions in {kinds.kind('provider').path}/{offer.provider}.yaml steht keines)"
    found = []
    for i, programme in enumerate(offer.excluded_funding):
        if programme in recognised or programme in offer.funding:  # the latter: records.Offer's rule says so
            continue
        place = ("excluded_funding", i)
        found.append(Problem(
            doc.path, *doc.position(place), dotted(place),
            f"der Anbieter '{offer.provider}' hat keine Anerkennung für '{programme}'; nur geerbte Programme können ausgeschlossen werden: {fix}",
        ))
    return found


def _misfiled(doc: Document, record: Any, providers: Any) -> Problem | None:
    """``offers_in_provider_folders`` for one offer file and what it stored."""
    folder = folder_provider(doc.path, providers)
    if record is None or folder is None or folder == record.provider:
        return None
    return Problem(doc.path, *doc.position(("provider",)), "provider", misfiled(folder, record.provider))


# A further check of one valid record, from a later step (the placeholders of ``new``):
# (declaration, document, record) -> problems. Its results are remembered with the record's.
RecordCheck = Callable[[type[BaseModel], Document, BaseModel], list[Problem]]


class Validator:
    def __init__(self, sources: Sources, memo: Memo | None = None, checks: Sequence[RecordCheck] = ()):
        self.sources = sources
        self.checks = checks
        self.problems: list[Problem] = list(sources.problems)
        self.valid = Valid()
        self.memo = memo
        self.refs_key: Any = None
        self.runs: dict[str, Run] = {}  # this check's, by kind

    def check(self, model: type[M], doc: Document, data: Any = None, context: dict[str, Any] | None = None) -> M | None:
        record, found = self._checked(model, doc, data, context)
        self.problems.extend(found)
        return record

    def _checked(self, model: type[M], doc: Document, data: Any = None, context: dict[str, Any] | None = None) -> tuple[M | None, list[Problem]]:
        """The record of ``doc`` (None if invalid) and the problems found in it."""
        if self.memo is not None and data is None:
            known = self.memo.get(model, doc, self.refs_key)
            if known is not None:
                return cast("M | None", known[0]), known[1]
        if data is None and _empty(doc):
            # One line, not a "Pflichtfeld fehlt" for each required field.
            return None, [Problem(doc.path, 1, 1, "", "die Datei ist leer (oder enthält nur Kommentare); bitte die Felder eintragen"
                                  " (eine Vorlage legt 'python build.py new' an) oder die Datei löschen")]
        found: list[Problem] = []
        # A document ``checked`` has the very bytes whose rules and checks found nothing before.
        if data is None and not doc.checked:
            found += rule_problems(model, doc)
        try:
            record = model.model_validate(doc.data if data is None else data, context=context)
        except ValidationError as error:
            found.extend(to_problems(error, doc, model))
            record = None
        if record is not None and data is None and not doc.checked:
            for extra in self.checks:
                found.extend(extra(model, doc, record))
        if self.memo is not None and data is None:
            self.memo.put(model, doc, self.refs_key, record, found)
        return record, found

    def add(self, doc: Document | PageSource, field_: str, message: str, loc: tuple[Any, ...] = ()) -> None:
        document = doc.front if isinstance(doc, PageSource) else doc
        line, col = document.position(loc) if loc else (1, 1)
        self.problems.append(Problem(document.path, line, col, field_, message))

    def run(self) -> tuple[Valid, list[Problem]]:
        src = self.sources
        refs = self._declared_ids()
        # The labels only word the hint of a reference that fails anyway; kept out of the key, so
        # that a renamed provider does not have every file checked (and rendered) again.
        labels = self._labels()
        self.refs_key = sorted((kind, sorted(ids)) for kind, ids in refs.items())
        if self.memo is not None:  # the same object when equal: each document compares by identity
            if self.refs_key == self.memo.refs_key:
                self.refs_key = self.memo.refs_key
            self.memo.refs_key = self.refs_key
        context = {"refs": refs, "labels": labels}
        for kind in KINDS:
            found = getattr(src, kind.store)
            if kind.many:
                self._records(found, kind, context)
            elif found is not None:
                setattr(self.valid, kind.store, self.check(kind.model, found, context=context))
        if src.school_holidays is not None:
            self.valid.school_holidays, found = school_holiday_rows(src.school_holidays)
            self.problems += found
        if src.taxonomies is not None:
            self._unique_terms(src.taxonomies)
        self.problems += self._folders(src.offers)
        self.problems += self._exclusions()
        self.problems = self._region_hints(self.problems, refs.get("regions", set()))
        # A value the YAML reader already refused (an alias, say) needs no second message.
        refused = {(p.file, p.field) for p in self.sources.problems}
        problems = [p for p in self.problems if p in self.sources.problems or (p.file, p.field) not in refused]
        return self.valid, sorted(set(self._follow_ons(problems)))

    def _region_hints(self, problems: list[Problem], declared: set[str]) -> list[Problem]:
        """A missing region of an address whose postal code is given names the region the code
        belongs to by ``postal_codes`` in site.yaml (``missing_region``); nothing is filled in.
        So does an unknown one (a town written as the region: "nuertingen" for 72622), in place
        of the list of declared ids, when the code's region is declared.
        Worked out here, over the problems of every file, so that the hint follows site.yaml
        and content/taxonomies.yaml as they are now (the memo keeps a file's problems while
        the file is unchanged)."""
        unknown = records.VOCABULARIES["regions"].unknown + " "
        at = [
            i for i, p in enumerate(problems)
            if (p.message in (MISSING, EMPTY) or p.message.startswith(unknown)) and (p.field == "region" or p.field.endswith(".region"))
        ]
        src = self.sources
        if not at or src.site is None or src.taxonomies is None:
            return problems  # without either file a hint would be half true; their own messages come first
        docs = {front(item).path: front(item) for item in src.items()}
        table = written_table(src.site.data)
        regions, labels = Regions(table), _region_labels(src.taxonomies)
        ids = sorted(i for i in declared if records.is_id(i))
        hinted = list(problems)
        for i in at:
            problem = problems[i]
            doc = docs.get(problem.file)
            address = _value_at(doc.data, undotted(problem.field)[:-1]) if doc is not None else None
            code = written_code(address.get("postal_code")) if isinstance(address, dict) else None
            if code is None or not ids:
                continue
            meant = regions(code)
            hint = missing_region(code, meant, bool(table), ids, labels)
            if problem.message.startswith(unknown):
                # A typo of that very region keeps its "meinten Sie"; a code of no declared region, the list.
                if meant in declared and f"meinten Sie '{meant}'?" not in problem.message:
                    hinted[i] = replace(problem, message=problem.message.split(";", 1)[0] + hint)
                continue
            hinted[i] = replace(problem, message=problem.message + hint)
        return hinted

    def _follow_ons(self, problems: list[Problem]) -> list[Problem]:
        """One root cause, one message: when content/taxonomies.yaml cannot be read, every topic,
        region, audience and funding reference elsewhere is unknown; those are counted in one
        line after the cause instead of listed (one bad byte once gave 608 messages)."""
        name = kinds.kind("taxonomies").path
        if name not in self.sources.failed:
            return problems
        nouns = tuple(records.VOCABULARIES[term].unknown + " " for term in TERM_KINDS)
        kept = [p for p in problems if not (p.file != name and p.message.startswith(nouns))]
        hidden = len(problems) - len(kept)
        cause = min((p for p in problems if p.file == name), default=None)
        if hidden and cause is not None:
            kept.append(Problem(
                name, cause.line, cause.column, "",
                f"Folgefehler: {hidden} Verweise auf Themen, Regionen, Zielgruppen oder Förderprogramme in anderen "
                "Dateien werden nicht einzeln gezeigt; sie werden geprüft, sobald diese Datei lesbar ist",
            ))
        return kept

    def _declared_ids(self) -> dict[str, set[str]]:
        src = self.sources
        # A file that exists but could not be read still declares its id: its own message says
        # what is wrong, the files that name it need none.
        stems = {
            kind.ref: [front(item).stem for item in getattr(src, kind.store)] + _unread(src.failed, kind.path)
            for kind in KINDS
            if kind.ref
        }
        refs = declared_ids(src.taxonomies.data if src.taxonomies else None, stems)
        # An id declared in a form ids cannot have ("führung") is reported where it is declared;
        # the files that name it as it should be written ("fuehrung") need no message each.
        for ids in refs.values():
            ids |= {as_id(i) for i in ids if not records.is_id(i) and as_id(i)}
        return refs

    def _labels(self) -> dict[str, dict[str, str]]:
        """The id of each term label and provider name, by reference kind, keyed as written as an
        id ("Führung und Management" -> "fuehrung-und-management"): for a reference that names
        what the pages show instead of the id."""
        src = self.sources
        labels: dict[str, dict[str, str]] = {}
        data = src.taxonomies.data if src.taxonomies is not None and isinstance(src.taxonomies.data, dict) else {}
        for term_kind in TERM_KINDS:
            entries = data.get(term_kind)
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str) and isinstance(entry.get("label"), str):
                    labels.setdefault(term_kind, {})[as_id(entry["label"])] = entry["id"]
        for doc in src.providers:
            name = doc.data.get("name") if isinstance(doc.data, dict) else None
            if isinstance(name, str):
                labels.setdefault(kinds.kind("provider").ref or "providers", {})[as_id(name)] = doc.stem
        return labels

    def _unique_terms(self, doc: Document) -> None:
        for kind in TERM_KINDS:
            seen: dict[str, int] = {}
            entries = doc.data.get(kind)
            for i, entry in enumerate(entries if isinstance(entries, list) else []):
                term_id = entry.get("id") if isinstance(entry, dict) else None
                if not isinstance(term_id, str):
                    continue
                if term_id in seen:
                    self.add(doc, f"{kind}[{i}].id", f"Id '{term_id}' ist doppelt (schon in {kind}[{seen[term_id]}])", (kind, i, "id"))
                else:
                    seen[term_id] = i

    def _id_problems(self, doc: Document) -> list[Problem]:
        if _id_ok(doc.stem):
            return []
        meant = records.id_written(doc.stem)
        rename = f"; bitte die Datei in {meant}{doc.path[doc.path.rindex('.'):]} umbenennen" if meant else ""
        return [Problem(
            doc.path, 1, 1, "id",
            f"Dateiname ergibt keine gültige Id: {shown(doc.stem)}; erlaubt sind a–z, 0–9 und einzelne Bindestriche, höchstens 80 Zeichen{rename}",
        )]

    def _one(self, item: Document | PageSource, kind: RecordKind, context: dict[str, Any], later: bool) -> tuple[Any, list[Problem]]:
        """What one file of a folder kind stores (None for nothing) and the problems it gives;
        ``later``: a file before it has its id (``duplicate_ids`` says so on both), so it is
        checked but not stored."""
        doc = front(item)
        found = self._id_problems(doc)
        stem = doc.stem
        if not found and stem in kind.reserved:
            found.append(Problem(
                doc.path, 1, 1, "id", f"Seitenname '{stem}' ist für eine eingebaute Seite reserviert (/{stem}/); bitte die Datei umbenennen",
            ))
            return None, found
        elsewhere = _other_kind_file(doc, kind)
        if elsewhere is not None:  # its fields would all be unknown here: one line instead
            return None, found + [elsewhere]
        record, problems = self._checked(kind.model, doc, context=context)
        if record is None or found or later:
            return None, found + problems
        return ((record, item.body) if isinstance(item, PageSource) else record), problems

    def _records(self, items: Sequence[Document | PageSource], kind: RecordKind, context: dict[str, Any]) -> None:
        """Check a folder kind's files. With a memo, when the same files (by path, in the same
        order) were checked against the same ids last time, only the changed ones are."""
        run = self.memo.runs.get(kind.store) if self.memo is not None else None
        changed: list[int] | None = None
        if run is not None and run.refs_key is self.refs_key and len(run.items) == len(items):
            before = run.items
            changed = [i for i, item in enumerate(items) if item is not before[i]]
            if any(front(items[i]).path != front(before[i]).path for i in changed):
                changed = None
        if run is not None and changed is not None:
            for i in changed:
                self.memo.forget(kind.model, front(run.items[i]))  # type: ignore[union-attr]
                # The ids of the files are as before, so is whether this one's id came first.
                later = run.stored[i] is None and self._first_of(run, i) is not None
                run.stored[i], problems = self._one(items[i], kind, context, later)
                run.problems.pop(i, None)
                if problems:
                    run.problems[i] = problems
            run.items = list(items)
            if changed and run.folders is not None:
                checked = run.folders[1]
                for i in changed:
                    checked[i] = None  # worked out again in ``_folders``
            if changed and run.excluding is not None:
                for i in changed:
                    run.excluding.discard(i)
                    if getattr(run.stored[i], "excluded_funding", None):
                        run.excluding.add(i)
        else:
            run = Run(self.refs_key, list(items), [front(item).stem for item in items], [], {})
            seen: set[str] = set()
            for i, item in enumerate(items):
                doc = front(item)
                stored, problems = self._one(item, kind, context, doc.stem in seen)
                seen.add(doc.stem)
                run.stored.append(stored)
                if problems:
                    run.problems[i] = problems
            if self.memo is not None:
                self.memo.runs[kind.store] = run
        self.runs[kind.store] = run
        if run.store is None or changed is None or any((run.store.get(run.stems[i]) is None) != (run.stored[i] is None) for i in changed):
            # Made afresh: in file order, as the model reads them.
            run.store = {stem: stored for stem, stored in zip(run.stems, run.stored, strict=True) if stored is not None}
            run.paths = {(kind.store, stem): front(item).path for stem, item, stored in zip(run.stems, run.items, run.stored, strict=True) if stored is not None}
        else:
            for i in changed:  # the same ids stored as before: each keeps its place
                if run.stored[i] is not None:
                    run.store[run.stems[i]] = run.stored[i]
        getattr(self.valid, kind.store).update(run.store)
        self.valid.paths.update(run.paths)
        for problems in run.problems.values():
            self.problems.extend(problems)
        self.problems.extend(duplicate_ids(run.stems, lambda i: front(run.items[i]).path))

    @staticmethod
    def _first_of(run: Run, i: int) -> str | None:
        """The file before position ``i`` with the same id, if any."""
        stem = run.stems[i]
        return next((front(run.items[j]).path for j in range(i) if run.stems[j] == stem), None)

    def _folders(self, offers: list[Document]) -> list[Problem]:
        """``offers_in_provider_folders``, offer by offer; with a memo only for offers checked
        again, as long as the valid providers are the same."""
        run = self.runs.get("offers")
        if run is None:
            return offers_in_provider_folders(self.valid, offers)
        providers = tuple(self.valid.providers)
        if run.folders is None or run.folders[0] != providers:
            run.folders, run.misfiled = (providers, [None] * len(run.items)), {}
            todo: Iterable[int] = range(len(run.items))
        else:
            todo = [i for i, known in enumerate(run.folders[1]) if known is None] if None in run.folders[1] else []
        known = run.folders[1]
        for i in todo:
            stored = run.stored[i]
            found = _misfiled(front(run.items[i]), stored, self.valid.providers) if stored is not None else None
            known[i] = found or False
            run.misfiled.pop(i, None)
            if found is not None:
                run.misfiled[i] = found
        return list(run.misfiled.values())


    def _exclusions(self) -> list[Problem]:
        """``unrecognised_exclusions`` of every offer that leaves programmes out, against the
        providers as they are now (an edited provider may have dropped a recognition); with a
        memo the few such offers are known without looking at every offer again."""
        run = self.runs.get("offers")
        if run is None:
            return []
        if run.excluding is None:
            run.excluding = {i for i, stored in enumerate(run.stored) if stored is not None and stored.excluded_funding}
        found: list[Problem] = []
        for i in sorted(run.excluding):
            found += unrecognised_exclusions(front(run.items[i]), run.stored[i], self.valid.providers)
        return found


# Regions named in full in a hint; a longer list is left to content/taxonomies.yaml.
NAMED_REGIONS = 12


def missing_region(code: str, region: str | None, table: bool, declared: Sequence[str], labels: Mapping[str, str]) -> str:
    """What follows "Pflichtfeld fehlt" for an address's missing region when its postal code
    ``code`` is given: the region ``postal_codes`` in site.yaml gives the code ("; für die
    Postleitzahl 73728 wäre das 'esslingen' (Region Esslingen)"), else that no region of the
    table (``table``: whether it has any entry) holds it, with the declared region ids. The
    region stays the editor's to write: a place at a border may belong to another."""
    site, taxonomies = kinds.kind("site").path, kinds.kind("taxonomies").path
    if region is not None and region in declared:
        label = labels.get(region, region)
        return f"; für die Postleitzahl {code} wäre das '{region}' ({label if label.casefold().startswith('region') else 'Region ' + label})"
    if region is not None:
        return ""  # site.yaml names an undeclared region: its own message says so
    why = (f"die Postleitzahl {code} steht in {site} unter postal_codes bei keiner Region" if table
           else f"{site} ordnet unter postal_codes keiner Region Postleitzahlen zu")
    named = f": {', '.join(declared)}" if len(declared) <= NAMED_REGIONS else ""
    return f"; {why} – bitte eine der Regionen aus {taxonomies} (regions) angeben{named}"


def _region_labels(doc: Document) -> dict[str, str]:
    """Each region's label by its id, as content/taxonomies.yaml's document holds them."""
    entries = doc.data.get("regions") if isinstance(doc.data, dict) else None
    return {
        entry["id"]: entry["label"].strip()
        for entry in (entries if isinstance(entries, list) else ())
        if isinstance(entry, dict) and isinstance(entry.get("id"), str) and isinstance(entry.get("label"), str) and entry["label"].strip()
    }


def undotted(field_: str) -> tuple[str | int, ...]:
    """``dates[0].location.region`` -> ``('dates', 0, 'location', 'region')`` (``load.dotted`` back)."""
    return tuple(int(index) if index else name for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field_))


def _value_at(data: Any, loc: Sequence[str | int]) -> Any:
    """The value at ``loc`` in a document's data, None where there is none."""
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


_WHICH = {"offer": "ein Angebot", "advisory-point": "eine Beratungsstelle", "provider": "ein Anbieter"}


def _other_kind_file(doc: Document, kind: RecordKind) -> Problem | None:
    """A file of another kind in this kind's folder (an offer saved among the providers): three
    or more of its fields are unknown here and all of them known there."""
    if not isinstance(doc.data, dict) or not doc.data:
        return None
    keys = {str(k) for k in doc.data}
    strange = keys - set(by_key(kind.model))
    if len(strange) < 3:
        return None
    for other in KINDS:
        if other is kind or not other.many or other.suffix != kind.suffix or other.name not in _WHICH:
            continue
        if keys <= set(by_key(other.model)):
            folder = f"{other.path}/<anbieter>/" if other.name == "offer" else f"{other.path}/"
            return Problem(
                doc.path, 1, 1, "",
                f"diese Datei ist {_WHICH[other.name]} (Felder {', '.join(sorted(strange)[:4])}), kein{'' if kind.name == 'provider' else 'e'}"
                f" {kind.noun}: bitte nach {folder} verschieben",
            )
    return None


def _unread(failed: set[str], folder: str) -> list[str]:
    """The ids (file names) of the files in ``folder`` that could not be read."""
    return [path.rsplit("/", 1)[-1].rsplit(".", 1)[0] for path in sorted(failed) if path.startswith(folder + "/")]


_DAY = TypeAdapter(records.IsoDate)
_HOLIDAY_NAME = re.compile(r"[^\W\d_]+ferien", re.IGNORECASE)
_LAENDER = sorted(set(LAENDER.values()))


def _holiday_cell(column: str, text: str) -> tuple[Any, str | None]:
    """The value of one cell of a school-holiday row, or the message why it is none."""
    if not text:
        return None, "darf nicht leer sein"
    if column == "land":
        found = land(text)
        if found in _LAENDER:
            return found, None
        near = difflib.get_close_matches(found, _LAENDER, n=1, cutoff=0.6)
        hint = f"; meinten Sie '{near[0]}'?" if near else ""
        return None, f"unbekanntes Land {shown(text)}: erwartet wird eines der 16 Länder, ausgeschrieben (Niedersachsen) oder abgekürzt (NI){hint}"
    if column == "name":
        if _HOLIDAY_NAME.fullmatch(text):
            return text, None
        return None, f"muss der Name der Ferien sein, ein Wort auf „ferien“ (Sommerferien, Herbstferien …), gefunden: {shown(text)}"
    try:
        return _DAY.validate_python(text), None
    except ValidationError as error:
        return None, str(error.errors()[0]["msg"])


def school_holiday_rows(table: Table) -> tuple[tuple[records.SchoolHoliday, ...], list[Problem]]:
    """The rows of a table of school holidays (``land;name;first;last``), each cell checked: one of
    the sixteen Länder, a holiday's name, days as JJJJ-MM-TT, the last not before the first. A
    line naming the columns is passed over; each defect is a problem at its cell."""
    columns = records.SCHOOL_HOLIDAY_COLUMNS
    rows: list[records.SchoolHoliday] = []
    problems: list[Problem] = []
    first_line: dict[tuple[str, str, Any], int] = {}
    for line, cells in table.rows:
        if cells[0][1].casefold() == columns[0]:
            continue  # the header
        if len(cells) != len(columns):
            problems.append(Problem(table.path, line, cells[len(columns)][0] if len(cells) > len(columns) else 1, "", _cell_count(cells)))
            continue
        values = []
        for column, (at, text) in zip(columns, cells, strict=True):
            value, message = _holiday_cell(column, text)
            if message is not None:
                problems.append(Problem(table.path, line, at, column, message))
            values.append(value)
        if None in values:
            continue
        row = records.SchoolHoliday(*values)
        if row.last < row.first:
            problems.append(Problem(
                table.path, line, cells[3][0], "last", f"der letzte Tag ({row.last.isoformat()}) liegt vor dem ersten ({row.first.isoformat()})",
            ))
        elif (row.land, row.name, row.first) in first_line:
            problems.append(Problem(
                table.path, line, cells[0][0], "", f"diese Ferien stehen schon in Zeile {first_line[row.land, row.name, row.first]}; bitte eine Zeile löschen",
            ))
        else:
            first_line[row.land, row.name, row.first] = line
            rows.append(row)
    return tuple(rows), problems


def _cell_count(cells: tuple[tuple[int, str], ...]) -> str:
    columns = records.SCHOOL_HOLIDAY_COLUMNS
    if len(cells) == 1 and ("," in cells[0][1] or "\t" in cells[0][1]):
        parts = re.split(r"\s*[,\t]\s*", cells[0][1])
        meant = ";".join(parts) if len(parts) == len(columns) else ";".join(columns)
        return f"Spalten werden durch ';' getrennt, gefunden: {shown(cells[0][1])}; bitte so schreiben: {meant}"
    missing = f" (es fehlt {', '.join(columns[len(cells):])})" if len(cells) < len(columns) else ""
    return f"erwartet werden {len(columns)} Spalten, durch ';' getrennt: {';'.join(columns)}; gefunden: {len(cells)}{missing}"


def validate(sources: Sources, memo: Memo | None = None, checks: Sequence[RecordCheck] = ()) -> tuple[Valid, list[Problem]]:
    """Check every document; return the valid records and all problems, sorted."""
    result = Validator(sources, memo, checks).run()
    # Each document has one result: more results than documents means some are of documents
    # no longer read (a folder kind checked afresh, a single file changed).
    read = (getattr(sources, kind.store) for kind in KINDS)
    if memo is not None and len(memo.results) > sum(len(f) if isinstance(f, list) else f is not None for f in read):
        memo.keep_only(front(item) for item in sources.items())
    return result
