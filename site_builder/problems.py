"""Problems found in the content: one per defect, with file, line, column and field path."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One defect, pointing at the value that causes it."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def text(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def github(self) -> str:
        # Workflow commands need %, CR and LF escaped in the message and also : and , in properties.
        def prop(value: str) -> str:
            return _escape_data(value).replace(":", "%3A").replace(",", "%2C")

        title = f"Lotse: {self.field}" if self.field else "Lotse"
        message = f"{self.field}: {self.message}" if self.field else self.message
        return (
            f"::error file={prop(self.file)},line={self.line},col={self.column},"
            f"title={prop(title)}::{_escape_data(message)}"
        )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class ContentError(Exception):
    """Raised when a build cannot go on because the content has problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} Fehler")
        self.problems = sorted(problems)

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Rebuilt from its problems when it comes back from the render process (pipeline).
        return ContentError, (self.problems,)


def count_line(n: int) -> str:
    if n == 0:
        return "Keine Fehler gefunden."
    return "1 Fehler gefunden." if n == 1 else f"{n} Fehler gefunden."


def format_problems(problems: list[Problem], style: str) -> str:
    """Render problems for the terminal (text), GitHub annotations (github) or tools (json)."""
    ordered = sorted(problems)
    if style == "json":
        return json.dumps(
            {"errors": [asdict(p) for p in ordered], "count": len(ordered)},
            ensure_ascii=False,
            indent=2,
        )
    lines = [p.github() if style == "github" else p.text() for p in ordered]
    lines.append(count_line(len(ordered)))
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
