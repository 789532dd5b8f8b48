"""A spreadsheet small providers fill in (.xlsx or .csv, one row per date) → courses.

``write_template`` makes the sheet: German column names, lists of the guide's topics and
regions as data validation, a sheet of explanations. ``read`` turns the filled-in rows into
courses for the same engine as the catalogues; every cell that cannot be read is an error
naming sheet, row and column, and the import writes nothing until all are fixed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from .. import records
from ..german import MONTHS, WEEKDAY_IDS, month_of
from ..languages import GERMAN_NAMES
from ..load import load_sources
from ..model import LEVEL_LABELS
from ..records import closest
from ..validate import validate
from . import prose
from .common import (
    REDUCED_WORDS,
    UTF16_MARKS,
    Catalog,
    Course,
    ImportFailure,
    Mapper,
    Vocabulary,
    clock_range,
    date_span,
    german_postal_code,
    level_of,
    listed_days,
    money_in_text,
    one_line,
    parse_clock,
    parse_date,
    parse_money,
    price_of,
    valid,
)
from .runs import Run, assemble

SHEET = "Termine"
# Text tables: comma or semicolon (CSV), tab (.tsv, and Excel's "Unicode-Text" saved as .txt).
DELIMITED = (".csv", ".tsv", ".txt")
LISTS = "Listen"
HELP_SHEET = "Hinweise"
FORMS = {"präsenz": "praesenz", "praesenz": "praesenz", "online": "online", "hybrid": "hybrid"}
MODES = {"vollzeit": "vollzeit", "teilzeit": "teilzeit", "berufsbegleitend": "berufsbegleitend"}
# What providers write instead ("Präsenzunterricht", "Live-Online (Zoom)", "Blended Learning"):
# words in the cell that say one form, or one mode, alone.
FORM_WORDS = {
    "hybrid": ("hybrid", "blended"),
    "online": ("online", "webinar", "virtuell", "e-learning", "elearning", "fernunterricht", "fernlehrgang", "zoom", "teams"),
    "praesenz": ("präsenz", "praesenz", "vor ort", "seminarraum", "klassenraum"),
}
MODE_WORDS = {
    "berufsbegleitend": ("berufsbegleitend", "nebenberuflich", "neben dem beruf"),
    "vollzeit": ("vollzeit", "ganztags", "ganztägig"),
    "teilzeit": ("teilzeit",),
}


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    example: str
    course: bool = False  # a course's value: the first row of the course that has one counts


COLUMNS = (
    Column("Kurs-Nr.", "Pflicht. Ihre Nummer des Kurses; Zeilen mit derselben Nummer sind Termine desselben Kurses. Bleibt von Lieferung zu Lieferung gleich.", "EX-2027-01", True),
    Column("Titel", "Pflicht. Titel des Kurses, 3–160 Zeichen.", "Excel für Einsteiger", True),
    Column("Kurzbeschreibung", "Ein bis zwei Sätze für die Trefferliste, höchstens 300 Zeichen.", "Tabellen anlegen, rechnen, auswerten.", True),
    Column("Beschreibung", "Ausführliche Beschreibung; Absätze mit Zeilenumbruch in der Zelle.", "Inhalte: Formeln, Diagramme, Pivot-Tabellen", True),
    Column("Thema", "Ein Thema aus der Liste.", "IT und Digitalisierung", True),
    Column("Form", "Präsenz, Online oder Hybrid.", "Präsenz", True),
    Column("Beginn", "Erster Kurstag (TT.MM.JJJJ). Leer oder „auf Anfrage“: Termine auf Anfrage; „laufend“: Einstieg jederzeit. Auch ein Zeitraum („12.–16.04.2027“) oder einzelne Tage („12.04.2027, 19.04.2027“).", "12.04.2027"),
    Column("Ende", "Letzter Kurstag (TT.MM.JJJJ).", "16.04.2027"),
    Column("Uhrzeit", "Beginn oder Beginn–Ende jedes Kurstags (HH:MM oder HH:MM-HH:MM).", "09:00-16:00"),
    Column("Ablauf", "Ablauf in Worten, höchstens 200 Zeichen.", "Mo–Fr"),
    Column("Vollzeit/Teilzeit", "Vollzeit, Teilzeit oder berufsbegleitend.", "Vollzeit"),
    Column("Ort (Name)", "Name des Veranstaltungsorts.", "Schulungszentrum Nord"),
    Column("Straße", "Straße und Hausnummer des Veranstaltungsorts (bei Präsenz und Hybrid Pflicht).", "Neckarstraße 12"),
    Column("PLZ", "Fünfstellige Postleitzahl.", "73728"),
    Column("Ort", "Ort des Veranstaltungsorts.", "Esslingen am Neckar"),
    Column("Region", "Nur nötig, wenn die Postleitzahl keiner Region des Weiterbildungsfinders zugeordnet ist.", ""),
    Column("Preis (€)", "Betrag in Euro, „auf Anfrage“ oder „kostenfrei“. Leer heißt „Preis auf Anfrage“; 0 nur zusammen mit „kostenfrei“. Worte um den Betrag („ab 90 €“, „390 € zzgl. MwSt.“) werden zum Hinweis.", "390"),
    Column("Preishinweis", "Hinweis zum Preis, höchstens 200 Zeichen.", "inkl. Unterlagen"),
    Column("Anmeldeschluss", "Letzter Tag der Anmeldung (TT.MM.JJJJ), nicht nach dem Beginn.", "01.04.2027"),
    Column("Freie Plätze", "Ganze Zahl; 0 heißt ausgebucht.", "8"),
    Column("Abschluss", "Abschluss oder Zertifikat.", "Teilnahmezertifikat", True),
    Column("Voraussetzungen", "Was Teilnehmende mitbringen sollten.", "Grundkenntnisse am PC", True),
    Column("Link", "Adresse der Kursseite bei Ihnen (https://…).", "https://www.example.org/excel", True),
    # Added later, so at the end: sheets filled in from an older template still fit. Empty:
    # what the offer's file says stays (an editor may have added it).
    Column("Förderung", "Förderprogramme aus der Liste (Blatt „Listen“), mehrere mit Semikolon getrennt. Leer: bleibt, wie es ist.", "Bildungsgutschein; Bildungszeit Baden-Württemberg", True),
    Column("Zielgruppe", "Zielgruppen aus der Liste, mehrere mit Semikolon getrennt. Leer: bleibt, wie es ist.", "Beschäftigte; Unternehmen", True),
    Column("Niveau", "Einstieg, Aufbau oder Experte (auch „Grundlagen“, „Fortgeschrittene“ oder A1–C2). Leer: bleibt, wie es ist.", "Einstieg", True),
    Column("Sprache", "Unterrichtssprachen, mehrere mit Semikolon getrennt. Leer: Deutsch, oder wie es ist.", "Deutsch; Englisch", True),
    Column("Stichwörter", "Weitere Suchwörter, mit Komma getrennt. Leer: bleibt, wie es ist.", "Tabellenkalkulation, Office", True),
)
NAMES = {c.name.casefold(): c.name for c in COLUMNS}
# Column names providers use in their own sheets, read as the template's (compared by their
# letters alone: "Kurs-Titel", "Kurstitel" and "KURSTITEL" are one).
ALIASES = {
    "Kurs-Nr.": ("Kursnummer", "Kurs-ID", "Kursnr", "ID", "Veranstaltungsnummer", "Angebotsnummer"),
    "Titel": ("Kurstitel", "Kursname", "Kurs", "Bezeichnung", "Name", "Veranstaltung", "Angebot", "Titel des Kurses"),
    "Kurzbeschreibung": ("Kurztext", "Teaser", "Untertitel", "Zusammenfassung"),
    "Beschreibung": ("Kursbeschreibung", "Inhalt", "Inhalte", "Langtext", "Beschreibungstext", "Kursinhalt"),
    "Thema": ("Themenbereich", "Kategorie", "Fachbereich", "Themengebiet", "Bereich"),
    "Form": ("Format", "Lernform", "Veranstaltungsform", "Durchführungsform", "Unterrichtsform"),
    "Beginn": ("Startdatum", "Kursbeginn", "Start", "Beginndatum", "Datum", "Von", "Anfang", "Termin"),
    "Ende": ("Enddatum", "Kursende", "Bis", "Letzter Tag"),
    "Uhrzeit": ("Zeit", "Uhrzeiten", "Kurszeit", "Zeiten", "Unterrichtszeit"),
    "Ablauf": ("Wochentage", "Rhythmus", "Zeitplan", "Tage"),
    "Vollzeit/Teilzeit": ("Unterrichtsart", "Zeitmodell", "Umfang"),
    "Ort (Name)": ("Veranstaltungsort", "Schulungsort", "Lernort", "Ortsname", "Räumlichkeit"),
    "Straße": ("Strasse", "Straße und Hausnummer", "Strasse und Hausnummer", "Adresse", "Anschrift"),
    "PLZ": ("Postleitzahl",),
    "Ort": ("Stadt", "Gemeinde", "Ortschaft"),
    "Preis (€)": ("Preis", "Kosten", "Gebühr", "Gebühren", "Kursgebühr", "Teilnahmegebühr", "Preis in Euro", "Entgelt", "Preis EUR"),
    "Preishinweis": ("Hinweis zum Preis", "Preisinfo", "Kostenhinweis"),
    "Anmeldeschluss": ("Anmeldefrist", "Anmeldung bis", "Anmeldeschluß"),
    "Freie Plätze": ("Plätze", "Plätze frei", "Restplätze", "Verfügbare Plätze"),
    "Abschluss": ("Zertifikat", "Abschlussart", "Zeugnis", "Nachweis"),
    "Voraussetzungen": ("Voraussetzung", "Zugangsvoraussetzungen", "Vorkenntnisse", "Teilnahmevoraussetzungen"),
    "Link": ("URL", "Webseite", "Website", "Internetadresse", "Kurslink", "Anmeldelink", "Weblink"),
    "Förderung": ("Förderungen", "Fördermöglichkeiten", "Förderprogramm", "Förderprogramme"),
    "Zielgruppe": ("Zielgruppen", "Für wen"),
    "Niveau": ("Level", "Stufe", "Schwierigkeitsgrad"),
    "Sprache": ("Sprachen", "Unterrichtssprache", "Kurssprache"),
    "Stichwörter": ("Stichworte", "Schlagwörter", "Schlagworte", "Suchbegriffe", "Tags", "Keywords"),
}


def _letters(name: str) -> str:
    return re.sub(r"[^a-zäöüß0-9]", "", name.casefold())


# A house number in a column of its own is added to the street.
HOUSE_NUMBER = "Hausnummer"
_ALIAS_NAMES = {_letters(alias): name for name, aliases in ALIASES.items() for alias in aliases} | {
    _letters(c.name): c.name for c in COLUMNS
} | {"hausnummer": HOUSE_NUMBER, "hausnr": HOUSE_NUMBER}


# The words of the template's names and their aliases, for an unknown column that may still
# hold one of their fields ("Beginnzeit", "Kursleitung"): that stays an error, not a guess.
_NAME_WORDS = frozenset(w for w in _ALIAS_NAMES if len(w) >= 4)


def _resembles(name: str) -> bool:
    letters = _letters(name)
    return any(word in letters for word in _NAME_WORDS)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- Template -----------------------------------------------------------------------------


def write_template(path: Path, source: Path) -> None:
    """The template for ``path`` (.xlsx with validation lists, or .csv with the header row)."""
    sources = load_sources(source.resolve())
    valid_tree, _ = validate(sources)
    tax = valid_tree.taxonomies
    if tax is None:
        raise ImportFailure("content/taxonomies.yaml ist fehlerhaft; bitte zuerst beheben")
    if path.suffix.lower() == ".csv":
        path.write_text(";".join(c.name for c in COLUMNS) + "\n", encoding="utf-8-sig")
        return
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([c.name for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for i, column in enumerate(COLUMNS):
        sheet.column_dimensions[_letter(i)].width = max(14, min(40, len(column.example) + 4))
    lists = book.create_sheet(LISTS)
    values = {
        "Thema": [t.label for t in tax.topics],
        "Region": [r.label for r in tax.regions],
        "Form": ["Präsenz", "Online", "Hybrid"],
        "Vollzeit/Teilzeit": ["Vollzeit", "Teilzeit", "berufsbegleitend"],
        "Niveau": list(LEVEL_LABELS.values()),
    }
    # Several values per cell: listed to copy from, no validation (a list allows one value).
    several = {"Förderung": [f.label for f in tax.funding], "Zielgruppe": [a.label for a in tax.audiences]}
    for col, (name, items) in enumerate((values | several).items()):
        lists.cell(row=1, column=col + 1, value=name)
        for row, item in enumerate(items, start=2):
            lists.cell(row=row, column=col + 1, value=item)
        if name in several:
            continue
        letter = _letter(col)
        target = _letter(next(i for i, c in enumerate(COLUMNS) if c.name == name))
        rule = DataValidation(
            type="list",
            formula1=f"={LISTS}!${letter}$2:${letter}${max(2, len(items) + 1)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Bitte aus der Liste wählen",
            error=f"Bitte einen Wert aus der Liste „{name}“ wählen.",
        )
        rule.add(f"{target}2:{target}1000")
        sheet.add_data_validation(rule)
    lists.sheet_state = "visible"  # the funding programmes and audiences are copied from it
    notes = book.create_sheet(HELP_SHEET)
    notes.append(["Spalte", "Was hinein gehört", "Beispiel"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    notes.append(["", "Eine Zeile je Termin. Zeilen mit derselben Kurs-Nr. sind Termine desselben Kurses; "
                  "Angaben zum Kurs (Titel, Beschreibung …) genügen in der ersten Zeile.", ""])
    for column in COLUMNS:
        notes.append([column.name, column.help, column.example])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 100
    notes.column_dimensions["C"].width = 30
    book.save(path)


# --- Reading ------------------------------------------------------------------------------


@dataclass
class Cell:
    sheet: str
    row: int
    column: str  # its name
    letter: str
    value: Any
    link: str | None = None  # the address of a hyperlink on the cell (Excel), if it has one

    def where(self) -> str:
        return f"Tabelle „{self.sheet}“, Zeile {self.row}, Spalte „{self.column}“ ({self.letter})"


def _rows(path: Path, remarks: list[str]) -> tuple[str, list[dict[str, Cell]]]:
    """The sheet's name and its rows, each as column name → cell; unknown columns are errors.
    ``remarks`` gets the columns read under another name (``ALIASES``)."""
    hidden: set[int] = set()  # rows (1 = the header) the provider hid
    links: dict[tuple[int, int], str] = {}  # (row, column) of the table, 0-based → hyperlink address
    headings: dict[int, str] = {}  # rows of the table (0-based) that are headings between courses
    if path.suffix.lower() in DELIMITED:
        raw = path.read_bytes()
        try:
            # Excel's "Unicode-Text" is UTF-16 with a byte order mark (and tabs between cells).
            text = raw.decode("utf-16") if raw.startswith(UTF16_MARKS) else raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # Excel's CSV on Windows; five byte values have no character
            # Some systems put the UTF-8 mark before Windows-1252 text: it is no letters.
            text = raw.removeprefix(b"\xef\xbb\xbf").decode("cp1252", errors="replace")
        first_line = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first_line.count)  # ties go to the semicolon of German Excel
        said = re.fullmatch(r"sep=(.)\r?", first_line, re.IGNORECASE)
        if said:
            # Excel's hint line ("sep=;"), which Excel itself hides: the delimiter, and row 1 is
            # the header after it, as the provider sees the sheet.
            delimiter, text = said.group(1), text.split("\n", 1)[1] if "\n" in text else ""
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        sheet = path.name
    elif path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            # Not read-only: only a full read knows the merged cells.
            book = load_workbook(path, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ImportFailure(f"die Tabelle {path.name} ist nicht lesbar: {error}") from None
        ws = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        sheet = ws.title
        table = [list(row) for row in ws.iter_rows(values_only=True)]
        # A provider may link a cell instead of writing the address ("Excel kompakt" → its page).
        links = {
            (cell.row - ws.min_row, cell.column - ws.min_column): str(cell.hyperlink.target)
            for line in ws.iter_rows() for cell in line if getattr(cell, "hyperlink", None) is not None and cell.hyperlink.target
        }
        # "Jan 2027" typed into a cell is 1 January 2027 to Excel, shown "Jan 27": the provider
        # named a month, not a day. Read as what the cell shows, it is said as such (``day``).
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, (date, datetime)) and _shows_no_day(str(cell.number_format)):
                    table[cell.row - ws.min_row][cell.column - ws.min_column] = f"{MONTHS[cell.value.month - 1]} {cell.value.year}"
        headings = _unmerge(table, ws)
        hidden = {number - ws.min_row + 1 for number, dimension in ws.row_dimensions.items() if dimension.hidden}
        book.close()
    else:
        calc = {
            ".ods": "; in LibreOffice: Datei → Speichern unter → Dateityp „Excel 2007-365 (.xlsx)“",
            ".xls": "; in Excel: Datei → Speichern unter → „Excel-Arbeitsmappe (.xlsx)“",
        }.get(path.suffix.lower(), "")
        raise ImportFailure(
            f"eine Tabelle muss .xlsx oder .csv sein (auch .tsv oder Excels „Unicode-Text“ .txt), nicht {path.suffix or 'ohne Endung'}{calc}"
        )
    if not table:
        raise ImportFailure(f"Tabelle „{sheet}“ ist leer; die erste Zeile braucht die Spaltennamen der Vorlage")
    written = [" ".join(str(v).split()) if v is not None else "" for v in table[0]]  # "Preis  (€)" is "Preis (€)"
    # A provider's own names ("Kursname", "Startdatum") are read as the template's, and said.
    header = [NAMES.get(h.casefold()) or _ALIAS_NAMES.get(_letters(h), h) if h else "" for h in written]
    for i, (was, now) in enumerate(zip(written, header, strict=True)):
        if was and now != was and was.casefold() != now.casefold() and now != HOUSE_NUMBER:
            remarks.append(f"Tabelle „{sheet}“, Spalte {_letter(i)}: „{was}“ als „{now}“ gelesen")
    unknown = []
    for i, h in enumerate(header):
        if h and h.casefold() not in NAMES and h != HOUSE_NUMBER:
            close = closest(h, list(NAMES.values()))
            if close is None and not _resembles(h):
                # A column of the provider's own ("Bemerkung intern", "Dozentin"): no field of
                # the guide, so not read, and not published either; said so.
                remarks.append(f"Tabelle „{sheet}“, Spalte {_letter(i)}: „{h}“ ist keine Spalte der Vorlage; nicht gelesen und nicht veröffentlicht")
                header[i] = ""
                continue
            unknown.append(f"Tabelle „{sheet}“, Zeile 1, Spalte {_letter(i)}: unbekannte Spalte {h!r}" + (f" (meinten Sie „{close}“?)" if close else ""))
    twice = sorted({h for h in header if h and header.count(h) > 1})
    unknown += [f"Tabelle „{sheet}“, Zeile 1: mehrere Spalten für „{h}“ ({', '.join(_letter(i) for i, x in enumerate(header) if x == h)})" for h in twice]
    missing = [c.name for c in COLUMNS[:2] if c.name.casefold() not in {h.casefold() for h in header}]
    if unknown or missing:
        details = unknown + ([f"Tabelle „{sheet}“, Zeile 1: es fehlen die Spalten {', '.join(missing)}"] if missing else [])
        raise ImportFailure("die Spalten passen nicht zur Vorlage (python build.py import vorlage)", details)
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if number - 1 in headings:
            if headings[number - 1]:
                remarks.append(f"Tabelle „{sheet}“, Zeile {number}: Zwischenüberschrift „{headings[number - 1]}“ über mehrere Spalten, übergangen")
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if number in hidden:
            # A row hidden in Excel is one the provider set aside ("fällt aus"), not to publish.
            remarks.append(f"Tabelle „{sheet}“, Zeile {number}: ausgeblendet, nicht übernommen – soll sie gelten, bitte einblenden")
            continue
        rows.append(
            {
                NAMES.get(h.casefold(), h): Cell(
                    sheet, number, NAMES.get(h.casefold(), h), _letter(i), _serial(NAMES.get(h.casefold(), h), values[i] if i < len(values) else None),
                    links.get((number - 1, i)),
                )
                for i, h in enumerate(header)
                if h
            }
        )
    return sheet, rows


def _shows_no_day(number_format: str) -> bool:
    """Whether an Excel date format shows month and year without the day ("mmm yy",
    "mmmm yyyy", "mm/yyyy"); quoted text, [locale] parts and escaped letters are no fields."""
    fields = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).casefold()
    return "y" in fields and "m" in fields and not re.search(r"[dths]", fields)


def _unmerge(table: list[list[Any]], ws: Any) -> dict[int, str]:
    """Merged cells hold their value in the first cell only; a provider who merges Kurs-Nr. and
    Titel over a course's rows means it for each of them. A row that is nothing but one cell
    merged across columns is a heading the provider put between courses ("Frühjahr 2027"): it
    is emptied, and returned (table row → its text) for the report."""
    top, left = ws.min_row, ws.min_column  # the table starts at the sheet's first used cell
    headings: dict[int, str] = {}
    for merged in ws.merged_cells.ranges:
        first_row, first_col = merged.min_row - top, merged.min_col - left
        if not (0 <= first_row < len(table) and 0 <= first_col < len(table[first_row])):
            continue
        value = table[first_row][first_col]
        row = table[first_row]
        outside = [v for c, v in enumerate(row) if not merged.min_col - left <= c <= merged.max_col - left]
        if first_row > 0 and merged.max_col > merged.min_col and merged.max_row == merged.min_row and all(v in (None, "") for v in outside):
            headings[first_row] = " ".join(str(value or "").split())
            table[first_row] = [None] * len(row)
            continue
        for r in range(max(first_row, 0), min(merged.max_row - top + 1, len(table))):
            for c in range(max(first_col, 0), min(merged.max_col - left + 1, len(table[r]))):
                table[r][c] = value
    return headings


_DAY_COLUMNS = ("Beginn", "Ende", "Anmeldeschluss")
_EXCEL_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (with its 1900 leap year bug)


def _serial(column: str, value: Any) -> Any:
    """A date Excel shows as a number when its cell has no date format (46447 = 01.03.2027,
    46447.75 = 18:00 that day); a time of day as a fraction of a day (0.375 = 09:00)."""
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and re.fullmatch(r"\d{5}(?:[.,]\d+)?", value.strip()):
        number = float(value.strip().replace(",", "."))
    if number is None:
        return value
    if column in _DAY_COLUMNS and 20000 <= number < 80000:  # 1954 to 2119
        moment = _EXCEL_EPOCH + timedelta(days=number)
        moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=1 if moment.second >= 30 else 0)
        return moment if moment.hour or moment.minute else moment.date()
    if column == "Uhrzeit" and 0 < number < 1:
        minutes = round(number * 24 * 60)
        return time(minutes // 60, minutes % 60) if minutes < 24 * 60 else value
    return value


def _text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    if isinstance(cell.value, float) and cell.value.is_integer():
        return str(int(cell.value))
    return str(cell.value).strip()


class _Reader:
    def __init__(self, mapper: Mapper, regions: dict[str, str], lists: dict[str, Vocabulary]):
        self.mapper = mapper
        self.regions = regions
        self.lists = lists  # column → the guide's list it names entries of
        self.errors: list[str] = []

    def fail(self, cell: Cell, message: str) -> None:
        self.errors.append(f"{cell.where()}: {message}, gefunden: {_text(cell)!r}")

    def day(self, cell: Cell | None) -> date | None:
        if cell is None or cell.value in (None, ""):
            return None
        if isinstance(cell.value, datetime):
            return cell.value.date()
        if isinstance(cell.value, date):
            return cell.value
        found = parse_date(_text(cell))
        if found is None and (month := month_of(_text(cell))) is not None:
            year, number = month
            later = "; steht er noch nicht fest: „auf Anfrage“" if cell.column == "Beginn" else ""
            self.fail(cell, f"nur Monat und Jahr ({MONTHS[number - 1]} {year}), kein Tag: bitte das Datum mit Tag eintragen (TT.{number:02d}.{year}){later}")
        elif found is None:
            self.fail(cell, "kein Datum (TT.MM.JJJJ)")
        return found

    def choice(
        self, cell: Cell | None, table: dict[str, str], what: str, words: dict[str, tuple[str, ...]] | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> str | None:
        """The value of the list ``table`` the cell names: as written, else the one entry of
        ``words`` whose words it contains ("Live-Online" is online), else the one entry of
        ``vocabulary`` it names ("IT" for "IT und Digitalisierung")."""
        text = _text(cell)
        if not text or cell is None:
            return None
        if text.casefold() in table:
            return table[text.casefold()]
        said = {value for value, found in (words or {}).items() if any(w in text.casefold() for w in found)}
        if len(said) == 1:
            return said.pop()
        named = vocabulary.find(text) if vocabulary is not None else None
        if named is not None:
            return named
        # The guide's own list, as the provider can pick from it (the template's sheet "Listen").
        shown = sorted(vocabulary.labels) if vocabulary is not None else []
        close = closest(text, shown) if shown else None
        offered = f"meinten Sie „{close}“?" if close else (
            "möglich: " + ", ".join(f"„{v}“" for v in shown) if 0 < len(shown) <= 12 else "die Werte stehen im Blatt „Listen“")
        self.fail(cell, f"{what} nicht in der Liste ({offered})")
        return None

    def several(self, cell: Cell | None) -> list[str]:
        """The ids of the guide's list that ``cell`` names; every other part is an error."""
        if cell is None or not _text(cell):
            return []
        vocabulary = self.lists[cell.column]
        found, unknown = vocabulary.split(_text(cell))
        for part in unknown:
            close = closest(part, vocabulary.labels)
            hint = f" (meinten Sie „{close}“?)" if close else " (die Werte stehen im Blatt „Listen“)"
            self.errors.append(f"{cell.where()}: „{part}“ steht nicht in der Liste{hint}")
        return found


def read(path: Path, mapper: Mapper, root: Path) -> Catalog:
    sources = load_sources(root)
    tree, _ = validate(sources)
    tax = tree.taxonomies
    assert tax is not None  # the engine refused broken taxonomies before
    regions = {r.label.casefold(): r.id for r in tax.regions} | {r.id: r.id for r in tax.regions}
    synonyms = [list(group) for group in tree.search.synonyms] if tree.search is not None else []
    lists = {
        "Förderung": Vocabulary([(f.id, f.label) for f in tax.funding], synonyms),
        "Zielgruppe": Vocabulary([(a.id, a.label) for a in tax.audiences], synonyms),
        "Sprache": Vocabulary([(code, name) for code, name in GERMAN_NAMES.items()]),
        "Thema": Vocabulary([(t.id, t.label) for t in tax.topics], synonyms),
    }
    remarks: list[str] = []
    sheet, rows = _rows(path, remarks)
    reader = _Reader(mapper, regions, lists)
    by_key: dict[str, list[dict[str, Cell]]] = {}
    for row in rows:
        key = _text(row.get("Kurs-Nr."))
        if not key:
            any_cell = next(iter(row.values()))
            reader.errors.append(f"Tabelle „{sheet}“, Zeile {any_cell.row}, Spalte „Kurs-Nr.“: Pflichtfeld leer")
            continue
        by_key.setdefault(key, []).append(row)
    catalog = Catalog(format="tabelle", label="Tabelle", key_name="Kurs-Nr.", date=None, full=True, remarks=remarks)
    catalog.courses = [_course(key, course_rows, reader) for key, course_rows in by_key.items()]
    if reader.errors:
        raise ImportFailure(f"die Tabelle {path.name} hat {len(reader.errors)} Fehler; es wurde nichts geschrieben", reader.errors)
    return catalog


# What providers write instead of a first day, by its letters alone ("n. V." → "nv"): no
# fixed dates yet, or a start at any time.
_ON_REQUEST = frozenset({
    "aufanfrage", "nachanfrage", "nachvereinbarung", "nachabsprache", "nv", "terminefolgen", "terminfolgt", "folgt",
    "nochoffen", "offen", "wirdbekanntgegeben", "tba",
})
_ANY_TIME = frozenset({
    "laufend", "fortlaufend", "jederzeit", "laufendereinstieg", "laufenderbeginn", "einstiegjederzeit",
    "beginnjederzeit", "jederzeitmöglich", "einstiegjederzeitmöglich", "ständig",
})


def _no_day(cell: Cell | None) -> str | None:
    """"on request" or "any time" when the Beginn cell says so in words, else None."""
    letters = re.sub(r"[^a-zäöüß]", "", _text(cell).casefold())
    return "on request" if letters in _ON_REQUEST else "any time" if letters in _ANY_TIME else None


def _first(rows: list[dict[str, Cell]], name: str) -> Cell | None:
    return next((row[name] for row in rows if name in row and _text(row[name])), None)


def _course(key: str, rows: list[dict[str, Cell]], reader: _Reader) -> Course:
    title_cell = _first(rows, "Titel")
    course = Course(key, one_line(_text(title_cell), 160))
    if len(course.title) < 3:
        cell = title_cell or rows[0].get("Titel") or next(iter(rows[0].values()))
        reader.errors.append(f"{cell.where()}: Titel fehlt oder ist kürzer als 3 Zeichen")
        return course
    fmt = reader.choice(_first(rows, "Form"), FORMS, "Form", FORM_WORDS) or "praesenz"
    data = course.data
    data["title"] = course.title
    description = prose.blocks(_text(_first(rows, "Beschreibung"))) or [prose.paragraph(course.title)]
    summary = one_line(_text(_first(rows, "Kurzbeschreibung")), 300) or prose.summary(description)
    data |= {"summary": summary, "description": prose.markdown(description), "format": fmt}
    # The vocabulary knows each topic by its label and id too.
    topic = reader.choice(_first(rows, "Thema"), {}, "Thema", vocabulary=reader.lists["Thema"])
    if topic:
        data["topics"] = [topic]
    for name, target, limit in (("Abschluss", "certificate", 160), ("Voraussetzungen", "prerequisites", 4000)):
        text = one_line(_text(_first(rows, name)), limit)
        if text:
            data[target] = text
    for column, target in (("Förderung", "funding"), ("Zielgruppe", "audiences"), ("Sprache", "languages")):
        ids = reader.several(_first(rows, column))
        if ids:
            data[target] = ids
    level_cell = _first(rows, "Niveau")
    if level_cell is not None:
        level = level_of(_text(level_cell))
        if level is None:
            reader.fail(level_cell, "kein Niveau: Einstieg, Aufbau oder Experte")
        else:
            data["level"] = level
    tags = [one_line(t, 60) for t in re.split(r"[,;\n]", _text(_first(rows, "Stichwörter")))]
    if any(tags):
        data["tags"] = list(dict.fromkeys(t for t in tags if t))
    elif "Stichwörter" not in rows[0]:
        course.unsent.add("tags")  # an older template: its sheet says nothing of search words
    link = _first(rows, "Link")
    if link is not None:
        if valid(records.Url, _text(link)):
            data["url"] = _text(link)
        else:
            reader.fail(link, "keine Adresse mit https://")
    else:
        # No address in "Link", but the title linked to the course's page: that is its address.
        linked = next((row["Titel"] for row in rows if "Titel" in row and row["Titel"].link), None)
        if linked is not None and linked.link is not None and valid(records.Url, linked.link):
            data["url"] = linked.link
            course.tell(f"Link zur Kursseite aus dem verlinkten Titel übernommen ({linked.link}); bitte künftig in die Spalte „Link“ schreiben")
    runs: list[Run] = []
    undated: list[tuple[dict[str, Any], dict[str, Any]]] = []
    said: set[str | None] = set()
    times: list[str] = []  # what rows of a start any time say of their times
    for row in rows:
        ref = f"Zeile {next(iter(row.values())).row}"
        price = _price(row, reader, course, ref)
        place = _place(row, reader)
        instead = _no_day(row.get("Beginn"))
        said.add(instead)
        if instead == "any time":
            data["on_demand"] = True
            clock = _text(row.get("Uhrzeit"))
            clock = f"{clock} Uhr" if clock and "uhr" not in clock.casefold() else clock
            times.append(", ".join(filter(None, [_text(row.get("Ablauf")), clock])))
        # A span in the Beginn cell ("12.04.2027 - 16.04.2027", "12.–16.04.2027") gives the end too.
        span = date_span(_text(row.get("Beginn"))) if instead is None and not isinstance(_cell_value(row, "Beginn"), date) else None
        start = span[0] if span else reader.day(row.get("Beginn")) if instead is None else None
        if start is None:
            for other in ("Ende", "Anmeldeschluss"):  # their mistakes are said with the Beginn's
                reader.day(row.get(other))
            undated.append((place, price))
            continue
        runs.append(Run(ref, _entry(row, start, reader, span[1] if span else None), place, price))
    own_place, own_price = undated[0] if undated else (runs[0].place if runs else {}, {})
    assemble(course, runs, own_place, own_price, reader.mapper, fmt == "online", "on request" in said)
    told = one_line("; ".join(dict.fromkeys(t for t in times if t)), 200)
    if told and data.get("on_demand") and not data.get("dates"):
        data["description"] = prose.with_times(data["description"], told)
    course.words = [course.title, summary]
    return course


# Two places in one cell ("Esslingen / Nürtingen", "Hauptstr. 1; Bahnhofstr. 3"): one street and
# postal code cannot hold both, and the offer would name a town that is no place.
_TWO_PLACES = {"Ort": re.compile(r"\s/\s|;|\s(?:und|oder|bzw\.?|sowie|&)\s", re.I), "Straße": re.compile(r"\s/\s|;")}


def _place(row: dict[str, Cell], reader: _Reader) -> dict[str, Any]:
    for column, pattern in _TWO_PLACES.items():
        cell = row.get(column)
        if cell is not None and pattern.search(_text(cell)):
            reader.fail(cell, "nennt zwei Orte: bitte je Ort eine eigene Zeile mit derselben Kurs-Nr. und dem Termin dort")
    place = {name: _text(row.get(column)) for name, column in (("name", "Ort (Name)"), ("street", "Straße"), ("postal_code", "PLZ"), ("city", "Ort"))}
    number = _text(row.get(HOUSE_NUMBER))
    if number and place["street"] and not place["street"].endswith(number):
        place["street"] = f"{place['street']} {number}"
    postal = row.get("PLZ")
    place["postal_code"] = german_postal_code(place["postal_code"])  # "70 173", "D-70173"
    if place["postal_code"] and postal is not None and not re.fullmatch(r"\d{5}", place["postal_code"].zfill(5)):
        reader.fail(postal, "keine fünfstellige Postleitzahl")
    place["postal_code"] = place["postal_code"].zfill(5) if place["postal_code"].isdigit() else place["postal_code"]
    region = reader.choice(row.get("Region"), reader.regions, "Region")
    if region and place["postal_code"] and reader.mapper.region(place["postal_code"]) is None:
        place["region"] = region
    return place


_REDUCED = re.compile(
    rf"(?:{REDUCED_WORDS})\w*[:\s]*(?:€\s*)?\d[\d.,]*(?:,[-–]+)?(?:\s*(?:€|EUR|Euro)\b|\s*€)?",
    re.I,
)


def _price(row: dict[str, Cell], reader: _Reader, course: Course, ref: str) -> dict[str, Any]:
    cell = row.get("Preis (€)")
    text = _text(cell)
    remarks = _text(row.get("Preishinweis"))
    plain = parse_money(text) if text else None
    # A reduced price ("ermäßigt 80 €") is not the price: read the amount in the rest of the
    # cell ("160 €, ermäßigt 80 €"); the whole cell is the note.
    full = _REDUCED.sub(" ", text) if text and plain is None else text
    worded = money_in_text(full) if text and plain is None else None
    if full != text and cell is not None:
        if worded is None:
            reader.fail(cell, "nur ein ermäßigter Preis: bitte den vollen Preis als Betrag, den ermäßigten im Preishinweis angeben")
            return {"on_request": True}
        worded = (worded[0], text)
    if cell is not None and isinstance(cell.value, (int, float)):
        raw = str(cell.value)
    elif plain is not None:
        raw = text
    elif worded is not None and not re.search(r"kostenlos|kostenfrei|gebührenfrei|anfrage", text, re.I):
        # One amount in words ("ab 390 €", "390 € zzgl. MwSt."): the amount, the cell as its note.
        raw = str(worded[0])
        remarks = "; ".join(filter(None, [text if worded[1] else "", remarks]))
    else:
        raw = "0" if text and re.search(r"kostenlos|kostenfrei|gebührenfrei", text, re.I) else ""
        if not raw and "anfrage" in text.casefold():  # said so: nothing is missing
            remarks = one_line(remarks, 200)
            return {"on_request": True} | ({"note": remarks} if remarks else {})
        if text and not raw and cell is not None:
            reader.fail(cell, "kein Betrag, „auf Anfrage“ oder „kostenfrei“")
        remarks = "; ".join(filter(None, [text if raw == "0" else "", remarks]))
    return price_of(raw, remarks, "EUR", course, ref)


def _one_time(text: str) -> str | None:
    """A single time of day after a date ("12.04.2027 18:00", "12.04.2027, 18 Uhr")."""
    found = re.search(r"(?<![\d.])(\d{1,2})(?::(\d{2})|\s*Uhr)(?![\d.])", text.split(" ", 1)[1] if " " in text else "")
    if not found or int(found[1]) > 23:
        return None
    return f"{int(found[1]):02d}:{found[2] or '00'}"


# A range of hours in an Uhrzeit cell ("17:00 - 21:00", "8.30-12 Uhr"), to tell one from several.
_SEVERAL_TIMES = re.compile(r"(?<![\d.:])\d{1,2}(?:[.:]\d{2})?\s*(?:Uhr\s*)?(?:-|–|bis)\s*\d{1,2}(?:[.:]\d{2})?(?![\d.:]*\d)")


def _cell_value(row: dict[str, Cell], name: str) -> Any:
    cell = row.get(name)
    return cell.value if cell is not None else None


def _entry(row: dict[str, Cell], start: date, reader: _Reader, last: date | None = None) -> dict[str, Any]:
    """One date of a row; ``last``: the end written in the Beginn cell, for an empty Ende."""
    entry: dict[str, Any] = {"start": start}
    begins = _cell_value(row, "Beginn")
    written = "" if isinstance(begins, date) else _text(row.get("Beginn"))  # a date cell says no more
    end = reader.day(row.get("Ende")) or last
    if end is not None and end < start:
        reader.fail(row["Ende"], "das Ende liegt vor dem Beginn")
    elif end is not None and end > start:
        entry["end"] = end
    listed = listed_days(written)
    if listed and not _text(row.get("Ablauf")):
        # Days listed one by one: they are the meeting days, each weekday of them (the calendar
        # repeats the date on those), and the list itself is the schedule.
        entry["days"] = [d for d in WEEKDAY_IDS if any(WEEKDAY_IDS[day.weekday()] == d for day in listed)]
        entry["schedule"] = one_line("Termine: " + ", ".join(day.strftime("%d.%m.%Y") for day in listed), 200)
    clock = row.get("Uhrzeit")
    # "Fr 17:00-21:00, Sa 08:00-15:00": no one time of day; the cell goes to the schedule, so
    # Saturday's hours are not lost behind Friday's.
    varied = len(set(_SEVERAL_TIMES.findall(_text(clock)))) > 1
    if varied:
        pass
    elif clock is None or not _text(clock):
        # No Uhrzeit: a time in the Beginn cell ("12.04.2027, 9-16 Uhr", "12.04.2027 18:00", or
        # a date cell with a time of day).
        if isinstance(begins, datetime):
            hours = f"{begins.hour:02d}:{begins.minute:02d}" if begins.hour or begins.minute else None
        else:
            hours = clock_range(written) or _one_time(written)
        if hours:
            entry["time"] = hours
    else:
        written = re.sub(r"(\d)\.(\d{2})\b", r"\1:\2", _text(clock).replace("Uhr", "")).strip()  # "8.00 - 16.00 Uhr"
        parts = [parse_clock(p, None, reader.mapper.zone) for p in re.split(r"\s*[-–]\s*", written)]
        if not parts or None in parts or len(parts) > 2:
            hours = clock_range(_text(clock))  # "17-20 Uhr"
            if hours:
                entry["time"] = hours
            else:
                reader.fail(clock, "keine Uhrzeit wie 09:00 oder 09:00-16:00")
        else:
            entry["time"] = "-".join(p for p in parts if p)
    schedule = one_line(", ".join(filter(None, [_text(row.get("Ablauf")), _text(clock) if varied else ""])), 200)
    if schedule:
        entry["schedule"] = schedule
    mode = reader.choice(row.get("Vollzeit/Teilzeit"), MODES, "Vollzeit/Teilzeit", MODE_WORDS)
    if mode:
        entry["mode"] = mode
    deadline = reader.day(row.get("Anmeldeschluss"))
    if deadline is not None and deadline > start:
        reader.fail(row["Anmeldeschluss"], "der Anmeldeschluss liegt nach dem Beginn")
    elif deadline is not None:
        entry["registration_deadline"] = deadline
    seats = row.get("Freie Plätze")
    if seats is not None and _text(seats):
        whole = re.fullmatch(r"(\d+)(?:[.,]0+)?", _text(seats))  # "8,00" from a system's number format
        if whole:
            entry["seats_available"] = int(whole[1])
        else:
            reader.fail(seats, "keine ganze Zahl ≥ 0")
    return entry
