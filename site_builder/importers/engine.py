"""One import run: read the catalog, merge each course with its file, validate, then write.

Nothing is written before everything is checked: the new and changed files are validated
together with the rest of the tree, and only when none of them has a problem are they
written. Otherwise the run names the course behind each problem and leaves the tree alone.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .. import boundary, placeholders, records
from ..german import date_short, placeholder_name
from ..load import Document, Sources, dotted, load_sources, parse_yaml, read_text
from ..options import program
from ..placeholders import leftovers
from ..validate import validate
from . import openqcat, openvhs, xmlsafe
from .codelists import CodeLists
from .common import (
    EDITORS,
    PROVIDER,
    Catalog,
    Course,
    Finding,
    ImportFailure,
    Mapper,
    Reason,
    Unmapped,
    ended_before,
    fix_of,
    fixes,
    offer_id,
    parse_date,
    slug,
)
from .offerfile import CATALOG_FIELDS, Origin, dump, header, merge, ordered, provenance, same, stamps
from .runs import NO_DATES, Run, same_price

READERS = {"openqcat": openqcat.read, "openvhs": openvhs.read}
SETTINGS_FILES = ("site.yaml", "content/taxonomies.yaml")
# A course without dates is shown as "Termine auf Anfrage" for half a year after the import
# that found it so; each later import that still finds it so extends that once less than a
# month is left (so an import on the next day writes nothing).
ON_REQUEST_DAYS = 182
ON_REQUEST_RENEW_DAYS = 30


@dataclass
class Planned:
    relpath: str
    text: str
    key: str  # the catalog key; "" for a provider record
    kind: str  # "neu", "geändert", "ausgemustert", "Anbieter" or "Anbieter aktualisiert"


@dataclass
class DateResult:
    refs: str  # the catalogue's own id(s) of the date
    start: date | None
    state: str  # "neu", "geändert", "unverändert", "übersprungen" or "entfällt"
    reason: str = ""
    past: bool = False  # left out because it ended before the guide's day (--today)


@dataclass
class CourseResult:
    key: str
    title: str
    provider: str
    state: str  # "neu", "geändert", "unverändert" or "übersprungen"
    file: str = ""
    reason: str = ""
    dates: list[DateResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    catalog: Catalog
    provider: str  # the --provider, or "" when the catalogue names each course's provider
    today: date
    planned: list[Planned] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # key, title, reason
    problems: list[str] = field(default_factory=list)  # about the delivery as a whole
    unmapped: list[tuple[Unmapped, int]] = field(default_factory=list)
    left: list[tuple[str, str, str]] = field(default_factory=list)  # key, file, state
    other_problems: int = 0
    codelists: list[str] = field(default_factory=list)
    courses: list[CourseResult] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)  # findings for the guide's editors beyond unmapped codes
    programmes: dict[str, str] = field(default_factory=dict)  # the guide's funding programmes: id → label

    def count(self, kind: str) -> int:
        return sum(1 for p in self.planned if p.kind == kind)

    @property
    def providers(self) -> list[str]:
        return sorted({c.provider for c in self.courses if c.provider} | ({self.provider} if self.provider else set()))

    def for_provider(self) -> list[tuple[CourseResult, Finding]]:
        return [(c, f) for c in self.courses for f in c.findings if f.who == PROVIDER]

    def for_editors(self) -> list[str]:
        lines = [f"{self.catalog.key_name} {c.key}: {f.text}" for c in self.courses for f in c.findings if f.who == EDITORS]
        lines += self.editors
        lines += [
            f"{u.kind} {u.code}" + (f" „{u.meaning}“" if u.meaning else "") + f" ({n} Kurs{'e' if n != 1 else ''}): {u.hint}"
            for u, n in self.unmapped
        ]
        return lines

    def date_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for course in self.courses:
            for result in course.dates:
                counts[result.state] = counts.get(result.state, 0) + 1
        return counts

    def summary(self) -> str:
        problems = len(self.problems) + len(self.for_provider()) + len(self.for_editors())
        line = (
            f"Zusammenfassung: {self.count('neu')} neu, {self.count('geändert')} geändert, "
            f"{len(self.unchanged)} unverändert, {len(self.skipped)} übersprungen, "
            f"{problems} Problem{'' if problems == 1 else 'e'}"
        )
        if self.left:
            line += f", {len(self.left)} nicht mehr im Katalog ({self.count('ausgemustert')} ausgemustert)"
        return line


class _Existing:
    """The offer files already in the tree, by id and, for this catalog's files, by catalog key."""

    def __init__(self, root: Path, sources: Sources, label: str, provider: str):
        self.by_id = {doc.stem: doc for doc in sources.offers}
        self.by_key: dict[str, Document] = {}
        self.origins: dict[str, Origin] = {}  # by file: what its header says (retired, on request …)
        self.by_date_id: dict[str, Document] = {}  # a date's own id in the catalogue → its offer's file
        for doc in sources.offers:
            origin = provenance((root / doc.path).read_text(encoding="utf-8", errors="replace"))
            if origin and origin.label == label and doc.data.get("provider") == provider:
                self.by_key[origin.key] = doc
                self.origins[doc.path] = origin
                for _, ids in origin.date_ids or ():
                    self.by_date_id.update(dict.fromkeys(ids, doc))
        parsed = {doc.path for doc in sources.offers}
        self.unreadable = {
            p.stem: p.relative_to(root).as_posix()
            for p in sorted((root / "offers").glob("**/*.yaml"))
            if p.relative_to(root).as_posix() not in parsed and not p.name.startswith(".")
        }

    def find(self, key: str, oid: str) -> Document | None:
        return self.by_key.get(key) or self.by_id.get(oid)


def run_import(
    fmt: str,
    file: Path,
    provider: str | None,
    source: Path,
    *,
    topic: str | None = None,
    retire: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    codelists: Path | None = None,
) -> Report:
    root = source.resolve()
    sources = load_sources(root)
    valid, problems = validate(sources)
    broken = [p.text() for p in problems if p.file in SETTINGS_FILES]
    if broken or valid.site is None:
        raise ImportFailure("site.yaml oder content/taxonomies.yaml ist fehlerhaft; bitte zuerst beheben", broken)
    codes = CodeLists()
    read = codes.update_from(codelists) if codelists else []
    mapper = Mapper(valid.site, codes, topic)
    mapper.topic_labels = {term.id: term.label for term in valid.taxonomies.topics} if valid.taxonomies else {}
    today = mapper.today = today or datetime.now(ZoneInfo(valid.site.timezone)).date()
    catalog = _read(fmt, file, mapper, root, valid.site)
    named = ""
    if not catalog.many_providers and not provider:
        # Every provider file, read as written: one with a mistake still has its name.
        provider, named = _provider_named(catalog, {doc.stem: str(doc.data.get("name") or "") for doc in sources.providers})
    report = Report(catalog, provider or "", today, codelists=read)
    report.programmes = {term.id: term.label for term in valid.taxonomies.funding} if valid.taxonomies else {}
    if named:
        report.editors.append(named)
    report.problems += [f"Lieferung: {note}" for note in catalog.notes]
    report.editors += catalog.remarks
    groups: dict[str, list[Course]] = {provider: []} if provider else {}  # a delta may only delete
    for course in catalog.courses:
        groups.setdefault(provider or course.provider or "", []).append(course)
    for owner, courses in sorted(groups.items()):
        _check_placeholders(root, owner)
        existing = _Existing(root, sources, catalog.label, owner)
        taken: set[str] = set()
        for course in courses:
            _plan_course(course, owner, report, existing, mapper, taken)
        _plan_left(report, existing, retire, courses, mapper)
        _plan_provider(report, root, owner, courses)
    report.unmapped = sorted(mapper.unmapped.items())
    _check(sources, report)
    _inside(root, report.planned)
    if not dry_run:
        _write(root, report.planned)
    return report


def _read(fmt: str, file: Path, mapper: Mapper, root: Path, site: Any) -> Catalog:
    if fmt in READERS:
        raw = file.read_bytes()
        if raw.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"["):  # JSON, not XML
            if fmt != "openvhs":
                raise ImportFailure("die Datei ist JSON; open-Qcat-Lieferungen sind XML-Dateien (BMEcat)")
            xml, notes = openvhs.from_json(raw)
        else:
            xml, notes = xmlsafe.parse(raw)
        return READERS[fmt](xml, mapper, notes)
    if fmt == "bawbsuche":
        from . import bawbsuche

        return bawbsuche.read(file.read_bytes(), mapper)
    from . import spreadsheet

    return spreadsheet.read(file, mapper, root)


def _plan_course(course: Course, provider: str, report: Report, existing: _Existing, mapper: Mapper, taken: set[str]) -> None:
    catalog = report.catalog
    oid = offer_id(provider, course.key)
    doc = existing.find(course.key, oid)
    past, last = ([], None) if course.skip else _leave_out_past(course, doc.data if doc else None, report.today)
    skipped_runs = [DateResult(r.ref, r.start, "übersprungen", r.skipped) for r in course.runs if r.skipped]
    findings = _about_imported(course.findings, {ref for r in skipped_runs + past for ref in r.refs.split("+")})
    findings += [_to_fix(r.skipped, r.ref) for r in course.runs if fix_of(r.skipped)]
    result = CourseResult(course.key, course.title, provider, "übersprungen", findings=findings)
    report.courses.append(result)
    kept = f"; {doc.path} bleibt unverändert" if doc else ""

    def skip(reason: str, note: str = "", past_said: bool = False) -> None:
        """``note``: what the report adds for the editors; ``past_said``: the reason is that its
        dates are past, which their lines need not repeat."""
        # What a course not taken lacks is nothing to fix for this guide; why it is not taken
        # is, where the provider can change that (a post office box for a place, no title).
        result.findings = [_to_fix(reason)] if fix_of(reason) else []
        result.reason = reason + note
        gone = [replace(d, reason=result.reason, past=False) for d in past] if past_said else past
        result.dates = _dates_left_out(course, gone, result.reason)
        report.skipped.append((course.key, course.title, result.reason))

    if course.skip:
        skip(course.skip, kept)
        return
    if last is not None and not course.data.get("dates") and not course.data.get("on_demand"):
        skip(_past_reason(course, len(past), last, report.today), kept, past_said=True)
        return
    if oid in taken or (oid in existing.unreadable and doc is None):
        why = (
            f"die Datei {existing.unreadable[oid]} ist nicht lesbar"
            if oid in existing.unreadable
            else f"Id {oid} doppelt"
        )
        skip(f"{why}; bitte zuerst beheben")
        return
    taken.add(oid)
    relpath = doc.path if doc else f"offers/{provider}/{oid}.yaml"
    old = doc.data if doc else None
    origin = existing.origins.get(relpath)
    tags_sent = None if "tags" in course.unsent else list(course.data.get("tags") or [])
    tags_before = origin.tags_before() if origin is not None else None
    merged = merge(old, course.data, catalog.format, provider, tags_sent, tags_before)
    if old is not None and doc is not None and not catalog.full and course.key not in catalog.replaced:
        merged = _with_unsent(merged, course, existing.origins.get(doc.path), old, catalog.deleted)
        if merged.get("dates") and not course.data.get("dates"):  # it keeps the dates not sent
            result.findings = [f for f in result.findings if f.text != NO_DATES]
    old_price = old.get("price") if old else None
    if (
        "price" in course.missing
        and isinstance(old_price, dict)
        and isinstance(old_price.get("amount"), (int, float))
        and old_price["amount"] > 0
    ):
        merged["price"] = old_price  # an editor asked the provider; the catalogue still names none
        result.findings.append(Finding(EDITORS, "Preis aus der Datei beibehalten; der Katalog nennt keinen"))
    left_out = _without_left_out(merged)
    if left_out:
        result.findings.append(Finding(
            EDITORS,
            f"Förderprogramm{'e' if len(left_out) > 1 else ''} {', '.join(left_out)} aus dem Katalog nicht übernommen: die Datei "
            f"nimmt {'sie' if len(left_out) > 1 else 'es'} unter excluded_funding aus ({'gelten sie' if len(left_out) > 1 else 'gilt es'} "
            "für diesen Kurs doch, bitte dort streichen)",
        ))
    if not merged.get("topics"):
        merged = ordered(merged | {"topics": mapper.topic(course.codes, course.words)})
    retired = origin.retired if origin is not None else None
    if retired is not None and str(merged.get("expires")) == retired.isoformat():
        del merged["expires"]  # back in the catalog: undo what --retire did
    on_request = origin.on_request_until if origin is not None else None
    announced = _announced_expiry(merged, course.expires, origin.announced_until if origin is not None else None, on_request, result)
    until = _on_request_expiry(merged, on_request, report.today)
    if not merged.get("topics"):
        codes = ", ".join(f"{c} {m}".strip() for c, m in course.codes.items()) or "keine Klassifikation"
        skip(f"kein Thema: keine Regel unter import.topics passt ({codes}) und kein --topic angegeben")
        return
    result.file = relpath
    result.dates = _date_results(course, merged, old) + skipped_runs + past
    written = _roundtrip(merged)
    if old is not None and same(written, old, ignore=("updated",)):
        result.state = "unverändert"
        report.unchanged.append(relpath)
        return
    # The search words an editor added or struck out stay (``merged_tags``): none is lost.
    lost = [name for name in origin.edited(old, catalog.format) if name != "tags" and written.get(name) != old.get(name)] if origin and old else []
    if lost:
        result.findings.append(Finding(
            EDITORS,
            f"von Hand geändert und vom Katalog überschrieben: {', '.join(lost)} (Katalogfelder bitte beim Anbieter im"
            " Katalog ändern lassen; die frühere Fassung steht in der Versionsgeschichte der Datei)",
        ))
    unsure = _tags_unsure(old, tags_sent, tags_before)
    if unsure:
        result.findings.append(Finding(
            EDITORS,
            f"Suchwörter {', '.join(f'„{t}“' for t in unsure)} beibehalten, obwohl der Katalog sie nicht (mehr) nennt: die Datei"
            " stammt aus der Zeit, bevor der Import sich die Suchwörter des Katalogs merkte; stammen sie aus dem Katalog, bitte"
            " unter tags löschen (einmaliger Hinweis, von nun an unterscheidet der Import sie)",
        ))
    record = tags_sent if tags_sent is not None else tags_before
    merged = ordered(merged | {"updated": catalog.date or report.today})
    dates = merged.get("dates") or []
    date_ids = list(zip((str(d.get("start")) for d in dates), course.date_refs, strict=True)) if len(dates) == len(course.date_refs) else []
    text = header(
        catalog.label, catalog.key_name, course.key, report.today, catalog.format, on_request_until=until, date_ids=date_ids,
        written=stamps(written, catalog.format), announced_until=announced, catalog_tags=record,
    )
    text += dump(merged)
    result.state = "geändert" if old else "neu"
    report.planned.append(Planned(relpath, text, course.key, result.state))


def _tags_unsure(old: dict[str, Any] | None, sent: list[str] | None, before: list[str] | None) -> list[str]:
    """The search words of a file from before the record that the catalogue does not send: kept,
    as they may be an editor's, though they may be ones the catalogue has stopped sending."""
    if old is None or sent is None or before is not None or not isinstance(old.get("tags"), list):
        return []
    now = {" ".join(t.split()).casefold() for t in sent}
    return [t for t in old["tags"] if isinstance(t, str) and " ".join(t.split()).casefold() not in now]


def _dates_left_out(course: Course, past: list[DateResult], reason: str) -> list[DateResult]:
    """The dates of a skipped course, each once: as the offer would have had them (the runs the
    catalogue repeats are one date), the ``past`` ones, and the runs left out for their place, in
    the catalogue's order."""
    dates = course.data.get("dates") or []
    if len(course.date_refs) != len(dates):  # pragma: no cover - every reader names each date's runs
        return [DateResult(r.ref, r.start, "übersprungen", r.skipped or reason) for r in course.runs]
    found = [DateResult(refs, parse_date(str(entry["start"])), "übersprungen", reason) for entry, refs in zip(dates, course.date_refs, strict=True)]
    found += past + [DateResult(r.ref, r.start, "übersprungen", r.skipped) for r in course.runs if r.skipped]
    order: dict[str, int] = {}
    for at, run in enumerate(course.runs):
        for ref in run.ref.split("+"):
            order.setdefault(ref, at)
    return sorted(found, key=lambda d: order.get(d.refs.split("+")[0], len(order)))


def _leave_out_past(course: Course, old: dict[str, Any] | None, today: date) -> tuple[list[DateResult], date | None]:
    """Takes the dates that ended before ``today`` out of the course: nobody can book them, and
    the build would not show them as upcoming. A past date the file already has stays (it was
    imported while still to come; the offer's page lists it among its past dates), so an import
    does not rewrite a file because a day has passed. Returns the dates left out, as the report
    names them, and the day the last of them ended (None when none was left out)."""
    dates = course.data.get("dates") or []
    if not any(ended_before(entry, today) for entry in dates):
        return [], None
    had = {(str(d.get("start")), str(d.get("end") or "")) for d in (old or {}).get("dates") or [] if isinstance(d, dict)}
    aligned = len(course.date_refs) == len(dates)
    refs = course.date_refs if aligned else [""] * len(dates)
    kept: list[tuple[dict[str, Any], str]] = []
    past: list[DateResult] = []
    last: date | None = None
    for entry, ref in zip(dates, refs, strict=True):
        if not ended_before(entry, today) or (str(entry["start"]), str(entry.get("end") or "")) in had:
            kept.append((entry, ref))
            continue
        past.append(DateResult(ref, entry["start"], "übersprungen", f"liegt vor dem Stichtag {date_short(today)}", past=True))
        ended = entry.get("end") or entry["start"]
        last = ended if last is None or ended > last else last
    if kept:
        course.data["dates"] = [entry for entry, _ in kept]
    else:
        course.data.pop("dates", None)
    if aligned:
        course.date_refs = [ref for _, ref in kept]
    return past, last


_PAST_FIX = "bitte aktuelle Termine eintragen oder den Kurs aus dem Katalog nehmen"


def _past_reason(course: Course, count: int, last: date, today: date) -> Reason:
    """Why a course whose dates all ended before ``today`` is not taken, naming the last one's end."""
    before = f"vor dem {date_short(today)}"
    others = list(dict.fromkeys(r.skipped for r in course.runs if r.skipped))
    ended = f"endete am {date_short(last)}"
    if others:  # its other runs were left out for their place
        said = f"1 Termin liegt {before} (er {ended})" if count == 1 else f"{count} Termine liegen {before} (der letzte {ended})"
        return Reason(f"kein Termin übernommen: {'; '.join(others)}; {said}", "; ".join(filter(None, [fixes(others), _PAST_FIX])))
    if count == 1:
        return Reason(f"der einzige Termin liegt {before} (er {ended})", _PAST_FIX)
    return Reason(f"alle {count} Termine liegen {before} (der letzte {ended})", _PAST_FIX)


def _to_fix(reason: str | None, ref: str = "") -> Finding:
    """A course or date not taken for a reason its provider can change, as a finding for it."""
    what = f"Termin {ref} übersprungen" if ref else "übersprungen"
    return Finding(PROVIDER, f"{what}: {reason} – {fix_of(reason)}", ref)


def _about_imported(findings: list[Finding], skipped: set[str]) -> list[Finding]:
    """The findings about what the import takes: none about a date it skips (abroad, outside the
    regions), whose line in the report already says why."""
    return [f for f in findings if not f.ref or f.ref not in skipped]


def _without_left_out(merged: dict[str, Any]) -> list[str]:
    """Takes the programmes the file leaves out of its provider's recognitions (excluded_funding,
    the editors' field) out of the catalogue's funding, and returns them: the editors said the
    course does not qualify, and a programme in both lists would stop the whole import."""
    left_out, funding = merged.get("excluded_funding"), merged.get("funding")
    if not isinstance(left_out, list) or not isinstance(funding, list):
        return []
    named = [f for f in funding if f in left_out]
    if named:
        kept = [f for f in funding if f not in left_out]
        if kept:
            merged["funding"] = kept
        else:
            del merged["funding"]
    return named


def _announced_expiry(merged: dict[str, Any], expires: date | None, marked: date | None, on_request: date | None, result: CourseResult) -> date | None:
    """Set, keep or undo the ``expires`` the catalogue's period of visibility decides (``marked``:
    the one the import set before). An ``expires`` an editor set stays, and the report says so."""
    current = parse_date(str(merged.get("expires") or ""))
    if expires is None:
        if marked is not None and current == marked:
            del merged["expires"]  # the catalogue no longer sets an end
        return None
    if current is None or current in (marked, on_request):
        merged["expires"] = expires
        return expires
    if current != expires:
        result.findings.append(Finding(
            EDITORS, f"expires {current.isoformat()} aus der Datei beibehalten; der Freigabezeitraum des Katalogs endet am {date_short(expires - timedelta(days=1))}",
        ))
    return None


def _on_request_expiry(merged: dict[str, Any], marked: date | None, today: date) -> date | None:
    """Set, keep or undo the ``expires`` that shows an offer without dates for a while."""
    current = parse_date(str(merged.get("expires") or ""))
    if not merged.get("dates_on_request"):
        if marked is not None and current == marked:
            del merged["expires"]  # dates again: the import's own horizon goes
        return None
    if current is None or (current == marked and (current - today).days < ON_REQUEST_RENEW_DAYS):
        merged["expires"] = today + timedelta(days=ON_REQUEST_DAYS)
        return merged["expires"]
    return marked if current == marked else None


def _date_key(entry: Any) -> tuple[str, str, str]:
    if not isinstance(entry, dict):
        return ("", "", "")
    place = entry.get("location")
    postal = place.get("postal_code", "") if isinstance(place, dict) else ""
    return (str(entry.get("start")), str(entry.get("end") or ""), str(postal))


def _date_results(course: Course, merged: dict[str, Any], old: dict[str, Any] | None) -> list[DateResult]:
    """Each date of the offer against the file: new, changed or unchanged; dates the file had
    and the catalogue no longer has are gone."""
    new_dates = _roundtrip({"dates": merged.get("dates") or []}).get("dates") or []
    old_dates = [d for d in (old or {}).get("dates") or [] if isinstance(d, dict)]
    by_key = {_date_key(d): d for d in old_dates}
    results = []
    for i, entry in enumerate(new_dates):
        before = by_key.pop(_date_key(entry), None)
        state = "neu" if before is None else ("unverändert" if before == entry else "geändert")
        ref = course.date_refs[i] if i < len(course.date_refs) else ""
        results.append(DateResult(ref, parse_date(str(entry.get("start"))), state))
    for gone in by_key.values():
        results.append(DateResult("", parse_date(str(gone.get("start"))), "entfällt", "nicht mehr im Katalog"))
    return results


def _plan_left(report: Report, existing: _Existing, retire: bool, courses: list[Course], mapper: Mapper) -> None:
    """Files of this catalog whose course is gone: a full delivery omits it, a delta deletes it."""
    catalog, today = report.catalog, report.today
    present = {c.key for c in courses}
    gone = sorted(k for k in existing.by_key if (k not in present if catalog.full else k in catalog.deleted))
    _plan_dates(report, existing, present, mapper)
    for key in gone:
        doc = existing.by_key[key]
        expires = parse_date(str(doc.data.get("expires") or ""))
        if expires is not None and expires <= today:
            state = f"bereits abgelaufen (expires {expires.isoformat()})"
        elif retire:
            data = ordered(doc.data | {"expires": today})
            origin = existing.origins.get(doc.path)
            written = origin.written if origin is not None else None
            tags = origin.catalog_tags if origin is not None else None
            text = header(catalog.label, catalog.key_name, key, today, catalog.format, retired=today, written=written, catalog_tags=tags)
            text += dump(data)
            report.planned.append(Planned(doc.path, text, key, "ausgemustert"))
            state = f"ausgemustert: expires {today.isoformat()}"
        else:
            state = "noch veröffentlicht; mit --retire ausmustern"
        report.left.append((key, doc.path, state))


def _recorded(origin: Origin | None, data: dict[str, Any]) -> list[tuple[Any, frozenset[str]]]:
    """Each date of a file with the catalogue ids its header records for it; an editor may have
    added, moved or removed dates since, so they are matched by start (a date without ids: none)."""
    by_start: dict[str, list[frozenset[str]]] = {}
    for start, ids in origin.date_ids or () if origin is not None else ():
        by_start.setdefault(start, []).append(ids)
    out = []
    for entry in data.get("dates") or []:
        start = str(entry.get("start")) if isinstance(entry, dict) else ""
        out.append((entry, by_start[start].pop(0) if by_start.get(start) else frozenset[str]()))
    return out


def _sorted_dates(dates: list[tuple[Any, frozenset[str]]]) -> list[tuple[Any, frozenset[str]]]:
    def key(item: tuple[Any, frozenset[str]]) -> tuple[str, str]:
        entry = item[0] if isinstance(item[0], dict) else {}
        return (str(entry.get("start")), str(entry.get("end") or entry.get("start")))

    return sorted(dates, key=key)


def _with_unsent(merged: dict[str, Any], course: Course, origin: Origin | None, old: dict[str, Any], deleted: set[str]) -> dict[str, Any]:
    """A delta sends a course with some of its dates or none: the others stay, unless it
    deletes them (open-Qcat's dates are SERVICEs of their own)."""
    sent = {ref for run in course.runs for ref in run.ref.split("+")}
    kept = [(entry, ids) for entry, ids in _recorded(origin, old) if ids and not ids & sent and not ids <= deleted]
    dates = merged.get("dates") or []
    if not kept or len(dates) != len(course.date_refs):
        return merged
    both = _sorted_dates([(entry, frozenset(refs.split("+"))) for entry, refs in zip(dates, course.date_refs, strict=True)] + kept)
    course.date_refs = ["+".join(sorted(ids)) for _, ids in both]
    merged = {k: v for k, v in merged.items() if k != "dates_on_request"} | {"dates": [entry for entry, _ in both]}
    return ordered(merged)


_DATE_FIELDS = ("dates", "dates_on_request")


def _plan_dates(report: Report, existing: _Existing, present: set[str], mapper: Mapper) -> None:
    """What a delta says about single dates of courses it does not send (open-Qcat: child
    SERVICEs by their own ids). A DELETE of all the ids a date came from takes it out of its
    file; a date sent without its course replaces the date of the same id or joins the others.
    Each file records which ids its dates came from (``offerfile.DATED_IDS``). A DELETE that
    names nothing of this catalogue is nothing to do, unless a file does not record its
    dates' ids (imported before they were recorded)."""
    catalog = report.catalog
    named = catalog.deleted - existing.by_key.keys()
    deleted: dict[str, set[str]] = {}
    for found in sorted(named & existing.by_date_id.keys()):
        deleted.setdefault(existing.by_date_id[found].path, set()).add(found)
    unrecorded = any(existing.origins[doc.path].date_ids is None and doc.data.get("dates") for doc in existing.by_key.values())
    for key in sorted(named - existing.by_date_id.keys()) if unrecorded else []:
        report.problems.append(
            f"Lieferung: DELETE nennt {key}, keinen Kurs mit eigener Angebotsdatei – ist es ein Termin, bleibt er"
            " im Angebot stehen: bitte dort von Hand entfernen oder die vollständige Lieferung (NEW_CATALOG) importieren"
        )
    sent: dict[str, tuple[Course, list[Run]]] = {}
    for course, runs in catalog.loose:
        doc = existing.by_key.get(course.key)
        refs = ", ".join([r.ref for r in course.runs] + [run.ref for run in runs])
        if course.key in catalog.deleted:
            report.problems.append(f"Lieferung: Termine {refs} gehören zu Kurs {course.key}, den sie löscht; nicht übernommen")
        elif doc is None:
            report.problems.append(
                f"Lieferung: Termine {refs} gehören zu Kurs {course.key}, der weder in dieser Lieferung noch im"
                " Weiterbildungsfinder steht; nicht übernommen"
            )
        else:
            sent[doc.path] = (course, runs)
    for path in sorted(deleted.keys() | sent.keys()):
        origin = existing.origins[path]
        doc = existing.by_key[origin.key]
        if origin.key in present:
            continue  # delivered again with its dates: planned as a whole
        course, runs = sent.get(path, (Course(origin.key, ""), []))
        result = CourseResult(origin.key, str(doc.data.get("title") or ""), report.provider, "geändert", path, findings=course.findings)
        report.courses.append(result)
        data = dict(doc.data)
        dates = []
        for entry, ids in _recorded(origin, data):
            if ids and ids <= deleted.get(path, set()):
                result.dates.append(DateResult("+".join(sorted(ids)), parse_date(str(entry.get("start"))), "entfällt", "DELETE in der Lieferung"))
            else:
                dates.append((entry, ids))
        for run in runs:
            entry = dict(run.entry)
            if run.place:
                location, why = mapper.location(run.place, data.get("format") == "online")
                if why:
                    result.dates.append(DateResult(run.ref, run.entry["start"], "übersprungen", why))
                    continue
                if location and location != data.get("location"):
                    entry["location"] = location
            if run.price and not same_price(run.price, data.get("price") or {}):
                entry["price"] = run.price
            at = next((i for i, (_, ids) in enumerate(dates) if run.ref in ids), None)
            if at is None and ended_before(entry, report.today):  # as for a course sent whole
                reason = f"liegt vor dem Stichtag {date_short(report.today)}"
                result.dates.append(DateResult(run.ref, run.entry["start"], "übersprungen", reason, past=True))
                continue
            if at is None:
                dates.append((entry, frozenset({run.ref})))
                state = "neu"
            else:
                before = dates[at][0]
                dates[at] = (entry, dates[at][1])
                state = "unverändert" if _roundtrip({"d": [before]}) == _roundtrip({"d": [entry]}) else "geändert"
            result.dates.append(DateResult(run.ref, run.entry["start"], state))
        result.findings = _about_imported(result.findings, {d.refs for d in result.dates if d.state == "übersprungen"})
        result.findings += [_to_fix(d.reason, d.refs) for d in result.dates if fix_of(d.reason)]
        dates = _sorted_dates(dates)
        data.pop("dates", None)
        if dates:
            data["dates"] = [entry for entry, _ in dates]
            data.pop("dates_on_request", None)
        elif not data.get("on_demand"):
            data["dates_on_request"] = True
            result.findings.append(Finding(EDITORS, "letzter Termin gelöscht; als „Termine auf Anfrage“ weitergeführt"))
        until = _on_request_expiry(data, origin.on_request_until, report.today)  # as for a course sent whole
        read_back = _roundtrip(ordered(data))
        if same(read_back, doc.data, ignore=("updated",)):
            result.state = "unverändert"
            report.unchanged.append(path)
            continue
        data = ordered(data | {"updated": catalog.date or report.today})
        date_ids = [(str(entry.get("start")), "+".join(sorted(ids))) for entry, ids in dates if ids and isinstance(entry, dict)]
        # Only the dates are the catalogue's now: an editor's change to another field stays noticed.
        written = None
        if origin.written is not None:
            fresh, before = stamps(read_back, catalog.format), origin.written
            written = {
                name: fresh[name] if name in _DATE_FIELDS else before[name]
                for name in CATALOG_FIELDS[catalog.format]
                if name in (fresh if name in _DATE_FIELDS else before)
            }
        text = header(
            catalog.label, catalog.key_name, origin.key, report.today, catalog.format, on_request_until=until, date_ids=date_ids,
            written=written, catalog_tags=origin.catalog_tags,
        )
        text += dump(data)
        report.planned.append(Planned(path, text, origin.key, "geändert"))


_PROVIDER_HEADER = re.compile(r"^# Angelegt beim Import aus .+?; Prüfsumme (?P<sum>[0-9a-f]{16})\b.*\n", re.M)


def _body_sum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _provider_text(label: str, day: date, data: dict[str, Any]) -> str:
    body = dump(data)
    return (
        f"# Angelegt beim Import aus {label} am {day.isoformat()}; Prüfsumme {_body_sum(body)} – "
        "solange niemand diese Datei ändert, schreibt der Import sie fort; danach nie mehr.\n" + body
    )


def _provider_named(catalog: Catalog, known: dict[str, str]) -> tuple[str, str]:
    """Without --provider: the provider the file names (its supplier), as the id of a provider
    of the same name, else a new id from the name; and the line telling the editors which."""
    name = " ".join(str(catalog.provider.get("name") or "").split())
    if not name or placeholder_name(name):
        raise ImportFailure(
            "--provider fehlt, und die Datei nennt keinen Anbieter"
            + (f" (nur „{name}“)" if name else "") + ": bitte mit --provider ID angeben, zu wem die Kurse gehören"
        )
    same_name = sorted(pid for pid, known_name in known.items() if " ".join(known_name.split()).casefold() == name.casefold())
    if same_name:
        return same_name[0], f"Anbieter aus der Datei: „{name}“ ist {same_name[0]} (content/providers/{same_name[0]}.yaml); ein anderer: --provider ID"
    new_id = slug(name)[:80].rstrip("-")
    return new_id, (
        f"Anbieter aus der Datei: „{name}“ ist noch nicht eingetragen und wird {new_id} (content/providers/{new_id}.yaml); "
        "gehören die Kurse zu einem vorhandenen Anbieter unter anderem Namen: --provider ID"
    )


def _plan_provider(report: Report, root: Path, provider: str, courses: list[Course]) -> None:
    """Create the provider's record from the catalogue, or bring it up to date while it is as
    the import wrote it (its header's checksum still matches): an edited record stays."""
    relpath = f"content/providers/{provider}.yaml"
    catalog = report.catalog
    first = next((c for c in courses if c.provider_data), None)
    found = dict(catalog.provider) | (first.provider_data if first and catalog.many_providers else {})
    certifications = [c for course in courses for c in course.provider_data.get("certifications", [])]
    if certifications:
        found["certifications"] = list(dict.fromkeys(certifications))[:20]
    data = {"name": provider} | {k: v for k, v in found.items() if v}
    path = root / relpath
    if not path.exists():
        if any(p.kind == "neu" and p.relpath.startswith(f"offers/{provider}/") for p in report.planned) or any(
            c.state in ("neu", "geändert") and c.provider == provider for c in report.courses
        ):
            data["updated"] = catalog.date or report.today
            report.planned.insert(0, Planned(relpath, _provider_text(catalog.label, report.today, data), "", "Anbieter"))
            if placeholder_name(str(data["name"])):
                report.editors.append(
                    f"{relpath}: der Katalog nennt als Namen des Anbieters „{data['name']}“ – das sieht nach einem Platzhalter aus; "
                    "bitte den richtigen Namen eintragen (von Hand geändert, schreibt der Import die Datei nicht mehr fort)"
                )
            elif not found.get("name"):
                # A JSON export of single courses (Berlin's vhs open data) names no provider: the
                # pages would show the id ("Anbieter: vhs-mitte") until someone writes the name.
                report.editors.append(
                    f"{relpath}: der Katalog nennt keinen Namen des Anbieters; als Name steht vorerst die Id „{provider}“ – "
                    "bitte den richtigen Namen eintragen (von Hand geändert, schreibt der Import die Datei nicht mehr fort)"
                )
        return
    text, _ = read_text(root, path)  # a FIFO or a link out of the tree: the loader reports it
    if text is None:
        return
    mark = _PROVIDER_HEADER.match(text)
    old, _ = parse_yaml(relpath, text)
    old_data = old.data if old else {}
    if mark is None or _body_sum(text[mark.end() :]) != mark["sum"]:
        differs = [k for k, v in data.items() if k != "name" and _roundtrip({k: v}).get(k) != old_data.get(k)]
        if differs and mark is not None:
            report.editors.append(
                f"{relpath}: von Hand geändert, daher nicht fortgeschrieben; der Katalog nennt Neues zu {', '.join(differs)}"
            )
        return
    if same(_roundtrip(data), old_data, ignore=("updated",)):
        return
    data["updated"] = catalog.date or report.today
    report.planned.insert(0, Planned(relpath, _provider_text(catalog.label, report.today, data), "", "Anbieter aktualisiert"))


def _check_placeholders(root: Path, provider: str) -> None:
    """A provider record still holding what ``new provider`` filled in would put "Name des
    Anbieters" on every imported page: refuse, naming the field."""
    relpath = f"content/providers/{provider}.yaml"
    path = root / relpath
    text, _ = read_text(root, path) if os.path.lexists(path) else (None, [])
    if text is None:
        return
    doc, _ = parse_yaml(relpath, text)
    if doc is None:
        return
    found = [
        f"{relpath}: {dotted(loc)}: Platzhalter {text!r} aus „{program()} new provider“; bitte ersetzen"
        for loc, text in leftovers(records.Provider, doc.data)
    ]
    if found:
        raise ImportFailure(f"die Anbieterdatei {relpath} enthält noch Platzhalter", found)


def _roundtrip(data: dict[str, Any]) -> dict[str, Any]:
    """The data as the loader will read it back (dates as text, numbers as numbers)."""
    doc, _ = parse_yaml("import.yaml", dump(data))
    return doc.data if doc else {}


def _check(sources: Sources, report: Report) -> None:
    written = {p.relpath: p for p in report.planned}
    docs: dict[str, Document] = {}
    for planned in report.planned:
        doc, problems = parse_yaml(planned.relpath, planned.text)
        if doc is None or problems:  # pragma: no cover - dump() writes what parse_yaml reads
            raise ImportFailure(f"interner Fehler: {planned.relpath} wäre nicht lesbar", [p.text() for p in problems])
        docs[planned.relpath] = doc
    offers = [d for d in sources.offers if d.path not in written] + [
        d for p, d in docs.items() if p.startswith("offers/")
    ]
    providers = [d for d in sources.providers if d.path not in written] + [
        d for p, d in docs.items() if p.startswith("content/providers/")
    ]
    trial = replace(
        sources,
        offers=sorted(offers, key=lambda d: d.path),
        providers=sorted(providers, key=lambda d: d.path),
        problems=[p for p in sources.problems if p.file not in written],
    )
    _, problems = validate(trial, None, (placeholders.problems,))  # as ``lotse validate`` checks
    mine = [p for p in problems if p.file in written]
    report.other_problems = len(problems) - len(mine)
    if mine:
        label, key_name = report.catalog.label, report.catalog.key_name
        lines = []
        for problem in mine:
            key = written[problem.file].key
            lines.append(f"{key_name} {key}: {problem.text()}" if key else problem.text())
        raise ImportFailure(f"der Import ergäbe ungültige Dateien ({label}); es wurde nichts geschrieben", lines)


def _inside(root: Path, planned: list[Planned]) -> None:
    """Every file goes into the content tree: not through a folder that links out of it."""
    outside = sorted({
        item.relpath.rsplit("/", 1)[0] for item in planned
        if not boundary.inside(os.path.realpath((root / item.relpath).parent), [str(root)])
    })
    if outside:
        raise ImportFailure(
            "der Import würde außerhalb des Inhaltsverzeichnisses schreiben (symbolischer Link); es wurde nichts geschrieben",
            [f"{folder}: Ordner liegt über einen symbolischen Link außerhalb des Inhaltsverzeichnisses" for folder in outside],
        )


def _write(root: Path, planned: list[Planned]) -> None:
    """All files to temporary names first, then each renamed into place."""
    moves: list[tuple[Path, Path]] = []
    try:
        for item in planned:
            target = root / item.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.import")
            temporary.write_text(item.text, encoding="utf-8")
            moves.append((temporary, target))
        for temporary, target in moves:
            os.replace(temporary, target)
    finally:
        for temporary, _ in moves:
            temporary.unlink(missing_ok=True)
