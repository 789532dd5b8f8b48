"""Reading untrusted catalog XML: no entities, the declared encoding, and forgiving text access."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .common import UTF16_MARKS, ImportFailure

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"'>]*)[\"']")
# Encodings catalogs are written in. Any other declaration is refused before parsing: an
# unknown name made the XML reader raise a LookupError, and UTF-7 can hide markup in
# harmless-looking ASCII ("+ADw-script+AD4-").
READABLE_ENCODINGS = {
    "utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii",
    "iso-8859-1", "iso8859-1", "latin-1", "latin1", "iso-8859-15", "iso8859-15", "latin-9",
    "windows-1252", "cp1252",
}
_UNICODE = {"utf-8", "utf8", "utf-16", "utf16"}
_LATIN_1 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1"}
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# A UTF-8 lead byte read as Latin-1/cp1252 (Ã, â, …) followed by continuation bytes read the same way.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# The lead decides the length. Two-byte leads only where German text never puts the letter
# before a continuation character: Ã (ä, ö, ü, ß, é), Â, Ä, Å (Ł, Œ, Š, Ž), Ð and Ñ (Cyrillic);
# not ß, Ö, Ü or Ø, so that „Maß“ and "Gruß" before a non-breaking space stay as written.
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00c5\u00d0\u00d1][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}|[\u00f0-\u00f4][{_CONTINUATION}]{{3}}"
)


def parse(raw: bytes) -> tuple[Element, list[str]]:
    """The root element with namespaces removed, and notes on anything read leniently."""
    notes: list[str] = []
    if raw.startswith(UTF16_MARKS):
        # A UTF-16 byte order mark outweighs the declaration (XML 1.0, appendix F): Windows
        # editors save "Unicode" as UTF-16 and leave the "UTF-8" the file was declared with.
        raw = _as_utf8(raw.decode("utf-16", errors="replace"))
    raw = _tidy(raw)
    encoding = declared_encoding(raw)
    if encoding not in READABLE_ENCODINGS:
        raise ImportFailure(
            f"die XML-Datei gibt die Kodierung {encoding!r} an; gelesen werden UTF-8, UTF-16, "
            "ISO-8859-1, ISO-8859-15, Windows-1252 und US-ASCII – bitte die Datei in UTF-8 exportieren"
        )
    if encoding not in _UNICODE and not raw.isascii() and _is_utf8(raw):
        # The other way round: a UTF-8 export under a Latin-1 declaration left by a template.
        # German text in a single-byte encoding is never valid UTF-8 ("ä" is one byte above
        # 0x7F before a letter), so bytes that are valid UTF-8 were written as UTF-8.
        raw = _as_utf8(raw.removeprefix(_BOM).decode("utf-8"))
        notes.append(f"die Datei gibt die Kodierung {encoding.upper()} an, ist aber in UTF-8 gespeichert; als UTF-8 gelesen")
    elif encoding in _LATIN_1 and _C1_BYTES.search(raw):
        # Windows exporters write "ISO-8859-1" over Windows-1252 bytes (€, –, „ “ in 0x80-0x9F,
        # control characters in ISO-8859-1); browsers read that label as Windows-1252, so do we.
        raw = _as_utf8(raw.decode("cp1252", errors="replace"))
    try:
        root = SafeET.fromstring(raw)
    except DefusedXmlException as error:
        raise ImportFailure(
            "die XML-Datei enthält eine DTD mit Entitäten oder Verweise auf externe Dateien "
            f"({type(error).__name__}); aus Sicherheitsgründen wird sie nicht gelesen"
        ) from None
    except (LookupError, ValueError) as error:  # an encoding the XML reader cannot use after all
        raise ImportFailure(f"die XML-Datei lässt sich in ihrer Kodierung nicht lesen ({type(error).__name__})") from None
    except ParseError as error:
        root = _reread_as_cp1252(raw, error)
        notes.append("die Datei ist nicht in der angegebenen Kodierung gespeichert; als Windows-1252 gelesen")
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return root, notes


_BOM = b"\xef\xbb\xbf"
# Names the XML reader does not know for encodings it reads under their standard names.
_ALIASES = {"utf8": "UTF-8", "utf16": "UTF-16", "iso8859-1": "ISO-8859-1", "latin1": "ISO-8859-1", "latin-1": "ISO-8859-1",
            "iso8859-15": "ISO-8859-15", "latin-9": "ISO-8859-15", "cp1252": "windows-1252", "ascii": "US-ASCII"}


def _tidy(raw: bytes) -> bytes:
    """What exporters put around a declaration the XML reader would refuse: blank lines before
    it (a script's stray newline) and encoding names it does not know ("UTF8", "latin1")."""
    bom = _BOM if raw.startswith(_BOM) else b""
    rest = raw[len(bom):]
    if rest[:1].isspace() and rest.lstrip().startswith(b"<?xml"):
        raw = bom + rest.lstrip()
    match = _DECLARATION.match(raw)
    alias = _ALIASES.get(match.group(1).decode("ascii", "replace").strip().lower()) if match else None
    if match and alias:
        raw = raw[: match.start(1)] + alias.encode() + raw[match.end(1) :]
    return raw


def declared_encoding(raw: bytes) -> str:
    match = _DECLARATION.match(raw)
    return match.group(1).decode("ascii", "replace").strip().lower() if match else "utf-8"


def _reread_as_cp1252(raw: bytes, error: ParseError) -> Element:
    """Exporters often write Latin-1 bytes under a UTF-8 declaration; read those, refuse the rest."""
    line, column = getattr(error, "position", (0, 0))
    problem = f"die XML-Datei ist nicht wohlgeformt (Zeile {line}, Spalte {column + 1}): {error}"
    if declared_encoding(raw) not in ("utf-8", "utf8") or _is_utf8(raw):
        raise ImportFailure(problem) from None  # the defect is not the encoding
    try:
        return SafeET.fromstring(_as_utf8(raw.removeprefix(b"\xef\xbb\xbf").decode("cp1252", errors="replace")))
    except (ParseError, DefusedXmlException):
        raise ImportFailure(problem) from None


def _as_utf8(text: str) -> bytes:
    """XML text as UTF-8 bytes, its encoding declaration taken out (it named another one)."""
    return re.sub(r"^(\s*<\?xml[^>]*?)encoding\s*=\s*[\"'][^\"']*[\"']", r"\1", text).encode("utf-8")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def repair(text: str) -> str:
    """Undo UTF-8 read as Latin-1 ("fÃ¼r" → "für"), which some exporters produce."""
    return _MOJIBAKE.sub(_redecode, text)


def _redecode(match: re.Match[str]) -> str:
    for codec in ("cp1252", "latin-1"):
        try:
            return match.group(0).encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return match.group(0)


def text(element: Element | None, path: str = "") -> str:
    """Trimmed, repaired text at ``path`` (or of the element), "" when absent."""
    if element is None:
        return ""
    found = element.find(path) if path else element
    if found is None:
        return ""
    return repair("".join(found.itertext()).strip())


def texts(element: Element | None, path: str) -> list[str]:
    if element is None:
        return []
    values = (repair("".join(e.itertext()).strip()) for e in element.findall(path))
    return [v for v in values if v]


def attr(element: Element | None, path: str, name: str) -> str:
    if element is None:
        return ""
    found = element.find(path) if path else element
    return repair((found.get(name) or "").strip()) if found is not None else ""
