"""Step 1: read the content tree into plain Python values, remembering where each value stood.

YAML is read with YAML 1.2 core semantics on top of libyaml's event parser: ``no``, ``on``,
``13:00`` and ``01067`` stay strings, dates stay strings (the validator parses them, so an
impossible date is a message and never a crash). Anchors, aliases and tags are refused.
"""

from __future__ import annotations

import operator
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from .kinds import KINDS
from .problems import Problem

try:  # libyaml is ten times faster; the pure-Python parser yields the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024

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
    problems: list[Problem] = field(default_factory=list)

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
_FLOAT = re.compile(r"[-+]?((0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?[eE][-+]?[0-9]+)\Z")
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


# First characters a plain scalar needs to be anything but a string under the rules below.
_NOT_ALWAYS_STR = frozenset("-+.0123456789~nNtTfF")


def resolve_plain(text: str) -> Any:
    if text and text[0] not in _NOT_ALWAYS_STR:
        return text  # most values: words, names, ids
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    return text


class _Builder:
    """Turns a libyaml event stream into Python values and a position table."""

    def __init__(self, relpath: str, text: str):
        self.relpath = relpath
        self.events = yaml.parse(text, Loader=_Loader)
        self.values: dict[Path_, Pos] = {}
        self.keys: dict[Path_, Pos] = {}
        self.problems: list[Problem] = []

    def problem(self, mark: Any, loc: Path_, message: str) -> None:
        self.problems.append(
            Problem(self.relpath, mark.line + 1, mark.column + 1, dotted(loc), message)
        )

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

    def node(self, event: Any, loc: Path_) -> Any:
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
            if not event.style and not (tag and tag in _CORE_TAGS):
                return resolve_plain(event.value)
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for event in self.events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(event, (*loc, len(items))))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            for event in self.events:
                if isinstance(event, yaml.MappingEndEvent):
                    return mapping
                key_mark = event.start_mark
                key = self.node(event, (*loc, "\0key"))
                if not isinstance(key, str):
                    key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
                value_event = next(self.events)
                child = (*loc, key)
                if key in mapping:
                    self.problem(key_mark, child, "Feld doppelt angegeben; jedes Feld darf nur einmal vorkommen")
                    self.node(value_event, (*loc, "\0dup"))
                    continue
                self.keys[child] = (key_mark.line + 1, key_mark.column + 1)
                mapping[key] = self.node(value_event, child)
            return mapping
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover


class _Unusual(Exception):
    """Something ``_plain_values`` leaves to ``_Builder``, which can say where it is."""


def _plain_values(text: str) -> Any:
    """The values of a well-formed file, straight from libyaml's events, without positions.

    Anything the reader refuses (anchors, aliases, tags, repeated keys, a second document)
    raises ``_Unusual``; ``_Builder`` then reads the file again and reports it with its place.
    """
    loader = _Loader(text)
    try:
        get = loader.get_event
        get()  # StreamStart
        if type(get()) is yaml.StreamEndEvent:
            return None
        value = _plain_node(get, get())
        get()  # DocumentEnd
        if type(get()) is not yaml.StreamEndEvent:
            raise _Unusual
        return value
    finally:
        loader.dispose()


def _plain_node(get: Any, event: Any) -> Any:
    kind = type(event)
    if kind is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
        raise _Unusual
    if kind is yaml.ScalarEvent:
        return event.value if event.style else resolve_plain(event.value)
    if kind is yaml.SequenceStartEvent:
        items = []
        event = get()
        while type(event) is not yaml.SequenceEndEvent:
            items.append(_plain_node(get, event))
            event = get()
        return items
    mapping: dict[str, Any] = {}
    event = get()
    while type(event) is not yaml.MappingEndEvent:
        key = _plain_node(get, event)
        if not isinstance(key, str):
            key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
        if key in mapping:
            raise _Unusual
        mapping[key] = _plain_node(get, get())
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


_SYNTAX_MESSAGES = [
    ("found character '\\t'", "Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken"),
    ("mapping values are not allowed", "Doppelpunkt an unerwarteter Stelle; steht der Wert in Anführungszeichen und stimmt die Einrückung?"),
    ("could not find expected ':'", "Doppelpunkt fehlt; erwartet wird 'feld: wert'"),
    ("did not find expected key", "Einrückung passt nicht zur Zeile darüber"),
    ("expected <block end>", "Einrückung passt nicht zur Zeile darüber"),
    ("did not find expected '-' indicator", "Listeneintrag erwartet ('- wert'); Einrückung prüfen"),
    ("found unknown escape character", "unbekannte Escape-Sequenz in doppelten Anführungszeichen; einfache Anführungszeichen verwenden"),
    ("found undefined tag handle", "eigene YAML-Tags sind nicht erlaubt"),
    ("found unexpected end of stream", "Anführungszeichen wird nicht geschlossen"),
    ("did not find expected node content", "Wert fehlt oder ist unvollständig"),
    ("found unexpected ':'", "Doppelpunkt an unerwarteter Stelle"),
    ("control characters are not allowed", "Steuerzeichen sind nicht erlaubt"),
]


def _syntax_problem(relpath: str, error: yaml.MarkedYAMLError, line_offset: int) -> Problem:
    problem = error.problem or ""
    context = error.context or ""
    message = next((german for english, german in _SYNTAX_MESSAGES if english in problem), "")
    mark = error.problem_mark
    if "quoted scalar" in context and error.context_mark is not None:
        # An unclosed quote is reported where it opens, not where the file ends.
        mark = error.context_mark
        message = "Anführungszeichen wird nicht geschlossen"
    if not message:
        message = f"YAML-Syntaxfehler: {problem or context}".strip()
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    return Problem(relpath, line, column, "", message)


def parse_yaml(relpath: str, text: str, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML mapping. Returns the document (or None) and its problems."""
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        data = _plain_values(text)
    except (_Unusual, yaml.YAMLError):
        pass  # read it again below, with positions, to say what and where
    else:
        if isinstance(data, dict) or data is None:
            return Document(relpath, stem, data or {}, text, line_offset), []
    builder = _Builder(relpath, text)
    try:
        data = builder.build()
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(relpath, error, line_offset)]
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports marks for all it raises
        return None, [Problem(relpath, 1 + line_offset, 1, "", f"YAML-Syntaxfehler: {error}")]
    problems = builder.problems
    values, keys = builder.values, builder.keys
    if line_offset:
        values = {k: (line + line_offset, col) for k, (line, col) in values.items()}
        keys = {k: (line + line_offset, col) for k, (line, col) in keys.items()}
        problems = [
            Problem(p.file, p.line + line_offset, p.column, p.field, p.message) for p in problems
        ]
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
    relpath = path.relative_to(root).as_posix()
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [Problem(relpath, 1, 1, "", f"Datei ist zu groß ({size} Bytes); erlaubt sind höchstens 1 MiB")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(relpath, line, 1, "", "Datei ist nicht UTF-8-kodiert; bitte als UTF-8 speichern")]
    return text.removeprefix("\ufeff"), []


def load_yaml_file(root: Path, path: Path) -> tuple[Document | None, list[Problem]]:
    text, problems = read_text(root, path)
    if text is None:
        return None, problems
    return parse_yaml(path.relative_to(root).as_posix(), text)


_FRONT = re.compile(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.S)


def load_page(root: Path, path: Path) -> tuple[PageSource | None, list[Problem]]:
    relpath = path.relative_to(root).as_posix()
    text, problems = read_text(root, path)
    if text is None:
        return None, problems
    match = _FRONT.match(text)
    if not match:
        return None, [Problem(relpath, 1, 1, "", "Vorspann fehlt: die Seite muss mit '---', Feldern wie 'title: ...' und '---' beginnen")]
    front, problems = parse_yaml(relpath, match.group(1) or "", line_offset=1)
    if front is None:
        return None, problems
    return PageSource(front, text[match.end():]), problems


def _listing(path: str, suffix: str) -> tuple[list[str], list[str]]:
    """A folder's files ending in ``suffix`` (not hidden) and its folders, sorted by name."""
    with os.scandir(path) as entries:  # the listing knows what is a file: no stat per file
        listed = sorted(entries, key=_entry_name)
    files = [e.path for e in listed if e.name.endswith(suffix) and not e.name.startswith(".") and e.is_file()]
    return files, [e.path for e in listed if e.is_dir()]


_entry_name = operator.attrgetter("name")


def _sorted_files(folder: Path, suffix: str, recursive: bool = False, cache: ReadCache | None = None) -> list[str]:
    """Files ending in ``suffix`` (not hidden), sorted; below ``folder`` too when ``recursive``.

    The order is that of Path objects (name by name). With a ``cache`` that trusts a folder
    (see ``ReadCache``), its listing from last time is used.
    """
    found: list[str] = []

    def walk(path: str) -> None:
        known = cache.folders.get((path, suffix)) if cache is not None and cache.trusts(path) else None
        if known is None:
            try:
                known = _listing(path, suffix)
            except (FileNotFoundError, NotADirectoryError):
                return
            if cache is not None:
                cache.folders[(path, suffix)] = known
        files, folders = known
        if not recursive or not folders:
            found.extend(files)
            return
        # Path order: a subfolder's files where its name falls among the folder's files.
        entries = sorted([(f, False) for f in files] + [(d, True) for d in folders])
        for entry, is_folder in entries:
            if is_folder:
                walk(entry)
            else:
                found.append(entry)

    walk(str(folder))
    return found


Signature = tuple[int, int, int, int]
SETTLE_NS = 2_000_000_000  # more than any file system's clock tick


def signature(stat: os.stat_result) -> Signature:
    """Size, mtime, ctime and inode: what a write or a replacement of the file changes.

    ctime cannot be set back, so an edit that restores size and mtime is seen as well.
    """
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def settled(stat: os.stat_result, now: int | None = None) -> bool:
    """Whether the file last changed more than two seconds ago, so that any later write
    changes its signature. A file changed again within the file system's clock tick can
    keep its stat; only settled files are remembered by their signature (as in git's index).
    """
    return (now or time.time_ns()) - max(stat.st_mtime_ns, stat.st_ctime_ns) > SETTLE_NS


Read = TypeVar("Read")


@dataclass
class ReadCache:
    """What the live preview remembers between rebuilds: per file its signature and what reading
    gave, per folder its listing.

    A file whose signature is unchanged is not read again. With ``watched`` (the preview's
    file-system events are reported through ``touched``), a folder with no event at or in it
    since the last reading is trusted: its listing is reused and its files are not looked at.
    The first reading trusts nothing; ``drifted`` finds what missed events would hide.
    """

    watched: bool = False
    files: dict[str, tuple[Signature, Any, bytes | None]] = field(default_factory=dict)  # bytes: while unsettled
    folders: dict[tuple[str, str], tuple[list[str], list[str]]] = field(default_factory=dict)
    changed: set[str] | None = None  # folders with events since the last reading; None: trust none

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
        if known is not None and known[2] is None and self.trusts(path.rpartition(os.sep)[0]):  # its folder
            return cast(Read, known[1])
        stat = os.stat(path)
        mark = signature(stat)
        if known is not None and known[0] == mark:
            if known[2] is None:
                return cast(Read, known[1])
            content = _content(path)
            if content == known[2]:
                self.files[path] = (mark, known[1], None if settled(stat) else content)
                return cast(Read, known[1])
        if settled(stat):
            result = reader(root, Path(path))
            self.files[path] = (mark, result, None)
            return result
        before = _content(path)  # the same bytes before and after reading: what was read
        result = reader(root, Path(path))
        if before is not None and before == _content(path):
            self.files[path] = (mark, result, before)
        else:
            self.files.pop(path, None)
        return result

    def read_all(self) -> None:
        """Called when a reading is complete: from now on only new events make folders suspect."""
        self.changed = set() if self.watched else None

    def drifted(self) -> list[str]:
        """Remembered folders whose listing and files whose signature are no longer as read:
        what a lost file-system event would hide (checked while the preview is idle)."""
        missed = []
        for (folder, suffix), listing in list(self.folders.items()):
            try:
                now: tuple[list[str], list[str]] | None = _listing(folder, suffix)
            except OSError:
                now = None
            if now != listing:
                missed.append(folder)
        for path, (mark, _, _) in list(self.files.items()):
            try:
                if signature(os.stat(path)) != mark:
                    missed.append(path)
            except OSError:
                missed.append(path)
        return missed


def _content(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None


def _read(cache: ReadCache | None, path: str, reader: Callable[[Path, Path], Read], root: Path) -> Read:
    return reader(root, Path(path)) if cache is None else cache.read(path, reader, root)


def load_sources(root: Path, cache: ReadCache | None = None) -> Sources:
    """Read every content file below ``root`` in a fixed order.

    With a ``cache`` (the live preview's), files whose stat is unchanged are not read again;
    their documents are the very objects of the last reading.
    """
    root = root.resolve()
    sources = Sources(root=root)
    listed: set[str] = set()
    for kind in KINDS:
        reader = load_page if kind.suffix == ".md" else load_yaml_file
        if not kind.many:
            path = root / kind.path
            listed.add(str(path))
            if not path.is_file():
                if kind.required:
                    sources.problems.append(Problem(kind.path, 1, 1, "", f"Datei fehlt: {kind.path}"))
                continue
            doc, problems = _read(cache, str(path), reader, root)
            sources.problems.extend(problems)
            setattr(sources, kind.store, doc)
            continue
        paths = _sorted_files(root / kind.path, kind.suffix, kind.recursive, cache)
        listed.update(paths)
        found = []
        for path_name in paths:
            doc, problems = _read(cache, path_name, reader, root)
            sources.problems.extend(problems)
            if doc is not None:
                found.append(doc)
        if kind.recursive:  # by path as a string, as editors and git list them
            found.sort(key=_source_path)
        setattr(sources, kind.store, found)
    if cache is not None:  # forget files that are gone; the next reading starts from here
        for gone in cache.files.keys() - listed:
            del cache.files[gone]
        cache.read_all()
    return sources


def _source_path(item: Document | PageSource) -> str:
    return item.front.path if isinstance(item, PageSource) else item.path
