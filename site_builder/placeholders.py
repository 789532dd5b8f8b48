"""Placeholder texts left from ``new``: "Name des Anbieters" must never go live.

``new`` fills every required field with a text that validates, so a forgotten placeholder
passes every other check. Validation reports one as an error on any record that is not a
draft (``problems``, handed to ``validate`` by ``pipeline.check``: the texts come from
``scaffold``, a later step); the maintenance report lists them on drafts too. Which texts count is worked out from
``new`` itself (``scaffold.placeholder_texts``), so a new required field is covered by itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel

from .load import Document, dotted
from .options import program
from .problems import Problem
from .scaffold import MODELS, PREFILLED, placeholder_texts, scalar

Loc = tuple[str | int, ...]
MIN_LINE = 12  # lines of a multi-line placeholder shorter than this ("## Inhalte") prove nothing


@functools.cache
def _table(model: type[BaseModel]) -> tuple[tuple[Loc, str], ...]:
    kind = next((name for name, known in MODELS.items() if known is model), None)
    return placeholder_texts(kind) if kind is not None else ()


def _values_at(data: Any, loc: Loc, done: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """The values at ``loc`` in raw data; a list position there stands for every entry."""
    if not loc:
        yield done, data
        return
    head, rest = loc[0], loc[1:]
    if isinstance(head, int):
        if isinstance(data, list):
            for number, item in enumerate(data):
                yield from _values_at(item, rest, (*done, number))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, (*done, head))


def _placeholder_in(value: str, text: str) -> str | None:
    """The placeholder (or, of a longer one, the line of it) that ``value`` still holds."""
    value = value.strip()
    if "\n" not in text:
        return text if value == text else None
    lines = {line.strip() for line in value.splitlines()}
    return next((line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_LINE and line.strip() in lines), None)


def leftovers(model: type[BaseModel], data: Any) -> list[tuple[Loc, str]]:
    """(field path, placeholder) of every placeholder text of ``new`` still in a record's raw data."""
    found = []
    for loc, text in _table(model):
        for where, value in _values_at(data, loc):
            left = _placeholder_in(value, text) if isinstance(value, str) else None
            if left is not None:
                found.append((where, left))
    return found


def message(placeholder: str) -> str:
    return f"Platzhalter aus „{program()} new“ nicht ersetzt: '{placeholder}'; bitte den echten Text eintragen"


def prefilled(doc: Document) -> list[tuple[Loc, int, int]]:
    """(field path, line, column) of every value ``new`` chose that still ends with its comment
    ``scaffold.PREFILLED``: nobody has confirmed that date, price or place yet."""
    if PREFILLED not in doc.text:  # nearly every record: no line to look at
        return []
    lines = {number for number, line in enumerate(doc.text.splitlines(), 1 + doc.line_offset) if _PREFILLED.search(line)}
    if not lines:
        return []
    at = {pos[0]: (loc, pos) for loc, pos in sorted(doc.keys.items(), key=lambda item: len(item[0])) if pos[0] in lines}
    return [(at[line][0], *at[line][1]) if line in at else ((), line, 1) for line in sorted(lines)]


_PREFILLED = re.compile(r"#\s*" + re.escape(PREFILLED) + r"\s*$")


def prefilled_message(doc: Document, loc: Loc) -> str:
    shown = next((value for _, value in _values_at(doc.data, loc)), None) if loc else None
    value = f" ({scalar(shown)})" if isinstance(shown, (str, int, float, date)) and not isinstance(shown, bool) else ""
    return f"von „{program()} new“ vorgeschlagen{value} und nicht bestätigt: den echten Wert eintragen, dann „# {PREFILLED}“ am Zeilenende löschen"


def problems(model: type[BaseModel], doc: Document, record: BaseModel) -> list[Problem]:
    """Placeholders, and values ``new`` chose that nobody confirmed (``prefilled``), in a valid
    record that is not a draft (drafts are never published); a record check for ``validate``
    (see ``pipeline.check``)."""
    if getattr(record, "draft", False):
        return []
    hint = "; solange das Angebot nicht fertig ist: draft: true" if "draft" in type(record).model_fields else ""
    found = [Problem(doc.path, *doc.position(loc), dotted(loc), message(text) + hint) for loc, text in leftovers(model, doc.data)]
    found += [Problem(doc.path, line, column, dotted(loc), prefilled_message(doc, loc) + hint) for loc, line, column in prefilled(doc)]
    return sorted(found, key=lambda problem: (problem.line, problem.column))
