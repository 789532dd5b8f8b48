"""``python build.py schema [--source DIR] [--out DIR]``: JSON Schemas for editors' autocompletion.

The schemas are generated from the declarations in ``records`` (so a field is described once)
and carry the CURRENT tree's ids as enums: an editor's VS Code then completes ``topics:``
with the declared topics and flags ``provider: akademy`` before any build runs. Output is
deterministic (sorted keys, indent 2, trailing newline), so the shipped ``schemas/`` can be
compared with a fresh run in the tests.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import CoreSchema

from . import places, records
from .german import land
from .kinds import KINDS, kind
from .kinds import declared_ids as kinds_declared_ids
from .load import load_yaml_file
from .postal import written_table
from .problems import Problem, format_problems

HELP = "JSON-Schemas für die Autovervollständigung im Editor erzeugen (VS Code)"

DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class SchemaFile:
    """One schema file: which record it describes and which content files it applies to."""

    name: str
    model: type[BaseModel]
    title: str
    globs: tuple[str, ...]  # content files it applies to (yaml.schemas in .vscode/settings.json)

    @property
    def filename(self) -> str:
        return f"{self.name}.schema.json"


# Front matter sits inside Markdown files, which yaml-language-server does not read: no glob.
SCHEMA_FILES = tuple(
    SchemaFile(kind.name, kind.model, kind.title, (kind.glob,) if kind.suffix == ".yaml" else ()) for kind in KINDS
)


# --- Ids declared in a content tree ---------------------------------------------------------


def _stems(folder: Path, suffix: str) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted({p.stem for p in folder.glob(f"*{suffix}") if p.is_file() and not p.name.startswith(".")})


def declared_ids(source: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """Every id a reference may point to, by ``Ref`` kind, sorted; plus problems reading them.

    The same sets the validator checks references against (``kinds.declared_ids``), read
    from the files alone: taxonomy ids and the file names of providers and pages.
    """
    source = source.resolve()
    problems: list[Problem] = []
    taxonomies = kind("taxonomies")
    path = source / taxonomies.path
    data = None
    if path.is_file():
        doc, problems = load_yaml_file(source, path)
        data = doc.data if doc is not None else None
    else:
        problems.append(Problem(taxonomies.path, 1, 1, "", f"Datei fehlt: {taxonomies.path}"))
    stems = {k.ref: _stems(source / k.path, k.suffix) for k in KINDS if k.ref}
    return {ref: sorted(ids) for ref, ids in kinds_declared_ids(data, stems).items()}, problems


# The fields whose examples ``guide_examples`` may give from the guide's own data.
GUIDE_EXAMPLE_FIELDS = frozenset({"postal_code", "city", "organisation", "lat", "lon", "phone", "state"})


def guide_examples(source: Path, refs: Mapping[str, list[str]]) -> dict[str, Any]:
    """Examples from the guide itself, by field name, for the schemas' hovers and ``new``'s
    records (``scaffold.Context.local``): a postal code of the first declared region in
    ``postal_codes`` of site.yaml (the order the operator wrote, whichever order ``refs`` has), with its town (and the town's job centre as an operator), its centre point, and a phone number with the area code of the
    editors' own (``contact.phone``), and the guide's Land (``state``). Nothing where
    site.yaml says nothing: then Lotse's examples stay (they are from the Region Stuttgart)."""
    path = source / "site.yaml"
    doc, _ = load_yaml_file(source, path) if path.is_file() else (None, [])
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    found: dict[str, Any] = {}
    table, declared = written_table(data), set(refs.get("regions") or ())
    first = next((region for region in table if region in declared), None)  # as site.yaml lists them
    code = _region_code(table[first]) if first is not None else None
    if code is not None:
        found["postal_code"] = code
        town = places.towns().get(code)
        if town:
            found["city"] = town[0]
            found["organisation"] = f"Agentur für Arbeit {town[0]}"  # an advisory point's operator
        point = places.centroids().get(code)
        if point is not None:
            found["lat"], found["lon"] = round(point[0], 4), round(point[1], 4)
    contact = data.get("contact")
    phone = contact.get("phone") if isinstance(contact, dict) else None
    area = re.match(r"\(?(0\d{2,4})\b", phone.strip()) if isinstance(phone, str) else None
    if area is not None:
        found["phone"] = f"{area.group(1)} 123456"
    state = data.get("state")
    if isinstance(state, str) and state.strip():
        found["state"] = land(state)
    return found


def _region_code(patterns: list[str]) -> str | None:
    """A real postal code of a region's first pattern: the start of a range, or the lowest
    known code with a prefix ("737" -> 73728)."""
    for pattern in patterns:
        if "-" in pattern:
            return pattern.split("-")[0]
        known = sorted(code for code in places.centroids() if code.startswith(pattern))
        if known:
            return known[0]
    return None


# --- Generation -----------------------------------------------------------------------------


def ref_kind(schema: CoreSchema | Any) -> str | None:
    """The ``Ref`` kind (``topics``, ``providers`` …) a core schema checks against, if any."""
    if not isinstance(schema, dict) or schema.get("type") != "function-after":
        return None
    check = schema.get("function", {}).get("function")
    return check.kind if isinstance(check, records.Ref) else None


class LotseJsonSchema(GenerateJsonSchema):
    """Pydantic's generator plus the tree's ids as enums; without English auto titles.

    ``Ref`` checks run in Python against the loaded tree, so pydantic only sees an id
    pattern; here the declared ids of that kind become the ``enum`` of the value.
    """

    refs: ClassVar[Mapping[str, list[str]]] = {}

    def generate_inner(self, schema: Any) -> JsonSchemaValue:
        json_schema = super().generate_inner(schema)
        kind = ref_kind(schema)
        if kind is not None and kind in self.refs and "$ref" not in json_schema:
            json_schema = {**json_schema, "enum": list(self.refs[kind])}
        return json_schema

    def field_title_should_be_set(self, schema: Any) -> bool:
        # Titles would be English ("Summary Easy"); the German description says it all.
        return False


def model_schema(model: type[BaseModel], refs: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """The JSON Schema of one record type; with ``refs``, references become enums."""
    generator = type("TreeJsonSchema", (LotseJsonSchema,), {"refs": dict(refs or {})})
    schema = model.model_json_schema(by_alias=True, schema_generator=generator)
    for definition in schema.get("$defs", {}).values():
        definition.pop("title", None)  # class names such as "OfferDate" mean nothing to editors
    return schema


def build_schema(spec: SchemaFile, refs: Mapping[str, list[str]], own: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``own``: the guide's examples (``guide_examples``) in place of the declared ones."""
    schema = model_schema(spec.model, refs)
    _own_examples(schema, own or {})
    schema.update(
        {
            "$schema": DIALECT,
            "$id": f"urn:lotse:schema:{spec.name}",
            "title": spec.title,
            "description": (spec.model.__doc__ or "").strip(),
        }
    )
    return schema


def generate(source: Path) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """All schemas for the tree at ``source``, by file name; plus problems reading its ids."""
    refs, problems = declared_ids(source)
    own = guide_examples(source, refs)
    return {spec.filename: build_schema(spec, refs, own) for spec in SCHEMA_FILES}, problems


def _own_examples(schema: Any, own: Mapping[str, Any]) -> None:
    """Every field named in ``own`` that declares examples shows the guide's value instead
    (a guide for Hannover hovers „Ort, z. B. Hannover“, not Esslingen am Neckar)."""
    if isinstance(schema, dict):
        for key, prop in (schema.get("properties") or {}).items():
            if key in own and isinstance(prop, dict) and "examples" in prop:
                prop["examples"] = [own[key]]
        for value in schema.values():
            _own_examples(value, own)
    elif isinstance(schema, list):
        for value in schema:
            _own_examples(value, own)


def render(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(source: Path, out: Path) -> tuple[list[Path], list[Problem]]:
    """Write every schema into ``out``; returns the files written (changed or not)."""
    schemas, problems = generate(source)
    if problems:
        return [], problems
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, schema in schemas.items():
        path = out / filename
        text = render(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written, []


def vscode_yaml_schemas(schema_dir: str = "schemas") -> dict[str, list[str]]:
    """The ``yaml.schemas`` setting of VS Code's YAML extension.

    Schema paths start with ``./`` and globs with ``/``: both then count from the workspace
    root, not from wherever a file happens to be.
    """
    return {f"./{schema_dir}/{spec.filename}": [f"/{glob}" for glob in spec.globs] for spec in SCHEMA_FILES if spec.globs}


# --- Command --------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Schreibt JSON-Schemas für Angebote, Beratungsstellen, Anbieter, Wortlisten, Seiten und "
        "site.yaml. Themen, Regionen, Zielgruppen, Förderprogramme und Anbieter des Inhalts "
        "werden als erlaubte Werte eingetragen; nach neuen Einträgen bitte erneut ausführen."
    )
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR", help="Zielordner (Standard: schemas/ im Inhaltsverzeichnis)")


def run(args: argparse.Namespace) -> int:
    source: Path = args.source
    if not source.is_dir():
        print(f"Fehler: Inhaltsverzeichnis nicht gefunden: {source}", file=sys.stderr)
        return 2
    out: Path = args.out if args.out is not None else source / "schemas"
    if out.exists() and not out.is_dir():
        print(f"Fehler: {out} ist eine Datei, kein Ordner", file=sys.stderr)
        return 2
    written, problems = write_schemas(source, out)
    if problems:
        print(format_problems(problems, "text"), file=sys.stderr)
        print("Keine Schemas geschrieben: erst content/taxonomies.yaml reparieren.", file=sys.stderr)
        return 1
    print(f"{len(written)} Schemas in {out}: " + ", ".join(p.name for p in written))
    return 0
