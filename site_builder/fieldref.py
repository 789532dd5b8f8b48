"""The field reference of the editor guide (docs/redaktion.md), generated from ``records``.

Each record type becomes one Markdown table (field, type, required, description); nested
sections appear as dotted paths (``location.street``, ``dates[].start``), which is how
validation messages name them. The guide holds the tables between two markers; a test
fails when they differ from a fresh rendering, so the guide cannot drift from the code.

    .venv/bin/python -m site_builder.fieldref --write   # update docs/redaktion.md
    .venv/bin/python -m site_builder.fieldref --check   # exit 1 when it is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import JsonSchemaValue

from . import records
from .introspect import fields, help_text, nested_models
from .languages import ISO_639_1
from .schema import SCHEMA_FILES, LotseJsonSchema, ref_kind

START = "<!-- feldreferenz:start -->"
END = "<!-- feldreferenz:end -->"
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "redaktion.md"



def _pattern(annotated: Any) -> str:
    return str(TypeAdapter(annotated).json_schema()["pattern"])


# Value types that JSON Schema only knows by their pattern, named as editors know them.
PATTERN_LABELS = {
    _pattern(records.Id): "Id (a–z, 0–9, einzelne Bindestriche)",
    _pattern(records.Phone): "Telefonnummer",
    _pattern(records.PostalCode): "Postleitzahl (5 Ziffern)",
    _pattern(records.TimeRange): "Uhrzeit HH:MM oder HH:MM-HH:MM",
    _pattern(records.Clock): "Uhrzeit HH:MM",
    _pattern(records.PostalPattern): "Postleitzahl-Anfang oder -Bereich",
}
FORMAT_LABELS = {"date": "Datum JJJJ-MM-TT", "uri": "Internetadresse (http/https)", "email": "E-Mail-Adresse"}


class _MarkedRefs(LotseJsonSchema):
    """Marks references with their kind instead of listing a tree's ids."""

    def generate_inner(self, schema: Any) -> JsonSchemaValue:
        json_schema = super().generate_inner(schema)
        kind = ref_kind(schema)
        if kind is not None and "$ref" not in json_schema:
            json_schema = {**json_schema, "x-ref": kind}
        return json_schema


# --- Types in words -------------------------------------------------------------------------


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional value, with a ``$ref`` looked up."""
    branches = [b for b in schema.get("anyOf", []) if b.get("type") != "null"]
    if len(branches) == 1:
        schema = branches[0]
    if "$ref" in schema:
        return dict(defs[schema["$ref"].rsplit("/", 1)[-1]])
    return schema


def _length(low: Any, high: Any) -> str:
    """Text length in words; a minimum of 1 only means "not empty" and goes unsaid."""
    if low is not None and low > 1 and high is not None:
        return f"{low}–{high} Zeichen"
    if high is not None:
        return f"höchstens {high} Zeichen"
    return f"mindestens {low} Zeichen" if low is not None and low > 1 else ""


def _items(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f" mit {low}–{high} Einträgen"
    if high is not None:
        return f" mit höchstens {high} Einträgen"
    if low is not None:
        return " mit mindestens 1 Eintrag" if low == 1 else f" mit mindestens {low} Einträgen"
    return ""


def _map_values(schema: dict[str, Any]) -> dict[str, Any]:
    """The value schema of a mapping (``dict[...]``), wherever pydantic put it."""
    values: Any = schema.get("additionalProperties") or next(iter(schema.get("patternProperties", {}).values()), {})
    return values if isinstance(values, dict) else {}


def _number(schema: dict[str, Any]) -> str:
    if schema.get("multipleOf") == 0.01:
        return "Betrag in Euro (Zahl ≥ 0)"
    if "exclusiveMinimum" in schema:
        return f"Zahl größer als {schema['exclusiveMinimum']}"
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"Zahl von {low} bis {high}"
    return f"Zahl ≥ {low}" if low is not None else "Zahl"


def _string(schema: dict[str, Any]) -> str:
    if "format" in schema:
        return FORMAT_LABELS.get(schema["format"], "Text")
    if "pattern" in schema:
        return PATTERN_LABELS.get(schema["pattern"], "Text nach festem Muster")
    length = _length(schema.get("minLength"), schema.get("maxLength"))
    return f"Text, {length}" if length else "Text"


def describe(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """A field's type in German words."""
    if "x-ref" in schema:
        return records.VOCABULARIES[schema["x-ref"]].id_label
    resolved = _resolve(schema, defs)
    if "x-ref" in resolved:
        return records.VOCABULARIES[resolved["x-ref"]].id_label
    if "properties" in resolved:
        return "Abschnitt"
    if "enum" in resolved:
        if set(resolved["enum"]) == set(ISO_639_1):
            return "Sprachcode (ISO 639-1)"
        return "einer von: " + ", ".join(f"`{v}`" for v in resolved["enum"])
    kind = resolved.get("type")
    if kind == "array":
        items = _resolve(resolved["items"], defs)
        count = _items(resolved.get("minItems"), resolved.get("maxItems"))
        if "properties" in items:
            return f"Liste von Abschnitten{count}"
        return f"Liste{count}, je Eintrag: {describe(resolved['items'], defs)}"
    if kind == "object":
        keys = describe(resolved.get("propertyNames", {"type": "string"}) | {"type": "string"}, defs)
        return f"Zuordnung {keys} → {describe(_map_values(resolved), defs)}"
    if kind == "string":
        return _string(resolved)
    if kind == "number":
        return _number(resolved)
    if kind == "integer":
        low, high = resolved.get("minimum"), resolved.get("maximum")
        return "ganze Zahl" + (f" von {low} bis {high}" if high is not None else f" ≥ {low}" if low is not None else "")
    if kind == "boolean":
        return "`true` oder `false`"
    return "beliebig"


# --- Tables ---------------------------------------------------------------------------------

_PATH_WORD = re.compile(r"(?<![`\w])((?:offers|content)/[^\s),;]*|site\.yaml)")


def inline(text: str) -> str:
    """Plain description text as safe Markdown: paths as code, no stray emphasis or HTML."""
    parts = re.split(r"(`[^`]*`)", text)
    out = []
    for part in parts:
        if part.startswith("`"):
            out.append(part)
            continue
        part = _PATH_WORD.sub(lambda m: _code_path(m.group(1)), part)
        pieces = re.split(r"(`[^`]*`)", part)
        out.append("".join(p if p.startswith("`") else _escape(p) for p in pieces))
    return "".join(out).replace("|", "\\|")


def _code_path(path: str) -> str:
    trailing = path[len(path.rstrip(".")):]
    return f"`{path.rstrip('.')}`{trailing}"


def _escape(text: str) -> str:
    return text.replace("*", "\\*").replace("<", "&lt;").replace(">", "&gt;")


def rows(model: type[BaseModel], schema: dict[str, Any], defs: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str, str, str]]:
    """(path, type, required, description) for every field, nested sections after their parent.

    *bedingt*: a ``records.Rule`` of the section requires the field under a condition.
    """
    required = set(schema.get("required", []))
    conditional = {name for rule in getattr(model, "rules", ()) if rule.requires for name in rule.fields}
    sections = {spec.key: spec.model for spec in fields(model)}
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        description = help_text(str(prop.get("description", "")), prop.get("examples"))
        needed = "ja" if name in required else "bedingt" if name in conditional else "nein"
        yield path, describe(prop, defs), needed, description
        resolved = _resolve(prop, defs)
        section = sections.get(name)
        if section is None:
            continue
        if "properties" in resolved:
            yield from rows(section, resolved, defs, f"{path}.")
        elif resolved.get("type") == "array" and "properties" in _resolve(resolved["items"], defs):
            yield from rows(section, _resolve(resolved["items"], defs), defs, f"{path}[].")
        elif resolved.get("type") == "object":
            values = _map_values(resolved)
            if "properties" in _resolve(values, defs):
                yield from rows(section, _resolve(values, defs), defs, f"{path}.<schlüssel>.")


def table(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(by_alias=True, schema_generator=_MarkedRefs)
    defs = schema.get("$defs", {})
    lines = ["| Feld | Typ | Pflicht? | Beschreibung |", "|---|---|---|---|"]
    for path, kind, needed, description in rows(model, schema, defs):
        lines.append(f"| `{path}` | {inline(kind) if '`' not in kind else kind} | {needed} | {inline(description)} |")
    return "\n".join(lines)


def render_reference() -> str:
    """The text between the markers in docs/redaktion.md."""
    parts = [
        "<!-- Erzeugt aus site_builder/records.py: `.venv/bin/python -m site_builder.fieldref --write`. "
        "Bitte nicht von Hand ändern. -->",
        "",
        "**Pflicht?** – *ja*: muss immer angegeben werden; *bedingt*: Pflicht nur unter der Bedingung "
        "in der Beschreibung; *nein*: kann fehlen. Bei Feldern mit Punkt (`location.street`) gilt "
        "*ja* innerhalb des Abschnitts: Wer `location` angibt, muss dort auch `street` angeben. "
        "`[]` steht für jeden Eintrag einer Liste (`dates[].start`: der Beginn jedes Termins).",
    ]
    for spec in SCHEMA_FILES:
        heading = spec.title.removeprefix("Lotse: ")
        parts += ["", f"### {heading}", "", inline((spec.model.__doc__ or "").strip()), "", table(spec.model)]
    return "\n".join(parts) + "\n"


def replace_section(document: str, section: str) -> str:
    """``document`` with the text between the markers replaced by ``section``."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"Markierungen {START} … {END} fehlen")
    return document[: start + len(START)] + "\n" + section + document[end:]


def current_section(document: str) -> str:
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"Markierungen {START} … {END} fehlen")
    return document[start + len(START) : end].removeprefix("\n")


# --- Checks used by the tests ---------------------------------------------------------------


def undescribed_fields() -> list[str]:
    """``Model.field`` for each field of any record type (nested too) without a description."""
    missing = []
    for spec in SCHEMA_FILES:
        for model in nested_models(spec.model):
            missing += [f"{model.__name__}.{name}" for name, info in model.model_fields.items() if not (info.description or "").strip()]
    return sorted(set(missing))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_builder.fieldref", description="Feldreferenz in docs/redaktion.md erzeugen")
    parser.add_argument("--write", action="store_true", help="docs/redaktion.md aktualisieren")
    parser.add_argument("--check", action="store_true", help="Exit 1, wenn docs/redaktion.md veraltet ist")
    parser.add_argument("--guide", type=Path, default=GUIDE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    section = render_reference()
    if not (args.write or args.check):
        sys.stdout.write(section)
        return 0
    document = args.guide.read_text(encoding="utf-8")
    updated = replace_section(document, section)
    if args.check:
        stale = updated != document
        print(f"{args.guide}: Feldreferenz {'veraltet' if stale else 'aktuell'}")
        return 1 if stale else 0
    if updated != document:
        args.guide.write_text(updated, encoding="utf-8")
    print(f"{args.guide}: Feldreferenz geschrieben")
    return 0


if __name__ == "__main__":
    sys.exit(main())
