"""The JSON Schemas agree with the validator, and the shipped ones are what `schema` writes.

Agreement is checked field by field: every defect of an invalid fixture that the validator
reports is reported by the schema at the same field path, unless it is listed below with
the reason a JSON Schema cannot see it. The lists are checked too (a listed defect must
really pass the schema), so they cannot silently go stale.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError, validators

from site_builder import introspect, records
from site_builder.cli import main
from site_builder.load import dotted, load_page, load_yaml_file
from site_builder.pipeline import check
from site_builder.problems import ContentError
from site_builder.schema import GUIDE_EXAMPLE_FIELDS, SCHEMA_FILES, build_schema, generate, vscode_yaml_schemas

from .conftest import FIXTURES, ROOT, SAMPLE, copy_tree

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())

# Fixtures whose every defect lies outside what a JSON Schema of one file's values can say.
SCHEMA_CANNOT_EXPRESS = {
    "bad-id": "die Id ist der Dateiname; ein Schema sieht nur den Inhalt der Datei",
    "duplicate-id": "Eindeutigkeit über mehrere Dateien hinweg",
    "duplicate-key": "ein doppelter Schlüssel geht beim Lesen des YAML verloren; das Schema sieht nur einen",
    "page-no-front-matter": "ohne Vorspann gibt es keine Felder, die ein Schema prüfen könnte",
    "offer-folder": "der Ordner einer Datei: ein Schema sieht nur ihren Inhalt",
    "excluded-funding": "die Anerkennungen stehen in der Datei des Anbieters; dass ein Programm nicht in zwei Listen zugleich "
    "steht, kann JSON Schema nicht sagen",
    "page-reserved": "der Seitenname ist der Dateiname",
    "placeholders": "ein Platzhalter ist gültiger Text; ihn erkennt erst der Vergleich mit dem, was `new` schreibt",
    "school-holidays": "content/schulferien.csv ist eine Tabelle, kein YAML: für sie gibt es kein Schema",
    "yaml-syntax": "YAML-Syntaxfehler: die Datei lässt sich nicht lesen, es gibt keine Werte",
    "yaml-traps": "ein Kommentar kürzt den Text vor der Prüfung, eine .yml-Datei liest kein Editor als Inhalt, "
    "ein Steuerzeichen aus einer Escape-Sequenz ist für ein Schema ein Zeichen wie jedes andere",
}

# Single defects a schema cannot see, in fixtures that fail the schema for their other defects.
FIELD_CANNOT_EXPRESS = {
    ("advisory-contact", "opening_hours[0].to"): "Reihenfolge zweier Uhrzeiten (to nach from): Vergleich zweier Felder",
    ("anchors-tags", "summary"): "ein Anker (&kurz) ist eine YAML-Eigenschaft, der Wert selbst ist gültig",
    ("anchors-tags", "format"): "ein eigener Tag (!!python/…) ist eine YAML-Eigenschaft, der Wert dahinter ist gültig",
    ("date-logic", "dates[0].end"): "Reihenfolge zweier Daten (Ende vor Beginn)",
    ("date-logic", "dates[1].registration_deadline"): "Reihenfolge zweier Daten (Anmeldeschluss nach Beginn)",
    ("site-invalid", "timezone"): "welche Zeitzonen es gibt, weiß zoneinfo; das Schema kennt nur „Text“",
    ("taxonomy-duplicate", "topics[2].id"): "doppelte Id in einer Liste: uniqueItems vergleicht nur ganze Einträge",
    ("text-length", "summary"): "nur Leerzeichen: der Validator zählt nach dem Kürzen, JSON Schema zählt sie mit",
}


def _multiple_of(validator: Any, divisor: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    # jsonschema divides floats (19.99 / 0.01 = 1998.9999…); prices need decimal arithmetic,
    # which is also what the YAML extension of VS Code does since yaml-language-server #986.
    if validator.is_type(instance, "number") and Decimal(str(instance)) % Decimal(str(divisor)) != 0:
        yield ValidationError(f"{instance!r} is not a multiple of {divisor}")


SchemaValidator = validators.extend(Draft202012Validator, {"multipleOf": _multiple_of})


def schema_for(relpath: str) -> str | None:
    """Which schema file applies to a content file (the same globs as .vscode/settings.json)."""
    if relpath.startswith("offers/") and relpath.endswith(".yaml"):
        return "offer.schema.json"
    if relpath.startswith("content/pages/") and relpath.endswith(".md"):
        return "page.schema.json"
    names = {"content/advisory-points/": "advisory-point", "content/providers/": "provider"}
    for prefix, name in names.items():
        if relpath.startswith(prefix) and relpath.endswith(".yaml"):
            return f"{name}.schema.json"
    return {"content/taxonomies.yaml": "taxonomies.schema.json", "site.yaml": "site.schema.json", "content/search.yaml": "search.schema.json"}.get(relpath)


def load_data(root: Path, relpath: str) -> dict[str, Any] | None:
    """A file's values as the validator reads them (YAML 1.2 core, front matter of pages)."""
    path = root / relpath
    if relpath.endswith(".md"):
        page, _ = load_page(root, path)
        return page.front.data if page is not None else None
    doc, _ = load_yaml_file(root, path)
    return _numbers(doc.data) if doc is not None else None


_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


def _numbers(value: Any) -> Any:
    """Values as editors' tools read them: the validator keeps "48.74" as written (a float
    would read "1.200", German for 1200, as 1.2); the YAML language server has a number."""
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    return float(value) if isinstance(value, str) and _FLOAT.fullmatch(value) else value


def error_fields(error: ValidationError) -> set[str]:
    """The field paths a schema error is about, named like the validator names them."""
    where = tuple(error.absolute_path)
    if error.validator == "anyOf":  # an optional value: the non-null branch says what is wrong
        inner = [sub for sub in error.context or [] if sub.schema != {"type": "null"}]
        if inner:
            return {path for sub in inner for path in error_fields(sub)}
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return {dotted((*where, name)) for name in missing}
    if error.validator == "additionalProperties":
        extra = set(error.instance) - set(error.schema.get("properties", {}))
        return {dotted((*where, name)) for name in extra}
    return {dotted(where)}


def schema_errors(root: Path, relpath: str, schemas: dict[str, dict[str, Any]]) -> set[str] | None:
    """Field paths the schema rejects in one file; None when the file cannot be read at all."""
    name = schema_for(relpath)
    data = load_data(root, relpath)
    if name is None or data is None:
        return None
    validator = SchemaValidator(schemas[name], format_checker=Draft202012Validator.FORMAT_CHECKER)
    return {path for error in validator.iter_errors(data) for path in error_fields(error)}


def content_files(root: Path) -> list[str]:
    files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted(f for f in files if schema_for(f) is not None)


# --- The sample data passes both ----------------------------------------------------------


@pytest.mark.parametrize("tree", [SAMPLE, FIXTURES / "minimal", FIXTURES / "report"], ids=["sample", "minimal", "report"])
def test_valid_trees_pass_validator_and_schemas(tree: Path) -> None:
    check(tree)  # raises ContentError on any problem
    schemas, problems = generate(tree)
    assert not problems
    failures = {f: schema_errors(tree, f, schemas) for f in content_files(tree)}
    assert {f: e for f, e in failures.items() if e} == {}
    assert len(failures) > 5


# --- Every invalid fixture fails both, or is listed ---------------------------------------


def _case_tree(tmp_path: Path, case: str) -> tuple[Path, list[str]]:
    tree = copy_tree(tmp_path / case, FIXTURES / "minimal", FIXTURES / "invalid" / case)
    layer = FIXTURES / "invalid" / case
    files = sorted(p.relative_to(layer).as_posix() for p in layer.rglob("*") if p.is_file() and p.name != "expected.txt")
    return tree, files


def _validator_fields(tree: Path, files: list[str]) -> dict[str, set[str]]:
    with pytest.raises(ContentError) as caught:
        check(tree)
    found: dict[str, set[str]] = {f: set() for f in files}
    for problem in caught.value.problems:
        if problem.file in found:
            found[problem.file].add(problem.field)
    return found


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture_fails_validator_and_schema(case: str, tmp_path: Path) -> None:
    tree, files = _case_tree(tmp_path, case)
    by_validator = _validator_fields(tree, files)
    schemas, _ = generate(tree)
    by_schema = {f: schema_errors(tree, f, schemas) for f in files}
    assert any(by_validator.values()), "the validator must reject every invalid fixture"
    if case in SCHEMA_CANNOT_EXPRESS:
        assert not any(by_schema.values()), f"{case} is listed as inexpressible, but the schema rejects it: {by_schema}"
        return
    assert any(by_schema.values()), f"the schemas accept {case}"
    for file, fields in by_validator.items():
        seen = by_schema[file] or set()
        for field in sorted(fields):
            if (case, field) in FIELD_CANNOT_EXPRESS:
                assert field not in seen, f"{case} {field} is listed as inexpressible, but the schema reports it"
            else:
                assert field in seen, f"{case}: {file} {field} fails the validator but not the schema ({sorted(seen)})"


def test_lists_name_real_cases() -> None:
    assert set(SCHEMA_CANNOT_EXPRESS) <= set(CASES)
    assert {case for case, _ in FIELD_CANNOT_EXPRESS} <= set(CASES) - set(SCHEMA_CANNOT_EXPRESS)


def test_decimal_prices_are_multiples_of_a_cent() -> None:
    schemas, _ = generate(FIXTURES / "minimal")
    validator = SchemaValidator(schemas["offer.schema.json"]["$defs"]["Price"])
    assert validator.is_valid({"amount": 19.99}) and validator.is_valid({"amount": 0.07})
    assert not validator.is_valid({"amount": 12.345})


# --- Shape of the schemas -------------------------------------------------------------------


def _objects(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield schema
    yield from schema.get("$defs", {}).values()


def test_schemas_are_draft_2020_12_with_ids_and_german_text() -> None:
    schemas, _ = generate(SAMPLE)
    assert sorted(schemas) == sorted(spec.filename for spec in SCHEMA_FILES)
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:lotse:schema:{name.removesuffix('.schema.json')}"
        assert schema["title"].startswith("Lotse: ") and schema["description"]
        for obj in _objects(schema):
            assert obj["additionalProperties"] is False


def test_every_property_has_its_declared_german_title() -> None:
    """Each field's ``title`` from the declaration, never one pydantic makes up ("Summary Easy")."""
    schemas, _ = generate(ROOT)
    for spec in SCHEMA_FILES:
        schema = schemas[spec.filename]
        for model in introspect.nested_models(spec.model):
            obj = schema if model is spec.model else schema["$defs"][model.__name__]
            titles = {key: prop.get("title") for key, prop in obj["properties"].items()}
            assert titles == {field.key: field.info.title for field in introspect.fields(model)}
            assert all(titles.values())


def test_references_become_the_trees_ids() -> None:
    schemas, _ = generate(FIXTURES / "minimal")
    offer = schemas["offer.schema.json"]
    assert offer["properties"]["provider"]["enum"] == ["akademie"]
    assert offer["properties"]["topics"]["items"]["enum"] == ["it", "schweissen"]
    assert offer["properties"]["funding"]["items"]["enum"] == ["bildungsgutschein"]
    assert offer["properties"]["audiences"]["items"]["enum"] == ["beschaeftigte"]
    assert offer["$defs"]["Location"]["properties"]["region"]["enum"] == ["esslingen", "stuttgart"]
    site = schemas["site.schema.json"]
    assert site["properties"]["nav"]["items"]["enum"] == ["ueber"]
    assert site["properties"]["postal_codes"]["propertyNames"]["enum"] == ["esslingen", "stuttgart"]


# --- The shipped schemas and the command --------------------------------------------------


def without_ids(schema: Any, names: bool = False) -> Any:
    """A schema without the content's ids: the enums of id values (those with the id pattern,
    and the allowed keys of a mapping keyed by ids), and without the examples the guide's own
    data gives (``schema.guide_examples``: the sample's town in place of Esslingen)."""
    if isinstance(schema, dict):
        refs = names or schema.get("pattern") == records.ID_PATTERN
        found = {k: without_ids(v, k == "propertyNames") for k, v in schema.items() if not (refs and k == "enum")}
        for key, prop in (found.get("properties") or {}).items():
            if isinstance(prop, dict) and key in GUIDE_EXAMPLE_FIELDS:
                prop.pop("examples", None)
        return found
    if isinstance(schema, list):
        return [without_ids(item) for item in schema]
    return schema


def test_shipped_schemas_describe_the_current_fields() -> None:
    """The repository's schemas/ follow the declarations; which ids they list is the content's
    business (a new provider must not fail the engine's tests), so ids are left out here."""
    shipped = sorted(p.name for p in (ROOT / "schemas").iterdir())
    assert shipped == sorted(spec.filename for spec in SCHEMA_FILES), "schemas/ holds other files than `schema` writes"
    for spec in SCHEMA_FILES:
        text = (ROOT / "schemas" / spec.filename).read_text(encoding="utf-8")
        assert without_ids(json.loads(text)) == without_ids(build_schema(spec, {})), (
            f"schemas/{spec.filename} ist veraltet: .venv/bin/python build.py schema ausführen"
        )


def test_without_ids_keeps_fixed_values() -> None:
    schema = build_schema(SCHEMA_FILES[0], {"providers": ["akademie"]})
    assert schema["properties"]["provider"]["enum"] == ["akademie"]
    stripped = without_ids(schema)
    assert "enum" not in stripped["properties"]["provider"]
    assert stripped["properties"]["format"]["enum"] == ["praesenz", "online", "hybrid"]


def test_schema_command_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["schema", "--source", str(SAMPLE), "--out", str(first)]) == 0
    assert main(["schema", "--source", str(SAMPLE), "--out", str(second)]) == 0
    assert f"{len(SCHEMA_FILES)} Schemas" in capsys.readouterr().out
    for path in sorted(first.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert text == (second / path.name).read_text(encoding="utf-8")
        assert text.endswith("}\n") and text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_schema_command_defaults_to_the_trees_schemas_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "t", FIXTURES / "minimal")
    assert main(["schema", "--source", str(tree)]) == 0
    assert sorted(p.name for p in (tree / "schemas").iterdir()) == sorted(spec.filename for spec in SCHEMA_FILES)
    capsys.readouterr()


def test_schema_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--source", str(tmp_path / "fehlt")]) == 2
    tree = copy_tree(tmp_path / "t", FIXTURES / "minimal")
    (tree / "content" / "taxonomies.yaml").write_text('topics:\n  - id: "offen\n')
    assert main(["schema", "--source", str(tree), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "content/taxonomies.yaml:2:" in err and "Keine Schemas geschrieben" in err
    assert not (tmp_path / "out").exists()


# --- VS Code ----------------------------------------------------------------------------------


def test_vscode_settings_map_every_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == vscode_yaml_schemas()
    for schema_path, globs in settings["yaml.schemas"].items():
        assert (ROOT / schema_path).is_file()
        for glob in globs:  # the repository's layout is the sample guide's
            matched = [p.relative_to(SAMPLE).as_posix() for p in SAMPLE.glob(glob.lstrip("/"))]
            assert matched and all(schema_for(m) == Path(schema_path).name for m in matched), glob
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_a_guide_elsewhere_hovers_its_own_town_land_and_coordinates(tmp_path: Path) -> None:
    """A guide for the Region Hannover: the schemas that VS Code shows (and `init` and `new`
    write) gave „Esslingen am Neckar“, „Agentur für Arbeit Esslingen“, Esslingen's coordinates
    and „Baden-Württemberg“ as examples; they are the guide's own where site.yaml says them."""
    guide = tmp_path / "hannover"
    (guide / "content").mkdir(parents=True)
    (guide / "content" / "taxonomies.yaml").write_text("topics: []\nregions:\n  - id: hannover\n    label: Region Hannover\naudiences: []\nfunding: []\n", encoding="utf-8")
    (guide / "site.yaml").write_text(
        'title: Weiterbildung Hannover\nbase_url: https://example.org/\nstate: NI\ncontact:\n  phone: "0511 616 2000"\n'
        'postal_codes:\n  hannover: ["30159-30669"]\n',
        encoding="utf-8",
    )
    schemas, problems = generate(guide)
    assert problems == []
    text = json.dumps(schemas, ensure_ascii=False)
    for sample in ("Esslingen", "48.7406", "Baden-Württemberg"):
        assert sample not in text, sample
    address = schemas["advisory-point.schema.json"]["$defs"]["Address"]["properties"]
    assert address["city"]["examples"] == ["Hannover"]
    assert schemas["advisory-point.schema.json"]["properties"]["organisation"]["examples"] == ["Agentur für Arbeit Hannover"]
    assert schemas["site.schema.json"]["properties"]["state"]["examples"] == ["Niedersachsen"]
    assert schemas["taxonomies.schema.json"]["$defs"]["FundingTerm"]["properties"]["state"]["examples"] == ["Niedersachsen"]
