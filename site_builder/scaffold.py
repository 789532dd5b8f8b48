"""``python build.py new offer|advisory-point|provider ID``: a valid, commented record to start from.

Every field of the declaration in ``records`` appears in the new file, in declaration order,
under a German comment taken from its description: required fields filled with placeholders
that already validate, the others commented out with an example value. Fields, order and
comments are read from the models, so a field added to ``records`` shows up here by itself.
Example values come from the field's JSON Schema (the tree's first topic, a date, a
``z. B.`` from the description …); only the few values that make the record valid and
sensible (a date in the future, the provider's address, ``draft: true``) are chosen here.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from . import kinds, records
from .introspect import FieldSpec, fields, help_text
from .load import Document, load_yaml_file, parse_yaml, resolve_plain
from .options import iso_date, program, source_dir
from .problems import Problem, format_problems
from .schema import declared_ids, guide_examples, model_schema, write_schemas
from .validate import to_problems

HELP = "neues Angebot, neue Beratungsstelle oder neuen Anbieter als kommentierte Vorlage anlegen"

KINDS = tuple(k.name for k in kinds.KINDS if k.scaffold)
MODELS: dict[str, type[BaseModel]] = {k.name: k.model for k in kinds.KINDS}

# Candidates for strings the schema only knows by a pattern (phone, postal code, time, id):
# the first one that matches the pattern is used, so no pattern is repeated here.
PATTERN_EXAMPLES = ("beispiel", "01234 567890", "70173", "09:00-16:00", "09:00", "737", "@beispiel")
NUMBER_EXAMPLES = (10, 1, 0)
URL_EXAMPLE = "https://www.example.org/"
EMAIL_EXAMPLE = "info@example.org"
Loc = tuple[str | int, ...]
# Ends every line of a value ``new`` chose that is no placeholder text but a real value to check
# (a date, a price, a place, a topic): such a value validates, so only this comment tells it
# from one the editor confirmed; ``placeholders.problems`` reports every line still carrying it.
PREFILLED = "vorausgefüllt – bitte prüfen"
# Chosen by ``new`` and right as they are: whose offer it is, the day it was written, the draft.
CONFIRMED = frozenset({"provider", "updated", "draft"})


class ScaffoldError(Exception):
    """A refusal, with its exit code: 1 for a conflict with the content, 2 for a bad call."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    """What the values of a new record depend on: the day and the tree's ids."""

    today: date
    refs: dict[str, list[str]]
    # The guide's own values for fields of these names (the provider's address and phone, the
    # programme its recognition an offer may leave out): the commented examples take them
    # ("Ort dieses Termins"), so a guide for Hannover is not shown a street in Esslingen.
    local: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> date:
        """A Monday at least six weeks ahead: far enough to plan, soon enough to be real."""
        day = self.today + timedelta(days=42)
        return day + timedelta(days=(7 - day.weekday()) % 7)

    @property
    def later(self) -> date:
        return self.today + timedelta(days=365)


# --- Example values from the JSON Schema ----------------------------------------------------


def _resolve(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    branches = [b for b in schema.get("anyOf", []) if b.get("type") != "null"]
    if len(branches) == 1:
        schema = branches[0]
    if "$ref" in schema:
        return dict(defs[schema["$ref"].rsplit("/", 1)[-1]])
    return dict(schema)


def _fits(text: str, schema: Mapping[str, Any]) -> bool:
    if len(text) > schema.get("maxLength", len(text)) or len(text) < schema.get("minLength", 0):
        return False
    return "pattern" not in schema or re.search(schema["pattern"], text) is not None


def _label(description: str) -> str:
    """A placeholder text from a description: its first clause ("Name der Ansprechperson")."""
    return re.split(r"[.;,(]", description)[0].strip() or "Text"


def _number_example(schema: Mapping[str, Any]) -> float | int:
    for number in NUMBER_EXAMPLES:
        if number >= schema.get("minimum", number) and number <= schema.get("maximum", number) and number > schema.get("exclusiveMinimum", number - 1):
            return number
    return int(schema.get("minimum", 0))


def _string_example(schema: Mapping[str, Any], description: str, ctx: Context) -> Any:
    kind = schema.get("format")
    if kind == "date":
        return ctx.later
    if kind == "uri":
        return URL_EXAMPLE
    if kind == "email":
        return EMAIL_EXAMPLE
    if "pattern" in schema:
        return next((c for c in PATTERN_EXAMPLES if re.search(schema["pattern"], c)), "")
    return _label(description)


def _stated(examples: Any, schema: Mapping[str, Any]) -> Any:
    """The first of a field's declared ``examples`` that fits it (None when none does)."""
    for candidate in examples or ():
        if isinstance(candidate, str) and not _fits(candidate, schema):
            continue
        return candidate
    return None


def example(schema: Mapping[str, Any], defs: Mapping[str, Any], ctx: Context, description: str = "", placeholder: bool = False) -> Any:
    """A value that fits ``schema``: the default, else a declared example, else one built
    from the type.

    ``placeholder``: text says what belongs there ("Name der Beratungsstelle") instead of
    giving the field's example, so a filled-in field is plainly still to be replaced.
    """
    default = schema.get("default")
    if default not in (None, [], {}):
        return default
    resolved = _resolve(schema, defs)
    description = str(schema.get("description", description))
    if "properties" in resolved:
        return _section_example(resolved, defs, ctx, placeholder)
    if "enum" in resolved:
        # A reference with nothing declared yet (a new guide's regions): the commented example
        # shows the shape; a required one is refused before (``_require_terms``).
        return resolved["enum"][0] if resolved["enum"] else "beispiel"
    kind = resolved.get("type")
    if placeholder and kind == "string" and not {"format", "pattern"} & resolved.keys():
        return _label(description)
    stated = _stated(schema.get("examples"), resolved)
    if stated is not None:
        return stated
    if kind == "array":
        return [example(resolved["items"], defs, ctx, description, placeholder)]
    if kind == "object":
        return {}
    if kind == "boolean":
        return True
    if kind in ("number", "integer"):
        return _number_example(resolved)
    return _string_example(resolved, description, ctx)


def _section_example(schema: Mapping[str, Any], defs: Mapping[str, Any], ctx: Context, placeholder: bool) -> dict[str, Any]:
    """A nested section: its required fields; where only a rule requires some (one of
    ``amount`` or ``on_request``), those of the rule's first alternative; else all of them."""
    properties = schema["properties"]
    parts = [schema, *schema.get("allOf", [])]  # a section of several rules has them under allOf
    choices = next((part.get("oneOf") or part.get("anyOf") for part in parts if part.get("oneOf") or part.get("anyOf")), None) or [{}]
    wanted = schema.get("required") or choices[0].get("required") or list(properties)
    return {
        key: ctx.local[key] if key in ctx.local and (not placeholder or _patterned(properties[key], defs)) else example(properties[key], defs, ctx, placeholder=placeholder)
        for key in properties if key in wanted
    }


def _patterned(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> bool:
    """A field whose value is no placeholder text but a real value of a fixed form (a postal
    code, a phone number): the guide's own (``Context.local``) serves there as well."""
    return "pattern" in _resolve(schema, defs)


# --- YAML text ------------------------------------------------------------------------------


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if re.fullmatch(records.ID_PATTERN, text) and resolve_plain(text) == text:
        return text  # ids and fixed values stay bare, as in the sample guide
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _default(info: FieldInfo) -> Any:
    """A field's own default when it says something (``languages: [de]``), else None."""
    if info.is_required():
        return None
    default = info.get_default(call_default_factory=True)
    return None if default in (None, [], {}) else default


@dataclass
class Renderer:
    """Writes one record as commented YAML, field by field from the model."""

    ctx: Context
    defs: Mapping[str, Any]
    activate_all: bool = False  # tests: every example active, to prove the examples validate
    prefilled: frozenset[Loc] = frozenset()  # the active values to mark with PREFILLED

    def fields(
        self, model: type[BaseModel], schema: Mapping[str, Any], data: Mapping[str, Any], indent: int, overrides: Mapping[str, Any], path: Loc = (),
    ) -> list[str]:
        lines: list[str] = []
        pad = " " * indent
        for spec in fields(model):
            key, info = spec.key, spec.info
            shown = help_text(spec.description, [self.ctx.local[key]]) if key in self.ctx.local and spec.examples else spec.help
            note = shown + (" (Pflichtfeld)" if spec.required else "")
            if indent == 0 and lines:
                lines.append("")  # top-level fields apart, so each comment clearly belongs to one
            lines.append(f"{pad}# {note}")
            prop = schema["properties"][key]
            if key in data:
                lines += self.value(spec, data[key], prop, indent, (*path, key))
                continue
            value = overrides[key] if key in overrides else self.ctx.local[key] if key in self.ctx.local else _default(info)
            if value is None:
                value = example(prop, self.defs, self.ctx)
            block = self.value(spec, value, prop, indent)
            lines += block if self.activate_all else [f"{pad}# {line[indent:]}" for line in block]
        return lines

    def value(self, spec: FieldSpec, value: Any, prop: Mapping[str, Any], indent: int, path: Loc | None = None) -> list[str]:
        """The lines of one field; ``path``: where an active value stands (None: commented out)."""
        pad, key = " " * indent, spec.key
        nested, is_list = spec.model, spec.container == "list"
        if nested is not None and spec.container != "map":
            resolved = _resolve(prop, self.defs)
            section = _resolve(resolved["items"], self.defs) if is_list else resolved
            if is_list:
                return [f"{pad}{key}:"] + [
                    line for number, item in enumerate(value)
                    for line in self.item(nested, section, item, indent + 2, None if path is None else (*path, number))
                ]
            mark = f"  # {PREFILLED}" if path in self.prefilled else ""
            return [f"{pad}{key}:{mark}"] + self.fields(nested, section, value, indent + 2, {}, path or ())
        mark = f"  # {PREFILLED}" if path in self.prefilled else ""
        if isinstance(value, list):
            return [f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]{mark}"]
        if isinstance(value, dict):
            return [f"{pad}{key}: {{}}"]
        if isinstance(value, str) and "\n" in value:
            return [f"{pad}{key}: |"] + [f"{pad}  {line}" if line else "" for line in value.rstrip("\n").split("\n")]
        return [f"{pad}{key}: {scalar(value)}{mark}"]

    def item(self, model: type[BaseModel], schema: Mapping[str, Any], data: Mapping[str, Any], indent: int, path: Loc | None = None) -> list[str]:
        """One list entry: '- ' with the model's own description, its fields below."""
        body = self.fields(model, schema, data, indent + 2, {}, path or ())
        first = f"{' ' * indent}- # {(model.__doc__ or '').strip()}"
        return [first, *body]


# --- What each kind fills in ----------------------------------------------------------------


def _provider_address(found: Mapping[str, Any]) -> dict[str, Any] | None:
    """The provider's own address (of ``_provider_values``), when it validates: the likeliest
    place of a new offer."""
    keys = ("street", "postal_code", "city", "region")
    return {k: found[k] for k in keys} if all(k in found for k in keys) else None


def _provider_values(source: Path, provider: str, ctx: Context) -> dict[str, Any]:
    """The provider's address fields and phone, each part that validates, and the programme
    of its recognitions an offer may leave out (none without one) (``Context.local``)."""
    path = source / "content" / "providers" / f"{provider}.yaml"
    doc, _ = load_yaml_file(source, path) if path.is_file() else (None, [])
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    found: dict[str, Any] = {}
    address = data.get("address")
    if isinstance(address, dict):
        try:
            records.Address.model_validate(address, context={"refs": ctx.refs})
            found.update({k: address[k] for k in ("street", "postal_code", "city", "region")})
        except ValidationError:
            pass
    try:
        if isinstance(data.get("phone"), str):
            found["phone"] = records.Contact.model_validate({"phone": data["phone"]}).phone
    except ValidationError:
        pass
    recognitions = data.get("recognitions")
    programmes = [r.get("funding") for r in recognitions if isinstance(r, dict)] if isinstance(recognitions, list) else []
    recognised = [p for p in programmes if p in ctx.refs.get("funding", ())]
    found["excluded_funding"] = recognised[:1]
    if recognised:  # the offer's own: one it does not inherit anyway (both switched on, they validate)
        others = [p for p in ctx.refs["funding"] if p not in recognised]
        # Preferably one without course rules: the example's hours could break them (a note of
        # validate's, notes.funding_notes).
        ruled = _programmes_with_course_rules(source)
        found["funding"] = ([p for p in others if p not in ruled] or others)[:1]
    return found


def _programmes_with_course_rules(source: Path) -> set[str]:
    """The ids of the programmes in content/taxonomies.yaml that declare ``course``."""
    path = source / "content" / "taxonomies.yaml"
    doc, _ = load_yaml_file(source, path) if path.is_file() else (None, [])
    funding = doc.data.get("funding") if doc is not None and isinstance(doc.data, dict) else None
    return {t["id"] for t in funding if isinstance(t, dict) and t.get("course") and isinstance(t.get("id"), str)} if isinstance(funding, list) else set()


def offer_values(ctx: Context, provider: str, address: dict[str, Any] | None) -> dict[str, Any]:
    start = ctx.start
    values: dict[str, Any] = {
        "provider": provider,
        "format": "praesenz",
        "dates": [{"start": start, "end": start + timedelta(days=4), "time": "09:00-16:00", "registration_deadline": start - timedelta(days=14)}],
        "updated": ctx.today,
        "draft": True,  # a placeholder must never go live by accident
        "description": "Ausführliche Beschreibung in Markdown.\n\n## Inhalte\n\n- erster Punkt\n- zweiter Punkt\n",
    }
    if address is not None:
        values["location"] = address
    return values


def plain_values(ctx: Context) -> dict[str, Any]:
    return {"updated": ctx.today}


def advisory_values(ctx: Context) -> dict[str, Any]:
    # One way to get in touch is required (phone, email or url); email is the least intrusive.
    return {"updated": ctx.today, "email": EMAIL_EXAMPLE}


# Commented examples that must fit together to validate when activated.
ADVISORY_EXAMPLES = {"opening_hours": [{"days": ["mo", "di", "mi", "do", "fr"], "from": "09:00", "to": "16:00"}]}


# Fields required by a rule rather than by the declaration, for the values filled in above.
def required_values(kind: str, schema: Mapping[str, Any], defs: Mapping[str, Any], ctx: Context, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with placeholders for every required field, and for every field a rule
    requires of them (an offer in person needs a place)."""
    model = MODELS[kind]
    data = {spec.key: example(schema["properties"][spec.key], defs, ctx, placeholder=True) for spec in fields(model) if spec.required}
    data.update(values)
    for key in rule_required(model, data):
        data[key] = example(schema["properties"][key], defs, ctx, placeholder=True)
    return data


def rule_required(model: type[BaseModel], data: Mapping[str, Any] | None = None) -> list[str]:
    """Fields the model's rules require: of ``data`` where it breaks them, else of any record."""
    return [rule.fields[0] for rule in getattr(model, "rules", ()) if rule.requires and (data is None or rule.broken(data))]


# --- Files ----------------------------------------------------------------------------------


def existing_file(source: Path, kind: str, record_id: str) -> Path | None:
    """The file that already holds ``record_id``; ids are unique across all subfolders."""
    spec = kinds.kind(kind)
    folder = source / spec.path
    pattern = f"{'**/' if spec.recursive else ''}{record_id}{spec.suffix}"
    return next(iter(sorted(folder.glob(pattern))), None) if folder.is_dir() else None


def target_folder(source: Path, kind: str, subfolder: str = "") -> Path:
    """Where a new record goes; offers in a folder named after their provider."""
    spec = kinds.kind(kind)
    return source / spec.path / subfolder if spec.recursive else source / spec.path


def check_id(record_id: str) -> None:
    try:
        records._check_id(record_id)
    except PydanticCustomError:
        meant = records.id_written(record_id)
        raise ScaffoldError(
            f"ungültige Id {record_id!r}: erlaubt sind Kleinbuchstaben a–z, Ziffern 0–9 und einzelne Bindestriche "
            "(kein Leerzeichen, kein Umlaut, kein ß), höchstens 80 Zeichen"
            + (f"; als Id geschrieben: '{meant}'" if meant else ", z. B. „cnc-grundkurs-2027“"),
            2,
        ) from None


def choose_provider(requested: str | None, providers: list[str]) -> tuple[str, str]:
    """The provider of a new offer and a sentence saying how it was chosen."""
    if requested is not None:
        if requested not in providers:
            raise ScaffoldError(kinds.unknown_provider(requested, providers), 2)
        return requested, f"Anbieter: {requested} (--provider)"
    if not providers:
        raise ScaffoldError(f"es gibt noch keinen Anbieter; bitte zuerst einen anlegen: {program()} new provider ID", 1)
    if len(providers) > 1:  # the first by name would be a guess, and the offer would land in its folder
        raise ScaffoldError(f"zu welchem Anbieter gehört das Angebot? Bitte mit --provider ID angeben; vorhanden sind: {', '.join(providers)}", 2)
    return providers[0], f"Anbieter: {providers[0]} (der einzige in content/providers/)"


def header(kind: str, record_id: str, path: Path, source: Path, model: type[BaseModel], draft: bool, prefilled: bool = False) -> list[str]:
    schema_path = Path(os.path.relpath(source / "schemas" / f"{kind}.schema.json", path.parent)).as_posix()
    lines = [
        f"# yaml-language-server: $schema={schema_path}",
        f"# {(model.__doc__ or '').strip()}",
        f"# Angelegt mit: {program()} new {kind} {record_id}",
        "# Pflichtfelder sind mit Platzhaltern ausgefüllt – bitte ersetzen: ein stehengebliebener",
        "# Platzhalter ist ein Fehler, sobald der Eintrag veröffentlicht würde. Weitere Felder stehen",
        "# auskommentiert darunter: zum Verwenden das „# “ vor dem Feld entfernen.",
    ]
    if prefilled:
        lines += [
            f"# Werte, die Lotse vorgeschlagen hat (Termine, Preis, Ort, Thema …), enden mit „# {PREFILLED}“:",
            "# den echten Wert eintragen oder bestätigen, dann den Kommentar löschen; ein stehengebliebener",
            "# ist ebenso ein Fehler.",
        ]
    if draft:
        lines.append("# draft: true (ganz unten) hält das Angebot unveröffentlicht, bis Sie die Zeile löschen.")
    return lines


def render_record(kind: str, ctx: Context, values: Mapping[str, Any], activate_all: bool = False) -> list[str]:
    """The YAML body (without header) of a new record of ``kind``."""
    model = MODELS[kind]
    schema = model_schema(model, ctx.refs)
    defs = schema.get("$defs", {})
    data = required_values(kind, schema, defs, ctx, values)
    overrides = ADVISORY_EXAMPLES if kind == "advisory-point" else {}
    marked = frozenset() if activate_all else prefilled_values(kind, data)
    return Renderer(ctx, defs, activate_all, marked).fields(model, schema, data, 0, overrides)


def prefilled_values(kind: str, data: Mapping[str, Any]) -> frozenset[Loc]:
    """Where ``new`` put a real value nobody confirmed (``PREFILLED``): every active value but
    the placeholder texts (errors of their own), multi-line texts and ``CONFIRMED``."""
    texts = dict(placeholder_texts(kind))
    found: set[Loc] = set()

    def unchecked(value: Any, loc: Loc) -> bool:
        return loc[0] not in CONFIRMED and texts.get(_generic(loc)) != value and not (isinstance(value, str) and "\n" in value)

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, dict):
            # A section chosen as a whole (the provider's address as the place): marked once, at
            # its key, unless placeholder texts in it are to be replaced anyway.
            if loc and not isinstance(loc[-1], int) and all(unchecked(v, (*loc, k)) for k, v in value.items()):
                found.add(loc)
                return
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
            for number, item in enumerate(value):
                walk(item, (*loc, number))
        elif unchecked(value, loc):
            found.add(loc)

    walk(data, ())
    return frozenset(found)


def _generic(loc: Loc) -> Loc:
    """``loc`` with every list position as 0, as ``placeholder_texts`` names them."""
    return tuple(0 if isinstance(part, int) else part for part in loc)


def validate_text(kind: str, relpath: str, text: str, ctx: Context) -> list[Problem]:
    """Problems of the new file, checked exactly as ``validate`` will check it."""
    doc, problems = parse_yaml(relpath, text)
    if doc is None or problems:
        return problems
    return _model_problems(MODELS[kind], doc, ctx)


def _model_problems(model: type[BaseModel], doc: Document, ctx: Context) -> list[Problem]:
    try:
        model.model_validate(doc.data, context={"refs": {k: set(v) for k, v in ctx.refs.items()}})
    except ValidationError as error:
        return to_problems(error, doc, model)
    return []


@dataclass
class Created:
    path: Path
    notes: list[str]


def create(source: Path, kind: str, record_id: str, provider: str | None = None, today: date | None = None) -> Created:
    """Write the new record; raise ScaffoldError (nothing written) when that is not possible."""
    check_id(record_id)
    if provider is not None and kind != "offer":
        raise ScaffoldError("--provider gilt nur für: new offer", 2)
    _refuse_existing(source, kind, record_id)
    refs, problems = declared_ids(source)
    if problems:
        raise ScaffoldError(format_problems(problems, "text") + "\ncontent/taxonomies.yaml muss lesbar sein", 1)
    ctx = Context(today or date.today(), refs)
    _require_terms(kind, ctx)
    notes: list[str] = []
    if kind == "offer":
        provider, note = choose_provider(provider, refs["providers"])
        notes.append(note)
    path = target_folder(source, kind, provider or "") / f"{record_id}.yaml"
    text = record_text(source, path, kind, record_id, ctx, _values(source, kind, ctx, provider))
    _write_new(source, path, text)
    return Created(path, notes + _refresh_schemas(source, kind))



@functools.cache
def placeholder_texts(kind: str) -> tuple[tuple[Loc, str], ...]:
    """The texts ``new`` fills a record's required fields with, by field path: what must not
    go live ("Name des Anbieters", "Titel des Angebots", the sample description …).

    Worked out by making a record as ``new`` does, without a content tree; ids, fixed values,
    dates, numbers and the stand-ins for patterns (a postal code, a time) are real values and
    not counted.
    """
    ctx = Context(date(2000, 1, 1), {})
    schema = model_schema(MODELS[kind], {})
    data = required_values(kind, schema, schema.get("$defs", {}), ctx, _values_without_tree(kind, ctx))
    found: list[tuple[Loc, str]] = []

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                walk(item, (*loc, number))
        elif isinstance(value, str) and value not in PATTERN_EXAMPLES and not re.fullmatch(records.ID_PATTERN, value):
            found.append((loc, value.strip()))

    walk(data, ())
    return tuple(found)


def _values_without_tree(kind: str, ctx: Context) -> dict[str, Any]:
    if kind == "offer":
        return offer_values(ctx, "beispiel", None)
    return advisory_values(ctx) if kind == "advisory-point" else plain_values(ctx)


def _refuse_existing(source: Path, kind: str, record_id: str) -> None:
    found = existing_file(source, kind, record_id)
    if found is not None:
        where = found.relative_to(source).as_posix()
        raise ScaffoldError(f"{kinds.kind(kind).noun} mit der Id '{record_id}' gibt es schon: {where}; nichts überschrieben. Bitte eine andere Id wählen", 1)


def _values(source: Path, kind: str, ctx: Context, provider: str | None) -> dict[str, Any]:
    if kind == "offer":
        assert provider is not None
        # The provider's own values first; where it has none (an address the import did not
        # get), the guide's (a postal code of its first region, its town), never Esslingen.
        ctx.local = guide_examples(source, ctx.refs) | _provider_values(source, provider, ctx)
        return offer_values(ctx, provider, _provider_address(ctx.local))
    ctx.local = guide_examples(source, ctx.refs)
    return _values_without_tree(kind, ctx)


def record_text(source: Path, path: Path, kind: str, record_id: str, ctx: Context, values: Mapping[str, Any]) -> str:
    """The whole new file, checked as ``validate`` will check it."""
    body = render_record(kind, ctx, values)
    lines = header(kind, record_id, path, source, MODELS[kind], values.get("draft") is True, any(line.endswith(PREFILLED) for line in body))
    text = "\n".join([*lines, "", *body]) + "\n"
    problems = validate_text(kind, path.relative_to(source).as_posix(), text, ctx)
    if problems:  # a bug in the scaffold, never the editor's fault: write nothing
        raise ScaffoldError("die Vorlage wäre ungültig:\n" + format_problems(problems, "text"), 1)
    return text


def _write_new(source: Path, path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, not even in a race
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path.relative_to(source).as_posix()} gibt es schon; nichts überschrieben", 1) from None


def _require_terms(kind: str, ctx: Context) -> None:
    """Placeholders of required references need a declared term of their kind."""
    for term_kind in sorted(required_references(MODELS[kind], tuple(rule_required(MODELS[kind]))) & set(records.TERM_KINDS)):
        if not ctx.refs.get(term_kind):
            raise ScaffoldError(f"content/taxonomies.yaml hat noch keine Einträge unter {term_kind}; bitte zuerst dort einen anlegen", 1)


def required_references(model: type[BaseModel], also: tuple[str, ...] = ()) -> set[str]:
    """The reference kinds a record of ``model`` needs at least one id of (``also``: fields
    required by a rule rather than by the declaration)."""
    found: set[str] = set()
    for spec in fields(model):
        if not (spec.required or spec.key in also):
            continue
        if spec.ref is not None:
            found.add(spec.ref)
        elif spec.model is not None:
            found |= required_references(spec.model)
    return found


def _refresh_schemas(source: Path, kind: str) -> list[str]:
    """A new provider is a new allowed value of ``provider:``: keep the editors' schemas current."""
    if kind != "provider" or not (source / "schemas").is_dir():
        return []
    _, problems = write_schemas(source, source / "schemas")
    return [] if problems else ["schemas/ aktualisiert: der neue Anbieter wird in Angeboten vorgeschlagen"]


# --- Command --------------------------------------------------------------------------------



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Legt eine neue Datei mit allen Feldern an: Pflichtfelder mit gültigen Platzhaltern, "
        "die übrigen auskommentiert, jedes mit Erklärung. Vorhandene Dateien werden nie überschrieben."
    )
    parser.add_argument("kind", choices=KINDS, metavar="ART", help="offer (Angebot), advisory-point (Beratungsstelle) oder provider (Anbieter)")
    parser.add_argument("id", metavar="ID", help="Id = Dateiname ohne .yaml: a–z, 0–9 und einzelne Bindestriche")
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)")
    parser.add_argument("--provider", metavar="ID", help="nur für offer: sein Anbieter (nötig, sobald es mehr als einen gibt)")
    parser.add_argument("--today", type=iso_date, metavar="DATE", help="Stichtag für updated und die Beispieltermine (Standard: heute)")


def run(args: argparse.Namespace) -> int:
    source = source_dir(args.source)
    try:
        created = create(source, args.kind, args.id, args.provider, args.today)
    except ScaffoldError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return error.code
    shown = created.path.relative_to(source.resolve()).as_posix()
    print(f"Angelegt: {shown}")
    for note in created.notes:
        print(note)
    print(f"Als Nächstes: Platzhalter ersetzen, dann prüfen mit: {program()} validate{_source_arg(args)}")
    return 0


def _source_arg(args: argparse.Namespace) -> str:
    return "" if Path(args.source) == Path(".") else f" --source {args.source}"
