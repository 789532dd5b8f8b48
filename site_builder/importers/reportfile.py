"""The import report as providers and editors read it: Markdown (also a pull request's
description) and JSON (for tools), each course and each date by its own id.

Findings are split by who can act on them: the provider fixes its catalogue ("Preis fehlt"),
the guide's editors fix site.yaml ("Förderart (Bund) 7 nicht zugeordnet").
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..german import date_short

if TYPE_CHECKING:
    from .common import Unmapped
    from .engine import CourseResult, DateResult, Report

STATES = ("neu", "geändert", "unverändert", "übersprungen")
STATE_TITLES = {"neu": "Neu", "geändert": "Geändert", "unverändert": "Unverändert", "übersprungen": "Übersprungen"}


def _date_line(result: DateResult, said: str = "") -> str:
    """A date's line; ``said``: the course's own reason, not repeated for each of its dates."""
    who = f"Termin {result.refs}" if result.refs else "Termin"
    when = f" ({date_short(result.start)})" if result.start else ""
    reason = "" if result.reason and result.reason in said else result.reason
    return f"{who}{when}: {result.state}" + (f" – {reason}" if reason else "")


def past_dates_line(count: int, today: date) -> str:
    """A course's dates left out because they ended before the guide's day, in one line: a
    catalogue may keep years of them."""
    if count == 1:
        return f"1 Termin liegt vor dem {date_short(today)} und wurde nicht übernommen"
    return f"{count} Termine liegen vor dem {date_short(today)} und wurden nicht übernommen"


# The placeholder of a rule's topic: as an id it is unknown, so site.yaml's check names the
# topics there are ("unbekanntes Thema 'THEMA' …; deklariert sind: …") until it is replaced.
TOPIC_TO_FILL = "THEMA"


def _code_group(code: str) -> str:
    """The first level of a classification code, which a rule's ``codes`` prefix matches:
    KURSNET "C  741-04-b2" -> "C 741", DVV "5.01" -> "5."."""
    plain = " ".join(code.split())
    if plain[:1].isdigit() and "." in plain:
        return plain.split(".", 1)[0] + "."
    return plain.split("-", 1)[0]


def topic_rules(report: Report) -> list[str]:
    """The classification codes no rule under import.topics gives a topic, as rules to paste
    there, one per first level of the classification, each with what its codes are called and
    how many courses they had; the editor writes the topic in. [] where every code had one."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for unmapped, count in report.unmapped:
        if unmapped.kind == "Klassifikation":
            groups.setdefault(_code_group(unmapped.code), []).append((unmapped.meaning, count))
    if not groups:
        return []
    lines = [
        "",
        "Vorlage für die Themen, für `site.yaml` (hat sie schon `import:` mit `topics:`, nur die Zeilen ab "
        f"`- topic:` dort anfügen): je Regel statt `{TOPIC_TO_FILL}` die Id eines Themas aus `content/taxonomies.yaml` "
        "eintragen oder die Regel streichen; eine Regel gilt für alle Codes, die so beginnen. Danach den Import wiederholen.",
        "",
        "```yaml",
        "import:",
        "  topics:",
    ]
    for group, meanings in sorted(groups.items(), key=lambda g: (-sum(n for _, n in g[1]), g[0])):
        named = ", ".join(f"„{m}“" for m, _ in meanings[:3]) + (f" und {len(meanings) - 3} weitere" if len(meanings) > 3 else "")
        lines += [
            f"    - topic: {TOPIC_TO_FILL}  # {named} ({_courses(sum(n for _, n in meanings))})",
            f"      codes: [{json.dumps(group, ensure_ascii=False)}]",
        ]
    return lines + ["```"]


FUNDING_TO_FILL = "FOERDERPROGRAMM"
_FUNDING_KEYS = {"Förderart (Bund)": "funding_federal", "Förderart (Land)": "funding_regional"}


def funding_rules(report: Report) -> list[str]:
    """The funding codes no line under import.funding_federal/_regional maps, as lines to paste
    there: onto the programme of the guide whose label the code's name holds (or holds the
    name: "Bildungsgutschein", "Aufstiegs-BAföG (AFBG)"), else ``FOERDERPROGRAMM`` to fill in."""
    tables: dict[str, list[tuple[Unmapped, int]]] = {}
    for unmapped, count in report.unmapped:
        key = _FUNDING_KEYS.get(unmapped.kind)
        if key is not None:
            tables.setdefault(key, []).append((unmapped, count))
    if not tables:
        return []
    lines = [
        "",
        "Vorlage für die Förderarten, für `site.yaml` (hat sie schon `import:`, nur die Zeilen unter der Tabelle dort "
        f"anfügen): wo `{FUNDING_TO_FILL}` steht, die Id eines Förderprogramms aus `content/taxonomies.yaml` eintragen "
        "(oder dort eines anlegen) oder die Zeile streichen; eine vorgeschlagene Id prüfen. Danach den Import wiederholen.",
        "",
        "```yaml",
        "import:",
    ]
    labels = {pid: _plain(label) for pid, label in report.programmes.items()}
    for key in ("funding_federal", "funding_regional"):
        if key in tables:
            lines.append(f"  {key}:")
            for unmapped, count in sorted(tables[key], key=lambda entry: (len(entry[0].code), entry[0].code)):
                meant = _programme_named(unmapped.meaning, labels) or FUNDING_TO_FILL
                lines.append(f"    {json.dumps(unmapped.code)}: {meant}  # {unmapped.meaning} ({_courses(count)})")
    return lines + ["```"]


def _courses(count: int) -> str:
    return f"{count} Kurs{'e' if count != 1 else ''}"


def _programme_named(meaning: str, labels: dict[str, str]) -> str | None:
    """The programme whose label (``labels``: plain, by id) the code's name holds whole, or
    holds the label (the longest such label)."""
    said = f" {_plain(meaning)} "
    found = [(len(label), pid) for pid, label in labels.items() if len(label) >= 6 and (f" {label} " in said or said in f" {label} ")]
    return max(found)[1] if found else None


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _course_name(report: Report, course: CourseResult) -> str:
    return f"{report.catalog.key_name} {course.key} „{course.title}“"


def markdown(report: Report, filename: str, dry_run: bool = False) -> str:
    catalog = report.catalog
    kind = catalog.kind
    when = f" vom {date_short(catalog.date)}" if catalog.date else ""
    providers = ", ".join(report.providers) or "–"
    lines = [
        f"# Importbericht {catalog.label}: {filename}",
        "",
        f"{kind[:1].upper()}{kind[1:]}{when} · Anbieter: {providers} · Stichtag {date_short(report.today)}"
        + (" · **Probelauf: nichts geschrieben**" if dry_run else ""),
        "",
        f"**{report.summary()}**",
        "",
    ]
    dates = report.date_counts()
    if dates:
        lines += ["Termine: " + ", ".join(f"{n} {state}" for state, n in sorted(dates.items())), ""]
    provider = report.for_provider()
    lines += ["## Für den Anbieter", ""]
    if provider:
        lines += ["Bitte im Katalog ergänzen oder korrigieren:", ""]
        lines += [f"- {_course_name(report, c)}: {f.text}" for c, f in provider]
    elif report.skipped:
        # A course the provider could get taken is in the list above, with what to change; these
        # are left out for what only the guide decides (its regions, its topics).
        n = len(report.skipped)
        lines.append(f"Nichts zu tun: Warum {n} Kurs{'e' if n != 1 else ''} nicht übernommen {'wurden' if n != 1 else 'wurde'} "
                     "(siehe „Übersprungen“), liegt nicht am Katalog des Anbieters.")
    else:
        lines.append("Nichts zu tun.")
    lines += ["", "## Für die Redaktion", ""]
    editors = report.for_editors() + [f"Lieferung: {p.removeprefix('Lieferung: ')}" for p in report.problems]
    lines += [f"- {line}" for line in editors] or ["Nichts zu tun."]
    lines += topic_rules(report)
    lines += funding_rules(report)
    for state in STATES:
        courses = [c for c in report.courses if c.state == state]
        if not courses:
            continue
        lines += ["", f"## {STATE_TITLES[state]} ({len(courses)})", ""]
        for course in courses:
            target = f" → `{course.file}`" if course.file else ""
            reason = f": {course.reason}" if course.reason else ""
            lines.append(f"- {_course_name(report, course)}{target}{reason}")
            # A skipped course's line says why; its dates repeat that only where it differs.
            lines += [f"  - {_date_line(d, course.reason)}" for d in course.dates if not d.past]
            past = sum(1 for d in course.dates if d.past)
            if past:
                lines.append(f"  - {past_dates_line(past, report.today)}")  # one line, not one per past date
    if report.left:
        lines += ["", f"## Nicht mehr im Katalog ({len(report.left)})", ""]
        lines += [f"- {catalog.key_name} {key}: `{path}`: {state}" for key, path, state in report.left]
    written = [p for p in report.planned if p.kind.startswith("Anbieter")]
    if written:
        lines += ["", "## Anbieterdateien", ""]
        lines += [f"- `{p.relpath}`: {'angelegt' if p.kind == 'Anbieter' else 'aktualisiert'}" for p in written]
    return "\n".join(lines) + "\n"


def as_json(report: Report, filename: str, dry_run: bool = False) -> dict[str, Any]:
    catalog = report.catalog
    return {
        "format": catalog.format,
        "datei": filename,
        "lieferung": {"vollstaendig": catalog.full, "datum": catalog.date.isoformat() if catalog.date else None},
        "stichtag": report.today.isoformat(),
        "probelauf": dry_run,
        "anbieter": report.providers,
        "zusammenfassung": {
            "neu": report.count("neu"),
            "geaendert": report.count("geändert"),
            "unveraendert": len(report.unchanged),
            "uebersprungen": len(report.skipped),
            "termine": report.date_counts(),
            "text": report.summary(),
        },
        "kurse": [
            {
                "id": c.key,
                "titel": c.title,
                "anbieter": c.provider,
                "status": c.state,
                "datei": c.file or None,
                "grund": c.reason or None,
                "termine": [
                    {"id": d.refs or None, "beginn": d.start.isoformat() if d.start else None, "status": d.state, "grund": d.reason or None}
                    for d in c.dates
                ],
                "hinweise": [{"fuer": f.who, "termin": f.ref or None, "text": f.text} for f in c.findings],
            }
            for c in report.courses
        ],
        "fuer_anbieter": [{"kurs": c.key, "termin": f.ref or None, "text": f.text} for c, f in report.for_provider()],
        "fuer_redaktion": report.for_editors(),
        "lieferung_hinweise": report.problems,
        "nicht_mehr_im_katalog": [{"id": k, "datei": p, "status": s} for k, p, s in report.left],
        "geschrieben": [] if dry_run else [p.relpath for p in report.planned],
    }


def write(report: Report, filename: str, folder: Path, dry_run: bool = False) -> list[Path]:
    """``import-<format>-<provider>.md`` and ``.json`` in ``folder``; the same run writes the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"import-{report.catalog.format}" + (f"-{report.provider}" if report.provider else "")
    md, js = folder / f"{stem}.md", folder / f"{stem}.json"
    md.write_text(markdown(report, filename, dry_run), encoding="utf-8")
    js.write_text(json.dumps(as_json(report, filename, dry_run), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [md, js]
