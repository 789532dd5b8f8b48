"""German formats for dates, numbers and money, as visitors read them; the dates the contract
accepts (``date_problem``); and the German names of spaces an editor cannot see."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
WEEKDAYS_SHORT = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]


def date_de(day: date | None) -> str:
    """3. März 2027"""
    return "" if day is None else f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def date_short(day: date | None) -> str:
    """03.03.2027 (as ``strftime("%d.%m.%Y")``, without its call: a list page shows hundreds)"""
    return "" if day is None else f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def weekday_de(day: date | None) -> str:
    """Mi"""
    return "" if day is None else WEEKDAYS_SHORT[day.weekday()]


def month_de(day: date | None) -> str:
    """März 2027"""
    return "" if day is None else f"{MONTHS[day.month - 1]} {day.year}"


def join_de(parts: Sequence[str], last: str = "und") -> str:
    """"a", "a und b", "a, b und c"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {last} {parts[-1]}"


NUMBER_WORDS = ["null", "eine", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"]


def number_word(n: int) -> str:
    """6 -> 'sechs', 1 -> 'eine' (for the feminine nouns it counts: Fragen, Stellen); from 13
    in digits, as German style guides write them."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def number_range(fewest: int, most: int) -> str:
    """(4, 6) -> 'vier bis sechs'; (6, 6) -> 'sechs' (``number_word``)."""
    return number_word(most) if fewest == most else f"{number_word(fewest)} bis {number_word(most)}"


# "2 Tage", "ca. 3 Wochen", "5,5 Monate Vollzeit": a duration text that says how long a course
# runs and nothing else, with the days of its unit.
_SPAN = re.compile(
    r"(?:ca\.?|circa|etwa|rund)?\s*(\d+(?:[.,]\d+)?)\s*(tage?|wochen?|monate?|jahre?)"
    r"(?:\s*\(?(?:insgesamt|gesamt|vollzeit|teilzeit|berufsbegleitend)\)?)?",
    re.IGNORECASE,
)
_SPAN_DAYS = {"tag": 1, "woche": 7, "monat": 30, "jahr": 365}


def span(text: str | None) -> tuple[Decimal, str] | None:
    """How long a duration text says a course runs, where that is all it says, as a number and
    its unit ("tag", "woche", "monat", "jahr"): "2 Tage" -> (2, "tag"), "ca. 5,5 Monate" ->
    (5.5, "monat"); None for "1 Tag, 5 Stunden", "2 Termine à 3 Tage" or "26 Termine" (what
    they mean in days is a guess)."""
    found = _SPAN.fullmatch((text or "").strip())
    if found is None:
        return None
    unit = found.group(2).casefold()
    return Decimal(found.group(1).replace(",", ".")), unit[:-1] if unit[:-1] in _SPAN_DAYS else unit


def span_in_days(text: str | None) -> Decimal | None:
    """``span`` in calendar days: "ca. 3 Wochen" -> 21, "5,5 Monate" -> 165 (a month is 30)."""
    said = span(text)
    return said[0] * _SPAN_DAYS[said[1]] if said else None


def clock(value: str) -> str:
    """'09:00' -> '9:00'"""
    return value[1:] if value.startswith("0") else value


@functools.lru_cache(maxsize=4096)
def format_number(value: Decimal | int | float) -> str:
    """1.290 or 89,50 (remembered: a guide has few distinct prices and hours, shown often;
    values that compare equal, 1.5 and 1.50, are written the same)"""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    whole, _, frac = f"{number:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{frac}"


def format_money(value: Decimal | int | float) -> str:
    """1.290 € or 89,50 €"""
    return f"{format_number(value)} €"


WEEKDAY_IDS = ["mo", "di", "mi", "do", "fr", "sa", "so"]
_EVERY = {"mo": "montags", "di": "dienstags", "mi": "mittwochs", "do": "donnerstags", "fr": "freitags", "sa": "samstags", "so": "sonntags"}


def weekdays_words(days: list[str]) -> str:
    """['di'] -> 'dienstags', ['mo', 'mi'] -> 'montags und mittwochs', ['mo', …, 'fr'] -> 'Mo–Fr'."""
    order = [d for d in WEEKDAY_IDS if d in days]
    if not order:
        return ""
    if len(order) == 1:
        return _EVERY[order[0]]
    numbers = [WEEKDAY_IDS.index(d) for d in order]
    if len(order) >= 3 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{WEEKDAYS_SHORT[numbers[0]]}–{WEEKDAYS_SHORT[numbers[-1]]}"
    if len(order) == 2:
        return f"{_EVERY[order[0]]} und {_EVERY[order[1]]}"
    return ", ".join(WEEKDAYS_SHORT[n] for n in numbers)


def time_words(value: str | None) -> str:
    """'18:30-21:00' -> '18:30–21:00 Uhr', '09:00' -> 'ab 9:00 Uhr'."""
    if not value:
        return ""
    start, _, end = value.partition("-")
    return f"{clock(start)}–{clock(end)} Uhr" if end else f"ab {clock(start)} Uhr"


def span_words(first: date, last: date) -> str:
    """How long a date runs, from its first to its last day: '1 Tag', '5 Tage', '10 Wochen', '3 Monate', '2 Jahre'."""
    days = (last - first).days + 1
    if days <= 1:
        return "1 Tag"
    if days <= 13:
        return f"{days} Tage"
    if days <= 60:
        # From a weekday to the same one weeks later (every Tuesday from 9 March to 27 April):
        # as many weeks as it meets, 8, not the 7 weeks between first and last day.
        weeks = days // 7 + 1 if days % 7 == 1 else round(days / 7)
        return f"{weeks} Wochen"
    if days < 700:
        months = round(days / 30.44)
        return "1 Monat" if months == 1 else f"{months} Monate"
    years = round(days / 365.25 * 2) / 2
    return f"{format_number(Decimal(str(years)))} Jahre"


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def as_id(text: str) -> str:
    """An id made of a name, as ids are written: "Baden-Württemberg" -> "baden-wuerttemberg";
    also an umlaut written as a letter and its dots (file names from macOS)."""
    return re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFC", text).lower().translate(_UMLAUTS)).strip("-")


# The sixteen Länder, and the abbreviations people write for them.
LAENDER = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg", "HB": "Bremen", "HH": "Hamburg",
    "HE": "Hessen", "MV": "Mecklenburg-Vorpommern", "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen",
    "NRW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz", "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein", "TH": "Thüringen",
}
_BY_KEY = {" ".join(k.casefold().replace("-", " ").split()): v for k, v in [*LAENDER.items(), *((v, v) for v in LAENDER.values())]}


def land(state: str | None) -> str:
    """The Land ``state`` names, as the tables write it ("bw", "Baden Württemberg" →
    "Baden-Württemberg"); else ``state`` as it is (a Land the tables do not know)."""
    text = (state or "").strip()
    return _BY_KEY.get(" ".join(text.casefold().replace("-", " ").split()), text)


# Dates are checked against a span that any date arithmetic of a build (the day after a
# course's end, a report's horizon, a new offer's dates) stays inside: 9999-12-31 passes
# date.fromisoformat and overflows the first ``+ timedelta(days=1)``.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def iso_date_of(text: str) -> str | None:
    """A date as people write it in German ("11.03.2027", "11.3.27", "12. März 2027",
    "2027/03/11", "2027-3-11") in the contract's form ("2027-03-11"), or None."""
    text = text.strip()
    numeric = re.fullmatch(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})", text) or re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if numeric is not None:
        day, month, year = (int(n) for n in numeric.groups())
    elif (iso := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)) is not None:
        year, month, day = (int(n) for n in iso.groups())
    elif (named := re.fullmatch(r"(\d{1,2})\.?\s*([A-Za-zäÄ]+)\.?\s+(\d{4})", text)) is not None:
        word = named.group(2).casefold()
        month = next((i + 1 for i, name in enumerate(MONTHS) if len(word) >= 3 and name.casefold().startswith(word[:3])), 0)
        day, year = int(named.group(1)), int(named.group(3))
    else:
        return None
    year += 2000 if year < 100 else 0
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# Words before a month that say the day is not known yet ("Anfang März 2027", "ab Mai 2027").
_OTHER_MONTHS = {"mrz": 3, "mar": 3, "may": 5, "jun": 6, "jul": 7, "oct": 10, "dec": 12}
_VAGUE = re.compile(r"(?:anfang|mitte|ende|ab|im|ca\.?|circa|voraussichtlich|geplant)\s+", re.IGNORECASE)


def month_of(text: str) -> tuple[int, int] | None:
    """(year, month) of a text that names a month but no day ("Jan 2027", "März 2027",
    "Anfang Mai 2027", "03/2027", "2027-03"), or None: what a provider writes while the day is
    not known yet, and what Excel makes of "Jan 2027" typed into a cell."""
    text = _VAGUE.sub("", text.strip())
    if (named := re.fullmatch(r"([A-Za-zäÄ]{3,})\.?\s*(\d{4}|\d{2})", text)) is not None:
        word = named.group(1).casefold().replace("ae", "ä")
        # The German names and their short forms ("Jan", "Sept", "Mrz"), and the English
        # ones a system or an English Excel writes ("Mar", "May", "Oct", "Dec").
        month = next((i + 1 for i, name in enumerate(MONTHS) if name.casefold().startswith(word)), 0) or _OTHER_MONTHS.get(word[:3], 0)
        year = int(named.group(2))
    elif (numeric := re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4})", text)) is not None:
        month, year = int(numeric.group(1)), int(numeric.group(2))
    elif (iso := re.fullmatch(r"(\d{4})[-/](\d{1,2})", text)) is not None:
        year, month = int(iso.group(1)), int(iso.group(2))
    else:
        return None
    year += 2000 if year < 100 else 0
    return (year, month) if 1 <= month <= 12 else None


def clock_of(text: str) -> str | None:
    """A time or a time span as people write it ("8:30", "18.30-21.00", "8:30 bis 16 Uhr") in
    the contract's form ("08:30", "18:30-21:00", "08:30-16:00"), or None."""
    parts = re.split(r"\s*(?:-|–|bis)\s*", re.sub(r"\s*Uhr\b", "", text.strip(), flags=re.IGNORECASE))
    if not 1 <= len(parts) <= 2:
        return None
    out = []
    for part in parts:
        found = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", part)
        if found is None or int(found.group(1)) > 23 or int(found.group(2) or 0) > 59:
            return None
        out.append(f"{int(found.group(1)):02d}:{found.group(2) or '00'}")
    return "-".join(out)


def date_problem(text: str) -> str | None:
    """Why ``text`` is no date of the contract (JJJJ-MM-TT, a real day, within EARLIEST–LATEST)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "muss ein Datum im Format JJJJ-MM-TT sein"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return "ist kein gültiges Kalenderdatum"
    if not EARLIEST <= day <= LATEST:
        return f"liegt außerhalb des erlaubten Zeitraums ({EARLIEST.isoformat()} bis {LATEST.isoformat()})"
    return None


# Spaces an editor cannot tell from a blank (pasted from Word or a web page), which YAML does
# not read as one; named in messages (``load``, ``records.shown``).
LOOKALIKE_SPACES = {
    "\u00a0": "geschütztes Leerzeichen",
    "\u2007": "Ziffernleerzeichen",
    "\u202f": "schmales geschütztes Leerzeichen",
    "\u200b": "Leerzeichen ohne Breite",
    "\u2060": "unsichtbarer Wortverbinder",
    "\ufeff": "unsichtbares Zeichen BOM",
    "\u3000": "breites Leerzeichen",
}


# A name a catalogue fills a field with when it has none: the BA's own sample delivery names
# its supplier "nichts", its address "leer leer". The import does not take such a name for a
# provider's id; the report names a provider still called so (``report.gaps``).
_NO_NAME = re.compile(r"(?i)(nichts|leer(\s+leer)*|test|x+|n/?a|-+|\?+|unbekannt|keine angabe|ohne|dummy|muster(anbieter)?)")


def placeholder_name(name: str) -> bool:
    """Whether ``name`` is a filler for no name ("nichts", "leer leer", "n/a", "---")."""
    return _NO_NAME.fullmatch(" ".join(name.split())) is not None
