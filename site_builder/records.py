"""The one declaration of every record type.

Validation, the JSON Schemas for editors, the field reference in the editor guide and the
browser editor (``cms``) are all derived from these classes, so a field is described exactly
once: here. Each field has a ``title`` (its short German label in forms) and a
``description`` (the help text). Messages are German because editors are; each custom
check raises a ``PydanticCustomError`` whose text is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Literal, get_args
from urllib.parse import parse_qsl, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .german import LOOKALIKE_SPACES, MONTHS, as_id, clock_of, date_problem, iso_date_of, land, month_of
from .languages import GERMAN_NAMES, ISO_639_1
from .urls import INVISIBLE, base_url_problem

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+\Z")
_PHONE_CHARS = re.compile(r"[0-9 +/()\-]+\Z")


# --- Descriptions: for files and for the form --------------------------------------------
#
# A description is read by people writing files (the field reference, ``new``'s comments, the
# JSON Schemas, validation's messages) and, as the hint under a field, by partners filling in
# the browser editor's form (``cms``). What concerns files alone – a path, a key, how YAML
# writes a value – stands in ``[[for files]]`` or ``[[for files|for the form]]``: ``described``
# returns the files' text, and ``form_text`` finds the form's text for it.

_PART = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_FORM_TEXTS: dict[str, str] = {}


def described(text: str) -> str:
    """The files' text of a description with ``[[…]]`` parts; the form's text is kept for ``form_text``."""
    files = _PART.sub(lambda m: m.group(1), text).strip()
    form = _PART.sub(lambda m: m.group(2) or "", text).strip()
    if _FORM_TEXTS.setdefault(files, form) != form:
        raise ValueError(f"two form texts for one description: {files!r}")
    return files


def form_text(description: str) -> str:
    """What the form says for a description (``described``): without what concerns files alone."""
    return _FORM_TEXTS.get(description.strip(), description.strip())


# Every error raised by ``fail`` carries this prefix in its type, so validation shows its
# German message as it is (validate._message); no list of kinds to keep in step.
CUSTOM_ERROR = "lotse_"


def fail(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(CUSTOM_ERROR + kind, message, context)


# Characters an editor cannot see (or cannot tell from a blank), named where a message shows them.
_UNSEEN_NAMES = {
    **LOOKALIKE_SPACES, "\u00ad": "weiches Trennzeichen", "\t": "Tabulator", "\n": "Zeilenumbruch", "\r": "Zeilenrücklauf",
}
_UNSEEN = re.compile("[\x00-\x1f\x7f-\xa0\xad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]")


def unseen(value: str) -> list[str]:
    """The names of the characters in ``value`` an editor cannot see, each once."""
    return list(dict.fromkeys(_UNSEEN_NAMES.get(c, f"U+{ord(c):04X}") for c in _UNSEEN.findall(value)))


def shown(value: Any) -> str:
    """A value as an editor wrote it, for 'gefunden: ...': quoted, with characters an editor
    cannot see named in place ('1⟨geschütztes Leerzeichen⟩290'; a message is one line), and a
    long value shortened."""
    if isinstance(value, str):
        text = value if len(value) <= 80 else value[:70] + "…"
        if _UNSEEN.search(text):
            out = "'" + _UNSEEN.sub(lambda m: f"⟨{_UNSEEN_NAMES.get(m.group(), f'U+{ord(m.group()):04X}')}⟩", text) + "'"
        else:
            out = repr(text)
        return out + (f" ({len(value)} Zeichen)" if len(value) > 80 else "")
    if value is None:
        return "nichts"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "einen Abschnitt mit Feldern"
    return str(value)


# --- Value types --------------------------------------------------------------------------


def id_written(text: str) -> str | None:
    """``text`` written as an id ("Büro" -> "buero", "Kurs 2027" -> "kurs-2027"), when that
    gives one (not empty, at most 80 characters)."""
    written = as_id(text)
    return written if written and len(written) <= 80 and _ID.match(written) else None


def _check_id(value: str) -> str:
    if len(value) > 80 or not _ID.match(value):
        written = id_written(value)
        hint = f"; als Kennung geschrieben: '{written}'" if written else ""
        raise fail(
            "id",
            "muss aus Kleinbuchstaben a–z, Ziffern und einzelnen Bindestrichen bestehen "
            f"(höchstens 80 Zeichen), gefunden: {{found}}{hint}",
            found=shown(value),
        )
    return value


# The years a date of a guide can have. A year outside is a slip: "1907-03-11" is what the
# browser editor's date field saves when a date is typed digit by digit (Decap CMS issue 7939),
# "0207" or "2207" a typo; each validates as a date and would go unnoticed.
YEARS = (2000, 2099)
DATE_PATTERN = r"^20\d\d-"  # the same for the schema and the browser editor's form


def _parse_date(value: Any) -> date:
    if isinstance(value, date):
        return _plausible(value, value.isoformat())
    text = value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None  # no day of the calendar ("2027-02-31"): said below
        if day is not None:
            return _plausible(day, shown(value))
    problem = date_problem(text) or "ist kein gültiges Kalenderdatum"
    if (month := month_of(text)) is not None and problem.startswith("muss ein Datum"):
        year, number = month
        raise fail(
            "month",
            f"nennt nur einen Monat ({MONTHS[number - 1]} {year}), keinen Tag, gefunden: {{found}}; bitte den Tag ergänzen: {year}-{number:02d}-TT",
            found=shown(value),
        )
    separator = ":" if problem.startswith("ist kein") else ", gefunden:"
    # A date with a time of day ('2027-01-15 09:00', '2027-01-15T09:00', as systems export it).
    timed = re.fullmatch(r"(\S+?)(?:T|,?\s+(?:um\s+)?)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s*Uhr)?", text)
    written = timed.group(1) if timed is not None else text
    meant = iso_date_of(written) if problem.startswith("muss ein Datum") else None
    hint = f"; bitte so schreiben: {meant}" if meant and date_problem(meant) is None else ""
    if hint and timed is not None:
        hint += " (ohne Uhrzeit; die Uhrzeit eines Termins steht in 'time:')"
    raise fail("date", f"{problem}{separator} {{found}}{hint}", found=shown(value))


def _plausible(day: date, found: str) -> date:
    first, last = YEARS
    if not first <= day.year <= last:
        raise fail("date", f"das Jahr {day.year} kann nicht stimmen (erwartet {first}–{last}), gefunden: {{found}}; bitte das Datum prüfen", found=found)
    return day


def _check_time_range(value: str) -> str:
    parts = value.split("-")
    if len(parts) not in (1, 2) or not all(_TIME.match(p.strip()) for p in parts):
        meant = clock_of(value)
        hint = f"; bitte so schreiben: {meant}" if meant else ""
        raise fail("time", f"muss 'HH:MM' oder 'HH:MM-HH:MM' sein, gefunden: {{found}}{hint}", found=shown(value))
    if len(parts) == 2 and parts[1].strip() <= parts[0].strip():
        raise fail("time", "das Ende muss nach dem Beginn liegen, gefunden: {found}", found=shown(value))
    return "-".join(p.strip() for p in parts)


def _check_clock(value: str) -> str:
    if not _TIME.match(value):
        meant = clock_of(value)
        hint = f"; bitte so schreiben: {meant}" if meant and "-" not in meant else ""
        raise fail("time", f"muss eine Uhrzeit 'HH:MM' sein, gefunden: {{found}}{hint}", found=shown(value))
    return value


def _url_parts(value: str) -> Any:
    """``urlsplit`` of an absolute http(s) address with a host, or None."""
    if INVISIBLE.search(value):
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is none
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts


def _check_url(value: str) -> str:
    if _url_parts(value) is None:
        # "www.akademie.de/excel", as printed on a flyer, or a slip in its scheme ("http//",
        # "https:/", "htps://"): the address it means.
        bare = re.sub(r"^h?t?t?ps?\s*:?/{1,2}(?=[\w-]+\.)", "", value.strip(), flags=re.I)
        meant = f"https://{bare}" if re.fullmatch(r"[\w-]+(\.[\w-]+)+(/\S*)?", bare) else None
        hint = f"; meinten Sie '{meant}'?" if meant is not None and _url_parts(meant) is not None else ""
        raise fail("url", "muss eine vollständige Adresse mit http:// oder https:// sein, gefunden: {found}" + hint, found=shown(value))
    return value


def _check_base_url(value: str) -> str:
    problem = base_url_problem(value)
    if problem is not None:
        raise fail("url", problem + ", gefunden: {found}", found=shown(value))
    return value if value.endswith("/") else value + "/"


# GitHub: an account (letters, digits, single hyphens, at most 39) or a team of an organisation.
HANDLE_PATTERN = r"^@[A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9][A-Za-z0-9_-]*)?$"
_HANDLE = re.compile(HANDLE_PATTERN)


def _check_handle(value: str) -> str:
    account = value.partition("/")[0]
    if not _HANDLE.match(value) or len(account) > 40:
        raise fail(
            "handle",
            "muss ein GitHub-Konto wie @name oder ein Team wie @organisation/team sein, gefunden: {found}",
            found=shown(value),
        )
    return value


def _check_email(value: str) -> str:
    if value.casefold().startswith("mailto:") and _EMAIL.match(value[7:]):
        raise fail("email", f"bitte nur die Adresse ohne 'mailto:' schreiben: {value[7:]}; gefunden: {{found}}", found=shown(value))
    if not _EMAIL.match(value):
        meant = meant_email(value)
        hint = f"; meinten Sie '{meant}'?" if meant else ""
        raise fail("email", "muss eine E-Mail-Adresse wie name@beispiel.de sein, gefunden: {found}" + hint, found=shown(value))
    return value


def meant_email(value: str) -> str | None:
    """The address in "name(at)anbieter.de", "name [at] anbieter (dot) de", as websites write
    them against spam; None where that is not it."""
    meant = _SPELLED_DOT.sub(".", _SPELLED_AT.sub("@", value.strip()))
    return meant if meant != value.strip() and _EMAIL.match(meant) else None


_SPELLED_AT = re.compile(r"\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+|\(ät\)|\(a\))\s*", re.IGNORECASE)
_SPELLED_DOT = re.compile(r"\s*(?:\(dot\)|\[dot\]|\(punkt\)|\[punkt\])\s*", re.IGNORECASE)


def _check_phone(value: str) -> str:
    if not _PHONE_CHARS.match(value) or sum(c.isdigit() for c in value) < 6:
        raise fail(
            "phone",
            "muss eine Telefonnummer aus Ziffern, Leerzeichen und + / - ( ) mit mindestens 6 Ziffern sein, gefunden: {found}",
            found=shown(value),
        )
    return value


def _check_language(value: str) -> str:
    if value not in ISO_639_1:
        code = next((c for c, name in GERMAN_NAMES.items() if name.casefold() == value.strip().casefold()), None)
        code = code or (value.strip().casefold() if value.strip().casefold() in ISO_639_1 else None)
        hint = f"; für {GERMAN_NAMES.get(code, value.strip())} bitte '{code}'" if code else ""
        raise fail("language", f"muss ein Sprachcode nach ISO 639-1 sein (z. B. de, en, tr), gefunden: {{found}}{hint}", found=shown(value))
    return value


def _check_postal_code(value: str) -> str:
    if not re.fullmatch(r"\d{5}", value):
        raise fail("postal_code", "muss eine fünfstellige Postleitzahl sein, gefunden: {found}", found=shown(value))
    return value


# "1.200" as Germans write 1200 (YAML and Python read 1.2): refused, whatever the field allows.
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(\.[0-9]{3})+")


_WRITTEN_NUMBER = re.compile(r"\d[\d.\s\u00a0\u202f]*(?:,\d+)?")


def price_meant(text: str) -> str | None:
    """What a price an editor wrote as people do means: "on_request" ("auf Anfrage"), "0"
    ("kostenlos"), or None for anything else (a number is ``written_number``'s)."""
    folded = text.casefold().strip()
    if re.search(r"anfrage|nachfrage", folded):
        return "on_request"
    if re.fullmatch(r"(kosten|gebühren|entgelt)?(los|frei)|gratis|umsonst", folded):
        return "0"
    return None


def written_number(text: str) -> tuple[str, re.Match[str]] | None:
    """The first number in ``text`` as YAML wants it ("1.290,50" → "1290.50", "1 290" →
    "1290"), with where it stood; None for none."""
    found = _WRITTEN_NUMBER.search(text)
    if found is None:
        return None
    digits = re.sub(r"[\s\u00a0\u202f]", "", found.group()).rstrip(".")
    if "," in digits:
        whole, _, part = digits.partition(",")
        digits = f"{whole.replace('.', '')}.{part}" if part else whole.replace(".", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
        digits = digits.replace(".", "")
    return digits, found


def number_hint(text: str, money: bool = False) -> str:
    """How to write a number an editor wrote as people do ("490,50", "1 290", "490 €",
    "490,- zzgl. MwSt.", "auf Anfrage"), as '; …' for the end of a message, or ''."""
    meant = price_meant(text) if money else None
    if meant == "on_request":
        return "; für einen Preis auf Anfrage statt amount bitte 'on_request: true' schreiben"
    if meant == "0":
        return "; kostenfrei ist 'amount: 0'"
    number = written_number(text)
    if number is None:
        return ""
    digits, found = number
    rest = (text[: found.start()] + " " + text[found.end() :]).strip(" ,-–")
    if (grouped := re.fullmatch(r"(\d{1,3}),(\d{3})", found.group().strip())) is not None:
        # "1,290": a thousands comma, or a decimal one with three places? Either way it is not
        # '1.290', which reads as a thousands point.
        whole, part = grouped.groups()
        notes = [f"nicht eindeutig – bitte {whole}{part} schreiben, oder mit Punkt und höchstens 2 Nachkommastellen, z. B. {whole}.{part[:2]}"]
    else:
        notes = [f"bitte {digits} schreiben (Punkt statt Komma)" if "." in digits else f"bitte nur die Zahl schreiben: {digits}"]
    if money and re.search(r"zzgl|zuzüglich|inkl|inklusive|mwst|ust|steuer", rest.casefold()):
        notes.append("die Mehrwertsteuer steht in 'vat:' (enthalten, zuzueglich oder befreit)")
    elif money and re.search(r"\bab\b|\bca\b|circa|etwa|pro|je\b", rest.casefold()):
        notes.append("Zusätze wie 'ab' oder 'pro Tag' gehören in 'note:'")
    return "; " + "; ".join(notes) if digits != text.strip() else ""


def _number(value: Any, what: str, places: int | None, money: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise fail("number", f"muss {what} sein, gefunden: {{found}}", found=shown(value))
    if isinstance(value, str) and _THOUSANDS.fullmatch(value.strip()):
        raise fail(
            "number",
            f"Tausender bitte ohne Punkt schreiben ({value.strip().replace('.', '')} statt {value.strip()});"
            " ein Punkt trennt Nachkommastellen, gefunden: {found}",
            found=shown(value),
        )
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        hint = number_hint(value, money) if isinstance(value, str) else ""
        raise fail("number", f"muss {what} sein, gefunden: {{found}}{hint.replace('{', '{{').replace('}', '}}')}", found=shown(value)) from None
    if not number.is_finite():
        raise fail("number", f"muss {what} sein, gefunden: {{found}}", found=shown(value))
    if places is not None and -number.as_tuple().exponent > places:  # type: ignore[operator]
        raise fail("number", f"darf höchstens {places} Nachkommastellen haben, gefunden: {{found}}", found=shown(value))
    return number


# Upper bounds far beyond any course, below what output formats and arithmetic can hold.
MAX_MONEY = Decimal("9999999.99")
MAX_HOURS = Decimal(100_000)
MAX_COUNT = 100_000


def _money(value: Any) -> Decimal:
    number = _number(value, "eine Zahl ≥ 0", 2, money=True)
    if number < 0:
        raise fail("number", "muss eine Zahl ≥ 0 sein, gefunden: {found}", found=shown(value))
    if number > MAX_MONEY:
        raise fail("number", f"ist zu groß (höchstens {MAX_MONEY}), gefunden: {{found}}", found=shown(value))
    return number


def _hours(value: Any) -> Decimal:
    number = _number(value, "eine Zahl > 0", None)
    if number <= 0:
        raise fail("number", "muss eine Zahl > 0 sein, gefunden: {found}", found=shown(value))
    if number > MAX_HOURS:
        raise fail("number", f"ist zu groß (höchstens {MAX_HOURS}), gefunden: {{found}}", found=shown(value))
    return number


def _count(value: Any) -> int:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value) < 20:
        value = int(value)  # "3", quoted, as amounts and hours may be
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise fail("integer", "muss eine ganze Zahl ≥ 0 sein, gefunden: {found}", found=shown(value))
    if value > MAX_COUNT:
        raise fail("integer", f"ist zu groß (höchstens {MAX_COUNT}), gefunden: {{found}}", found=shown(value))
    return value


# Text lengths count characters after trimming.
Text40 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Text60 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Text80 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
# A Land as people write it ("BW", "Baden Württemberg"), kept as the Land's name.
Land = Annotated[Text80, AfterValidator(land)]
Text120 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Text160 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text300 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text400 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
Text600 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
# HTML pasted into a one-line text (from a website or a shop system): shown as it stands, tags
# and all. Only tags of text formatting count: "List<String>" in a programming course is text.
_TAGS = re.compile(r"</?(?:b|i|u|s|em|strong|br|p|span|div|font|a|h[1-6]|ul|ol|li|sup|sub|small|mark|big)(?:\s[^<>]*)?/?>", re.IGNORECASE)


def _no_tags(value: str) -> str:
    found = _TAGS.search(value)
    if found is not None:
        raise fail(
            "markup",
            f"HTML wie '{found.group().replace('{', '{{').replace('}', '}}')}' wird hier nicht umgesetzt, sondern so gezeigt; bitte weglassen"
            " (Hervorhebungen und Listen gehen in der Beschreibung mit Markdown), gefunden: {found}",
            found=shown(value),
        )
    return value


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=160), AfterValidator(_no_tags)]  # no HTML


@dataclass(frozen=True)
class Vocabulary:
    """A kind of id that references point to: the terms of one taxonomy, or the files of a
    folder (providers, pages). Its words serve messages, the field reference and the CMS."""

    noun: str  # "Thema"
    unknown: str  # "unbekanntes Thema"
    declared_in: str  # where its ids are declared, for messages
    id_label: str  # the value type in the field reference: "Themen-Id"


VOCABULARIES = {
    "topics": Vocabulary("Thema", "unbekanntes Thema", "content/taxonomies.yaml unter topics", "Themen-Id"),
    "regions": Vocabulary("Region", "unbekannte Region", "content/taxonomies.yaml unter regions", "Regions-Id"),
    "audiences": Vocabulary("Zielgruppe", "unbekannte Zielgruppe", "content/taxonomies.yaml unter audiences", "Zielgruppen-Id"),
    "funding": Vocabulary("Förderprogramm", "unbekanntes Förderprogramm", "content/taxonomies.yaml unter funding", "Förderprogramm-Id"),
    "providers": Vocabulary("Anbieter", "unbekannter Anbieter", "content/providers/", "Anbieter-Id"),
    "pages": Vocabulary("Seite", "unbekannte Seite", "content/pages/", "Seitenname"),
}


def closest(word: str, options: list[str], cutoff: float = 0.6) -> str | None:
    """The option an editor most likely meant by ``word``: the same once written as an id
    ("Göppingen", "Mo" -> "goeppingen", "mo"), the one short option the word begins with
    ("Dienstag" -> "di"), the one option that begins or ends with all of the word ("pflege" ->
    "pflegeschule-seeklinik", "beratung" -> "weiterbildungsberatung"), else the nearest
    spelling that differs by a slip of the hand (``_typo``: 'esslingn' -> 'esslingen', never
    'kreuzlingen' -> 'ueberlingen', another town that merely ends alike), else None."""
    as_written = as_id(word)
    if as_written in options:
        return as_written
    short = [o for o in options if len(o) == 2 and as_written.startswith(o)]
    if len(short) == 1 and all(len(o) <= 3 for o in options):
        return short[0]
    keys = {o: as_id(o) for o in options}
    if len(as_written) >= 3:
        around = [o for o, key in keys.items() if key.startswith(as_written) or key.endswith(as_written)]
        if len(around) == 1:
            return around[0]
    import difflib

    close = difflib.get_close_matches(word, options, n=3, cutoff=cutoff) + difflib.get_close_matches(as_written, options, n=3, cutoff=cutoff)
    return next((o for o in close if _typo(as_written, keys[o])), None)


def _typo(written: str, meant: str) -> bool:
    """Whether ``written`` is ``meant`` with a slip of the hand: the same first letter (slips
    seldom hit it; a word that begins otherwise and ends alike is another word, as towns on
    -lingen are) or its first two swapped, and a slip per four letters at most ('akademy'
    for 'akademie', not 'kreuzlingen' for 'reutlingen')."""
    if written[:1] != meant[:1] and written[:2] != meant[1::-1]:
        return False
    return _slips(written, meant) <= max(1, max(len(written), len(meant)) // 4)


def _slips(a: str, b: str) -> int:
    """How many letters must be typed, dropped, changed or swapped with their neighbour to make
    ``b`` of ``a`` (optimal string alignment distance): a typo is one or two of them."""
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


# What editors write for a fixed value ("Anfänger" for the level "einstieg", "inkl. MwSt." for
# the vat "enthalten"), each as words of the text written as an id (``as_id``): a value that
# is not one of a field's choices is read for them (``meant_values``).
WRITTEN_FOR: dict[str, tuple[str, ...]] = {
    "einstieg": ("anfaenger", "anfaengerinnen", "einsteiger", "einsteigerinnen", "einsteigende", "grundlagen", "grundkurs",
                 "einfuehrung", "basis", "basiskurs", "grundstufe", "beginner", "basic"),
    "aufbau": ("aufbaukurs", "fortgeschritten", "fortgeschrittene", "mittelstufe", "vertiefung", "intermediate"),
    "experte": ("experten", "expertinnen", "profi", "profis", "spezialisten", "fortgeschrittene", "advanced", "expert"),
    "enthalten": ("inkl", "inklusive", "incl", "brutto", "mit-mwst"),
    "zuzueglich": ("zzgl", "zuzgl", "exkl", "exklusive", "netto", "plus", "zuzueglich-mwst"),
    "befreit": ("frei", "mwstfrei", "ustfrei", "umsatzsteuerfrei", "steuerfrei", "ustg", "keine-mwst", "keine-ust"),
    "praesenz": ("vor-ort", "praesenzkurs", "praesenzunterricht", "praesenzveranstaltung", "offline", "in-person"),
    "online": ("webinar", "virtuell", "digital", "live-online", "e-learning", "elearning", "fernkurs", "fernunterricht"),
    "hybrid": ("blended", "praesenz-und-online", "online-und-praesenz"),
    "person": ("pro-person", "je-person", "teilnehmer", "teilnehmende", "teilnehmerin", "tn", "kopf"),
    "gruppe": ("pauschal", "pauschale", "inhouse", "firmenschulung", "gruppenpreis", "pro-gruppe", "je-gruppe"),
    "berufsbegleitend": ("nebenberuflich", "neben-dem-beruf", "berufsbegl"),
    "vollzeit": ("vz",),
    "teilzeit": ("tz",),
    "required": ("erforderlich", "noetig", "notwendig", "pflicht", "ja", "nur-mit-termin"),
    "recommended": ("empfohlen", "erwuenscht", "sinnvoll", "besser-mit-termin"),
    "none": ("nein", "nicht-noetig", "ohne-termin", "keiner", "kein-termin"),
}


def meant_values(text: str, allowed: Sequence[str]) -> list[str]:
    """The choices of ``allowed`` that ``text`` names in other words (``WRITTEN_FOR``), in their
    order: "Anfänger" -> ["einstieg"], "19 % MwSt. inkl." -> ["enthalten"],
    "Fortgeschrittene" -> ["aufbau", "experte"]."""
    words = as_id(text).split("-")

    def says(phrase: str) -> bool:
        part = phrase.split("-")
        return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))

    return [value for value in allowed if any(says(p) for p in WRITTEN_FOR.get(value, ()))]


class Ref:
    """A reference to a declared id (a topic, a provider, ...), checked against the context."""

    def __init__(self, kind: str):
        self.kind = kind
        self.vocabulary = VOCABULARIES[kind]

    def __call__(self, value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get("refs", {}).get(self.kind)
        if known is None or value in known:
            return value
        raise self._unknown(value, known)

    def _unknown(self, value: str, known: set[str]) -> PydanticCustomError:
        """The line for a value that names nothing declared, with a close id if there is one."""
        ids = sorted(i for i in known if is_id(i))  # never one its own file must change
        close = closest(value, ids)
        hint = f"; meinten Sie '{close}'?" if close else ""
        # No guess or an unsure one (less alike than 0.8), and a vocabulary an editor reads at once: all of it.
        if 0 < len(ids) <= 12 and closest(value, ids, cutoff=0.8) is None:
            hint += f"; deklariert sind: {', '.join(ids)}"
        words = self.vocabulary
        return fail("ref", f"{words.unknown} {{found}} (nicht deklariert in {words.declared_in}){hint}", found=shown(value))

    def spelled(self, value: Any, info: ValidationInfo) -> Any:
        """Before the id's own check: a name written as shown ("Göppingen", "Logistik") where
        its id belongs is named with that id, when that id is declared; else the value is
        unknown, and said so now ("Büro" written as an id is 'buero', but no topic has it:
        naming 'buero' would only lead to an 'unbekanntes Thema' in the next run)."""
        known = (info.context or {}).get("refs", {}).get(self.kind)
        if not isinstance(value, str) or known is None or value in known or _ID.match(value):
            return value
        visible = _UNSEEN.sub("", value).strip()
        if visible != value.strip() and visible in known:
            raise fail("ref", f"in der Kennung steht ein unsichtbares Zeichen ({', '.join(unseen(value))}), oft aus Word oder einer Webseite kopiert: bitte löschen und '{visible}' neu tippen")
        written = as_id(value)
        named = (info.context or {}).get("labels", {}).get(self.kind, {}).get(written)
        meant = named if named in known and is_id(named) else written if written in known and is_id(written) else None
        if meant is None:
            raise self._unknown(value, known)
        raise fail("ref", f"hier gehört die Kennung hin, nicht der Name: statt {{found}} bitte '{meant}' schreiben", found=shown(value))


def is_id(text: str) -> bool:
    """Whether ``text`` has the form of an id (lower case a-z, digits, single hyphens)."""
    return bool(_ID.match(text))


Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": 80})]
IsoDate = Annotated[date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN})]
TimeRange = Annotated[str, AfterValidator(_check_time_range), WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}(\s*-\s*\d{2}:\d{2})?$"})]
Clock = Annotated[str, AfterValidator(_check_clock), WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}$"})]
Url = Annotated[str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
BaseUrl = Annotated[str, AfterValidator(_check_base_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://[^/?#\\s]+(/[^/?#\\s]+)*/?$"})]
Handle = Annotated[str, AfterValidator(_check_handle), WithJsonSchema({"type": "string", "pattern": HANDLE_PATTERN})]
Email = Annotated[str, AfterValidator(_check_email), WithJsonSchema({"type": "string", "format": "email"})]
Phone = Annotated[str, AfterValidator(_check_phone), WithJsonSchema({"type": "string", "pattern": r"^(?:[ +/()\-]*[0-9]){6}[0-9 +/()\-]*$"})]
Language = Annotated[str, AfterValidator(_check_language), WithJsonSchema({"type": "string", "enum": sorted(ISO_639_1)})]
PostalCode = Annotated[str, AfterValidator(_check_postal_code), WithJsonSchema({"type": "string", "pattern": r"^\d{5}$"})]
Money = Annotated[Decimal, BeforeValidator(_money), WithJsonSchema({"type": "number", "minimum": 0, "multipleOf": 0.01})]
Hours = Annotated[Decimal, BeforeValidator(_hours), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})]
Count = Annotated[int, BeforeValidator(_count), WithJsonSchema({"type": "integer", "minimum": 0})]
Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Flag = Annotated[bool, Field(strict=True)]

TopicRef = Annotated[Id, BeforeValidator(Ref("topics").spelled), AfterValidator(Ref("topics"))]
RegionRef = Annotated[Id, BeforeValidator(Ref("regions").spelled), AfterValidator(Ref("regions"))]
AudienceRef = Annotated[Id, BeforeValidator(Ref("audiences").spelled), AfterValidator(Ref("audiences"))]
FundingRef = Annotated[Id, BeforeValidator(Ref("funding").spelled), AfterValidator(Ref("funding"))]
ProviderRef = Annotated[Id, BeforeValidator(Ref("providers").spelled), AfterValidator(Ref("providers"))]
PageRef = Annotated[Id, BeforeValidator(Ref("pages").spelled), AfterValidator(Ref("pages"))]


@dataclass(frozen=True)
class Rule:
    """A rule across the fields of one section, with its German message.

    Validation checks it on the raw mapping (so the file's other errors are still found) and
    points at ``fields[0]``: its value, or the section's line when it is missing. ``schema``
    says the same to editors' JSON Schema tools. A rule that ``requires`` makes its fields
    conditionally required: the field reference marks them so, and ``new`` fills them in when
    its own values break the rule.
    """

    fields: tuple[str, ...]
    message: str
    broken: Callable[[Mapping[str, Any]], bool]
    schema: Mapping[str, Any]
    requires: bool = True
    # For rules about items of a list: each finding with its own place and message.
    where: Callable[[Mapping[str, Any]], list[tuple[tuple[str | int, ...], str]]] | None = None

    def findings(self, data: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        """(place below the section, message) for each time the rule is broken in ``data``."""
        if self.where is not None:
            return self.where(data)
        return [((self.fields[0],), self.message)] if self.broken(data) else []


def item_rule(name: str, message: str, where: Callable[[Mapping[str, Any]], list[tuple[tuple[str | int, ...], str]]]) -> Rule:
    """A rule about the items of list ``name`` that JSON Schema cannot say: each finding of
    ``where`` at its own place, with its own message."""
    return Rule((name,), message, lambda data: bool(where(data)), {}, requires=False, where=where)


@dataclass(frozen=True)
class Before:
    """Two dates of one section in their order: ``first`` not after ``then``. ``message``
    names both values by their keys (``{start}``). The section's field checks raise it; the
    browser editor checks the same order before it saves, and its preview warns (``cms``)."""

    first: str
    then: str
    message: str

    def check(self, first: date | None, then: date | None) -> None:
        """Raises the message if ``first`` comes after ``then``."""
        if first is not None and then is not None and first > then:
            raise fail("date_order", self.message, **{self.first: first.isoformat(), self.then: then.isoformat()})


# A date's end and its registration deadline, each against its start.
END_AFTER_START = Before("start", "end", "das Ende ({end}) liegt vor dem Beginn ({start})")
DEADLINE_BEFORE_START = Before("registration_deadline", "start", "der Anmeldeschluss ({registration_deadline}) liegt nach dem Beginn ({start})")


def rules_schema(*rules: Rule) -> dict[str, Any]:
    """The JSON Schema of a model's rules (``json_schema_extra``)."""
    parts = [dict(rule.schema) for rule in rules if rule.schema]
    return parts[0] if len(parts) == 1 else {"allOf": parts}


class Record(BaseModel):
    """Common settings: unknown fields are errors, text is trimmed, numbers may stand for text."""

    rules: ClassVar[tuple[Rule, ...]] = ()

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        populate_by_name=False,
        serialize_by_alias=True,
    )


# --- Parts --------------------------------------------------------------------------------


class Accessibility(Record):
    """Barrierefreiheit des Ortes."""

    wheelchair: Flag | None = Field(None, title="Rollstuhlgerecht", description="true, wenn der Ort stufenlos mit dem Rollstuhl erreichbar ist.")
    notes: Text400 | None = Field(None, title="Hinweise zur Barrierefreiheit", description="Weitere Hinweise.", examples=["Aufzug, induktive Höranlage"])


Weekday = Literal["mo", "di", "mi", "do", "fr", "sa", "so"]
WEEKDAY_IDS: tuple[str, ...] = get_args(Weekday)


class Address(Record):
    """Postanschrift mit Region."""

    street: Text120 = Field(title="Straße und Hausnummer", description="Straße und Hausnummer.", examples=["Neckarstraße 12"])
    postal_code: PostalCode = Field(
        title="Postleitzahl", description=described("Fünfstellige Postleitzahl[[, am besten in Anführungszeichen (eine führende 0 bleibt so erhalten)|]]."),
        examples=["73728"],
    )
    city: Text80 = Field(title="Ort", description="Ort.", examples=["Esslingen am Neckar"])
    region: RegionRef = Field(title="Region", description=described("Region[[ aus content/taxonomies.yaml (regions)|, in der der Ort liegt]]."))


class Location(Address):
    """Veranstaltungsort: Anschrift mit Region, dazu Name und Barrierefreiheit."""

    name: Text120 | None = Field(None, title="Name des Ortes", description="Name des Ortes.", examples=["Schulungszentrum Nord, Raum 2.14"])
    accessibility: Accessibility | None = Field(None, title="Barrierefreiheit", description="Barrierefreiheit des Ortes: wheelchair, notes.")


def _said(data: Mapping[str, Any], flag: str) -> bool:
    """Whether ``flag`` is true, or given as something else a yes/no field refuses on its own
    ('ja'): that one mistake needs no second message from a rule."""
    value = data.get(flag)
    return value is True or (value is not None and not isinstance(value, bool))


def _true(name: str) -> dict[str, Any]:
    return {"required": [name], "properties": {name: {"const": True}}}


def _no_price(data: Mapping[str, Any]) -> bool:
    return data.get("amount") is None and not _said(data, "on_request")


def _two_prices(data: Mapping[str, Any]) -> bool:
    return data.get("amount") is not None and data.get("on_request") is True


class Price(Record):
    """Preis in Euro – oder „Preis auf Anfrage“."""

    rules = (
        Rule(
            ("amount",),
            "Pflichtfeld fehlt: amount (Preis in Euro) oder on_request: true (Preis auf Anfrage)",
            _no_price,
            {"anyOf": [{"required": ["amount"]}, _true("on_request")]},
        ),
        Rule(
            ("on_request",), "amount und on_request: true schließen sich aus; bitte nur eines angeben", _two_prices,
            {"not": {"required": ["amount", "on_request"], "properties": {"on_request": {"const": True}}}}, requires=False,
        ),
    )
    model_config = ConfigDict(json_schema_extra=rules_schema(*rules))

    amount: Money | None = Field(None, title="Betrag in Euro", description="Preis in Euro, höchstens 2 Nachkommastellen; 0 bedeutet kostenfrei.")
    on_request: Flag = Field(False, title="Preis auf Anfrage", description="true: „Preis auf Anfrage“ statt eines Betrags.")
    vat: Literal["enthalten", "befreit", "zuzueglich"] | None = Field(
        None, title="Umsatzsteuer", description="Umsatzsteuer: enthalten, befreit (z. B. nach § 4 Nr. 21 UStG) oder zuzueglich; ohne Angabe: nicht genannt."
    )
    per: Literal["person", "gruppe"] = Field("person", title="Preis gilt je", description="Wofür der Preis gilt: person (Standard) oder gruppe (Inhouse, Firmenschulung).")
    note: Text200 | None = Field(None, title="Hinweis zum Preis", description="Hinweis zum Preis.", examples=["zzgl. Prüfungsgebühr 120 €"])


class OfferDate(Record):
    """Ein Termin: Beginn, Ende, Zeiten und freie Plätze."""

    order: ClassVar[tuple[Before, ...]] = (END_AFTER_START, DEADLINE_BEFORE_START)

    start: IsoDate = Field(title="Beginn", description=described("Erster Kurstag[[, JJJJ-MM-TT]]."))
    end: IsoDate | None = Field(None, title="Ende", description=described("Letzter Kurstag[[, JJJJ-MM-TT]]; nicht vor dem Beginn."))
    time: TimeRange | None = Field(None, title="Uhrzeit", description=described("Uhrzeit [[„HH:MM“|wie 09:00]] (Beginn) oder [[„HH:MM-HH:MM“|wie 09:00-16:30]] (Beginn und Ende jedes Termins)."))
    days: list[Weekday] = Field(
        default_factory=list, title="Wochentage", description="Wochentage der Treffen: mo, di, mi, do, fr, sa, so; mit time ein wöchentlicher Plan bis end."
    )
    schedule: Text200 | None = Field(None, title="Ablauf", description="Ablauf in Worten.", examples=["Mo–Fr, 8:30–16 Uhr"])
    mode: Literal["vollzeit", "teilzeit", "berufsbegleitend"] | None = Field(None, title="Zeitmodell", description="Umfang: vollzeit, teilzeit oder berufsbegleitend.")
    location: Location | None = Field(None, title="Ort dieses Termins", description="Ort dieses Termins; ersetzt den Ort des Angebots.")
    also_at: list[Location] = Field(
        default_factory=list,
        title="Weitere Orte dieses Termins",
        description=described(
            "Weitere Orte desselben Termins, wenn er an mehreren Orten stattfindet (die Theorie im Schulungszentrum, die Praxis in einem Lager in der Nachbarstadt)[[; "
            "je Ort wie location]]. Der erste Ort ist der des Termins[[ (location)]], ohne ihn der des Angebots. "
            "Der Termin wird unter der Region jedes Ortes gefunden, und die Entfernung zählt vom nächsten Ort."
        ),
    )
    price: Price | None = Field(None, title="Preis dieses Termins", description="Preis dieses Termins; ersetzt den Preis des Angebots.")
    note: Text200 | None = Field(None, title="Hinweis zum Termin", description="Hinweis zu diesem Termin.", examples=["Verkürzung auf 24 Monate möglich"])
    registration_deadline: IsoDate | None = Field(None, title="Anmeldeschluss", description=described("Anmeldeschluss[[, JJJJ-MM-TT]]; nicht nach dem Beginn."))
    late_entry: Flag = Field(
        False,
        title="Späterer Einstieg möglich",
        description="true: Einstieg auch nach dem Beginn möglich; der laufende Termin gilt dann bis zu seinem Ende als buchbar "
        "(„läuft seit …, Einstieg möglich“). Ohne Angabe endet die Buchbarkeit mit dem Beginn oder dem Anmeldeschluss.",
    )
    seats_available: Count | None = Field(None, title="Freie Plätze", description="Freie Plätze; 0 zeigt „ausgebucht“.")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        END_AFTER_START.check(info.data.get("start"), end)
        return end

    @field_validator("days")
    @classmethod
    def _days_within(cls, days: list[str], info: ValidationInfo) -> list[str]:
        """Weekdays none of which the dates span ("days: [fr]" from a Monday to a Wednesday)
        would put a session on a day the course does not meet."""
        start, end = info.data.get("start"), info.data.get("end")
        if not days or not isinstance(start, date) or (end is not None and not isinstance(end, date)):
            return days
        span = min(((end or start) - start).days + 1, 7)
        spanned = [WEEKDAY_IDS[(start + timedelta(days=n)).weekday()] for n in range(span)]
        if not set(days) & set(spanned):
            raise fail(
                "date_order",
                "keiner dieser Wochentage ({days}) liegt zwischen Beginn ({start}) und Ende ({end}); bitte days oder die Daten prüfen",
                days=", ".join(days), start=start.isoformat(), end=(end or start).isoformat(),
            )
        return days

    @field_validator("registration_deadline")
    @classmethod
    def _deadline_before_start(cls, deadline: date | None, info: ValidationInfo) -> date | None:
        DEADLINE_BEFORE_START.check(deadline, info.data.get("start"))
        return deadline


class Duration(Record):
    """Umfang des Angebots."""

    hours: Hours | None = Field(None, title="Unterrichtsstunden", description="Unterrichtsstunden insgesamt, größer als 0.")
    text: Text120 | None = Field(None, title="Umfang in Worten", description="Umfang in Worten. Sagt er nur, wie lange der Kurs läuft („2 Tage“, „ca. 3 Wochen“), zählt das für den Filter „Dauer“ bei einem Angebot ohne Termine und ohne hours.", examples=["5 Tage", "12 Wochen berufsbegleitend"])


class Contact(Record):
    """Ansprechperson; ersetzt die Kontaktdaten des Anbieters als Ganzes."""

    name: Text120 | None = Field(None, title="Name", description="Name der Ansprechperson.")
    email: Email | None = Field(None, title="E-Mail", description="E-Mail-Adresse.")
    phone: Phone | None = Field(None, title="Telefon", description="Telefonnummer.")


class Geo(Record):
    """Koordinaten (WGS 84)."""

    lat: float = Field(ge=-90, le=90, title="Breitengrad", description="Breitengrad.", examples=[48.7406])
    lon: float = Field(ge=-180, le=180, title="Längengrad", description="Längengrad.", examples=[9.3108])


class OpeningHours(Record):
    """Öffnungszeit an bestimmten Wochentagen."""

    model_config = ConfigDict(populate_by_name=False)

    days: list[Weekday] = Field(min_length=1, title="Wochentage", description="Wochentage: mo, di, mi, do, fr, sa, so.")
    opens: Clock = Field(alias="from", title="Von", description=described("Beginn[[, „HH:MM“| wie 09:00]]."))
    closes: Clock = Field(alias="to", title="Bis", description=described("Ende[[, „HH:MM“| wie 17:30]]; nach dem Beginn."))

    @field_validator("closes")
    @classmethod
    def _closes_after_opening(cls, closes: str, info: ValidationInfo) -> str:
        opens = info.data.get("opens")
        if opens is not None and closes <= opens:
            raise fail("time", "das Ende ({closes}) muss nach dem Beginn ({opens}) liegen", closes=closes, opens=opens)
        return closes


# --- Records ------------------------------------------------------------------------------


def _needs_location(data: Mapping[str, Any]) -> bool:
    if data.get("location") is not None or data.get("format") not in ("praesenz", "hybrid"):
        return False
    dates = data.get("dates")
    every_date_placed = isinstance(dates, list) and bool(dates) and all(isinstance(d, dict) and d.get("location") is not None for d in dates)
    return not every_date_placed


def _also_at_alone(data: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Each date with further places (also_at) but no first place: neither its own location nor the offer's."""
    dates = data.get("dates")
    if data.get("location") is not None or not isinstance(dates, list):
        return []
    return [
        (("dates", i, "also_at"), "weitere Orte ohne ersten Ort: bitte den ersten Ort unter location des Termins oder des Angebots angeben")
        for i, d in enumerate(dates)
        if isinstance(d, dict) and d.get("also_at") and d.get("location") is None
    ]


def _needs_dates(data: Mapping[str, Any]) -> bool:
    return not data.get("dates") and not _said(data, "on_demand") and not _said(data, "dates_on_request")


def _needs_expires(data: Mapping[str, Any]) -> bool:
    return data.get("dates_on_request") is True and data.get("expires") is None


def _excluded_and_own(data: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Each programme under excluded_funding that the offer names under funding too."""
    own, excluded = data.get("funding"), data.get("excluded_funding")
    if not isinstance(own, list) or not isinstance(excluded, list):
        return []
    return [
        (("excluded_funding", i), f"'{programme}' steht auch unter funding: ein Programm gilt für das Angebot oder ist ausgenommen, "
         "nicht beides; bitte an einer der beiden Stellen streichen")
        for i, programme in enumerate(excluded)
        if isinstance(programme, str) and programme in own
    ]


# The offer forms as visitors and editors read them (filters, offer pages, notes).
FORMAT_LABELS = {"praesenz": "Präsenz", "online": "Online", "hybrid": "Hybrid"}


class Offer(Record):
    """Ein Weiterbildungsangebot (offers/**/<id>.yaml). Die Id ist der Dateiname."""

    rules = (
        Rule(
            ("location",),
            "Pflichtfeld fehlt (Veranstaltungsort mit street, postal_code, city, region; nur bei format: online "
            "entbehrlich oder wenn jeder Termin einen eigenen Ort hat)",
            _needs_location,
            {
                "if": {"required": ["format"], "properties": {"format": {"enum": ["praesenz", "hybrid"]}}},
                "then": {
                    "anyOf": [
                        {"required": ["location"]},
                        {"required": ["dates"], "properties": {"dates": {"minItems": 1, "items": {"required": ["location"]}}}},
                    ]
                },
            },
        ),
        Rule(
            ("dates", "on_demand", "dates_on_request"),
            "mindestens ein Termin unter dates, on_demand: true oder dates_on_request: true ist nötig",
            _needs_dates,
            {"anyOf": [{"required": ["dates"], "properties": {"dates": {"minItems": 1}}}, _true("on_demand"), _true("dates_on_request")]},
        ),
        Rule(
            ("dates",),
            "ein Termin mit weiteren Orten (also_at) braucht einen ersten Ort: location des Termins oder des Angebots",
            lambda data: bool(_also_at_alone(data)),
            {
                "if": {"not": {"required": ["location"]}},
                "then": {"properties": {"dates": {"items": {
                    "if": {"not": {"required": ["location"]}}, "then": {"properties": {"also_at": {"not": {"minItems": 1}}}},
                }}}},
            },
            requires=False,
            where=_also_at_alone,
        ),
        Rule(
            ("expires",),
            described("Pflichtfeld bei dates_on_request: true – bis wann das Angebot ohne feste Termine gezeigt wird[[ (JJJJ-MM-TT)]]"),
            _needs_expires,
            {"if": _true("dates_on_request"), "then": {"required": ["expires"]}},
        ),
        item_rule("excluded_funding", "ein Programm steht unter funding und unter excluded_funding", _excluded_and_own),
    )
    model_config = ConfigDict(json_schema_extra=rules_schema(*rules))

    title: Title = Field(title="Titel", description="Titel des Angebots, 3–160 Zeichen.")
    provider: ProviderRef = Field(title="Anbieter", description=described("[[Id des Anbieters (Datei in content/providers/)|Der Bildungsträger, der das Angebot macht: wählen Sie Ihren eigenen, Angebote anderer Anbieter pflegen diese selbst]]."))
    summary: Annotated[Text300, AfterValidator(_no_tags)] = Field(
        title="Kurzbeschreibung", description="Kurzbeschreibung für Karten und Suchmaschinen, höchstens 300 Zeichen, ohne HTML."
    )
    summary_easy: Text600 | None = Field(None, title="In Leichter Sprache", description="Das Angebot in Leichter Sprache, höchstens 600 Zeichen.")
    description: Markdown = Field(title="Beschreibung", description="Ausführliche Beschreibung in Markdown.")
    topics: list[TopicRef] = Field(min_length=1, max_length=5, title="Themen", description=described("1–5 Themen[[ aus content/taxonomies.yaml]]."))
    audiences: list[AudienceRef] = Field(default_factory=list, title="Zielgruppen", description=described("Zielgruppen[[ aus content/taxonomies.yaml]]."))
    level: Literal["einstieg", "aufbau", "experte"] | None = Field(None, title="Niveau", description="Niveau: einstieg, aufbau oder experte.")
    format: Literal["praesenz", "online", "hybrid"] = Field(title="Form", description="Form: praesenz, online oder hybrid.")
    languages: list[Language] = Field(default_factory=lambda: ["de"], min_length=1, title="Unterrichtssprachen", description=described("Unterrichtssprachen[[ als ISO-639-1-Codes]]; ohne Angabe: [[de|Deutsch]]."))
    location: Location | None = Field(
        None, title="Veranstaltungsort", description=described("Veranstaltungsort; Pflicht außer bei format: online oder wenn jeder Termin einen eigenen Ort[[ (location)]] hat.")
    )
    dates: list[OfferDate] = Field(default_factory=list, title="Termine", description="Termine; dates, on_demand oder dates_on_request ist Pflicht.")
    on_demand: Flag = Field(False, title="Laufender Einstieg", description="true bei laufendem Einstieg (Beginn jederzeit).")
    dates_on_request: Flag = Field(False, title="Termine auf Anfrage", description="true: „Termine auf Anfrage“, keine festen Termine; dann ist expires Pflicht.")
    duration: Duration | None = Field(None, title="Umfang", description="Umfang: hours (Stunden) und/oder text.")
    price: Price = Field(title="Preis", description="Preis: amount in Euro (0 = kostenfrei) oder on_request: true, dazu vat, per und note.")
    inhouse: Flag = Field(False, title="Auch als Inhouse-Schulung", description="true: auch als Inhouse-Schulung für einen Betrieb buchbar.")
    funding: list[FundingRef] = Field(default_factory=list, title="Förderprogramme", description=described("Förderprogramme[[ aus content/taxonomies.yaml]]."))
    excluded_funding: list[FundingRef] = Field(
        default_factory=list,
        title="Ausgenommene Förderprogramme",
        description=described("Förderprogramme, für die der Anbieter anerkannt ist[[ (recognitions)]], die für dieses Angebot aber nicht gelten, "
        "etwa Bildungszeit für ein kurzes Webinar; das Angebot trägt sie dann nicht."),
    )
    certificate: Text160 | None = Field(None, title="Abschluss", description="Abschluss.", examples=["IHK-Zertifikat"])
    prerequisites: Markdown | None = Field(None, title="Voraussetzungen", description="Voraussetzungen in Markdown.")
    contact: Contact | None = Field(None, title="Ansprechperson", description="Ansprechperson; ersetzt die Kontaktdaten des Anbieters.")
    url: Url | None = Field(None, title="Link zur Anmeldung", description="Anmeldung oder Details beim Anbieter (https://…).")
    updated: IsoDate = Field(title="Zuletzt geprüft am", description=described("Datum der letzten redaktionellen Prüfung[[, JJJJ-MM-TT]]."))
    expires: IsoDate | None = Field(None, title="Veröffentlicht bis", description="Ab diesem Tag nicht mehr veröffentlicht.")
    tags: list[Text60] = Field(default_factory=list, title="Zusätzliche Suchwörter", description="Zusätzliche Suchwörter.")
    draft: Flag = Field(False, title="Entwurf", description="true: wird nie veröffentlicht.")


AdvisoryKind = Literal["weiterbildungsberatung", "arbeitsagentur", "kammer", "gewerkschaft", "kommune", "hochschule", "sonstige"]
Service = Literal["vor-ort", "telefon", "online", "aufsuchend"]


class AdvisoryPoint(Record):
    """Eine Beratungsstelle (content/advisory-points/<id>.yaml)."""

    rules = (
        Rule(
            ("phone", "email", "url"),
            "mindestens eine Kontaktangabe ist nötig: phone, email oder url",
            lambda data: not any(data.get(k) for k in ("phone", "email", "url")),
            {"anyOf": [{"required": ["phone"]}, {"required": ["email"]}, {"required": ["url"]}]},
        ),
    )
    model_config = ConfigDict(json_schema_extra=rules_schema(*rules))

    name: Text160 = Field(title="Name", description="Name der Beratungsstelle.")
    organisation: Text160 = Field(title="Träger", description="Träger.", examples=["Agentur für Arbeit Esslingen"])
    kind: AdvisoryKind = Field(title="Art der Beratungsstelle", description="Art: weiterbildungsberatung, arbeitsagentur, kammer, gewerkschaft, kommune, hochschule oder sonstige.")
    description: Markdown | None = Field(None, title="Beschreibung", description="Beschreibung in Markdown.")
    address: Address = Field(title="Anschrift", description="Anschrift mit street, postal_code, city, region.")
    geo: Geo | None = Field(None, title="Koordinaten", description=described("Koordinaten[[ lat/lon]] für die Umkreissuche."))
    phone: Phone | None = Field(None, title="Telefon", description="Telefon; phone, email oder url ist Pflicht.")
    email: Email | None = Field(None, title="E-Mail", description="E-Mail; phone, email oder url ist Pflicht.")
    url: Url | None = Field(None, title="Webseite", description="Webseite; phone, email oder url ist Pflicht.")
    opening_hours: list[OpeningHours] = Field(default_factory=list, title="Öffnungszeiten", description="Öffnungszeiten: Liste aus days, from, to.")
    opening_note: Text300 | None = Field(None, title="Hinweis zu den Öffnungszeiten", description="Hinweis zu den Öffnungszeiten.")
    appointment: Literal["none", "recommended", "required"] | None = Field(None, title="Terminvereinbarung", description="Termin: none, recommended oder required.")
    services: list[Service] = Field(default_factory=list, title="Beratungswege", description="Beratungswege: vor-ort, telefon, online, aufsuchend.")
    topics: list[TopicRef] = Field(default_factory=list, title="Themen", description=described("Themen[[ aus content/taxonomies.yaml]]."))
    audiences: list[AudienceRef] = Field(
        default_factory=list, title="Zielgruppen",
        description=described(
            "Zielgruppen[[ aus content/taxonomies.yaml]]. Mit der Zielgruppe für Unternehmen[[ (Id unternehmen oder z. B. "
            "arbeitgeber, betriebe)]] steht die Stelle auf der Beratungsseite auch unter „Beratung für Arbeitgeber und Betriebe“."
        ),
    )
    languages: list[Language] = Field(default_factory=lambda: ["de"], min_length=1, title="Beratungssprachen", description=described("Beratungssprachen[[ (ISO 639-1)]]; ohne Angabe: [[de|Deutsch]]."))
    free_of_charge: Flag = Field(True, title="Kostenfrei", description="false, wenn die Beratung etwas kostet.")
    accessibility: Accessibility | None = Field(None, title="Barrierefreiheit", description="Barrierefreiheit: wheelchair, notes.")
    updated: IsoDate = Field(title="Zuletzt geprüft am", description="Datum der letzten redaktionellen Prüfung.")



class Recognition(Record):
    """Anerkennung des Anbieters für ein Förderprogramm."""

    funding: FundingRef = Field(title="Förderprogramm", description=described("Förderprogramm[[ aus content/taxonomies.yaml (funding)]]."))
    valid_until: IsoDate | None = Field(None, title="Gültig bis", description=described("Gültig bis einschließlich[[, JJJJ-MM-TT]]; ohne Angabe unbefristet."))
    reference: Text120 | None = Field(None, title="Aktenzeichen", description="Aktenzeichen oder Nachweis der Anerkennung.", examples=["BZ-2026-0142"])


class Provider(Record):
    """Ein Bildungsträger (content/providers/<id>.yaml)."""

    name: Text160 = Field(title="Name", description="Name des Anbieters.")
    description: Markdown | None = Field(None, title="Beschreibung", description="Beschreibung in Markdown.")
    url: Url | None = Field(None, title="Webseite", description="Webseite.")
    email: Email | None = Field(None, title="E-Mail", description="E-Mail-Adresse.")
    phone: Phone | None = Field(None, title="Telefon", description="Telefonnummer.")
    address: Address | None = Field(None, title="Anschrift", description="Anschrift mit street, postal_code, city, region.")
    certifications: list[Text80] = Field(default_factory=list, title="Zertifizierungen", description="Zertifizierungen.", examples=[["AZAV", "ISO 9001"]])
    recognitions: list[Recognition] = Field(
        default_factory=list,
        title="Anerkennungen", description=described(
            "Anerkennungen für Förderprogramme (z. B. die Bildungszeit oder der Bildungsurlaub eines Landes); gelten für alle Angebote des Anbieters, "
            "außer wo ein Angebot das Programm unter [[excluded_funding|„Ausgenommene Förderprogramme“]] ausnimmt."
        ),
    )
    maintainers: list[Handle] = Field(
        default_factory=list,
        title="Pflegende", description=described(
            "Wer die Angebote dieses Anbieters pflegt: GitHub-Konten (@name) oder Teams (@organisation/team)[[; "
            "daraus schreibt `lotse owners` die Datei .github/CODEOWNERS, und `lotse check-changes` prüft Pull Requests danach]]."
        ),
        examples=[["@anna-beispiel", "@bildungswerk/weiterbildung"]],
    )
    updated: IsoDate = Field(title="Zuletzt geprüft am", description="Datum der letzten redaktionellen Prüfung.")


class Term(Record):
    """Ein Eintrag einer Taxonomie."""

    id: Id = Field(title="Id", description="Kennung.", examples=["metall-schweissen"])
    label: Text120 = Field(title="Bezeichnung", description="Bezeichnung, wie Besucher sie sehen.")
    description: Markdown | None = Field(None, title="Erklärung", description="Erklärung in Markdown.")
    url: Url | None = Field(None, title="Weiterführender Link", description="Weiterführender Link.")


class RegionTerm(Term):
    """Eine Region (content/taxonomies.yaml, regions)."""

    state: Land | None = Field(
        None, title="Bundesland",
        description=described("Land, in dem die Region liegt, wenn es nicht das aus [[site.yaml (state)|den Einstellungen der Website]] ist "
        "(auch abgekürzt: BW, NRW …): für Regionen über Landesgrenzen; Feiertage im Kalender, Schulferien in der Suche und "
        "Landesprogramme im Förder-Check richten sich danach"),
        examples=["Bayern"],
    )


# --- Funding programmes for the Förder-Check ------------------------------------------------

# Who a programme is for, as the Förder-Check asks it (its first question).
Situation = Literal["beschaeftigte", "arbeitsuchende", "unternehmen", "selbststaendige", "auszubildende", "wiedereinsteigende"]
# What someone wants to reach (the check's goal question).
Goal = Literal["zertifikat", "aufstieg", "sprache", "umschulung"]
Qualification = Literal["mit", "ohne"]
Percent = Annotated[int, Field(strict=True, ge=0, le=100)]
Headcount = Annotated[int, Field(strict=True, ge=1)]
Age = Annotated[int, Field(strict=True, ge=14, le=99)]
# The ids of a funding programme that a page of the site needs for itself.
RESERVED_FUNDING_IDS = frozenset({"check"})
# Situations whose answers include the size of a company.
WITH_HEADCOUNT = frozenset({"beschaeftigte", "unternehmen"})


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _min_above_max(low: str, high: str) -> Rule:
    """The rule that ``low`` may not lie above ``high`` (both optional whole numbers)."""

    def broken(data: Mapping[str, Any]) -> bool:
        a, b = _int(data.get(low)), _int(data.get(high))
        return a is not None and b is not None and b < a

    return Rule((high,), f"muss ≥ {low} sein", broken, {}, requires=False)


class SourceLink(Record):
    """Eine Quelle für die Angaben zu einem Förderprogramm."""

    title: Text160 = Field(title="Titel", description="Titel der Quelle, wie Besucher ihn lesen.", examples=["§ 82 SGB III (Gesetzestext)"])
    url: Url = Field(title="Adresse", description="Adresse der Quelle (https://…).")


class FundingCourse(Record):
    """Was ein Kurs erfüllen muss, damit das Programm ihn fördern kann. Seiten für Arbeitgeber
    und der Förder-Check nennen es neben den Fördersätzen; ein Angebot, dessen Angaben (Form,
    Stunden, Uhrzeiten, die Zertifizierungen seines Anbieters) sichtbar dagegen verstoßen, erbt
    das Programm nicht über die Anerkennung seines Anbieters."""

    hours_more_than: Hours | None = Field(None, title="Mehr als … Stunden", description="Der Kurs dauert mehr als so viele Stunden.", examples=[120])
    hours_min: Hours | None = Field(None, title="Mindestens … Stunden", description="Der Kurs umfasst mindestens so viele Unterrichtsstunden.", examples=[400])
    hours_max: Hours | None = Field(None, title="Höchstens … Stunden", description="Der Kurs umfasst höchstens so viele Unterrichtsstunden.", examples=[160])
    hours_per_day_min: Hours | None = Field(
        None, title="Stunden am Tag", description="Im Schnitt mindestens so viele Zeitstunden Unterricht am Tag; "
        "Termine mit kürzerer Uhrzeit (wie 09:00-13:00) erfüllen es sichtbar nicht.", examples=[6],
    )
    formats: list[Literal["praesenz", "online", "hybrid"]] = Field(
        default_factory=list, title="Form", description="Nur Kurse in dieser Form: praesenz, online, hybrid; ohne Angabe: jede.",
        examples=[["praesenz", "hybrid"]],
    )
    certification: Text60 | None = Field(
        None, title="Zulassung", description="Zulassung, die Kurs und Anbieter brauchen; nennt ein Anbieter unter certifications "
        "Zertifizierungen, aber diese nicht, erfüllt er sie sichtbar nicht.", examples=["AZAV"],
    )


class FundingRate(Record):
    """Was ein Programm unter bestimmten Bedingungen fördert, etwa je Betriebsgröße.

    Bedingungen, die fehlen, gelten als „egal“. Der Förder-Check nimmt je Programm den ersten
    Satz, dessen Bedingungen passen; speziellere Sätze stehen deshalb vor allgemeineren.
    """

    rules = (
        Rule(
            ("course_costs",),
            "mindestens eines ist nötig: course_costs, wage, max_amount oder text",
            lambda data: all(data.get(key) is None for key in ("course_costs", "wage", "max_amount", "text")),
            {"anyOf": [{"required": [key]} for key in ("course_costs", "wage", "max_amount", "text")]},
        ),
        _min_above_max("employees_min", "employees_max"),
        _min_above_max("age_min", "age_max"),
    )
    model_config = ConfigDict(json_schema_extra=rules_schema(*rules))

    for_: list[Situation] = Field(
        default_factory=list, alias="for", title="Für", description=described("Nur für diese Gruppen (aus [[for|„Für wen“]] des Programms); ohne Angabe: für alle des Programms.")
    )
    goals: list[Goal] = Field(default_factory=list, title="Ziele", description="Nur für diese Ziele: zertifikat, aufstieg, sprache, umschulung.")
    employees_min: Headcount | None = Field(None, title="Beschäftigte ab", description="Nur für Betriebe mit mindestens so vielen Beschäftigten.", examples=[50])
    employees_max: Headcount | None = Field(None, title="Beschäftigte bis", description="Nur für Betriebe mit höchstens so vielen Beschäftigten.", examples=[499])
    age_min: Age | None = Field(None, title="Alter ab", description="Nur ab diesem Alter (in Jahren).", examples=[55])
    age_max: Age | None = Field(None, title="Alter bis", description="Nur bis zu diesem Alter (in Jahren).")
    qualification: Qualification | None = Field(None, title="Berufsabschluss", description=described("[[Nur mit (mit) oder ohne (ohne) Berufsabschluss|Gilt nur für Menschen, die einen Berufsabschluss haben – oder nur für die, die keinen haben]]."))
    course_costs: Percent | None = Field(None, title="Lehrgangskosten (%)", description="Höchstens so viel Prozent der Lehrgangskosten werden übernommen (0–100).")
    wage: Percent | None = Field(None, title="Zuschuss zum Arbeitsentgelt (%)", description="Zuschuss zum Arbeitsentgelt in Prozent (0–100), etwa für den Arbeitgeber.")
    max_amount: Money | None = Field(None, title="Höchstbetrag", description="Höchstbetrag in Euro.")
    text: Text200 | None = Field(None, title="In Worten", description="Die Förderung in Worten, wenn Prozente sie nicht fassen, oder ergänzend.",
                                 examples=["bis zu fünf bezahlte Arbeitstage im Jahr"])
    easy: Text300 | None = Field(None, title="In Leichter Sprache", description="Dieser Satz in Leichter Sprache; ohne Angabe bildet Lotse ihn aus den Zahlen.")


def _check_only(data: Mapping[str, Any]) -> bool:
    return bool(data.get("for"))


def _needed_for_check(field_: str, what: str) -> Rule:
    return Rule(
        (field_,),
        described(f"Pflichtfeld, wenn for angegeben ist (das Programm steht im Förder-Check): {field_} ({what})"),
        lambda data: _check_only(data) and not data.get(field_),
        {"if": {"required": ["for"], "properties": {"for": {"minItems": 1}}}, "then": {"required": [field_]}},
    )


def _rates_outside_for(data: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Each group a rate names that its programme's ``for`` does not, and each company-size
    condition on a rate for nobody with a company."""
    own = data.get("for")
    own = [s for s in own if isinstance(s, str)] if isinstance(own, list) else []
    rates = data.get("rates")
    found: list[tuple[tuple[str | int, ...], str]] = []
    for i, rate in enumerate(rates if isinstance(rates, list) else []):
        if not isinstance(rate, dict):
            continue
        named = rate.get("for")
        named = named if isinstance(named, list) else []
        for j, situation in enumerate(named):
            if isinstance(situation, str) and own and situation not in own:
                found.append((("rates", i, "for", j), f"'{situation}' steht nicht in for des Programms ({', '.join(own)})"))
        groups = [s for s in named if isinstance(s, str)] or own
        for key in ("employees_min", "employees_max"):
            if rate.get(key) is not None and groups and not WITH_HEADCOUNT & set(groups):
                found.append(
                    (("rates", i, key), "eine Betriebsgröße passt nur zu for mit beschaeftigte oder unternehmen")
                )
                break
    return found


class FundingTerm(Term):
    """Ein Förderprogramm. Mit for steht es im Förder-Check; die weiteren Felder beschreiben,
    wer es bekommen kann und wie viel, damit der Check begründen kann, warum es passen kann."""

    rules = (
        _needed_for_check("as_of", "Stand der Angaben[[, JJJJ-MM-TT]]"),
        _needed_for_check("source", "mindestens eine Quelle mit title und url"),
        _needed_for_check("next_step", "was man als Nächstes tut"),
        Rule(("rates",), "rates gilt nur zusammen mit for (wer die Förderung bekommen kann)",
             lambda data: bool(data.get("rates")) and not _check_only(data), {}, requires=False),
        item_rule("rates", "Gruppen und Betriebsgrößen der rates müssen zu for passen", _rates_outside_for),
        _min_above_max("age_min", "age_max"),
    )
    model_config = ConfigDict(json_schema_extra=rules_schema(*rules))

    summary: Text300 | None = Field(None, title="Kurz gesagt", description="Das Programm in ein bis zwei kurzen Sätzen, einfach gesagt (Übersicht und Förder-Check).")
    easy: Text600 | None = Field(None, title="In Leichter Sprache", description="Das Programm und der nächste Schritt in Leichter Sprache (Ergebnis des Förder-Checks).")
    for_: list[Situation] = Field(
        default_factory=list,
        alias="for",
        title="Für wen", description="Wer es bekommen kann: beschaeftigte, arbeitsuchende, unternehmen, selbststaendige, auszubildende, "
        "wiedereinsteigende; damit steht es im Förder-Check.",
        examples=[["beschaeftigte", "unternehmen"]],
    )
    goals: list[Goal] = Field(
        default_factory=list, title="Ziele", description="Für welche Ziele: zertifikat, aufstieg, sprache, umschulung; ohne Angabe: für alle."
    )
    state: Land | None = Field(
        None, title="Bundesland", description="Nur für Menschen, die in diesem Land wohnen oder arbeiten (auch abgekürzt: BW, NRW …).", examples=["Baden-Württemberg"]
    )
    age_min: Age | None = Field(None, title="Mindestalter", description="Mindestalter in Jahren.")
    age_max: Age | None = Field(None, title="Höchstalter", description="Höchstalter in Jahren (bei Beginn).", examples=[24])
    qualification: Qualification | None = Field(None, title="Berufsabschluss", description=described("[[Nur mit (mit) oder ohne (ohne) Berufsabschluss|Gilt nur für Menschen, die einen Berufsabschluss haben – oder nur für die, die keinen haben]]."))
    rates: list[FundingRate] = Field(
        default_factory=list,
        title="Fördersätze", description="Förderung je Bedingung (Betriebsgröße, Alter, Abschluss …), speziellere zuerst; der Check nimmt den ersten passenden Satz.",
    )
    next_step: Text300 | None = Field(None, title="Nächster Schritt", description="Was man als Nächstes tut, in kurzen Sätzen.",
                                      examples=["Sprechen Sie mit der Agentur für Arbeit, bevor Sie sich anmelden."])
    course: FundingCourse | None = Field(
        None, title="Anforderungen an den Kurs",
        description="Was der Kurs erfüllen muss: hours_more_than, hours_min, hours_max, hours_per_day_min, formats, certification.",
    )
    employer_next_step: Text300 | None = Field(
        None, title="Nächster Schritt für Arbeitgeber",
        description="Was ein Betrieb als Nächstes tut, wenn das Programm (auch) für unternehmen ist. Ohne Angabe zeigen Seiten für "
        "Arbeitgeber nicht next_step (das für Beschäftigte geschrieben ist), sondern raten zur Beratung; ein Programm nur für "
        "unternehmen nimmt next_step.",
        examples=["Wenden Sie sich an den Arbeitgeber-Service der Agentur für Arbeit, bevor sich Ihre Beschäftigten anmelden."],
    )
    advisory_kinds: list[AdvisoryKind] = Field(
        default_factory=list, title="Beratung durch", description=described("Welche Beratungsstellen helfen ([[kind|Art]] der Beratungsstellen), die wichtigste zuerst.")
    )
    as_of: IsoDate | None = Field(None, title="Stand", description=described("Stand der Angaben[[, JJJJ-MM-TT]]; jede Programmseite zeigt ihn."))
    valid_until: IsoDate | None = Field(None, title="Gültig bis", description=described("Läuft nach diesem Tag aus[[ (JJJJ-MM-TT)]]: Pflegebericht warnt, der Förder-Check zeigt es nicht mehr."))
    source: list[SourceLink] = Field(default_factory=list, title="Quellen", description="Quellen der Angaben (title, url); jede Programmseite verlinkt sie.")

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_FUNDING_IDS:
            raise fail("reserved", f"Id {{found}} ist für den Förder-Check reserviert (/foerderung/{value}/); bitte eine andere wählen",
                       found=shown(value))
        return value


class Taxonomies(Record):
    """Kontrollierte Vokabulare (content/taxonomies.yaml)."""

    topics: list[Term] = Field(default_factory=list, title="Themen", description="Themen.")
    regions: list[RegionTerm] = Field(default_factory=list, title="Regionen", description="Regionen.")
    audiences: list[Term] = Field(default_factory=list, title="Zielgruppen", description="Zielgruppen.")
    funding: list[FundingTerm] = Field(default_factory=list, title="Förderprogramme", description="Förderprogramme; mit for stehen sie im Förder-Check.")


# The taxonomies, in the order editors meet them; each is a reference kind of VOCABULARIES.
TERM_KINDS: tuple[str, ...] = tuple(Taxonomies.model_fields)


class SiteContact(Record):
    """Kontakt der Redaktion."""

    email: Email | None = Field(None, title="E-Mail der Redaktion", description="E-Mail der Redaktion.")
    phone: Phone | None = Field(None, title="Telefon der Redaktion", description="Telefon der Redaktion.")


def _check_postal_pattern(value: str) -> str:
    if not re.fullmatch(r"\d{1,5}|\d{5}-\d{5}", value):
        raise fail(
            "postal_code",
            "muss ein Postleitzahl-Anfang (1–5 Ziffern, z. B. \"737\") oder ein Bereich \"70173-70629\" sein, gefunden: {found}",
            found=shown(value),
        )
    return value


PostalPattern = Annotated[str, AfterValidator(_check_postal_pattern), WithJsonSchema({"type": "string", "pattern": r"^(\d{1,5}|\d{5}-\d{5})$"})]


class ImportTopicRule(Record):
    """Regel für den Import: welches Thema ein Kurs aus einem Katalog bekommt."""

    topic: TopicRef = Field(title="Thema", description=described("Thema[[ aus content/taxonomies.yaml| für die Kurse, auf die die Regel passt]]."))
    codes: list[Text40] = Field(default_factory=list, title="Klassifikations-Codes", description="Klassifikations-Codes (KURSNET-Systematik, DVV-Kategorie); ein Code passt, wenn der Kurscode mit ihm beginnt.")
    keywords: list[Text60] = Field(default_factory=list, title="Schlagwörter", description="Wörter im Titel oder in den Schlagwörtern eines Kurses (ohne Groß-/Kleinschreibung).")


# A secret in a feed's address: ``${NAME}``, filled in from the environment when the catalogue
# is fetched (a secret of the repository in CI), so that site.yaml, which is public, holds
# only its name.
SECRET_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]{0,63})\}")
# Query parameters that carry access: "?key=…", "&api_key=…", "&token=…" (compared without "-"
# and "_", ignoring case).
_SECRET_PARAMETERS = {
    "key", "apikey", "accesskey", "token", "accesstoken", "authtoken", "auth", "apitoken", "password",
    "passwort", "pass", "pwd", "secret", "clientsecret", "sig", "signature", "credential", "credentials",
}


# Names a ``${NAME}`` never stands for: the credentials of the run itself (the workflow's
# token, every secret at once, the runner's own), not of a catalogue. A feed address naming one
# would send it to the catalogue's host, and site.yaml passes review more easily than code.
_RUNNER_NAMES = frozenset({"GH_TOKEN", "GITHUB_TOKEN", "LOTSE_SECRETS"})
_RUNNER_PREFIXES = ("GITHUB_", "ACTIONS_", "RUNNER_")


def runner_credential(name: str) -> bool:
    """Whether the placeholder ``name`` names a credential of the run, never of a catalogue."""
    return name in _RUNNER_NAMES or name.startswith(_RUNNER_PREFIXES)


def _written_out(value: str) -> bool:
    """Whether ``value`` holds anything besides ``${NAME}`` parts."""
    return bool(SECRET_PLACEHOLDER.sub("", value))


def _secret_parameter(name: str, value: str) -> bool:
    """A query parameter that carries access, written out."""
    return _written_out(value) and re.sub(r"[-_]", "", name).lower() in _SECRET_PARAMETERS


def literal_secrets(url: str) -> list[str]:
    """Where ``url`` holds access written out rather than as ``${NAME}``: the password of the
    address, query parameters such as ``key`` or ``token``."""
    parts = urlsplit(url)
    found = []
    if parts.password and _written_out(parts.password):
        found.append("Passwort vor dem @")
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _secret_parameter(name, value):
            found.append(f"Parameter „{name}“")
    return found


def _with_placeholders(url: str, provider: str) -> str:
    """``url`` with each written-out secret replaced by the ``${NAME}`` to use instead."""
    stem = re.sub(r"[^A-Z0-9]+", "_", provider.upper()).strip("_") or "KATALOG"
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password and _written_out(parts.password):
        netloc = netloc.replace(":" + parts.password + "@", ":${" + stem + "_PASSWORT}@", 1)
    query = "&".join(
        f"{name}=${{{stem}_{re.sub(r'[^A-Z0-9]+', '_', name.upper())}}}" if _secret_parameter(name, value) else f"{name}={value}"
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _check_feed_url(value: str) -> str:
    """An address whose ``${NAME}`` parts are filled in when it is fetched."""
    _check_url(SECRET_PLACEHOLDER.sub("x", value))
    return value


FeedUrl = Annotated[str, AfterValidator(_check_feed_url), WithJsonSchema({"type": "string", "pattern": "^https?://"})]


class ImportFeed(Record):
    """Ein Katalog, den der nächtliche Import abholt (python build.py import feeds)."""

    provider: Id = Field(title="Anbieter", description=described("Id des Anbieters; [[der Import legt content/providers/<Id>.yaml an, wenn sie fehlt|fehlt der Anbieter, legt der Import ihn an]]."))
    format: Literal["openqcat", "openvhs", "bawbsuche", "tabelle"] = Field(
        title="Format", description="Format des Katalogs: openqcat (KURSNET), openvhs, bawbsuche (JSON der BA-Kurssuche) oder tabelle (.xlsx/.csv)."
    )
    url: FeedUrl = Field(
        title="Adresse des Katalogs",
        description="Adresse des Katalogs (https://…); auf einen anderen Rechner wird nur über https und nur ins Internet weitergeleitet. Zugangsdaten nie im Klartext: "
        "${NAME} steht für das Secret NAME des Repositorys (im Workflow „Import“ gesetzt), auch als Benutzer:Passwort vor dem @.",
        examples=["https://www.example.org/kursnet/export.xml", "https://kurse.example.org/export.xml?key=${VHS_ESSLINGEN_KEY}"],
    )
    topic: TopicRef | None = Field(None, title="Thema", description="Thema für Kurse, die keine Regel unter import.topics einordnet.")

    @field_validator("url")
    @classmethod
    def _no_written_secret(cls, url: str, info: ValidationInfo) -> str:
        """site.yaml is public (a repository, often a public one): an access key written into
        it is published with the next push. The message names where, never the value."""
        taken = [name for name in dict.fromkeys(SECRET_PLACEHOLDER.findall(url)) if runner_credential(name)]
        if taken:
            raise fail(
                "secret",
                "setzt {names} ein: das sind Zugangsschlüssel von GitHub bzw. des Import-Laufs, keine eines Katalogs, und "
                "sie würden an den Rechner des Katalogs geschickt. Für den Katalog ein eigenes Secret anlegen und dessen "
                "Namen einsetzen, z. B. {example}",
                names=", ".join("${" + name + "}" for name in taken),
                example="${" + (re.sub(r"[^A-Z0-9]+", "_", str(info.data.get("provider") or "").upper()).strip("_") or "KATALOG") + "_KEY}",
            )
        found = literal_secrets(url)
        if found:
            raise fail(
                "secret",
                "enthält Zugangsdaten im Klartext ({where}); site.yaml ist öffentlich. Den Wert als Secret des "
                "Repositorys anlegen (Settings → Secrets and variables → Actions), den alten beim Anbieter "
                "sperren lassen und hier den Namen einsetzen: {suggested}",
                where=", ".join(found), suggested=_with_placeholders(url, str(info.data.get("provider") or "")),
            )
        return url


class ImportSettings(Record):
    """Zuordnungen für `python build.py import` (open-Qcat, Open-vhs, BA-Kurssuche, Tabelle)."""

    funding_federal: dict[str, FundingRef] = Field(default_factory=dict, title="Bundes-Förderarten", description="Bundes-Förderarten (Code aus foerderartenbund.dat) → Förderprogramm-Id.")
    funding_regional: dict[str, FundingRef] = Field(default_factory=dict, title="Landes-Förderarten", description="Landes-Förderarten (Code aus foerderartenland.dat) → Förderprogramm-Id.")
    topics: list[ImportTopicRule] = Field(default_factory=list, title="Themenregeln", description="Regeln Code/Schlagwort → Thema; die erste Regel mit passendem Code gilt, sonst die erste mit passendem Stichwort.")
    feeds: list[ImportFeed] = Field(
        default_factory=list,
        title="Kataloge", description="Kataloge je Anbieter, die der Workflow „Import“ jede Nacht abholt und als Pull Request vorschlägt: provider, format, url, topic.",
    )


def _check_timezone(value: str) -> str:
    try:
        if not re.fullmatch(r"[A-Za-z0-9_+-]{1,40}(/[A-Za-z0-9_+-]{1,40}){0,2}", value):
            raise ValueError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as "Europe"
        raise fail("timezone", "muss eine Zeitzone wie Europe/Berlin sein, gefunden: {found}", found=shown(value)) from None
    return value


class Site(Record):
    """Einstellungen des Weiterbildungsfinders (site.yaml)."""

    title: Text120 = Field(title="Name der Website", description="Name der Website.")
    base_url: BaseUrl = Field(
        title="Öffentliche Adresse", description="Öffentliche Adresse, mit Rechnernamen und ohne leere Pfadteile (//).", examples=["https://example.org/weiterbildung/"]
    )
    tagline: Text200 | None = Field(None, title="Untertitel", description="Untertitel.")
    description: Text300 | None = Field(None, title="Beschreibung für Suchmaschinen", description="Beschreibung für Suchmaschinen.")
    language: Language = Field("de", title="Sprache", description=described("Sprache der Website; Standard: [[de|Deutsch]]."))
    timezone: Annotated[str, AfterValidator(_check_timezone)] = Field("Europe/Berlin", title="Zeitzone", description="Zeitzone; Standard: Europe/Berlin.")
    banner: Text300 | None = Field(None, title="Hinweis auf jeder Seite", description="Hinweis auf jeder Seite.", examples=["Beispieldaten"])
    state: Land | None = Field(
        None, title="Bundesland", description=described("Land, in dem die Regionen liegen (auch abgekürzt: BW, NRW …); der Förder-Check fragt danach für Programme mit state, die Kalender lassen seine Feiertage aus, und die Suche versteht seine Schulferien („in den Sommerferien“), soweit Lotse sie mitbringt oder [[content/schulferien.csv|die Tabelle der Schulferien]] sie nennt. Eine Region in einem anderen Land nennt ihres selbst[[ (state in content/taxonomies.yaml, regions)| (bei der Region)]]."), examples=["Baden-Württemberg"]
    )
    per_page: Annotated[int, Field(strict=True, ge=1, le=500)] = Field(20, title="Angebote je Listenseite", description="Angebote je Listenseite; Standard: 20.")
    nav: list[PageRef] = Field(default_factory=list, title="Menü", description=described("Seiten[[ (Dateinamen aus content/pages/)]] im Menü, in dieser Reihenfolge."))
    contact: SiteContact | None = Field(None, title="Kontakt der Redaktion", description="Kontakt der Redaktion: email, phone.")
    issue_form: Url | None = Field(
        None,
        title="Formular für Korrekturen", description="Formular für „Angaben nicht mehr aktuell? Melden“; Lotse hängt title und seite (die Adresse der Seite) an. "
        "Ohne Angabe führt der Link zu einer E-Mail an contact.email.",
        examples=["https://github.com/organisation/finder/issues/new?template=angaben-melden.yml"],
    )
    maintainers: list[Handle] = Field(
        default_factory=list,
        title="Redaktion", description=described("Die Redaktion: GitHub-Konten oder Teams, die alle Inhalte pflegen[[; in .github/CODEOWNERS stehen sie bei jeder Datei]]."),
        examples=[["@organisation/redaktion"]],
    )
    postal_codes: dict[RegionRef, list[PostalPattern]] = Field(
        default_factory=dict,
        title="Postleitzahlen je Region", description=described("Postleitzahlen je Region (Anfang wie [[\"737\"|737]] oder Bereich [[\"70173-70629\"|70173-70629]]); für Import und Beratungssuche, und die Prüfung nennt damit die Region zu einer Postleitzahl."),
    )
    import_: ImportSettings | None = Field(None, alias="import", title="Katalog-Import", description="Zuordnungen für den Katalog-Import.")



class PageFront(Record):
    """Vorspann einer redaktionellen Seite (content/pages/<slug>.md)."""

    title: Text160 = Field(title="Seitentitel", description="Seitentitel.")
    description: Text300 | None = Field(None, title="Beschreibung für Suchmaschinen", description="Beschreibung für Suchmaschinen.")
    nav_order: Annotated[int, Field(strict=True)] | None = Field(None, title="Position im Menü", description="Position im Menü; ohne Angabe nicht im Menü.")


SearchWord = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)]


def _word_key(word: Any) -> str:
    return " ".join(str(word).casefold().split())


def _repeated_words(data: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Each word that stands in a second group, at its second place, naming the first."""
    groups = data.get("synonyms")
    first: dict[str, tuple[int, int]] = {}
    found: list[tuple[tuple[str | int, ...], str]] = []
    for g, group in enumerate(groups if isinstance(groups, list) else []):
        for w, word in enumerate(group if isinstance(group, list) else []):
            if not isinstance(word, str) or not word.strip():
                continue
            key = _word_key(word)
            if key in first and first[key][0] != g:
                g0, w0 = first[key]
                found.append(
                    (("synonyms", g, w), f"„{word.strip()}“ steht schon in synonyms[{g0}][{w0}]; ein Wort darf nur in einer Gruppe stehen")
                )
            first.setdefault(key, (g, w))
    return found


def _repeated_terms(data: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Each broader term that has a second entry, at the second, naming the first."""
    entries = data.get("broader")
    first: dict[str, int] = {}
    found: list[tuple[tuple[str | int, ...], str]] = []
    for e, entry in enumerate(entries if isinstance(entries, list) else []):
        term = entry.get("term") if isinstance(entry, Mapping) else None
        if not isinstance(term, str) or not term.strip():
            continue
        key = _word_key(term)
        if key in first:
            found.append((("broader", e, "term"), f"„{term.strip()}“ steht schon in broader[{first[key]}]; jeder Oberbegriff nur einmal"))
        first.setdefault(key, e)
    return found


class BroaderTerm(Record):
    """Oberbegriff: ein Wort, das Besucher tippen, und die engeren Wörter, die es meint."""

    term: SearchWord = Field(
        title="Oberbegriff", description="Das allgemeine Wort oder die Wendung, die Besucher tippen (2–60 Zeichen), z. B. „Fremdsprachen“."
    )
    narrower: list[SearchWord] = Field(
        min_length=1, max_length=40,
        title="Engere Wörter", description="Wörter oder Wendungen, die zum Oberbegriff gehören (1–40, je 2–60 Zeichen): "
        "Eine Seite mit einem davon wird auch unter dem Oberbegriff gefunden, nicht unter den anderen engeren Wörtern.",
        examples=[["Englisch", "Französisch", "Spanisch"]],
    )


class SearchWords(Record):
    """Suchwörter (content/search.yaml): Gruppen von Wörtern, die für Besucher dasselbe meinen."""

    rules = (
        item_rule("synonyms", "ein Wort darf nur in einer Gruppe stehen", _repeated_words),
        item_rule("broader", "jeder Oberbegriff nur einmal", _repeated_terms),
    )

    synonyms: list[Annotated[list[SearchWord], Field(min_length=2, max_length=20)]] = Field(
        default_factory=list,
        title="Gleichbedeutende Wörter", description="Gruppen gleichbedeutender Wörter oder Wendungen (je 2–20, je 2–60 Zeichen); "
        "die Suche nach einem Wort findet Seiten mit jedem Wort der Gruppe.",
        examples=[[["Stapler", "Gabelstapler", "Flurförderzeug"], ["KI", "künstliche Intelligenz"]]],
    )
    builtin_synonyms: Flag = Field(
        True,
        title="Mitgelieferte Wortgruppen",
        description=described(
            "Die rund 100 Wortgruppen, die Lotse mitbringt[[ (site_builder/data/synonyme.yaml)]], gelten zusätzlich; "
            "[[false schaltet sie ab|ohne Haken gelten sie nicht]]. Eigene Gruppen gehen vor: Ein Wort aus einer eigenen Gruppe zählt nur dort."
        ),
    )
    broader: list[BroaderTerm] = Field(
        default_factory=list,
        title="Oberbegriffe",
        description="Allgemeine Wörter, die keine Seite nennen muss („Fremdsprachen“), mit den engeren Wörtern, die sie meinen "
        "(„Englisch“, „Spanisch“): Die Suche nach dem Oberbegriff findet die Seiten mit einem engeren Wort, nur in diese Richtung.",
    )
    builtin_broader: Flag = Field(
        True,
        title="Mitgelieferte Oberbegriffe",
        description=described(
            "Die Oberbegriffe, die Lotse mitbringt[[ (site_builder/data/synonyme.yaml, broader)]], gelten zusätzlich; "
            "[[false schaltet sie ab|ohne Haken gelten sie nicht]]. Ein eigener Eintrag für denselben Oberbegriff ersetzt den mitgebrachten."
        ),
    )


@dataclass(frozen=True)
class SchoolHoliday:
    """One row of a table of school holidays (a guide's ``content/schulferien.csv``, Lotse's own
    ``data/schulferien.csv``): the first and last day off of one of a Land's holidays. Not a
    record file of YAML: ``validate.school_holiday_rows`` checks the cells of each row."""

    land: str  # one of the sixteen Länder, written out as ``german.LAENDER`` writes it
    name: str  # "Sommerferien": one word ending in "ferien", as visitors type it in a search
    first: date
    last: date


# The table's columns in order, as a header line may name them: ``land;name;first;last``.
SCHOOL_HOLIDAY_COLUMNS = ("land", "name", "first", "last")


RESERVED_SLUGS = frozenset(
    [
        "angebote", "beratung", "anbieter", "themen", "regionen", "foerderung", "unternehmen", "suche", "merkliste", "katalog",
        "leichte-sprache", "api", "pagefind", "assets",
    ]
)
