"""Problems found in the content: one per defect, with file, line, column and field path."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from .german import date_short, join_de


@dataclass(frozen=True, order=True)
class Problem:
    """One defect, pointing at the value that causes it."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def text(self) -> str:
        """``file:line:col: field: message`` on one line, whatever the file name holds."""
        where = f"{shown_file(self.file)}:{self.line}:{self.column}"
        message = _one_line(self.message)
        return f"{where}: {_one_line(self.field)}: {message}" if self.field else f"{where}: {message}"

    def github(self) -> str:
        title = f"Lotse: {self.field}" if self.field else "Lotse"
        message = f"{self.field}: {self.message}" if self.field else self.message
        return (
            f"::error file={_property(self.file)},line={self.line},col={self.column},"
            f"title={_property(title)}::{_escape_data(message)}"
        )


@dataclass(frozen=True, order=True)
class Note(Problem):
    """A finding that is no defect: the content is valid and published as it is, but an
    editor should look at the value (a programme an offer names although it visibly breaks
    the programme's course rules). Validation and the build print it; it never fails a run."""

    title: str = "Lotse: Hinweis"  # the annotation's title on GitHub

    def text(self) -> str:
        return f"Hinweis: {super().text()}"

    def github(self) -> str:
        message = f"{self.field}: {self.message}" if self.field else self.message
        return (
            f"::notice file={_property(self.file)},line={self.line},col={self.column},"
            f"title={_property(self.title)}::{_escape_data(message)}"
        )


# Line breaks and other invisible characters would split one problem over several lines.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# A file name that would not read back unambiguously as ``file:line:col``.
_ODD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029:\"\\\\]|^\\s|\\s$")


def _one_line(text: str) -> str:
    return _INVISIBLE.sub(lambda m: repr(m.group())[1:-1], text) if _INVISIBLE.search(text) else text


def shown_file(name: str) -> str:
    """A file name for the text format: as it is, or in double quotes with backslash escapes
    (JSON string rules) when it holds a colon, a quote, a line break or another invisible
    character, so that ``"offers/a:1:2.yaml":1:1:`` still reads as file, line and column."""
    return json.dumps(name, ensure_ascii=False) if _ODD_NAME.search(name) else name


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    # Workflow commands need %, CR and LF escaped in the message and also : and , in properties.
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


class ContentError(Exception):
    """Raised when a build cannot go on because the content has problems."""

    def __init__(self, problems: list[Problem], valid: Any = None):
        super().__init__(f"{len(problems)} Fehler")
        self.problems = sorted(problems)
        # The records that passed nonetheless (``validate.Valid``), where a check found the
        # problems: the live preview still shows the notes of the offers among them. It stays
        # in the process that checked (not pickled).
        self.valid = valid

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Rebuilt from its problems when it comes back from the render process (pipeline).
        return ContentError, (self.problems,)


def count_line(n: int) -> str:
    if n == 0:
        return "Keine Fehler gefunden."
    return "1 Fehler gefunden." if n == 1 else f"{n} Fehler gefunden."


NAMED = 3  # offers a line names before it counts the rest


def _offers_ended(past: Sequence[tuple[str, date]]) -> str:
    """"offers/…/kurs.yaml (letzter Termin 20.04.2026)", the first few and the number of the rest."""
    named = [f"{file} (letzter Termin {date_short(last)})" for file, last in past[:NAMED]]
    rest = len(past) - len(named)
    if rest:
        named.append(f"{rest} {'weiteres' if rest == 1 else 'weitere'} (alle nennt der Pflegebericht)")
    return join_de(named)


def _offers(n: int) -> str:
    return "1 Angebot" if n == 1 else f"{n} Angebote"


def not_published_line(past: Sequence[tuple[str, date]]) -> str:
    """The build's line for the offers left out because all their dates are over
    (``model.past_offers``: file and last day, the latest first): "1 Angebot nicht
    veröffentlicht, weil alle Termine vorbei sind: offers/…/kurs.yaml (letzter Termin 20.04.2026)"."""
    return f"{_offers(len(past))} nicht veröffentlicht, weil alle Termine vorbei sind: {_offers_ended(past)}"


# The label of an offer's ``updated`` as editors read it (``records.Offer``'s title; this module
# does not import the records, which the build's own process never loads).
UPDATED_LABEL = "Zuletzt geprüft am"


def past_when_updated_line(past: Sequence[tuple[str, date]]) -> str:
    """Validation's note on offers whose dates were all over before their ``updated``
    (``model.past_offers(…, over_when_updated=True)``)."""
    return (f"{_offers(len(past))} nicht veröffentlicht, weil alle Termine schon vor dem Datum „{UPDATED_LABEL}“ lagen – "
            f"Jahreszahl vertippt? {_offers_ended(past)}")


def format_problems(
    problems: list[Problem], style: str, past: Sequence[tuple[str, date]] | None = None, notes: Sequence[Note] | None = None,
) -> str:
    """Render problems for the terminal (text), GitHub annotations (github) or tools (json).

    ``past``: offers of a valid tree whose dates were all over before their ``updated``, so
    that they are not published (validation's note, no error: the run passes): a line
    "Hinweis: …", a notice annotation on each file, and in JSON ``past_when_updated``
    [{``file``, ``last_date``}]. ``notes``: the other notes of a valid tree, each a line
    "Hinweis: file:line:col: field: …", a notice annotation at its place, and in JSON
    ``notes`` [{``file``, ``line``, ``column``, ``field``, ``message``}]."""
    ordered = sorted(problems)
    if style == "json":
        data: dict[str, object] = {"errors": [asdict(p) for p in ordered], "count": len(ordered)}
        if past is not None:
            data["past_when_updated"] = [{"file": file, "last_date": last.isoformat()} for file, last in past]
        if notes is not None:
            data["notes"] = [{key: value for key, value in asdict(n).items() if key != "title"} for n in sorted(notes)]
        return json.dumps(data, ensure_ascii=False, indent=2)
    lines = [p.github() if style == "github" else p.text() for p in ordered]
    lines.append(count_line(len(ordered)))
    if past and style == "github":
        lines += [
            f"::notice file={_property(file)},title=Lotse%3A nicht veröffentlicht::alle Termine lagen schon vor dem Datum "
            f"„{UPDATED_LABEL}“, der letzte am {date_short(last)} – Jahreszahl vertippt?"
            for file, last in past
        ]
    elif past:
        lines.append(f"Hinweis: {past_when_updated_line(past)}")
    lines += [n.github() if style == "github" else n.text() for n in sorted(notes or ())]
    return "\n".join(lines)


GITHUB_ANNOTATIONS = 10  # error annotations GitHub shows per step; a job summary holds them all


def markdown_summary(problems: list[Problem]) -> str:
    """Every problem as a Markdown table, for a GitHub job summary ($GITHUB_STEP_SUMMARY)."""
    ordered = sorted(problems)
    if not ordered:
        return "### Lotse: Inhalte geprüft\n\nKeine Fehler gefunden.\n"

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = [f"### Lotse: {count_line(len(ordered))}", ""]
    if len(ordered) > GITHUB_ANNOTATIONS:
        lines += [
            f"GitHub zeigt unter „Files changed“ nur die ersten {GITHUB_ANNOTATIONS} als Anmerkung; hier stehen alle.",
            "",
        ]
    lines += ["| Datei | Zeile:Spalte | Feld | Fehler |", "|---|---|---|---|"]
    lines += [f"| `{cell(p.file)}` | {p.line}:{p.column} | {f'`{cell(p.field)}`' if p.field else ''} | {cell(p.message)} |" for p in ordered]
    return "\n".join(lines) + "\n"
