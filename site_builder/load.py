"""Step 1: read the content tree into plain Python values, remembering where each value stood.

YAML is read with YAML 1.2 core semantics on top of libyaml's event parser: ``no``, ``on``,
``13:00`` and ``01067`` stay strings, dates stay strings (the validator parses them, so an
impossible date is a message and never a crash). Anchors, aliases and tags are refused.
"""

from __future__ import annotations

import errno
import operator
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from . import boundary
from .boundary import MAX_FILE_BYTES, MAX_TEMPLATE_FILE_BYTES, Signature, settled, signature
from .contentcache import ContentCache
from .german import LOOKALIKE_SPACES, join_de
from .kinds import KINDS, RecordKind
from .layout import SCHOOL_HOLIDAYS, TEMPLATES, left_behind
from .problems import Problem
from .processes import share_out, workers_for

try:  # libyaml is ten times faster; the pure-Python parser yields the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Records nest five levels at most; a file nested deeper is a mistake (or an attack on the
# reader's recursion), reported as such.
MAX_DEPTH = 50

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]


@dataclass
class Document:
    """One YAML mapping read from a file, with the position of every key and value."""

    path: str  # relative to the source root, with forward slashes
    stem: str
    data: dict[str, Any]
    text: str = ""  # the YAML it was read from, so positions can be worked out when needed
    line_offset: int = 0  # lines above ``text`` in its file (front matter of a page)
    _table: tuple[dict[Path_, Pos], dict[Path_, Pos]] | None = field(default=None, repr=False, compare=False)
    # Its rules and record checks found nothing when these very bytes were read before
    # (``contentcache``): ``validate`` need not ask them again.
    checked: bool = field(default=False, repr=False, compare=False)

    @property
    def values(self) -> dict[Path_, Pos]:
        """Line and column of every value, by its path in ``data``."""
        return self._positions()[0]

    @property
    def keys(self) -> dict[Path_, Pos]:
        """Line and column of every mapping key, by the path of its value."""
        return self._positions()[1]

    def _positions(self) -> tuple[dict[Path_, Pos], dict[Path_, Pos]]:
        # Only messages need positions, and almost every file has none: reading a file records
        # none, and the first question about a position reads the text again, noting them all.
        if self._table is None:
            builder = _Builder(self.path, self.text)
            builder.build()
            shift = self.line_offset
            self._table = (
                {k: (line + shift, col) for k, (line, col) in builder.values.items()},
                {k: (line + shift, col) for k, (line, col) in builder.keys.items()},
            )
            self._table[0].setdefault((), (1 + shift, 1))
        return self._table

    def position(self, loc: Path_) -> Pos:
        """Where the value at ``loc`` stands, or the nearest enclosing one that exists."""
        loc = tuple(loc)
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def missing_position(self, loc: Path_) -> Pos:
        """Where a missing field belongs: the line of the mapping that lacks it."""
        parent = tuple(loc[:-1])
        if parent in self.keys:
            return self.keys[parent]
        return self.position(parent)

    def key_position(self, loc: Path_) -> Pos:
        return self.keys.get(tuple(loc), self.position(loc))


@dataclass
class PageSource:
    """An editorial page: front matter as a Document, the Markdown body as text."""

    front: Document
    body: str


@dataclass(frozen=True)
class Table:
    """A table file (``content/schulferien.csv``): its rows of cells separated by ';', each row
    with its line and each cell, blanks around it trimmed, with the column it begins at.
    Blank lines, lines of empty cells and '#' comments are left out."""

    path: str  # relative to the source root, with forward slashes
    rows: tuple[tuple[int, tuple[tuple[int, str], ...]], ...]


@dataclass
class Sources:
    """Everything read from a content tree, before any validation."""

    root: Path
    site: Document | None = None
    taxonomies: Document | None = None
    providers: list[Document] = field(default_factory=list)
    advisory_points: list[Document] = field(default_factory=list)
    offers: list[Document] = field(default_factory=list)
    pages: list[PageSource] = field(default_factory=list)
    search: Document | None = None
    school_holidays: Table | None = None  # content/schulferien.csv, when there is one
    problems: list[Problem] = field(default_factory=list)
    # Files that could not be read (or are missing, for site.yaml and taxonomies.yaml): their
    # ids are known, their contents are not.
    failed: set[str] = field(default_factory=set)

    def items(self) -> Iterator[Document | PageSource]:
        """Every record file read, kind by kind."""
        for kind in KINDS:
            found = getattr(self, kind.store)
            if isinstance(found, list):
                yield from found
            elif found is not None:
                yield found


# --- YAML 1.2 core schema for plain scalars -------------------------------------------------

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# Leading zeros keep a value a string (postal codes such as 01067), as the contract says.
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


# First characters a plain scalar needs to be anything but a string under the rules below.
_NOT_ALWAYS_STR = frozenset("-+.0123456789~nNtTfF")


# Longer numbers stay text: no field holds one, and Python refuses to turn an integer of more
# than 4,300 digits into text again (a crash in every message that shows it).
_MAX_NUMBER_LENGTH = 100


def resolve_plain(text: str) -> Any:
    if text and text[0] not in _NOT_ALWAYS_STR or len(text) > _MAX_NUMBER_LENGTH:
        return text  # most values: words, names, ids
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        # A "+" is written only where it means something: +4971... stays a phone number.
        return text if text[0] == "+" else int(text)
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    # A number with a point stays as written: a float would read "1.200" (German for 1200) as
    # 1.2 and "9.00" as 9.0. A field that wants a number reads it from the text (records.py).
    return text


# --- Characters a file may not hold, and where they stand ---------------------------------

# Control characters (tab and the line breaks LF and CR aside), DEL, the C1 controls (NEL
# among them) and the Unicode line and paragraph separators. libyaml counts NEL, U+2028 and
# U+2029 as line breaks where editors do not, so a file holding one would be reported a line
# off from there on; the others libyaml refuses with an English message at 1:1.
_FORBIDDEN_RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# What an escape in double quotes ("\x01", "\e", "\N" ...) must not produce in a value either.
_FORBIDDEN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
)
_GERMAN_NAMES = {
    0x00: "Nullzeichen",
    0x07: "Klingelzeichen",
    0x08: "Rückschritt",
    0x0B: "vertikaler Tabulator",
    0x0C: "Seitenvorschub",
    0x1B: "Escape",
    0x7F: "Löschzeichen DEL",
    0x85: "Zeilenwechsel NEL",
}


_LOOKALIKE = re.compile(f"[{''.join(LOOKALIKE_SPACES)}]")
# Where YAML needs a blank: in the indentation, after "key:" and after a list's "-".
_BLANK_NEEDED = re.compile(f"(?m)^[ {''.join(LOOKALIKE_SPACES)}]*?([{''.join(LOOKALIKE_SPACES)}])|^[^\\S\\n]*(?:-|[^\\s:#'\"][^:#'\"]*:)([{''.join(LOOKALIKE_SPACES)}])")


def lookalike_space(text: str) -> str | None:
    """'U+00A0 (geschütztes Leerzeichen)' for the first space-like character in ``text`` that
    YAML does not take for a blank, or None."""
    found = _LOOKALIKE.search(text)
    return None if found is None else f"U+{ord(found.group()):04X} ({LOOKALIKE_SPACES[found.group()]})"


def without_lookalikes(text: str) -> str:
    return _LOOKALIKE.sub("", text).strip()


def character_name(char: str) -> str:
    """'Steuerzeichen U+0001 (SOH)', 'unsichtbares Zeilentrennzeichen U+2028 …': a character an
    editor cannot see, named in German."""
    code = ord(char)
    if code == 0x2028:
        return "unsichtbares Zeilentrennzeichen U+2028 (LINE SEPARATOR)"
    if code == 0x2029:
        return "unsichtbares Absatztrennzeichen U+2029 (PARAGRAPH SEPARATOR)"
    if code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
        return f"ungültiges Zeichen U+{code:04X}"
    name = _GERMAN_NAMES.get(code) or (_C0_NAMES[code] if code < 0x20 else "DEL" if code == 0x7F else "C1-Steuerzeichen")
    return f"Steuerzeichen U+{code:04X} ({name})"


def line_column(text: str, index: int) -> Pos:
    """Line and column (from 1) of ``text[index]``, counting line breaks as editors do: LF,
    CRLF and CR, nothing else."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - start + 1


def _raw_character_problem(relpath: str, text: str, found: re.Match[str], line_offset: int) -> Problem:
    line, column = line_column(text, found.start())
    more = len(_FORBIDDEN_RAW.findall(text, found.end()))
    message = f"{character_name(found.group())} ist nicht erlaubt; bitte entfernen"
    if found.group() in "\u2028\u2029\x85":
        message += " (oder durch einen gewöhnlichen Zeilenumbruch ersetzen)"
    if more:
        message += " – und 1 weiteres solches Zeichen in dieser Datei" if more == 1 else f" – und {more} weitere solche Zeichen in dieser Datei"
    return Problem(relpath, line + line_offset, column, "", message)


_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029"}


def _escape_at(text: str, start: int, end: int) -> int:
    """Index of the first escape between ``start`` and ``end`` that gives a forbidden character."""
    for escape in _ESCAPE.finditer(text, start, end):
        code = escape.group(1)
        char = chr(min(int(code[1:], 16), 0x10FFFF)) if len(code) > 1 else _SIMPLE_ESCAPES.get(code, "")
        if char and _FORBIDDEN_VALUE.match(char):
            return escape.start()
    return start


# A '#' after a blank ends a plain scalar: the rest of the line is a comment. Files without
# any '#' behind a value (block text is indented from its line's start) skip the check.
_TRAILING_COMMENT = re.compile(r"[ \t]+#")


def _has_comment_candidate(text: str) -> bool:
    """Whether some '#' follows a blank that follows other text on its line (what
    a regular expression would find, at a fraction of its cost: files hold few '#')."""
    at = text.find("#")
    while at != -1:
        before = at - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before < at - 1 and before >= 0 and text[before] not in "\r\n":
            return True
        at = text.find("#", at + 1)
    return False


def _comment_cut(text: str, end: int, value: str) -> int | None:
    """Where a comment cuts the text value ending at ``end``, if it looks like part of the text:
    the value has several words ('Schweißen Kurs #2 für Einsteiger') or the '#' is glued to
    what follows ('#2'). ``region: esslingen  # Landkreis`` is an ordinary comment."""
    found = _TRAILING_COMMENT.match(text, end)
    if found is None:
        return None
    mark = found.end() - 1
    glued = text[mark + 1 : mark + 2] not in ("", " ", "\t", "\r", "\n")
    if glued or any(c.isspace() for c in value):
        return mark
    return None


def _comment_message(value: str) -> str:
    kept = value if len(value) <= 40 else "…" + value[-39:]
    return (
        f"'#' nach einem Leerzeichen beginnt in YAML einen Kommentar: der Wert endet davor ('{kept}'); "
        "gehört der Rest zum Text, bitte den ganzen Wert in Anführungszeichen setzen, "
        "sonst den Kommentar in eine eigene Zeile schreiben"
    )


def _too_deep() -> str:
    return f"zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen); erwartet werden höchstens einige Ebenen eingerückter Felder und Listen"


_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _Builder:
    """Turns a libyaml event stream into Python values and a position table."""

    def __init__(self, relpath: str, text: str):
        self.relpath = relpath
        self.text = text
        self.events = yaml.parse(text, Loader=_Loader)
        self.values: dict[Path_, Pos] = {}
        self.keys: dict[Path_, Pos] = {}
        self.problems: list[Problem] = []
        self.comments = _has_comment_candidate(text)

    def problem(self, mark: Any, loc: Path_, message: str) -> None:
        self.problems.append(
            Problem(self.relpath, mark.line + 1, mark.column + 1, dotted(loc), message)
        )

    def problem_at(self, index: int, loc: Path_, message: str) -> None:
        line, column = line_column(self.text, index)
        self.problems.append(Problem(self.relpath, line, column, dotted(loc), message))

    def build(self) -> Any:
        next(self.events)  # StreamStart
        event = next(self.events)
        if isinstance(event, yaml.StreamEndEvent):
            return None
        value = self.node(next(self.events), ())
        next(self.events)  # DocumentEnd
        event = next(self.events)
        if isinstance(event, yaml.DocumentStartEvent):
            self.problem(event.start_mark, (), "die Datei darf nur ein YAML-Dokument enthalten (ein zweites '---' gefunden)")
        return value

    def skip(self) -> None:
        """Pass over the rest of a collection whose start was just read, however deep."""
        depth = 1
        try:
            for event in self.events:
                if isinstance(event, _STARTS):
                    depth += 1
                elif isinstance(event, _ENDS):
                    depth -= 1
                    if not depth:
                        return
        except yaml.YAMLError:  # libyaml's own limit, deeper down: the nesting is reported already
            raise _Abandoned from None

    def node(self, event: Any, loc: Path_, depth: int = 0) -> Any:
        self.values[loc] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            self.problem(event.start_mark, loc, f"Aliase (*{event.anchor}) sind nicht erlaubt; bitte den Wert ausschreiben")
            return None
        if event.anchor is not None:
            self.problem(event.start_mark, loc, f"Anker (&{event.anchor}) sind nicht erlaubt; bitte Werte ausschreiben")
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        if tag and tag != "!" and tag not in _CORE_TAGS and not (implicit is True or (isinstance(implicit, tuple) and implicit[0])):
            shown_tag = tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(event.start_mark, loc, f"eigene YAML-Tags ({shown_tag}) sind nicht erlaubt")
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, loc, tag)
        if depth >= MAX_DEPTH:
            self.problem(event.start_mark, loc, _too_deep())
            self.skip()
            return None
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for event in self.events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(event, (*loc, len(items)), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            for event in self.events:
                if isinstance(event, yaml.MappingEndEvent):
                    return mapping
                key_mark = event.start_mark
                key = self.node(event, (*loc, "\0key"), depth + 1)
                if not isinstance(key, str):
                    key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
                value_event = next(self.events)
                child = (*loc, key)
                if key in mapping:
                    self.problem(key_mark, child, "Feld doppelt angegeben; jedes Feld darf nur einmal vorkommen")
                    self.node(value_event, (*loc, "\0dup"), depth + 1)
                    continue
                self.keys[child] = (key_mark.line + 1, key_mark.column + 1)
                mapping[key] = self.node(value_event, child, depth + 1)
            return mapping
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def scalar(self, event: Any, loc: Path_, tag: str | None) -> Any:
        if event.style == '"':
            found = _FORBIDDEN_VALUE.search(event.value)
            if found:
                where = _escape_at(self.text, event.start_mark.index, event.end_mark.index)
                self.problem_at(where, loc, f"{character_name(found.group())} im Wert ist nicht erlaubt; bitte die Escape-Sequenz entfernen")
        if event.style or (tag and tag in _CORE_TAGS):
            return event.value
        value = resolve_plain(event.value)
        if self.comments and isinstance(value, str) and loc[-1:] != ("\0key",):
            cut = _comment_cut(self.text, event.end_mark.index, value)
            if cut is not None:
                self.problem_at(cut, loc, _comment_message(value))
        return value


class _Unusual(Exception):
    """Something ``_plain_values`` leaves to ``_Builder``, which can say where it is."""


class _Abandoned(Exception):
    """``_Builder`` stopped reading a file whose defect it has already reported."""


def _plain_values(text: str) -> Any:
    """The values of a well-formed file, straight from libyaml's events, without positions.

    Anything the reader refuses (anchors, aliases, tags, repeated keys, a second document,
    forbidden characters from escapes, a comment cutting a text, deep nesting) raises
    ``_Unusual``; ``_Builder`` then reads the file again and reports it with its place.
    """
    loader = _Loader(text)
    try:
        get = loader.get_event
        get()  # StreamStart
        if type(get()) is yaml.StreamEndEvent:
            return None
        comments = text if _has_comment_candidate(text) else None
        value = _plain_node(get, get(), comments, 0)
        get()  # DocumentEnd
        if type(get()) is not yaml.StreamEndEvent:
            raise _Unusual
        return value
    finally:
        loader.dispose()


def _plain_node(get: Any, event: Any, comments: str | None, depth: int) -> Any:
    kind = type(event)
    if kind is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
        raise _Unusual
    if kind is yaml.ScalarEvent:
        style = event.style
        if style:
            if style == '"' and _FORBIDDEN_VALUE.search(event.value):
                raise _Unusual
            return event.value
        value = resolve_plain(event.value)
        if comments is not None and isinstance(value, str) and _comment_cut(comments, event.end_mark.index, value) is not None:
            raise _Unusual
        return value
    if depth >= MAX_DEPTH:
        raise _Unusual
    if kind is yaml.SequenceStartEvent:
        items = []
        event = get()
        while type(event) is not yaml.SequenceEndEvent:
            items.append(_plain_node(get, event, comments, depth + 1))
            event = get()
        return items
    mapping: dict[str, Any] = {}
    event = get()
    while type(event) is not yaml.MappingEndEvent:
        key = _plain_node(get, event, None, depth + 1)  # a comment after a key is no cut text
        if not isinstance(key, str):
            key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
        if key in mapping:
            raise _Unusual
        mapping[key] = _plain_node(get, get(), comments, depth + 1)
        event = get()
    return mapping


def dotted(loc: Path_) -> str:
    """``('dates', 0, 'end')`` -> ``dates[0].end``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and not part.startswith("\0"):
            out += f".{part}" if out else part
    return out


# --- Syntax errors in German, where the defect starts -------------------------------------

_UNCLOSED_QUOTE = "Anführungszeichen wird nicht geschlossen"
_TAB = "Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken"
_INDENT = "Einrückung passt nicht zur Zeile darüber"
_COLON = "Doppelpunkt an unerwarteter Stelle; steht der Wert in Anführungszeichen und stimmt die Einrückung?"
_TAGS = "eigene YAML-Tags (!…) sind nicht erlaubt; beginnt der Wert mit '!', bitte in Anführungszeichen setzen"
_DIRECTIVES = "YAML-Direktiven ('%' am Zeilenanfang) sind nicht erlaubt; beginnt der Wert mit '%', bitte in Anführungszeichen setzen"
_BLOCK = "nach '|' oder '>' dürfen nur '-', '+' oder eine Ziffer 1–9 stehen, dann beginnt der Text in der nächsten Zeile"
_ESCAPES = "unvollständige Escape-Sequenz in doppelten Anführungszeichen (\\x, \\u und \\U brauchen 2, 4 und 8 Hexadezimalziffern); einfache Anführungszeichen verwenden"
_BRACKETS = {
    "]": "Liste in eckigen Klammern wird nicht geschlossen: ']' fehlt (oder zwischen zwei Einträgen fehlt ein Komma)",
    "}": "Abschnitt in geschweiften Klammern wird nicht geschlossen: '}' fehlt (oder zwischen zwei Feldern fehlt ein Komma)",
}

# (part of libyaml's problem, part of its context or "", where: "problem" or "context", German)
_SYNTAX_MESSAGES = [
    ("found unexpected end of stream", "quoted scalar", "context", _UNCLOSED_QUOTE),
    ("found unexpected document indicator", "quoted scalar", "context", _UNCLOSED_QUOTE),
    ("tab character", "", "problem", _TAB),
    ("found character '\\t'", "", "problem", _TAB),
    ("did not find expected ',' or ']'", "", "context", _BRACKETS["]"]),
    ("did not find expected ',' or '}'", "", "context", _BRACKETS["}"]),
    ("could not find expected ':'", "simple key", "context", "Doppelpunkt fehlt; erwartet wird 'feld: wert'"),
    ("mapping values are not allowed", "", "problem", _COLON),
    ("did not find expected key", "", "problem", _INDENT),
    ("expected <block end>", "", "problem", _INDENT),
    ("did not find expected '-' indicator", "", "problem", "Listeneintrag erwartet ('- wert'); Einrückung prüfen"),
    ("block sequence entries are not allowed", "", "problem", "Listeneintrag ('- ') an unerwarteter Stelle; Einrückung prüfen"),
    ("mapping keys are not allowed", "", "problem", "'?' an unerwarteter Stelle; Feldnamen bitte ohne '?' schreiben"),
    ("found unknown escape character", "", "problem", "unbekannte Escape-Sequenz in doppelten Anführungszeichen; einfache Anführungszeichen verwenden"),
    ("found invalid Unicode character escape code", "", "problem", "ungültige Unicode-Escape-Sequenz in doppelten Anführungszeichen; bitte das Zeichen selbst schreiben"),
    ("hexdecimal number", "", "problem", _ESCAPES),
    ("alphabetic or numeric character", "anchor", "context", "'&' am Anfang eines Werts: Anker sind nicht erlaubt; bitte den Wert in Anführungszeichen setzen"),
    ("alphabetic or numeric character", "alias", "context", "'*' am Anfang eines Werts: Aliase sind nicht erlaubt; bitte den Wert in Anführungszeichen setzen"),
    ("", "tag", "context", _TAGS),
    ("tag handle", "", "problem", _TAGS),
    ("tag URI", "", "problem", _TAGS),
    ("URI escaped octet", "", "problem", _TAGS),
    ("", "directive", "context", _DIRECTIVES),
    ("directive", "", "problem", _DIRECTIVES),
    ("incompatible YAML document", "", "problem", _DIRECTIVES),
    ("", "block scalar", "problem", _BLOCK),
    ("did not find expected <document start>", "", "problem", "nach dem Ende des Dokuments ('...') darf nichts mehr folgen"),
    ("did not find expected node content", "", "problem", "Wert fehlt oder ist unvollständig"),
    ("found unexpected ':'", "", "problem", "Doppelpunkt an unerwarteter Stelle"),
    ("nesting", "", "problem", _too_deep()),
    ("input is too long", "", "problem", "Datei ist zu groß"),
]


def _scan(text: str) -> list[Any]:
    """libyaml's tokens up to the first scanner error (a parser error leaves them all)."""
    tokens: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _cause(text: str, index: int, line: int) -> tuple[Pos, str] | None:
    """An earlier defect that the error at ``index`` (on ``line``, from 0) follows from: a quote
    left open that swallowed lines up to the next quote, text after a closing quote, or a '['
    or '{' left open. Returns where it starts (line and column from 1) and the message."""
    tokens = [t for t in _scan(text) if t.start_mark.index < index]
    for token in reversed(tokens):
        if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line == line:
            if token.start_mark.line < line:
                return (token.start_mark.line + 1, token.start_mark.column + 1), _UNCLOSED_QUOTE
            if token.end_mark.index == index:  # 'title: "Kurs "Fit" ab"': a quote within the value
                other = "einfache ('…')" if token.style == '"' else 'doppelte ("…")'
                return line_column(text, index - 1), (
                    "dieses Anführungszeichen beendet den Wert schon hier; gehört es zum Text, bitte den ganzen Wert"
                    f" in {other} Anführungszeichen setzen oder im Text „ “ schreiben"
                )
            if token.end_mark.index < index and not text[token.end_mark.index : index].strip():
                return line_column(text, index), (
                    "nach dem schließenden Anführungszeichen darf nichts folgen; gehört der Rest zum Wert, "
                    "bitte den ganzen Wert in Anführungszeichen setzen"
                )
        if token.end_mark.line < line:
            break
    open_flows: list[Any] = []
    for token in tokens:
        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            open_flows.append(token)
        elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and open_flows:
            open_flows.pop()
    if open_flows and open_flows[-1].start_mark.line < line:
        closing = "]" if isinstance(open_flows[-1], yaml.FlowSequenceStartToken) else "}"
        start = open_flows[-1].start_mark
        return _comment_in_brackets(text, start.index, closing) or ((start.line + 1, start.column + 1), _BRACKETS[closing])
    return None


def _lookalike_near(text: str, index: int) -> tuple[Pos, str] | None:
    """A space-like character YAML does not read as a blank where it needs one (indentation,
    after a colon or a list's dash) on the line of ``index`` or the line before (where an
    indentation error starts): where, and the message. Within a value it is text."""
    line_start = text.rfind("\n", 0, index) + 1
    start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    end = text.find("\n", index)
    stretch = text[start : end if end >= 0 else len(text)]
    for found in _BLANK_NEEDED.finditer(stretch):
        return line_column(text, start + found.start(1 if found.group(1) else 2)), (
            f"unsichtbares Zeichen {lookalike_space(found.group())}: YAML braucht hier ein gewöhnliches Leerzeichen;"
            " bitte löschen und neu tippen (oft aus Word oder einer Webseite kopiert)"
        )
    return None


def _misread(text: str, mark: Any, message: str) -> tuple[Pos, str] | None:
    """What YAML read otherwise than the editor meant, before the place it failed: a '#' in
    brackets, or a text without '|'."""
    if message in (_BRACKETS["]"], _BRACKETS["}"]):
        found = _comment_in_brackets(text, mark.index, "]" if message == _BRACKETS["]"] else "}")
        if found is not None:
            return found
    lines = _LINE_BREAK.split(text)  # as libyaml counts lines: LF, CRLF and CR
    if message.startswith("Doppelpunkt an unerwarteter Stelle"):
        found = _colon_missing(lines, mark.line) or _deeper_than_above(lines, mark.line, mark.column)
        if found is not None:
            return found
    curly = _CURLY_QUOTED.match(lines[mark.line]) if mark.line < len(lines) else None
    if curly is not None:  # 'title: “Staplerschein: Ausbildung”', typed in Word
        return (mark.line + 1, curly.start(1) + 1), (
            "typografische Anführungszeichen („…“, “…”) schützen in YAML keinen Wert; bitte gerade"
            ' Anführungszeichen setzen: "…"'
        )
    return _text_without_bar(text, mark.line)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A line that begins like 'feld: wert' without the colon ('title "Kurs"', '  - id stuttgart'),
# or a list's dash without its blank ('  -start: 2027-02-16').
_NO_COLON = re.compile(r"( *)(- +)?([A-Za-z_][\w-]*)[ \t]+[^\s:#]")
_DASH_GLUED = re.compile(r"( *)-([A-Za-z_][\w-]*):")


_BLOCK_START = re.compile(r"( *)(?:- +)?[^\s#'\"-][^:#]*:[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?\Z")
_MARKDOWN_HEADING = re.compile(r"( *)#{2,6}[ \t]+\S")


def _heading_left_of_text(text: str) -> tuple[Pos, str] | None:
    """A Markdown heading ('## Abschluss') inside a text after '|' or '>', written further
    left than the text: YAML ends the text there and reads the heading as a comment, so the
    heading (and, at the end of a file, all that follows it) would be missing without a word."""
    lines = _LINE_BREAK.split(text)
    block: int | None = None  # the indentation of the key whose text after '|' is open
    content: int | None = None  # the indentation of that text
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if content is None and indent > block:
                content = indent  # the text's first line sets its indentation
            if content is not None and indent >= content:
                continue
            if content is not None and _MARKDOWN_HEADING.match(line) is not None:
                return (number + 1, indent + 1), (
                    f"die Überschrift '{line.strip()[:40]}' steht weiter links als der Text darüber; YAML liest sie als"
                    f" Kommentar und beendet den Text davor – bitte wie den Text einrücken ({content} Leerzeichen)"
                )
            block = content = None
        start = _BLOCK_START.match(line)
        if start is not None:
            block, content = len(start.group(1)), None
    return None


def _colon_missing(lines: list[str], line: int) -> tuple[Pos, str] | None:
    """Where 'a colon in an unexpected place' comes from a line above that lacks one: YAML
    reads a key without its colon as the start of a text that runs on into the next line, and
    fails at that line's colon. Also a list's '-' written without its blank."""
    for number in range(min(line, len(lines) - 1), max(line - 3, -1), -1):
        glued = _DASH_GLUED.match(lines[number])
        if glued is not None:
            return (number + 1, len(glued.group(1)) + 1), (
                f"nach dem '-' fehlt ein Leerzeichen: '- {glued.group(2)}:' (ein Listeneintrag beginnt mit '- ')"
            )
    current = lines[line] if line < len(lines) else ""
    indent = len(current) - len(current.lstrip(" "))
    for number in range(line - 1, -1, -1):
        above = lines[number]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        found = _NO_COLON.match(above)
        if found is None or ":" in above:
            return None
        if len(found.group(1)) + len(found.group(2) or "") != indent:
            return None
        key = found.group(3)
        return (number + 1, len(found.group(1)) + len(found.group(2) or "") + len(key) + 1), (
            f"nach dem Feldnamen '{key}' fehlt der Doppelpunkt: '{key}: …'"
        )
    return None


_KEY_AT = re.compile(r"( *)([^\s#'\"-][^:#]*):(?:[ \t]|\Z)")
_ENTRY_WITH_VALUE = re.compile(r"( *)(- +)?([^\s#'\"-][^:#]*):[ \t]+[^\s#]")


def _deeper_than_above(lines: list[str], line: int, column: int) -> tuple[Pos, str] | None:
    """'  - start: 2027-01-15' and below it '     end: 2027-01-22', further in than 'start':
    YAML reads the line as more of start's value and fails at its colon. Where the key is,
    and how far in it belongs."""
    key = _KEY_AT.match(lines[line]) if line < len(lines) else None
    if key is None or column != key.end(2):
        return None
    indent = len(key.group(1))
    for number in range(line - 1, -1, -1):
        above = lines[number]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        entry = _ENTRY_WITH_VALUE.match(above)
        if entry is None:
            return None
        at = len(entry.group(1)) + len(entry.group(2) or "")
        if indent <= at:
            return None
        name, before = key.group(2).strip(), entry.group(3).strip()
        width = f"{at} Leerzeichen" if at else "am Zeilenanfang"
        return (line + 1, indent + 1), (
            f"'{name}:' ist weiter eingerückt als '{before}:' in Zeile {number + 1}; so liest YAML die Zeile als"
            f" Fortsetzung des Werts von '{before}' – bitte '{name}:' genauso weit einrücken wie '{before}:' ({width})"
        )
    return None


_CURLY_QUOTED = re.compile(r"\s*(?:-\s+)?[^\s:#][^:#]*:\s+([“„”‘‚’«»])")


_KEY_ALONE = re.compile(r"( *)([^\s#'\"-][^:#]*):[ \t]*(?:#.*)?\Z")


def _text_without_bar(text: str, line: int) -> tuple[Pos, str] | None:
    """'description:' followed by indented text, without '|': YAML reads the text as one
    line, '## …' as a comment and fails at the first '- '. Where the key is, and the fix."""
    lines = _LINE_BREAK.split(text)  # as libyaml counts lines: LF, CRLF and CR
    for number in range(min(line, len(lines) - 1) - 1, -1, -1):
        candidate = lines[number]
        if not candidate.strip():
            continue
        key = _KEY_ALONE.match(candidate)
        indent = len(candidate) - len(candidate.lstrip(" "))
        if key is not None:
            block = [ln for ln in lines[number + 1 : line + 1] if ln.strip()]
            first = block[0].strip() if block else ""
            inside = all(len(ln) - len(ln.lstrip(" ")) > indent for ln in block)
            if inside and first and not first.startswith(("- ", "#")) and ": " not in first:
                name = key.group(2).strip()
                return (number + 1, len(candidate.rstrip()) + 1), (
                    f"ein längerer Text braucht nach '{name}:' ein '|' (also '{name}: |'); ohne es liest YAML"
                    " die eingerückten Zeilen darunter nicht als Text ('## …' wäre ein Kommentar, '- ' ein Fehler)"
                )
            return None
        if indent == 0:
            return None
    return None


def _comment_in_brackets(text: str, start: int, closing: str) -> tuple[Pos, str] | None:
    """'tags: [Excel #Office, Word]': the '#' made the rest of the line a comment, the closing
    bracket too. Where that '#' is and what it did, or None."""
    comment = _TRAILING_COMMENT.search(text[start:].partition("\n")[0])
    if comment is None:
        return None
    return line_column(text, start + comment.end() - 1), (
        f"'#' nach einem Leerzeichen beginnt in YAML einen Kommentar: der Rest der Zeile, auch '{closing}',"
        " gehört nicht mehr zum Wert; bitte den Eintrag mit '#' in Anführungszeichen setzen"
    )


def _deep_bracket(text: str) -> Pos | None:
    """Where brackets first nest ``MAX_DEPTH`` deep (quotes are not told apart: a file nested
    that deep is reported for its nesting whatever its brackets hold)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth == MAX_DEPTH:
                return line_column(text, index)
        elif char in "]}" and depth:
            depth -= 1
    return None


def _syntax_problem(relpath: str, text: str, error: yaml.YAMLError, line_offset: int) -> Problem:
    problem = getattr(error, "problem", None) or ""
    context = getattr(error, "context", None) or ""
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    mark, message = problem_mark, ""
    for part, within, which, german in _SYNTAX_MESSAGES:
        if part in problem and within in context:
            mark = context_mark if which == "context" and context_mark is not None else problem_mark
            message = german
            break
    if "cannot start any token" in problem and problem_mark is not None:
        char = text[problem_mark.index : problem_mark.index + 1]
        message = _TAB if char == "\t" else (
            f"das Zeichen '{char}' kann einen Wert nicht beginnen; bitte den Wert in Anführungszeichen setzen"
        )
    where = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if mark is not None and (near := _lookalike_near(text, mark.index)) is not None:
        # Pasted from Word: a space that is none breaks indentation or 'feld: wert'.
        return Problem(relpath, near[0][0] + line_offset, near[0][1], "", near[1])
    if message == _too_deep():
        # libyaml stops at its own limit, a thousand brackets deep: point at ours instead.
        where = _deep_bracket(text) or where
    elif mark is not None and (found := _misread(text, mark, message)) is not None:
        where, message = found
    elif mark is not None and (message == _UNCLOSED_QUOTE or "Escape" not in message):
        cause = _cause(text, mark.index, mark.line)
        # An open quote is reported where it opens; an earlier one may have swallowed its start.
        if cause is not None and (message != _UNCLOSED_QUOTE or cause[1] == _UNCLOSED_QUOTE):
            where, message = cause
    if not message:
        message = "YAML-Syntaxfehler: diese Stelle lässt sich nicht lesen; bitte Einrückung, Doppelpunkte und Anführungszeichen prüfen"
    return Problem(relpath, where[0] + line_offset, where[1], "", message)


# The whitespace before the first other character of a line, when it holds a tab.
_TABBED_INDENT = re.compile(r"^[ \t]*\t[ \t]*", re.M)


def _spaced(text: str, width: int) -> str:
    """``text`` with each tab in the indentation of a line as ``width`` spaces."""
    return _TABBED_INDENT.sub(lambda m: m.group().replace("\t", " " * width), text)


def _untabbed(relpath: str, text: str) -> tuple[_Builder, dict[str, Any], str] | None:
    """A file whose indentation holds tabs, read with each such tab as spaces, so that its
    other fields are checked in the same run as the tab is reported: the builder, with every
    position as it is in ``text``, the values and the text read. The width that reads is
    taken, of one space (a file indented with tabs alone), two, four or eight (a line among
    lines indented with spaces), or none (a stray tab). None when no width reads."""
    tabbed = {line_column(text, m.start())[0]: m.group().count("\t") for m in _TABBED_INDENT.finditer(text)}
    for width in (1, 2, 4, 8, 0) if tabbed else ():
        spaced = _spaced(text, width)
        builder = _Builder(relpath, spaced)
        try:
            data = builder.build()
        except (yaml.YAMLError, _Abandoned):
            continue
        if not isinstance(data, dict):
            continue

        def back(pos: Pos, width: int = width) -> Pos:
            return pos[0], pos[1] - tabbed.get(pos[0], 0) * (width - 1)

        builder.values = {k: back(pos) for k, pos in builder.values.items()}
        builder.keys = {k: back(pos) for k, pos in builder.keys.items()}
        builder.problems = [Problem(p.file, *back((p.line, p.column)), p.field, p.message) for p in builder.problems]
        return builder, data, spaced
    return None


def _tab_problem(tab: Problem, text: str, values: dict[Path_, Pos], keys: dict[Path_, Pos], line_offset: int) -> Problem:
    """The line for the tabs of a file read all the same (``_untabbed``): at the first, with the
    field of its line (or of the text it is part of), and the other lines that have one
    (positions in the file: ``text`` begins after ``line_offset`` lines)."""
    before = [(pos, len(loc), loc) for loc, pos in (*keys.items(), *values.items()) if pos[0] <= tab.line and loc and not str(loc[-1]).startswith("\0")]
    here = [max(before)[2]] if before else []
    others = sorted({line_column(text, m.start())[0] + line_offset for m in _TABBED_INDENT.finditer(text)} - {tab.line})
    named = [str(n) for n in others] if len(others) <= 6 else [*map(str, others[:5]), f"{len(others) - 5} weiteren"]
    more = f" (auch in Zeile {named[0]})" if len(named) == 1 else f" (auch in den Zeilen {join_de(named)})" if named else ""
    return Problem(tab.file, tab.line, tab.column, dotted(here[0]) if here else "", tab.message + more)


# 'feld: wert' on one line, the value plain (no quote, bracket, '|' or other indicator first).
_PLAIN_ENTRY = re.compile(r"( *(?:- +)?[^\s#'\"\[\]{}?:-][^:#]*:[ \t]+)([^\s'\"\[\]{}|>&*!%@`#?:-][^\r\n]*?)[ \t]*\Z")
# How many values with a colon a file is read past; more, and the first is reported alone.
_MAX_COLONS = 20


def _colon_in_value(lines: list[str], mark: Any) -> tuple[int, str] | None:
    """'title: Excel: Grundkurs': the colon YAML stopped at stands within the plain value of
    'feld: wert' on its own line. The column (from 0) where the value begins, and the value."""
    if mark is None or mark.line >= len(lines):
        return None
    entry = _PLAIN_ENTRY.match(lines[mark.line])
    if entry is None or mark.column <= entry.end(1) or " #" in entry.group(2) or "\t#" in entry.group(2):
        return None
    return entry.end(1), entry.group(2)


def yaml_quoted(value: str) -> str:
    """``value`` in the quotes that leave it as it is: double, or single where it holds '"' or
    a backslash (an escape in double quotes)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _colon_message(value: str, key: str) -> str:
    return (
        "ein Doppelpunkt mit Leerzeichen danach steht in YAML nur nach dem Feldnamen; gehört er zum Text, bitte den"
        f" ganzen Wert in Anführungszeichen setzen: {key}: {yaml_quoted(value)}"
    )


def _colons_quoted(relpath: str, text: str, error: yaml.YAMLError) -> tuple[list[tuple[int, int, str]], str, tuple[_Builder, Any] | yaml.YAMLError]:
    """A file whose plain values hold ': ' ('title: Excel: Grundkurs'), read with each such
    value in quotes, so that its other fields are checked in the same run: where each value
    begins (line and column from 1) and what it is, the text read, and the builder that read
    it – or the next error that stops it (``error`` itself when no value is to blame)."""
    original = text, error
    lines = _LINE_BREAK.split(text)
    breaks = _LINE_BREAK.findall(text)
    quoted: list[tuple[int, int, str]] = []
    while len(quoted) < _MAX_COLONS:
        mark = getattr(error, "problem_mark", None)
        found = _colon_in_value(lines, mark) if "mapping values are not allowed" in (getattr(error, "problem", None) or "") else None
        if found is None or mark is None:
            break
        column, value = found
        line = lines[mark.line]
        lines[mark.line] = line[:column] + yaml_quoted(value) + line[column + len(value) :]
        quoted.append((mark.line + 1, column + 1, value))
        text = "".join(part + (breaks[i] if i < len(breaks) else "") for i, part in enumerate(lines))
        builder = _Builder(relpath, text)
        try:
            data = builder.build()
        except yaml.YAMLError as again:
            error = again
            continue
        except _Abandoned:  # a defect the builder has reported: left to the plain reading
            return [], original[0], original[1]
        return quoted, text, (builder, data)
    return quoted, text, error


def _key_of(line: str, column: int) -> str:
    """The key of 'feld: wert' whose value begins at ``column`` (from 1)."""
    return line[: column - 1].strip().removeprefix("-").strip().removesuffix(":").strip()


def _colon_problems(
    relpath: str, text: str, colons: list[tuple[int, int, str]], line_offset: int, field: Callable[[Pos], str] = lambda _: ""
) -> list[Problem]:
    """A problem for each value of ``text`` that ``_colons_quoted`` put in quotes; ``field``
    names the field at a position (line and column with ``line_offset``) where it is known."""
    lines = _LINE_BREAK.split(text)
    return [
        Problem(relpath, line + line_offset, column, field((line + line_offset, column)), _colon_message(value, _key_of(lines[line - 1], column)))
        for line, column, value in colons
    ]


def parse_yaml(relpath: str, text: str, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML mapping. Returns the document (or None) and its problems."""
    stem = _stem(relpath)
    forbidden = _FORBIDDEN_RAW.search(text)
    if forbidden is not None:
        return None, [_raw_character_problem(relpath, text, forbidden, line_offset)]
    heading = _heading_left_of_text(text) if "##" in text else None
    if heading is not None:  # the text would end before it, without a word
        return None, [Problem(relpath, heading[0][0] + line_offset, heading[0][1], "", heading[1])]
    try:
        data = _plain_values(text)
    except (_Unusual, yaml.YAMLError):
        pass  # read it again below, with positions, to say what and where
    else:
        if isinstance(data, dict) or data is None:
            return Document(relpath, stem, data or {}, text, line_offset), []
    builder = _Builder(relpath, text)
    tab: Problem | None = None
    colons: list[tuple[int, int, str]] = []
    try:
        data = builder.build()
    except yaml.YAMLError as error:
        problem = _syntax_problem(relpath, text, error, line_offset)
        colons, spaced, read = _colons_quoted(relpath, text, error) if problem.message == _COLON else ([], text, error)
        if colons and isinstance(read, yaml.YAMLError):
            # Read up to another defect: the values with a colon and that defect, all named.
            return None, [*_colon_problems(relpath, text, colons, line_offset), _syntax_problem(relpath, spaced, read, line_offset)]
        if colons and isinstance(read, tuple):
            builder, data = read
        else:
            recovered = _untabbed(relpath, text) if problem.message == _TAB else None
            if recovered is None:
                return None, [problem]
            (builder, data, spaced), tab = recovered, problem
    except _Abandoned:
        return None, [Problem(p.file, p.line + line_offset, p.column, p.field, p.message) for p in builder.problems]
    problems = builder.problems
    values, keys = builder.values, builder.keys
    if line_offset:
        values = {k: (line + line_offset, col) for k, (line, col) in values.items()}
        keys = {k: (line + line_offset, col) for k, (line, col) in keys.items()}
        problems = [
            Problem(p.file, p.line + line_offset, p.column, p.field, p.message) for p in problems
        ]
    if tab is not None:
        problems = [_tab_problem(tab, text, values, keys, line_offset), *problems]
        text = spaced  # what the positions are worked out from, should they be asked again
    if colons:
        at = {pos: loc for loc, pos in values.items()}
        problems = _colon_problems(relpath, text, colons, line_offset, lambda pos: dotted(at.get(pos, ()))) + problems
        text = spaced
    if data is None:
        data = {}
        values.setdefault((), (1 + line_offset, 1))
    if not isinstance(data, dict):
        line, col = values.get((), (1, 1))
        problems.append(Problem(relpath, line, col, "", "erwartet werden Felder der Form 'feld: wert', gefunden: " + _kind(data)))
        return None, problems
    return Document(relpath, stem, data, text, line_offset, (values, keys)), problems


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "eine Liste"
    return f"'{value}'"


def read_text(root: Path, path: Path) -> tuple[str | None, list[Problem]]:
    """The text of a content file, read only if it is a regular file inside ``root`` and at
    most ``MAX_FILE_BYTES`` long (see ``boundary``)."""
    return read_raw(root, path)[1:]


def read_raw(root: Path, path: Path, relpath: str | None = None) -> tuple[bytes, str | None, list[Problem]]:
    """``read_text`` and the bytes it was decoded from (empty if the file was not read)."""
    relpath = relpath or path.relative_to(root).as_posix()
    try:
        raw = boundary.read_bytes(path, boundary.real_roots([root]), MAX_FILE_BYTES)
    except boundary.Refused as refusal:
        return b"", None, [Problem(relpath, 1, 1, "", refusal.message)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8")
        line, column = line_column(before, len(before))
        return raw, None, [Problem(
            relpath, line, column, "",
            f"Datei ist nicht UTF-8-kodiert (Byte 0x{raw[error.start]:02X} ist kein UTF-8); bitte als UTF-8 speichern",
        )]
    return raw, text.removeprefix("\ufeff"), []


Parsed = TypeVar("Parsed")


def _parsed(parse: Callable[[str, str], tuple[Parsed | None, list[Problem]]], root: Path, path: Path) -> tuple[Parsed | None, list[Problem]]:
    """What ``parse`` makes of the text of a content file (``read_text``), named by its path in the tree."""
    text, problems = read_text(root, path)
    if text is None:
        return None, problems
    return parse(path.relative_to(root).as_posix(), text)


def load_yaml_file(root: Path, path: Path) -> tuple[Document | None, list[Problem]]:
    return _parsed(parse_yaml, root, path)


_FRONT = re.compile(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.S)


def load_page(root: Path, path: Path) -> tuple[PageSource | None, list[Problem]]:
    return _parsed(parse_page, root, path)


def parse_page(relpath: str, text: str) -> tuple[PageSource | None, list[Problem]]:
    """An editorial page: front matter between '---' lines, then Markdown."""
    forbidden = _FORBIDDEN_RAW.search(text)  # in the Markdown as well as in the front matter
    if forbidden is not None:
        return None, [_raw_character_problem(relpath, text, forbidden, 0)]
    match = _FRONT.match(text)
    if not match:
        return None, [Problem(relpath, 1, 1, "", "Vorspann fehlt: die Seite muss mit '---', Feldern wie 'title: ...' und '---' beginnen")]
    front, problems = parse_yaml(relpath, match.group(1) or "", line_offset=1)
    if front is None:
        return None, problems
    return PageSource(front, text[match.end():]), problems


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def load_table(root: Path, path: Path) -> tuple[Table | None, list[Problem]]:
    return _parsed(parse_table, root, path)


def parse_table(relpath: str, text: str) -> tuple[Table | None, list[Problem]]:
    """The rows of a table whose cells are separated by ';' (as a spreadsheet saves CSV in
    German). What the cells must hold is checked by ``validate``."""
    forbidden = _FORBIDDEN_RAW.search(text)
    if forbidden is not None:
        return None, [_raw_character_problem(relpath, text, forbidden, 0)]
    rows = []
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        if line.lstrip().startswith("#"):
            continue
        cells, start = [], 1
        for part in line.split(";"):
            cells.append((start + len(part) - len(part.lstrip()), part.strip()))
            start += len(part) + 1
        if any(cell for _, cell in cells):
            rows.append((number, tuple(cells)))
    return Table(relpath, tuple(rows)), []


_SHEETS = (".xlsx", ".xls", ".ods", ".numbers")


def _misnamed_table(folder: Path, name: str) -> list[tuple[str, str]]:
    """Files beside where the table ``name`` belongs that look meant as it ('Schulferien.csv',
    'schulferien.xlsx', 'schulferien.csv.txt'), with why they are not read."""
    meant = {name.rsplit(".", 1)[0] + ending for ending in (".csv", ".csv.txt", ".txt", ".tsv", *_SHEETS)}
    try:
        with os.scandir(folder) as entries:
            found = sorted(e.name for e in entries if e.name.casefold() in meant and e.name != name)
    except OSError:
        return []
    return [(
        str(folder / other),
        f"wird nicht gelesen: die eigenen Schulferien stehen in {folder.name}/{name}, als Text (UTF-8) mit ';' zwischen "
        f"den Spalten – bitte {'in einer Tabellenkalkulation als CSV speichern' if other.casefold().endswith(_SHEETS) else 'umbenennen'}",
    ) for other in found]


def _stored_yaml(relpath: str, text: str, data: dict[str, Any]) -> Document:
    """The document ``parse_yaml`` gave for ``text`` when it gave ``data`` and no problem."""
    return Document(relpath, _stem(relpath), data, text)


def _stored_page(relpath: str, text: str, data: dict[str, Any]) -> PageSource | None:
    match = _FRONT.match(text)
    if match is None:
        return None
    return PageSource(Document(relpath, _stem(relpath), data, match.group(1) or "", 1), text[match.end():])


def _stem(relpath: str) -> str:
    return relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]


# files, folders, folders that are symbolic links, and entries to report (path, message)
Listing = tuple[list[str], list[str], list[str], list[tuple[str, str]]]


# What an editor's program makes of a content file: Windows' editor adds '.txt' to a name it
# hides the ending of; a word processor saves its own format.
_DOCUMENTS = (".docx", ".doc", ".odt", ".rtf", ".pages")


def _wrong_suffix(name: str, suffix: str) -> str | None:
    """A content file that would be passed over for its ending ('.yml', '.YAML', '.MD',
    'kurs.yaml.txt', a Word document)."""
    lower = name.lower()
    endings = (".yaml", ".yml") if suffix == ".yaml" else (".md", ".markdown")
    if lower.endswith(_DOCUMENTS):
        return (
            f"ein Textdokument ('{name[name.rindex('.'):]}') wird nicht gelesen; Inhaltsdateien sind reiner Text und enden"
            f" auf '{suffix}' – bitte den Inhalt in eine solche Datei übernehmen und das Dokument entfernen"
        )
    if lower.endswith(".txt") and lower.removesuffix(".txt").endswith(endings):
        return f"Dateiendung '.txt' wird nicht gelesen (oft vom Editor angehängt); bitte umbenennen in '{name[:-4]}'"
    if name.endswith(suffix) or not lower.endswith(endings):
        return None
    ending = name[name.rindex("."):]
    return f"Dateiendung '{ending}' wird nicht gelesen; Inhaltsdateien enden auf '{suffix}' – bitte umbenennen"


def _listing(path: str, suffix: str) -> Listing:
    """A folder's entries ending in ``suffix`` (not hidden) and its folders, sorted by name.

    Every entry with the ending is listed, whatever it is (a FIFO, a dangling link …): the
    reader says what is wrong with it. Files with a near-miss ending are reported.
    """
    with os.scandir(path) as entries:  # the listing knows what is a folder: no stat per file
        listed = sorted(entries, key=_entry_name)
    files: list[str] = []
    folders: list[str] = []
    linked: list[str] = []
    odd: list[tuple[str, str]] = []
    for entry in listed:
        try:
            is_folder = entry.is_dir()
        except OSError:  # a link that loops: the reader reports it
            is_folder = False
        if is_folder:
            folders.append(entry.path)
            if entry.is_symlink():
                linked.append(entry.path)
        elif not entry.name.startswith("."):
            if entry.name.endswith(suffix):
                files.append(entry.path)
            elif (wrong := _wrong_suffix(entry.name, suffix)) is not None:
                odd.append((entry.path, wrong))
    return files, folders, linked, odd


_entry_name = operator.attrgetter("name")


def folder_refusal(path: str, roots: list[str], seen: set[str]) -> str | None:
    """Why the folder ``path`` (a symbolic link, or a top folder) is not read, or None.

    ``roots``: real paths it must lie in; ``seen``: real paths of linked folders already read
    in this walk (for loops).
    """
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "Ordner ist ein symbolischer Link, der im Kreis verweist; er wird nicht gelesen"
        return f"Ordner kann nicht gelesen werden: {boundary.os_error_text(error)}"
    if not boundary.inside(real, roots):
        return "Ordner liegt über einen symbolischen Link außerhalb des Inhaltsverzeichnisses; aus Sicherheitsgründen wird er nicht gelesen"
    if not os.path.isdir(real):
        return "erwartet wird ein Ordner, gefunden: eine Datei"
    if real in seen or path.startswith(real + os.sep):
        return "Ordner ist ein symbolischer Link auf einen Ordner, der schon gelesen wird (Schleife); er wird nicht noch einmal gelesen"
    seen.add(real)
    return None


def _sorted_files(
    folder: Path,
    suffix: str,
    recursive: bool = False,
    cache: ReadCache | None = None,
    odd: list[tuple[str, str]] | None = None,
    root: Path | None = None,
    walked: set[tuple[str, str]] | None = None,
) -> list[str]:
    """Files ending in ``suffix`` (not hidden), sorted; below ``folder`` too when ``recursive``.

    The order is that of Path objects (name by name). With a ``cache`` that trusts a folder
    (see ``ReadCache``), its listing from last time is used. Entries to report (a '.yml' file,
    a linked folder outside ``root`` or in a loop, an unreadable folder) go to ``odd``. The
    folders listed go to ``walked`` (as the cache's keys).
    """
    found: list[str] = []
    report = odd if odd is not None else []
    tree_roots = [str(root if root is not None else folder)]
    seen: set[str] = set()

    def walk(path: str) -> None:
        known = cache.folders.get((path, suffix)) if cache is not None and cache.trusts(path) else None
        if known is None:
            try:
                known = _listing(path, suffix)
            except (FileNotFoundError, NotADirectoryError):
                return
            except OSError as error:
                report.append((path, f"Ordner kann nicht gelesen werden: {boundary.os_error_text(error)}"))
                return
            if cache is not None:
                cache.folders[(path, suffix)] = known
        if walked is not None:
            walked.add((path, suffix))
        files, folders, linked, strange = known
        report.extend(strange)
        if not recursive:
            report.extend(_nested(folders, linked, suffix, os.path.relpath(folder, tree_roots[0])))
        if not recursive or not folders:
            found.extend(files)
            return
        # Path order: a subfolder's files where its name falls among the folder's files.
        entries = sorted([(f, False) for f in files] + [(d, True) for d in folders])
        for entry, is_folder in entries:
            if not is_folder:
                found.append(entry)
            elif entry not in linked:
                walk(entry)
            elif (refusal := folder_refusal(entry, tree_roots, seen)) is not None:
                report.append((entry, refusal))
            else:
                walk(entry)

    walk(str(folder))
    return found


def _nested(folders: list[str], linked: list[str], suffix: str, where: str) -> list[tuple[str, str]]:
    """Content files in subfolders of a folder that is read without them (advisory points,
    providers, pages): each is named, so that moving a file into a folder does not take it
    off the site without a word. Hidden folders and linked ones are not looked into."""
    message = f"liegt in einem Unterordner und wird nicht gelesen; diese Dateien gehören direkt in den Ordner {where}/ – bitte dorthin verschieben"
    nested: list[tuple[str, str]] = []
    for top in folders:
        if top in linked or os.path.basename(top).startswith("."):
            continue
        for path, subfolders, names in os.walk(top):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            nested.extend((os.path.join(path, name), message) for name in sorted(names) if name.endswith(suffix) and not name.startswith("."))
    return nested


Read = TypeVar("Read")


@dataclass
class ReadCache:
    """What the live preview remembers between rebuilds: per file its signature and what reading
    gave, per folder its listing.

    A file whose signature is unchanged is not read again. With ``watched`` (the preview's
    file-system events are reported through ``touched``), a folder with no event at or in it
    since the last reading is trusted: its listing is reused and its files are not looked at,
    settled or not. The first reading trusts nothing; ``drifted`` finds what missed events
    would hide, and settles what was read young.
    """

    watched: bool = False
    files: dict[str, tuple[Signature, Any, bytes | None]] = field(default_factory=dict)  # bytes: while unsettled
    folders: dict[tuple[str, str], Listing] = field(default_factory=dict)
    changed: set[str] | None = None  # folders with events since the last reading; None: trust none
    root: Path | None = None  # of the files read (for ``drifted``)

    def touched(self, paths: Iterable[str]) -> None:
        """Paths named by file-system events: a file or folder, made, changed, moved or gone."""
        if self.changed is not None:
            for path in map(os.path.normpath, paths):
                self.changed.update((path, os.path.dirname(path)))

    def trusts(self, folder: str) -> bool:
        return self.changed is not None and folder not in self.changed

    def read(self, path: str, reader: Callable[[Path, Path], Read], root: Path) -> Read:
        """``reader(root, path)``, or what it gave last time when the file is as it was then.

        A file that changed within the clock tick before it was read may change again without
        a new signature: it is remembered with its bytes, and until it settles those bytes are
        compared instead (so the first edit after a bulk write is not a full re-read).
        """
        known = self.files.get(path)
        if known is not None and self.trusts(path.rpartition(os.sep)[0]):  # its folder
            # Also while unsettled: no event since it was read, and ``drifted`` compares its
            # bytes once it has settled (a checkout just before the start is not read again
            # at the first edit: 7,600 files, 0.15 s at 10,000 offers).
            return cast(Read, known[1])
        self.root = root
        try:
            stat = os.stat(path)
        except OSError:  # a link that loops or leads nowhere: the reader says so, every time
            self.files.pop(path, None)
            return reader(root, Path(path))
        mark = signature(stat)
        if known is not None and known[0] == mark:
            if known[2] is None:
                return cast(Read, known[1])
            content = _content(path, root)
            if content == known[2]:
                self.files[path] = (mark, known[1], None if settled(stat) else content)
                return cast(Read, known[1])
        if settled(stat):
            result = _kept(known, reader(root, Path(path)))
            self.files[path] = (mark, result, None)
            return result
        before = _content(path, root)  # the same bytes before and after reading: what was read
        result = _kept(known, reader(root, Path(path)))
        if before is not None and before == _content(path, root):
            self.files[path] = (mark, result, before)
        else:
            self.files.pop(path, None)
        return result

    def read_many(
        self, paths: list[str], reader: Callable[[Path, Path], Read], root: Path,
        batch: Callable[[list[str]], list[Read]] | None = None,
    ) -> list[Read]:
        """``read`` for each of ``paths``; what ``read`` would hand back unlooked-at (a settled
        file in a trusted folder) is taken here without a call per file: 10,000 offers, one
        edited, spent 20 ms in those calls.

        ``batch`` reads many files at once as ``reader`` would, one after the other (the first
        reading of the preview: by a worker per core, through the build's cache of file
        values); it is given the settled files that are new or changed, each remembered with
        the signature it had before it was read."""
        files, result = self.files, []
        trusted: dict[str, bool] = {}  # per folder
        later: list[tuple[int, str, Signature]] = []  # for ``batch``
        for path in paths:
            known = files.get(path)
            if known is not None:
                folder = path.rpartition(os.sep)[0]
                trust = trusted.get(folder)
                if trust is None:
                    trust = trusted[folder] = self.trusts(folder)
                if trust:
                    result.append(known[1])
                    continue
            if batch is not None and (known is None or known[2] is None):
                try:
                    stat = os.stat(path)
                except OSError:
                    stat = None
                if stat is not None and settled(stat):
                    mark = signature(stat)
                    if known is not None and known[0] == mark:
                        result.append(known[1])
                    else:
                        later.append((len(result), path, mark))
                        result.append(None)
                    continue
            result.append(self.read(path, reader, root))
        if batch is not None and later:
            self.root = root
            for (index, path, mark), value in zip(later, batch([path for _, path, _ in later]), strict=True):
                files[path] = (mark, value, None)
                result[index] = value
        return result

    def document(self, path: str) -> Document | None:
        """The document last read from ``path`` (as ``read`` names it), else None: for the
        lines of the preview's notes, without reading the file again."""
        known = self.files.get(path)
        found = known[1] if known is not None else None
        doc = found[0] if isinstance(found, tuple) and found else None
        return doc if isinstance(doc, Document) else None

    def read_all(self) -> None:
        """Called when a reading is complete: from now on only new events make folders suspect."""
        self.changed = set() if self.watched else None

    def drifted(self) -> list[str]:
        """Remembered folders whose listing and files whose signature are no longer as read:
        what a lost file-system event would hide (checked while the preview is idle)."""
        missed = []
        for (folder, suffix), listing in list(self.folders.items()):
            try:
                now: Listing | None = _listing(folder, suffix)
            except OSError:
                now = None
            if now != listing:
                missed.append(folder)
        clock = time.time_ns()
        for path, (mark, value, unsettled) in list(self.files.items()):
            try:
                stat = os.stat(path)
            except OSError:
                missed.append(path)
                continue
            if signature(stat) != mark:
                missed.append(path)
            elif unsettled is not None and self.root is not None and settled(stat, clock):
                # Settled since it was read (a checkout just before the start): from now on its
                # signature answers, and the first edit need not compare its folder's bytes.
                if _content(path, self.root) == unsettled:
                    self.files[path] = (mark, value, None)
                else:
                    missed.append(path)
        return missed


def _kept(known: tuple[Signature, Any, bytes | None] | None, result: Read) -> Read:
    """What was read before, when reading again gave the same (a file saved unchanged): the
    same object, so the checks, the guide and the pages keep theirs and nothing is rendered
    or reloaded for it."""
    if known is not None and type(known[1]) is type(result) and known[1] == result:
        return cast(Read, known[1])
    return result


def _content(path: str, root: Path) -> bytes | None:
    """The bytes of a file the reader would read, else None (a FIFO must not block here)."""
    try:
        return boundary.read_bytes(path, boundary.real_roots([root]), MAX_FILE_BYTES)
    except boundary.Refused:
        return None


def _read(cache: ReadCache | None, path: str, reader: Callable[[Path, Path], Read], root: Path) -> Read:
    return reader(root, Path(path)) if cache is None else cache.read(path, reader, root)


def _read_many(
    cache: ReadCache | None, paths: list[str], reader: Callable[[Path, Path], Read], root: Path,
    batch: Callable[[list[str]], list[Read]] | None = None,
) -> list[Read]:
    """``_read`` for each of ``paths``, in order.

    Without a cache (a build) the files are parsed by one forked worker per core, in batches
    taken by whichever is free: parsing YAML is most of the loading, and the other cores would
    wait for it (10,000 offers). The preview's cache reads only changed files, here; those
    many at once through ``batch`` (see ``ReadCache.read_many``).
    """
    workers = workers_for(len(paths))
    if cache is not None:
        return cache.read_many(paths, reader, root, batch)
    if workers <= 1:
        return [_read(cache, path, reader, root) for path in paths]
    size = -(-len(paths) // (workers * 4))
    batches = [paths[i : i + size] for i in range(0, len(paths), size)]
    parts = share_out(lambda task: [reader(root, Path(path)) for path in batches[task]], len(batches), workers)
    return [read for part in parts for read in part]


def _read_stored(store: ContentCache, paths: list[str], kind: RecordKind, root: Path) -> list[Any]:
    """What ``_read_many`` gives for ``paths`` in a build, through its cache of file values:
    a file whose bytes gave values before without a problem is not parsed again; the others
    are parsed (by a worker per core when they are many) and what they give is remembered.
    The bytes are read here once, so what is remembered is what was parsed."""
    page = kind.suffix == ".md"
    results: list[Any] = [None] * len(paths)
    missing: list[tuple[int, str, str, str]] = []
    prefix = len(os.fspath(root)) + 1
    for i, path in enumerate(paths):
        relpath = path[prefix:].replace(os.sep, "/")
        raw, text, problems = read_raw(root, Path(path), relpath)
        if text is None:
            results[i] = (None, problems)
            continue
        key = store.key(kind.name, raw)
        entry = store.take(key, relpath)
        found = None if entry is None else _stored_page(relpath, text, entry.data) if page else _stored_yaml(relpath, text, entry.data)
        if entry is None or found is None:
            missing.append((i, relpath, text, key))
            continue
        front(found).checked = entry.checked
        results[i] = (found, [])
    parse = cast(Callable[[str, str], tuple[Any, list[Problem]]], parse_page if page else parse_yaml)
    workers = workers_for(len(missing))
    size = -(-len(missing) // (workers * 4)) or 1
    batches = [missing[i : i + size] for i in range(0, len(missing), size)]
    parts = share_out(lambda task: [parse(relpath, text) for _, relpath, text, _ in batches[task]], len(batches), workers)
    for (i, relpath, _, key), (found, problems) in zip(missing, (read for part in parts for read in part), strict=True):
        results[i] = (found, problems)
        if found is not None and not problems:
            store.put(key, relpath, front(found).data)
    return results


def front(item: Document | PageSource) -> Document:
    """The YAML of a record file: the whole file, or a page's front matter."""
    return item.front if isinstance(item, PageSource) else item




def check_templates(root: Path, builtin: Path) -> list[Problem]:
    """Every file of the guide's own ``templates/`` must be a regular file inside the content
    tree (or Lotse's built-in templates, ``builtin``), of bounded size: rendering reads them
    and publishes the assets as they are."""
    folder = root / TEMPLATES
    if not os.path.lexists(folder):
        return []
    roots = boundary.real_roots([root, builtin])
    problems: list[Problem] = []
    seen: set[str] = set()

    def refuse(path: str, message: str) -> None:
        problems.append(Problem(Path(path).relative_to(root).as_posix(), 1, 1, "", message))

    def walk(path: str) -> None:
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=_entry_name)
        except OSError as error:
            refuse(path, f"Ordner kann nicht gelesen werden: {boundary.os_error_text(error)}")
            return
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                refusal = folder_refusal(entry.path, roots, seen) if entry.is_symlink() else None
                if refusal is None:
                    walk(entry.path)
                else:
                    refuse(entry.path, refusal)
                continue
            try:
                info = boundary.inspect(entry.path, roots, MAX_TEMPLATE_FILE_BYTES)
                if _private_key(entry.path, info.st_size, assets, roots):
                    refuse(entry.path, PRIVATE_KEY)
            except boundary.Refused as refusal_:
                refuse(entry.path, refusal_.message)

    assets = os.path.join(folder, "assets") + os.sep
    refusal = folder_refusal(str(folder), roots, seen)
    if refusal is not None:
        refuse(str(folder), refusal)
    else:
        walk(str(folder))
    return problems


PRIVATE_KEY = (
    "Datei sieht aus wie ein privater Schlüssel; alles in templates/assets/ wird veröffentlicht. Bitte die Datei "
    "entfernen (lag sie schon in einem geteilten Repository, gilt der Schlüssel als bekannt und sollte ersetzt werden)"
)
# Names private keys and key stores have by default (ssh-keygen, Java, PuTTY, KeePass, PKCS #12).
_KEY_NAMES = frozenset({"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"})
_KEY_ENDINGS = (".p12", ".pfx", ".jks", ".keystore", ".ppk", ".kdbx")
_KEY_MARK = re.compile(rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|PuTTY-User-Key-File-")
_KEY_SNIFF_BYTES = 64 * 1024  # a key in PEM form is a few KiB; larger files are left unread


def _private_key(path: str, size: int, assets: str, roots: list[str]) -> bool:
    """Whether the file at ``path``, when below ``assets`` (and so published, unless it is
    ``layout.left_behind``), is a private key: by its name, or by the armour of its text."""
    if not path.startswith(assets) or left_behind(path[len(assets):].replace(os.sep, "/")):
        return False
    name = os.path.basename(path).lower()
    if name in _KEY_NAMES or name.endswith(_KEY_ENDINGS):
        return True
    return size <= _KEY_SNIFF_BYTES and _KEY_MARK.search(boundary.read_bytes(path, roots, _KEY_SNIFF_BYTES)) is not None


def _read_files(paths: list[str], kind: RecordKind, root: Path, cache: ReadCache | None, store: ContentCache | None) -> list[Any]:
    """What reading ``paths`` of ``kind`` gives, in order: through the preview's ``cache`` (only
    what it does not know), and many files at once through the ``store`` when there is one,
    else by a worker per core."""
    reader = load_page if kind.suffix == ".md" else load_yaml_file
    at_once = partial(_read_stored, store, kind=kind, root=root) if store is not None else partial(_read_many, None, reader=reader, root=root)
    return at_once(paths) if cache is None else _read_many(cache, paths, reader, root, at_once)


def load_sources(root: Path, cache: ReadCache | None = None, store: ContentCache | None = None) -> Sources:
    """Read every content file below ``root`` in a fixed order.

    With a ``cache`` (the live preview's), files whose stat is unchanged are not read again;
    their documents are the very objects of the last reading. With a ``store``, the values
    of files read before are taken from there (``contentcache``): by a build, and by the
    preview for the files its cache does not know (its first reading). Only regular files
    inside ``root`` are read (``boundary``); anything else there is reported.
    """
    root = root.resolve()
    sources = Sources(root=root)
    listed: set[str] = set()
    walked: set[tuple[str, str]] = set()
    odd: list[tuple[str, str]] = []
    checked: dict[Path, bool] = {}

    def relative(path: str | Path) -> str:
        return Path(path).relative_to(root).as_posix()

    def folder_ok(folder: Path) -> bool:
        """Whether ``folder`` and every folder above it up to the root can be read; a folder
        that links out of the tree (or is a file) is reported once."""
        if folder == root:
            return True
        if folder not in checked:
            refusal = None
            if folder_ok(folder.parent) and os.path.lexists(folder):
                refusal = folder_refusal(str(folder), [str(root)], set())
                if refusal is not None:
                    odd.append((str(folder), refusal))
                checked[folder] = refusal is None
            else:
                checked[folder] = False
        return checked[folder]

    for kind in KINDS:
        if not kind.many:
            path = root / kind.path
            listed.add(str(path))
            if not folder_ok(path.parent):
                sources.failed.add(kind.path)
                continue
            if not os.path.lexists(path):
                if kind.required:
                    near = path.with_suffix(".yml")
                    hint = f" (gefunden: {near.name} – bitte in {path.name} umbenennen)" if os.path.lexists(near) else ""
                    sources.problems.append(Problem(kind.path, 1, 1, "", f"Datei fehlt: {kind.path}{hint}"))
                    sources.failed.add(kind.path)
                continue
            doc, problems = _read_files([str(path)], kind, root, cache, store)[0]
            sources.problems.extend(problems)
            setattr(sources, kind.store, doc)
            if doc is None:
                sources.failed.add(kind.path)
            continue
        folder = root / kind.path
        paths = _sorted_files(folder, kind.suffix, kind.recursive, cache, odd, root, walked) if folder_ok(folder) else []
        if kind.recursive:  # by path as a string, as editors and git list them (all begin with the root)
            paths.sort()
        listed.update(paths)
        found = []
        reads = _read_files(paths, kind, root, cache, store)
        for path_name, (doc, problems) in zip(paths, reads, strict=True):
            sources.problems.extend(problems)
            if doc is not None:
                found.append(doc)
            else:
                sources.failed.add(relative(path_name))
        setattr(sources, kind.store, found)
    table = root / SCHOOL_HOLIDAYS
    listed.add(str(table))
    if folder_ok(table.parent):
        if os.path.lexists(table):
            sources.school_holidays, problems = _read(cache, str(table), load_table, root)
            sources.problems.extend(problems)
        else:
            odd += _misnamed_table(table.parent, table.name)
    sources.problems.extend(Problem(relative(path), 1, 1, "", message) for path, message in odd)
    if cache is not None:  # forget files and folders that are gone; the next reading starts from here
        for gone in cache.files.keys() - listed:
            del cache.files[gone]
        # A folder no longer listed (deleted, or no longer a folder): kept, ``drifted`` would
        # find it changed after every rebuild.
        for folder_gone in cache.folders.keys() - walked:
            del cache.folders[folder_gone]
        cache.read_all()
    return sources
